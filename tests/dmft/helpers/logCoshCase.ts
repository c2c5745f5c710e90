/**
 * logCoshCase: the two log-cosh multi-index cases that both the per-path Stein identities
 * (identities.test.ts) and the pathwise tangent check (tangents.test.ts) run, so that the two
 * files test the same models and configs (only the horizon differs):
 * - 'committee': k = k* = 2, teacher readout (1, 0.5), student (0.8, −0.6), δ = 3, λ = 0.1,
 *   γ = 0.4, σ = 0.2, θ0 = O θ* + 0.4·g with O = [[0.5, 0], [0.1, −0.3]];
 * - 'mixed': k = 2 students on one teacher index, δ = 2, λ = 0, γ = 0.3, σ = 0.2,
 *   θ0 = (0.4, 0.2)ᵀ θ* + 0.3·g.
 * Both with the log-cosh weight c = 1 (./privateModels.ts logCoshModel).
 */
import type { Config, Model } from '../../../src/model/types.ts';
import { dmftConfig, logCoshModel } from './privateModels.ts';

export function logCoshCase(
  name: 'committee' | 'mixed',
  times: number[],
): { model: Model; config: Config } {
  if (name === 'committee') {
    return {
      model: logCoshModel([1, 0.5], [0.8, -0.6], 0.2, 1),
      config: dmftConfig({
        delta: 3,
        lambda: 0.1,
        gamma: 0.4,
        sigma: 0.2,
        times,
        k: 2,
        kStar: 2,
        scale: 0.4,
        overlap: [
          [0.5, 0],
          [0.1, -0.3],
        ],
      }),
    };
  }
  return {
    model: logCoshModel([1], [0.8, -0.6], 0.2, 1),
    config: dmftConfig({
      delta: 2,
      lambda: 0,
      gamma: 0.3,
      sigma: 0.2,
      times,
      k: 2,
      kStar: 1,
      scale: 0.3,
      overlap: [[0.4], [0.2]],
    }),
  };
}
