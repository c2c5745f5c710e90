/**
 * linearSquareConfig: the square-loss config with a linear teacher and student, k = k* = 1,
 * that the closed-form oracles take (squareLossExact, volterraSGD; docs/exact.md): δ, label
 * noise σ, ridge λ, output times and the start θ0 = overlap·θ* + scale·g (default θ0 = 0).
 * With `gamma`, the algorithm is SGD at that γ (α = 0.5); without, testConfig's default.
 */
import type { Config } from '../../src/model/types.ts';
import { testConfig } from './configs.ts';

export function linearSquareConfig(
  delta: number,
  sigma: number,
  lambda: number,
  times: number[],
  init: Record<string, number> = {},
  gamma?: number,
): Config {
  return testConfig({
    delta,
    lambda,
    times,
    teacher: { link: 'linear', noise: sigma },
    init: { scale: 0, ...init },
    ...(gamma === undefined ? {} : { algorithm: { name: 'sgd', gamma, alpha: 0.5 } }),
  });
}
