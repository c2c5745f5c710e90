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
import { checkOutput, writeOutput } from './writeOutput.ts';

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
  kinkBandwidth?: number;
}

type SolverName = FiniteSolver | LimitSolver;

const FORMATS = ['table', 'json', 'csv'] as const;

export async function runCommand(configPath: string | undefined, options: RunOptions) {
  const format = checkFormat(options.format);
  checkOutput(options.out, options.force, configPath === undefined ? [] : [configPath]);
  const solver = options.solver === undefined ? undefined : checkSolver(options.solver);
  const raw = configPath === undefined ? DEFAULT_CONFIG : readJson(configPath);
  let config = parseConfig(raw, configPath ?? 'the built-in default config');
  if (solver !== undefined && solver !== 'gf' && solver !== 'dmft-gf' && !hasGamma(raw)) {
    throw new InputError(
      `--solver ${solver} needs algorithm.gamma, which the config does not set (a gradient-flow ` +
        'config may leave it out); add "gamma" to "algorithm"',
    );
  }
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

  const kinked = config.student.link === 'relu' || config.student.link === 'abs';
  const zeroStart =
    config.init.scale === 0 && config.init.overlap.every((row) => row.every((v) => v === 0));
  if (kinked && zeroStart && !config.data) {
    process.stderr.write(
      `warning: student.link "${config.student.link}" with Θ0 = 0 (init.scale 0, overlap 0) ` +
        "starts on its kink, where σ'(0) = 0: no gradient moves Θ and every solver stays at " +
        'Q = 0. Set init.scale > 0 (or an overlap) to start off the kink.\n',
    );
  }
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

  for (const run of runs) {
    if (typeof run.info.warning === 'string') {
      process.stderr.write(`${run.solver}: warning: ${run.info.warning}\n`);
    }
  }
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
    for (const flag of ['paths', 'dt', 'batches', 'kinkBandwidth'] as const) {
      if (options[flag] !== undefined) {
        const option = flag === 'kinkBandwidth' ? 'kink-bandwidth' : flag;
        throw new InputError(`--${option} applies to the DMFT solvers, not to --solver ${name}`);
      }
    }
    return runFinite(config, name, options.replicates, { onProgress });
  }
  if (options.replicates !== 1) {
    throw new InputError(
      `--replicates applies to the finite-(n, d) solvers; ${name} ` +
        (name.startsWith('dmft')
          ? 'reports its Monte Carlo standard error from independent path batches (--batches)'
          : 'is deterministic and has no replicates'),
    );
  }
  if (options.batches === 1) {
    throw new InputError('--batches must be at least 2: the standard error needs two batches');
  }
  return runLimit(config, name, {
    paths: options.paths,
    dt: options.dt,
    batches: options.batches,
    kinkBandwidth: options.kinkBandwidth,
    onProgress,
  });
}

function isFinite(name: SolverName): name is FiniteSolver {
  return (FINITE_SOLVERS as readonly string[]).includes(name);
}

function withAlgorithm(config: Config, solver: FiniteSolver): Config {
  return { ...config, algorithm: { ...config.algorithm, name: solver } };
}

export function hasGamma(raw: unknown): boolean {
  const algorithm = (raw as { algorithm?: unknown }).algorithm;
  return typeof algorithm === 'object' && algorithm !== null && 'gamma' in algorithm;
}

export function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : String(error);
    throw new InputError(`cannot read config ${path}: ${reason}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`config ${path} is not valid JSON: ${withLine(text, error as Error)}`);
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

/** The JSON parser's message with the line and column of its "position N", when it has one. */
function withLine(text: string, error: Error): string {
  const match = /position (\d+)/.exec(error.message);
  if (!match) return error.message;
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${error.message} (line ${line}, column ${column})`;
}
