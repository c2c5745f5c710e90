/**
 * The title of the time axis, with its unit (docs/conventions.md): time t in units of 1/γ
 * epochs; for a gradient-flow config without a learning rate, the flow's own time (the
 * objective is a sum over samples, so t is O(1)); in the δ → ∞ figure, the online time τ.
 */
import type { Config } from '../model/types.ts';
import { formatNumber } from './formatNumber.ts';

export function timeTitle(config: Config, gammaGiven = true): string {
  if (!gammaGiven) return 'gradient-flow time t (objective summed over the n samples)';
  return `time t (one unit = 1/γ = ${formatNumber(1 / config.algorithm.gamma)} epochs)`;
}

/** For a figure whose curves have different γ: the unit in words, without one number. */
export const TIME_TITLE_ANY_GAMMA = 'time t (one unit = 1/γ epochs, γ of each curve)';

export const ONLINE_TIME_TITLE = 'online time τ = samples seen / d  (τ = δt/γ)';
