/**
 * One entry point for every finite-(n, d) solver, with independent replicates.
 *
 * Replicate r runs the whole problem (teacher, data, noise, initialisation, batches) from the
 * master seed replicateSeed(seed, r) (src/random/streams.ts); replicate 0 is the plain run.
 * The result is the mean over replicates of every observable, with its standard error
 * s/√R (s the sample standard deviation), in `stdErr`.
 */
import { buildProblem } from '../model/buildProblem.ts';
import type { Problem } from '../model/buildProblem.ts';
import type { Config } from '../model/types.ts';
import { replicateSeed } from '../random/streams.ts';
import { solveGF } from './gf.ts';
import { solveOnline } from './online.ts';
import { solveSGD } from './sgd.ts';
import type { SolveOptions } from './sgd.ts';
import { sanitize } from './sanitize.ts';
import { solveSME } from './sme.ts';
import type { Matrix, Trajectory } from './trajectory.ts';

export const FINITE_SOLVERS = ['sgd', 'gd', 'sme', 'gf', 'online'] as const;
export type FiniteSolver = (typeof FINITE_SOLVERS)[number];

/** The config the solver actually runs: `gd` is SGD with κ = n. */
export function configFor(config: Config, solver: FiniteSolver): Config {
  if (solver !== 'gd') return config;
  return {
    ...config,
    algorithm: {
      ...config.algorithm,
      name: 'gd',
      kappa: config.n,
      alpha: undefined,
      batch: 'fixed',
    },
  };
}

/** Runs `solver` on an already built problem. */
export function solveProblem(
  problem: Problem,
  solver: FiniteSolver,
  options: SolveOptions = {},
): Trajectory {
  switch (solver) {
    case 'sgd':
    case 'gd':
      return solveSGD(problem, options);
    case 'sme':
      return solveSME(problem, options);
    case 'gf':
      return solveGF(problem, options);
    case 'online':
      return solveOnline(problem, options);
  }
}

/** Runs `solver` on R independent replicates of `config` and averages. */
export function runFinite(
  config: Config,
  solver: FiniteSolver,
  replicates = 1,
  options: SolveOptions = {},
): Trajectory {
  const resolved = configFor(config, solver);
  const runs: Trajectory[] = [];
  for (let r = 0; r < replicates; r++) {
    const seed = replicateSeed(resolved.seed, r);
    const problem = buildProblem({ ...resolved, seed });
    const progress = options.onProgress;
    runs.push(
      solveProblem(problem, solver, {
        ...options,
        onProgress: progress ? (f) => progress((r + f) / replicates) : undefined,
      }),
    );
  }
  const run =
    replicates === 1 ? { ...runs[0], info: { ...runs[0].info, replicates: 1 } } : average(runs);
  return sanitize(run);
}

/** Mean and standard error over replicates, on the times every replicate reached. */
export function average(runs: Trajectory[]): Trajectory {
  const R = runs.length;
  const length = Math.min(...runs.map((run) => run.times.length));
  const diverged = runs.find((run) => run.status === 'diverged');
  const first = runs[0];
  const meanOf = (pick: (run: Trajectory) => number[] | null) => stats(runs, length, pick);
  const matOf = (pick: (run: Trajectory) => Matrix[] | null) => matrixStats(runs, length, pick);
  const Q = matOf((run) => run.Q);
  const M = matOf((run) => run.M);
  const train = meanOf((run) => run.trainRisk);
  const test = meanOf((run) => run.testRisk);
  return {
    solver: first.solver,
    times: first.times.slice(0, length),
    Q: Q ? Q.mean : [],
    M: M ? M.mean : null,
    trainRisk: train ? train.mean : null,
    testRisk: test ? test.mean : null,
    status: diverged ? 'diverged' : 'ok',
    message: diverged?.message,
    divergedAt: diverged?.divergedAt,
    stdErr: {
      Q: Q ? Q.se : [],
      M: M ? M.se : null,
      trainRisk: train ? train.se : null,
      testRisk: test ? test.se : null,
    },
    info: { ...first.info, replicates: R },
  };

  function stats(all: Trajectory[], n: number, pick: (run: Trajectory) => number[] | null) {
    const series = all.map(pick);
    if (series.some((s) => s === null)) return null;
    const mean: number[] = [];
    const se: number[] = [];
    for (let i = 0; i < n; i++) {
      const values = series.map((s) => (s as number[])[i]);
      const [m, e] = meanSe(values);
      mean.push(m);
      se.push(e);
    }
    return { mean, se };
  }
}

function matrixStats(runs: Trajectory[], n: number, pick: (run: Trajectory) => Matrix[] | null) {
  const series = runs.map(pick);
  if (series.some((s) => s === null)) return null;
  const all = series as Matrix[][];
  const mean: Matrix[] = [];
  const se: Matrix[] = [];
  for (let i = 0; i < n; i++) {
    const shape = all[0][i];
    mean.push(shape.map((row, a) => row.map((_, b) => meanSe(all.map((s) => s[i][a][b]))[0])));
    se.push(shape.map((row, a) => row.map((_, b) => meanSe(all.map((s) => s[i][a][b]))[1])));
  }
  return { mean, se };
}

/** Sample mean and its standard error s/√R. */
export function meanSe(values: number[]): [number, number] {
  const R = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / R;
  if (R < 2) return [mean, 0];
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (R - 1);
  return [mean, Math.sqrt(variance / R)];
}
