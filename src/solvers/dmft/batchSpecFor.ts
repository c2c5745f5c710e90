/**
 * batchSpecFor: the marchBatch specification of path batch `batch` of a validated DMFT run
 * (docs/dmft.md), shared by the in-process loop and the worker threads so that both march
 * exactly the same batch (same seed streams `dmft/<batch>/…`, same sizes).
 */
import type { Config, Model } from '../../model/types.ts';
import type { BatchSpec } from './marchBatch.ts';
import { type DmftOptions, KINK_BANDWIDTH } from './types.ts';
import type { ResolvedDmftInput } from './validateDmftInput.ts';

/** Student links with a kink at preactivation 0, where ℓ jumps. */
export function isKinkedStudent(config: Config): boolean {
  return config.student.link === 'relu' || config.student.link === 'abs';
}

/** The grid points where outputs are read (train risk needed). */
export function outputStepsOf(input: ResolvedDmftInput): Uint8Array {
  const flags = new Uint8Array(input.steps + 1);
  for (const a of input.timeSteps) flags[a] = 1;
  return flags;
}

export function batchSpecFor(
  model: Model,
  config: Config,
  options: DmftOptions,
  input: ResolvedDmftInput,
  batch: number,
  outputSteps: Uint8Array,
): BatchSpec {
  return {
    model,
    measure: input.measure,
    steps: input.steps,
    dt: input.dt,
    lambda: config.lambda,
    delta: config.delta,
    gamma: input.gamma,
    overlap: input.overlap,
    initSecondMoment: input.initSecondMoment,
    paths: input.batchSizes[batch],
    seed: options.seed,
    batchIndex: batch,
    outputSteps,
    // A kinked student's ∂Z/∂r* has a delta part too, so ν takes the Stein form there.
    directNu: model.labelDifferentiable && !isKinkedStudent(config),
    kinked: isKinkedStudent(config),
    kinkBandwidth: options.kinkBandwidth ?? KINK_BANDWIDTH,
  };
}
