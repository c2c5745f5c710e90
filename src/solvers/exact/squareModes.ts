/**
 * Mode-by-mode solution of gradient flow (GF) and gradient descent (GD) for square loss with
 * a linear teacher and student (k = k* = 1), in the eigenbasis of A = XᵀX.
 *
 * Method (setting of arXiv 2601.21093, Gaussian start θ0 = o·θ* + s·g). The objective
 * F(θ) = ½‖Xθ − y‖² + (λ/2)‖θ‖², y = Xθ* + σε, gives the linear flow
 *   dθ/dt = −(A + λ)θ + Aθ* + σXᵀε,
 * solved per eigenvalue μ of A by
 *   θ_μ(t) = q θ0_μ + c (μ θ*_μ + σ (Xᵀε)_μ),  q = e^{−(μ+λ)t},  c = (1 − q)/(μ + λ),
 * with c = t when μ + λ = 0. GD with step Δ after a steps, θ_{a+1} = θ_a − Δ∇F(θ_a), is the
 * same with q = (1 − Δ(μ + λ))^a (then c = Δ Σ_{i<a} (1 − Δ(μ+λ))^i, the same quotient).
 *
 * Averages. θ*, g (entries N(0, 1)) and ε are independent of X, so their eigen-coordinates
 * are independent with E θ*_μ² = E g_μ² = 1 and E (Xᵀε)_μ² = μ. With α = q·o + μc, the
 * coefficient of θ* in θ, the d → ∞ limits (each an integral against ν_δ, or a 1/d sum over
 * a finite spectrum, which is then the exact expectation given X) are
 *   M = ∫ α,   Q = ∫ [α² + q²s² + σ²μc²],   ‖θ − θ*‖²/d = ∫ [(α − 1)² + q²s² + σ²μc²],
 * and the mean squared residual ψ = ‖Xθ − y‖²/n, from the residual X(θ − θ*) − σε whose
 * part along the unit left singular vector of μ is √μ(α − 1)θ*_μ + √μ q s g_μ + σ(μc − 1)ε_μ,
 * and whose part orthogonal to the range of X is −σε⊥ (dimension n − d when n > d):
 *   ψ = (1/δ) ∫ [μ(α − 1)² + μq²s² + σ²(μc − 1)²] + σ²(1 − 1/δ).
 * For θ0 = 0 (o = s = 0), α − 1 = μc − 1 = −(λ + μq)/(μ + λ), the familiar ridge-flow factor.
 *
 * Rounding: c is formed with expm1/log1p, so it keeps full relative precision when
 * (μ + λ)t ≪ 1.
 */
import type { LinearSquareParams } from './linearSquareSetup.ts';

/** A time of gradient flow, or a step count of gradient descent with its step. */
export type SquareClock = { kind: 'gf'; t: number } | { kind: 'gd'; step: number; count: number };

/** Number of components written by squareModeIntegrand. */
export const SQUARE_MODE_LENGTH = 4;

/** Writes q (index 0) and c (index 1) of eigenvalue mu into out. */
export function squareModeFactors(
  mu: number,
  lambda: number,
  clock: SquareClock,
  out: Float64Array,
): void {
  const rate = mu + lambda;
  if (clock.kind === 'gf') {
    out[0] = Math.exp(-rate * clock.t);
    out[1] = rate === 0 ? clock.t : -Math.expm1(-rate * clock.t) / rate;
    return;
  }

  const factor = 1 - clock.step * rate;
  out[0] = factor ** clock.count;
  if (rate === 0) {
    out[1] = clock.step * clock.count;
  } else if (factor > 0) {
    out[1] = -Math.expm1(clock.count * Math.log1p(-clock.step * rate)) / rate;
  } else {
    out[1] = (1 - out[0]) / rate;
  }
}

/**
 * The integrand at eigenvalue mu: [α, α² + q²s² + σ²μc², (α − 1)² + q²s² + σ²μc²,
 * μ(α − 1)² + μq²s² + σ²(μc − 1)²], whose ν-averages give M, Q, the test excess and
 * δ·(ψ − σ²(1 − 1/δ)).
 */
export function squareModeIntegrand(
  params: LinearSquareParams,
  clock: SquareClock,
): (mu: number, out: Float64Array) => void {
  const factors = new Float64Array(2);
  return (mu, out) => {
    squareModeFactors(mu, params.lambda, clock, factors);
    squareModeValues(mu, factors[0], factors[1], params, out);
  };
}

/** The four components of squareModeIntegrand at eigenvalue mu, given its q and c. */
export function squareModeValues(
  mu: number,
  q: number,
  c: number,
  params: LinearSquareParams,
  out: Float64Array,
): void {
  const { overlap, scale, sigma } = params;
  const alpha = q * overlap + mu * c;
  const initPart = q * q * scale * scale;
  const noisePart = sigma * sigma * mu * c * c;
  const miss = alpha - 1;
  const noiseResidual = mu * c - 1;

  out[0] = alpha;
  out[1] = alpha * alpha + initPart + noisePart;
  out[2] = miss * miss + initPart + noisePart;
  out[3] = mu * miss * miss + mu * initPart + sigma * sigma * noiseResidual * noiseResidual;
}

/** Observables from the ν-averages of squareModeIntegrand at aspect ratio `ratio` = n/d. */
export function squareObservables(
  averages: Float64Array,
  sigma: number,
  ratio: number,
): { M: number; Q: number; excess: number; psi: number } {
  const psi = averages[3] / ratio + sigma * sigma * (1 - 1 / ratio);
  return { M: averages[0], Q: averages[1], excess: averages[2], psi: Math.max(0, psi) };
}
