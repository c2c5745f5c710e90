/**
 * Two-sided Student-t quantile: the t with P(|T| > t) = p, T ~ Student(ν), for the small
 * replicate counts of paired DMFT differences (docs/limits.md, L6), where the normal quantile
 * of zQuantile would understate the spread of an estimated standard error.
 *
 * Method. With T = √ν·tan θ, the angle θ has density ∝ cos^{ν−1} θ on (−π/2, π/2), so
 * P(|T| > t) = ∫_{θ_t}^{π/2} cos^{ν−1} θ dθ / ∫_0^{π/2} cos^{ν−1} θ dθ, θ_t = atan(t/√ν).
 * Both integrals are taken by composite Simpson with 4096 panels on a smooth integrand
 * (error ∝ h⁴ max|f''''|, far below 1e-10 relative for ν ≤ 10³), and t by 100 bisections of
 * [0, 10⁶]. Accurate to about 1e-9 relative, ample for a tolerance multiplier.
 */
export function studentQuantile(p: number, nu: number): number {
  if (typeof p !== 'number' || !(p > 0 && p < 1)) {
    throw new RangeError(`studentQuantile: p must be a probability in (0, 1); received ${p}`);
  }
  if (!Number.isSafeInteger(nu) || nu < 1) {
    throw new RangeError(`studentQuantile: nu must be an integer ≥ 1; received ${String(nu)}`);
  }
  const whole = simpson(0, Math.PI / 2, nu);
  const tail = (t: number) => simpson(Math.atan(t / Math.sqrt(nu)), Math.PI / 2, nu) / whole;

  let lo = 0;
  let hi = 1e6;
  for (let step = 0; step < 100; step++) {
    const mid = (lo + hi) / 2;
    if (tail(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function simpson(a: number, b: number, nu: number): number {
  const panels = 4096;
  const h = (b - a) / panels;
  const f = (x: number) => Math.max(0, Math.cos(x)) ** (nu - 1);
  let sum = f(a) + f(b);
  for (let i = 1; i < panels; i++) sum += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (sum * h) / 3;
}
