/**
 * Two-sided critical values for the DMFT tests' tolerances.
 *
 * Method: the central probability ∫_{−x}^{x} f is computed by composite Simpson quadrature of
 * the density f on [0, x] (panels of width ≤ 0.005 and at least 4000; the integrand is
 * smooth, so the error is far below the 1e-9 level any false-failure budget here needs), and
 * the critical value solving 2∫_0^x f = 1 − α is found by bisection to 1e-12.
 * - normal: f(x) = e^{−x²/2}/√(2π);
 * - Student t with ν degrees of freedom: f(x) = c_ν (1 + x²/ν)^{−(ν+1)/2},
 *   c_ν = Γ((ν+1)/2) / (√(νπ) Γ(ν/2)), with the Gamma ratio from its two-step recurrence.
 */

function simpson(f: (x: number) => number, upper: number): number {
  const panels = Math.max(4000, 2 * Math.ceil(upper / 0.01));
  const h = upper / panels;
  let sum = f(0) + f(upper);
  for (let i = 1; i < panels; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return (sum * h) / 3;
}

function criticalValue(density: (x: number) => number, alpha: number, upper: number): number {
  let low = 0;
  let high = upper;
  while (high - low > 1e-12) {
    const mid = 0.5 * (low + high);
    if (2 * simpson(density, mid) < 1 - alpha) low = mid;
    else high = mid;
  }
  const value = 0.5 * (low + high);
  if (value > upper - 1e-6) {
    // The search interval was too short: refuse rather than return a too-small value.
    throw new RangeError(`critical value for alpha = ${alpha} lies beyond ${upper}`);
  }
  return value;
}

/** z with P(|N(0, 1)| > z) = alpha. */
export function normalCritical(alpha: number): number {
  return criticalValue((x) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI), alpha, 40);
}

/** Γ((ν+1)/2)/Γ(ν/2) for integer ν ≥ 1, by Γ(x + 1) = xΓ(x) from Γ(1)/Γ(1/2), Γ(3/2)/Γ(1). */
function gammaRatio(nu: number): number {
  let ratio = nu % 2 === 1 ? 1 / Math.sqrt(Math.PI) : Math.sqrt(Math.PI) / 2;
  for (let m = nu % 2 === 1 ? 1 : 2; m < nu; m += 2) ratio *= (m + 1) / m;
  return ratio;
}

/** t with P(|T_ν| > t) = alpha, for integer ν ≥ 1. */
export function studentCritical(alpha: number, nu: number): number {
  const c = gammaRatio(nu) / Math.sqrt(nu * Math.PI);
  return criticalValue((x) => c * (1 + (x * x) / nu) ** (-(nu + 1) / 2), alpha, 500);
}
