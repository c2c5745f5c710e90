/**
 * runReplicates: R independent finite-(n, d) runs of one solver, kept one by one and averaged.
 *
 * Method: replicate r runs the whole problem from the master seed replicateSeed(seed, r)
 * (src/random/streams.ts), exactly as runFinite (src/solvers/runSolver.ts) does, so a run here
 * reproduces `runFinite(config, solver, R)` bit for bit; the individual runs are also returned,
 * for spreads and d-scaling. The mean and its standard error s/√R come from `average`.
 */
import { buildProblem } from '../../../src/model/buildProblem.ts';
import type { Config } from '../../../src/model/types.ts';
import { replicateSeed } from '../../../src/random/streams.ts';
import { average, configFor, solveProblem } from '../../../src/solvers/runSolver.ts';
import type { FiniteSolver } from '../../../src/solvers/runSolver.ts';
import type { Trajectory } from '../../../src/solvers/trajectory.ts';

export interface ReplicateRuns {
  runs: Trajectory[];
  /** Mean over replicates with stdErr = s/√R (R − 1 degrees of freedom). */
  mean: Trajectory;
}

export function runReplicates(config: Config, solver: FiniteSolver, replicates: number) {
  if (!(Number.isSafeInteger(replicates) && replicates >= 2)) {
    throw new RangeError(`replicates must be an integer ≥ 2, received ${replicates}`);
  }
  const resolved = configFor(config, solver);
  const runs: Trajectory[] = [];
  for (let r = 0; r < replicates; r++) {
    const problem = buildProblem({ ...resolved, seed: replicateSeed(resolved.seed, r) });
    const run = solveProblem(problem, solver);
    if (run.status !== 'ok') {
      throw new Error(`replicate ${r} of ${solver} diverged: ${run.message ?? ''}`);
    }
    runs.push(run);
  }
  return { runs, mean: average(runs) } satisfies ReplicateRuns;
}
