/**
 * First statistical properties of the finite-(n, d) solvers (docs/tests.md derives each
 * tolerance). Each test budgets a false-failure probability of 1e-4 and splits it over its
 * comparisons (Bonferroni), so the z below is the two-sided normal quantile of 1e-4/m.
 *
 * (a) Batch-exponent collapse: κ = 1, ⌈n^⅓⌉, ⌈n^⅔⌉ at the same γ share one limit. Replicates
 *     share data across κ (the batch stream is separate), so differences are paired.
 *     Allowed: z·SE(paired difference) + bias, with bias = (κ/n)·|O_SGD − O_GF| (the batch
 *     noise covariance differs by the factor (n − κ)/(n − 1)) + (η/2)·|dO/dt| (an output time
 *     is observed after round(t/η) steps).
 * (b) On the same data, the SGD–GF gap in (Q, M) shrinks as γ halves (it is O(γ)): by more
 *     than z·SE for Q; for M, whose gap is below the noise at this d, it must not grow.
 * (c) The replicate spread of the test risk scales like d^{-1/2}.
 */
import { describe, expect, it } from 'vitest';
import { reproduce } from '../helpers/configs.ts';
import { suiteSeed } from '../helpers/seed.ts';
import type { PropertyResult } from './helpers/finiteDProperties.ts';
import { batchCollapse, gapShrinks, spreadRate } from './helpers/finiteDProperties.ts';

const seed = suiteSeed();
const FILE = 'tests/statistics/finiteD.test.ts';

/** Every failing comparison of a property, then the line that replays it. */
function failures(result: PropertyResult, name: string): string {
  const failing = result.checks.filter((c) => !c.pass).map((c) => `  ${c.label}`);
  return `${failing.join('\n')}${reproduce(seed, result.raw, FILE, name)}`;
}

describe(`finite-d statistical properties (suite seed ${seed})`, () => {
  it('(a) κ = 1, ⌈n^⅓⌉, ⌈n^⅔⌉ at the same γ agree within the replicate spread plus O(κ/n)', () => {
    const result = batchCollapse(seed);
    expect(result.checks).toHaveLength(24);
    expect(result.pass, failures(result, '(a)')).toBe(true);
  });

  it('(b) on the same data, the SGD–GF gap in Q and M shrinks as γ halves', () => {
    const result = gapShrinks(seed);
    expect(result.checks).toHaveLength(4);
    expect(result.pass, failures(result, '(b)')).toBe(true);
  });

  it('(c) the replicate spread of the test risk shrinks like d^(-1/2)', () => {
    const result = spreadRate(seed);
    expect(result.pass, failures(result, '(c)')).toBe(true);
  });
});
