/**
 * The deterministic DMFT for an affine loss gradient (src/solvers/dmft/marchDeterministic.ts,
 * docs/dmft-performance.md) against independent answers:
 * - 'gf' is the exact DMFT of GD with step dt (docs/limits.md L6), so it must equal the exact
 *   discrete-GD oracle squareLossExact({ gdStep: dt }) (docs/exact.md) to
 *   the oracle's quadrature tolerance plus rounding; this includes the ridge benchmark case;
 * - 'sgd' and 'sme' converge to the continuum SGD = SME Volterra oracle (docs/exact.md)
 *   at first order in dt (L6), measured as the observed order on a halving ladder;
 * - the Monte Carlo solver (k = k* = 2, matrix Poisson multipliers) agrees within its error;
 * - exact identities: the first grid step equals the multiplier moments in closed form, and
 *   the Stein identity E[Z_a r*ᵀ] = Σ_{b<a} D[a, b] m_b + ν_a (docs/dmft.md) holds to rounding,
 *   although ν comes from the tangent recursion and E[Z r*ᵀ] from the source moments;
 * - selection: automatic for square loss with linear links, Monte Carlo otherwise, and
 *   `deterministic: true` on a non-affine model is a RangeError naming the option;
 * - the k = 1 fast path parameterRowScalar gives exactly the bits of parameterRow.
 * Random inputs: the Monte Carlo comparison and the random sample-side means fed to the two
 * parameter rows; both are seeded by suiteSeed().
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random/streams.ts';
import { affineSampleModel } from '../../src/solvers/dmft/affineSampleModel.ts';
import { type BatchState, createBatchState } from '../../src/solvers/dmft/batchState.ts';
import type { DmftOptions } from '../../src/solvers/dmft/types.ts';
import { marchDeterministic } from '../../src/solvers/dmft/marchDeterministic.ts';
import { parameterRow } from '../../src/solvers/dmft/parameterRow.ts';
import { parameterRowScalar } from '../../src/solvers/dmft/parameterRowScalar.ts';
import { solveDMFT } from '../../src/solvers/dmft/solveDMFT.ts';
import { solveDmftWithModel } from '../../src/solvers/dmft/solveDmftWithModel.ts';
import type { DmftMeasure } from '../../src/solvers/dmft/types.ts';
import { validateDmftInput } from '../../src/solvers/dmft/validateDmftInput.ts';
import { squareLossExact } from '../../src/solvers/exact/squareLossExact.ts';
import { volterraSGD } from '../../src/solvers/exact/volterraSGD.ts';
import { expectReportedDivergence } from '../helpers/expectReportedDivergence.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { firstStepCase } from './helpers/firstStepCase.ts';
import { dmftConfig, logisticModel, squareModel, squareTestRisk } from './helpers/privateModels.ts';
import { studentCritical } from './helpers/quantiles.ts';

const seed = suiteSeed();
const EPS = Number.EPSILON;

/** The DMFT call with the performance options (solveDMFT's type predates them). */
function solve(config: Parameters<typeof solveDMFT>[0], options: DmftOptions) {
  return solveDMFT(config, options);
}

