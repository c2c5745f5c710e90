/**
 * The exact oracles against a direct finite-d computation (d = 400): X drawn from the seeded
 * streams, XᵀX eigen-solved with ml-matrix, the exact GF solution and a plain GD recursion
 * evaluated on that draw and compared with squareLossExact (the d → ∞ answer); then
 * volterraSGD on the draw's spectrum against volterraSGD on ν_δ.
 *
 * Tolerances (statistical). Given X, each observable is a Gaussian chaos in the independent
 * standard normal eigen-coordinates of θ*, g and ε, whose conditional mean is a linear spectral
 * statistic (1/d) Σ_j f(μ_j) and whose conditional variance is an explicit mode sum (below).
 * The spectral statistic deviates from ∫ f dν_δ by
 * - a fluctuation of standard deviation ≤ (2/d)·√(∫ μ f′(μ)² dν): the Gaussian Poincaré
 *   inequality for X ↦ Σ_j f(μ_j), whose gradient 2X f′(XᵀX) has squared norm
 *   4 Σ_j μ_j f′(μ_j)², with entry variance 1/d (the expectation over X replaced by ν_δ);
 * - a bias ≤ sup |f| / d: the O(1) mean of a linear spectral statistic of a real Wishart
 *   matrix is ¼(f(μ−) + f(μ+)) − ½ E_arcsine f (Bai–Silverstein, Ann. Probab. 2004).
 * Both parts are asymptotically Gaussian, so the tolerance is z·√(Var_chaos + SD_lss²) + bias,
 * with z for a family-wise false-failure probability of 1e-3 over all such assertions here.
 */
import { describe, expect, it } from 'vitest';
import { reproduce, testConfig } from '../helpers/configs.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { mpIntegrate, mpSupport } from '../../src/solvers/exact/marchenkoPastur.ts';
import { squareLossExact } from '../../src/solvers/exact/squareLossExact.ts';
import { volterraSGD } from '../../src/solvers/exact/volterraSGD.ts';
import type { FiniteProblem } from './finiteProblem.ts';
import {
  dot,
  finiteProblem,
  fromEigen,
  timesX,
  timesXt,
  toEigen,
  twoSidedZ,
} from './finiteProblem.ts';

const FILE = 'tests/exact/finiteD.test.ts';
const SEED = suiteSeed();
const D = 400;
const TIMES = [0.5, 2, 8];
const GD_STEP = 0.05;
const CASES = [
  { delta: 2, lambda: 0.1, sigma: 0.5, overlap: 0.3, scale: 0.8 },
  { delta: 0.5, lambda: 0.05, sigma: 0.4, overlap: 0.5, scale: 0.6 },
];
/** 2 cases × 2 algorithms × 3 times × 4 observables × 2 forms, plus 2 cases × 3 kernel lags. */
const ASSERTIONS = 2 * 2 * 3 * 4 * 2 + 2 * 3;
const Z = twoSidedZ(1e-3 / ASSERTIONS);
const EPS = Number.EPSILON;

type Case = (typeof CASES)[number];
type Clock = { kind: 'gf'; t: number } | { kind: 'gd'; count: number };

/** q and c of one mode (written here independently of src/solvers/exact/squareModes.ts). */
function mode(mu: number, lambda: number, clock: Clock): { q: number; c: number } {
  const rate = mu + lambda;
  if (clock.kind === 'gf') {
    const q = Math.exp(-rate * clock.t);
    return { q, c: rate === 0 ? clock.t : (1 - q) / rate };
  }
  const q = (1 - GD_STEP * rate) ** clock.count;
  return { q, c: rate === 0 ? GD_STEP * clock.count : (1 - q) / rate };
}

/** Mode functions whose spectral averages are E[M], E[Q], E[excess] and δ(E[ψ] − σ²(1 − 1/δ)). */
function modeFunctions(mu: number, c: Case, clock: Clock): number[] {
  const { q, c: coef } = mode(mu, c.lambda, clock);
  const alpha = q * c.overlap + mu * coef;
  const init = q * q * c.scale * c.scale;
  const noise = c.sigma ** 2 * mu * coef * coef;
  const miss = alpha - 1;
  return [
    alpha,
    alpha * alpha + init + noise,
    miss * miss + init + noise,
    mu * miss * miss + mu * init + c.sigma ** 2 * (mu * coef - 1) ** 2,
  ];
}

