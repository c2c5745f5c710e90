/**
 * deepSizes: the sizes of the deep cross-validation (deep/crossval/*.test.ts, `npm run
 * test:deep`; docs/crossval.md, "Deep tests"). The same comparisons, tolerance derivations
 * and false-failure budget ALPHA per test as `npm test` (tests/crossval/helpers/suiteSizes.ts),
 * at d ≥ 2000, where the finite-d bias C/d is four times smaller and the tests resolve
 * differences about half as large.
 *
 * Comparison 1: d = 2000, n = 4000, Δ = 0.05, so the Bernoulli batch is κ = Δn/γ = 400
 * (p = 0.1); 16 replicates against a 64 000-path DMFT in 16 batches.
 * Comparison 2: d = 2048, n = 4096, κ = ⌈√n⌉ = 64, η = γκ/n = 1/128; 32 replicates against
 * 256 000 DMFT paths per grid over 32 paired seeds; both models.
 * Comparison 3: the square-loss ladder from h = 0.02 (down to 0.0025), Volterra step 0.005.
 * Comparison 4: the erf committee k = k* = 2 (4-dimensional Gauss–Hermite, 8 against 10
 * nodes), d = 2000, 32 replicates.
 */
import type { ContinuousSgdSizes } from '../../tests/crossval/helpers/describeContinuousSgd.ts';
import type { MatchedSizes } from '../../tests/crossval/helpers/describeMatched.ts';
import type { OnlineSizes } from '../../tests/crossval/helpers/describeOnline.ts';
import { MODELS } from '../../tests/crossval/helpers/matchedCase.ts';
import type { SquareLossSpec } from '../../tests/crossval/helpers/squareLossComparison.ts';
import { CONTINUOUS_SGD, ONLINE, SQUARE } from '../../tests/crossval/helpers/suiteSizes.ts';

/** The vitest config of the deep files (named in every replay command). */
export const DEEP_CONFIG = 'vitest.deep.config.ts';

export const DEEP_MATCHED: MatchedSizes = {
  d: 2000,
  delta: 2,
  gamma: 0.5,
  dt: 0.05,
  times: [0.5, 1, 2],
  replicates: 16,
  paths: 64000,
  batches: 16,
};

const { model: _npmModel, ...continuousSizes } = CONTINUOUS_SGD;

export const DEEP_CONTINUOUS_SGD: ContinuousSgdSizes = {
  ...continuousSizes,
  d: 2048,
  replicates: 32,
  paths: 256000,
};

export const DEEP_SQUARE: SquareLossSpec = { ...SQUARE, h: 0.02, volterraStep: 0.005 };

export const DEEP_ONLINE: OnlineSizes = {
  ...ONLINE,
  model: MODELS.committee,
  d: 2000,
  replicates: 32,
  nodes: [8, 10],
};
