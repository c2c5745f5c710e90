/**
 * Worker threads for the Monte Carlo DMFT (src/solvers/dmft/solveDMFTAsync.ts,
 * src/solvers/dmft/workers/, docs/dmft-performance.md):
 * - 1 and 2 threads give identical bits, equal to the synchronous solveDMFT: every Q, M,
 *   risk, standard error and kernel entry is compared with Object.is (each batch has its
 *   own seed streams and the reduction runs in batch order, so nothing may differ at all);
 * - a worker that cannot start (a bootstrap module that does not exist) makes the batches
 *   run in process, with the same bits and the fallback reported;
 * - progress is monotone and ends at 1; `threads` is validated.
 * Random inputs: the DMFT paths, seeded by suiteSeed().
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compileModel.ts';
import { batchSpecFor, outputStepsOf } from '../../src/solvers/dmft/batchSpecFor.ts';
import { marchBatch } from '../../src/solvers/dmft/marchBatch.ts';
import { solveDMFT } from '../../src/solvers/dmft/solveDMFT.ts';
import { closeDmftWorkers, solveDMFTAsync } from '../../src/solvers/dmft/solveDMFTAsync.ts';
import type { DmftResult } from '../../src/solvers/dmft/types.ts';
import { validateDmftInput } from '../../src/solvers/dmft/validateDmftInput.ts';
import { runBatchesInWorkers } from '../../src/solvers/dmft/workers/runBatchesInWorkers.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { dmftConfig } from './helpers/privateModels.ts';

const seed = suiteSeed();
const config = dmftConfig({
  delta: 2,
  lambda: 0.01,
  gamma: 0.5,
  sigma: 0.1,
  times: [0.5, 2],
  loss: 'logistic',
});
const options = { measure: 'sgd' as const, dt: 0.1, paths: 600, seed, batches: 4, kernels: true };
const context = `seed ${seed}, options ${JSON.stringify(options)}, config ${JSON.stringify(config)}`;

/** Every number of a result, in a fixed order (observables, errors, kernels). */
function numbersOf(result: DmftResult): number[] {
  const kernels = result.kernels;
  if (!kernels) throw new Error('kernels were requested');
  return [
    ...result.Q.flat(2),
    ...(result.M ?? []).flat(2),
    ...(result.trainRisk ?? []),
    ...(result.testRisk ?? []),
    ...(result.stdErr?.Q ?? []).flat(2),
    ...(result.stdErr?.M ?? []).flat(2),
    ...(result.stdErr?.trainRisk ?? []),
    ...(result.stdErr?.testRisk ?? []),
    ...kernels.cTheta,
    ...kernels.rTheta,
    ...kernels.cZ,
    ...kernels.rZ,
    ...kernels.nu,
    ...kernels.m,
  ];
}

function expectSameBits(a: number[], b: number[], label: string): void {
  expect(a.length, label).toBe(b.length);
  const first = a.findIndex((value, i) => !Object.is(value, b[i]));
  expect(
    first,
    `${label}: first differing entry ${first} (${a[first]} vs ${b[first]}); ` + context,
  ).toBe(-1);
}

afterAll(async () => {
  await closeDmftWorkers();
});

describe(`DMFT worker threads (suite seed ${seed})`, () => {
  it('1 and 2 threads give bit-identical results, equal to solveDMFT', async () => {
    const sync = solveDMFT(config, options);
    const one = await solveDMFTAsync(config, { ...options, threads: 1 });
    const two = await solveDMFTAsync(config, { ...options, threads: 2 });
    expect(two.info.threads).toBe(2);
    expect(two.info.workerFallback, String(two.info.workerFallbackReason)).toBe(false);
    expect(two.info.batchesInWorkers).toBe(options.batches);
    const reference = numbersOf(sync);
    expect(reference.every(Number.isFinite)).toBe(true);
    expectSameBits(numbersOf(one), reference, '1 thread vs solveDMFT');
    expectSameBits(numbersOf(two), reference, '2 threads vs solveDMFT');
  });

  it('falls back to the calling thread when a worker cannot start, same bits', async () => {
    const model = compileModel(config);
    const input = validateDmftInput(config, options, model);
    const outputSteps = outputStepsOf(input);
    const specs = Array.from({ length: input.batches }, (_, batch) =>
      batchSpecFor(model, config, options, input, batch, outputSteps),
    );
    const missing = new URL('./no-such-bootstrap.mjs', import.meta.url);
    const report = await runBatchesInWorkers({ config, specs, threads: 2, bootstrap: missing });
    expect(report.fallback).toMatch(/worker/);
    expect(report.workersStarted).toBe(0);
    expect(report.batchesInProcess).toBe(input.batches);
    for (let batch = 0; batch < input.batches; batch++) {
      const direct = marchBatch(batchSpecFor(model, config, options, input, batch, outputSteps));
      expectSameBits(
        [...report.outcomes[batch].state.c, ...report.outcomes[batch].trainRisk],
        [...direct.state.c, ...direct.trainRisk],
        `fallback batch ${batch}`,
      );
    }
  });

  it('reports monotone progress ending at 1 from the workers', async () => {
    const fractions: number[] = [];
    await solveDMFTAsync(config, {
      ...options,
      kernels: false,
      threads: 2,
      onProgress: (f) => fractions.push(f),
    });
    expect(fractions.length).toBeGreaterThan(options.batches);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => f > 0 && (i === 0 || f >= fractions[i - 1]))).toBe(true);
  });

  it('rejects a thread count that is not a positive integer, naming options.threads', async () => {
    await expect(solveDMFTAsync(config, { ...options, threads: 0 })).rejects.toThrow(
      /options\.threads.*received 0/,
    );
    await expect(solveDMFTAsync(config, { ...options, threads: 1.5 })).rejects.toThrow(RangeError);
  });
});
