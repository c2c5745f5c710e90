/**
 * The limit (n, d → ∞) trajectory of one algorithm, with a bound on its grid error.
 *
 * - Where a closed form exists (square loss, linear teacher and student: the Marchenko–Pastur
 *   solution for GF, the Volterra equation for SGD = SME, docs/exact.md) it is used: no
 *   Monte Carlo error, and a quadrature error far below every other term, so gridBound = 0.
 * - Otherwise the DMFT is solved at dt and at dt/2 (docs/dmft.md). The left-point scheme is
 *   first order in dt (docs/dmft.md), so the error of the dt/2 solution is
 *   e(dt/2) ≈ O(dt) − O(dt/2) up to O(dt²); the reference is the dt/2 solution and
 *   gridBound = |O(dt) − O(dt/2)| per observable and time. Both solves share the seed, so the
 *   difference is not inflated by independent Monte Carlo noise.
 */
import type { Config } from '../model/types.ts';
import { runLimit } from '../solvers/runLimit.ts';
import type { LimitSolver } from '../solvers/runLimit.ts';
import type { Trajectory } from '../solvers/trajectory.ts';
import { hasExactOracle, withAlgorithm } from './withAlgorithm.ts';
import { scalarObservables } from './scalarObservables.ts';

export interface LimitReference {
  run: Trajectory;
  /** gridBound[i][observable] at output index i. */
  gridBound: Record<string, number>[];
  source: string;
}

export function limitReference(
  config: Config,
  algorithm: 'sgd' | 'sme' | 'gf',
  paths: number,
  batches: number | undefined,
  dt?: number,
): LimitReference {
  const resolved = withAlgorithm(config, { name: algorithm });
  if (hasExactOracle(config)) {
    const run = runLimit(resolved, 'exact');
    return { run, gridBound: run.times.map(() => ({})), source: 'exact' };
  }
  const solver: LimitSolver = `dmft-${algorithm}`;
  const step = dt ?? (algorithm === 'sgd' ? Math.min(0.05, config.algorithm.gamma / 10) : 0.05);
  const coarse = runLimit(resolved, solver, { paths, batches, dt: step });
  const fine = runLimit(resolved, solver, { paths, batches, dt: step / 2 });
  const gridBound = fine.times.map((_, i) => {
    const a = scalarObservables(coarse, i);
    const b = scalarObservables(fine, i);
    const out: Record<string, number> = {};
    for (const key of Object.keys(b)) out[key] = Math.abs((a[key]?.value ?? 0) - b[key].value);
    return out;
  });
  const source = `${solver} at dt ${step / 2} (grid bound from dt ${step})`;
  return { run: fine, gridBound, source };
}