describe('deterministic DMFT against exact GD (squareLossExact with gdStep = dt)', () => {
  const cases = [
    // The benchmark case: ridge, GD step 0.1, δ = 3, λ = 0.5, T = 5, overlap 0.2, noiseless.
    {
      name: 'ridge benchmark',
      dt: 0.1,
      config: dmftConfig({
        delta: 3,
        lambda: 0.5,
        sigma: 0,
        times: [0.5, 1, 2.5, 5],
        overlap: [[0.2]],
      }),
    },
    {
      name: 'noisy, random start',
      dt: 0.05,
      config: dmftConfig({
        delta: 0.7,
        lambda: 0.02,
        sigma: 0.4,
        times: [0.25, 1, 3],
        scale: 0.5,
        overlap: [[-0.3]],
      }),
    },
  ];
  for (const { name, dt, config } of cases) {
    it(`${name}: Q, M, train and test risk to quadrature tolerance`, () => {
      const result = solve(config, { measure: 'gf', dt, paths: 16, seed });
      const exact = squareLossExact(config, { gdStep: dt });
      expect(result.info.method).toBe('deterministic');
      const steps = Number(result.info.steps);
      const context = `config ${JSON.stringify(config)}, dt ${dt}`;
      for (let i = 0; i < config.times.length; i++) {
        const pairs: [string, number, number, number][] = [
          ['Q', result.Q[i][0][0], exact.Q[i][0][0], result.stdErr?.Q[i][0][0] ?? NaN],
          [
            'M',
            result.M?.[i][0][0] ?? NaN,
            exact.M?.[i][0][0] ?? NaN,
            result.stdErr?.M?.[i][0][0] ?? NaN,
          ],
          [
            'train',
            result.trainRisk?.[i] ?? NaN,
            exact.trainRisk?.[i] ?? NaN,
            result.stdErr?.trainRisk?.[i] ?? NaN,
          ],
          [
            'test',
            result.testRisk?.[i] ?? NaN,
            exact.testRisk?.[i] ?? NaN,
            result.stdErr?.testRisk?.[i] ?? NaN,
          ],
        ];
        for (const [label, value, reference, se] of pairs) {
          // The oracle stops doubling its quadrature at 1e-12·(1 + |v|); the DMFT is a
          // linear recursion of N steps with O(N) terms per row, each O(1) and contracting
          // (stable GD), so its rounding is below N²·eps relative.
          const allowed = (1e-12 + steps * steps * EPS) * (1 + Math.abs(reference));
          expect(
            Math.abs(value - reference),
            `${label}(${config.times[i]}); ${context}`,
          ).toBeLessThanOrEqual(allowed);
          expect(se, `stdErr of ${label} must be 0 for the deterministic solve`).toBe(0);
        }
      }
    });
  }
});

describe('deterministic DMFT: first order in dt towards the continuum Volterra oracle', () => {
  const config = dmftConfig({ delta: 2, lambda: 0.05, gamma: 0.5, sigma: 0.3, times: [1] });
  const ladder = [0.1, 0.05, 0.025, 0.0125];
  // Two trapezoid steps of the (second-order) oracle: their difference bounds its error
  // (Richardson: the finer one errs by about a third of it).
  const fine = volterraSGD(config, { step: 0.001 });
  const coarse = volterraSGD(config, { step: 0.002 });
  const reference = { Q: fine.Q[0][0][0], train: fine.trainRisk?.[0] ?? NaN };
  const referenceError = {
    Q: Math.abs(fine.Q[0][0][0] - coarse.Q[0][0][0]),
    train: Math.abs((fine.trainRisk?.[0] ?? NaN) - (coarse.trainRisk?.[0] ?? NaN)),
  };

  for (const measure of ['sgd', 'sme'] as DmftMeasure[]) {
    it(`'${measure}': observed order → 1 on the ladder ${ladder.join(', ')}`, () => {
      const runs = ladder.map((dt) => solve(config, { measure, dt, paths: 16, seed }));
      for (const key of ['Q', 'train'] as const) {
        const errors = runs.map(
          (run) => (key === 'Q' ? run.Q[0][0][0] : (run.trainRisk?.[0] ?? NaN)) - reference[key],
        );
        const orders = errors.slice(1).map((e, j) => Math.log2(errors[j] / e));
        const context =
          `${measure} ${key}: errors ${errors.map((e) => e.toExponential(3))}, ` +
          `orders ${orders.map((p) => p.toFixed(3))}, reference error ${referenceError[key]}`;
        process.stderr.write(`${context}\n`);

        // The errors must dwarf the oracle's own error, or the order is meaningless.
        for (const e of errors) {
          expect(Math.abs(e), context).toBeGreaterThan(100 * referenceError[key]);
        }
        // With e(dt) = C1 dt + C2 dt² + …, the observed order of the pair (dt, dt/2) is
        // 1 + (C2/C1) dt/(2 ln 2) + O(dt²): its deviation from 1 shrinks in proportion to dt.
        // So the last pair (dt 4× smaller than the first) may deviate by at most twice the
        // first pair's deviation scaled by 1/4, plus the oracle error's effect on a log-ratio
        // (≤ 3·error/|e|/ln 2). A second-order (p = 2), half-order or non-convergent (p = 0)
        // scheme fails this.
        const first = Math.abs(orders[0] - 1);
        const last = orders[orders.length - 1];
        const scale = ladder[ladder.length - 2] / ladder[0];
        const noise = (3 * referenceError[key]) / Math.abs(errors[errors.length - 1]) / Math.LN2;
        expect(Math.abs(last - 1), context).toBeLessThanOrEqual(2 * first * scale + noise);
      }
    });
  }
});

