/**
 * Rate fitting: the ordinary least-squares slope of log y against log x over a ladder.
 *
 * Method. With u_i = log x_i, v_i = log y_i and weights w_i = (u_i − ū)/Sxx, the slope is
 * Σ w_i v_i. Each v_i has standard error se_i/y_i (delta method), and the ladder points are
 * independent runs, so SE(slope) = √(Σ w_i² (se_i/y_i)²).
 *
 * Pre-asymptotic drift. If y = c·x^p (1 + b·x + …), the slope between neighbours is
 * p + O(x); on a geometric ladder the pairwise slopes move monotonically towards p, and the
 * least-squares slope lies between the first and the last pairwise slope. So
 * |fitted − p| ≤ |s_first − s_last| + |s_last − p|, and |s_last − p| ≤ |s_first − s_last|
 * when the ladder's ratio is at least 2 (the correction at the last pair is at most
 * 1/(2^{J−1} − 1) ≤ 1 times the change across the ladder). The bound used is therefore
 * 2·|s_first − s_last| (zero for a two-point ladder). Its own noise is part of it: the
 * pairwise slopes carry the same standard errors, so when y is noisy the caller passes a
 * numeric drift bound derived from the known form of the correction instead.
 */
import type { RateFit } from './verdict.ts';

export function fitRate(
  label: string,
  ladder: { x: number; y: number; se: number }[],
  expected: number,
  z: number,
  drift: 'pairwise' | number = 'pairwise',
): RateFit {
  if (!Array.isArray(ladder) || ladder.length < 2) {
    throw new RangeError(`fitRate: ladder needs at least 2 points; received ${ladder?.length}`);
  }
  for (const point of ladder) {
    if (!(point.x > 0) || !(point.y > 0) || !(point.se >= 0)) {
      throw new RangeError(
        `fitRate (${label}): ladder points need x > 0, y > 0, se ≥ 0; received ` +
          JSON.stringify(point),
      );
    }
  }
  const u = ladder.map((p) => Math.log(p.x));
  const v = ladder.map((p) => Math.log(p.y));
  const uBar = u.reduce((s, a) => s + a, 0) / u.length;
  const sxx = u.reduce((s, a) => s + (a - uBar) ** 2, 0);
  const weights = u.map((a) => (a - uBar) / sxx);
  const fitted = weights.reduce((s, w, i) => s + w * v[i], 0);
  const se = Math.sqrt(weights.reduce((s, w, i) => s + ((w * ladder[i].se) / ladder[i].y) ** 2, 0));

  const last = u.length - 1;
  const first = (v[1] - v[0]) / (u[1] - u[0]);
  const final = (v[last] - v[last - 1]) / (u[last] - u[last - 1]);
  const curvatureBound =
    drift === 'pairwise' ? (u.length > 2 ? 2 * Math.abs(first - final) : 0) : drift;
  const tolerance = z * se + curvatureBound;
  return {
    label,
    ladder,
    expected,
    fitted,
    se,
    tolerance,
    curvatureBound,
    z,
    pass: Math.abs(fitted - expected) <= tolerance,
  };
}
