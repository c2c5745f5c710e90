/**
 * Loading user data files: a design matrix X, labels y and an optional teacher Θ*.
 *
 * Method: each file is read whole and parsed by its extension.
 * - `.json`: an array of numbers (a vector), an array of equally long arrays of numbers (a
 *   matrix, one inner array per row), or either of these under the key `"data"` of an object.
 *   A syntax error is located by line and column with a small scanner of the JSON grammar
 *   (RFC 8259), because JSON.parse on Node 20 does not always give a position.
 * - `.csv`: one row per line, fields separated by commas (or by runs of blanks when the first
 *   row has no comma). Blank lines and lines starting with `#` are skipped. The first row is
 *   a header, and skipped, when none of its fields is a number. `nan`/`inf` tokens and
 *   numbers that overflow to ±Infinity are errors.
 * - `.npy`: NumPy format versions 1.0–3.0, dtypes float64, float32 and (un)signed integers of
 *   1–8 bytes in either byte order, 1-D or 2-D, C or Fortran order (Fortran order is
 *   reordered here to row-major). 64-bit integers beyond 2^53 in magnitude are errors,
 *   because they would be silently rounded. Format reference: the NumPy enhancement proposal
 *   NEP 1, "A simple file format for NumPy arrays".
 *
 * Conventions: matrices are returned row-major in a Float64Array. Positions in messages are
 * 1-based lines and fields for CSV and JSON syntax errors, and 0-based indices [i][j] for
 * array entries (as NumPy and JavaScript index them). Every value must be finite. X is used
 * as given: no rescaling to the N(0, 1/d) convention of docs/conventions.md is applied. The
 * teacher file holds Θ* ∈ R^{d×k*} with one row per input coordinate (a length-d vector, or a
 * 1×d row, means k* = 1); it is returned transposed, k*×d, as src/model/types.ts stores
 * matrices in R^{d×k}.
 */
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { extname } from 'node:path';
import { InputError } from '../solvers/trajectory.ts';
import type { DataFiles } from './types.ts';

/** A dense matrix, row-major: entry (i, j) is data[i * cols + j]. */
export interface MatrixData {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** The arrays of a problem given by data files. */
export interface ProblemData {
  /** n×d design matrix, row-major: row i is the input x_i. */
  X: Float64Array;
  n: number;
  d: number;
  /** Labels, length n. */
  y: Float64Array;
  /** Θ* transposed (k*×d): index a * d + j holds Θ*[j, a]. */
  thetaStar?: Float64Array;
  kStar?: number;
}

/** Which entry of `DataFiles` a data error concerns. */
export type DataField = 'X' | 'y' | 'teacher';

/** A data file that cannot be used; the message names the file, the position and the need. */
export class DataFileError extends InputError {
  override name = 'DataFileError';
  readonly file: string;
  /** The configuration field the file came from, when known. */
  field?: DataField;

