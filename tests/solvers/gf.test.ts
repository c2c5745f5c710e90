/**
 * Gradient flow: the Dormand–Prince tableau's structure, its order under step halving on a
 * real GF problem, the stated accuracy of the adaptive default, and the exact eigen-solution
 * against the integrator for square loss.
 */
import { describe, expect, it } from 'vitest';
import { buildProblem } from '../../src/model/buildProblem.ts';
import { solveGF } from '../../src/solvers/gf.ts';
import { DORMAND_PRINCE } from '../../src/solvers/ode/dormandPrince.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { reproduce, testConfig } from '../helpers/configs.ts';

const seed = suiteSeed();
const EPS = Number.EPSILON;

function finalTheta(
  problem: ReturnType<typeof buildProblem>,
  options: Parameters<typeof solveGF>[1],
) {
  let last = new Float64Array(0);
  solveGF(problem, { ...options, onState: (_t, theta) => (last = Float64Array.from(theta)) });
  return last;
}

function maxDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe(`gradient flow (suite seed ${seed})`, () => {
  it('the tableau: rows sum to the nodes, both weight vectors sum to 1 (to a few ulps)', () => {
    const { a, b, bHat, c } = DORMAND_PRINCE;
    a.forEach((row, s) => {
      const sum = row.reduce((x, y) => x + y, 0);
      expect(Math.abs(sum - c[s])).toBeLessThanOrEqual(8 * EPS);
    });
    expect(Math.abs(b.reduce((x, y) => x + y, 0) - 1)).toBeLessThanOrEqual(8 * EPS);
    expect(Math.abs(bHat.reduce((x, y) => x + y, 0) - 1)).toBeLessThanOrEqual(8 * EPS);
  });

  it('fixed-step order is 5 on a logistic GF (halving ladder)', () => {
    const raw = {
      d: 40,
      loss: 'logistic',
      teacher: { labels: 'sign', noise: 0.2 },
      init: { scale: 0.5 },
      times: [1],
      seed,
    };
    const problem = buildProblem(testConfig(raw));
    const steps = [0.25, 0.125, 0.0625, 0.03125];
    // Reference: the same method at a quarter of the smallest step; its truncation error is
    // 4^-5 of the smallest step's, and its rounding about (steps taken)·ε·max|θ|.
    const referenceStep = steps[3] / 4;
    const reference = finalTheta(problem, { integrator: 'rk', fixedStep: referenceStep });
    const errors = steps.map((h) =>
      maxDiff(finalTheta(problem, { integrator: 'rk', fixedStep: h }), reference),
    );
    const slopes = errors.slice(1).map((e, i) => Math.log2(errors[i] / e));
    // With e(h) = C h^5 (1 + c h + O(h²)) the two-point slope on a halving ladder is
    // 5 + c' h + O(h²): it approaches 5 linearly in h, so one Richardson step on the last two
    // slopes, 2·p_last − p_prev, removes the O(h) term. The O(h²) remainder at h ≤ 0.0625
    // is below 0.25 when c' h itself is below 1 there (the measured slopes show it is).
    const extrapolated = 2 * slopes[2] - slopes[1];
    const note =
      `errors ${errors.map((e) => e.toExponential(2))}, slopes ${slopes}` +
      reproduce(seed, raw, 'tests/solvers/gf.test.ts', 'order is 5');
    // The errors must dominate the reference's own error by a wide margin for the slopes to
    // mean anything.
    const rounding = (1 / referenceStep) * EPS * Math.max(...reference.map(Math.abs));
    const referenceError = errors[3] / 4 ** 5 + rounding;
    expect(errors[3], note).toBeGreaterThan(50 * referenceError);
    expect(Math.abs(slopes[2] - slopes[1]), note).toBeLessThan(1);
    expect(Math.abs(extrapolated - 5), note).toBeLessThan(0.25);
  });

  it('the adaptive default (rtol 1e-8) is within 1e-6 relative of a 1e-13 solution', () => {
    const raw = {
      d: 60,
      loss: 'logistic',
      teacher: { labels: 'sign', noise: 0.3 },
      init: { scale: 0.3 },
      times: [0.5, 2],
      seed,
    };
    const problem = buildProblem(testConfig(raw));
    const tight = finalTheta(problem, { integrator: 'rk', rtol: 1e-13, atol: 1e-15 });
    const loose = finalTheta(problem, { integrator: 'rk' });
    const scale = Math.max(...tight.map(Math.abs));
    expect(
      maxDiff(loose, tight) / scale,
      reproduce(seed, raw, 'tests/solvers/gf.test.ts', 'adaptive'),
    ).toBeLessThan(1e-6);
  });

  for (const delta of [0.5, 2]) {
    it(`square loss: exact eigen-solution equals the integrator (δ = ${delta})`, () => {
      const raw = {
        d: 50,
        delta,
        teacher: { noise: 0.4 },
        student: { readout: [1.5] },
        lambda: 0.05,
        init: { scale: 0.2, overlap: 0.3 },
        times: [0, 0.3, 1, 3],
        seed,
      };
      const problem = buildProblem(testConfig(raw));
      const exact = solveGF(problem, { integrator: 'eigen' });
      const rk = solveGF(problem, { integrator: 'rk', rtol: 1e-12, atol: 1e-14 });
      const note = reproduce(seed, raw, 'tests/solvers/gf.test.ts', 'exact eigen');
      // The eigen-solution is exact up to the eigendecomposition (~1e-12 relative); the
      // integrator at rtol 1e-12 contributes ~1e-11 over this horizon.
      for (let i = 0; i < exact.times.length; i++) {
        expect(Math.abs(exact.Q[i][0][0] - rk.Q[i][0][0]), note).toBeLessThan(1e-9);
        expect(
          Math.abs((exact.trainRisk as number[])[i] - (rk.trainRisk as number[])[i]),
          note,
        ).toBeLessThan(1e-9);
      }
    });
  }
});
