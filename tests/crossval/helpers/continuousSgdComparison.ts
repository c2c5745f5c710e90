/**
 * continuousSgdComparison: the continuous-time DMFT of SGD (the Poisson-clock measure 'sgd')
 * against finite multi-pass SGD with fixed batches of κ = ⌈√n⌉ (docs/limits.md L1–L2, L6;
 * docs/crossval.md, comparison 2).
 *
 * Method. The DMFT runs on two grids, dt and dt/2, as S paired seeds (./dmftSeeds.ts); the
 * finite mean is compared with the dt/2 solve. Its grid bias is first order (docs/dmft.md,
 * "Grid bias"), O(h) = O_∞ + b·h + O(h²), so bias(dt/2) = b·dt/2 = O(dt) − O(dt/2) up to
 * O(dt²): the paired difference D̂ estimates it, and |D̂| + t·SE(D̂) bounds it with the
 * false-failure share alpha/2. The finite side carries the batch bias ≤ C_BATCH·η and the
 * finite-d bias ≤ C_MULTIPASS/d (./biasBounds.ts). Tolerance:
 *   t·√(SE_finite² + SE_dmft(dt/2)²) + |D̂| + t′·SE(D̂) + C_BATCH·η + C_MULTIPASS/d,
 * with t, t′ Student critical values at alpha/(2m) each (m comparisons).
 */
import { parseConfig } from '../../../src/model/parseConfig.ts';
import type { Config } from '../../../src/model/types.ts';
import type { Trajectory } from '../../../src/solvers/trajectory.ts';
import { C_BATCH, C_MULTIPASS } from './biasBounds.ts';
import { combineRuns } from './combineRuns.ts';
import { compareTrajectories } from './compareTrajectories.ts';
import type { ComparisonRow } from './compareTrajectories.ts';
import { studentCritical } from './criticalValues.ts';
import { dmftSeeds } from './dmftSeeds.ts';
import { MODELS } from './matchedCase.ts';
import type { ModelName } from './matchedCase.ts';
import { runReplicates } from './runReplicates.ts';
import { scalarObservables } from './scalarObservables.ts';

export interface ContinuousSgdSpec {
  model: ModelName;
  d: number;
  delta: number;
  gamma: number;
  times: number[];
  /** Coarse DMFT grid step; the comparison uses dt/2. */
  dt: number;
  replicates: number;
  /** DMFT paths per grid, over all seeds. */
  paths: number;
  /** Paired DMFT seeds S (≥ 2). */
  seeds: number;
  seed: number;
  alpha: number;
}

export interface ContinuousSgdComparison {
  config: Config;
  kappa: number;
  eta: number;
  rows: ComparisonRow[];
  /** The grid-bias estimate D̂ = O(dt) − O(dt/2) with its paired standard error. */
  gridDifference: Trajectory;
  seconds: { finite: number; dmft: number };
}

export function continuousSgdComparison(spec: ContinuousSgdSpec): ContinuousSgdComparison {
  const n = Math.round(spec.delta * spec.d);
  const kappa = Math.ceil(Math.sqrt(n));
  const eta = (spec.gamma * kappa) / n;
  for (const t of spec.times) {
    // Both sides then observe exactly t: the finite run after t/η steps, the DMFT on its grid.
    const steps = t / eta;
    const cells = t / (spec.dt / 2);
    if (Math.abs(steps - Math.round(steps)) > 1e-9 || Math.abs(cells - Math.round(cells)) > 1e-9) {
      throw new RangeError(
        `time ${t} must be a multiple of η = ${eta} and of dt/2 = ` + `${spec.dt / 2}`,
      );
    }
  }
  const config = parseConfig(
    {
      ...MODELS[spec.model],
      d: spec.d,
      delta: spec.delta,
      times: spec.times,
      seed: spec.seed,
      algorithm: { name: 'sgd', gamma: spec.gamma, kappa, batch: 'fixed' },
    },
    'crossval sgd',
  );

  let start = performance.now();
  const finite = runReplicates(config, 'sgd', spec.replicates);
  const finiteSeconds = (performance.now() - start) / 1000;

  start = performance.now();
  const common = { measure: 'sgd' as const, paths: spec.paths, seed: spec.seed, seeds: spec.seeds };
  const coarse = dmftSeeds(config, { ...common, dt: spec.dt });
  const fine = dmftSeeds(config, { ...common, dt: spec.dt / 2 });
  const dmftSeconds = (performance.now() - start) / 1000;
  const fineMean = combineRuns([fine], [1]);
  const gridDifference = combineRuns([coarse, fine], [1, -1]);

  // The grid-bias bound of each observable, from the paired difference.
  let comparisons = 0;
  const differences = new Map<string, { value: number; se: number }>();
  for (let index = 0; index < gridDifference.times.length; index++) {
    for (const o of scalarObservables(gridDifference, index)) {
      differences.set(`${index}/${o.name}`, o);
      comparisons += 1;
    }
  }
  const tBias = studentCritical(spec.alpha / 2 / comparisons, spec.seeds - 1);
  const rows = compareTrajectories({
    finite: finite.mean,
    finiteDegrees: spec.replicates - 1,
    dmft: fineMean,
    dmftDegrees: spec.seeds - 1,
    alpha: spec.alpha / 2,
    bias: (name, index) => {
      const difference = differences.get(`${index}/${name}`);
      if (!difference) throw new Error(`no grid difference for ${name} at index ${index}`);
      const grid = Math.abs(difference.value) + tBias * difference.se;
      return grid + C_BATCH * eta + C_MULTIPASS / spec.d;
    },
  });
  return {
    config,
    kappa,
    eta,
    rows,
    gridDifference,
    seconds: { finite: finiteSeconds, dmft: dmftSeconds },
  };
}