  constructor(file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.file = file;
  }
}

/** An array of rank 1 or 2, row-major. */
interface NumericArray {
  shape: [number] | [number, number];
  data: Float64Array;
}

const SUPPORTED_EXTENSIONS = "'.json', '.csv' or '.npy'";

/** Reads a matrix (rank 2) from a .json, .csv or .npy file. */
export function loadMatrix(path: string): MatrixData {
  const array = readNumericArray(path);
  if (array.shape.length !== 2) {
    throw new DataFileError(
      path,
      `expected a matrix (an array of rows), found a vector of length ${array.shape[0]}`,
    );
  }
  return { rows: array.shape[0], cols: array.shape[1], data: array.data };
}

/** Reads a vector from a .json, .csv or .npy file; a single row or column also counts. */
export function loadVector(path: string): Float64Array {
  const array = readNumericArray(path);
  if (array.shape.length === 2 && array.shape[0] !== 1 && array.shape[1] !== 1) {
    throw new DataFileError(
      path,
      `expected a vector (or a single row or column), found a ${array.shape[0]}×` +
        `${array.shape[1]} matrix`,
    );
  }
  return array.data;
}

/**
 * Loads X, y and the optional teacher of a configuration's `data` entry, with the cross-checks
 * that y has one entry per row of X and the teacher one row per column of X.
 */
export function loadProblemData(files: DataFiles): ProblemData {
  if (typeof files !== 'object' || files === null) {
    throw new TypeError(`files must be an object {X, y, teacher?}, received ${String(files)}`);
  }
  for (const key of ['X', 'y'] as const) {
    if (typeof files[key] !== 'string') {
      throw new TypeError(`files.${key} must be a path string, received ${typeof files[key]}`);
    }
  }
  if (files.teacher !== undefined && typeof files.teacher !== 'string') {
    throw new TypeError(`files.teacher must be a path string, received ${typeof files.teacher}`);
  }

  const X = withField('X', () => loadMatrix(files.X));
  const n = X.rows;
  const d = X.cols;

  const y = withField('y', () => loadVector(files.y));
  if (y.length !== n) {
    throw tagged(
      'y',
      new DataFileError(
        files.y,
        `has ${y.length} labels, expected one per row of X (${files.X} has ${n} rows)`,
      ),
    );
  }

  const result: ProblemData = { X: X.data, n, d, y };
  if (files.teacher !== undefined) {
    const teacherPath = files.teacher;
    const teacher = withField('teacher', () => readNumericArray(teacherPath));
    const { thetaStar, kStar } = transposeTeacher(teacher, d, teacherPath, files.X);
    result.thetaStar = thetaStar;
    result.kStar = kStar;
  }
  return result;
}

/** Θ* as a d×k* array (or a length-d vector, or a 1×d row) → k*×d, row-major. */
function transposeTeacher(
  teacher: NumericArray,
  d: number,
  path: string,
  xPath: string,
): { thetaStar: Float64Array; kStar: number } {
  const [rows, cols] = teacher.shape.length === 1 ? [teacher.shape[0], 1] : teacher.shape;

  if (rows === d) {
    const thetaStar = new Float64Array(d * cols);
    for (let j = 0; j < d; j++) {
      for (let a = 0; a < cols; a++) thetaStar[a * d + j] = teacher.data[j * cols + a];
    }
    return { thetaStar, kStar: cols };
  }

  // A single row of length d is unambiguous (rows = 1 ≠ d): it is the k* = 1 teacher.
  if (rows === 1 && cols === d) return { thetaStar: teacher.data.slice(), kStar: 1 };

  throw tagged(
    'teacher',
    new DataFileError(
      path,
      `has shape ${rows}×${cols}; expected d = ${d} rows (one per column of ${xPath}) and ` +
        'k* columns, i.e. Θ* ∈ R^{d×k*}',
    ),
  );
}

function tagged(field: DataField, error: DataFileError): DataFileError {
  error.field = field;
  return error;
}

function withField<T>(field: DataField, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof DataFileError) error.field = field;
    throw error;
  }
}

/** Reads any supported file into a rank-1 or rank-2 array. */
function readNumericArray(path: string): NumericArray {
  if (typeof path !== 'string' || path === '') {
    throw new TypeError(`path must be a non-empty string, received ${JSON.stringify(path)}`);
  }
  const extension = extname(path).toLowerCase();
  if (extension !== '.json' && extension !== '.csv' && extension !== '.npy') {
    throw new DataFileError(
      path,
      `unsupported extension '${extension}'; allowed: ${SUPPORTED_EXTENSIONS}`,
    );
  }

  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataFileError(path, `cannot be read (${reason})`);
  }

  if (extension === '.npy') return parseNpy(path, bytes);
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return extension === '.json' ? parseJsonArray(path, text) : parseCsv(path, text);
}

// ------------------------------------------------------------------------------------------
// JSON

