/**
 * Collects observations at the requested times into a `Trajectory`, and turns a detected
 * divergence into `status: "diverged"` with the time and the likely cause. Only finite
 * observations are ever recorded: the trajectory simply ends at the last good time.
 */
import type { Problem } from '../model/buildProblem.ts';
import type { Observation } from './observe.ts';
import { isBounded } from './observe.ts';
import type { Trajectory } from './trajectory.ts';

/** tr Q beyond this counts as divergence: a stable run at O(1) scales stays far below. */
export const DIVERGENCE_BOUND = 1e8;

/** |r| beyond this inside a hot loop counts as divergence (r ~ √Q, so this matches). */
export const PREACTIVATION_BOUND = 1e4;

export class Recorder {
  private readonly traj: Trajectory;

  constructor(solver: string, info: Trajectory['info'], withTrain: boolean, withTeacher: boolean) {
    this.traj = {
      solver,
      times: [],
      Q: [],
      M: withTeacher ? [] : null,
      trainRisk: withTrain ? [] : null,
      testRisk: withTeacher ? [] : null,
      status: 'ok',
      info,
    };
  }

  /** Records `obs` at time t; returns false (and marks divergence) if it is not finite. */
  record(t: number, obs: Observation, hint: string): boolean {
    const values = [obs.trainRisk, obs.testRisk].filter((v): v is number => v !== null);
    if (!isBounded(obs.Q, DIVERGENCE_BOUND) || values.some((v) => !Number.isFinite(v))) {
      this.diverge(t, hint);
      return false;
    }
    this.traj.times.push(t);
    this.traj.Q.push(obs.Q);
    if (this.traj.M && obs.M) this.traj.M.push(obs.M);
    if (this.traj.trainRisk && obs.trainRisk !== null) this.traj.trainRisk.push(obs.trainRisk);
    if (this.traj.testRisk && obs.testRisk !== null) this.traj.testRisk.push(obs.testRisk);
    return true;
  }

  /** Marks the run diverged at time t. */
  diverge(t: number, hint: string): void {
    if (this.traj.status === 'diverged') return;
    this.traj.status = 'diverged';
    this.traj.divergedAt = t;
    this.traj.message =
      `diverged at t = ${formatTime(t)}: the iterate became non-finite or left the bound ` +
      `tr Q < ${DIVERGENCE_BOUND.toExponential(0)}. ${hint}`;
  }

  /** Adds a fact for the reader to the trajectory's info. */
  note(key: string, value: string | number | boolean): void {
    this.traj.info[key] = value;
  }

  get diverged(): boolean {
    return this.traj.status === 'diverged';
  }

  finish(extra: Trajectory['info'] = {}): Trajectory {
    Object.assign(this.traj.info, extra);
    return this.traj;
  }
}

function formatTime(t: number): string {
  return Number(t.toPrecision(6)).toString();
}

/** The most likely cause of a divergence, in words, for the message. */
export function divergenceHint(problem: Problem, solver: string, step?: number): string {
  const { config, model } = problem;
  const gamma = config.algorithm.gamma;
  const curvature = model.curvatureBound;
  const spectralEdge = (1 + Math.sqrt(config.delta)) ** 2;
  const parts: string[] = [];
  if (solver === 'sgd' || solver === 'online') {
    if (config.loss === 'square' && model.affine && gamma >= 2) {
      parts.push(`γ = ${gamma} is at or beyond the square-loss stability limit γ < 2`);
    } else if (Number.isFinite(curvature) && gamma * curvature >= 2) {
      parts.push(`γ·sup‖H‖ = ${(gamma * curvature).toPrecision(3)} ≥ 2: γ is likely too large`);
    }
  }
  if (solver === 'gd' && Number.isFinite(curvature)) {
    const limit = 2 / (curvature * spectralEdge + config.lambda);
    if (gamma >= limit) {
      parts.push(
        `full-batch GD is stable only for γ < 2/(sup‖H‖·(1+√δ)² + λ) ≈ ${limit.toPrecision(3)}`,
      );
    }
  }
  if (solver === 'sme' && step !== undefined && Number.isFinite(curvature)) {
    if (step * curvature * spectralEdge >= 2) {
      parts.push(`the Euler–Maruyama step h = ${step} is beyond 2/(sup‖H‖·(1+√δ)²)`);
    }
  }
  // The ridge contracts Θ by (1 − ηλ) per SGD step and by (1 − λ/d) per online step (and by
  // (1 − hλ) per Euler step): a factor below −1 makes Θ alternate and grow.
  const kappa = config.algorithm.kappa ?? 1;
  const eta = solver === 'online' ? 1 / problem.d : (gamma * kappa) / config.n;
  const ridgeStep = solver === 'sme' || solver === 'gf' ? (step ?? 0) : eta;
  if (config.lambda > 0 && ridgeStep * config.lambda >= 2) {
    parts.push(
      `the ridge step ${ridgeStep.toPrecision(3)}·λ = ` +
        `${(ridgeStep * config.lambda).toPrecision(3)} ` +
        '≥ 2 makes the decay factor (1 − step·λ) fall below −1; reduce λ or the step',
    );
  }
  if (config.init.scale > 1e3) {
    parts.push(`init.scale = ${config.init.scale} starts Θ far outside the O(1) range`);
  }
  if (parts.length === 0) {
    parts.push(
      'none of the known stability limits is exceeded; if you supplied X, check that its ' +
        'entries have variance 1/d (divide standard-normal features by √d); otherwise ' +
        'reduce γ or the step',
    );
  }
  return `Likely cause: ${parts.join('; ')}.`;
}
