/**
 * Exact d → ∞ trajectory of gradient flow (GF) or gradient descent (GD) for square loss with a
 * linear teacher and student, k = k* = 1, readouts 1, real labels, ridge λ, and the start
 * θ0 = o·θ* + s·g.
 *
 * Method: the mode-wise solution derived in ./squareModes.ts. Each observable is an integral
 * of a closed-form mode function against the Marchenko–Pastur law ν_δ (./marchenkoPastur.ts),
 * done by Gauss–Chebyshev quadrature
 * with node doubling until two estimates agree to 1e-12·(1 + |value|); the largest doubling
 * change over all times is returned in info.quadratureError.
 *
 * Conventions (src/solvers/trajectory.ts): Q = ‖θ‖²/d, M = θᵀθ* / d, P = 1;
 * trainRisk = ψ/2 with ψ = ‖Xθ − y‖²/n (ridge excluded); testRisk = ½(Q − 2M + 1) + ½σ²,
 * the Gaussian formula E ½(ρ − ρ* − σε)² for (ρ, ρ*) ~ N(0, [[Q, M], [M, 1]]). Time t is
 * gradient-flow time of the summed objective; GD output times must be multiples aΔ of the
 * step (to 1e-9 in a = t/Δ).
 *
 * GD is unstable when Δ(μ+ + λ) > 2 (μ+ = (1 + √δ)²); its exact values then grow like
 * |1 − Δ(μ+ + λ)|^{2a}, and the trajectory is cut with status "diverged" at the first time
 * where that factor exceeds 1e12.
 */
import type { Config } from '../../model/types.ts';
import type { Trajectory } from '../trajectory.ts';
import { ExactRecorder } from './exactRecorder.ts';
import { linearSquareSetup } from './linearSquareSetup.ts';
import { mpIntegrateVec, mpSupport } from './marchenkoPastur.ts';
import type { SquareClock } from './squareModes.ts';
import { SQUARE_MODE_LENGTH, squareModeIntegrand, squareObservables } from './squareModes.ts';

/** Options: a GD step Δ > 0 makes the oracle gradient descent instead of gradient flow. */
export interface SquareLossExactOptions {
  gdStep?: number;
}

/** Tolerance of the node doubling: well above rounding (≈1e-15·N), far below any test's. */
const QUADRATURE_TOL = 1e-12;

/**
 * Growth of the unstable GD modes past which the run is reported as diverged: a trillion-fold
 * amplification leaves nothing of the stable dynamics a finite-d run could be compared with.
 */
const DIVERGENCE_FACTOR = 1e12;

/** Trajectory of exact GF (default) or GD with step opts.gdStep. */
export function squareLossExact(config: Config, opts: SquareLossExactOptions = {}): Trajectory {
  const params = linearSquareSetup(config, 'squareLossExact');
  const step = opts.gdStep;
  if (step !== undefined && !(typeof step === 'number' && Number.isFinite(step) && step > 0)) {
    throw new RangeError(`opts.gdStep must be a finite number > 0, received ${String(step)}`);
  }
  const clocks = params.times.map((t, i): SquareClock => {
    if (step === undefined) return { kind: 'gf', t };
    const count = Math.round(t / step);
    if (Math.abs(t / step - count) > 1e-9) {
      throw new RangeError(
        `config.times[${i}] = ${t} is not a multiple of opts.gdStep = ${step} ` +
          `(t/Δ = ${t / step}); GD output times must be multiples of the step`,
      );
    }
    return { kind: 'gd', step, count };
  });

  const { upper } = mpSupport(params.delta);
  const growth = step === undefined ? 0 : Math.abs(1 - step * (upper + params.lambda));
  const info: Record<string, number | string | boolean> = {
    method: 'Marchenko–Pastur quadrature of the mode-wise closed form',
    delta: params.delta,
    quadratureTol: QUADRATURE_TOL,
  };
  if (step !== undefined) {
    info.gdStep = step;
    info.stabilityLimit = 2 / (upper + params.lambda);
  }
  let quadratureError = 0;
  let quadratureNodes = 0;
  const recorder = new ExactRecorder();

  for (let i = 0; i < clocks.length; i++) {
    const clock = clocks[i];

    // The exact GD values past this growth are astronomically large: report the divergence.
    const amplification = clock.kind === 'gd' ? 2 * clock.count * Math.log10(growth) : 0;
    if (clock.kind === 'gd' && growth > 1 && amplification > Math.log10(DIVERGENCE_FACTOR)) {
      recorder.diverge(
        params.times[i],
        `exact GD diverges: step ${clock.step} exceeds the stability limit 2/(μ+ + λ) = ` +
          `${2 / (upper + params.lambda)}; the error grows like |1 − Δ(μ+ + λ)|^(2a) = ` +
          `${growth}^(2a), beyond ${DIVERGENCE_FACTOR} at t = ${params.times[i]}`,
      );
      break;
    }

    const integral = mpIntegrateVec(
      params.delta,
      squareModeIntegrand(params, clock),
      SQUARE_MODE_LENGTH,
      { tol: QUADRATURE_TOL },
    );
    const obs = squareObservables(integral.value, params.sigma, params.delta);
    quadratureError = Math.max(quadratureError, integral.errorEstimate);
    quadratureNodes = Math.max(quadratureNodes, integral.nodes);

    recorder.push(
      params.times[i],
      [[obs.Q]],
      [[obs.M]],
      obs.psi / 2,
      0.5 * (obs.excess + params.sigma * params.sigma),
    );
  }
  info.quadratureError = quadratureError;
  info.quadratureNodes = quadratureNodes;
  return recorder.finish(step === undefined ? 'exact-gf' : 'exact-gd', info);
}
