/**
 * combineRuns: a fixed linear combination Σ_j c_j O^{(j)} of several families of i.i.d. runs
 * that are paired by index (run s of every family uses the same seed), reduced to a
 * Trajectory-like mean and standard error per observable: for each pair index s the value
 * v_s = Σ_j c_j O^{(j)}_s, then the mean of v and s_v/√S with S − 1 degrees of freedom.
 * Pairing keeps any positive correlation between the families (common random numbers)
 * out of the error, and the estimate stays honest whatever that correlation is.
 * Used for the dt − dt/2 grid-bias estimate of docs/crossval.md.
 */
import { average } from '../../../src/solvers/runSolver.ts';
import type { Matrix, Trajectory } from '../../../src/solvers/trajectory.ts';

function combineMatrix(parts: Matrix[], weights: number[]): Matrix {
  return parts[0].map((row, a) =>
    row.map((_, b) => parts.reduce((s, part, j) => s + weights[j] * part[a][b], 0)),
  );
}

function combineNumber(parts: number[], weights: number[]): number {
  return parts.reduce((s, v, j) => s + weights[j] * v, 0);
}

export function combineRuns(families: Trajectory[][], weights: number[]): Trajectory {
  if (families.length !== weights.length || families.length === 0) {
    throw new RangeError(
      `need one weight per family, received ${families.length} families ` +
        `and ${weights.length} weights`,
    );
  }
  const count = families[0].length;
  if (families.some((f) => f.length !== count) || count < 2) {
    throw new RangeError(`families must hold the same number (≥ 2) of paired runs`);
  }
  const combined: Trajectory[] = [];
  for (let s = 0; s < count; s++) {
    const runs = families.map((f) => f[s]);
    const first = runs[0];
    const length = Math.min(...runs.map((r) => r.times.length));
    const pick = <T>(get: (r: Trajectory) => T[] | null): T[][] | null =>
      runs.some((r) => get(r) === null) ? null : runs.map((r) => get(r) as T[]);
    const Q = pick((r) => r.Q) as Matrix[][];
    const M = pick((r) => r.M);
    const train = pick((r) => r.trainRisk);
    const test = pick((r) => r.testRisk);
    const times = first.times.slice(0, length);
    combined.push({
      solver: `combination of ${runs.map((r) => r.solver).join(', ')}`,
      times,
      Q: times.map((_, i) =>
        combineMatrix(
          Q.map((q) => q[i]),
          weights,
        ),
      ),
      M: M
        ? times.map((_, i) =>
            combineMatrix(
              M.map((m) => m[i]),
              weights,
            ),
          )
        : null,
      trainRisk: train
        ? times.map((_, i) =>
            combineNumber(
              train.map((v) => v[i]),
              weights,
            ),
          )
        : null,
      testRisk: test
        ? times.map((_, i) =>
            combineNumber(
              test.map((v) => v[i]),
              weights,
            ),
          )
        : null,
      status: runs.every((r) => r.status === 'ok') ? 'ok' : 'diverged',
      info: {},
    });
  }
  return average(combined);
}
