/**
 * volterraSGD (src/solvers/exact/volterraSGD.ts): the kernel mass γ/2, the stationary values
 * ψ∞ and R∞ at λ = 0, δ > 1, the small-t slope γδψ(0), second order under step halving, M
 * equal to gradient flow's, the γ → 0 limit, divergence at γ > 2 and input errors.
 */
import { describe, expect, it } from 'vitest';
import { linearSquareConfig } from '../helpers/linearSquareConfig.ts';
import { mpIntegrate, mpStieltjes, mpSupport } from '../../src/solvers/exact/marchenkoPastur.ts';
import { squareLossExact } from '../../src/solvers/exact/squareLossExact.ts';
import { volterraSGD } from '../../src/solvers/exact/volterraSGD.ts';

const EPS = Number.EPSILON;

/** The oracle's config with γ in the fourth place (linearSquareConfig). */
function config(
  delta: number,
  sigma: number,
  lambda: number,
  gamma: number,
  times: number[],
  init: Record<string, number> = {},
) {
  return linearSquareConfig(delta, sigma, lambda, times, init, gamma);
}

describe('volterraSGD', () => {
  it('has kernel mass ∫K_ψ = γ/2 at λ = 0, and (γ/2δ)(δ − λ + λ²s(−λ)) for λ > 0', () => {
    const gamma = 0.8;
    for (const delta of [0.5, 2, 4]) {
      // At λ = 0 the integrand μ²/(2μ) = μ/2 is a polynomial: the rule is exact to rounding.
      const flat = volterraSGD(config(delta, 0.3, 0, gamma, [1]));
      expect(Math.abs((flat.info.kernelMass as number) - gamma / 2)).toBeLessThanOrEqual(64 * EPS);

      // For λ > 0, μ²/(μ + λ) = μ − λ + λ²/(μ + λ); the rule's error on 1/(μ + λ), analytic
      // inside the Bernstein ellipse of ρ = |x0| + √(x0² − 1), x0 = −(1 + δ + λ)/(2√δ), is
      // ≤ (64/15)·S·ρ^{−2N}/(ρ² − 1) (Trefethen, Approximation Theory and Approximation
      // Practice, Thm 19.3), S a bound on the integrand there, here the λ²-term's size.
      const lambda = 0.3;
      const ridge = volterraSGD(config(delta, 0.3, lambda, gamma, [1]));
      const stieltjes = mpStieltjes(delta, lambda);
      const expected = (gamma / (2 * delta)) * (delta - lambda + lambda ** 2 * stieltjes);
      const x0 = (1 + delta + lambda) / (2 * Math.sqrt(delta));
      const rho = x0 + Math.sqrt(x0 * x0 - 1);
      const nodes = (ridge.info.spectralNodes as number) - 1;
      const size = (gamma * lambda ** 2 * stieltjes) / delta;
      const tol = ((64 / 15) * size * rho ** (-2 * nodes)) / (rho * rho - 1) + 64 * EPS;
      const mass = ridge.info.kernelMass as number;
      expect(Math.abs(mass - expected), `δ=${delta}`).toBeLessThanOrEqual(tol);
    }
  });

  it('reaches ψ∞ = σ²(1 − 1/δ)/(1 − γ/2) and R∞ = σ²/(δ − 1) + (γ/2)ψ∞ at λ = 0, δ > 1', () => {
    const sigma = 0.5;
    const T = 20;
    for (const [delta, gamma] of [
      [4, 0.5],
      [9, 0.9],
    ]) {
      const psiInf = (sigma ** 2 * (1 - 1 / delta)) / (1 - gamma / 2);
      const rInf = sigma ** 2 / (delta - 1) + (gamma / 2) * psiInf;
      const base = config(delta, sigma, 0, gamma, [T]);
      const coarse = volterraSGD(base, { step: 0.004 });
      const fine = volterraSGD(base, { step: 0.002 });
      const { lower, upper } = mpSupport(delta);

      // Discretisation: the error is CΔ² + O(Δ⁴), so err(Δ/2) = diff/3 to relative (Δr)²,
      // r = 2μ+ + K_ψ(0) the fastest rate.
      const rate = 2 * upper + gamma * (1 + delta);
      const richardson = (d: number) => (Math.abs(d) / 3) * (1 + (0.004 * rate) ** 2);
      const psiFine = 2 * fine.trainRisk![0];
      const rFine = 2 * fine.testRisk![0] - sigma ** 2;
      const psiDisc = richardson(2 * coarse.trainRisk![0] - psiFine);
      const rDisc = richardson(2 * coarse.testRisk![0] - sigma ** 2 - rFine);

      // Transient (renewal bound with weight e^{βt}, β = μ−): u = ψ − ψ∞ obeys
      // |u| ≤ g + K*|u| with g(t) = |ψ_GF(t) − ψ_GF∞| + ψ∞∫_t^∞K ≤ G e^{−2μ−t},
      // G = (μ+ + σ²)/δ + γψ∞/2; so |u(T)| ≤ e^{−βT} G / (1 − κβ), κβ = ∫K e^{βu} du
      // = (γ/δ)∫ μ²/(2μ − β) dν < 1. R adds |R_GF(T) − R_GF∞| ≤ e^{−2μ−T} + 2σ²e^{−μ−T}/μ−,
      // the convolution ≤ e^{−βT}·γ∫μ/(2μ − β)dν·sup e^{βs}|u|, and ψ∞ ∫_T^∞ K_R ≤ γψ∞e^{−2μ−T}/2.
      const beta = lower;
      const kappaBeta = mpIntegrate(
        delta,
        (mu) => ((gamma / delta) * (mu * mu)) / (2 * mu - beta),
      ).value;
      const kappaR = mpIntegrate(delta, (mu) => (gamma * mu) / (2 * mu - beta)).value;
      const G = (upper + sigma ** 2) / delta + (gamma * psiInf) / 2;
      const uSup = G / (1 - kappaBeta);
      const psiTransient = Math.exp(-beta * T) * uSup;
      const rTransient =
        Math.exp(-2 * lower * T) +
        (2 * sigma ** 2 * Math.exp(-lower * T)) / lower +
        Math.exp(-beta * T) * kappaR * uSup +
        (gamma * psiInf * Math.exp(-2 * lower * T)) / 2;

      expect(kappaBeta).toBeLessThan(1);
      expect(Math.abs(psiFine - psiInf), `δ=${delta} γ=${gamma}`).toBeLessThanOrEqual(
        psiDisc + psiTransient + 1e-12,
      );
      expect(Math.abs(rFine - rInf), `δ=${delta} γ=${gamma}`).toBeLessThanOrEqual(
        rDisc + rTransient + 1e-12,
      );
    }
  });

  it('has the small-t slope R_SGD − R_GF ≈ γδψ(0)t, ψ(0) = 1 + σ² from θ0 = 0', () => {
    // F(t) = ∫_0^t K_R(t − s)ψ(s) ds = K_R(0)ψ0 t + F″(0)t²/2 + O(t³), with K_R(0) = γδ,
    // K_R′(0) = −2γδ(1 + δ + λ), ψ′(0) = −2(1 + δ) − 2σ² + K_ψ(0)ψ0, K_ψ(0) = γ(1 + δ).
    // Each further derivative brings at most the fastest rate r = 2(μ+ + λ) + K_ψ(0), so
    // |F/t − K_R(0)ψ0 − F″(0)t/2| ≤ |F″(0)| t · (r t)/2 for r t ≪ 1.
    const [delta, sigma, lambda, gamma] = [4, 0.5, 0.2, 0.5];
    const t = 1e-3;
    const base = config(delta, sigma, lambda, gamma, [t]);
    const sgd = volterraSGD(base);
    const gf = squareLossExact(base);
    const F = 2 * (sgd.testRisk![0] - gf.testRisk![0]);
    const psi0 = 1 + sigma ** 2;
    const kernelPsi0 = gamma * (1 + delta);
    const secondDerivative =
      gamma * delta * (-2 * (1 + delta) - 2 * sigma ** 2 + kernelPsi0 * psi0) -
      2 * gamma * delta * (1 + delta + lambda) * psi0;
    const rate = 2 * (mpSupport(delta).upper + lambda) + kernelPsi0;
    const remainder = Math.abs(secondDerivative) * t * ((rate * t) / 2);

    expect(Math.abs(F / t - gamma * delta * psi0)).toBeLessThanOrEqual(
      (Math.abs(secondDerivative) * t) / 2 + remainder,
    );
    const corrected = F / t - gamma * delta * psi0 - (secondDerivative * t) / 2;
    expect(Math.abs(corrected)).toBeLessThanOrEqual(remainder);
  });

  it('is second order under step halving, on and off the grid', () => {
    // Trapezoid (Euler–Maclaurin): err = CΔ² + C′Δ⁴, so the observed order of successive
    // differences is 2 + (3/4)aΔ²/ln 2 with |a| ≤ r², r = 2(μ+ + λ) + K_ψ(0). Off the grid the
    // closing panel of width τ < Δ adds ≤ τ³/12 against the global tΔ²/12: ≤ Δ/t relative,
    // shifting the order by ≤ 4Δ/(t ln 2).
    const [delta, lambda, gamma] = [1, 0.1, 0.7];
    const times = [1, 1.2345, 3, 3.0071];
    const base = config(delta, 0.5, lambda, gamma, times, { scale: 0.3, overlap: 0.2 });
    const steps = [0.04, 0.02, 0.01];
    const runs = steps.map((step) => volterraSGD(base, { step }));
    const rate = 2 * (mpSupport(delta).upper + lambda) + gamma * (1 + delta);
    times.forEach((t, i) => {
      const onGrid = Math.abs(t / steps[0] - Math.round(t / steps[0])) < 1e-9;
      const closingPanel = onGrid ? 0 : (4 * steps[0]) / (t * Math.LN2);
      const shift = (0.75 * (steps[0] * rate) ** 2) / Math.LN2 + closingPanel;
      for (const series of ['trainRisk', 'testRisk'] as const) {
        const values = runs.map((run) => run[series]![i]);
        const d1 = Math.abs(values[0] - values[1]);
        const d2 = Math.abs(values[1] - values[2]);
        expect(d2, 'differences must be far above rounding').toBeGreaterThan(1e6 * EPS);
        expect(Math.abs(Math.log2(d1 / d2) - 2), `${series} t=${t}`).toBeLessThanOrEqual(shift);
      }
    });
  });

  it('keeps M of gradient flow, and tends to gradient flow linearly as γ → 0', () => {
    const base = config(2, 0.4, 0.1, 0.4, [0.5, 2], { scale: 0.5, overlap: 0.3 });
    const gf = squareLossExact(base);
    const sgd = volterraSGD(base);
    // Both integrate the same mode function to 1e-12 relative.
    for (let i = 0; i < 2; i++) {
      expect(Math.abs(sgd.M![i][0][0] - gf.M![i][0][0])).toBeLessThanOrEqual(4e-12);
    }

    // R_SGD − R_GF = ∫K_R ψ with K_R ∝ γ and ψ = ψ_GF + O(γ): the gap is γ·A + γ²·B, so the
    // ratio of gaps at γ and γ/2 is 2 + O(γ): within 2 ± γ·K_ψ-mass·2 (mass ≤ (1 + δ)t).
    const gaps = [0.02, 0.01].map((gamma) => {
      const run = volterraSGD(config(2, 0.4, 0.1, gamma, [2], { scale: 0.5, overlap: 0.3 }));
      return run.testRisk![0] - gf.testRisk![1];
    });
    expect(gaps[1]).toBeGreaterThan(0);
    expect(Math.abs(gaps[0] / gaps[1] - 2)).toBeLessThanOrEqual(2 * 0.02 * (1 + 2) * 2);
  });

  it('reports divergence at γ = 3 (kernel mass 1.5 ≥ 1)', () => {
    const run = volterraSGD(config(2, 0.5, 0, 3, [1, 10, 30]), { step: 0.01 });
    expect(run.status).toBe('diverged');
    // The mass γ/2 is exact to rounding (polynomial integrand).
    expect(Math.abs((run.info.kernelMass as number) - 1.5)).toBeLessThanOrEqual(64 * EPS);
    expect(run.message).toMatch(/kernel mass ∫K_ψ = 1\.5/);
    expect(run.times).toEqual([1, 10]);
    expect(run.divergedAt).toBeGreaterThan(10);
    expect(run.divergedAt).toBeLessThanOrEqual(30);
  });

  it('rejects bad options with the parameter named', () => {
    const base = config(2, 0.5, 0, 0.5, [1]);
    expect(() => volterraSGD(base, { step: 1 })).toThrow(/opts\.step = 1 is too large/);
    expect(() => volterraSGD(base, { step: -1 })).toThrow(/opts\.step must be/);
    expect(() => volterraSGD(base, { eigenvalues: new Float64Array(3) })).toThrow(
      /opts\.n is required/,
    );
    expect(() => volterraSGD(base, { n: 10 })).toThrow(/opts\.n applies only/);
    const badGamma = { ...base, algorithm: { ...base.algorithm, gamma: 0 } };
    expect(() => volterraSGD(badGamma)).toThrow(/config\.algorithm\.gamma must be/);
    expect(() => volterraSGD({ ...base, times: [2, 1] })).toThrow(/non-decreasing/);
  });
});
