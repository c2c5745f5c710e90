/**
 * Exact self-consistency identities of the DMFT estimator (docs/dmft.md), checked per path:
 * - Stein on the paths: E[Z_a w_uᵀ] = Σ_{b<a} D[a, b] C_θ[b, u] + ν_a m_uᵀ;
 * - Stein on r*: E[Z_a r*ᵀ] = Σ_{b<a} D[a, b] m_b + ν_a (Σ* = I; tangent form of ν only);
 * and structural facts: C_θ symmetric and PSD, Q(0) = E θ0θ0ᵀ, R_θ(t, t) = I, and for GF on
 * square loss D[b+1, b] = dt·bbᵀ (R_Z(t, s) → Γ(s) = bbᵀ as t ↓ s).
 *
 * The Stein identities hold for expectations of functionals of the sample-side process, so the
 * per-path residuals X_p, Y_p (tests/dmft/helpers/runBatch.ts) have mean zero up to the
 * O(1/M) coupling of the paths through the shared kernels, which is far below the O(1/√M)
 * standard error. Each assert therefore allows z·SE with SE = sd/√M from the per-path spread
 * and z the two-sided normal critical value for a false-failure probability of
 * FILE_ALPHA / (number of asserts) (Bonferroni over every entry, u and case in this file).
 * The Stein identities would fail for a wrong response D (e.g. dropping the self-jump, or
 * treating the jumps of one cell as n independent kicks) or a wrong ν (pitfall (iv)).
 */
import { describe, expect, it } from 'vitest';
import type { Config, Model } from '../../src/model/types.ts';
import { solveDmftWithModel } from '../../src/solvers/dmft/solveDmftWithModel.ts';
import type { DmftMeasure } from '../../src/solvers/dmft/types.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { expectKernelStructure } from './helpers/expectKernelStructure.ts';
import {
  dmftConfig,
  logisticModel,
  logCoshModel,
  squareModel,
  squareTestRisk,
} from './helpers/privateModels.ts';
import { logCoshCase } from './helpers/logCoshCase.ts';
import { normalCritical } from './helpers/quantiles.ts';
import { meanAndStandardError, runProbedBatch, steinResiduals } from './helpers/runBatch.ts';

const seed = suiteSeed();
/** Probability that this file fails although the solver is right. */
const FILE_ALPHA = 1e-4;

interface SteinCase {
  name: string;
  model: Model;
  config: Config;
  measure: DmftMeasure;
  dt: number;
  paths: number;
  probeStep: number;
  /** Times u of the path identity; u = 0 is left out when θ0 = 0 (w_0 ≡ 0, nothing to test). */
  probeTimes: number[];
}

const steinCases: SteinCase[] = [
  {
    name: 'square k=1, GF, θ0 = 0.3θ* + 0.5g',
    model: squareModel([1], [1], 0.3),
    config: dmftConfig({
      delta: 2,
      lambda: 0.05,
      sigma: 0.3,
      times: [1.2],
      scale: 0.5,
      overlap: [[0.3]],
    }),
    measure: 'gf',
    dt: 0.1,
    paths: 3000,
    probeStep: 10,
    probeTimes: [0, 5, 10],
  },
  {
    name: 'logistic k=1 (Stein ν), Poisson SGD with dt/γ = 0.5, θ0 = 0',
    model: logisticModel(0.2),
    config: dmftConfig({
      delta: 1.5,
      lambda: 0,
      gamma: 0.8,
      sigma: 0.2,
      times: [4],
      loss: 'logistic',
    }),
    measure: 'sgd',
    dt: 0.4,
    paths: 4000,
    probeStep: 8,
    probeTimes: [1, 4, 8],
  },
  {
    name: 'log-cosh k=1, Poisson SGD with dt/γ = 0.5, γ·H up to 1.6',
    model: logCoshModel([1], [1], 0.2, 1),
    config: dmftConfig({
      delta: 2,
      lambda: 0,
      gamma: 0.8,
      sigma: 0.2,
      times: [3.2],
      scale: 0.5,
      overlap: [[0.2]],
    }),
    measure: 'sgd',
    dt: 0.4,
    paths: 4000,
    probeStep: 8,
    probeTimes: [0, 4, 8],
  },
  {
    name: 'log-cosh k=2, k*=2, Poisson SGD with dt/γ = 0.5',
    ...logCoshCase('committee', [1.4]),
    measure: 'sgd',
    dt: 0.2,
    paths: 4000,
    probeStep: 7,
    probeTimes: [0, 3, 7],
  },
  {
    name: 'log-cosh k=2, k*=1, EM-SME',
    ...logCoshCase('mixed', [1]),
    measure: 'sme',
    dt: 0.1,
    paths: 3000,
    probeStep: 9,
    probeTimes: [0, 4, 9],
  },
];

