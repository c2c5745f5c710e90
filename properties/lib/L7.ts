/**
 * Property L7 (docs/limits.md): square-loss stability threshold γ = 2 (closed form, deterministic
 * DMFT, finite SGD at d = 400); δ stays at 2 because finite-size effects near γ = 2 grow as δ
 * shrinks (docs/limits.md). Family: properties/lib/squareConfig.ts. Ranges: label noise ∈ [0.1,
 * 0.5], δ = 2, λ = 0; γ ∈ {1.8, 2.2}; seed ∈ [1, 10⁶]. 4 runs of about 2.6 s each (measured);
 * false failures ≤ FILE_ALPHA = 1e-4 per file (statementProperty.ts).
 */
import fc from 'fast-check';
import { squareConfig } from './squareConfig.ts';
import type { SquareDraw } from './squareConfig.ts';
import type { StatementProperty } from './statementProperty.ts';

export const propertyL7Spec: StatementProperty<SquareDraw> = {
  statement: 'L7',
  arbitrary: fc.record({
    delta: fc.constant(2),
    noise: fc.double({ min: 0.1, max: 0.5, noNaN: true }),
    lambda: fc.constant(0),
    gamma: fc.constant(0.5),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  numRuns: 4,
  config: (draw) => squareConfig(draw, [2, 5, 10]),
  options: () => ({}),
};
