/**
 * Upper confidence factor for a standard deviation estimated from R replicates.
 *
 * Method: for normal replicates (R − 1)s²/σ² ~ χ²(ν), ν = R − 1, so σ ≤ s·√(ν/χ²_p(ν)) with
 * probability 1 − p, χ²_p the lower p-quantile. The quantile uses the Wilson–Hilferty cube-root
 * approximation χ²_p(ν) ≈ ν(1 − 2/(9ν) − z√(2/(9ν)))³, z the one-sided normal quantile of p
 * (relative error of the quantile below 1 % for ν ≥ 20 at the tails used here; Johnson, Kotz
 * and Balakrishnan, Continuous Univariate Distributions vol. 1, ch. 18).
 */
import { zQuantile } from '../limits/zQuantile.ts';

export function fluctuationFactor(replicates: number, p: number): number {
  if (!Number.isSafeInteger(replicates) || replicates < 2) {
    throw new RangeError(
      `fluctuationFactor: replicates must be an integer ≥ 2; received ${String(replicates)}`,
    );
  }
  if (!(p > 0 && p < 0.5)) {
    throw new RangeError(`fluctuationFactor: p must be in (0, 0.5); received ${String(p)}`);
  }
  const nu = replicates - 1;
  const z = zQuantile(2 * p);
  const base = 1 - 2 / (9 * nu) - z * Math.sqrt(2 / (9 * nu));
  if (base <= 0) {
    throw new RangeError(
      `fluctuationFactor: ${replicates} replicates are too few for a bound at p = ${p}`,
    );
  }
  return Math.sqrt(nu / (nu * base ** 3));
}
