/**
 * Bonferroni correction: the z that keeps the probability of any false failure among m
 * two-sided normal assertions at most alpha, z = zQuantile(alpha/m). The union bound holds
 * whatever the dependence between the assertions (DMFT errors are strongly correlated
 * across t, docs/dmft.md), at the price of being conservative when they are dependent.
 */
import { zQuantile } from './zQuantile.ts';

export function bonferroni(alpha: number, m: number): number {
  if (typeof alpha !== 'number' || !(alpha > 0 && alpha < 1)) {
    throw new RangeError(`bonferroni: alpha must be in (0, 1); received ${String(alpha)}`);
  }
  if (!Number.isSafeInteger(m) || m < 1) {
    throw new RangeError(`bonferroni: m must be a positive integer; received ${String(m)}`);
  }
  return zQuantile(alpha / m);
}
