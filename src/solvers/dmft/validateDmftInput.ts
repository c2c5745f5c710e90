/**
 * validateDmftInput: checks a Config and DmftOptions before a DMFT run (docs/dmft.md).
 *
 * Every failure throws a TypeError (wrong type) or RangeError (wrong value) whose message names
 * the parameter, the value received and what is allowed. Returns the resolved numbers the
 * solver needs: the grid, the batch sizes and the initial moments (Σ* = I, so
 * E θ0θ*ᵀ = O and E θ0θ0ᵀ = O Oᵀ + scale²·I for θ0 = O θ* + scale·g, docs/conventions.md).
 */
import type { Config, Model } from '../../model/types.ts';
import { DEFAULT_BATCHES, DMFT_MEASURES, type DmftMeasure, type DmftOptions } from './types.ts';

/** Largest memory the kernels and factor of one batch may take (bytes). */
export const MEMORY_LIMIT_BYTES = 2 ** 31;

export interface ResolvedDmftInput {
  measure: DmftMeasure;
  k: number;
  kStar: number;
  steps: number;
  dt: number;
  gamma: number;
  batches: number;
  batchSizes: number[];
  overlap: Float64Array;
  initSecondMoment: Float64Array;
  /** Grid index used for each requested time. */
  timeSteps: number[];
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

export function validateDmftInput(
  config: Config,
  options: DmftOptions,
  model: Model,
): ResolvedDmftInput {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object, received ${describe(options)}`);
  }
  checkKinkBandwidth(options);
  const measure = options.measure;
  if (!DMFT_MEASURES.includes(measure)) {
    throw new RangeError(
      `options.measure must be one of ${DMFT_MEASURES.join(', ')}, received ${describe(measure)}`,
    );
  }
  const dt = options.dt;
  if (typeof dt !== 'number' || !Number.isFinite(dt) || dt <= 0) {
    throw new RangeError(`options.dt must be a finite number > 0, received ${describe(dt)}`);
  }
  const batches = options.batches ?? DEFAULT_BATCHES;
  if (!isPositiveInteger(batches) || batches < 2) {
    throw new RangeError(`options.batches must be an integer ≥ 2, received ${describe(batches)}`);
  }
  if (!isPositiveInteger(options.paths) || options.paths < batches) {
    throw new RangeError(
      `options.paths must be an integer ≥ batches (${batches}), ` +
        `received ${describe(options.paths)}`,
    );
  }
  if (!Number.isSafeInteger(options.seed) || options.seed < 0) {
    throw new RangeError(
      `options.seed must be a non-negative safe integer, received ${describe(options.seed)}`,
    );
  }

  const k = config.student?.k;
  const kStar = config.teacher?.k;
  if (!isPositiveInteger(k)) {
    throw new RangeError(`config.student.k must be a positive integer, received ${describe(k)}`);
  }
  if (!isPositiveInteger(kStar)) {
    throw new RangeError(
      `config.teacher.k must be a positive integer, received ${describe(kStar)}`,
    );
  }
  if (model.k !== k || model.kStar !== kStar) {
    throw new RangeError(
      `model has (k, k*) = (${model.k}, ${model.kStar}) but config has (${k}, ${kStar})`,
    );
  }
  if (!(Number.isFinite(config.delta) && config.delta > 0)) {
    throw new RangeError(`config.delta must be a finite number > 0, received ${config.delta}`);
  }
  if (!(Number.isFinite(config.lambda) && config.lambda >= 0)) {
    throw new RangeError(`config.lambda must be a finite number ≥ 0, received ${config.lambda}`);
  }

  const gamma = config.algorithm?.gamma;
  if (measure !== 'gf') {
    if (typeof gamma !== 'number' || !Number.isFinite(gamma) || gamma <= 0) {
      throw new RangeError(
        `config.algorithm.gamma must be a finite number > 0 for measure '${measure}', ` +
          `received ${describe(gamma)}`,
      );
    }
    if (measure === 'bernoulli-sgd' && dt > gamma) {
      throw new RangeError(
        `options.dt must be ≤ config.algorithm.gamma (${gamma}) for 'bernoulli-sgd' ` +
          `(jump probability dt/γ ≤ 1), received ${dt}`,
      );
    }
    if (measure === 'sgd' && dt / gamma > 30) {
      throw new RangeError(
        `options.dt must be ≤ 30·gamma (${30 * gamma}) for 'sgd' (Poisson mean per cell), ` +
          `received ${dt}`,
      );
    }
  }

  const times = config.times;
  if (!Array.isArray(times) || times.length === 0) {
    throw new RangeError(`config.times must be a non-empty array, received ${describe(times)}`);
  }
  for (const t of times) {
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
      throw new RangeError(`config.times entries must be finite and ≥ 0, received ${describe(t)}`);
    }
  }
  const horizon = Math.max(...times);
  // The 1e-9 guard keeps T/dt = 20.000000000000004 from adding a step.
  const steps = Math.max(0, Math.ceil(horizon / dt - 1e-9));
  const timeSteps = times.map((t) => Math.min(steps, Math.round(t / dt)));
  for (let i = 1; i < timeSteps.length; i++) {
    if (timeSteps[i] === timeSteps[i - 1]) {
      throw new RangeError(
        `config.times ${times[i - 1]} and ${times[i]} fall on the same grid point of ` +
          `dt = ${dt}; space the output times at least dt apart or pass a smaller dt`,
      );
    }
  }

  const points = steps + 1;
  const size = kStar + points * k;
  // A kinked student's shadow paths are bounded while they are opened (kinkJumpResponses).
  const bytes = 8 * (8 * points * points * k * k + size * size);
  if (bytes > MEMORY_LIMIT_BYTES) {
    throw new RangeError(
      `options.dt = ${dt} gives ${steps} grid steps up to t = ${horizon}, needing about ` +
        `${(bytes / 2 ** 30).toFixed(1)} GiB of kernels and path tables; allowed is ` +
        `${MEMORY_LIMIT_BYTES / 2 ** 30} GiB: raise dt (--dt), shorten config.times or use fewer ` +
        'paths per batch (more --batches)',
    );
  }

  const scale = config.init?.scale;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale < 0) {
    throw new RangeError(`config.init.scale must be a finite number ≥ 0, received ${scale}`);
  }
  const rows = config.init?.overlap;
  if (!Array.isArray(rows) || rows.length !== k) {
    throw new RangeError(
      `config.init.overlap must be a ${k}×${kStar} matrix, received ${JSON.stringify(rows)}`,
    );
  }
  const overlap = new Float64Array(k * kStar);
  for (let i = 0; i < k; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== kStar || !row.every((v) => Number.isFinite(v))) {
      throw new RangeError(
        `config.init.overlap must be a ${k}×${kStar} matrix of finite numbers, row ${i} is ` +
          `${JSON.stringify(row)}`,
      );
    }
    for (let j = 0; j < kStar; j++) overlap[i * kStar + j] = row[j];
  }
  const initSecondMoment = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let sum = i === j ? scale * scale : 0;
      for (let l = 0; l < kStar; l++) sum += overlap[i * kStar + l] * overlap[j * kStar + l];
      initSecondMoment[i * k + j] = sum;
    }
  }

  const batchSizes: number[] = [];
  for (let b = 0; b < batches; b++) {
    batchSizes.push(
      Math.floor((options.paths * (b + 1)) / batches) - Math.floor((options.paths * b) / batches),
    );
  }

  return {
    measure,
    k,
    kStar,
    steps,
    dt,
    gamma: measure === 'gf' ? 0 : (gamma as number),
    batches,
    batchSizes,
    overlap,
    initSecondMoment,
    timeSteps,
  };
}

/**
 * The kink bandwidth h (relu or abs student, docs/dmft.md): a fraction of sd(w) in (0, 1].
 * The kernel estimator's bias grows like h², its variance like 1/h.
 */
function checkKinkBandwidth(options: DmftOptions): void {
  const h = options.kinkBandwidth;
  if (h === undefined) return;
  if (typeof h !== 'number' || !Number.isFinite(h) || h <= 0 || h > 1) {
    throw new RangeError(
      `options.kinkBandwidth must be a number in (0, 1] (a fraction of sd(w)), ` +
        `received ${describe(h)}`,
    );
  }
}
