/**
 * Central differences with an error allowance derived from their own O(h²) behaviour.
 *
 * D(h) = (f(x+h) − f(x−h))/(2h) = f'(x) + c h² + O(h⁴). With D(h) and D(h/2), the truncation
 * error of D(h/2) is c h²/4 = |D(h) − D(h/2)|/3 up to O(h⁴); the allowance takes the whole
 * |D(h) − D(h/2)| (a factor 3 for the neglected O(h⁴) term). Rounding: each value of f carries
 * at most `ulps` ulps of `scale` (default: the largest |f| seen; callers whose f cancels pass
 * the size of its ingredients), so each difference quotient is off by at most
 * 2·ulps·2^−52·scale / (2·step); that is added for both quotients.
 */

export interface Derivative {
  /** D(h/2). */
  estimate: number;
  /** The allowance for |D(h/2) − f'(x)|. */
  tolerance: number;
}

export function centralDifference(
  f: (x: number) => number,
  x: number,
  h: number,
  ulps = 16,
  scale?: number,
): Derivative {
  const values = [f(x + h), f(x - h), f(x + h / 2), f(x - h / 2)];
  const coarse = (values[0] - values[1]) / (2 * h);
  const fine = (values[2] - values[3]) / h;
  const size = scale ?? Math.max(...values.map(Math.abs));
  const rounding = (2 * ulps * 2 ** -52 * size) / h;
  return { estimate: fine, tolerance: Math.abs(coarse - fine) + 2 * rounding };
}
