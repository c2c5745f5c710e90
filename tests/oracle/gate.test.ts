/**
 * The gate (`check --fixture … --trajectories …`; docs/oracle.md) on runs written here:
 * the fixture's own limit passes, a shifted run fails, and every kind of bad input is
 * rejected with exit code 2 and a message naming the file and the field or line.
 *
 * These are deterministic: the runs are built from the committed fixture, not simulated.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkCommand } from '../../src/cli/checkCommand.ts';
import { loadFixture } from '../../src/oracle/loadFixture.ts';
import type { Fixture } from '../../src/oracle/fixtureTypes.ts';

const ID = 'sgd-square-delta2-gamma0.5';
const dir = mkdtempSync(join(tmpdir(), 'sgd-oracle-gate-'));
let stderr = '';
let stdout = '';

beforeEach(() => {
  stderr = '';
  stdout = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    stderr += String(s);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    stdout += String(s);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

/** A run in the `run --format json` layout whose values are the limit plus `shift`. */
function runAtLimit(fixture: Fixture, shift = 0, d = 400, R = 10): Record<string, unknown> {
  const value = (name: string, i: number) => fixture.observables[name].limit[i] + shift;
  const matrix = (kind: 'Q' | 'M', i: number, rows: number, cols: number) =>
    Array.from({ length: rows }, (_, a) =>
      Array.from({ length: cols }, (_, b) => value(`${kind}_${a}_${b}`, i)),
    );
  const k = 1;
  return {
    solver: fixture.solver,
    times: fixture.times,
    Q: fixture.times.map((_, i) => matrix('Q', i, k, k)),
    M: fixture.times.map((_, i) => matrix('M', i, k, k)),
    trainRisk: fixture.times.map((_, i) => value('trainRisk', i)),
    testRisk: fixture.times.map((_, i) => value('testRisk', i)),
    status: 'ok',
    info: { replicates: R },
    config: { ...fixture.config, d },
  };
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function check(file: string, extra: Record<string, unknown> = {}) {
  return checkCommand({ fixture: ID, trajectories: file, format: 'json', ...extra });
}

describe('check --fixture --trajectories', () => {
  const fixture = loadFixture(ID);

  it('passes the fixture limit itself and prints every comparison', async () => {
    const code = await check(write('exact.json', JSON.stringify(runAtLimit(fixture))));
    const report = JSON.parse(stdout);
    expect(code, stderr).toBe(0);
    expect(report.cases[0].rows).toHaveLength(fixture.columns.length * fixture.times.length);
  });

  it('fails a run shifted by 0.5, beyond every allowed deviation at d = 400', async () => {
    // Allowed at d = 400, R = 10 is z·cFluct/√4000 + cBias/400 + batch terms; every one of
    // them is below 0.3 for this fixture (asserted below), so a shift of 0.5 must fail.
    const code = await check(write('shifted.json', JSON.stringify(runAtLimit(fixture, 0.5))));
    const report = JSON.parse(stdout);
    expect(code).toBe(1);
    const late = report.cases[0].rows.filter((r: { time: number }) => r.time > 0);
    expect(Math.max(...late.map((r: { allowed: number }) => r.allowed))).toBeLessThan(0.3);
  });

  it('reads the CSV layout of run --format csv and the documented .npy layout', async () => {
    const run = runAtLimit(fixture) as { times: number[] };
    const header = ['solver', 'time', ...fixture.columns];
    const rows = run.times.map((t, i) =>
      [fixture.solver, t, ...fixture.columns.map((c) => fixture.observables[c].limit[i])].join(','),
    );
    const csv = write('run.csv', [header.join(','), ...rows].join('\n'));
    expect(await check(csv, { d: 400, replicates: 10 }), stderr).toBe(0);

    const npy = write(
      'run.npy',
      npyBytes(
        run.times.map((t, i) => [
          t,
          ...fixture.columns.map((c) => fixture.observables[c].limit[i]),
        ]),
      ) as unknown as string,
    );
    expect(await check(npy, { d: 400, replicates: 10 }), stderr).toBe(0);
  });

  const bad: [string, string, () => string, RegExp][] = [
    [
      'truncated JSON',
      'cut.json',
      () => JSON.stringify(runAtLimit(fixture)).slice(0, 120),
      /cut\.json: invalid JSON at end of input .*truncated/,
    ],
    [
      'NaN in JSON',
      'nan.json',
      () =>
        JSON.stringify(runAtLimit(fixture), null, 1).replace(
          /"testRisk": \[\n\s*[-0-9.e]+/,
          '"testRisk": [NaN',
        ),
      /nan\.json: line \d+: NaN/,
    ],
    [
      'null observable',
      'null.json',
      () => {
        const run = runAtLimit(fixture) as { trainRisk: (number | null)[] };
        run.trainRisk[2] = null;
        return JSON.stringify(run);
      },
      /null\.json: field trainRisk\[2\] is null; expected a finite number/,
    ],
    [
      'wrong times',
      'times.json',
      () => JSON.stringify({ ...runAtLimit(fixture), times: [0, 0.5, 1, 3] }),
      /times\[3\] = 3; expected 2/,
    ],
    [
      'wrong solver',
      'solver.json',
      () => JSON.stringify({ ...runAtLimit(fixture), solver: 'gf' }),
      /solver is "gf"; this fixture gates "sgd"/,
    ],
    [
      'wrong gamma',
      'gamma.json',
      () => {
        const run = runAtLimit(fixture) as { config: { algorithm: Record<string, unknown> } };
        run.config.algorithm = { ...run.config.algorithm, gamma: 0.3 };
        return JSON.stringify(run);
      },
      /config\.algorithm\.gamma is 0\.3; the fixture expects 0\.5/,
    ],
    [
      'missing replicates',
      'noreps.json',
      () => JSON.stringify({ ...runAtLimit(fixture), info: {} }),
      /field info\.replicates is missing and no --replicates flag/,
    ],
    [
      'd below dMin',
      'small.json',
      () => JSON.stringify(runAtLimit(fixture, 0, 50)),
      /d = 50 is below the fixture's dMin = 100/,
    ],
    [
      'a Q matrix of the wrong shape (a k = 2 run against a k = 1 fixture)',
      'shape.json',
      () => {
        const run = runAtLimit(fixture) as { Q: number[][][] };
        run.Q[1] = [[run.Q[1][0][0]], [5]];
        return JSON.stringify(run);
      },
      /shape\.json: Q\[1\] must be a 1×1 matrix for this fixture \(k = 1\); found 2 rows/,
    ],
    [
      'an M row of the wrong length',
      'mrow.json',
      () => {
        const run = runAtLimit(fixture) as { M: number[][][] };
        run.M[2] = [[run.M[2][0][0], 99]];
        return JSON.stringify(run);
      },
      /mrow\.json: M\[2\] must be a 1×1 matrix for this fixture \(k = 1, k\* = 1\)/,
    ],
    [
      'CSV missing a column',
      'cols.csv',
      () => 'solver,time,trainRisk\nsgd,0,0.6',
      /cols\.csv: line 1: header lacks column\(s\) testRisk, Q_0_0, M_0_0/,
    ],
    [
      'CSV with a wrong row',
      'row.csv',
      () => `time,${fixture.columns.join(',')}\n` + '0,1,2,3,4\n0.5,1,2,3\n',
      /row\.csv: line 3 has 4 fields, expected 5/,
    ],
    [
      'CSV with NaN',
      'nan.csv',
      () => `time,${fixture.columns.join(',')}\n0,nan,1,0,0\n`,
      /nan\.csv: line 2, column trainRisk: "nan" is not a finite number/,
    ],
  ];
  for (const [what, name, text, message] of bad) {
    it(`exits 2 on ${what}, naming the file and the place`, async () => {
      const code = await check(
        write(name, text()),
        name.endsWith('.csv') ? { d: 400, replicates: 10 } : {},
      );
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
    });
  }

  it('exits 2 on an unknown fixture id (naming the nearest) or version', async () => {
    const file = write('ok.json', JSON.stringify(runAtLimit(fixture)));
    const typo = 'sgd-square-delta2-gamma05';
    expect(await checkCommand({ fixture: typo, trajectories: file })).toBe(2);
    expect(stderr).toMatch(/no fixture "sgd-square-delta2-gamma05"/);
    expect(stderr).toMatch(/did you mean "sgd-square-delta2-gamma0\.5"/);
    expect(await checkCommand({ fixture: `${ID}@7`, trajectories: file })).toBe(2);
    expect(stderr).toMatch(/version 7 requested, but .* is at version 1/);
  });

  it('writes JUnit XML with one testcase per comparison', async () => {
    const junit = join(dir, 'report.xml');
    await check(write('j.json', JSON.stringify(runAtLimit(fixture, 0.5))), { junit });
    const xml = readFileSync(junit, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(fixture.columns.length * fixture.times.length);
    expect(xml).toMatch(/<failure message="measured/);
  });
});

/** A version-1.0 .npy file holding a C-order float64 matrix (NEP 1). */
function npyBytes(rows: number[][]): Buffer {
  const shape = `(${rows.length}, ${rows[0].length})`;
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.from(new Float64Array(rows.flat()).buffer);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), body]);
}
