/**
 * solveDmftWithModel: the DMFT solver of docs/dmft.md for a given compiled model and a given
 * test-risk function (solveDMFT wires in the product's own; tests may pass their own).
 *
 * Method (docs/dmft.md): `batches` independent batches of paths are each marched forward in
 * time (marchBatch). Each batch is a complete DMFT solve with its own kernels, so batch results
 * are independent and identically distributed: the reported value is their mean and `stdErr`
 * is their standard deviation divided by √batches. Averaging solves instead of pooling paths
 * adds a bias of order 1/(paths per batch) from the nonlinearity of the closure, against a
 * statistical error of order 1/√paths.
 *
 * When the loss gradient is affine and the label map linear (square loss, linear student and
 * teacher, real labels), the closures are exact moment computations and the run is solved
 * deterministically instead (marchDeterministic, docs/dmft-performance.md): no paths, stdErr
 * 0, info.method 'deterministic'. `options.deterministic` forces either way.
 *
 * Output: at each requested time the nearest grid point a = round(t/dt) (so |t − t_a| ≤ dt/2),
 * Q = C_θ[a, a], M = m_a, train risk = path mean of L(r_a; y) (r_a before the cell-a jumps),
 * test risk = testRisk(model, config, Q, M, Σ* = I) per batch, then averaged
 * (assembleDmftResult).
 */
import type { Config, Model } from '../../model/types.ts';
import { assembleDmftResult, type TestRiskFunction } from './assembleDmftResult.ts';
import { batchSpecFor, outputStepsOf } from './batchSpecFor.ts';
import { chooseDeterministic } from './chooseDeterministic.ts';
import type { BatchOutcome } from './marchBatch.ts';
import { marchBatch } from './marchBatch.ts';
import { marchDeterministic } from './marchDeterministic.ts';
import type { DmftOptions, DmftResult } from './types.ts';
import { validateDmftInput } from './validateDmftInput.ts';

export type { TestRiskFunction } from './assembleDmftResult.ts';

export function solveDmftWithModel(
  model: Model,
  config: Config,
  options: DmftOptions,
  testRisk: TestRiskFunction,
): DmftResult {
  const input = validateDmftInput(config, options, model);
  const points = input.steps + 1;
  const affine = chooseDeterministic(model, options.deterministic);

  if (affine) {
    const outcome = marchDeterministic({
      affine,
      measure: input.measure,
      steps: input.steps,
      dt: input.dt,
      lambda: config.lambda,
      delta: config.delta,
      gamma: input.gamma,
      overlap: input.overlap,
      initSecondMoment: input.initSecondMoment,
      onStep: options.onProgress ? (a) => options.onProgress?.((a + 1) / points) : undefined,
    });
    const result = assembleDmftResult({
      model,
      config,
      options,
      input,
      outcomes: [outcome],
      testRisk,
      deterministic: true,
    });
    options.onProgress?.(1);
    return result;
  }

  // March the batches one after another; memory is that of one batch at a time.
  const outputSteps = outputStepsOf(input);
  const outcomes: BatchOutcome[] = [];
  for (let batch = 0; batch < input.batches; batch++) {
    const spec = batchSpecFor(model, config, options, input, batch, outputSteps);
    if (options.onProgress) {
      spec.onStep = (a) => options.onProgress?.((batch + (a + 1) / points) / input.batches);
    }
    outcomes.push(marchBatch(spec));
  }
  const result = assembleDmftResult({
    model,
    config,
    options,
    input,
    outcomes,
    testRisk,
    deterministic: false,
  });
  options.onProgress?.(1);
  return result;
}