describe(`deterministic DMFT against Monte Carlo (suite seed ${seed})`, () => {
  const FILE_ALPHA = 1e-4;
  const BATCHES = 8;
  const sigma = 0.3;
  const teacher = [1, 0.5];
  const student = [0.8, -0.6];
  const config = dmftConfig({
    delta: 1.5,
    lambda: 0.1,
    gamma: 0.6,
    sigma,
    times: [0.6, 1.2],
    k: 2,
    kStar: 2,
    scale: 0.4,
    overlap: [
      [0.3, 0.1],
      [0, -0.2],
    ],
  });
  const model = squareModel(teacher, student, sigma);
  const risk = squareTestRisk(teacher, student, sigma);
  const measures: DmftMeasure[] = ['gf', 'sgd'];
  // Per time: 3 distinct Q entries, 4 M entries, train and test risk.
  const asserts = measures.length * config.times.length * 9;
  const t = studentCritical(FILE_ALPHA / asserts, BATCHES - 1);

  for (const measure of measures) {
    it(`'${measure}', k = k* = 2: within t·SE (t = ${t.toFixed(2)}) of the path means`, () => {
      const options = { measure, dt: 0.1, paths: 4000, seed, batches: BATCHES };
      const exact = solveDmftWithModel(model, config, { ...options, deterministic: true }, risk);
      const mc = solveDmftWithModel(model, config, { ...options, deterministic: false }, risk);
      expect(mc.info.method).toBe('monte-carlo');
      const errors = mc.stdErr;
      if (!errors?.M || !errors.trainRisk || !errors.testRisk) throw new Error('stdErr missing');
      const context = `seed ${seed}, measure ${measure}, config ${JSON.stringify(config)}`;
      let worst = 0;
      // (value − exact)/SE is Student t with B − 1 degrees of freedom (independent batches).
      // 'gf' has no batch-mean bias (D and ν are path-independent, the rest is linear in G);
      // 'sgd' has one of order 1/(paths per batch) = 1/500 against an SE of order 1/√4000,
      // i.e. below a tenth of the SE, which the Bonferroni-corrected t leaves room for.
      // Path-independent values ('gf' M) have SE 0: there the Monte Carlo mean is a recursive
      // sum of 500 equal terms (≤ 499·eps relative) fed through the N = 12-step recursion
      // (≤ N²·eps), which gives the rounding floor.
      const floor = (reference: number): number =>
        (options.paths / BATCHES + 12 * 12) * EPS * (1 + Math.abs(reference));
      const check = (label: string, value: number, reference: number, se: number): void => {
        const allowed = t * se + floor(reference);
        worst = Math.max(worst, Math.abs(value - reference) / allowed);
        expect(Math.abs(value - reference), `${label}; ${context}`).toBeLessThanOrEqual(allowed);
      };
      for (let i = 0; i < config.times.length; i++) {
        for (const [r, c] of [
          [0, 0],
          [0, 1],
          [1, 1],
        ]) {
          check(
            `Q[${r}][${c}](${config.times[i]})`,
            mc.Q[i][r][c],
            exact.Q[i][r][c],
            errors.Q[i][r][c],
          );
        }
        for (let r = 0; r < 2; r++) {
          for (let c = 0; c < 2; c++) {
            check(
              `M[${r}][${c}](${config.times[i]})`,
              mc.M?.[i][r][c] ?? NaN,
              exact.M?.[i][r][c] ?? NaN,
              errors.M[i][r][c],
            );
          }
        }
        check(
          `train(${config.times[i]})`,
          mc.trainRisk?.[i] ?? NaN,
          exact.trainRisk?.[i] ?? NaN,
          errors.trainRisk[i],
        );
        check(
          `test(${config.times[i]})`,
          mc.testRisk?.[i] ?? NaN,
          exact.testRisk?.[i] ?? NaN,
          errors.testRisk[i],
        );
      }
      process.stderr.write(
        `deterministic vs MC ${measure}: worst |diff|/allowed ${worst.toFixed(3)}\n`,
      );
    });
  }
});

