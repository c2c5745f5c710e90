/**
 * The online-SGD limit: ODEs for the overlaps Q (k×k) and M (k×k*) in time τ = steps/d, for
 * any link and loss of the registry.
 *
 * Method (Saad–Solla's order-parameter ODE with the critical-step correction, arXiv
 * 2206.04030 and 2308.08977, in the conventions of arXiv 2601.21093's setting): with fresh
 * samples, step γ on x ~ N(0, I/d) and ridge λ̃/d per step,
 *   dM/dτ = −γ E[ℓ ρ*ᵀ] − λ̃ M,
 *   dQ/dτ = −γ (E[ℓ ρᵀ] + E[ρ ℓᵀ]) + γ² E[ℓ ℓᵀ] − 2λ̃ Q,
 * where (ρ, ρ*) ~ N(0, [[Q, M], [Mᵀ, P]]), y = g(ρ*, ε), ε ~ N(0, 1), ℓ = ∇_r L(ρ; y) and
 * P = I (teacher rows N(0, I_{k*})). The start is Θ0 = Θ*Oᵀ + sG: Q0 = OOᵀ + s²I, M0 = O.
 * λ̃ = config.lambda.
 *
 * Expectations: expectGaussianVec (src/model/expectGaussian.ts), the tensor Gauss–Hermite rule
 * over (ρ, ρ*, ε), with opts.nodes per dimension (default: that function's 2·10⁵-point
 * budget). For square loss with real labels, ℓ is affine in y with slope ∂ℓ/∂y independent of
 * y, so ε is integrated exactly: ℓ(ρ; φ + sε) = ℓ(ρ; φ) + sε ∂ℓ/∂y gives
 * E[ℓℓᵀ] = E[ℓ0ℓ0ᵀ] + s² E[(∂ℓ/∂y)(∂ℓ/∂y)ᵀ] and leaves the other two moments unchanged, one
 * dimension fewer. The rule converges geometrically for smooth links and algebraically for
 * kinked ones (relu, abs, sign).
 *
 * Integration: classical RK4 at the stated step h = opts.step, default
 * h = min(0.05, 0.1/r) with r = γc(1 + γc) + 2λ̃ and c = model.curvatureBound (1 when it is
 * infinite): r bounds the fastest linear rate of the system, so h·r ≤ 0.1 keeps RK4's local
 * error near (h·r)⁵/120 ≈ 1e-7 and far inside its stability region. Output times are hit
 * exactly by shortening the steps of each interval evenly.
 *
 * Risks: testRisk (src/model/testRisk.ts) at (Q, M, P); online SGD has no training set, so
 * trainRisk is null. The run stops with status "diverged" when tr Q exceeds
 * 1e12·(1 + tr Q0 + k*).
 */
import { compileModel } from '../../model/compileModel.ts';
import { EXPECT_GAUSSIAN_MAX_DIMENSION, expectGaussianVec } from '../../model/expectGaussian.ts';
import { testRisk } from '../../model/testRisk.ts';
import type { Config, Model } from '../../model/types.ts';
import type { Matrix, Trajectory } from '../trajectory.ts';
import { checkTimes } from './checkTimes.ts';
import { ExactRecorder } from './exactRecorder.ts';
import { isMutant } from '../../mutants/activeMutant.ts';

/** Options: the RK4 step and the Gauss–Hermite nodes per dimension. */
export interface OnlineODEOptions {
  step?: number;
  nodes?: number;
}

const DIVERGENCE_FACTOR = 1e12;

