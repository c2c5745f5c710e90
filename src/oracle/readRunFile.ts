/**
 * Reads an external run for `sgd-oracle check` (docs/oracle.md, "Input formats").
 *
 * - `.json`: the layout of `run --format json` (docs/cli.md): solver, times, Q, M (arrays of
 *   k×k and k×k* matrices, one per time), trainRisk, testRisk, status, info.replicates,
 *   config.d; or { runs: [...] } holding exactly one run of the fixture's solver.
 * - `.csv`: the columns of `run --format csv`: solver (optional), time, trainRisk, testRisk,
 *   Q_a_b…, M_a_c…; extra columns (the `_se` ones) are ignored; one row per time.
 * - `.npy`: a 2-D float array of shape (T, 1 + C), row i holding time i then the fixture's
 *   columns in the order of its `columns` field (so no trainRisk column for online SGD).
 * d and R come from the file (JSON) or from the flags, which take precedence.
 *
 * Every problem is an InputError (exit code 2) naming the file, the line or field, what was
 * found and what was expected. Non-finite values (NaN, Infinity, null in a number's place)
 * are errors: a correct run never produces them on a fixture case.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { loadMatrix } from '../model/loadData.ts';
import { InputError } from '../solvers/trajectory.ts';
import type { Fixture } from './fixtureTypes.ts';

export interface ExternalRun {
  file: string;
  solver?: string;
  status: 'ok' | 'diverged';
  message?: string;
  times: number[];
  values: Record<string, number[]>;
  d: number;
  replicates: number;
  /** The run's own config, when the file carries one (JSON). */
  config?: Record<string, unknown>;
}

export interface SizeFlags {
  d?: number;
  replicates?: number;
}

export function readRunFile(path: string, fixture: Fixture, flags: SizeFlags = {}): ExternalRun {
  let text: string;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
    text = bytes.toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : String(error);
    throw new InputError(`--trajectories ${path}: cannot read (${why})`);
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return parseRunJson(path, text, fixture, flags);
  if (ext === '.csv') return parseRunCsv(path, text, fixture, flags);
  if (ext === '.npy') return readRunNpy(path, fixture, flags);
  throw new InputError(
    `--trajectories ${path}: unknown extension "${ext}"; expected .json, .csv or .npy`,
  );
}

/** Parses the `run --format json` layout from text (also used for an implementation's stdout). */
export function parseRunJson(
  file: string,
  text: string,
  fixture: Fixture,
  flags: SizeFlags = {},
): ExternalRun {
  const root = parseJsonText(file, text);
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    throw new InputError(`${file}: expected one JSON object (the run --format json layout)`);
  }
  let run = root as Record<string, unknown>;
  if (Array.isArray(run.runs)) {
    const matching = (run.runs as Record<string, unknown>[]).filter(
      (r) => r && typeof r === 'object' && r.solver === fixture.solver,
    );
    if (matching.length !== 1) {
      const solvers = (run.runs as Record<string, unknown>[]).map((r) => String(r?.solver));
      throw new InputError(
        `${file}: field "runs" holds solvers [${solvers.join(', ')}]; expected exactly one ` +
          `"${fixture.solver}" run for fixture ${fixture.id}`,
      );
    }
    run = { config: run.config, ...matching[0] };
  }
  const config = isObject(run.config) ? run.config : undefined;
  const info = isObject(run.info) ? run.info : undefined;
  const status = run.status === undefined ? 'ok' : run.status;
  if (status !== 'ok' && status !== 'diverged') {
    throw new InputError(
      `${file}: field "status" is ${JSON.stringify(status)}; expected "ok" or "diverged"`,
    );
  }
  const times = numberArray(file, run.times, 'times');
  const T = times.length;
  const values: Record<string, number[]> = {};
  checkMatrixShapes(file, run, fixture.columns, T);
  for (const column of fixture.columns) {
    if (column === 'trainRisk' || column === 'testRisk') {
      values[column] = numberArray(file, run[column], column, T);
      continue;
    }
    const [kind, a, b] = column.split('_');
    const mats = run[kind];
    if (!Array.isArray(mats) || mats.length !== T) {
      throw new InputError(
        `${file}: field "${kind}" must be an array of ${T} matrices (one per time); found ` +
          `${describe(mats)}`,
      );
    }
    values[column] = mats.map((m, i) => {
      const row = Array.isArray(m) ? m[Number(a)] : undefined;
      const v = Array.isArray(row) ? row[Number(b)] : undefined;
      return finite(file, v, `${kind}[${i}][${a}][${b}]`);
    });
  }
  const d = flags.d ?? (config ? config.d : undefined);
  const replicates = flags.replicates ?? (info ? info.replicates : undefined);
  return {
    file,
    solver: typeof run.solver === 'string' ? run.solver : undefined,
    status,
    message: typeof run.message === 'string' ? run.message : undefined,
    times,
    values,
    d: sizeValue(file, d, 'config.d', '--d'),
    replicates: sizeValue(file, replicates, 'info.replicates', '--replicates'),
    config,
  };
}