function parseJsonArray(path: string, text: string): NumericArray {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataFileError(path, describeJsonSyntaxError(text, error));
  }

  let prefix = '';
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    if (!Object.prototype.hasOwnProperty.call(value, 'data')) {
      throw new DataFileError(
        path,
        'is a JSON object without a "data" key; expected an array of numbers, an array of ' +
          'rows, or {"data": ...} holding one of these',
      );
    }
    value = (value as Record<string, unknown>).data;
    prefix = 'data';
  }
  if (!Array.isArray(value)) {
    throw new DataFileError(
      path,
      `${prefix === '' ? 'top level' : '"data"'} is ${describeJson(value)}; expected an ` +
        'array of numbers or an array of rows',
    );
  }
  if (value.length === 0) {
    throw new DataFileError(path, `${prefix === '' ? 'the array' : '"data"'} is empty`);
  }

  const isMatrix = Array.isArray(value[0]);
  if (!isMatrix) {
    const data = new Float64Array(value.length);
    for (let i = 0; i < value.length; i++) data[i] = jsonNumber(path, value[i], `${prefix}[${i}]`);
    return { shape: [value.length], data };
  }

  const rows = value.length;
  const first = value[0] as unknown[];
  const cols = first.length;
  if (cols === 0) throw new DataFileError(path, `row ${prefix}[0] is empty`);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = value[i];
    if (!Array.isArray(row)) {
      throw new DataFileError(
        path,
        `${prefix}[${i}] is ${describeJson(row)}; expected a row (an array of ${cols} numbers)`,
      );
    }
    if (row.length !== cols) {
      throw new DataFileError(
        path,
        `row ${prefix}[${i}] has ${row.length} entries, expected ${cols} (as row ${prefix}[0])`,
      );
    }
    for (let j = 0; j < cols; j++) {
      data[i * cols + j] = jsonNumber(path, row[j], `${prefix}[${i}][${j}]`);
    }
  }
  return { shape: [rows, cols], data };
}

