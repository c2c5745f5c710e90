/**
 * `sgd-oracle run [CONFIG]`: read and validate a config, run one solver (or, with no CONFIG,
 * the built-in default case through SGD, SME and GF), and print the trajectories.
 */
import { readFileSync } from 'node:fs';
import { parseConfig } from '../model/parseConfig.ts';
import type { Config } from '../model/types.ts';
import { FINITE_SOLVERS, configFor, runFinite } from '../solvers/runSolver.ts';
import type { FiniteSolver } from '../solvers/runSolver.ts';
import { LIMIT_SOLVERS, runLimit } from '../solvers/runLimit.ts';
import type { LimitSolver } from '../solvers/runLimit.ts';
import { InputError } from '../solvers/trajectory.ts';
import type { Trajectory } from '../solvers/trajectory.ts';
import { DEFAULT_CONFIG, DEFAULT_SOLVERS } from './defaultConfig.ts';
import { formatResult } from './formatResult.ts';
import type { Format } from './formatResult.ts';
import { createProgress } from './progress.ts';
import { writeOutput } from './writeOutput.ts';

export interface RunOptions {
  solver?: string;
  format: string;
  out?: string;
  force: boolean;
  replicates: number;
  seed?: number;
  paths?: number;
  dt?: number;
  batches?: number;
}

type SolverName = FiniteSolver | LimitSolver;

const FORMATS = ['table', 'json', 'csv'] as const;

export async function runCommand(configPath: string | undefined, options: RunOptions) {
  const format = checkFormat(options.format);
  const solver = options.solver === undefined ? undefined : checkSolver(options.solver);
  let config = configPath === undefined
    ? parseConfig(DEFAULT_CONFIG, 'the built-in default config')
    : parseConfig(readJson(configPath), configPath);
  if (options.seed !== undefined) config = { ...config, seed: options.seed, seedDefaulted: false };
  if (config.seedDefaulted) {
    process.stderr.write(`seed: ${config.seed} (the default; set "seed" or pass --seed)\n`);
  }

  const solvers: SolverName[] =
    solver !== undefined
      ? [solver]
      : configPath === undefined
        ? [...DEFAULT_SOLVERS]
        : [checkSolver(config.algorithm.name)];

  const runs: Trajectory[] = [];
  for (const name of solvers) {
    const progress = createProgress(name);
    try {
      runs.push(runOne(config, name, options, progress.update));
    } finally {
      progress.stop();
    }
  }
  const only = solvers[0];
  const shown =
    solvers.length === 1 && isFinite(only) ? withAlgorithm(configFor(config, only), only) : config;
  writeOutput(formatResult(runs, shown, format), options.out, options.force);

  const diverged = runs.filter((run) => run.status === 'diverged');
  for (const run of diverged) process.stderr.write(`${run.solver}: ${run.message}\n`);
  return diverged.length > 0 ? 1 : 0;
}

function runOne(
  config: Config,
  name: SolverName,
  options: RunOptions,
  onProgress: (fraction: number) => void,
): Trajectory {
  if (isFinite(name)) {
    for (const flag of ['paths', 'dt', 'batches'] as const) {
      if (options[flag] !== undefined) {
        throw new InputError(`--${flag} applies to the DMFT solvers, not to --solver ${name}`);
      }
    }
    return runFinite(config, name, options.replicates, { onProgress });
  }
  if (options.replicates !== 1) {
    throw new InputError(
      `--replicates applies to the finite-(n, d) solvers; ${name} reports its Monte Carlo ` +
        'standard error from independent path batches (--batches)',
    );
  }
  return runLimit(config, name, {
    paths: options.paths,
    dt: options.dt,
    batches: options.batches,
    onProgress,
  });
}

function isFinite(name: SolverName): name is FiniteSolver {
  return (FINITE_SOLVERS as readonly string[]).includes(name);
}

function withAlgorithm(config: Config, solver: FiniteSolver): Config {
  return { ...config, algorithm: { ...config.algorithm, name: solver } };
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new InputError(`cannot read config ${path}: ${reason}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`config ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function checkFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new InputError(`--format must be one of ${FORMATS.join(', ')}; received "${value}"`);
}

function checkSolver(value: string): SolverName {
  const all: readonly string[] = [...FINITE_SOLVERS, ...LIMIT_SOLVERS];
  if (all.includes(value)) return value as SolverName;
  throw new InputError(`--solver must be one of ${all.join(', ')}; received "${value}"`);
}
