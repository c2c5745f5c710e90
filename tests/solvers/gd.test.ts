/**
 * κ = n is full-batch gradient descent with step γ: the SGD solver with κ = n must equal a
 * plain, independently written GD loop on the same problem,
 *   Θ ← (1 − γλ)Θ − γ Xᵀℓ(XΘ; y),
 * up to floating-point reassociation (the kernel sums in blocks): relative 1e-10 after a few
 * dozen steps, where each step's rounding is ~1e-16·d and the map is a contraction or mild
 * expansion over the horizon.
 */
import { describe, expect, it } from 'vitest';
import { buildProblem } from '../../src/model/buildProblem.ts';
import { configFor, solveProblem } from '../../src/solvers/runSolver.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { reproduce, testConfig } from '../helpers/configs.ts';

const seed = suiteSeed();

describe(`κ = n is full-batch GD (suite seed ${seed})`, () => {
  for (const [loss, link, k] of [
    ['square', 'linear', 1],
    ['logistic', 'linear', 1],
    ['square', 'tanh', 2],
  ] as const) {
    it(`${loss} loss, ${link} student, k = ${k}`, () => {
      const raw = {
        d: 40,
        delta: 1.5,
        loss,
        teacher: { k, labels: loss === 'logistic' ? 'sign' : 'real', noise: 0.2 },
        student: { k, link },
        lambda: 0.1,
        init: { scale: 0.5 },
        algorithm: { gamma: 0.1, kappa: 60 },
        times: [0, 0.5, 1.5],
        seed,
      };
      const config = configFor(testConfig(raw), 'gd');
      const problem = buildProblem(config);
      const finalTheta: Float64Array[] = [];
      solveProblem(problem, 'gd', {
        onState: (_t, theta) => finalTheta.push(Float64Array.from(theta)),
      });

      const { n, d, X, y, model } = problem;
      const gamma = config.algorithm.gamma;
      const theta = Float64Array.from(problem.theta0);
      const grad = new Float64Array(k * d);
      const r = new Float64Array(k);
      const ell = new Float64Array(k);
      const steps = Math.round(1.5 / gamma);
      for (let s = 0; s < steps; s++) {
        grad.fill(0);
        for (let i = 0; i < n; i++) {
          for (let a = 0; a < k; a++) {
            let acc = 0;
            for (let j = 0; j < d; j++) acc += X[i * d + j] * theta[a * d + j];
            r[a] = acc;
          }
          model.grad(r, y[i], ell);
          for (let a = 0; a < k; a++)
            for (let j = 0; j < d; j++) grad[a * d + j] += X[i * d + j] * ell[a];
        }
        for (let q = 0; q < k * d; q++) {
          theta[q] = (1 - gamma * config.lambda) * theta[q] - gamma * grad[q];
        }
      }

      const solverTheta = finalTheta[finalTheta.length - 1];
      let maxErr = 0;
      let maxAbs = 0;
      for (let q = 0; q < k * d; q++) {
        maxErr = Math.max(maxErr, Math.abs(solverTheta[q] - theta[q]));
        maxAbs = Math.max(maxAbs, Math.abs(theta[q]));
      }
      expect(maxErr / maxAbs, reproduce(seed, raw, 'tests/solvers/gd.test.ts', loss)).toBeLessThan(
        1e-10,
      );
    });
  }
});
