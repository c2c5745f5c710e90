/**
 * The DMFT grid scheme against exact answers (docs/exact.md), square loss, k = 1:
 * - 'gf' is the exact DMFT of GD with step dt, so it must equal the exact discrete-GD oracle
 *   (src/solvers/exact/squareLossExact with gdStep = dt) up to Monte Carlo error;
 * - for affine ℓ every closure is multilinear in the cell multipliers μ_a, so the kernels
 *   depend on the measure only through E μ and E μ² per cell (docs/dmft.md): EM-SME at γ
 *   (E μ² = dt² + γ dt) and Bernoulli-SGD at γ + dt (E μ² = (γ + dt) dt) must agree — the
 *   grid form of "SGD = SME for a linear model" (docs/dmft.md), with no discretisation bias;
 * - the first grid step is exact: with θ0 = 0, Q(dt) = δ(1+σ²) m2 + δ² m1², M(dt) = δ m1,
 *   where m1 = E μ_eff, m2 = E μ_eff² and μ_eff is the cell's multiplier of ℓ(0; y) = −y
 *   (for Poisson SGD with jumps applied in turn, μ_eff = 1 − (1−γ)^n, n ~ Poisson(dt/γ)).
 *   So (Q_SGD − Q_GF)(dt)/dt = δγE[ℓ(0;y)²] + O(dt): the small-t slope of docs/dmft.md.
 *
 * Tolerances: each DMFT value is a mean over B independent batches with a standard error from
 * their spread, so (value − exact)/stdErr is Student-t with B − 1 degrees of freedom; the
 * critical value is for a false-failure probability FILE_ALPHA split (Bonferroni) over the
 * asserts of each test. Differences of two runs use stdErr₁ + stdErr₂, which bounds the paired
 * standard error (the sample sd obeys the triangle inequality), so the test is conservative.
 */
import { describe, expect, it } from 'vitest';
import { solveDMFT } from '../../src/solvers/dmft/solveDMFT.ts';
import { solveDmftWithModel } from '../../src/solvers/dmft/solveDmftWithModel.ts';
import type { DmftMeasure } from '../../src/solvers/dmft/types.ts';
import { squareLossExact } from '../../src/solvers/exact/squareLossExact.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { firstStepCase } from './helpers/firstStepCase.ts';
import type { FirstStepMeasure } from './helpers/firstStepCase.ts';
import { dmftConfig, squareModel, squareTestRisk } from './helpers/privateModels.ts';
import { studentCritical } from './helpers/quantiles.ts';

const seed = suiteSeed();
const FILE_ALPHA = 1e-4;
const BATCHES = 16;
const sigma = 0.3;
/** Square loss, k = 1, δ = 2, λ = 0.05, γ = 0.5, θ0 = 0.3θ* + 0.5g: the 'gf' and model tests. */
const SQUARE_CASE = dmftConfig({
  delta: 2,
  lambda: 0.05,
  gamma: 0.5,
  sigma,
  times: [0.5, 1, 2],
  scale: 0.5,
  overlap: [[0.3]],
});