describe('deterministic DMFT: exact identities', () => {
  it('first grid step equals the closed-form multiplier moments of every measure', () => {
    const { config, dt, expected } = firstStepCase(0.3);
    for (const [measure, { Q: expectedQ, M: expectedM }] of Object.entries(expected)) {
      const result = solve(config, { measure: measure as DmftMeasure, dt, paths: 16, seed });
      const q = result.Q[0][0][0];
      const m = result.M?.[0][0][0] ?? NaN;
      // A handful of roundings on each side: 16 ULPs of the value.
      expect(Math.abs(q - expectedQ), `Q(dt), ${measure}`).toBeLessThanOrEqual(16 * EPS * q);
      expect(Math.abs(m - expectedM), `M(dt), ${measure}`).toBeLessThanOrEqual(
        16 * EPS * Math.abs(m),
      );
    }
  });

  it('Stein on r*: E[Z_a r*ᵀ] = Σ_{b<a} D[a, b] m_b + ν_a at every step (k = 2, k* = 3)', () => {
    const model = squareModel([1, -0.5, 0.25], [0.9, 0.4], 0.2);
    const config = dmftConfig({
      delta: 1.2,
      lambda: 0.05,
      gamma: 0.4,
      sigma: 0.2,
      times: [2],
      k: 2,
      kStar: 3,
      scale: 0.3,
      overlap: [
        [0.2, 0, 0.1],
        [0, 0.3, 0],
      ],
    });
    const affine = affineSampleModel(model);
    if (typeof affine === 'string') throw new Error(affine);
    for (const measure of ['sgd', 'sme', 'gf'] as DmftMeasure[]) {
      const input = validateDmftInput(config, { measure, dt: 0.1, paths: 16, seed }, model);
      const { state } = marchDeterministic({
        affine,
        measure,
        steps: input.steps,
        dt: 0.1,
        lambda: config.lambda,
        delta: config.delta,
        gamma: input.gamma,
        overlap: input.overlap,
        initSecondMoment: input.initSecondMoment,
      });
      const { k, kStar } = state;
      const points = state.steps + 1;
      let worst = 0;
      for (let a = 1; a < points; a++) {
        for (let i = 0; i < k; i++) {
          for (let j = 0; j < kStar; j++) {
            let sum = state.nu[(a * k + i) * kStar + j];
            let size = Math.abs(sum);
            for (let b = 0; b < a; b++) {
              for (let l = 0; l < k; l++) {
                const term =
                  state.d[((a * points + b) * k + i) * k + l] * state.m[(b * k + l) * kStar + j];
                sum += term;
                size += Math.abs(term);
              }
            }
            const lhs = state.zr[(a * k + i) * kStar + j];
            // Both sides are sums of O(a·k) rounded products built by recursions of depth a,
            // each step adding a few roundings: allow 8·a·k·eps times the sum of magnitudes.
            const allowed = 8 * a * k * EPS * (size + Math.abs(lhs));
            worst = Math.max(worst, Math.abs(lhs - sum) / allowed);
            expect(
              Math.abs(lhs - sum),
              `${measure}, a = ${a}, entry ${i},${j}`,
            ).toBeLessThanOrEqual(allowed);
          }
        }
      }
      // The identity is not vacuous: E[Z r*ᵀ] is far from zero at the end.
      expect(Math.abs(state.zr[state.steps * k * kStar])).toBeGreaterThan(0.01);
      process.stderr.write(`stein r* (${measure}): worst error/allowed ${worst.toFixed(3)}\n`);
    }
  });
});

