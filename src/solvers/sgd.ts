/**
 * Multi-pass mini-batch SGD at finite (n, d) (docs/conventions.md, "SGD").
 *
 * Method. With η = γκ/n on the summed risk F(Θ) = Σ_i L(Θᵀx_i; y_i) + (λ/2)‖Θ‖²,
 *   Θ_{s+1} = (1 − ηλ) Θ_s − γ Σ_{i ∈ B_s} x_i ℓ(Θ_sᵀx_i; y_i)ᵀ,
 * which is Θ_s − η[(n/κ) Σ_{i∈B_s} x_i ℓ_iᵀ + λΘ_s]. Time is t = s·η, so one unit of time is
 * 1/γ epochs and every sample is used about Poisson(t/γ) times by time t.
 * Batch rules:
 * - 'fixed': κ rows uniformly without replacement, independently at every step (a partial
 *   Fisher–Yates shuffle of a persistent permutation);
 * - 'bernoulli': each row independently with probability p = κ/n (geometric skips), so the
 *   weight n/κ per used row times η is again γ;
 * - 'reshuffle': epochs of a random permutation cut into consecutive batches of κ; the last
 *   batch of an epoch holds the n mod κ rows left over when κ does not divide n.
 * κ = n with 'fixed' or 'reshuffle' is full-batch GD with step γ, taken over the rows in their
 * natural order. An output time t is observed after round(t/η) steps.
 *
 * References: arXiv 2601.21093 (the critical scaling η ∝ κ/n); docs/conventions.md.
 */
import type { Problem } from '../model/buildProblem.ts';
import { stream } from '../random/streams.ts';
import type { Rng } from '../random/streams.ts';
import { kernelFor } from './kernelFor.ts';
import type { XKernel } from './kernels/createXKernel.ts';
import { observe } from './observe.ts';
import { outputSteps } from './outputSteps.ts';
import { PREACTIVATION_BOUND, Recorder, divergenceHint } from './recorder.ts';
import type { Trajectory } from './trajectory.ts';
import { isMutant } from '../mutants/activeMutant.ts';

export interface SolveOptions {
  /** Called with the completed fraction of the run, at most about 100 times. */
  onProgress?: (fraction: number) => void;
  /**
   * Called at each recorded output time with the iterate Θ (k×d, transposed layout). The
   * array is the solver's own: copy it to keep it.
   */
  onState?: (t: number, theta: Float64Array) => void;
}

export function solveSGD(problem: Problem, options: SolveOptions = {}): Trajectory {
  const { config, model, n, d, k, y } = problem;
  const { gamma, kappa, batch } = config.algorithm;
  const lambda = config.lambda;
  const eta = (gamma * kappa) / n;
  const decay = 1 - eta * lambda;
  // Mutant 'sgd-batch-mean' (src/mutants): the batch gradient averaged instead of summed.
  const stepGamma = isMutant('sgd-batch-mean') ? gamma / kappa : gamma;
  const fullBatch = kappa === n && batch !== 'bernoulli';
  const solverName = fullBatch ? 'gd' : 'sgd';

  const stepsAt = outputSteps(config.times, eta, 'η = γκ/n');
  const totalSteps = stepsAt[stepsAt.length - 1];
  const recorder = new Recorder(
    solverName,
    { eta, kappa, batch: fullBatch ? 'full' : batch, steps: totalSteps, timePerStep: eta },
    true,
    problem.thetaStar !== null,
  );
  const hint = divergenceHint(problem, solverName);
  const warning = stabilityWarning(problem, fullBatch);
  if (warning) recorder.note('warning', warning);

  const kernel = kernelFor(problem);
  kernel.theta.set(problem.theta0);
  const sampler = new BatchSampler(kernel, n, kappa, batch, stream(config.seed, 'batches'));
  const ell = new Float64Array(k);
  const rI = new Float64Array(k);
  const progressEvery = Math.max(1, Math.floor(totalSteps / 100));
  let next = 0;

  for (let s = 0; s <= totalSteps; s++) {
    while (next < stepsAt.length && stepsAt[next] === s) {
      if (!recorder.record(config.times[next], observe(problem, kernel.theta, kernel), hint)) break;
      options.onState?.(config.times[next], kernel.theta);
      next += 1;
    }
    if (s === totalSteps || recorder.diverged) break;

    // One step: draw the batch, preactivations r_i = Θᵀx_i, coefficients γℓ(r_i; y_i),
    // then Θ ← (1 − ηλ)Θ − Σ_i x_i (γℓ_i)ᵀ.
    const count = fullBatch ? n : sampler.draw();
    kernel.dots(count, !fullBatch, 'theta');
    const r = kernel.r;
    const coef = kernel.coef;
    const idx = kernel.idx;
    let finite = true;
    if (k === 1) {
      for (let i = 0; i < count; i++) {
        const ri = r[i];
        if (!(Math.abs(ri) < PREACTIVATION_BOUND)) finite = false;
        coef[i] = stepGamma * model.grad1(ri, y[fullBatch ? i : idx[i]]);
      }
    } else {
      for (let i = 0; i < count; i++) {
        for (let a = 0; a < k; a++) {
          rI[a] = r[i * k + a];
          if (!(Math.abs(rI[a]) < PREACTIVATION_BOUND)) finite = false;
        }
        model.grad(rI, y[fullBatch ? i : idx[i]], ell);
        for (let a = 0; a < k; a++) coef[i * k + a] = stepGamma * ell[a];
      }
    }
    if (!finite) {
      recorder.diverge(s * eta, hint);
      break;
    }
    // Mutant 'sgd-decay-per-epoch': the ridge decay only at the first step of each epoch.
    const epochStart = !isMutant('sgd-decay-per-epoch') || s % Math.ceil(n / kappa) === 0;
    kernel.update(count, !fullBatch, epochStart ? decay : 1, 'theta');

    if (options.onProgress && s % progressEvery === 0) options.onProgress(s / totalSteps);
  }
  options.onProgress?.(1);
  return recorder.finish();
}

