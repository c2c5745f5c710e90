/**
 * Pathwise check of the per-path responses (docs/dmft.md steps 3–5): for recorded paths, with
 * the kernels held fixed, central finite differences of Z_{a*} with respect to a kick of r_b
 * (every b < a*, every direction) and to a shift of r* with w fixed must equal the solver's
 * own per-path shares of D[a*, b] (reverse-mode adjoint) and of ν_{a*} (forward tangent).
 * This is where "the tangent of a cell with several sequential jumps" is tested: a kick at the
 * start of a Poisson cell moves every later sub-jump of that cell, and a kick at a cell without
 * a jump moves nothing until the next jump.
 *
 * Tolerance, per entry: the central difference at step h has error c·h² + rounding; with
 * FD(h) and FD(h/2), the truncation of FD(h/2) is (FD(h) − FD(h/2))/3 to leading order, so we
 * allow twice that, plus the rounding floor 2·(a*·k·16)·eps·(1 + max|Z|)/h of differencing
 * two values of Z computed with about a*·k·16 roundings each. No Monte Carlo enters.
 */
import { describe, expect, it } from 'vitest';
import type { Config, Model } from '../../src/model/types.ts';
import type { DmftMeasure } from '../../src/solvers/dmft/types.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { dmftConfig, logCoshModel, logisticModel } from './helpers/privateModels.ts';
import { logCoshCase } from './helpers/logCoshCase.ts';
import { resimulatePath } from './helpers/resimulatePath.ts';
import { runProbedBatch } from './helpers/runBatch.ts';

const seed = suiteSeed();
const CHECKED_PATHS = 40;
const STEP = 1e-4;

interface TangentCase {
  name: string;
  model: Model;
  config: Config;
  measure: DmftMeasure;
  dt: number;
  probeStep: number;
}

const cases: TangentCase[] = [
  {
    name: 'log-cosh k=2, k*=2, Poisson SGD, dt/γ = 1 (many multi-jump cells)',
    ...logCoshCase('committee', [3.2]),
    measure: 'sgd',
    dt: 0.4,
    probeStep: 8,
  },
  {
    name: 'logistic k=1, Poisson SGD, dt/γ = 2',
    model: logisticModel(0.2),
    config: dmftConfig({ delta: 1.5, gamma: 0.5, sigma: 0.2, times: [8], loss: 'logistic' }),
    measure: 'sgd',
    dt: 1,
    probeStep: 8,
  },
  {
    name: 'log-cosh k=2, k*=1, EM-SME',
    ...logCoshCase('mixed', [1]),
    measure: 'sme',
    dt: 0.1,
    probeStep: 9,
  },
  {
    name: 'log-cosh k=1, GF',
    model: logCoshModel([1], [1], 0.2, 1),
    config: dmftConfig({ delta: 2, sigma: 0.2, times: [1.2], scale: 0.5, overlap: [[0.2]] }),
    measure: 'gf',
    dt: 0.1,
    probeStep: 12,
  },
];

function centralDifference(evaluate: (h: number) => Float64Array, h: number): Float64Array {
  const plus = evaluate(h);
  const minus = evaluate(-h);
  return plus.map((v, i) => (v - minus[i]) / (2 * h));
}

describe(`DMFT per-path tangents against finite differences (suite seed ${seed})`, () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      const { model, config, measure, dt, probeStep } = testCase;
      const outcome = runProbedBatch(model, config, measure, dt, 400, seed, probeStep);
      const probe = outcome.probe;
      if (!probe) throw new Error('probe missing');
      const { k, kStar } = model;
      const kk = k * k;
      const rounding = 2 * probeStep * k * 16 * Number.EPSILON;
      const context = `seed ${seed}, case "${testCase.name}", config ${JSON.stringify(config)}`;
      let worst = 0;
      let checked = 0;

      for (let p = 0; p < CHECKED_PATHS; p++) {
        const base = resimulatePath(model, outcome, p);
        const scale = 1 + Math.max(...base.map(Math.abs));
        const check = (analytic: number, coarse: number, fine: number, label: string) => {
          const allowed = (2 * Math.abs(coarse - fine)) / 3 + (rounding * scale) / (STEP / 2);
          worst = Math.max(worst, Math.abs(fine - analytic) / allowed);
          checked += 1;
          expect(
            Math.abs(fine - analytic),
            `${label}, path ${p}: analytic ${analytic}, ` + `FD ${fine}; ${context}`,
          ).toBeLessThanOrEqual(allowed);
        };

        for (let b = 0; b < probeStep; b++) {
          for (let l = 0; l < k; l++) {
            const kickZ = (h: number) =>
              resimulatePath(model, outcome, p, {
                step: b,
                vector: Array.from({ length: k }, (_, i) => (i === l ? h : 0)),
              });
            const coarse = centralDifference(kickZ, STEP);
            const fine = centralDifference(kickZ, STEP / 2);
            for (let i = 0; i < k; i++) {
              const analytic = probe.response[(p * probeStep + b) * kk + i * k + l];
              check(analytic, coarse[i], fine[i], `dZ_${i}/dh_${b},${l}`);
            }
          }
        }

        if (model.labelDifferentiable) {
          for (let c = 0; c < kStar; c++) {
            const shiftZ = (h: number) =>
              resimulatePath(
                model,
                outcome,
                p,
                undefined,
                Array.from({ length: kStar }, (_, j) => (j === c ? h : 0)),
              );
            const coarse = centralDifference(shiftZ, STEP);
            const fine = centralDifference(shiftZ, STEP / 2);
            for (let i = 0; i < k; i++) {
              check(probe.nu[(p * k + i) * kStar + c], coarse[i], fine[i], `dZ_${i}/dr*_${c}`);
            }
          }
        }
      }
      process.stderr.write(
        `tangents ${testCase.name}: ${checked} entries, worst error/allowed ` +
          `${worst.toFixed(3)}\n`,
      );
    });
  }
});
