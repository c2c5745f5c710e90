/**
 * Property L3 (docs/limits.md): γ → 0: the SGD limit tends to GF at order 1; both sides are
 * closed forms for this family, so a run is deterministic. Family:
 * properties/lib/squareConfig.ts. Ranges: δ ∈ [1.5, 4], label noise ∈ [0.1, 0.5], λ ∈ [0, 0.2]; γ
 * ladder 0.4 … 0.05; seed ∈ [1, 10⁶]. 40 runs of about 0.05 s each (measured); false failures ≤
 * FILE_ALPHA = 1e-4 per file (statementProperty.ts).
 */
import fc from 'fast-check';
import { squareConfig } from './squareConfig.ts';
import type { SquareDraw } from './squareConfig.ts';
import type { StatementProperty } from './statementProperty.ts';

export const propertyL3Spec: StatementProperty<SquareDraw> = {
  statement: 'L3',
  arbitrary: fc.record({
    delta: fc.double({ min: 1.5, max: 4, noNaN: true }),
    noise: fc.double({ min: 0.1, max: 0.5, noNaN: true }),
    lambda: fc.double({ min: 0, max: 0.2, noNaN: true }),
    gamma: fc.constant(0.5),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  numRuns: 40,
  config: (draw) => squareConfig(draw, [0.5, 1, 2]),
  options: () => ({}),
};
