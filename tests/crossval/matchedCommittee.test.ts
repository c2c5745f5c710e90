/**
 * Comparison 1, committee model (docs/crossval.md): each discrete DMFT variant against the
 * finite algorithm whose exact limit it is (MATH §3 L6', §5.1) — 'gf' with dt = Δ against GD
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
import { describe, it } from 'vitest';
import { suiteSeed } from '../helpers/seed.ts';
import { assertRows } from './helpers/assertRows.ts';
import type { MatchedMeasure } from './helpers/matchedCase.ts';
import { matchedComparison } from './helpers/matchedComparison.ts';
import { ALPHA, MATCHED } from './helpers/suiteSizes.ts';

const FILE = 'tests/crossval/matchedCommittee.test.ts';
const seed = suiteSeed();
const MEASURES: [MatchedMeasure, string][] = [
  ['gf', 'GD with step Δ'],
  ['bernoulli-sgd', 'Bernoulli-batch SGD with p = Δ/γ'],
  ['sme', 'Euler–Maruyama SME with step Δ'],
];

describe(`committee: discrete DMFT variants = matched finite runs (suite seed ${seed})`, () => {
  for (const [measure, partner] of MEASURES) {
    const name = `'${measure}' matches ${partner}`;
    it(name, () => {
      const result = matchedComparison({
        ...MATCHED,
        model: 'committee',
        measure,
        seed,
        paths: MATCHED.paths.committee,
        alpha: ALPHA,
      });
      assertRows(result.rows, {
        label: `committee ${measure}`,
        seed,
        file: FILE,
        test: name,
        config: {
          finite: result.pair.finiteConfig,
          dmft: result.pair.dmftConfig,
          dmftOptions: {
            measure,
            dt: MATCHED.dt,
            paths: MATCHED.paths.committee,
            batches: MATCHED.batches,
            seed,
          },
        },
      });
    });
  }
});
