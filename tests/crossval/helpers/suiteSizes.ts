/**
 * suiteSizes: the sizes of the cross-validation as `npm test` runs it (tests/crossval/*.test.ts)
 * and as `scripts/deep/crossval.ts --calibrate` repeats it over many seeds to check that the
 * z-scores look N(0, 1) (docs/crossval.md). One place, so the calibration measures exactly what
 * the tests assert. Budget: the five test files together stay under 120 s of wall time on two
 * shared cores (measured numbers in docs/crossval.md).
 *
 * Choices. Per-test false-failure probability ALPHA = 1e-4, split over the comparisons of the
 * test (Bonferroni). Finite side: the replicate standard error scales like 1/√(dR) while the
 * cost of a GD/SME replicate scales like d² (n = δd rows of length d), so for a fixed cost a
 * smaller d with more replicates gives a smaller error, down to where the bias C/d
 * (./biasBounds.ts) starts to matter: d = 500, R = 32 puts C/d = 0.006 at about a quarter of
 * t·SE for Q. DMFT side: paths per model such that its standard error is at most about the
 * finite one (a logistic path costs a tenth of a committee path: k = 1 against k = 2 and
 * three Gaussian dimensions against four), in 32 batches so that both standard errors carry
 * about 31 degrees of freedom. 250 paths per batch keep the batch-mean bias of order
 * 1/(paths per batch) (docs/dmft.md) below resolution: 2 against 64 batches of the same
 * 16 000 paths gave the same means within their standard errors.
 */
import type { ModelName } from './matchedCase.ts';

export const ALPHA = 1e-4;

export const MATCHED = {
  d: 500,
  delta: 2,
  gamma: 0.5,
  /** Δ: GD step, Bernoulli η (p = Δ/γ = 0.2, κ = Δn/γ = 200), SME step. */
  dt: 0.1,
  times: [0.5, 1, 2],
  replicates: 32,
  paths: { logistic: 32000, committee: 8000 } as Record<ModelName, number>,
  batches: 32,
};

/** n = 1024, κ = 32, η = γκ/n = 1/64: every output time is a whole number of steps. */
export const CONTINUOUS_SGD = {
  model: 'logistic' as ModelName,
  d: 512,
  delta: 2,
  gamma: 0.5,
  times: [0.5, 1, 2],
  dt: 0.05,
  replicates: 64,
  paths: 128000,
  seeds: 32,
};

export const SQUARE = {
  delta: 2,
  gamma: 0.5,
  lambda: 0.05,
  noise: 0.3,
  scale: 0.5,
  overlap: 0.3,
  times: [0.5, 1, 2],
  h: 0.05,
  volterraStep: 0.01,
};

/** Single-index erf teacher and student: the ODE's Gauss–Hermite rule is two-dimensional. */
export const ONLINE = {
  model: {
    teacher: { k: 1, link: 'erf', noise: 0.1, readout: [1] },
    student: { k: 1, link: 'erf', readout: [1] },
    loss: 'square',
    lambda: 0,
    init: { scale: 0.5, overlap: 0.2 },
  },
  d: 1000,
  gamma: 0.5,
  times: [0.5, 1, 2],
  replicates: 32,
  nodes: [30, 40] as [number, number],
  step: 0.05,
};
