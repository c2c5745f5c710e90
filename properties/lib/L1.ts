/**
 * Property L1 (docs/limits.md): finite SGD, SME and GF at d ∈ {50, 100} (12 replicates) against
 * their limits (closed forms for this family); larger d or more replicates would cost more than
 * the 2 s per run budgeted here. Family: properties/lib/squareConfig.ts. Ranges: δ ∈ [1.5, 3],
 * label noise ∈ [0.1, 0.5], γ ∈ [0.3, 0.6], λ = 0; seed ∈ [1, 10⁶]. 10 runs of about 0.7 s each
 * (measured); false failures ≤ FILE_ALPHA = 1e-4 per file (statementProperty.ts).
 */
import fc from 'fast-check';
import { squareConfig } from './squareConfig.ts';
import type { SquareDraw } from './squareConfig.ts';
import type { StatementProperty } from './statementProperty.ts';

export const propertyL1Spec: StatementProperty<SquareDraw> = {
  statement: 'L1',
  arbitrary: fc.record({
    delta: fc.double({ min: 1.5, max: 3, noNaN: true }),
    noise: fc.double({ min: 0.1, max: 0.5, noNaN: true }),
    lambda: fc.constant(0),
    gamma: fc.double({ min: 0.3, max: 0.6, noNaN: true }),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
  }),
  numRuns: 10,
  config: (draw) => squareConfig(draw, [0.5, 1, 2]),
  options: () => ({ dims: [50, 100], replicates: 12 }),
};
