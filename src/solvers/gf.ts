/**
 * Gradient flow on the empirical risk at finite (n, d) (docs/conventions.md, "GF"):
 *   dΘ/dt = −λΘ − Xᵀℓ(XΘ; y).
 *
 * Method. Dormand–Prince 5(4) with step control (src/solvers/ode/dormandPrince.ts) at
 * rtol = 1e-8, atol = 1e-10 by default; the global error on (Q, M, risks) is then of the order
 * of 1e-7 relative over the horizons used here (measured in tests/solvers/gf.test.ts). For an
 * affine ℓ (square loss, linear student) `solveGF` uses the exact eigen-solution instead
 * (src/solvers/gfExact.ts) when min(n, d) ≤ EIGEN_LIMIT, where its O(min(n, d)³) cost stays
 * within seconds; above that, or with `integrator: "rk"`, it integrates.
 */
import type { Problem } from '../model/buildProblem.ts';
import { kernelFor } from './kernelFor.ts';
import { observe } from './observe.ts';
import { integrateDormandPrince } from './ode/dormandPrince.ts';
import { Recorder, divergenceHint } from './recorder.ts';
import { solveGFExact } from './gfExact.ts';
import type { SolveOptions } from './sgd.ts';
import type { Trajectory } from './trajectory.ts';

/**
 * Smallest step for a student link with a kink (relu, abs): there ℓ jumps as samples cross 0,
 * the embedded error estimate does not shrink with h, and an unbounded controller would take
 * millions of steps. The integration is then first-order accurate across the crossings.
 */
export const KINK_MIN_STEP = 0.01;

/** Largest min(n, d) for which `auto` uses the eigen-solution (a few seconds at 600). */
export const EIGEN_LIMIT = 600;

export interface GFOptions extends SolveOptions {
  integrator?: 'auto' | 'rk' | 'eigen';
  rtol?: number;
  atol?: number;
  /** Constant step for the Runge–Kutta integrator (order studies); default adaptive. */
  fixedStep?: number;
}

export function solveGF(problem: Problem, options: GFOptions = {}): Trajectory {
  const integrator = options.integrator ?? 'auto';
  const eigenAffordable = Math.min(problem.n, problem.d) <= EIGEN_LIMIT;
  if (
    integrator === 'eigen' ||
    (integrator === 'auto' && problem.model.affine && eigenAffordable)
  ) {
    return solveGFExact(problem, options);
  }

  const { config, model, n, d, k, y } = problem;
  const lambda = config.lambda;
  const rtol = options.rtol ?? 1e-8;
  const atol = options.atol ?? 1e-10;
  const recorder = new Recorder(
    'gf',
    { integrator: 'dormand-prince-5(4)', rtol, atol },
    true,
    problem.thetaStar !== null,
  );
  const hint = divergenceHint(problem, 'gf');
  const kernel = kernelFor(problem);
  const tMax = config.times[config.times.length - 1];
  const ell = new Float64Array(k);
  const rI = new Float64Array(k);

  // f(Θ) = −λΘ − Xᵀℓ(XΘ): the kernel forms r = XΘ, then work = −Σ_i x_i ℓ_iᵀ.
  const rhs = (_t: number, theta: Float64Array, out: Float64Array) => {
    kernel.theta.set(theta);
    kernel.dots(n, false, 'theta');
    const r = kernel.r;
    const coef = kernel.coef;
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < k; a++) rI[a] = r[i * k + a];
      model.grad(rI, y[i], ell);
      for (let a = 0; a < k; a++) coef[i * k + a] = ell[a];
    }
    kernel.update(n, false, 0, 'work');
    const work = kernel.work;
    for (let i = 0; i < k * d; i++) out[i] = work[i] - lambda * theta[i];
  };

  const kinked = config.student.link === 'relu' || config.student.link === 'abs';
  const stats = integrateDormandPrince(rhs, problem.theta0, config.times, {
    rtol,
    atol,
    fixedStep: options.fixedStep,
    minStep: kinked ? KINK_MIN_STEP : undefined,
    onOutput: (index, _t, theta) => {
      kernel.theta.set(theta);
      const t = config.times[index];
      if (!recorder.record(t, observe(problem, kernel.theta, kernel), hint)) return false;
      options.onState?.(t, kernel.theta);
      return true;
    },
    onStep: (t) => options.onProgress?.(t / tMax),
  });
  if (stats.stopped?.reason === 'non-finite') recorder.diverge(stats.stopped.t, hint);
  if (stats.stopped?.reason === 'step-limit') {
    recorder.diverge(stats.stopped.t, 'The step-size controller hit its step limit.');
  }
  return recorder.finish({
    acceptedSteps: stats.accepted,
    rejectedSteps: stats.rejected,
    rhsEvaluations: stats.rhsEvaluations,
    ...(kinked ? { minStep: KINK_MIN_STEP, stepsForcedAtMinStep: stats.forced } : {}),
  });
}
