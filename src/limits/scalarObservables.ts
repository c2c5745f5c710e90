/**
 * The scalar observables a check compares, read off a Trajectory at output index i, with
 * their standard errors when the trajectory is a mean (finite replicates or DMFT batches).
 * For k = k* = 1 these are Q, M, the test risk and the train risk (docs/conventions.md);
 * for larger k only the first diagonal entries Q₁₁ and M₁₁ are read, with the risks.
 * Observables a solver does not produce (null) are left out.
 */
import type { Trajectory } from '../solvers/trajectory.ts';

export interface Scalar {
  value: number;
  se: number;
}

export function scalarObservables(run: Trajectory, i: number): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  const se = run.stdErr;
  out.Q = { value: run.Q[i][0][0], se: se?.Q[i]?.[0]?.[0] ?? 0 };
  if (run.M !== null) out.M = { value: run.M[i][0][0], se: se?.M?.[i]?.[0]?.[0] ?? 0 };
  if (run.testRisk !== null) {
    out.testRisk = { value: run.testRisk[i], se: se?.testRisk?.[i] ?? 0 };
  }
  if (run.trainRisk !== null) {
    out.trainRisk = { value: run.trainRisk[i], se: se?.trainRisk?.[i] ?? 0 };
  }
  return out;
}
