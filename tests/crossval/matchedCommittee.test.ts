/**
 * Comparison 1, committee model (docs/crossval.md): each discrete DMFT variant against the
 * finite algorithm whose exact limit it is (docs/dmft.md) — 'gf' with dt = Δ against GD
 * with step Δ, 'bernoulli-sgd' against Bernoulli-batch SGD with p = Δ/γ, 'sme' against
 * Euler–Maruyama SME with step Δ. Soft committee k = k* = 2 with erf units and readouts 1,
 * label noise 0.1, square loss, start Θ0 = Θ*·diag(0.3, 0.1) + 0.5·G.
 *
 * Tolerance (tests/crossval/helpers/matchedComparison.ts): per observable (Q, M, train and
 * test risk) and time, t·√(SE_finite² + SE_dmft²) + C_MULTIPASS/d, t the Student critical
 * value (Welch degrees of freedom) for the false-failure probability 1e-4 of the test split
 * over its 27 comparisons. No grid term: the grid scheme is the exact limit of the matched
 * algorithm. Sizes in helpers/suiteSizes.ts.
 */
import { suiteSeed } from '../helpers/seed.ts';
import { describeMatched } from './helpers/describeMatched.ts';
import { MATCHED } from './helpers/suiteSizes.ts';

describeMatched(
  'committee',
  ['gf', 'bernoulli-sgd', 'sme'],
  { ...MATCHED, paths: MATCHED.paths.committee },
  { seeds: [suiteSeed()], file: 'tests/crossval/matchedCommittee.test.ts' },
);
