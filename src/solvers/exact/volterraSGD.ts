/**
 * Square-loss multi-pass SGD (equal, for square loss, to its SME) at learning rate γ, in the
 * d → ∞ limit: the homogenized-SGD convolution Volterra equations.
 *
 * Method (homogenized SGD, arXiv 2102.04396 and 2205.07069, re-derived in the summed-loss
 * normalisation of arXiv 2601.21093). The SME dθ = −∇F dt − √γ Σ_i x_i e_i dB_i, with
 * residuals e = Xθ − y, has a linear drift, so E θ follows gradient flow exactly: the mean,
 * and with it M = θᵀθ* / d, are those of GF (the noise has mean zero and is independent of
 * θ*'s direction, so it adds nothing to θᵀθ* in the limit). Its noise covariance
 * γ Σ_i e_i² x_i x_iᵀ homogenizes to γψ(t)A with ψ = ‖e‖²/n, so each eigen-mode μ of A gains
 * the variance ∫_0^t e^{−2(μ+λ)(t−s)} γμψ(s) ds. Summing the modes (1/d Σ → ∫ dν):
 *   ψ(t) = ψ_GF(t) + ∫_0^t K_ψ(t − s) ψ(s) ds,   K_ψ(u) = (γ/δ) ∫ μ² e^{−2(μ+λ)u} dν,
 *   R(t) = R_GF(t) + ∫_0^t K_R(t − s) ψ(s) ds,   K_R(u) = γ ∫ μ e^{−2(μ+λ)u} dν,
 * where R = ‖θ − θ*‖²/d is the test excess and the GF parts come from ./squareModes.ts
 * (start θ0 = o·θ* + s·g). Then Q = Q_GF + (R − R_GF) and M = M_GF. With a finite matrix's
 * eigenvalues μ_j (j < d) and n samples, ∫ dν becomes (1/d) Σ_j and δ becomes n/d.
 *
 * Discretisation: the trapezoid rule on the uniform grid t_a = aΔ, implicit in ψ(t_a), so
 * each step costs one division by 1 − (Δ/2)K_ψ(0) (K_ψ(0) = γ(1 + δ) for ν_δ). The error is
 * O(Δ²) (second order; measured in tests/exact/volterraSGD.test.ts). Output times off the
 * grid close with one shorter trapezoid panel [t_m, t], which keeps the order. Default step:
 * Δ = min(0.01, 0.02/(μ_max + λ)), so that the fastest kernel mode e^{−2(μ_max+λ)u} moves by
 * at most 4 % per step; any step with Δ·K_ψ(0) ≤ 1 is accepted via opts.step.
 *
 * Spectral integrals for ν_δ use one Gauss–Chebyshev rule (./marchenkoPastur.ts), with its
 * node count doubled until the integrands agree to 1e-12 at each of t = T, T/2, T/4, …
 * (e^{−2μt} needs more nodes as t grows, while its size shrinks).
 *
 * Stability: ∫_0^∞ K_ψ = (γ/δ) ∫ μ²/(2(μ + λ)) dν (= γ/2 at λ = 0); when it is ≥ 1, ψ grows
 * exponentially (square-loss SGD at γ ≥ 2). The run is then cut with status "diverged" once
 * ψ exceeds 1e12·(1 + ψ(0)).
 *
 * Conventions (src/solvers/trajectory.ts): trainRisk = ψ/2, testRisk = ½(R + σ²), P = 1.
 */
import type { Config } from '../../model/types.ts';
import type { Trajectory } from '../trajectory.ts';
import { ExactRecorder } from './exactRecorder.ts';
import { linearSquareSetup } from './linearSquareSetup.ts';
import type { LinearSquareParams } from './linearSquareSetup.ts';
import type { SpectralRule } from './marchenkoPastur.ts';
import {
  applyRule,
  finiteSpectrumRule,
  mpIntegrateVec,
  mpRule,
  mpSupport,
} from './marchenkoPastur.ts';
import {
  SQUARE_MODE_LENGTH,
  squareModeFactors,
  squareModeIntegrand,
  squareModeValues,
  squareObservables,
} from './squareModes.ts';
import { isMutant } from '../../mutants/activeMutant.ts';