/**
 * Every Q (k×k) and M (k×k*) matrix must have the fixture's shape: a run of another k would
 * otherwise be scored on its leading entries.
 */
function checkMatrixShapes(
  file: string,
  run: Record<string, unknown>,
  columns: string[],
  T: number,
): void {
  for (const kind of ['Q', 'M']) {
    const indices = columns.filter((c) => c.startsWith(`${kind}_`)).map((c) => c.split('_'));
    if (indices.length === 0) continue;
    const rows = Math.max(...indices.map((x) => Number(x[1]))) + 1;
    const cols = Math.max(...indices.map((x) => Number(x[2]))) + 1;
    const mats = run[kind];
    if (!Array.isArray(mats) || mats.length !== T) continue;
    mats.forEach((m, i) => {
      const ok =
        Array.isArray(m) &&
        m.length === rows &&
        m.every((row) => Array.isArray(row) && row.length === cols);
      if (!ok) {
        const lengths = Array.isArray(m)
          ? m.map((r) => (Array.isArray(r) ? String(r.length) : 'non-array')).join(', ')
          : '';
        const rowsText = `${m?.length} ${m?.length === 1 ? 'row of length' : 'rows of lengths'}`;
        const shape = Array.isArray(m) ? `${rowsText} ${lengths}` : describe(m);
        throw new InputError(
          `${file}: ${kind}[${i}] must be a ${rows}×${cols} matrix for this fixture ` +
            `(k = ${rows}${kind === 'M' ? `, k* = ${cols}` : ''}); found ${shape}`,
        );
      }
    });
  }
}

