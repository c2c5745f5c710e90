/**
 * Options shared by every limit check, and the solver hook through which a check obtains
 * its trajectories.
 *
 * The hook lets a caller replace the trajectory of one role (e.g. 'finite:sgd', the
 * finite-(n, d) SGD run of L1) by another: the power tests feed deliberately wrong inputs
 * (GF where SGD is expected) through it and require the verdict to fail.
 */
import { DEFAULT_BATCHES } from '../solvers/dmft/types.ts';
import type { Config } from '../model/types.ts';
import type { Trajectory } from '../solvers/trajectory.ts';

export interface SolveRequest {
  /** Which input of the statement this is, e.g. 'finite:sgd', 'limit:gf', 'gamma:0.25'. */
  role: string;
  config: Config;
  /** Runs the solver the check would use; a hook may call it with another config. */
  run: (config: Config) => Trajectory;
}

/** Returns a replacement trajectory, or undefined to keep the check's own solver. */
export type SolveHook = (request: SolveRequest) => Trajectory | undefined;

export interface CheckOptions {
  /** Master seed; default config.seed. */
  seed?: number;
  /** Planned false-failure probability of the verdict; default 1e-4. */
  alpha?: number;
  /** Finite-(n, d) replicates per size. */
  replicates?: number;
  /** DMFT Monte Carlo paths (split over `batches`). */
  paths?: number;
  /** DMFT independent path batches; default 8. */
  batches?: number;
  /** DMFT grid step. */
  dt?: number;
  /** The dimension ladder (L1) or the single dimension (L2, L7). */
  dims?: number[];
  /** The learning-rate ladder (L3, L4). */
  gammas?: number[];
  /** The δ ladder (L5). */
  deltas?: number[];
  solve?: SolveHook;
}

export const DEFAULT_ALPHA = 1e-4;

/**
 * Degrees of freedom of a DMFT Monte Carlo standard error: it is estimated from the spread of
 * B independent path batches (runLimit's default B = 8), so B − 1 (src/limits/compareValue.ts).
 */
export function mcDof(options: CheckOptions): number {
  return Math.max(1, (options.batches ?? DEFAULT_BATCHES) - 1);
}

/** Runs `run(config)` unless the hook supplies the trajectory of `role`. */
export function solveRole(
  options: CheckOptions,
  role: string,
  config: Config,
  run: (config: Config) => Trajectory,
): Trajectory {
  const replaced = options.solve?.({ role, config, run });
  const result = replaced ?? run(config);
  if (result.status === 'diverged' && !role.startsWith('stability:')) {
    throw new RangeError(
      `${role}: the run diverged (${result.message ?? 'no message'}); the statement needs a ` +
        'stable run, so choose a smaller learning rate or horizon',
    );
  }
  return result;
}

/** Checks the options a caller may pass, naming the field, the value and what is allowed. */
export function checkOptions(name: string, options: CheckOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${name}: options must be an object; received ${String(options)}`);
  }
  const positiveInteger = ['replicates', 'paths', 'batches'] as const;
  for (const key of positiveInteger) {
    const value = options[key];
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 2)) {
      throw new RangeError(
        `${name}: options.${key} must be an integer ≥ 2; received ${String(value)}`,
      );
    }
  }
  if (options.alpha !== undefined && !(options.alpha > 0 && options.alpha < 1)) {
    throw new RangeError(`${name}: options.alpha must be in (0, 1); received ${options.alpha}`);
  }
  if (options.dt !== undefined && !(options.dt > 0 && Number.isFinite(options.dt))) {
    throw new RangeError(`${name}: options.dt must be a positive number; received ${options.dt}`);
  }
  if (options.seed !== undefined && (!Number.isSafeInteger(options.seed) || options.seed < 0)) {
    throw new RangeError(
      `${name}: options.seed must be a non-negative integer; received ${options.seed}`,
    );
  }
  for (const key of ['dims', 'gammas', 'deltas'] as const) {
    const list = options[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length < 1 || list.some((x) => !(x > 0))) {
      throw new RangeError(
        `${name}: options.${key} must be a non-empty list of positive numbers; received ` +
          JSON.stringify(list),
      );
    }
  }
  if (options.dims?.some((d) => !Number.isSafeInteger(d))) {
    throw new RangeError(
      `${name}: options.dims must hold integers; received ${JSON.stringify(options.dims)}`,
    );
  }
}