/** Options: a finite spectrum (eigenvalues of XᵀX, with n samples) and the time step. */
export interface VolterraOptions {
  /** Eigenvalues of a finite A = XᵀX (length d, zeros included); default: the limit ν_δ. */
  eigenvalues?: Float64Array;
  /** Sample count n of that matrix; defaults to config.n when eigenvalues.length = config.d. */
  n?: number;
  /** Trapezoid step Δ; default min(0.01, 0.02/(μ_max + λ)). */
  step?: number;
}

const QUADRATURE_TOL = 1e-12;
const DIVERGENCE_FACTOR = 1e12;

/** The homogenized-SGD trajectory of square loss at learning rate config.algorithm.gamma. */
export function volterraSGD(config: Config, opts: VolterraOptions = {}): Trajectory {
  const params = linearSquareSetup(config, 'volterraSGD');
  const gamma = config.algorithm?.gamma;
  if (typeof gamma !== 'number' || !Number.isFinite(gamma) || gamma <= 0) {
    throw new RangeError(
      `config.algorithm.gamma must be a finite number > 0, received ${String(gamma)}`,
    );
  }
  const horizon = params.times[params.times.length - 1];
  const spectrum = chooseSpectrum(config, params, opts, horizon);
  const { rule, ratio } = spectrum;
  const lambda = params.lambda;

  const kernelAtZero =
    (gamma / ratio) *
    applyRule(
      rule,
      (mu, out) => {
        out[0] = mu * mu;
      },
      1,
    )[0];
  const step = opts.step ?? Math.min(0.01, 0.02 / (spectrum.upper + lambda));
  if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0) {
    throw new RangeError(`opts.step must be a finite number > 0, received ${String(step)}`);
  }
  if (step * kernelAtZero > 1) {
    throw new RangeError(
      `opts.step = ${step} is too large: the implicit trapezoid needs Δ·K_ψ(0) ≤ 1, ` +
        `i.e. Δ ≤ ${1 / kernelAtZero} (K_ψ(0) = ${kernelAtZero})`,
    );
  }
  const kernelMass =
    (gamma / ratio) *
    applyRule(
      rule,
      (mu, out) => {
        out[0] = mu + lambda > 0 ? (mu * mu) / (2 * (mu + lambda)) : 0;
      },
      1,
    )[0];

  // Step 1: kernels and the GF residual on the grid t_a = aΔ, a = 0..last.
  const last = Math.floor(horizon / step + 1e-9);
  const kernelPsi = new Float64Array(last + 1);
  const kernelR = new Float64Array(last + 1);
  const psiGF = new Float64Array(last + 1);
  const factors = new Float64Array(2);
  const values = new Float64Array(SQUARE_MODE_LENGTH);
  for (let a = 0; a <= last; a++) {
    const t = a * step;
    let sumPsi = 0;
    let sumR = 0;
    let sumResidual = 0;
    for (let j = 0; j < rule.mu.length; j++) {
      const mu = rule.mu[j];
      const w = rule.weight[j];
      squareModeFactors(mu, lambda, { kind: 'gf', t }, factors);
      // Mutant 'volterra-kernel-rate' (src/mutants): e^{−(μ+λ)t} instead of e^{−2(μ+λ)t}.
      const decay = isMutant('volterra-kernel-rate') ? factors[0] : factors[0] * factors[0];
      sumPsi += w * mu * mu * decay;
      sumR += w * mu * decay;
      squareModeValues(mu, factors[0], factors[1], params, values);
      sumResidual += w * values[3];
    }
    kernelPsi[a] = (gamma / ratio) * sumPsi;
    kernelR[a] = gamma * sumR;
    psiGF[a] = sumResidual / ratio + params.sigma * params.sigma * (1 - 1 / ratio);
  }

  // Step 2: march ψ on the grid with the implicit trapezoid rule.
  const psi = new Float64Array(last + 1);
  const divisor = 1 - 0.5 * step * kernelPsi[0];
  let divergedIndex = -1;
  const bound = DIVERGENCE_FACTOR * (1 + psiGF[0]);
  for (let a = 0; a <= last; a++) {
    let conv = a > 0 ? 0.5 * kernelPsi[a] * psi[0] : 0;
    for (let b = 1; b < a; b++) conv += kernelPsi[a - b] * psi[b];
    psi[a] = a === 0 ? psiGF[0] : (psiGF[a] + step * conv) / divisor;
    if (!(psi[a] <= bound)) {
      divergedIndex = a;
      break;
    }
  }

  // Step 3: read off every requested time, closing off-grid times with a short panel.
  const info: Record<string, number | string | boolean> = {
    method: 'homogenized SGD Volterra equations, implicit trapezoid rule',
    step,
    gridPoints: last + 1,
    gamma,
    ratio,
    kernelAtZero,
    kernelMass,
    spectralNodes: rule.mu.length,
    quadratureError: spectrum.quadratureError,
  };
  const recorder = new ExactRecorder();
  const divergence = (at: number) =>
    `the Volterra solution ψ passed ${DIVERGENCE_FACTOR}·(1 + ψ(0)) at t = ${at}: the kernel ` +
    `mass ∫K_ψ = ${kernelMass} is ≥ 1 (γ = ${gamma}; square-loss SGD needs γ < 2 at λ = 0)`;
  for (const t of params.times) {
    const m = Math.min(last, Math.floor(t / step + 1e-9));
    if (divergedIndex >= 0 && m >= divergedIndex) {
      recorder.diverge(divergedIndex * step, divergence(divergedIndex * step));
      break;
    }
    const point = readOff(t, m, step, psi, kernelPsi, kernelR, rule, ratio, gamma, params);
    if (!(point.psi <= bound)) {
      recorder.diverge(t, divergence(t));
      break;
    }
    recorder.push(
      t,
      [[point.Q]],
      [[point.M]],
      point.psi / 2,
      0.5 * (point.excess + params.sigma * params.sigma),
    );
  }
  return recorder.finish(spectrum.finite ? 'volterra-sgd-finite' : 'volterra-sgd', info);
}