function parseRunCsv(file: string, text: string, fixture: Fixture, flags: SizeFlags): ExternalRun {
  const lines = text
    .split(/\r?\n/)
    .map((line, i) => ({ line: i + 1, text: line.trim() }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
  if (lines.length === 0) throw new InputError(`${file}: empty CSV; expected a header row`);
  const header = lines[0].text.split(',').map((h) => h.trim());
  const index = (name: string) => header.indexOf(name);
  const needed = ['time', ...fixture.columns];
  const missing = needed.filter((name) => index(name) < 0);
  if (missing.length > 0) {
    throw new InputError(
      `${file}: line ${lines[0].line}: header lacks column(s) ${missing.join(', ')}; ` +
        `expected ${needed.join(',')} (the run --format csv layout)`,
    );
  }
  let rows = lines.slice(1).map((l) => ({ line: l.line, cells: l.text.split(',') }));
  const solverAt = index('solver');
  if (solverAt >= 0) {
    const solvers = [...new Set(rows.map((r) => r.cells[solverAt]?.trim()))];
    rows = rows.filter((r) => r.cells[solverAt]?.trim() === fixture.solver);
    if (rows.length === 0) {
      throw new InputError(
        `${file}: column "solver" holds [${solvers.join(', ')}]; fixture ${fixture.id} ` +
          `gates solver "${fixture.solver}"`,
      );
    }
  }
  for (const row of rows) {
    if (row.cells.length !== header.length) {
      throw new InputError(
        `${file}: line ${row.line} has ${row.cells.length} fields, expected ${header.length} ` +
          `(one per header column)`,
      );
    }
  }
  const cell = (row: { line: number; cells: string[] }, name: string) => {
    const raw = row.cells[index(name)].trim();
    const value = raw === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(value)) {
      throw new InputError(
        `${file}: line ${row.line}, column ${name}: "${raw}" is not a finite number`,
      );
    }
    return value;
  };
  const values: Record<string, number[]> = {};
  for (const column of fixture.columns) values[column] = rows.map((r) => cell(r, column));
  return {
    file,
    solver: fixture.solver,
    status: 'ok',
    times: rows.map((r) => cell(r, 'time')),
    values,
    d: sizeValue(file, flags.d, undefined, '--d'),
    replicates: sizeValue(file, flags.replicates, undefined, '--replicates'),
  };
}

function readRunNpy(file: string, fixture: Fixture, flags: SizeFlags): ExternalRun {
  const matrix = loadMatrix(file);
  const C = 1 + fixture.columns.length;
  if (matrix.cols !== C) {
    throw new InputError(
      `${file}: array has ${matrix.cols} columns; fixture ${fixture.id} expects ${C}: ` +
        `time, ${fixture.columns.join(', ')}`,
    );
  }
  const column = (j: number) =>
    Array.from({ length: matrix.rows }, (_, i) => matrix.data[i * C + j]);
  const values: Record<string, number[]> = {};
  fixture.columns.forEach((name, j) => {
    values[name] = column(j + 1);
  });
  return {
    file,
    solver: fixture.solver,
    status: 'ok',
    times: column(0),
    values,
    d: sizeValue(file, flags.d, undefined, '--d'),
    replicates: sizeValue(file, flags.replicates, undefined, '--replicates'),
  };
}

function parseJsonText(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const bad = /\b(NaN|-?Infinity)\b/.exec(text);
    if (bad !== null) {
      const line = text.slice(0, bad.index).split('\n').length;
      throw new InputError(
        `${file}: line ${line}: ${bad[1]} is not a finite number (JSON has no NaN or ` +
          `Infinity); expected finite values for every observable`,
      );
    }
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : text.length;
    const line = text.slice(0, offset).split('\n').length;
    const truncated = offset >= text.trimEnd().length;
    const where = truncated
      ? `end of input (line ${line}): the file looks truncated`
      : `line ${line}`;
    throw new InputError(`${file}: invalid JSON at ${where}: ${message}`);
  }
}

function numberArray(file: string, value: unknown, field: string, length?: number): number[] {
  if (!Array.isArray(value)) {
    throw new InputError(
      `${file}: field "${field}" must be an array of numbers; found ${describe(value)}`,
    );
  }
  if (length !== undefined && value.length !== length) {
    throw new InputError(
      `${file}: field "${field}" has ${value.length} entries; expected ${length} (one per time)`,
    );
  }
  return value.map((v, i) => finite(file, v, `${field}[${i}]`));
}

function finite(file: string, value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError(`${file}: field ${field} is ${describe(value)}; expected a finite number`);
  }
  return value;
}

function sizeValue(file: string, value: unknown, field: string | undefined, flag: string): number {
  if (value === undefined) {
    const where = field ? `field ${field} is missing and ` : '';
    const hint = flag === '--replicates' ? ' (--replicates 1 for a single run)' : '';
    throw new InputError(
      `${file}: ${where}no ${flag} flag was given; the gate's tolerance needs it${hint}`,
    );
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new InputError(
      `${file}: ${field ?? flag} is ${describe(value)}; expected a positive integer`,
    );
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return typeof value === 'number' ? String(value) : typeof value;
}
