/**
 * Comparison 2 (docs/crossval.md): the continuous-time DMFT of SGD (Poisson clock, measure
 * 'sgd') against finite multi-pass SGD with fixed batches of κ = ⌈√n⌉, logistic model with
 * sign labels (docs/limits.md L1, L2, L6).
 *
 * Tolerance (tests/crossval/helpers/continuousSgdComparison.ts), per observable and time:
 *   t·√(SE_finite² + SE_dmft(dt/2)²) + |D̂| + t′·SE(D̂) + C_BATCH·η + C_MULTIPASS/d,
 * where D̂ = O(dt) − O(dt/2) is the paired grid-bias estimate of the first-order scheme,
 * η = γκ/n the finite step (batch bias O(κ/n + η) ∝ 1/√d at κ = ⌈√n⌉) and C/d the finite-d
 * bias; t and t′ share the false-failure probability 1e-4 of the test equally, each split
 * over the 12 comparisons.
 */
import { suiteSeed } from '../helpers/seed.ts';
import { describeContinuousSgd } from './helpers/describeContinuousSgd.ts';
import { CONTINUOUS_SGD } from './helpers/suiteSizes.ts';

const { model, ...sizes } = CONTINUOUS_SGD;
describeContinuousSgd(model, sizes, {
  seeds: [suiteSeed()],
  file: 'tests/crossval/continuousSgd.test.ts',
});
