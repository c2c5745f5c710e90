/**
 * The stochastic modified equation (SME) of SGD at finite (n, d), by Euler–Maruyama
 * (docs/conventions.md, "SME").
 *
 * Method. Per-sample noise form (default):
 *   Θ_{a+1} = (1 − hλ)Θ_a − Σ_i x_i ℓ(Θ_aᵀx_i; y_i)ᵀ (h + √(γh) ξ_{i,a}),  ξ ~ N(0, 1) i.i.d.,
 * the Euler–Maruyama scheme of dΘ = −∇F dt − √γ Σ_i x_i ℓ_iᵀ dB_i, whose diffusion is
 * γ Σ_i G_iG_iᵀ with G_i = vec(x_iℓ_iᵀ). The 'centred' form uses the exact covariance of the
 * batch gradient of the configured batch rule instead:
 *   fixed or reshuffle: γ(n − κ)/(n − 1) Σ_i (G_i − Ḡ)(G_i − Ḡ)ᵀ, realised by ξ_i − ξ̄;
 *   bernoulli:          γ(1 − κ/n) Σ_i G_iG_iᵀ.
 * Both forms share the n, d → ∞ limit (the difference is O(κ/n) plus a rank-k term).
 *
 * Step: `algorithm.h` when given; otherwise h = min(0.02, 0.2/(s·(1 + √δ)²)) with s the
 * model's curvature bound (1 when it has none), i.e. at most a tenth of the explicit stability
 * limit of the drift. An output time t is observed after round(t/h) steps; the weak error is
 * O(h) and the strong error O(√h) (tests/solvers/eulerMaruyama.test.ts measures both).
 *
 * Random stream: 'sme-noise'.
 */
import type { Problem } from '../model/buildProblem.ts';
import { stream } from '../random/streams.ts';
import { kernelFor } from './kernelFor.ts';
import { observe } from './observe.ts';
import { outputSteps } from './outputSteps.ts';
import { PREACTIVATION_BOUND, Recorder, divergenceHint } from './recorder.ts';
import type { SolveOptions } from './sgd.ts';
import type { Trajectory } from './trajectory.ts';
import { isMutant } from '../mutants/activeMutant.ts';

/** The default Euler–Maruyama step for a problem (see the module doc). */
export function defaultSmeStep(problem: Problem): number {
  const curvature = Number.isFinite(problem.model.curvatureBound)
    ? problem.model.curvatureBound
    : 1;
  const edge = (1 + Math.sqrt(problem.config.delta)) ** 2;
  return Math.min(0.02, 0.2 / (curvature * edge));
}

export function solveSME(problem: Problem, options: SolveOptions = {}): Trajectory {
  const { config, model, n, d, k, y } = problem;
  const { gamma, kappa, batch, smeNoise } = config.algorithm;
  const h = config.algorithm.h ?? defaultSmeStep(problem);
  const lambda = config.lambda;

  // Diffusion factor and centring of the chosen noise form.
  const centred = smeNoise === 'centred';
  const factor = !centred ? 1 : batch === 'bernoulli' ? 1 - kappa / n : (n - kappa) / (n - 1);
  const subtractMean = centred && batch !== 'bernoulli';
  // Mutants 'sme-noise-eta' and 'em-no-sqrt-h' (src/mutants): noise ∝ γh, or without √h.
  const noiseScale = isMutant('sme-noise-eta')
    ? gamma * h * Math.sqrt(factor)
    : Math.sqrt(gamma * (isMutant('em-no-sqrt-h') ? 1 : h) * factor);

  const stepsAt = outputSteps(config.times, h, 'the Euler–Maruyama step h');
  const totalSteps = stepsAt[stepsAt.length - 1];
  const recorder = new Recorder(
    'sme',
    { h, steps: totalSteps, noise: smeNoise, diffusionFactor: factor },
    true,
    problem.thetaStar !== null,
  );
  const hint = divergenceHint(problem, 'sme', h);
  const rng = stream(config.seed, 'sme-noise');
  const kernel = kernelFor(problem);
  const xi = new Float64Array(n);
  const ell = new Float64Array(k);
  const rI = new Float64Array(k);
  const progressEvery = Math.max(1, Math.floor(totalSteps / 100));

  kernel.theta.set(problem.theta0);
  let next = 0;
  for (let s = 0; s <= totalSteps; s++) {
    while (next < stepsAt.length && stepsAt[next] === s) {
      if (!recorder.record(config.times[next], observe(problem, kernel.theta, kernel), hint)) {
        break;
      }
      options.onState?.(config.times[next], kernel.theta);
      next += 1;
    }
    if (s === totalSteps || recorder.diverged) break;

    // Noise of this step, centred across samples for the exact fixed-batch covariance.
    rng.fillNormal(xi);
    if (subtractMean) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += xi[i];
      mean /= n;
      for (let i = 0; i < n; i++) xi[i] -= mean;
    }

    // Θ ← (1 − hλ)Θ − Σ_i x_i ℓ_iᵀ (h + √(γh·factor) ξ_i).
    kernel.dots(n, false, 'theta');
    const r = kernel.r;
    const coef = kernel.coef;
    let finite = true;
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < k; a++) {
        rI[a] = r[i * k + a];
        if (!(Math.abs(rI[a]) < PREACTIVATION_BOUND)) finite = false;
      }
      model.grad(rI, y[i], ell);
      const w = h + noiseScale * xi[i];
      for (let a = 0; a < k; a++) coef[i * k + a] = ell[a] * w;
    }
    if (!finite) {
      recorder.diverge(s * h, hint);
      break;
    }
    kernel.update(n, false, 1 - h * lambda, 'theta');

    if (options.onProgress && s % progressEvery === 0) options.onProgress(s / totalSteps);
  }
  options.onProgress?.(1);
  return recorder.finish();
}
