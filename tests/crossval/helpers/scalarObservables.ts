/**
 * scalarObservables: the scalar observables of a Trajectory at one output index, with their
 * standard errors, under stable names: Q[a,b] for a ≤ b (Q is symmetric), M[a,c], train and
 * test (docs/conventions.md, "Observables"). A trajectory without `stdErr` is an exact
 * reference (a closed form or ODE), so its standard errors are 0.
 */
import type { Trajectory } from '../../../src/solvers/trajectory.ts';

export interface ScalarObservable {
  name: string;
  value: number;
  /** Standard error of the value; 0 for a trajectory without stdErr (an exact reference). */
  se: number;
}

export function scalarObservables(run: Trajectory, index: number): ScalarObservable[] {
  const out: ScalarObservable[] = [];
  const errors = run.stdErr;
  const exact = errors === undefined ? 0 : NaN;
  const Q = run.Q[index];
  for (let a = 0; a < Q.length; a++) {
    for (let b = a; b < Q.length; b++) {
      out.push({ name: `Q[${a},${b}]`, value: Q[a][b], se: errors?.Q[index]?.[a]?.[b] ?? exact });
    }
  }
  const M = run.M?.[index];
  if (M) {
    for (let a = 0; a < M.length; a++) {
      for (let c = 0; c < M[a].length; c++) {
        out.push({
          name: `M[${a},${c}]`,
          value: M[a][c],
          se: errors?.M?.[index]?.[a]?.[c] ?? exact,
        });
      }
    }
  }
  const train = run.trainRisk?.[index];
  if (train !== undefined) {
    out.push({ name: 'train', value: train, se: errors?.trainRisk?.[index] ?? exact });
  }
  const test = run.testRisk?.[index];
  if (test !== undefined) {
    out.push({ name: 'test', value: test, se: errors?.testRisk?.[index] ?? exact });
  }
  return out;
}
