/**
 * compareTrajectories: observable-by-observable comparison of a finite-(n, d) replicate mean
 * and a DMFT batch mean, with the tolerance of docs/crossval.md:
 *
 *   |finite − dmft| ≤ t·√(SE_finite² + SE_dmft²) + bias,
 *
 * where SE_finite = s/√R over R replicates (R − 1 degrees of freedom), SE_dmft = s/√B over B
 * independent DMFT batches (B − 1 degrees of freedom), t the two-sided Student critical value
 * at the Welch–Satterthwaite degrees of freedom for the per-comparison false-failure
 * probability alpha/m (Bonferroni over the m comparisons of one test), and `bias` the derived
 * bound on |E finite − E dmft| that the caller supplies per observable and time.
 * The z-score (finite − dmft)/√(SE_finite² + SE_dmft²) is reported with every row, so a run
 * over several seeds shows whether the scores look N(0, 1).
 */
import type { Trajectory } from '../../../src/solvers/trajectory.ts';
import { studentCritical, welchDegrees } from './criticalValues.ts';
import { scalarObservables } from './scalarObservables.ts';

export interface ComparisonRow {
  time: number;
  name: string;
  finite: number;
  finiteSe: number;
  dmft: number;
  dmftSe: number;
  /** (finite − dmft)/√(SE_finite² + SE_dmft²). */
  z: number;
  critical: number;
  bias: number;
  tolerance: number;
  pass: boolean;
}

export interface ComparisonSpec {
  finite: Trajectory;
  /** Degrees of freedom of the finite SE (replicates − 1). */
  finiteDegrees: number;
  dmft: Trajectory;
  /** Degrees of freedom of the DMFT SE (batches − 1). */
  dmftDegrees: number;
  /** Family-wise false-failure probability of the whole comparison. */
  alpha: number;
  /** Bias bound for observable `name` at output index `index` (time `time`). */
  bias: (name: string, index: number, time: number) => number;
  /** Observables to leave out (e.g. 'train' for online SGD). */
  skip?: (name: string) => boolean;
}

export function compareTrajectories(spec: ComparisonSpec): ComparisonRow[] {
  const { finite, dmft } = spec;
  if (finite.times.length !== dmft.times.length) {
    throw new RangeError(
      `finite and DMFT trajectories have ${finite.times.length} and ` +
        `${dmft.times.length} times (status ${finite.status}/${dmft.status})`,
    );
  }

  // Collect the pairs first: Bonferroni needs their number.
  const pairs: { index: number; name: string; a: number; sa: number; b: number; sb: number }[] = [];
  for (let index = 0; index < finite.times.length; index++) {
    const left = scalarObservables(finite, index);
    const right = new Map(scalarObservables(dmft, index).map((o) => [o.name, o]));
    for (const o of left) {
      if (spec.skip?.(o.name)) continue;
      const other = right.get(o.name);
      if (!other) continue;
      pairs.push({ index, name: o.name, a: o.value, sa: o.se, b: other.value, sb: other.se });
    }
  }
  if (pairs.length === 0) throw new RangeError('no observables in common to compare');

  const perComparison = spec.alpha / pairs.length;
  return pairs.map(({ index, name, a, sa, b, sb }) => {
    const time = finite.times[index];
    const se = Math.hypot(sa, sb);
    const nu = welchDegrees(sa, spec.finiteDegrees, sb, spec.dmftDegrees);
    const critical = studentCritical(perComparison, nu);
    const bias = spec.bias(name, index, time);
    const tolerance = critical * se + bias;
    const diff = a - b;
    const pass = Number.isFinite(diff) && Math.abs(diff) <= tolerance;
    return {
      time,
      name,
      finite: a,
      finiteSe: sa,
      dmft: b,
      dmftSe: sb,
      z: diff / se,
      critical,
      bias,
      tolerance,
      pass,
    };
  });
}

/** One line per row, for logs and failure messages. */
export function formatRows(rows: ComparisonRow[]): string {
  return rows
    .map(
      (r) =>
        `t=${r.time} ${r.name.padEnd(7)} finite ${r.finite.toFixed(5)}±${r.finiteSe.toFixed(5)} ` +
        `dmft ${r.dmft.toFixed(5)}±${r.dmftSe.toFixed(5)} z ${r.z.toFixed(2).padStart(6)} ` +
        `tol ${r.tolerance.toExponential(2)} (t ${r.critical.toFixed(2)}, bias ` +
        `${r.bias.toExponential(1)})${r.pass ? '' : '  FAIL'}`,
    )
    .join('\n');
}
