/**
 * criticalValues: two-sided critical values of the standard normal and of Student's t with an
 * integer number of degrees of freedom, for the cross-validation tolerances (docs/crossval.md).
 *
 * Method. Student's t with ν degrees of freedom has a closed-form central probability
 * A(x) = P(|T| ≤ x) in θ = atan(x/√ν) (a finite trigonometric sum, derived by integrating the
 * density (1 + x²/ν)^{−(ν+1)/2} after x = √ν tan θ, which turns it into cos^{ν−1}θ):
 * - ν odd:  A = (2/π)(θ + sin θ cos θ Σ_{j=0}^{(ν−3)/2} c_j cos^{2j}θ), c_0 = 1,
 *           c_j = c_{j−1}·(2j)/(2j + 1);
 * - ν even: A = sin θ Σ_{j=0}^{(ν−2)/2} e_j cos^{2j}θ, e_0 = 1, e_j = e_{j−1}·(2j − 1)/(2j).
 * The normal is the limit ν → ∞, with P(|Z| > x) = erfc(x/√2) from a continued fraction.
 * The tail 1 − A is what the bisection matches; near A ≈ 1 the subtraction loses about
 * 1e-16 absolute, i.e. relative 1e-16/α, which is below 1e-8 for every α ≥ 1e-8 used here.
 * Bisection runs to 1e-12 in x.
 */

/** P(|T_ν| > x) for integer ν ≥ 1 and x ≥ 0. */
export function studentTail(x: number, nu: number): number {
  if (!(Number.isSafeInteger(nu) && nu >= 1)) {
    throw new RangeError(`nu must be an integer ≥ 1, received ${nu}`);
  }
  const theta = Math.atan(x / Math.sqrt(nu));
  const s = Math.sin(theta);
  const c2 = Math.cos(theta) ** 2;
  if (nu % 2 === 1) {
    let sum = 0;
    let term = 1;
    for (let j = 0; j <= (nu - 3) / 2; j++) {
      if (j > 0) term *= ((2 * j) / (2 * j + 1)) * c2;
      sum += term;
    }
    const central = (2 / Math.PI) * (theta + (nu > 1 ? s * Math.cos(theta) * sum : 0));
    return 1 - central;
  }
  let sum = 0;
  let term = 1;
  for (let j = 0; j <= (nu - 2) / 2; j++) {
    if (j > 0) term *= ((2 * j - 1) / (2 * j)) * c2;
    sum += term;
  }
  return 1 - s * sum;
}

/** P(|Z| > x) for the standard normal, x ≥ 0: erfc(x/√2) by a Lentz-free continued fraction. */
export function normalTail(x: number): number {
  const density = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  if (x < 2) {
    // Power series of Φ(x) − ½ = φ(x)·Σ x^{2j+1}/(1·3···(2j+1)); converges fast for x < 2.
    let term = x;
    let sum = x;
    for (let j = 1; j < 80; j++) {
      term *= (x * x) / (2 * j + 1);
      sum += term;
    }
    return 1 - 2 * density * sum;
  }
  // Mills ratio: Q(x) = φ(x)/(x + 1/(x + 2/(x + 3/(x + …)))), evaluated from the bottom.
  let fraction = x;
  for (let j = 80; j >= 1; j--) fraction = x + j / fraction;
  return (2 * density) / fraction;
}

function bisect(tail: (x: number) => number, alpha: number): number {
  if (!(alpha > 0 && alpha < 1)) {
    throw new RangeError(`alpha must lie in (0, 1), received ${alpha}`);
  }
  let low = 0;
  let high = 1;
  while (tail(high) > alpha) high *= 2;
  while (high - low > 1e-12) {
    const mid = 0.5 * (low + high);
    if (tail(mid) > alpha) low = mid;
    else high = mid;
  }
  return 0.5 * (low + high);
}

/** x with P(|Z| > x) = alpha. */
export function normalCritical(alpha: number): number {
  return bisect(normalTail, alpha);
}

/** x with P(|T_ν| > x) = alpha, for integer ν ≥ 1. */
export function studentCritical(alpha: number, nu: number): number {
  return bisect((x) => studentTail(x, nu), alpha);
}

/**
 * Welch–Satterthwaite degrees of freedom of se1² + se2², where se_i² is a variance estimate
 * with nu_i degrees of freedom, floored to an integer (a smaller ν gives a wider interval).
 * A zero pair (both errors 0) returns the larger ν, where the critical value is not used.
 */
export function welchDegrees(se1: number, nu1: number, se2: number, nu2: number): number {
  const v1 = se1 * se1;
  const v2 = se2 * se2;
  const denominator = (v1 * v1) / nu1 + (v2 * v2) / nu2;
  if (!(denominator > 0)) return Math.max(nu1, nu2);
  return Math.max(1, Math.floor(((v1 + v2) * (v1 + v2)) / denominator));
}