/** The LSS part of the tolerance for the spectral average of f: SD (Poincaré) and bias. */
function lssAllowance(delta: number, f: (mu: number) => number): { sd: number; bias: number } {
  // f′ by central differences with step 1e-6(1 + μ): error ~1e-12·f‴, far below 1/d scales.
  const slope = (mu: number) => {
    const h = 1e-6 * (1 + mu);
    return (f(mu + h) - f(Math.max(0, mu - h))) / (mu + h - Math.max(0, mu - h));
  };
  const energy = mpIntegrate(delta, (mu) => mu * slope(mu) ** 2, { tol: 1e-9 }).value;
  const { lower, upper } = mpSupport(delta);
  let sup = Math.abs(f(0));
  // sup on a 65-point grid of the support: f is smooth, and the bias bound is loose anyway.
  for (let i = 0; i <= 64; i++) {
    sup = Math.max(sup, Math.abs(f(lower + ((upper - lower) * i) / 64)));
  }
  return { sd: (2 / D) * Math.sqrt(energy), bias: sup / D };
}

/** The realised observables of a finite-d θ. */
function observe(problem: FiniteProblem, theta: Float64Array, c: Case) {
  const { n, d, thetaStar, eps } = problem;
  const residual = timesX(problem, theta);
  const signal = timesX(problem, thetaStar);
  for (let i = 0; i < n; i++) residual[i] -= signal[i] + c.sigma * eps[i];
  const miss = theta.map((v, j) => v - thetaStar[j]);
  return [
    dot(theta, thetaStar) / d,
    dot(theta, theta) / d,
    dot(miss, miss) / d,
    dot(residual, residual) / n,
  ];
}

/** Conditional variances given X of [M, Q, excess, ψ] (chaos in eigen-coordinates). */
function chaosVariances(problem: FiniteProblem, c: Case, clock: Clock): number[] {
  const { n, d, mu } = problem;
  let varM = 0;
  let varQ = 0;
  let varExcess = 0;
  let varPsi = 0;
  let positive = 0;
  for (let j = 0; j < d; j++) {
    const { q, c: coef } = mode(mu[j], c.lambda, clock);
    const alpha = q * c.overlap + mu[j] * coef;
    const init = q * q * c.scale * c.scale;
    const noise = c.sigma ** 2 * mu[j] * coef * coef;
    varM += 2 * alpha * alpha + init + noise;
    varQ += 2 * (alpha * alpha + init + noise) ** 2;
    varExcess += 2 * ((alpha - 1) ** 2 + init + noise) ** 2;
    // Zero modes (δ < 1) have no image under X and add nothing to the residual.
    if (mu[j] > 1e-8) {
      positive += 1;
      const r = mu[j] * (alpha - 1) ** 2 + mu[j] * init + c.sigma ** 2 * (mu[j] * coef - 1) ** 2;
      varPsi += 2 * r * r;
    }
  }
  varPsi += 2 * c.sigma ** 4 * Math.max(0, n - positive);
  return [varM / d ** 2, varQ / d ** 2, varExcess / d ** 2, varPsi / n ** 2];
}

function configFor(c: Case, times = TIMES, gamma = 0.5) {
  return testConfig({
    d: D,
    delta: c.delta,
    lambda: c.lambda,
    times,
    teacher: { link: 'linear', noise: c.sigma },
    init: { scale: c.scale, overlap: c.overlap },
    algorithm: { name: 'sgd', gamma, alpha: 0.5 },
    seed: SEED,
  });
}

