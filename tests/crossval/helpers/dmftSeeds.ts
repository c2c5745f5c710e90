/**
 * dmftSeeds: S independent DMFT solves (seeds seed, seed + 1, …) of the same config and
 * options, kept one by one, so that linear combinations of several solves (a dt vs dt/2
 * pair, a Richardson step) get a standard error from their seed-to-seed spread with S − 1
 * degrees of freedom (docs/crossval.md). Each solve runs `batches: 2` internal batches
 * (the minimum the solver takes) of paths/S paths; docs/dmft.md: each batch is a complete
 * independent solve, so the S solves are i.i.d.
 */
import { solveDMFT } from '../../../src/solvers/dmft/solveDMFT.ts';
import type { DmftOptions } from '../../../src/solvers/dmft/types.ts';
import type { Config } from '../../../src/model/types.ts';
import type { Trajectory } from '../../../src/solvers/trajectory.ts';

export interface DmftSeedOptions {
  measure: DmftOptions['measure'];
  dt: number;
  /** Total paths over all S solves. */
  paths: number;
  seed: number;
  seeds: number;
}

export function dmftSeeds(config: Config, options: DmftSeedOptions): Trajectory[] {
  const { measure, dt, paths, seed, seeds } = options;
  if (!(Number.isSafeInteger(seeds) && seeds >= 2)) {
    throw new RangeError(`seeds must be an integer ≥ 2, received ${seeds}`);
  }
  const runs: Trajectory[] = [];
  for (let s = 0; s < seeds; s++) {
    const run = solveDMFT(config, {
      measure,
      dt,
      paths: Math.max(2, Math.round(paths / seeds)),
      seed: seed + s,
      batches: 2,
      deterministic: false,
    } as DmftOptions);
    if (run.status !== 'ok') throw new Error(`DMFT ${measure} seed ${seed + s}: ${run.message}`);
    runs.push(run);
  }
  return runs;
}
