/**
 * squareLossExact (src/solvers/exact/squareLossExact.ts): start values, the closed forms at
 * t → ∞ (ridge and interpolating), the λ = 0 formulas written independently, the GD → GF
 * order, divergence of unstable GD, and the errors for configs without a closed form.
 */
import { describe, expect, it } from 'vitest';
import { testConfig } from '../helpers/configs.ts';
import { linearSquareConfig } from '../helpers/linearSquareConfig.ts';
import { compileModel } from '../../src/model/compileModel.ts';
import { testRisk } from '../../src/model/testRisk.ts';
import {
  mpIntegrate,
  mpStieltjes,
  mpStieltjesSquared,
  mpSupport,
} from '../../src/solvers/exact/marchenkoPastur.ts';
import { squareLossExact } from '../../src/solvers/exact/squareLossExact.ts';

/** Node doubling stops at 1e-12·(1 + |value|): the returned value is within that. */
const QUADRATURE = 1e-12;

const config = linearSquareConfig;

describe('squareLossExact', () => {
  it('starts at Q0 = o² + s², M0 = o and the risks of θ0 = oθ* + sg', () => {
    const [o, s, sigma] = [0.6, 0.7, 0.4];
    const run = squareLossExact(config(2, sigma, 0.1, [0], { overlap: o, scale: s }));
    const excess = (o - 1) ** 2 + s * s;
    // At t = 0 the integrands are constants in μ, exact to a few ulps.
    const tol = 1e-15;
    expect(Math.abs(run.Q[0][0][0] - (o * o + s * s))).toBeLessThanOrEqual(tol);
    expect(Math.abs(run.M![0][0][0] - o)).toBeLessThanOrEqual(tol);
    expect(Math.abs(run.testRisk![0] - 0.5 * (excess + sigma ** 2))).toBeLessThanOrEqual(tol);
    expect(Math.abs(run.trainRisk![0] - 0.5 * (excess + sigma ** 2))).toBeLessThanOrEqual(tol);
  });

  it('reaches the ridge limit λ²s′ + σ²(s − λs′) and the interpolation limit σ²/(δ − 1)', () => {
    // Transient: every mode decays at least like e^{−(μ− + λ)t}; its size is ≤ max(1, o², s²,
    // σ²/(μ− + λ)) ≲ 4, so at t = 80 with μ− + λ ≥ 0.5 it is below 4e^{−40} ≈ 2e-17.
    for (const [delta, lambda] of [
      [0.5, 0.5],
      [2, 0.5],
      [4, 0.5],
      [4, 0],
    ]) {
      const sigma = 0.5;
      const run = squareLossExact(config(delta, sigma, lambda, [80], { overlap: 0.3, scale: 1 }));
      const excess = 2 * run.testRisk![0] - sigma ** 2;
      const expected =
        lambda > 0
          ? lambda ** 2 * mpStieltjesSquared(delta, lambda) +
            sigma ** 2 * (mpStieltjes(delta, lambda) - lambda * mpStieltjesSquared(delta, lambda))
          : sigma ** 2 / (delta - 1);
      expect(Math.abs(excess - expected), `δ=${delta} λ=${lambda}`).toBeLessThanOrEqual(
        2 * QUADRATURE * (1 + expected) + 1e-16,
      );
    }
  });

  it('agrees with the λ = 0, θ0 = 0 formulas integrated independently', () => {
    // test excess = ∫ [e^{−2tμ} + σ²(1 − e^{−tμ})²/μ] dν,
    // residual = (1/δ) ∫ [μe^{−2tμ} + σ²(e^{−2tμ} − 1)] dν + σ²  (1/μ → t²μ at μ = 0).
    const sigma = 0.3;
    for (const delta of [0.5, 1, 3]) {
      const times = [0.1, 1, 4];
      const run = squareLossExact(config(delta, sigma, 0, times));
      times.forEach((t, i) => {
        const excess = mpIntegrate(delta, (mu) => {
          const noise = mu === 0 ? 0 : Math.expm1(-t * mu) ** 2 / mu;
          return Math.exp(-2 * t * mu) + sigma ** 2 * noise;
        });
        const residual = mpIntegrate(delta, (mu) => {
          return mu * Math.exp(-2 * t * mu) + sigma ** 2 * Math.expm1(-2 * t * mu);
        });
        const psi = residual.value / delta + sigma ** 2;
        // Both sides are within their quadrature tolerance (1e-12 relative, doubled).
        const tolExcess = 2 * QUADRATURE * (1 + excess.value) + excess.errorEstimate;
        const tolPsi = (2 * QUADRATURE * (1 + psi) + residual.errorEstimate) / delta;
        expect(Math.abs(2 * run.testRisk![i] - sigma ** 2 - excess.value)).toBeLessThanOrEqual(
          tolExcess,
        );
        expect(Math.abs(2 * run.trainRisk![i] - psi)).toBeLessThanOrEqual(tolPsi + 1e-15);
      });
    }
  });

  it('grows M like δt at small t from θ0 = 0', () => {
    // M(t) = ∫ μc dν = ∫ (1 − e^{−(μ+λ)t}) μ/(μ+λ) dν = δt − (δ(1 + δ) + λδ) t²/2 + O(t³):
    // the remainder after the linear term is bounded by the t² term.
    const delta = 2;
    const lambda = 0.2;
    const t = 1e-3;
    const run = squareLossExact(config(delta, 0, lambda, [t]));
    const curvature = (delta * (1 + delta) + lambda * delta) / 2;
    expect(Math.abs(run.M![0][0][0] - delta * t)).toBeLessThanOrEqual(curvature * t * t);
    expect(Math.abs(run.M![0][0][0] - delta * t + curvature * t * t)).toBeLessThanOrEqual(
      curvature * t * t * 0.01,
    );
  });

  it('GD converges to GF with order 1 under step halving', () => {
    // GD's error against GF is C1Δ + C2Δ² + …; the observed order log2(e(Δ)/e(Δ/2)) is then
    // 1 + O(Δ·|C2/C1|). Each extra power of Δ brings at most the fastest rate μ+ + λ ≈ 6.2,
    // so at Δ = 0.01 the shift is ≤ 0.01·6.2/ln 2 ≈ 0.09.
    const delta = 2;
    const lambda = 0.4;
    const times = [0.4, 2];
    const base = config(delta, 0.5, lambda, times, { overlap: 0.2, scale: 0.5 });
    const gf = squareLossExact(base);
    const errors = [0.01, 0.005, 0.0025].map((gdStep) => {
      const gd = squareLossExact(base, { gdStep });
      return times.map((_, i) => Math.abs(gd.testRisk![i] - gf.testRisk![i]));
    });
    const shift = (0.01 * (mpSupport(delta).upper + lambda)) / Math.LN2;
    for (let i = 0; i < times.length; i++) {
      for (let level = 0; level < 2; level++) {
        const order = Math.log2(errors[level][i] / errors[level + 1][i]);
        expect(Math.abs(order - 1), `t=${times[i]} level ${level}`).toBeLessThanOrEqual(shift);
      }
      // The errors must sit far above the quadrature floor for the order to mean anything.
      expect(errors[2][i]).toBeGreaterThan(1e4 * QUADRATURE);
    }
  });

  it('reports the test risk that src/model/testRisk gives at (Q, M, P = 1)', () => {
    const base = config(2, 0.4, 0.2, [0, 0.5, 3], { overlap: 0.4, scale: 0.7 });
    const model = compileModel(base);
    const run = squareLossExact(base);
    run.times.forEach((_, i) => {
      const reference = testRisk(model, base, run.Q[i], run.M![i], [[1]]);
      // Both are ½(Q − 2M + 1 + σ²) up to the grouping of the sum: a few ulps of O(1) terms.
      expect(Math.abs(run.testRisk![i] - reference)).toBeLessThanOrEqual(1e-12);
    });
  });

  it('reports unstable GD as diverged, with the stability limit in the message', () => {
    // δ = 2: μ+ = 5.83, limit 2/μ+ = 0.343; Δ = 0.5 grows like 1.91^{2a}, past 1e12 at a = 22.
    const run = squareLossExact(config(2, 0.5, 0, [0, 1, 5, 50]), { gdStep: 0.5 });
    expect(run.status).toBe('diverged');
    expect(run.divergedAt).toBe(50);
    expect(run.times).toEqual([0, 1, 5]);
    expect(run.message).toMatch(/stability limit 2\/\(μ\+ \+ λ\) = 0\.343/);
  });

  it('rejects GD times off the step grid and invalid steps', () => {
    const base = config(2, 0.5, 0, [0, 0.33]);
    expect(() => squareLossExact(base, { gdStep: 0.1 })).toThrow(
      /config\.times\[1\] = 0\.33 is not a multiple of opts\.gdStep = 0\.1/,
    );
    expect(() => squareLossExact(base, { gdStep: 0 })).toThrow(/opts\.gdStep must be/);
    expect(squareLossExact(config(2, 0.5, 0, [0.3]), { gdStep: 0.1 }).status).toBe('ok');
  });

  it('names the field that rules the closed form out', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ loss: 'logistic', teacher: { labels: 'sign' } }, /config\.loss/],
      [{ teacher: { link: 'relu' } }, /config\.teacher\.link.*received "relu"/],
      [{ student: { link: 'tanh' } }, /config\.student\.link/],
      [{ student: { k: 2 } }, /config\.student\.k/],
      [{ teacher: { link: 'linear', k: 2, readout: [1, 1] } }, /config\.teacher\.k/],
      [{ teacher: { link: 'linear', readout: [2] } }, /config\.teacher\.readout/],
      [{ student: { readout: [0.5] } }, /config\.student\.readout/],
      [{ teacher: { link: 'linear', labels: 'sign' } }, /config\.teacher\.labels/],
    ];
    for (const [overrides, message] of cases) {
      expect(() => squareLossExact(testConfig(overrides)), JSON.stringify(overrides)).toThrow(
        message,
      );
    }
    const negative = { ...testConfig(), lambda: -1 };
    expect(() => squareLossExact(negative)).toThrow(/config\.lambda.*received -1/);
  });
});
