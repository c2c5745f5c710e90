/**
 * solveDmftWithModel: the DMFT solver of MATH §2 and §5 for a given compiled model and a given
 * test-risk function (solveDMFT wires in the product's own; tests may pass their own).
 *
 * Method (docs/dmft.md): `batches` independent batches of paths are each marched forward in
 * time (marchBatch). Each batch is a complete DMFT solve with its own kernels, so batch results
 * are independent and identically distributed: the reported value is their mean and `stdErr`
 * is their standard deviation divided by √batches. Averaging solves instead of pooling paths
 * adds a bias of order 1/(paths per batch) from the nonlinearity of the closure, against a
 * statistical error of order 1/√paths.
 *
 * Output: at each requested time the nearest grid point a = round(t/dt) (so |t − t_a| ≤ dt/2),
 * Q = C_θ[a, a], M = m_a, train risk = path mean of L(r_a; y) (r_a before the cell-a jumps),
 * test risk = testRisk(model, config, Q, M, Σ* = I) per batch, then averaged.
 */
import type { Config, Model } from '../../model/types.ts';
import type { Matrix } from '../trajectory.ts';
import type { BatchOutcome } from './marchBatch.ts';
import { marchBatch } from './marchBatch.ts';
import { kernelsFromStates } from './kernelsFromStates.ts';
import type { DmftOptions, DmftResult } from './types.ts';
import { validateDmftInput } from './validateDmftInput.ts';

export type TestRiskFunction = (
  model: Model,
  config: Config,
  Q: Matrix,
  M: Matrix,
  P: Matrix,
) => number;

function toMatrix(values: Float64Array, offset: number, rows: number, cols: number): Matrix {
  const out: Matrix = [];
  for (let i = 0; i < rows; i++) {
    const row: number[] = [];
    for (let j = 0; j < cols; j++) row.push(values[offset + i * cols + j]);
    out.push(row);
  }
  return out;
}

function identity(size: number): Matrix {
  return Array.from({ length: size }, (_, i) =>
    Array.from({ length: size }, (_, j) => (i === j ? 1 : 0)));
}

/** Mean and standard error (sd/√B) of B per-batch values. */
function meanAndError(values: number[]): [number, number] {
  const count = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / count;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (count - 1);
  return [mean, Math.sqrt(variance / count)];
}

function combineMatrices(perBatch: Matrix[]): [Matrix, Matrix] {
  const rows = perBatch[0].length;
  const cols = perBatch[0][0].length;
  const mean: Matrix = [];
  const error: Matrix = [];
  for (let i = 0; i < rows; i++) {
    mean.push([]);
    error.push([]);
    for (let j = 0; j < cols; j++) {
      const [value, se] = meanAndError(perBatch.map((m) => m[i][j]));
      mean[i].push(value);
      error[i].push(se);
    }
  }
  return [mean, error];
}

export function solveDmftWithModel(
  model: Model,
  config: Config,
  options: DmftOptions,
  testRisk: TestRiskFunction,
): DmftResult {
  const input = validateDmftInput(config, options, model);
  const { k, kStar, steps, dt, batches, timeSteps } = input;
  const points = steps + 1;
  const outputSteps = new Uint8Array(points);
  for (const a of timeSteps) outputSteps[a] = 1;
  const sigmaStar = identity(kStar);

  // March the batches one after another; memory is that of one batch at a time.
  const outcomes: BatchOutcome[] = [];
  for (let batch = 0; batch < batches; batch++) {
    outcomes.push(
      marchBatch({
        model,
        measure: input.measure,
        steps,
        dt,
        lambda: config.lambda,
        delta: config.delta,
        gamma: input.gamma,
        overlap: input.overlap,
        initSecondMoment: input.initSecondMoment,
        paths: input.batchSizes[batch],
        seed: options.seed,
        batchIndex: batch,
        outputSteps,
        directNu: model.labelDifferentiable,
        onStep: options.onProgress
          ? (a) => options.onProgress?.((batch + (a + 1) / points) / batches)
          : undefined,
      }),
    );
  }

  // Times before the earliest divergence stay valid.
  let validSteps = points;
  let divergence: { step: number; cause: string } | undefined;
  for (const outcome of outcomes) {
    if (outcome.divergence && outcome.validSteps < validSteps) {
      validSteps = outcome.validSteps;
      divergence = outcome.divergence;
    }
  }

  const kk = k * k;
  const ks = k * kStar;
  const times: number[] = [];
  const gridTimes: number[] = [];
  const Q: Matrix[] = [];
  const M: Matrix[] = [];
  const trainRisk: number[] = [];
  const testRiskValues: number[] = [];
  const errors = { Q: [] as Matrix[], M: [] as Matrix[], trainRisk: [] as number[],
    testRisk: [] as number[] };
  for (let index = 0; index < timeSteps.length; index++) {
    const a = timeSteps[index];
    if (a >= validSteps) continue;
    const qs = outcomes.map((o) => toMatrix(o.state.c, (a * points + a) * kk, k, k));
    const ms = outcomes.map((o) => toMatrix(o.state.m, a * ks, k, kStar));
    const tests = qs.map((q, b) => testRisk(model, config, q, ms[b], sigmaStar));
    const trains = outcomes.map((o) => o.trainRisk[a]);
    const [q, qError] = combineMatrices(qs);
    const [m, mError] = combineMatrices(ms);
    const [train, trainError] = meanAndError(trains);
    const [test, testError] = meanAndError(tests);
    times.push(config.times[index]);
    gridTimes.push(a * dt);
    Q.push(q);
    M.push(m);
    trainRisk.push(train);
    testRiskValues.push(test);
    errors.Q.push(qError);
    errors.M.push(mError);
    errors.trainRisk.push(trainError);
    errors.testRisk.push(testError);
  }
  const result: DmftResult = {
    solver: `dmft-${input.measure}`,
    times,
    Q,
    M,
    trainRisk,
    testRisk: testRiskValues,
    status: 'ok',
    stdErr: errors,
    info: {},
  };

  if (divergence) {
    result.status = 'diverged';
    result.divergedAt = divergence.step * dt;
    result.message =
      `DMFT (${input.measure}) diverged at t = ${divergence.step * dt} (grid step ` +
      `${divergence.step}): ${divergence.cause}; outputs before that time are kept`;
  }

  result.info = {
    measure: input.measure,
    dt,
    steps,
    horizon: steps * dt,
    grid: `t_a = a*dt, a = 0..${steps}; outputs at the nearest grid point`,
    gridTimes: gridTimes.join(','),
    paths: options.paths,
    batches,
    pathsPerBatch: input.batchSizes.join(','),
    nuForm: model.labelDifferentiable ? 'tangent' : 'stein',
    pivotsSkipped: outcomes.reduce((s, o) => s + o.pivotsSkipped, 0),
    gamma: input.gamma,
    seed: options.seed,
  };

  if (options.kernels) {
    const grid = Array.from({ length: points }, (_, a) => a * dt);
    result.kernels = kernelsFromStates(outcomes.map((o) => o.state), grid);
  }
  options.onProgress?.(1);
  return result;
}
