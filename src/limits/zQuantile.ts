/**
 * Two-sided standard normal quantile: the z with P(|Z| > z) = p, Z ~ N(0, 1).
 *
 * Method: bisection on the upper tail Q(x) = P(Z > x), evaluated by its Taylor series
 * Φ(x) − ½ = φ(x) Σ x^{2j+1}/(2j+1)!! for x < 1 and by the Laplace continued fraction
 * Q(x) = φ(x)/(x + 1/(x + 2/(x + …))) otherwise (Abramowitz–Stegun 26.2.11 and 26.2.14).
 * 100 halvings of [0, 40] leave an interval far below one ulp of z, so z is accurate to the
 * precision of Q, about 1e-14 relative.
 */
export function zQuantile(p: number): number {
  if (typeof p !== 'number' || !(p > 0 && p < 1)) {
    throw new RangeError(`zQuantile: p must be a probability in (0, 1); received ${String(p)}`);
  }
  let lo = 0;
  let hi = 40;
  for (let step = 0; step < 100; step++) {
    const mid = (lo + hi) / 2;
    if (2 * upperTail(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function upperTail(x: number): number {
  const phi = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
  if (x < 1) {
    let term = x;
    let sum = x;
    for (let j = 1; j < 60; j++) {
      term *= (x * x) / (2 * j + 1);
      sum += term;
    }
    return 0.5 - phi * sum;
  }
  let fraction = x;
  for (let j = 80; j >= 1; j--) fraction = x + j / fraction;
  return phi / fraction;
}
