/**
 * The online-SGD ODE (src/solvers/exact/onlineODE.ts) and its exact solution for a linear
 * student (onlineLinearStudent.ts): the classical e(τ) closed form, RK4 + Gauss–Hermite
 * against the closed forms for linear, erf and relu teachers, RK4's order 4 on a nonlinear
 * committee, divergence past γ = 2, and input errors.
 */
import { describe, expect, it } from 'vitest';
import { testConfig } from '../helpers/configs.ts';
import { onlineLinearStudent } from '../../src/solvers/exact/onlineLinearStudent.ts';
import { onlineODE } from '../../src/solvers/exact/onlineODE.ts';
import { meanDerivative, secondMoment } from '../../src/solvers/exact/gaussianPairMoments.ts';
import type { PairLink } from '../../src/solvers/exact/gaussianPairMoments.ts';

const EPS = Number.EPSILON;

function online(overrides: Record<string, unknown>) {
  return testConfig({ algorithm: { name: 'online', gamma: 0.5, alpha: 0.5 }, ...overrides });
}

describe('online ODE', () => {
  it('solves de/dτ = −(2γ − γ²)e + γ²σ² for square loss with a linear teacher', () => {
    for (const gamma of [0.5, 1.5]) {
      const sigma = 0.4;
      const [o, s] = [0.3, 0.6];
      const times = [0, 0.3, 1, 5, 40];
      const run = onlineLinearStudent(
        online({
          teacher: { link: 'linear', noise: sigma },
          init: { scale: s, overlap: o },
          algorithm: { name: 'online', gamma, alpha: 0.5 },
          times,
        }),
      );
      const e0 = (o - 1) ** 2 + s * s;
      const eInf = (gamma * sigma ** 2) / (2 - gamma);
      times.forEach((tau, i) => {
        const e = eInf + (e0 - eInf) * Math.exp(-(2 * gamma - gamma * gamma) * tau);
        const got = run.Q[i][0][0] - 2 * run.M![i][0][0] + 1;
        // Closed forms of O(1) terms, each within a few ulps: 32ε absolute.
        expect(Math.abs(got - e), `γ=${gamma} τ=${tau}`).toBeLessThanOrEqual(32 * EPS);
        expect(Math.abs(run.testRisk![i] - 0.5 * (e + sigma ** 2))).toBeLessThanOrEqual(32 * EPS);
      });
      expect(run.trainRisk).toBeNull();
    }
  });

  for (const link of ['linear', 'erf', 'relu'] as const) {
    it(`RK4 with Gauss–Hermite matches the exact linear-student ODE (${link} teacher)`, () => {
      for (const lambda of [0, 0.2]) {
        const [a, b, sigma, gamma] = [1.3, 0.8, 0.3, 0.7];
        const times = [0.5, 2];
        const config = online({
          teacher: { link, noise: sigma, readout: [a] },
          student: { k: 1, readout: [b] },
          init: { scale: 0.4, overlap: 0.2 },
          lambda,
          algorithm: { name: 'online', gamma, alpha: 0.5 },
          times,
        });
        const step = 0.05;
        const exact = onlineLinearStudent(config);
        const coarse = onlineODE(config, { step, nodes: 16 });
        const fine = onlineODE(config, { step, nodes: 32 });

        // RK4 on y′ = Ãy (y = (M, Q, 1), Ã with rows (−r_M, 0, f_M), (c_Q, −r_Q, f_Q), 0):
        // each step's defect is ≤ (hL)⁵e^{hL}/120·‖y‖∞ with L = ‖Ã‖∞, and the exact flow
        // carries it with a factor ≤ e^{τ·max(0, μ∞(Ã))} (μ∞ the ∞-log-norm); summed over
        // τ/h steps. Quadrature: exact for linear (polynomial) and relu (its odd parts cancel
        // on symmetric nodes); for erf, geometric, bounded by the 16 → 32 node change.
        const P = 1;
        const pair = link as PairLink;
        const kappa1 = meanDerivative(pair, P);
        const kappa2 = secondMoment(pair, P);
        const rateM = gamma * b * b + lambda;
        const rateQ = 2 * gamma * b * b - gamma ** 2 * b ** 4 + 2 * lambda;
        const couplingQ = 2 * gamma * a * b * kappa1 * (1 - gamma * b * b);
        const forceM = gamma * a * b * kappa1 * P;
        const forceQ = gamma ** 2 * b * b * (a * a * kappa2 + sigma ** 2);
        const rowM = Math.abs(forceM);
        const rowQ = Math.abs(couplingQ) + forceQ;
        const L = Math.max(rateM + rowM, Math.abs(rateQ) + rowQ);
        const logNorm = Math.max(0, -rateM + rowM, -rateQ + rowQ);
        // ‖y‖∞ along the path, from the exact solution sampled every 0.01 (it moves by
        // ≤ 0.01·L·‖y‖ between samples, hence the factor 1 + 0.01L).
        const path = onlineLinearStudent({
          ...config,
          times: Array.from({ length: 201 }, (_, i) => i * 0.01),
        });
        let size = 1;
        for (const s of path.Q.concat(path.M!)) size = Math.max(size, Math.abs(s[0][0]));
        size *= 1 + 0.01 * L;
        times.forEach((tau, i) => {
          const rk4 =
            (tau / step) *
            ((step * L) ** 5 / 120) *
            Math.exp(step * L) *
            size *
            Math.exp(tau * logNorm);
          const quadrature = link === 'erf' ? Math.abs(coarse.Q[i][0][0] - fine.Q[i][0][0]) : 0;
          const quadratureM = link === 'erf' ? Math.abs(coarse.M![i][0][0] - fine.M![i][0][0]) : 0;
          const rounding = 1e-13;
          const where = `${link} λ=${lambda} τ=${tau}`;
          expect(Math.abs(fine.Q[i][0][0] - exact.Q[i][0][0]), where).toBeLessThanOrEqual(
            rk4 + quadrature + rounding,
          );
          expect(Math.abs(fine.M![i][0][0] - exact.M![i][0][0]), where).toBeLessThanOrEqual(
            rk4 + quadratureM + rounding,
          );
          // testRisk is exact in (Q, M): ½(b²ΔQ − 2abκ1ΔM) plus its stated 1e-12.
          const riskTol =
            0.5 * (b * b * (rk4 + quadrature) + 2 * a * b * kappa1 * (rk4 + quadratureM)) + 1e-12;
          expect(Math.abs(fine.testRisk![i] - exact.testRisk![i]), where).toBeLessThanOrEqual(
            riskTol,
          );
        });
      }
    });
  }

  it('is fourth order under step halving on an erf committee (k = 2)', () => {
    // Error C4h⁴ + C5h⁵: the observed order of successive differences is 4 + a h/(2 ln 2)
    // with |a| of the order of the fastest rate r = γc(1 + γc), c = ‖b‖² sup σ′² = 2/π·Σb²
    // the square-loss curvature of the erf committee; allowed: 4 ± r h/ln 2 at h = 0.2.
    const gamma = 0.8;
    const config = online({
      teacher: { k: 1, link: 'erf', noise: 0.2 },
      student: { k: 2, link: 'erf', readout: [1, 0.5] },
      init: { scale: 0.5, overlap: 0.3 },
      algorithm: { name: 'online', gamma, alpha: 0.5 },
      times: [1],
    });
    const steps = [0.2, 0.1, 0.05];
    const runs = steps.map((step) => onlineODE(config, { step, nodes: 10 }));
    const c = (2 / Math.PI) * (1 + 0.25);
    const rate = gamma * c * (1 + gamma * c);
    for (const [i, j] of [
      [0, 0],
      [0, 1],
      [1, 1],
    ]) {
      const q = runs.map((run) => run.Q[0][i][j]);
      const d1 = Math.abs(q[0] - q[1]);
      const d2 = Math.abs(q[1] - q[2]);
      expect(d2, 'differences must be far above rounding').toBeGreaterThan(1e5 * EPS);
      expect(Math.abs(Math.log2(d1 / d2) - 4), `Q[${i}][${j}]`).toBeLessThanOrEqual(
        (rate * steps[0]) / Math.LN2,
      );
    }
  });

  it('diverges for square loss at γ = 2.5 (2γ − γ² < 0), in both solvers', () => {
    const config = online({
      teacher: { link: 'linear', noise: 0.3 },
      algorithm: { name: 'online', gamma: 2.5, alpha: 0.5 },
      times: [1, 10, 100],
    });
    const exact = onlineLinearStudent(config);
    const integrated = onlineODE(config, { nodes: 4 });
    for (const run of [exact, integrated]) {
      expect(run.status).toBe('diverged');
      expect(run.divergedAt).toBeGreaterThan(10);
      expect(run.times).toEqual([1, 10]);
    }
  });

  it('rejects inputs it cannot handle, naming the field', () => {
    const withData = { ...online({}), data: { X: 'x.npy', y: 'y.npy' } };
    expect(() => onlineODE(withData)).toThrow(/config\.data/);
    const zeroGamma = online({});
    zeroGamma.algorithm.gamma = 0;
    expect(() => onlineODE(zeroGamma)).toThrow(/config\.algorithm\.gamma must be/);
    expect(() => onlineODE(online({}), { step: 0 })).toThrow(/opts\.step must be/);
    expect(() => onlineLinearStudent(online({ teacher: { link: 'tanh' } }))).toThrow(
      /config\.teacher\.link.*received "tanh"/,
    );
    expect(() => onlineLinearStudent(online({ student: { k: 1, link: 'erf' } }))).toThrow(
      /config\.student\.link/,
    );
  });
});
