/**
 * Comparison 2 (docs/crossval.md): the continuous-time DMFT of SGD (Poisson clock, measure
 * 'sgd') against finite multi-pass SGD with fixed batches of κ = ⌈√n⌉, logistic model with
 * sign labels (MATH §3 L1, L2, L6).
 *
 * Tolerance (tests/crossval/helpers/continuousSgdComparison.ts), per observable and time:
 *   t·√(SE_finite² + SE_dmft(dt/2)²) + |D̂| + t′·SE(D̂) + C_BATCH·η + C_MULTIPASS/d,
 * where D̂ = O(dt) − O(dt/2) is the paired grid-bias estimate of the first-order scheme,
 * η = γκ/n the finite step (batch bias O(κ/n + η) ∝ 1/√d at κ = ⌈√n⌉) and C/d the finite-d
 * bias; t and t′ share the false-failure probability 1e-4 of the test equally, each split
 * over the 12 comparisons.
 */
import { describe, it } from 'vitest';
import { suiteSeed } from '../helpers/seed.ts';
import { assertRows } from './helpers/assertRows.ts';
import { continuousSgdComparison } from './helpers/continuousSgdComparison.ts';
import { ALPHA, CONTINUOUS_SGD } from './helpers/suiteSizes.ts';

const FILE = 'tests/crossval/continuousSgd.test.ts';
const seed = suiteSeed();

describe(`continuous DMFT-SGD against finite SGD, κ = ⌈√n⌉ (suite seed ${seed})`, () => {
  const name = "DMFT 'sgd' at dt/2, grid bias from dt, matches finite SGD within c/√d";
  it(name, () => {
    const result = continuousSgdComparison({ ...CONTINUOUS_SGD, seed, alpha: ALPHA });
    assertRows(result.rows, {
      label: `logistic SGD κ = ${result.kappa}, η = ${result.eta}`,
      seed,
      file: FILE,
      test: name,
      config: {
        finite: result.config,
        dmft: {
          measure: 'sgd',
          dt: [CONTINUOUS_SGD.dt, CONTINUOUS_SGD.dt / 2],
          paths: CONTINUOUS_SGD.paths,
          seeds: CONTINUOUS_SGD.seeds,
          firstSeed: seed,
        },
      },
    });
  });
});