function jsonNumber(path: string, value: unknown, where: string): number {
  if (typeof value !== 'number') {
    throw new DataFileError(path, `${where} is ${describeJson(value)}; expected a number`);
  }
  if (!Number.isFinite(value)) {
    // JSON text cannot hold NaN, but a literal such as 1e400 overflows to Infinity.
    throw new DataFileError(path, `${where} is ${value} (overflow); expected a finite number`);
  }
  return value;
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') {
    const shown = value.length > 20 ? `${value.slice(0, 20)}…` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** Turns a JSON.parse failure into "invalid JSON at line L, column C: reason". */
function describeJsonSyntaxError(text: string, error: unknown): string {
  const located = locateJsonSyntaxError(text);
  if (located === undefined) {
    const reason = error instanceof Error ? error.message : String(error);
    return `invalid JSON (${reason})`;
  }
  const { line, column } = lineAndColumn(text, located.offset);
  return `invalid JSON at line ${line}, column ${column}: ${located.reason}`;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

class JsonSyntaxFault {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const JSON_ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * The offset and reason of the first syntax error in `text`, by recursive descent over the
 * JSON grammar; undefined when the scanner finds none (or the nesting is too deep for it).
 */
function locateJsonSyntaxError(text: string): JsonSyntaxFault | undefined {
  let i = 0;

  const skipBlanks = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const fail = (reason: string): never => {
    throw new JsonSyntaxFault(i, reason);
  };
  const found = (): string => (i >= text.length ? 'end of file' : `'${text[i]}'`);

  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${found()}; expected a value`);
  };

  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') {
        JSON_ESCAPE.lastIndex = i;
        if (!JSON_ESCAPE.test(text)) fail('invalid escape sequence in a string');
        i = JSON_ESCAPE.lastIndex;
      } else if (text.charCodeAt(i) < 0x20) {
        fail('unescaped control character in a string');
      } else {
        i++;
      }
    }
    if (i >= text.length) fail('unterminated string');
    i++;
  };

  const number = (): void => {
    JSON_NUMBER.lastIndex = i;
    if (!JSON_NUMBER.test(text)) fail(`unexpected ${found()}; expected a number`);
    i = JSON_NUMBER.lastIndex;
  };

  const value = (): void => {
    skipBlanks();
    const c = text[i];
    if (c === '{') object();
    else if (c === '[') array();
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c >= '0' && c <= '9')) number();
    else fail(`unexpected ${found()}; expected a value`);
  };

  const array = (): void => {
    i++;
    skipBlanks();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      skipBlanks();
      if (text[i] === ',') i++;
      else if (text[i] === ']') return void i++;
      else fail(`unexpected ${found()}; expected ',' or ']'`);
    }
  };

  const object = (): void => {
    i++;
    skipBlanks();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      skipBlanks();
      if (text[i] !== '"') fail(`unexpected ${found()}; expected a quoted key`);
      string();
      skipBlanks();
      if (text[i] !== ':') fail(`unexpected ${found()}; expected ':'`);
      i++;
      value();
      skipBlanks();
      if (text[i] === ',') i++;
      else if (text[i] === '}') return void i++;
      else fail(`unexpected ${found()}; expected ',' or '}'`);
    }
  };

  try {
    value();
    skipBlanks();
    if (i < text.length) fail(`unexpected ${found()} after the end of the JSON value`);
  } catch (fault) {
    if (fault instanceof JsonSyntaxFault) return fault;
    if (fault instanceof RangeError) return undefined;
    throw fault;
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------
// CSV

const CSV_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const CSV_NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

function parseCsv(path: string, text: string): NumericArray {
  const lines = text.split('\n');
  let delimiter: RegExp | undefined;
  let cols = -1;
  let firstDataLine = 0;
  let headerSeen = false;
  const values: number[] = [];

  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index].replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;

    // The delimiter is fixed by the first non-comment line, header or not.
    delimiter ??= line.includes(',') ? /,/ : /\s+/;
    const fields = line.split(delimiter).map((field) => field.trim().replace(/^"(.*)"$/, '$1'));

    if (cols === -1 && !headerSeen && fields.every(isNonNumericToken)) {
      headerSeen = true;
      continue;
    }
    if (cols === -1) {
      cols = fields.length;
      firstDataLine = lineNumber;
    } else if (fields.length !== cols) {
      throw new DataFileError(
        path,
        `line ${lineNumber} has ${fields.length} fields, expected ${cols} (as on line ` +
          `${firstDataLine}); rows must all have the same length`,
      );
    }
    for (let f = 0; f < fields.length; f++) {
      values.push(csvNumber(path, fields[f], lineNumber, f + 1));
    }
  }

  if (cols === -1) throw new DataFileError(path, 'holds no numeric rows');
  const rows = values.length / cols;
  return { shape: [rows, cols], data: Float64Array.from(values) };
}

function isNonNumericToken(field: string): boolean {
  return field !== '' && !CSV_NUMBER.test(field) && !CSV_NON_FINITE.test(field);
}

function csvNumber(path: string, field: string, line: number, column: number): number {
  const where = `line ${line}, field ${column}`;
  if (field === '') throw new DataFileError(path, `${where} is empty; expected a number`);
  if (CSV_NON_FINITE.test(field)) {
    throw new DataFileError(path, `${where} is ${field}; expected a finite number`);
  }
  if (!CSV_NUMBER.test(field)) {
    const shown = field.length > 20 ? `${field.slice(0, 20)}…` : field;
    throw new DataFileError(path, `${where} is "${shown}"; expected a number`);
  }
  const value = Number(field);
  if (!Number.isFinite(value)) {
    throw new DataFileError(
      path,
      `${where} is ${field}, which overflows; expected a finite number`,
    );
  }
  return value;
}

// ------------------------------------------------------------------------------------------
// NPY

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
const NPY_SUPPORTED = 'float64, float32, int8–int64 or uint8–uint64 (little or big endian)';

function parseNpy(path: string, bytes: Buffer): NumericArray {
  if (bytes.length < 10 || NPY_MAGIC.some((byte, i) => bytes[i] !== byte)) {
    throw new DataFileError(path, 'is not a .npy file: it does not start with "\\x93NUMPY"');
  }

  const major = bytes[6];
  if (major < 1 || major > 3) {
    throw new DataFileError(path, `has .npy format version ${major}; supported: 1, 2 or 3`);
  }
  const headerLengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + headerLengthBytes) {
    throw new DataFileError(path, 'is truncated inside the .npy preamble');
  }
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const headerStart = 8 + headerLengthBytes;
  const dataStart = headerStart + headerLength;
  if (bytes.length < dataStart) {
    throw new DataFileError(
      path,
      `is truncated: the header claims ${headerLength} bytes, the file has ` +
        `${bytes.length - headerStart} after the preamble`,
    );
  }
  const header = bytes.toString(major === 3 ? 'utf8' : 'latin1', headerStart, dataStart);

  const { kind, size, littleEndian } = npyDtype(path, header);
  const fortranOrder = npyFortranOrder(path, header);
  const shape = npyShape(path, header);

  const count = shape.reduce((product, extent) => product * extent, 1);
  if (count === 0) throw new DataFileError(path, `has shape (${shape.join(', ')}): no values`);
  const expectedBytes = count * size;
  const foundBytes = bytes.length - dataStart;
  if (foundBytes !== expectedBytes) {
    throw new DataFileError(
      path,
      `has ${foundBytes} bytes of data after the header, expected ${expectedBytes} ` +
        `(${count} values of ${size} bytes for shape (${shape.join(', ')}))`,
    );
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset + dataStart, expectedBytes);
  const read = npyReader(kind, size, littleEndian);
  const rows = shape[0];
  const cols = shape.length === 2 ? shape[1] : 1;
  const data = new Float64Array(count);

  // Storage index s maps to (i, j): C order stores rows contiguously, Fortran order columns.
  for (let s = 0; s < count; s++) {
    const i = fortranOrder ? s % rows : Math.floor(s / cols);
    const j = fortranOrder ? Math.floor(s / rows) : s % cols;
    const value = read(view, s * size);
    if (!Number.isFinite(value)) {
      const where = shape.length === 2 ? `[${i}][${j}]` : `[${i}]`;
      if (kind !== 'f') {
        throw new DataFileError(
          path,
          `entry ${where} is a 64-bit integer beyond ±2^53, which a float64 cannot hold ` +
            'exactly; expected an integer of magnitude at most 2^53 − 1',
        );
      }
      const what = Number.isNaN(value) ? 'NaN' : String(value);
      throw new DataFileError(path, `entry ${where} is ${what}; expected a finite number`);
    }
    data[i * cols + j] = value;
  }
  return { shape: shape.length === 2 ? [rows, cols] : [rows], data };
}

function npyDtype(
  path: string,
  header: string,
): { kind: 'f' | 'i' | 'u'; size: number; littleEndian: boolean } {
  const match = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(header);
  if (match === null) {
    throw new DataFileError(
      path,
      `has a .npy header without a simple 'descr' (structured dtypes are not supported); ` +
        `expected ${NPY_SUPPORTED}`,
    );
  }
  const descr = match[1];
  const parts = /^([<>|=])([fiu])(\d+)$/.exec(descr);
  const size = parts === null ? 0 : Number(parts[3]);
  const sizeOk =
    parts !== null && (parts[2] === 'f' ? size === 4 || size === 8 : [1, 2, 4, 8].includes(size));
  if (parts === null || !sizeOk) {
    throw new DataFileError(path, `has dtype '${descr}'; expected ${NPY_SUPPORTED}`);
  }
  const order = parts[1];
  const littleEndian = order === '=' ? endianness() === 'LE' : order !== '>';
  return { kind: parts[2] as 'f' | 'i' | 'u', size, littleEndian };
}

function npyFortranOrder(path: string, header: string): boolean {
  const match = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header);
  if (match === null) {
    throw new DataFileError(path, "has a .npy header without 'fortran_order': True or False");
  }
  return match[1] === 'True';
}

function npyShape(path: string, header: string): number[] {
  const match = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (match === null) {
    throw new DataFileError(path, "has a .npy header without a 'shape' tuple");
  }
  const extents = match[1]
    .split(',')
    .map((part) => part.trim().replace(/L$/, ''))
    .filter((part) => part !== '');
  if (!extents.every((part) => /^\d+$/.test(part))) {
    throw new DataFileError(path, `has .npy shape (${match[1]}); expected non-negative integers`);
  }
  const shape = extents.map(Number);
  if (shape.length !== 1 && shape.length !== 2) {
    throw new DataFileError(
      path,
      `has ${shape.length} dimensions, shape (${shape.join(', ')}); expected 1 (a vector) or ` +
        '2 (a matrix)',
    );
  }
  return shape;
}

type ElementReader = (view: DataView, offset: number) => number;

/** A reader of one element; 64-bit integers beyond ±2^53 read as NaN and so fail loudly. */
function npyReader(kind: 'f' | 'i' | 'u', size: number, little: boolean): ElementReader {
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  const exact = (value: bigint): number =>
    value <= limit && value >= -limit ? Number(value) : Number.NaN;
  if (kind === 'f') {
    return size === 8
      ? (view, offset) => view.getFloat64(offset, little)
      : (view, offset) => view.getFloat32(offset, little);
  }
  if (kind === 'i') {
    if (size === 1) return (view, offset) => view.getInt8(offset);
    if (size === 2) return (view, offset) => view.getInt16(offset, little);
    if (size === 4) return (view, offset) => view.getInt32(offset, little);
    return (view, offset) => exact(view.getBigInt64(offset, little));
  }
  if (size === 1) return (view, offset) => view.getUint8(offset);
  if (size === 2) return (view, offset) => view.getUint16(offset, little);
  if (size === 4) return (view, offset) => view.getUint32(offset, little);
  return (view, offset) => exact(view.getBigUint64(offset, little));
}