/** Q and M at config.times (τ), from the online ODE. */
export function onlineODE(config: Config, opts: OnlineODEOptions = {}): Trajectory {
  if (config === null || typeof config !== 'object') {
    throw new TypeError(`onlineODE: config must be an object, received ${String(config)}`);
  }
  if (config.data !== undefined) {
    throw new RangeError(
      `config.data: the online ODE describes fresh Gaussian samples; received data files ` +
        `${JSON.stringify(config.data)}`,
    );
  }
  const gamma = config.algorithm?.gamma;
  if (typeof gamma !== 'number' || !Number.isFinite(gamma) || gamma <= 0) {
    throw new RangeError(
      `config.algorithm.gamma must be a finite number > 0, received ${String(gamma)}`,
    );
  }
  const lambdaTilde = config.lambda;
  if (typeof lambdaTilde !== 'number' || !Number.isFinite(lambdaTilde) || lambdaTilde < 0) {
    throw new RangeError(`config.lambda must be a finite number ≥ 0, received ${lambdaTilde}`);
  }
  checkTimes(config.times, 'config.times');
  const model = compileModel(config);
  const { k, kStar } = model;
  const sigma = config.teacher.noise;
  const analyticNoise = config.loss === 'square' && config.teacher.labels === 'real';
  const dimension = k + kStar + (analyticNoise || sigma === 0 ? 0 : 1);
  if (dimension > EXPECT_GAUSSIAN_MAX_DIMENSION) {
    throw new RangeError(
      `config.student.k + config.teacher.k = ${k + kStar} needs ${dimension} Gaussian ` +
        `dimensions (with ε), above the ${EXPECT_GAUSSIAN_MAX_DIMENSION} the expectations allow`,
    );
  }
  const curvature = Number.isFinite(model.curvatureBound) ? model.curvatureBound : 1;
  const rate = gamma * curvature * (1 + gamma * curvature) + 2 * lambdaTilde;
  const step = opts.step ?? Math.min(0.05, 0.1 / rate);
  if (typeof step !== 'number' || !Number.isFinite(step) || step <= 0) {
    throw new RangeError(`opts.step must be a finite number > 0, received ${String(step)}`);
  }

  // Start: Q0 = OOᵀ + s²I, M0 = O, P = I.
  const overlap = config.init.overlap;
  const scale = config.init.scale;
  const P: Matrix = identity(kStar);
  const state = new Float64Array(k * k + k * kStar);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let sum = a === b ? scale * scale : 0;
      for (let c = 0; c < kStar; c++) sum += (overlap[a]?.[c] ?? 0) * (overlap[b]?.[c] ?? 0);
      state[a * k + b] = sum;
    }
    for (let c = 0; c < kStar; c++) state[k * k + a * kStar + c] = overlap[a]?.[c] ?? 0;
  }
  const bound = DIVERGENCE_FACTOR * (1 + trace(state, k) + kStar);

  const rhs = makeRightHandSide(model, config, { gamma, lambdaTilde, analyticNoise, opts });
  const recorder = new ExactRecorder();
  let tau = 0;
  let steps = 0;
  for (const target of config.times) {
    const pieces = Math.ceil((target - tau) / step - 1e-9);
    const h = pieces > 0 ? (target - tau) / pieces : 0;
    let diverged = false;
    for (let p = 0; p < pieces; p++) {
      rungeKutta4(rhs, state, h);
      steps += 1;
      if (!(trace(state, k) <= bound) || !state.every(Number.isFinite)) {
        diverged = true;
        recorder.diverge(
          tau + (p + 1) * h,
          `the online ODE's tr Q passed ${DIVERGENCE_FACTOR}·(1 + tr Q0 + k*) at ` +
            `τ = ${tau + (p + 1) * h}: γ = ${gamma} is beyond the stable range ` +
            `(square loss needs γ·‖b‖² < 2)`,
        );
        break;
      }
    }
    if (diverged) break;
    tau = target;
    const { Q, M } = unpack(state, k, kStar);
    recorder.push(target, Q, M, null, testRisk(model, config, Q, M, P));
  }

  const info: Record<string, number | string | boolean> = {
    method: 'online ODE for (Q, M), RK4, tensor Gauss–Hermite expectations',
    step,
    steps,
    gamma,
    lambdaTilde,
    epsilon: analyticNoise ? 'integrated exactly (square loss)' : 'quadrature',
  };
  if (opts.nodes !== undefined) info.nodes = opts.nodes;
  return recorder.finish('online-ode', info, true);
}

