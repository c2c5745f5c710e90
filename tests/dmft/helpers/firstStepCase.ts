/**
 * firstStepCase: the exact first grid step of the DMFT for square loss, k = k* = 1, θ0 = 0
 * (docs/dmft.md), shared by the Monte Carlo test (oracles.test.ts) and the deterministic
 * closure test (deterministic.test.ts), which allow different errors around the same values.
 *
 * With θ0 = 0 the cell's multiplier of ℓ(0; y) = −y is μ_eff, and
 *   Q(dt) = δ·E y²·m2 + δ²·m1²,  M(dt) = δ·m1,  m1 = E μ_eff, m2 = E μ_eff², E y² = 1 + σ².
 * GF: μ = dt; EM-SME: E μ² = dt² + γ·dt; Bernoulli-SGD: E μ² = γ·dt. Poisson SGD with jumps
 * applied in turn (H = 1): μ_eff = 1 − (1 − γ)^n, n ~ Poisson(dt/γ), and E q^n = e^{(dt/γ)(q − 1)}
 * with q = 1 − γ and (1 − γ)² (a different form from the solver's expm1 one).
 */
import type { Config } from '../../../src/model/types.ts';
import { dmftConfig } from './privateModels.ts';

/** The measures with a closed-form first step ('em-sme' is 'sme' under another name). */
export type FirstStepMeasure = 'gf' | 'sme' | 'bernoulli-sgd' | 'sgd';

export interface FirstStepCase {
  config: Config;
  dt: number;
  delta: number;
  gamma: number;
  /** δ·E y²·m2 + δ²·m1² and δ·m1 per measure. */
  expected: Record<FirstStepMeasure, { Q: number; M: number }>;
}

export function firstStepCase(sigma: number): FirstStepCase {
  const dt = 0.25;
  const gamma = 0.5;
  const delta = 2;
  const config = dmftConfig({ delta, lambda: 0.05, gamma, sigma, times: [dt] });
  const secondMomentY = 1 + sigma * sigma;
  const moments: Record<FirstStepMeasure, [number, number]> = {
    gf: [dt, dt * dt],
    sme: [dt, dt * dt + gamma * dt],
    'bernoulli-sgd': [dt, gamma * dt],
    sgd: [
      1 - Math.exp(-dt),
      1 - 2 * Math.exp(-dt) + Math.exp((dt / gamma) * ((1 - gamma) ** 2 - 1)),
    ],
  };
  const expected = {} as FirstStepCase['expected'];
  for (const [measure, [m1, m2]] of Object.entries(moments) as [FirstStepMeasure, number[]][]) {
    expected[measure] = { Q: delta * secondMomentY * m2 + delta * delta * m1 * m1, M: delta * m1 };
  }
  return { config, dt, delta, gamma, expected };
}