/** Draws batches into `kernel.idx` under one of the three batch rules. */
export class BatchSampler {
  private readonly perm: Int32Array;
  private position = 0;
  private drawn = 0;

  constructor(
    private readonly kernel: XKernel,
    private readonly n: number,
    private readonly kappa: number,
    private readonly rule: 'fixed' | 'bernoulli' | 'reshuffle',
    private readonly rng: Rng,
  ) {
    this.perm = new Int32Array(n);
    for (let i = 0; i < n; i++) this.perm[i] = i;
    this.position = n;
  }

  /** Fills kernel.idx[0..count) with the next batch and returns count. */
  draw(): number {
    const idx = this.kernel.idx;
    const { n, kappa, rng, perm } = this;

    if (this.rule === 'fixed') {
      // Mutant 'sgd-batch-reused': an epoch's first batch is reused for the whole epoch.
      if (isMutant('sgd-batch-reused') && this.drawn++ % Math.ceil(n / kappa) !== 0) return kappa;
      // Partial Fisher–Yates: after κ swaps, perm[0..κ) is a uniform κ-subset whatever the
      // permutation was before, so successive batches are independent.
      for (let j = 0; j < kappa; j++) {
        const m = j + rng.int(n - j);
        const tmp = perm[j];
        perm[j] = perm[m];
        perm[m] = tmp;
        idx[j] = perm[j];
      }
      return kappa;
    }

    if (this.rule === 'bernoulli') {
      // Each row joins with probability p = κ/n: skip Geometric(p) rows between members.
      const p = kappa / n;
      let count = 0;
      for (let i = rng.geometric(p); i < n; i += 1 + rng.geometric(p)) idx[count++] = i;
      return count;
    }

    if (this.position >= n) {
      for (let j = n - 1; j > 0; j--) {
        const m = rng.int(j + 1);
        const tmp = perm[j];
        perm[j] = perm[m];
        perm[m] = tmp;
      }
      this.position = 0;
    }
    const count = Math.min(kappa, n - this.position);
    for (let j = 0; j < count; j++) idx[j] = perm[this.position + j];
    this.position += count;
    return count;
  }
}

/**
 * A warning for a run that is unstable on paper even if it has not left the divergence bound
 * by the last output time: full-batch GD needs γ·(sup‖H‖·λ_max(XᵀX) + λ) < 2 with
 * λ_max ≈ (1 + √δ)², and square-loss SGD needs γ < 2 (docs/conventions.md).
 */
function stabilityWarning(problem: Problem, fullBatch: boolean): string | undefined {
  const { config, model } = problem;
  const gamma = config.algorithm.gamma;
  const curvature = model.curvatureBound;
  if (fullBatch && Number.isFinite(curvature)) {
    // The ridge adds λ to every eigenvalue of the step's Jacobian (η = γ at κ = n).
    const limit = 2 / (curvature * (1 + Math.sqrt(config.delta)) ** 2 + config.lambda);
    if (gamma >= limit) {
      return (
        `γ = ${gamma} exceeds 2/(sup‖H‖·(1 + √δ)² + λ) ≈ ${limit.toPrecision(3)}, the ` +
        'sufficient condition for full-batch GD to be stable: the iterate may grow geometrically'
      );
    }
  }
  if (!fullBatch && model.affine && config.loss === 'square' && gamma >= 2) {
    return `γ = ${gamma} is at or beyond the square-loss SGD stability limit γ < 2`;
  }
  return undefined;
}