/** The ODE's right-hand side on the packed state [Q (k×k), M (k×k*)]. */
function makeRightHandSide(
  model: Model,
  config: Config,
  settings: {
    gamma: number;
    lambdaTilde: number;
    analyticNoise: boolean;
    opts: OnlineODEOptions;
  },
): (state: Float64Array, out: Float64Array) => void {
  const { k, kStar } = model;
  const { gamma, lambdaTilde, analyticNoise, opts } = settings;
  const sigma = config.teacher.noise;
  const noiseDimension = !analyticNoise && sigma > 0;
  const D = k + kStar + (noiseDimension ? 1 : 0);
  const ell = new Float64Array(k);
  const slope = new Float64Array(k);
  const rStar = new Float64Array(kStar);
  const offsetRho = k * kStar;
  const offsetEll = offsetRho + k * k;
  const outLength = offsetEll + k * k;

  // One integrand for all three moment matrices: E[ℓρ*ᵀ], E[ℓρᵀ], E[ℓℓᵀ] (row-major).
  const integrand = (z: Float64Array, out: Float64Array): void => {
    for (let c = 0; c < kStar; c++) rStar[c] = z[k + c];
    const eps = noiseDimension ? z[k + kStar] : 0;
    const y = model.label(rStar, eps);
    model.grad(z, y, ell);
    for (let a = 0; a < k; a++) {
      for (let c = 0; c < kStar; c++) out[a * kStar + c] = ell[a] * z[k + c];
      for (let b = 0; b < k; b++) {
        out[offsetRho + a * k + b] = ell[a] * z[b];
        out[offsetEll + a * k + b] = ell[a] * ell[b];
      }
    }
    if (analyticNoise && sigma > 0) {
      // ε integrated exactly: add σ² (∂ℓ/∂y)(∂ℓ/∂y)ᵀ, the variance of ℓ's ε-term.
      model.gradLabelDerivative(z, y, slope);
      for (let a = 0; a < k; a++) {
        for (let b = 0; b < k; b++) {
          out[offsetEll + a * k + b] += sigma * sigma * slope[a] * slope[b];
        }
      }
    }
  };

  const cov: number[][] = Array.from({ length: D }, () => new Array<number>(D).fill(0));
  return (state, out) => {
    // The joint covariance of (ρ, ρ*, ε).
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) cov[a][b] = state[a * k + b];
      for (let c = 0; c < kStar; c++) {
        cov[a][k + c] = state[k * k + a * kStar + c];
        cov[k + c][a] = state[k * k + a * kStar + c];
      }
    }
    for (let c = 0; c < kStar; c++) {
      for (let e = 0; e < kStar; e++) cov[k + c][k + e] = c === e ? 1 : 0;
    }
    if (noiseDimension) cov[D - 1][D - 1] = 1;

    const nodes = opts.nodes === undefined ? undefined : { nodes: opts.nodes };
    const moments = expectGaussianVec(cov, integrand, outLength, nodes);

    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) {
        const drift = moments[offsetRho + a * k + b] + moments[offsetRho + b * k + a];
        out[a * k + b] =
          -gamma * drift +
          // Mutant 'online-ode-no-gamma-squared' (src/mutants): the γ² term dropped.
          (isMutant('online-ode-no-gamma-squared') ? 0 : gamma * gamma) *
            moments[offsetEll + a * k + b] -
          2 * lambdaTilde * state[a * k + b];
      }
      for (let c = 0; c < kStar; c++) {
        const index = k * k + a * kStar + c;
        out[index] = -gamma * moments[a * kStar + c] - lambdaTilde * state[index];
      }
    }
  };
}

/** One classical RK4 step of size h, in place. */
function rungeKutta4(
  f: (state: Float64Array, out: Float64Array) => void,
  state: Float64Array,
  h: number,
): void {
  const n = state.length;
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const stage = new Float64Array(n);

  f(state, k1);
  for (let i = 0; i < n; i++) stage[i] = state[i] + 0.5 * h * k1[i];
  f(stage, k2);
  for (let i = 0; i < n; i++) stage[i] = state[i] + 0.5 * h * k2[i];
  f(stage, k3);
  for (let i = 0; i < n; i++) stage[i] = state[i] + h * k3[i];
  f(stage, k4);

  for (let i = 0; i < n; i++) state[i] += (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}

function unpack(state: Float64Array, k: number, kStar: number): { Q: Matrix; M: Matrix } {
  const Q: Matrix = [];
  const M: Matrix = [];
  for (let a = 0; a < k; a++) {
    Q.push(Array.from(state.subarray(a * k, (a + 1) * k)));
    M.push(Array.from(state.subarray(k * k + a * kStar, k * k + (a + 1) * kStar)));
  }
  return { Q, M };
}

function trace(state: Float64Array, k: number): number {
  let sum = 0;
  for (let a = 0; a < k; a++) sum += state[a * k + a];
  return sum;
}

function identity(size: number): Matrix {
  return Array.from({ length: size }, (_, i) =>
    Array.from({ length: size }, (__, j) => (i === j ? 1 : 0)),
  );
}
