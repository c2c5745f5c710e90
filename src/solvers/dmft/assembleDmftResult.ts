/**
 * assembleDmftResult: turns the outcomes of independent DMFT path batches, or of one
 * deterministic solve, into a Trajectory (docs/dmft.md, docs/dmft-performance.md).
 *
 * Method. At each requested time the nearest grid point a = round(t/dt) is read:
 * Q = C_θ[a, a], M = m_a, train risk = E L(r_a; y), test risk = testRisk(model, config, Q, M,
 * Σ* = I) per batch. Monte Carlo: the value is the mean over the B batches in batch order
 * (a fixed reduction order, so the bits do not depend on which thread ran which batch) and
 * stdErr is their standard deviation over √B. Deterministic: one outcome, stdErr 0.
 * Times at or after the earliest divergence are dropped and the run is marked 'diverged'.
 */
import type { Config, Model } from '../../model/types.ts';
import type { Matrix } from '../trajectory.ts';
import { kernelsFromStates } from './kernelsFromStates.ts';
import type { BatchOutcome } from './marchBatch.ts';
import { type DmftOptions, type DmftResult, KINK_BANDWIDTH } from './types.ts';
import type { ResolvedDmftInput } from './validateDmftInput.ts';

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
    Array.from({ length: size }, (_, j) => (i === j ? 1 : 0)),
  );
}

/** Mean and standard error (sd/√B) of B per-batch values; 0 error for a single value. */
function meanAndError(values: number[]): [number, number] {
  const count = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / count;
  if (count === 1) return [mean, 0];
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

export interface AssembleInputs {
  model: Model;
  config: Config;
  options: DmftOptions;
  input: ResolvedDmftInput;
  outcomes: BatchOutcome[];
  testRisk: TestRiskFunction;
  /** True for the deterministic solve (one outcome, no Monte Carlo). */
  deterministic: boolean;
  /** Extra facts for `info` (thread counts, fallbacks). */
  extraInfo?: Record<string, number | string | boolean>;
}

export function assembleDmftResult(inputs: AssembleInputs): DmftResult {
  const { model, config, options, input, outcomes, testRisk, deterministic } = inputs;
  const { k, kStar, steps, dt, batches, timeSteps } = input;
  const points = steps + 1;
  const sigmaStar = identity(kStar);

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
  const errors = {
    Q: [] as Matrix[],
    M: [] as Matrix[],
    trainRisk: [] as number[],
    testRisk: [] as number[],
  };
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
    const at = Number((divergence.step * dt).toPrecision(6));
    // The ridge decays θ by (1 − λ·dt) per cell: beyond λ·dt = 2 the grid itself is unstable.
    const ridge =
      config.lambda * dt >= 2
        ? `; the ridge step λ·dt = ${(config.lambda * dt).toPrecision(3)} ≥ 2 makes the grid ` +
          'unstable: reduce λ or --dt'
        : '';
    result.message =
      `DMFT (${input.measure}) diverged at t = ${at} (grid step ${divergence.step}): ` +
      `${divergence.cause}; outputs before that time are kept${ridge}`;
  }

  const sampling: Record<string, number | string | boolean> = deterministic
    ? { method: 'deterministic', deterministic: true, paths: 0, batches: 0, nuForm: 'exact' }
    : {
        method: 'monte-carlo',
        deterministic: false,
        paths: options.paths,
        batches,
        pathsPerBatch: input.batchSizes.join(','),
        nuForm: outcomes[0]?.state.directNu === true ? 'tangent' : 'stein',
        pivotsSkipped: outcomes.reduce((s, o) => s + o.pivotsSkipped, 0),
      };
  if (!deterministic && outcomes.some((o) => o.kink !== undefined)) {
    const total = (key: 'conditioned' | 'kernel' | 'degenerate') =>
      outcomes.reduce((s, o) => s + (o.kink?.[key] ?? 0), 0);
    sampling.kinkJumpResponses = true;
    sampling.kinkBandwidth = options.kinkBandwidth ?? KINK_BANDWIDTH;
    sampling.kinkTermsConditioned = total('conditioned');
    sampling.kinkTermsKernel = total('kernel');
    sampling.kinkTermsDegenerate = total('degenerate');
  }
  result.info = {
    measure: input.measure,
    dt,
    steps,
    horizon: steps * dt,
    grid: `t_a = a*dt, a = 0..${steps}; outputs at the nearest grid point`,
    gridTimes: gridTimes.join(','),
    ...sampling,
    gamma: input.gamma,
    seed: options.seed,
    ...inputs.extraInfo,
  };

  if (options.kernels) {
    const grid = Array.from({ length: points }, (_, a) => a * dt);
    result.kernels = kernelsFromStates(
      outcomes.map((o) => o.state),
      grid,
    );
  }
  return result;
}
