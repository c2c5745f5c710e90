/**
 * Property L5 (docs/limits.md): δ → ∞ at τ = δt/γ and λ = λ̃δ/γ: the SGD limit tends to the
 * online ODE at order 1 in 1/δ. Family: properties/lib/squareConfig.ts. Ranges: label noise ∈
 * [0.1, 0.5], λ̃ ∈ [0, 0.2], δ ladder 4 … 32, γ = 0.5; seed ∈ [1, 10⁶]. 8 runs of about 1.3 s
 * each (measured); false failures ≤ FILE_ALPHA = 1e-4 per file (statementProperty.ts).
 */
import fc from 'fast-check';
import { squareConfig } from './squareConfig.ts';
import type { SquareDraw } from './squareConfig.ts';
import type { StatementProperty } from './statementProperty.ts';

export const propertyL5Spec: StatementProperty<SquareDraw> = {
  statement: 'L5',
  arbitrary: fc.record({
    delta: fc.constant(2),
    noise: fc.double({ min: 0.1, max: 0.5, noNaN: true }),
    lambda: fc.double({ min: 0, max: 0.2, noNaN: true }),
    gamma: fc.constant(0.5),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  numRuns: 8,
  config: (draw) => squareConfig(draw, [0.5, 1, 2]),
  options: () => ({}),
};
