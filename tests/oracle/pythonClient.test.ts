/**
 * The numpy client of examples/python/ passes the whole battery through `check --impl`, and
 * its planted-bug variant (batch gradient averaged instead of summed) is rejected on the SGD
 * cases with κ > 1 while it still passes a GF case, which the bug does not touch.
 *
 * False-failure budget: each fixture flags a correct run with probability ≤ alphaCase = 1e-4
 * (docs/oracle.md), so this test fails a correct client with probability ≤ 26·1e-4 ≈ 2.6e-3
 * (union bound over the battery). The client's seed is the suite seed, printed on failure.
 * Skipped, with the reason printed, only when python3 with numpy is missing.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkCommand } from '../../src/cli/checkCommand.ts';
import type { CaseReport } from '../../src/oracle/checkReport.ts';
import { suiteSeed } from '../helpers/seed.ts';

const client = join(import.meta.dirname, '..', '..', 'examples', 'python');
const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const missing = probe.error
  ? 'python3 not found'
  : probe.status !== 0
    ? 'numpy not importable'
    : '';
if (missing !== '') process.stderr.write(`tests/oracle/pythonClient: skipped: ${missing}\n`);

// The client's matrices are 400×200, too small for BLAS threads to help; OpenBLAS threads
// spinning on two shared cores made this file 2.6 times slower (108 s against 41 s).
const ONE_BLAS_THREAD = 'OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1';

let stdout = '';
beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    stdout += String(s);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

async function gate(script: string, cases?: string) {
  const seed = suiteSeed();
  const code = await checkCommand({
    impl: `${ONE_BLAS_THREAD} python3 ${join(client, script)} --replicates 10 --seed ${seed}`,
    cases,
    timeout: 60,
    format: 'json',
  });
  return { code, cases: JSON.parse(stdout).cases as CaseReport[] };
}

function summary(cases: CaseReport[]): string {
  return cases
    .filter((c) => !c.pass)
    .map(
      (c) =>
        `${c.id}: ${
          c.reason ??
          c.rows
            .filter((r) => !r.pass)
            .map((r) => `${r.observable}@${r.time} ${r.measured} vs ` + `${r.limit} ± ${r.allowed}`)
            .join('; ')
        }`,
    )
    .join('\n');
}

describe.skipIf(missing !== '')('examples/python numpy client', () => {
  it('passes every fixture of the battery', async () => {
    const { code, cases } = await gate('sgd_oracle_client.py');
    expect(code, `seed ${suiteSeed()}, d = 200, R = 10; failed:\n${summary(cases)}`).toBe(0);
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it('with the averaged batch gradient, fails the SGD cases with κ > 1 and passes GF', async () => {
    const sgdCases = [
      'sgd-square-delta2-gamma0.5',
      'sgd-logistic-delta2-gamma0.5',
      'sgd-committee-relu',
      'sgd-square-bernoulli',
    ];
    const { code, cases } = await gate(
      'sgd_oracle_client_buggy.py',
      [...sgdCases, 'gf-square-delta2'].join(','),
    );
    expect(code).toBe(1);
    const verdict = Object.fromEntries(cases.map((c) => [c.id, c.pass]));
    for (const id of sgdCases) expect(verdict[id], `${id}, seed ${suiteSeed()}`).toBe(false);
    expect(verdict['gf-square-delta2'], summary(cases)).toBe(true);
  });
});
