/**
 * solveDMFTAsync: solveDMFT with the independent Monte Carlo path batches spread over worker
 * threads (docs/dmft-performance.md, docs/dmft.md; arXiv 2601.21093).
 *
 * Method. Same validation, model (compileModel) and test risk (src/model/testRisk.ts) as
 * solveDMFT. A run that qualifies for the deterministic solve (chooseDeterministic) is solved
 * in the calling thread, as solveDMFT does. Otherwise the batches go to
 * `threads` = min(batches, availableParallelism()) workers by default (runBatchesInWorkers);
 * `threads: 1` marches them in the calling thread. Outcomes are reduced in batch order, so
 * the result is bit-identical to solveDMFT's for every thread count. info records
 * `threads`, `workersStarted`, and `workerFallback` (true when some batches had to run in
 * process because a worker could not start or failed, with `workerFallbackReason`).
 * Started workers stay in an idle pool (unref'd) for the next call; closeDmftWorkers() ends
 * them.
 */
import { availableParallelism } from 'node:os';
import { compileModel } from '../../model/compileModel.ts';
import { testRisk } from '../../model/testRisk.ts';
import type { Config } from '../../model/types.ts';
import { assembleDmftResult } from './assembleDmftResult.ts';
import { batchSpecFor, outputStepsOf } from './batchSpecFor.ts';
import { chooseDeterministic } from './chooseDeterministic.ts';
import { type BatchOutcome, marchBatch } from './marchBatch.ts';
import { solveDmftWithModel } from './solveDmftWithModel.ts';
import type { DmftOptions, DmftResult } from './types.ts';
import { validateDmftInput } from './validateDmftInput.ts';
import { runBatchesInWorkers } from './workers/runBatchesInWorkers.ts';
import { activeMutant } from '../../mutants/activeMutant.ts';

export { closeDmftWorkers } from './workers/runBatchesInWorkers.ts';

export async function solveDMFTAsync(config: Config, options: DmftOptions): Promise<DmftResult> {
  const model = compileModel(config);
  const input = validateDmftInput(config, options, model);
  // Module state (the mutant switch, src/mutants) does not reach workers: one thread then.
  const threads =
    activeMutant() !== null
      ? 1
      : (options.threads ?? Math.min(input.batches, availableParallelism()));
  if (!Number.isSafeInteger(threads) || threads < 1) {
    throw new RangeError(
      `options.threads must be a positive integer, received ${String(options.threads)}`,
    );
  }
  if (chooseDeterministic(model, options.deterministic)) {
    const result = solveDmftWithModel(model, config, options, testRisk);
    result.info.threads = 1;
    return result;
  }

  // Progress: the fraction of batch-steps done, each batch counted up to its furthest step.
  const points = input.steps + 1;
  const reached = new Float64Array(input.batches);
  let total = 0;
  const onStep = options.onProgress
    ? (batch: number, step: number) => {
        if (step + 1 <= reached[batch]) return;
        total += step + 1 - reached[batch];
        reached[batch] = step + 1;
        options.onProgress?.(total / (points * input.batches));
      }
    : undefined;

  const outputSteps = outputStepsOf(input);
  const specs = Array.from({ length: input.batches }, (_, batch) =>
    batchSpecFor(model, config, options, input, batch, outputSteps),
  );
  let outcomes: BatchOutcome[];
  const extraInfo: Record<string, number | string | boolean> = { threads };
  if (threads === 1) {
    outcomes = specs.map((spec, batch) => {
      if (onStep) spec.onStep = (step) => onStep(batch, step);
      return marchBatch(spec);
    });
    extraInfo.workersStarted = 0;
    extraInfo.workerFallback = false;
  } else {
    const report = await runBatchesInWorkers({ config, specs, threads, onStep });
    outcomes = report.outcomes;
    extraInfo.workersStarted = report.workersStarted;
    extraInfo.batchesInWorkers = report.batchesInWorkers;
    extraInfo.batchesInProcess = report.batchesInProcess;
    extraInfo.workerFallback = report.fallback !== undefined;
    if (report.fallback !== undefined) extraInfo.workerFallbackReason = report.fallback;
  }

  const result = assembleDmftResult({
    model,
    config,
    options,
    input,
    outcomes,
    testRisk,
    deterministic: false,
    extraInfo,
  });
  options.onProgress?.(1);
  return result;
}
