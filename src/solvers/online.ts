/**
 * Online SGD at finite d: a fresh sample at every step (docs/conventions.md, "Online SGD").
 *
 * Method.
 *   Θ_{s+1} = Θ_s − γ x_s ℓ(Θ_sᵀx_s; y_s)ᵀ − (λ/d) Θ_s,   x_s ~ N(0, I_d/d),  τ = s/d,
 * the classical Saad–Solla step with learning rate γ/d on unit-variance inputs; here `lambda`
 * plays the role of λ̃ in the online ODE (src/solvers/exact). An output time τ is observed
 * after round(τ·d) steps. There is no training set, so the train risk is null.
 *
 * Random stream: 'online-data' (inputs, then the label noise of each step).
 */
import type { Problem } from '../model/buildProblem.ts';
import { stream } from '../random/streams.ts';
import { observe } from './observe.ts';
import { outputSteps } from './outputSteps.ts';
import { PREACTIVATION_BOUND, Recorder, divergenceHint } from './recorder.ts';
import type { SolveOptions } from './sgd.ts';
import { InputError } from './trajectory.ts';
import type { Trajectory } from './trajectory.ts';
import { isMutant } from '../mutants/activeMutant.ts';

export function solveOnline(problem: Problem, options: SolveOptions = {}): Trajectory {
  const { config, model, d, k, kStar, thetaStar } = problem;
  if (!thetaStar) {
    throw new InputError(
      'online SGD draws fresh samples from the teacher, but the data files ' +
        'name no teacher; give data.teacher or use a solver that reads X and y',
    );
  }
  const gamma = config.algorithm.gamma;
  // Mutant 'online-decay-per-sample' (src/mutants): λ per step instead of λ/d.
  const decay = 1 - config.lambda / (isMutant('online-decay-per-sample') ? 1 : d);
  const stepsAt = outputSteps(config.times, 1 / d, 'the online step 1/d');
  const totalSteps = stepsAt[stepsAt.length - 1];
  const recorder = new Recorder('online', { steps: totalSteps, timePerStep: 1 / d }, false, true);
  const hint = divergenceHint(problem, 'online');
  const rng = stream(config.seed, 'online-data');
  const theta = Float64Array.from(problem.theta0);
  const x = new Float64Array(d);
  const r = new Float64Array(k);
  const rStar = new Float64Array(kStar);
  const ell = new Float64Array(k);
  const scale = 1 / Math.sqrt(d);
  const progressEvery = Math.max(1, Math.floor(totalSteps / 100));

  let next = 0;
  for (let s = 0; s <= totalSteps; s++) {
    while (next < stepsAt.length && stepsAt[next] === s) {
      if (!recorder.record(config.times[next], observe(problem, theta, null), hint)) break;
      options.onState?.(config.times[next], theta);
      next += 1;
    }
    if (s === totalSteps || recorder.diverged) break;

    // A fresh sample and its label.
    rng.fillNormal(x, scale);
    for (let c = 0; c < kStar; c++) rStar[c] = dotAt(x, thetaStar, c * d, d);
    const label = model.label(rStar, rng.normal());

    // Θ ← (1 − λ/d)Θ − γ x ℓᵀ.
    let finite = true;
    for (let a = 0; a < k; a++) {
      r[a] = dotAt(x, theta, a * d, d);
      if (!(Math.abs(r[a]) < PREACTIVATION_BOUND)) finite = false;
    }
    if (!finite) {
      recorder.diverge(s / d, hint);
      break;
    }
    model.grad(r, label, ell);
    for (let a = 0; a < k; a++) {
      const g = gamma * ell[a];
      const off = a * d;
      for (let j = 0; j < d; j++) theta[off + j] = decay * theta[off + j] - g * x[j];
    }

    if (options.onProgress && s % progressEvery === 0) options.onProgress(s / totalSteps);
  }
  options.onProgress?.(1);
  return recorder.finish();
}

function dotAt(x: Float64Array, v: Float64Array, off: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += x[j] * v[off + j];
  return s;
}
