/**
 * Property L4 (docs/limits.md): with an affine loss gradient (square loss, linear student and
 * teacher, k = k* ∈ {1, 2, 3}) SGD (Bernoulli DMFT at γ + dt) and SME (at γ) agree to rounding on
 * the deterministic closure, and GF is distinct from both at γ = 1 (read at dt/16, where SME's
 * grid error is below the gap even at noise 0.1: at δ = 2.81, noise 0.1 the gap at t = 2 is 0.020
 * in the continuum, and SME's grid error at dt/4 was 0.015). The nonlinear half of L4 (order 2)
 * costs 10–25 s per config and runs once in tests/limits/l4.test.ts. Family:
 * properties/lib/squareConfig.ts. Ranges: δ ∈ [1.5, 4], label noise ∈ [0.1, 0.5], λ ∈ [0, 0.2], k
 * ∈ {1, 2, 3}; γ ladder 1, 0.5; t ∈ {0.5, 1, 2}; seed ∈ [1, 10⁶]. 15 runs of about 0.8 s each
 * (measured); false failures ≤ FILE_ALPHA = 1e-4 per file (and 0 in fact: the closure is
 * deterministic).
 */
import fc from 'fast-check';
import { squareConfig } from './squareConfig.ts';
import type { SquareDraw } from './squareConfig.ts';
import type { StatementProperty } from './statementProperty.ts';

export const propertyL4Spec: StatementProperty<SquareDraw> = {
  statement: 'L4',
  arbitrary: fc.record({
    delta: fc.double({ min: 1.5, max: 4, noNaN: true }),
    noise: fc.double({ min: 0.1, max: 0.5, noNaN: true }),
    lambda: fc.double({ min: 0, max: 0.2, noNaN: true }),
    gamma: fc.constant(0.5),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    k: fc.integer({ min: 1, max: 3 }),
  }),
  numRuns: 15,
  config: (draw) => squareConfig(draw, [0.5, 1, 2]),
  options: () => ({}),
};
