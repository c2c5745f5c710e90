/**
 * The data loaders on files written to a temporary directory: JSON, CSV and .npy layouts,
 * every error path (which must name the file and the position), and the cross-checks of
 * loadProblemData.
 *
 * The .npy reader is checked against two independent sources: files written by NumPy 2.4.6
 * (embedded below as base64; regenerate with `np.save` on the arrays named in each comment)
 * and files from this suite's own writer. Values are small integers and quarters, exact in
 * every dtype used, so comparisons are exact. The round-trip property takes its seed from
 * properties/setup.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import {
  DataFileError,
  loadMatrix,
  loadProblemData,
  loadVector,
} from '../../src/model/loadData.ts';
import { InputError } from '../../src/solvers/trajectory.ts';
import { makeTempDir, removeTempDir, writeNpy } from './support.ts';

const dir = makeTempDir();
afterAll(() => removeTempDir(dir));

let counter = 0;
function file(extension: string, content: string | Buffer): string {
  counter += 1;
  const path = join(dir, `f${counter}${extension}`);
  writeFileSync(path, content);
  return path;
}

/** The DataFileError thrown by `action`, or a failure. */
function dataError(action: () => unknown): DataFileError {
  try {
    action();
  } catch (error) {
    if (error instanceof DataFileError) return error;
    throw new Error(`expected a DataFileError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a DataFileError, but the file was accepted');
}

/** Row-major data of the 2×3 matrix [[0, .25, .5], [.75, 1, 1.25]] used by the fixtures. */
const QUARTERS = [0, 0.25, 0.5, 0.75, 1, 1.25];

/** Files written by NumPy 2.4.6 with np.save; a = np.arange(6).reshape(2, 3) / 4. */
const NUMPY_FILES: Record<string, { base64: string; rows: number; cols: number; data: number[] }> =
  {
    // a (float64, C order)
    c_f8: {
      base64:
        'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIs' +
        'IDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg' +
        'IAoAAAAAAAAAAAAAAAAAANA/AAAAAAAA4D8AAAAAAADoPwAAAAAAAPA/AAAAAAAA9D8=',
      rows: 2,
      cols: 3,
      data: QUARTERS,
    },
    // np.asfortranarray(a)
    fortran_f8: {
      base64:
        'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwg' +
        'MyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg' +
        'IAoAAAAAAAAAAAAAAAAAAOg/AAAAAAAA0D8AAAAAAADwPwAAAAAAAOA/AAAAAAAA9D8=',
      rows: 2,
      cols: 3,
      data: QUARTERS,
    },
    // a.astype('>f4')
    c_be_f4: {
      base64:
        'k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIs' +
        'IDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg' +
        'IAoAAAAAPoAAAD8AAAA/QAAAP4AAAD+gAAA=',
      rows: 2,
      cols: 3,
      data: QUARTERS,
    },
    // np.asfortranarray((a * 4).astype('<i8'))
    fortran_i8: {
      base64:
        'k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBUcnVlLCAnc2hhcGUnOiAoMiwg' +
        'MyksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg' +
        'IAoAAAAAAAAAAAMAAAAAAAAAAQAAAAAAAAAEAAAAAAAAAAIAAAAAAAAABQAAAAAAAAA=',
      rows: 2,
      cols: 3,
      data: [0, 1, 2, 3, 4, 5],
    },
    // (a * 4 - 2).astype('>i2')
    c_be_i2: {
      base64:
        'k05VTVBZAQB2AHsnZGVzY3InOiAnPmkyJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIs' +
        'IDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg' +
        'IAr//v//AAAAAQACAAM=',
      rows: 2,
      cols: 3,
      data: [-2, -1, 0, 1, 2, 3],
    },
    // (a * 4).astype('u1')
    c_u1: {
      base64:
        'k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIs' +
        'IDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg' +
        'IAoAAQIDBAU=',
      rows: 2,
      cols: 3,
      data: [0, 1, 2, 3, 4, 5],
    },
  };

// np.array([1.5, -2.0, 3.0])
const NUMPY_VECTOR =
  'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMs' +
  'KSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg' +
  'IAoAAAAAAAD4PwAAAAAAAADAAAAAAAAACEA=';
// np.array([[1.0, 2.0], [3.0, np.nan]])
const NUMPY_NAN =
  'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIs' +
  'IDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg' +
  'IAoAAAAAAADwPwAAAAAAAABAAAAAAAAACEAAAAAAAAD4fw==';

describe('JSON', () => {
  test('array of rows, {"data": ...} and vectors', () => {
    expect(loadMatrix(file('.json', '[[1, 2, 3], [4, 5, 6]]'))).toEqual({
      rows: 2,
      cols: 3,
      data: Float64Array.from([1, 2, 3, 4, 5, 6]),
    });
    expect(loadMatrix(file('.json', '{"data": [[1], [2]], "note": "kept aside"}')).rows).toBe(2);
    expect(loadVector(file('.JSON', '[0.5, -1e-3, 2]'))).toEqual(
      Float64Array.from([0.5, -1e-3, 2]),
    );
    expect(loadVector(file('.json', '{"data": [[1, 2, 3]]}'))).toEqual(
      Float64Array.from([1, 2, 3]),
    );
    expect(loadVector(file('.json', '[[1], [2]]'))).toEqual(Float64Array.from([1, 2]));
  });

  test('syntax errors are located by line and column', () => {
    const path = file('.json', '[[1, 2],\n [3 4]]');
    const error = dataError(() => loadMatrix(path));
    expect(error.file).toBe(path);
    expect(error.message).toBe(
      `${path}: invalid JSON at line 2, column 5: unexpected '4'; expected ',' or ']'`,
    );
    expect(dataError(() => loadMatrix(file('.json', '[1, 2,'))).message).toContain(
      'line 1, column 7: unexpected end of file; expected a value',
    );
    expect(dataError(() => loadMatrix(file('.json', '{"data": [1, x]}'))).message).toContain(
      "line 1, column 14: unexpected 'x'; expected a value",
    );
    expect(dataError(() => loadMatrix(file('.json', '[1] 2'))).message).toContain(
      "column 5: unexpected '2' after the end of the JSON value",
    );
  });

  test('structure and value errors name the entry', () => {
    const cases: [string, string][] = [
      ['[[1, 2], [3]]', 'row [1] has 1 entries, expected 2 (as row [0])'],
      ['{"data": [[1, 2], [3, "4"]]}', 'data[1][1] is the string "4"; expected a number'],
      ['[[1, null]]', '[0][1] is null; expected a number'],
      ['[[1, 1e400]]', '[0][1] is Infinity (overflow); expected a finite number'],
      ['[[1], 2]', '[1] is number 2; expected a row'],
      ['[]', 'the array is empty'],
      ['{"values": [1]}', 'without a "data" key'],
      ['"text"', 'top level is the string "text"'],
      ['[[]]', 'row [0] is empty'],
    ];
    for (const [text, expected] of cases) {
      expect(dataError(() => loadMatrix(file('.json', text))).message).toContain(expected);
    }
  });

  test('shape errors: a vector where a matrix is needed and vice versa', () => {
    expect(dataError(() => loadMatrix(file('.json', '[1, 2]'))).message).toContain(
      'expected a matrix (an array of rows), found a vector of length 2',
    );
    expect(dataError(() => loadVector(file('.json', '[[1, 2], [3, 4]]'))).message).toContain(
      'found a 2×2 matrix',
    );
  });
});

describe('CSV', () => {
  test('headers, comments, blank lines, CRLF, quotes and whitespace separation', () => {
    const expected = { rows: 2, cols: 3, data: Float64Array.from([1, -2.5, 3e2, 0.5, 5, 6]) };
    expect(loadMatrix(file('.csv', '1,-2.5,3e2\n.5,5,6\n'))).toEqual(expected);
    expect(loadMatrix(file('.csv', '"a","b","c"\r\n1, -2.5, 3e2\r\n\r\n0.5,5,+6\r\n'))).toEqual(
      expected,
    );
    expect(loadMatrix(file('.csv', '\uFEFF# made by hand\nx y z\n1 -2.5 3e2\n0.5\t5 6\n'))).toEqual(
      expected,
    );
    expect(loadVector(file('.csv', 'y\n1\n2\n'))).toEqual(Float64Array.from([1, 2]));
    expect(loadVector(file('.csv', '1,2,3'))).toEqual(Float64Array.from([1, 2, 3]));
  });

  test('errors name the line and the field', () => {
    const cases: [string, string][] = [
      ['1,2,3\n4,5\n', 'line 2 has 2 fields, expected 3 (as on line 1)'],
      ['a,b\n1,2\n\n3,4,5\n', 'line 4 has 3 fields, expected 2 (as on line 2)'],
      ['1,2\n3,NaN\n', 'line 2, field 2 is NaN; expected a finite number'],
      ['1,-inf\n', 'line 1, field 2 is -inf; expected a finite number'],
      ['1,2\n3,1e999\n', 'line 2, field 2 is 1e999, which overflows'],
      ['1,2\n3,x4\n', 'line 2, field 2 is "x4"; expected a number'],
      ['1,,2\n', 'line 1, field 2 is empty'],
      ['1,abc\n', 'line 1, field 2 is "abc"'],
      ['# only a comment\n\n', 'holds no numeric rows'],
      ['x,y\n', 'holds no numeric rows'],
    ];
    for (const [text, expected] of cases) {
      const path = file('.csv', text);
      const error = dataError(() => loadMatrix(path));
      expect(error.message).toContain(expected);
      expect(error.message.startsWith(`${path}: `)).toBe(true);
    }
  });
});

describe('npy', () => {
  test('reads NumPy-written files: C and Fortran order, both byte orders, int and float', () => {
    for (const [name, fixture] of Object.entries(NUMPY_FILES)) {
      const path = file('.npy', Buffer.from(fixture.base64, 'base64'));
      const matrix = loadMatrix(path);
      expect({ name, ...matrix }).toEqual({
        name,
        rows: fixture.rows,
        cols: fixture.cols,
        data: Float64Array.from(fixture.data),
      });
    }
    expect(loadVector(file('.npy', Buffer.from(NUMPY_VECTOR, 'base64')))).toEqual(
      Float64Array.from([1.5, -2, 3]),
    );
  });

  test('NaN in a NumPy file is an error naming its index', () => {
    const path = file('.npy', Buffer.from(NUMPY_NAN, 'base64'));
    expect(dataError(() => loadMatrix(path)).message).toBe(
      `${path}: entry [1][1] is NaN; expected a finite number`,
    );
  });

  test("round trip through this suite's writer, every dtype and order", () => {
    const descrs = [
      '<f8',
      '>f8',
      '<f4',
      '>f4',
      '|i1',
      '<i2',
      '>i4',
      '<i8',
      '|u1',
      '>u2',
      '<u4',
      '>u8',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...descrs),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 16, maxLength: 16 }),
        (descr, rows, cols, fortran, pool) => {
          // Integers in [0, 100] are exact in every dtype listed, signed or not.
          const matrix = pool.slice(0, rows * cols);
          // Fortran order stores column by column: storage index s holds entry
          // (s mod rows, ⌊s / rows⌋).
          const stored = fortran
            ? Array.from(
                { length: rows * cols },
                (_, s) => matrix[(s % rows) * cols + Math.floor(s / rows)],
              )
            : matrix;
          const path = file('.npy', Buffer.alloc(0));
          writeNpy(path, { descr, shape: [rows, cols], fortranOrder: fortran, values: stored });
          expect(loadMatrix(path)).toEqual({ rows, cols, data: Float64Array.from(matrix) });
        },
      ),
      { numRuns: 60 },
    );
  });

  test('format errors name the file and what was expected', () => {
    const write = (spec: Parameters<typeof writeNpy>[1]): string => {
      const path = file('.npy', Buffer.alloc(0));
      writeNpy(path, spec);
      return path;
    };
    const cases: [string, string][] = [
      [file('.npy', 'hello world, not numpy'), 'is not a .npy file'],
      [file('.npy', Buffer.from([0x93, 0x4e, 0x55])), 'is not a .npy file'],
      [
        write({ descr: '<f8', shape: [2, 2], values: [1, 2, 3, 4], truncateBytes: 8 }),
        'has 24 bytes of data after the header, expected 32',
      ],
      [
        write({ descr: '<f8', shape: [2], values: [1, 2], extraBytes: 3 }),
        'has 19 bytes of data after the header, expected 16',
      ],
      [write({ descr: '<f2', shape: [2], values: [] }), "has dtype '<f2'; expected float64"],
      [write({ descr: '<f8', shape: [1, 1, 2], values: [1, 2] }), 'has 3 dimensions'],
      [write({ descr: '<f8', shape: [0, 3], values: [] }), 'no values'],
      [
        write({ descr: '<f8', shape: [2], values: [1, Number.POSITIVE_INFINITY] }),
        'entry [1] is Infinity',
      ],
      [
        write({ descr: '<i8', shape: [1, 2], values: [1, 2 ** 60] }),
        'entry [0][1] is a 64-bit integer beyond ±2^53',
      ],
    ];
    for (const [path, expected] of cases) {
      const error = dataError(() => loadMatrix(path));
      expect(error.message).toContain(expected);
      expect(error.message.startsWith(`${path}: `)).toBe(true);
    }
  });

  test('an unsupported version and a structured dtype', () => {
    const path = file('.npy', Buffer.alloc(0));
    writeNpy(path, { descr: '<f8', shape: [1], values: [1] });
    const bytes = readFileSync(path);

    const future = Buffer.from(bytes);
    future[6] = 9;
    expect(dataError(() => loadMatrix(file('.npy', future))).message).toContain(
      'has .npy format version 9; supported: 1, 2 or 3',
    );

    // Same length as the text it replaces, so the header length field stays right.
    const text = bytes.toString('latin1').replace("'descr': '<f8', ", "'descr':[(1,2)],");
    expect(
      dataError(() => loadMatrix(file('.npy', Buffer.from(text, 'latin1')))).message,
    ).toContain("without a simple 'descr'");
  });
});

describe('file-level errors', () => {
  test('missing file, unknown extension, bad path argument', () => {
    const missing = join(dir, 'nope.csv');
    expect(dataError(() => loadMatrix(missing)).message).toMatch(
      new RegExp(`^${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot be read \\(ENOENT`),
    );
    expect(dataError(() => loadMatrix(file('.txt', '1,2'))).message).toContain(
      "unsupported extension '.txt'; allowed: '.json', '.csv' or '.npy'",
    );
    expect(() => loadMatrix('' as string)).toThrow(TypeError);
    expect(() => loadVector(3 as unknown as string)).toThrow(/path must be a non-empty string/);
  });

  test('DataFileError is an InputError, so the CLI maps it to exit code 2', () => {
    expect(dataError(() => loadMatrix(join(dir, 'nope.json')))).toBeInstanceOf(InputError);
  });
});

describe('loadProblemData', () => {
  const X = file('.csv', '1,2,3\n4,5,6\n');

  test('returns X row-major, y, and Θ* transposed to k*×d', () => {
    const y = file('.json', '[1, -1]');
    const teacher = file('.json', '[[1, 10], [2, 20], [3, 30]]');
    const data = loadProblemData({ X, y, teacher });
    expect(data).toEqual({
      X: Float64Array.from([1, 2, 3, 4, 5, 6]),
      n: 2,
      d: 3,
      y: Float64Array.from([1, -1]),
      // Θ* column a becomes row a: index a·d + j holds Θ*[j, a].
      thetaStar: Float64Array.from([1, 2, 3, 10, 20, 30]),
      kStar: 2,
    });
  });

  test('a teacher vector or a single row of length d means k* = 1', () => {
    const y = file('.csv', '1\n2\n');
    for (const teacher of [
      file('.json', '[7, 8, 9]'),
      file('.csv', '7,8,9\n'),
      file('.csv', '7\n8\n9\n'),
    ]) {
      const data = loadProblemData({ X, y, teacher });
      expect(data.kStar).toBe(1);
      expect(data.thetaStar).toEqual(Float64Array.from([7, 8, 9]));
    }
  });

  test('cross-checks name the field and both sizes', () => {
    const shortY = file('.csv', '1\n');
    const yError = dataError(() => loadProblemData({ X, y: shortY }));
    expect(yError.field).toBe('y');
    expect(yError.message).toBe(
      `${shortY}: has 1 labels, expected one per row of X (${X} has 2 rows)`,
    );

    const y = file('.csv', '1\n2\n');
    const teacher = file('.csv', '1,2\n3,4\n');
    const teacherError = dataError(() => loadProblemData({ X, y, teacher }));
    expect(teacherError.field).toBe('teacher');
    expect(teacherError.message).toContain('has shape 2×2; expected d = 3 rows');

    const badX = file('.csv', '1,2\n3\n');
    expect(dataError(() => loadProblemData({ X: badX, y })).field).toBe('X');
  });

  test('non-object arguments are TypeErrors naming the field', () => {
    expect(() => loadProblemData(null as never)).toThrow(TypeError);
    expect(() => loadProblemData({ X, y: 3 } as never)).toThrow(/files\.y must be a path/);
  });
});