/** The rule, the aspect ratio and the top of the spectrum, limiting or finite. */
function chooseSpectrum(
  config: Config,
  params: LinearSquareParams,
  opts: VolterraOptions,
  horizon: number,
): { rule: SpectralRule; ratio: number; upper: number; finite: boolean; quadratureError: number } {
  if (opts.eigenvalues !== undefined) {
    if (!(opts.eigenvalues instanceof Float64Array)) {
      throw new TypeError(
        `opts.eigenvalues must be a Float64Array, received ${String(opts.eigenvalues)}`,
      );
    }
    const rule = finiteSpectrumRule(opts.eigenvalues);
    const d = rule.mu.length;
    const n = opts.n ?? (d === config.d ? config.n : undefined);
    if (n === undefined) {
      throw new RangeError(
        `opts.n is required when opts.eigenvalues.length (${d}) differs from config.d ` +
          `(${config.d})`,
      );
    }
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`opts.n must be a positive integer, received ${String(n)}`);
    }
    let upper = 0;
    for (let j = 0; j < d; j++) upper = Math.max(upper, rule.mu[j]);
    return { rule, ratio: n / d, upper, finite: true, quadratureError: 0 };
  }
  if (opts.n !== undefined) {
    throw new RangeError(`opts.n applies only with opts.eigenvalues, received n = ${opts.n}`);
  }

  // e^{−2μt} needs more nodes as t grows, but its size shrinks: probe a ladder of times
  // t = T, T/2, T/4, … (down to 1/64) and keep the largest node count any of them needs.
  const lambda = params.lambda;
  let nodes = 1;
  let quadratureError = 0;
  for (let t = horizon; ; t /= 2) {
    const probe = squareModeIntegrand(params, { kind: 'gf', t });
    const integral = mpIntegrateVec(
      params.delta,
      (mu, out) => {
        const decay = Math.exp(-2 * (mu + lambda) * t);
        out[0] = mu * mu * decay;
        out[1] = mu * decay;
        probe(mu, out.subarray(2));
      },
      2 + SQUARE_MODE_LENGTH,
      { tol: QUADRATURE_TOL },
    );
    nodes = Math.max(nodes, integral.nodes);
    quadratureError = Math.max(quadratureError, integral.errorEstimate);
    if (t < 1 / 64) break;
  }
  return {
    rule: mpRule(params.delta, nodes),
    ratio: params.delta,
    upper: mpSupport(params.delta).upper,
    finite: false,
    quadratureError,
  };
}

