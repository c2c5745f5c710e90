/**
 * Paired differences between two trajectories solved on the same seeds (common random
 * numbers): for each observable and output index, the mean over replicates of
 * O_a(r) − O_b(r) and its replicate standard error s/√R. The DMFT draws the Gaussian
 * inputs ξ and the label noise ε from the same streams for every measure (docs/dmft.md), so
 * the differences are free of the part of the Monte Carlo error the two runs share. With
 * one replicate (a deterministic closure) the standard error is 0.
 */
import { meanSe } from '../solvers/runSolver.ts';
import type { Trajectory } from '../solvers/trajectory.ts';
import { scalarObservables } from './scalarObservables.ts';

export interface PairedGap {
  /** mean[name][i]: mean over replicates of O_a − O_b at output index i. */
  mean: Record<string, number[]>;
  se: Record<string, number[]>;
  /** Replicate means of each side, for the verdict's value and reference. */
  a: Record<string, number[]>;
  b: Record<string, number[]>;
}

export function pairedGaps(
  runsA: Trajectory[],
  runsB: Trajectory[],
  names: readonly string[],
): PairedGap {
  if (runsA.length !== runsB.length || runsA.length === 0) {
    throw new RangeError(
      `pairedGaps: needs the same positive number of runs on both sides; received ` +
        `${runsA.length} and ${runsB.length}`,
    );
  }
  const out: PairedGap = { mean: {}, se: {}, a: {}, b: {} };
  const count = runsA[0].times.length;
  for (const name of names) {
    out.mean[name] = [];
    out.se[name] = [];
    out.a[name] = [];
    out.b[name] = [];
    for (let i = 0; i < count; i++) {
      const a = runsA.map((run) => read(run, i, name));
      const b = runsB.map((run) => read(run, i, name));
      const [mean, se] = meanSe(a.map((x, r) => x - b[r]));
      out.mean[name].push(mean);
      out.se[name].push(se);
      out.a[name].push(meanSe(a)[0]);
      out.b[name].push(meanSe(b)[0]);
    }
  }
  return out;
}

function read(run: Trajectory, i: number, name: string): number {
  const value = scalarObservables(run, i)[name]?.value;
  if (value === undefined) {
    throw new RangeError(`pairedGaps: the ${run.solver} run has no observable ${name}`);
  }
  return value;
}