const assertCount = steinCases.reduce((total, c) => {
  const { k, kStar } = c.model;
  const perU = k * k;
  const rStar = c.model.labelDifferentiable ? k * kStar : 0;
  return total + c.probeTimes.length * perU + rStar;
}, 0);
const z = normalCritical(FILE_ALPHA / assertCount);

describe(`DMFT Stein identities (suite seed ${seed})`, () => {
  for (const testCase of steinCases) {
    it(`holds within z·SE (z = ${z.toFixed(2)}): ${testCase.name}`, () => {
      const outcome = runProbedBatch(
        testCase.model,
        testCase.config,
        testCase.measure,
        testCase.dt,
        testCase.paths,
        seed,
        testCase.probeStep,
      );
      expect(outcome.divergence).toBeUndefined();
      const context = `seed ${seed}, case "${testCase.name}", config ${JSON.stringify(
        testCase.config,
      )}`;
      let largest = 0;
      for (const u of testCase.probeTimes) {
        const residuals = steinResiduals(outcome, u);
        // Keep the r* identity once per case: it does not depend on u.
        const used = u === testCase.probeTimes[0] ? residuals : residuals.slice(0, 1);
        for (const { label, values } of used) {
          values.forEach((entry, index) => {
            const { mean, se } = meanAndStandardError(entry);
            largest = Math.max(largest, Math.abs(mean) / se);
            expect(
              Math.abs(mean),
              `${label} entry ${index}: mean ${mean}, SE ${se}; ${context}`,
            ).toBeLessThanOrEqual(z * se);
            // A residual that is identically zero would make the check vacuous.
            expect(se, `${label} entry ${index} has zero spread; ${context}`).toBeGreaterThan(0);
          });
        }
      }
      process.stderr.write(`stein ${testCase.name}: largest |mean|/SE = ${largest.toFixed(2)}\n`);
    });
  }
});

describe(`DMFT structural identities (suite seed ${seed})`, () => {
  const sigma = 0.3;
  const config = dmftConfig({
    delta: 2,
    lambda: 0.05,
    gamma: 0.5,
    sigma,
    times: [0, 0.5, 1.5],
    k: 2,
    kStar: 2,
    scale: 0.5,
    overlap: [
      [0.3, 0.1],
      [0, -0.2],
    ],
  });
  const readout = [1, 1];
  const model = squareModel(readout, readout, sigma);
  const run = (measure: DmftMeasure) =>
    solveDmftWithModel(
      model,
      config,
      { measure, dt: 0.1, paths: 800, seed, batches: 2, kernels: true },
      squareTestRisk(readout, readout, sigma),
    );

  it('C_θ is symmetric and PSD, Q(0) = E θ0θ0ᵀ, R_θ(t, t) = I', () => {
    const result = run('sgd');
    const kernels = result.kernels;
    if (!kernels) throw new Error('kernels were requested');
    expectKernelStructure(kernels, `seed ${seed}, config ${JSON.stringify(config)}`);

    // Q(0) = O Oᵀ + scale² I: a few flops, so within 4 ULPs of the value.
    const expected = [
      [0.3 ** 2 + 0.1 ** 2 + 0.25, -0.02],
      [-0.02, 0.04 + 0.25],
    ];
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const q = result.Q[0][i][j];
        expect(Math.abs(q - expected[i][j])).toBeLessThanOrEqual(4 * Number.EPSILON * 0.4);
      }
    }
  });

  it('GF, square loss: R_Z just below the diagonal is Γ = bbᵀ (D[b+1, b] = dt·bbᵀ)', () => {
    const result = run('gf');
    const kernels = result.kernels;
    if (!kernels) throw new Error('kernels were requested');
    const points = kernels.grid.length;
    for (let b = 0; b + 1 < points; b++) {
      for (let i = 0; i < 4; i++) {
        const value = kernels.rZ[((b + 1) * points + b) * 4 + i];
        // D[b+1, b] is a sum of 400 identical values dt·1 per batch (every path has
        // H = bbᵀ = all-ones), times 1/400, averaged over 2 batches, divided by dt: recursive
        // summation of m terms errs by at most (m − 1)·eps relatively, plus 4 roundings.
        expect(Math.abs(value - 1)).toBeLessThanOrEqual((400 + 4) * Number.EPSILON);
      }
    }
  });
});