/**
 * ψ, R, Q, M at time t, with m = ⌊t/Δ⌋: trapezoid over the grid nodes 0..m (weights Δ/2, Δ,
 * …, Δ, Δ/2) plus the panel [t_m, t] of width τ = t − t_m (weights τ/2 at t_m and at t),
 * implicit in ψ(t). When τ = 0 this is the on-grid rule.
 */
function readOff(
  t: number,
  m: number,
  step: number,
  psi: Float64Array,
  kernelPsi: Float64Array,
  kernelR: Float64Array,
  rule: SpectralRule,
  ratio: number,
  gamma: number,
  params: LinearSquareParams,
): { psi: number; excess: number; Q: number; M: number } {
  const tau = Math.max(0, t - m * step);
  const onGrid = tau <= 1e-12 * (1 + t);
  const gf = squareObservables(
    applyRule(rule, squareModeIntegrand(params, { kind: 'gf', t }), SQUARE_MODE_LENGTH),
    params.sigma,
    ratio,
  );
  if (t === 0) return { psi: gf.psi, excess: gf.excess, Q: gf.Q, M: gf.M };

  // Kernel values at the lags t − t_b: the grid arrays when t is on the grid, else fresh sums.
  const lagPsi = new Float64Array(m + 1);
  const lagR = new Float64Array(m + 1);
  if (onGrid) {
    for (let b = 0; b <= m; b++) {
      lagPsi[b] = kernelPsi[m - b];
      lagR[b] = kernelR[m - b];
    }
  } else {
    for (let b = 0; b <= m; b++) {
      const lag = t - b * step;
      let sumPsi = 0;
      let sumR = 0;
      for (let j = 0; j < rule.mu.length; j++) {
        const mu = rule.mu[j];
        const decay = rule.weight[j] * Math.exp(-2 * (mu + params.lambda) * lag);
        sumPsi += mu * mu * decay;
        sumR += mu * decay;
      }
      lagPsi[b] = (gamma / ratio) * sumPsi;
      lagR[b] = gamma * sumR;
    }
  }

  // Trapezoid weights of the nodes t_0..t_m (the panel [t_m, t] adds τ/2 at t_m).
  const width = onGrid ? 0 : tau;
  let convPsi = 0;
  let convR = 0;
  for (let b = 0; b <= m; b++) {
    let weight = b === 0 || b === m ? 0.5 * step : step;
    if (m === 0) weight = 0;
    if (b === m) weight += 0.5 * width;
    convPsi += weight * lagPsi[b] * psi[b];
    convR += weight * lagR[b] * psi[b];
  }

  // The node t itself carries weight τ/2 (on the grid it is t_m, already counted above).
  let psiT: number;
  if (onGrid) {
    psiT = psi[m];
  } else {
    psiT = (gf.psi + convPsi) / (1 - 0.5 * width * kernelPsi[0]);
    convR += 0.5 * width * kernelR[0] * psiT;
  }
  const excess = gf.excess + convR;
  return { psi: psiT, excess, Q: gf.Q + convR, M: gf.M };
}