describe('exact oracles against a finite-d draw (d = 400)', () => {
  const problems = CASES.map((c) => finiteProblem(SEED, D, Math.round(c.delta * D)));

  CASES.forEach((c, index) => {
    const name = `GF and GD at δ = ${c.delta} match squareLossExact within the derived tolerance`;
    it(name, () => {
      const problem = problems[index];
      const { d, mu } = problem;
      const config = configFor(c);
      const zStar = toEigen(problem, problem.thetaStar);
      const zInit = toEigen(problem, problem.g);
      const zNoise = toEigen(problem, timesXt(problem, problem.eps));
      const y = timesX(problem, problem.thetaStar).map((v, i) => v + c.sigma * problem.eps[i]);
      const labels = ['M', 'Q', 'excess', 'psi'];

      const gf = squareLossExact(config);
      const gd = squareLossExact(config, { gdStep: GD_STEP });

      // GD by its own recursion θ ← θ − Δ(Xᵀ(Xθ − y) + λθ), from θ0 = oθ* + sg.
      let theta = problem.thetaStar.map((v, j) => c.overlap * v + c.scale * problem.g[j]);
      let steps = 0;
      const gdThetas: Float64Array[] = [];
      for (const t of TIMES) {
        const target = Math.round(t / GD_STEP);
        for (; steps < target; steps++) {
          const residual = timesX(problem, theta).map((v, i) => v - y[i]);
          const gradient = timesXt(problem, residual);
          theta = theta.map((v, j) => v - GD_STEP * (gradient[j] + c.lambda * v));
        }
        gdThetas.push(theta.slice());
      }

      TIMES.forEach((t, i) => {
        const clocks: Clock[] = [
          { kind: 'gf', t },
          { kind: 'gd', count: Math.round(t / GD_STEP) },
        ];
        for (const clock of clocks) {
          // The exact finite-d solution θ = V[q(oz* + sz_g) + c(μz* + σz_ε)].
          const coefficients = new Float64Array(d);
          for (let j = 0; j < d; j++) {
            const { q, c: coef } = mode(mu[j], c.lambda, clock);
            coefficients[j] =
              q * (c.overlap * zStar[j] + c.scale * zInit[j]) +
              coef * (mu[j] * zStar[j] + c.sigma * zNoise[j]);
          }
          const exactTheta = fromEigen(problem, coefficients);

          if (clock.kind === 'gd') {
            // Rounding: each GD step adds ≲ 2n·ε·‖θ‖∞ through the two length-n/d products
            // and the contraction ‖I − Δ(A + λ)‖ ≤ 1 keeps it; the eigen route adds
            // ≲ 4d·ε·‖θ‖∞ through V and Vᵀ (ml-matrix's QL is backward stable).
            const recursive = gdThetas[i];
            let worst = 0;
            let size = 0;
            for (let j = 0; j < d; j++) {
              worst = Math.max(worst, Math.abs(recursive[j] - exactTheta[j]));
              size = Math.max(size, Math.abs(exactTheta[j]));
            }
            const rounding = (clock.count * 2 * problem.n + 4 * d) * EPS * size;
            expect(worst, `GD recursion vs eigen formula at t=${t}`).toBeLessThanOrEqual(rounding);
          }

          const realised = observe(problem, exactTheta, c);
          const variances = chaosVariances(problem, c, clock);
          const oracle = clock.kind === 'gf' ? gf : gd;
          const limits = [
            oracle.M![i][0][0],
            oracle.Q[i][0][0],
            2 * oracle.testRisk![i] - c.sigma ** 2,
            2 * oracle.trainRisk![i],
          ];
          for (let o = 0; o < 4; o++) {
            const f = (m: number) => modeFunctions(m, c, clock)[o] / (o === 3 ? c.delta : 1);
            const lss = lssAllowance(c.delta, f);
            const tol = Z * Math.sqrt(variances[o] + lss.sd ** 2) + lss.bias;
            const what = `${clock.kind} ${labels[o]} t=${t}: finite ${realised[o]} limit ${limits[o]}`;
            expect(
              Math.abs(realised[o] - limits[o]),
              what + reproduce(SEED, config, FILE, name),
            ).toBeLessThanOrEqual(tol);

            // The mean given X alone (the chaos averaged out) is much closer: LSS part only.
            let conditional = 0;
            for (let j = 0; j < d; j++) conditional += f(mu[j]) / d;
            if (o === 3) conditional += c.sigma ** 2 * (1 - 1 / c.delta);
            expect(
              Math.abs(conditional - limits[o]),
              `${what}, mean given X ${conditional}` + reproduce(SEED, config, FILE, name),
            ).toBeLessThanOrEqual(Z * lss.sd + lss.bias);
          }
        }
      });
    });
  });

  CASES.forEach((c, index) => {
    const name = `volterraSGD on the δ = ${c.delta} draw's spectrum is within the bound`;
    it(name, () => {
      const problem = problems[index];
      const { d, n, mu } = problem;
      const gamma = 0.5;
      const step = 0.005;
      const config = configFor(c, TIMES, gamma);
      const finite = volterraSGD(config, { eigenvalues: mu, n, step });
      const limit = volterraSGD(config, { step });

      // The kernels and GF parts on the solver's grid, computed here independently.
      const last = Math.round(TIMES[TIMES.length - 1] / step);
      const kernels = (weights: (f: (m: number) => number) => number) => {
        const psiKernel = new Float64Array(last + 1);
        const rKernel = new Float64Array(last + 1);
        const psiGF = new Float64Array(last + 1);
        const rGF = new Float64Array(last + 1);
        for (let a = 0; a <= last; a++) {
          const t = a * step;
          const decay = (m: number) => Math.exp(-2 * (m + c.lambda) * t);
          psiKernel[a] = (gamma / c.delta) * weights((m) => m * m * decay(m));
          rKernel[a] = gamma * weights((m) => m * decay(m));
          const clock: Clock = { kind: 'gf', t };
          psiGF[a] =
            weights((m) => modeFunctions(m, c, clock)[3]) / c.delta +
            c.sigma ** 2 * (1 - 1 / c.delta);
          rGF[a] = weights((m) => modeFunctions(m, c, clock)[2]);
        }
        return { psiKernel, rKernel, psiGF, rGF };
      };
      const fin = kernels((f) => {
        let sum = 0;
        for (let j = 0; j < d; j++) sum += f(mu[j]);
        return sum / d;
      });
      const lim = kernels((f) => mpIntegrate(c.delta, f, { tol: 1e-13 }).value);

      // Trapezoid sums S[a] = Σ_b ω_ab h[a − b] over the grid, and their maximum.
      const maxConvolution = (h: Float64Array) => {
        let worst = 0;
        for (let a = 1; a <= last; a++) {
          let sum = 0.5 * (h[a] + h[0]);
          for (let b = 1; b < a; b++) sum += h[a - b];
          worst = Math.max(worst, step * sum);
        }
        return worst;
      };
      const absDiff = (u: Float64Array, v: Float64Array) => u.map((x, i) => Math.abs(x - v[i]));
      const maxAbs = (u: Float64Array) => u.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

      // Discrete renewal bounds (K ≥ 0): ψ_fin ≤ B = max ψGF_fin/(1 − S_fin), and
      // max|ψ_fin − ψ_lim| ≤ (max|δψGF| + max Σω|δK_ψ|·B)/(1 − S_lim);
      // |R_fin − R_lim| ≤ max|δR_GF| + max Σω|δK_R|·B + max Σω K_R,lim · max|Δψ|.
      const sFinite = maxConvolution(fin.psiKernel);
      const sLimit = maxConvolution(lim.psiKernel);
      const bound = maxAbs(fin.psiGF) / (1 - sFinite);
      const psiBound =
        (maxAbs(absDiff(fin.psiGF, lim.psiGF)) +
          maxConvolution(absDiff(fin.psiKernel, lim.psiKernel)) * bound) /
        (1 - sLimit);
      const rBound =
        maxAbs(absDiff(fin.rGF, lim.rGF)) +
        maxConvolution(absDiff(fin.rKernel, lim.rKernel)) * bound +
        maxConvolution(lim.rKernel) * psiBound;
      // Rounding of the two solvers: ≤ 1e-12 absolute on O(1) values.
      const rounding = 1e-12;

      TIMES.forEach((t, i) => {
        const psiGap = Math.abs(2 * finite.trainRisk![i] - 2 * limit.trainRisk![i]);
        const rGap = Math.abs(2 * finite.testRisk![i] - 2 * limit.testRisk![i]);
        const where = `t=${t} ψ gap ${psiGap} (bound ${psiBound}), R gap ${rGap} (bound ${rBound})`;
        expect(psiGap, where + reproduce(SEED, config, FILE, name)).toBeLessThanOrEqual(
          psiBound + rounding,
        );
        expect(rGap, where).toBeLessThanOrEqual(rBound + rounding);
      });

      // The inputs themselves are linear spectral statistics: O(1/d) within the LSS tolerance.
      for (const lag of [0, 0.1, 1]) {
        const a = Math.round(lag / step);
        const f = (m: number) => (gamma / c.delta) * m * m * Math.exp(-2 * (m + c.lambda) * lag);
        const lss = lssAllowance(c.delta, f);
        const what = `K_ψ(${lag})` + reproduce(SEED, config, FILE, name);
        expect(Math.abs(fin.psiKernel[a] - lim.psiKernel[a]), what).toBeLessThanOrEqual(
          Z * lss.sd + lss.bias,
        );
      }
    });
  });
});
