/**
 * Property L2 (docs/limits.md): κ ∈ {1, ⌈n^¼⌉, ⌈n^½⌉, ⌈n^¾⌉} at d = 200 with 12 paired replicates
 * share one limit. Family: properties/lib/squareConfig.ts. Ranges: δ ∈ [1.5, 3], label noise ∈
 * [0.1, 0.5], γ ∈ [0.3, 0.6], λ = 0; seed ∈ [1, 10⁶]. 12 runs of about 0.4 s each (measured);
 * false failures ≤ FILE_ALPHA = 1e-4 per file (statementProperty.ts). 12 replicates, not 6:
 * the tolerance uses the t quantile with R − 1 degrees of freedom, 42 at this file's
 * Bonferroni tail for R = 6 (a nearly vacuous check) and 13 for R = 12.
 */
import fc from 'fast-check';
import { squareConfig } from './squareConfig.ts';
import type { SquareDraw } from './squareConfig.ts';
import type { StatementProperty } from './statementProperty.ts';

export const propertyL2Spec: StatementProperty<SquareDraw> = {
  statement: 'L2',
  arbitrary: fc.record({
    delta: fc.double({ min: 1.5, max: 3, noNaN: true }),
    noise: fc.double({ min: 0.1, max: 0.5, noNaN: true }),
    lambda: fc.constant(0),
    gamma: fc.double({ min: 0.3, max: 0.6, noNaN: true }),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  numRuns: 12,
  config: (draw) => squareConfig(draw, [0.5, 1, 2]),
  options: () => ({ dims: [200], replicates: 12 }),
};
