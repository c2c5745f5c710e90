/**
 * Reads the parameters of the exactly solvable square-loss model out of a Config, or says
 * which field rules the closed form out.
 *
 * The model (the square-loss oracle of arXiv 2601.21093's setting, with a Gaussian start):
 * k = k* = 1, linear teacher and
 * student links with readouts 1, real labels y = r* + σε, square loss ½(r − y)², ridge λ,
 * Gaussian data (no data files), and θ0 = o·θ* + s·g with g ~ N(0, I_d) independent of θ*.
 * Here σ = teacher.noise, o = init.overlap[0][0], s = init.scale; P = Σ* = 1 (teacher rows
 * N(0, 1), src/model/types.ts). Units: times t are those of the objective summed over samples
 * (F = Σ_i L_i + (λ/2)‖θ‖²), so one unit of t is one unit of gradient-flow time.
 */
import type { Config } from '../../model/types.ts';
import { checkTimes } from './checkTimes.ts';

/** The scalars the closed forms depend on. */
export interface LinearSquareParams {
  /** δ = n/d of the config (the limiting aspect ratio). */
  delta: number;
  /** σ: label-noise standard deviation. */
  sigma: number;
  /** o: Θ0 = o·Θ* + s·G. */
  overlap: number;
  /** s. */
  scale: number;
  /** Ridge λ ≥ 0. */
  lambda: number;
  /** Output times, finite, ≥ 0, non-decreasing. */
  times: number[];
}

/** Validates `config` for the closed form and returns its scalars; `caller` names the solver. */
export function linearSquareSetup(config: Config, caller: string): LinearSquareParams {
  if (config === null || typeof config !== 'object') {
    throw new TypeError(`${caller}: config must be an object, received ${String(config)}`);
  }
  const why = `${caller} has a closed form only for`;
  requireField(config.loss === 'square', 'config.loss', config.loss, `${why} loss "square"`);
  requireField(config.teacher?.k === 1, 'config.teacher.k', config.teacher?.k, `${why} k* = 1`);
  requireField(config.student?.k === 1, 'config.student.k', config.student?.k, `${why} k = 1`);
  requireField(
    config.teacher.link === 'linear',
    'config.teacher.link',
    config.teacher.link,
    `${why} a "linear" teacher link`,
  );
  requireField(
    config.student.link === 'linear',
    'config.student.link',
    config.student.link,
    `${why} a "linear" student link`,
  );
  requireField(
    isUnitReadout(config.teacher.readout),
    'config.teacher.readout',
    config.teacher.readout,
    `${why} readout [1]`,
  );
  requireField(
    isUnitReadout(config.student.readout),
    'config.student.readout',
    config.student.readout,
    `${why} readout [1]`,
  );
  requireField(
    config.teacher.labels === 'real',
    'config.teacher.labels',
    config.teacher.labels,
    `${why} labels "real"`,
  );
  requireField(
    config.data === undefined,
    'config.data',
    config.data,
    `${why} Gaussian data drawn from the seed (no data files)`,
  );

  const overlapRows = config.init?.overlap;
  const overlap = Array.isArray(overlapRows) ? overlapRows[0]?.[0] : undefined;
  requireField(
    Array.isArray(overlapRows) &&
      overlapRows.length === 1 &&
      Array.isArray(overlapRows[0]) &&
      overlapRows[0].length === 1 &&
      isFiniteNumber(overlap),
    'config.init.overlap',
    overlapRows,
    `${why} a finite 1×1 overlap [[o]]`,
  );
  const scale = config.init.scale;
  requireField(
    isFiniteNumber(scale) && scale >= 0,
    'config.init.scale',
    scale,
    'a finite number ≥ 0 is allowed',
  );
  const sigma = config.teacher.noise;
  requireField(
    isFiniteNumber(sigma) && sigma >= 0,
    'config.teacher.noise',
    sigma,
    'a finite number ≥ 0 is allowed',
  );
  requireField(
    isFiniteNumber(config.lambda) && config.lambda >= 0,
    'config.lambda',
    config.lambda,
    'a finite number ≥ 0 is allowed',
  );
  requireField(
    isFiniteNumber(config.delta) && config.delta > 0,
    'config.delta',
    config.delta,
    'a finite number > 0 is allowed',
  );
  checkTimes(config.times, 'config.times');

  return {
    delta: config.delta,
    sigma,
    overlap: overlap as number,
    scale,
    lambda: config.lambda,
    times: config.times.slice(),
  };
}

function requireField(ok: boolean, field: string, received: unknown, allowed: string): void {
  if (!ok) throw new RangeError(`${field}: ${allowed}; received ${describe(received)}`);
}

function isUnitReadout(readout: unknown): boolean {
  return Array.isArray(readout) && readout.length === 1 && readout[0] === 1;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}