describe('deterministic DMFT: selection and failure reporting', () => {
  const config = dmftConfig({ delta: 2, gamma: 0.5, sigma: 0.1, times: [1] });
  const base = { measure: 'sgd' as const, dt: 0.1, paths: 64, seed, batches: 2 };

  it('is chosen automatically for square loss with linear links, and can be turned off', () => {
    expect(solve(config, base).info.method).toBe('deterministic');
    expect(solve(config, { ...base, deterministic: false }).info.method).toBe('monte-carlo');
  });

  it('is not chosen for logistic loss or a nonlinear teacher, and cannot be forced', () => {
    const logistic = dmftConfig({ delta: 2, gamma: 0.5, sigma: 0.1, times: [1], loss: 'logistic' });
    const model = logisticModel(0.1);
    const risk = () => 0;
    expect(solveDmftWithModel(model, logistic, base, risk).info.method).toBe('monte-carlo');
    expect(() =>
      solveDmftWithModel(model, logistic, { ...base, deterministic: true }, risk),
    ).toThrow(/options\.deterministic.*affine/);
    const relu = { ...config, teacher: { ...config.teacher, link: 'relu' as const } };
    expect(solve(relu, base).info.method).toBe('monte-carlo');
    expect(() => solve(relu, { ...base, deterministic: true })).toThrow(
      /options\.deterministic.*label map is not linear/,
    );
    expect(() => solve(config, { ...base, deterministic: 'yes' as unknown as boolean })).toThrow(
      /options\.deterministic.*"?yes/,
    );
  });

  it('reports divergence of square-loss SGD at γ = 2.5 with a time and no NaN', () => {
    const unstable = dmftConfig({ delta: 2, gamma: 2.5, sigma: 0.1, times: [1, 5, 20, 40] });
    const result = solve(unstable, base);
    expect(result.info.method).toBe('deterministic');
    expectReportedDivergence(result, unstable.times.length);
  });
});

describe(`parameterRowScalar gives the bits of parameterRow, k = 1 (suite seed ${seed})`, () => {
  for (const [kStar, directNu] of [
    [1, true],
    [2, true],
    [2, false],
  ] as [number, boolean][]) {
    it(`k* = ${kStar}, ${directNu ? 'tangent' : 'Stein'} form of ν, 40 rows`, () => {
      const steps = 40;
      const points = steps + 1;
      const overlap = Float64Array.from({ length: kStar }, (_, j) => 0.3 - 0.2 * j);
      const initial = Float64Array.of(0.2);
      const make = (): BatchState =>
        createBatchState(1, kStar, steps, 0.05, 0.1, 1.7, overlap, initial, directNu);
      const block = make();
      const scalar = make();

      // Random sample-side means, the same for both: f[e, b] (b ≤ e), G[b, b'] (b' ≤ b),
      // E ∂ΔZ/∂r* and E[Z r*ᵀ], of the sizes a DMFT run produces (f, G ~ dt, ν ~ dt).
      const rng = new Rng(seed, 'tests/parameter-row-scalar');
      for (let e = 0; e < points; e++) {
        for (let b = 0; b <= e; b++) {
          const f = 0.05 * rng.normal();
          const g = 0.05 * rng.normal() * (b === e ? 0 : 1) + (b === e ? 0.05 : 0);
          for (const state of [block, scalar]) {
            state.f[e * points + b] = f;
            state.g[e * points + b] = g;
          }
        }
        for (let j = 0; j < kStar; j++) {
          const increment = 0.05 * rng.normal();
          const zr = rng.normal();
          for (const state of [block, scalar]) {
            state.nuIncrement[e * kStar + j] = increment;
            state.zr[e * kStar + j] = zr;
          }
        }
      }

      const arrays: (keyof BatchState)[] = ['rTheta', 'r0', 'd', 'nu', 'v', 'm', 'c'];
      for (let a = 0; a <= steps; a++) {
        parameterRow(block, a);
        parameterRowScalar(scalar, a);
        for (const name of arrays) {
          const x = block[name] as Float64Array;
          const y = scalar[name] as Float64Array;
          const first = x.findIndex((value, i) => !Object.is(value, y[i]));
          expect(
            first,
            `${name} after row ${a}: entry ${first}, ${x[first]} vs ${y[first]}; ` + `seed ${seed}`,
          ).toBe(-1);
        }
        // The X = R_θ[a, ·] G scratch that marchDeterministic reads back.
        for (let b = 0; b < a; b++) {
          expect(Object.is(block.scratchX[b], scalar.scratchX[b]), `scratchX[${b}], row ${a}`).toBe(
            true,
          );
        }
      }
      // Not vacuous: the rows moved away from their start.
      expect(Math.abs(scalar.c[steps * points + steps] - 0.2)).toBeGreaterThan(1e-3);
    });
  }
});
