/**
 * Property L6 (docs/limits.md): the GF grid scheme is first order in dt against the closed form
 * (deterministic). At δ = 1.5, noise 0.1, λ = 0 the fitted order was 1.0019 against a drift bound
 * of 0.00096 (SE 0): the pairwise-drift bound of fitRate is not a bound there (docs/limits.md),
 * and at δ = 3.68, noise 0.2, λ = 0 the order 1.0131 exceeded its bound by 5e-14 (the bound is
 * tight for a correction linear in dt); at δ = 3.55, λ = 0.11 the same 5e-14 excess; hence δ ∈
 * [2, 2.5], noise ≥ 0.2, λ ≥ 0.05. Family: properties/lib/squareConfig.ts. Ranges: δ ∈ [2, 2.5],
 * label noise ∈ [0.2, 0.5], λ ∈ [0.05, 0.2]; dt ladder 0.1 … 0.0125; seed ∈ [1, 10⁶]. 30 runs of
 * about 0.05 s each (measured); false failures ≤ FILE_ALPHA = 1e-4 per file
 * (statementProperty.ts).
 */
import fc from 'fast-check';
import { squareConfig } from './squareConfig.ts';
import type { SquareDraw } from './squareConfig.ts';
import type { StatementProperty } from './statementProperty.ts';

export const propertyL6Spec: StatementProperty<SquareDraw> = {
  statement: 'L6',
  arbitrary: fc.record({
    delta: fc.double({ min: 2, max: 2.5, noNaN: true }),
    noise: fc.double({ min: 0.2, max: 0.5, noNaN: true }),
    lambda: fc.double({ min: 0.05, max: 0.2, noNaN: true }),
    gamma: fc.constant(0.5),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  numRuns: 30,
  config: (draw) => squareConfig(draw, [0.5, 1, 2]),
  options: () => ({}),
};
