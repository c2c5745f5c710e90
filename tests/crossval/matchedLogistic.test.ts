/**
 * Comparison 1, logistic model (docs/crossval.md): each discrete DMFT variant against the
 * finite algorithm whose exact limit it is (docs/dmft.md) — 'gf' with dt = Δ against GD
 * with step Δ, 'bernoulli-sgd' against Bernoulli-batch SGD with p = Δ/γ, 'sme' against
 * Euler–Maruyama SME with step Δ. Sign labels y = sign(r* + 0.3ε), logistic loss, λ = 0.05.
 *
 * Tolerance (tests/crossval/helpers/matchedComparison.ts): per observable (Q, M, train and
 * test risk) and time, t·√(SE_finite² + SE_dmft²) + C_MULTIPASS/d, t the Student critical
 * value (Welch degrees of freedom) for the false-failure probability 1e-4 of the test split
 * over its 12 comparisons. No grid term: the grid scheme is the exact limit of the matched
 * algorithm. Sizes in helpers/suiteSizes.ts.
 */
import { suiteSeed } from '../helpers/seed.ts';
import { describeMatched } from './helpers/describeMatched.ts';
import { MATCHED } from './helpers/suiteSizes.ts';

describeMatched(
  'logistic',
  ['gf', 'bernoulli-sgd', 'sme'],
  { ...MATCHED, paths: MATCHED.paths.logistic },
  { seeds: [suiteSeed()], file: 'tests/crossval/matchedLogistic.test.ts' },
);