describe(`DMFT square loss against exact answers (suite seed ${seed})`, () => {
  it("'gf' equals exact GD with step dt (Q, M, train and test risk)", () => {
    const dt = 0.1;
    const config = SQUARE_CASE;
    // Monte Carlo forced: this test checks the estimator, which the automatic choice of the
    // deterministic closure for square loss would bypass.
    const result = solveDMFT(config, {
      measure: 'gf',
      dt,
      paths: 8000,
      seed,
      batches: BATCHES,
      deterministic: false,
    });
    const exact = squareLossExact(config, { gdStep: dt });
    const errors = result.stdErr;
    if (!errors?.trainRisk || !errors.testRisk || !errors.M) throw new Error('stdErr missing');
    const t = studentCritical(FILE_ALPHA / 3 / (3 * config.times.length), BATCHES - 1);
    const context = `seed ${seed}, config ${JSON.stringify(config)}`;
    for (let i = 0; i < config.times.length; i++) {
      const pairs: [string, number, number, number][] = [
        ['Q', result.Q[i][0][0], exact.Q[i][0][0], errors.Q[i][0][0]],
        ['train', result.trainRisk?.[i] ?? NaN, exact.trainRisk?.[i] ?? NaN, errors.trainRisk[i]],
        ['test', result.testRisk?.[i] ?? NaN, exact.testRisk?.[i] ?? NaN, errors.testRisk[i]],
      ];
      for (const [name, value, reference, se] of pairs) {
        process.stderr.write(
          `gf vs GD ${name}(${config.times[i]}): ${value.toFixed(5)} vs ` +
            `${reference.toFixed(5)}, diff/SE ${((value - reference) / se).toFixed(2)}\n`,
        );
        expect(
          Math.abs(value - reference),
          `${name} at t = ${config.times[i]}; ${context}`,
        ).toBeLessThanOrEqual(t * se);
      }
      // For square loss with μ = dt, D and ν are the same on every path, so M involves no
      // Monte Carlo at all: only the oracle's quadrature tolerance (1e-12·(1 + |M|)) and the
      // rounding of an O(N²)-term recursion (N = 20 steps, N²·eps ≈ 1e-13) separate them.
      const m = result.M?.[i][0][0] ?? NaN;
      expect(Math.abs(m - (exact.M?.[i][0][0] ?? NaN)), `M; ${context}`).toBeLessThanOrEqual(
        1e-12 * (1 + Math.abs(m)) + 400 * Number.EPSILON,
      );
    }
  });

  it('EM-SME at γ equals Bernoulli-SGD at γ + dt (same E μ, E μ²)', () => {
    const dt = 0.1;
    const gamma = 0.5;
    const times = [0.5, 1, 2];
    const sme = solveDMFT(dmftConfig({ delta: 2, lambda: 0.05, gamma, sigma, times }), {
      measure: 'sme',
      dt,
      paths: 8000,
      seed,
      batches: BATCHES,
      deterministic: false,
    });
    const bernoulliConfig = dmftConfig({ delta: 2, lambda: 0.05, gamma: gamma + dt, sigma, times });
    const bernoulli = solveDMFT(bernoulliConfig, {
      measure: 'bernoulli-sgd',
      dt,
      paths: 8000,
      seed,
      batches: BATCHES,
      deterministic: false,
    });
    const t = studentCritical(FILE_ALPHA / 3 / (4 * times.length), BATCHES - 1);
    const context = `seed ${seed}, config ${JSON.stringify(bernoulliConfig)}`;
    for (let i = 0; i < times.length; i++) {
      const quantities: [string, number, number, number, number][] = [
        [
          'Q',
          sme.Q[i][0][0],
          bernoulli.Q[i][0][0],
          sme.stdErr?.Q[i][0][0] ?? NaN,
          bernoulli.stdErr?.Q[i][0][0] ?? NaN,
        ],
        [
          'M',
          sme.M?.[i][0][0] ?? NaN,
          bernoulli.M?.[i][0][0] ?? NaN,
          sme.stdErr?.M?.[i][0][0] ?? NaN,
          bernoulli.stdErr?.M?.[i][0][0] ?? NaN,
        ],
        [
          'train',
          sme.trainRisk?.[i] ?? NaN,
          bernoulli.trainRisk?.[i] ?? NaN,
          sme.stdErr?.trainRisk?.[i] ?? NaN,
          bernoulli.stdErr?.trainRisk?.[i] ?? NaN,
        ],
        [
          'test',
          sme.testRisk?.[i] ?? NaN,
          bernoulli.testRisk?.[i] ?? NaN,
          sme.stdErr?.testRisk?.[i] ?? NaN,
          bernoulli.stdErr?.testRisk?.[i] ?? NaN,
        ],
      ];
      for (const [name, a, b, seA, seB] of quantities) {
        process.stderr.write(
          `sme vs bernoulli ${name}(${times[i]}): ${a.toFixed(5)} vs ` +
            `${b.toFixed(5)}, diff/(SE1+SE2) ${((a - b) / (seA + seB)).toFixed(2)}\n`,
        );
        expect(Math.abs(a - b), `${name} at t = ${times[i]}; ${context}`).toBeLessThanOrEqual(
          t * (seA + seB),
        );
      }
    }
  });

  it('first grid step matches the exact multiplier moments of every measure', () => {
    const { config, dt, delta, gamma, expected } = firstStepCase(sigma);
    const secondMomentY = 1 + sigma * sigma;
    const measures: FirstStepMeasure[] = ['gf', 'sme', 'bernoulli-sgd', 'sgd'];
    const t = studentCritical(FILE_ALPHA / 3 / (2 * measures.length), BATCHES - 1);
    const slopes: Record<string, number> = {};
    for (const measure of measures) {
      const result = solveDMFT(config, { measure, dt, paths: 8000, seed, batches: BATCHES });
      const { Q: expectedQ, M: expectedM } = expected[measure];
      const q = result.Q[0][0][0];
      const m = result.M?.[0][0][0] ?? NaN;
      // The exact values are deterministic for GF, where the stdErr is 0 up to rounding; a
      // floor of 64·eps·|value| covers the few roundings of one grid step.
      const seQ = Math.max(result.stdErr?.Q[0][0][0] ?? NaN, 64 * Number.EPSILON * expectedQ);
      const seM = Math.max(result.stdErr?.M?.[0][0][0] ?? NaN, 64 * Number.EPSILON * expectedM);
      process.stderr.write(
        `step 1 ${measure}: Q ${q.toFixed(5)} vs ${expectedQ.toFixed(5)} ` +
          `(SE ${seQ.toExponential(1)}), M ${m.toFixed(5)} vs ${expectedM.toFixed(5)}\n`,
      );
      const context = `measure ${measure}, seed ${seed}, config ${JSON.stringify(config)}`;
      expect(Math.abs(q - expectedQ), `Q(dt); ${context}`).toBeLessThanOrEqual(t * seQ);
      expect(Math.abs(m - expectedM), `M(dt); ${context}`).toBeLessThanOrEqual(t * seM);
      slopes[measure] = q;
    }
    const predicted = delta * gamma * secondMomentY;
    process.stderr.write(
      `small-t slope δγE[ℓ(0;y)²] = ${predicted}; measured ` +
        `(Q_sgd − Q_gf)/dt = ${((slopes.sgd - slopes.gf) / dt).toFixed(4)}, ` +
        `(Q_sme − Q_gf)/dt = ${((slopes.sme - slopes.gf) / dt).toFixed(4)}\n`,
    );
  });

  it('solveDMFT (compiled model, product test risk) reproduces the private square model', () => {
    const config = SQUARE_CASE;
    const options = { measure: 'sgd' as const, dt: 0.1, paths: 800, seed, batches: 2 };
    const product = solveDMFT(config, options);
    const own = solveDmftWithModel(
      squareModel([1], [1], sigma),
      config,
      options,
      squareTestRisk([1], [1], sigma),
    );
    // Same draws and the same arithmetic up to the order of a few flops in ℓ, H and the risk
    // formula (a few ULPs each); the linear march over N = 20 steps with gains ≤ 1 + δ·dt
    // amplifies that by less than 10, so 1e-13 relative is a wide bound.
    for (let i = 0; i < config.times.length; i++) {
      const pairs: [number, number][] = [
        [product.Q[i][0][0], own.Q[i][0][0]],
        [product.M?.[i][0][0] ?? NaN, own.M?.[i][0][0] ?? NaN],
        [product.trainRisk?.[i] ?? NaN, own.trainRisk?.[i] ?? NaN],
        [product.testRisk?.[i] ?? NaN, own.testRisk?.[i] ?? NaN],
      ];
      for (const [a, b] of pairs) {
        expect(Math.abs(a - b), `seed ${seed}, t = ${config.times[i]}`).toBeLessThanOrEqual(
          1e-13 * (1 + Math.abs(b)),
        );
      }
    }
  });
});
