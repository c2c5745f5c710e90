/**
 * marchWorker: the worker-thread side of the parallel DMFT (docs/dmft-performance.md).
 *
 * Method. The thread announces { type: 'ready' } once loaded, then serves batch requests
 * { type: 'batch', config, spec }. It compiles the model from the config (a model holds
 * functions, which cannot cross threads; the last model is kept for the next batch),
 * marches the batch with marchBatch exactly as the parent would (same spec, same seed streams
 * dmft/<batch>/…, so the same bits), and answers { type: 'done', batch, outcome } with the
 * outcome's buffers transferred, not copied. With spec.progress set it also posts
 * { type: 'progress', batch, step } after each grid step. A thrown error is answered
 * { type: 'failed', batch, message }.
 */
import { parentPort } from 'node:worker_threads';
import { compileModel } from '../../../model/compileModel.ts';
import type { Config, Model } from '../../../model/types.ts';
import { type BatchOutcome, type BatchSpec, marchBatch } from '../marchBatch.ts';

/** A BatchSpec without its model and callback, which cannot be sent between threads. */
export type PortableBatchSpec = Omit<BatchSpec, 'model' | 'onStep'>;

export interface BatchRequest {
  type: 'batch';
  config: Config;
  spec: PortableBatchSpec;
  progress: boolean;
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'progress'; batch: number; step: number }
  | { type: 'done'; batch: number; outcome: BatchOutcome }
  | { type: 'failed'; batch: number; message: string };

/** Every distinct ArrayBuffer behind the typed arrays of an outcome (for transfer). */
function buffersOf(outcome: BatchOutcome): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (value: unknown): void => {
    if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) {
      buffers.add(value.buffer);
    }
  };
  for (const value of Object.values(outcome.state)) add(value);
  add(outcome.trainRisk);
  return [...buffers];
}

const port = parentPort;
if (port === null) {
  throw new Error('marchWorker must be started as a worker thread (parentPort is null)');
}

// The model of the last config seen. Reusing one model object for every batch of a run keeps
// the call sites of marchBatch monomorphic, as in the calling thread; a fresh model per batch
// made them megamorphic and cost about twice the CPU time.
let cached: { key: string; model: Model } | undefined;

function modelFor(config: Config): Model {
  const key = JSON.stringify(config);
  if (cached?.key !== key) cached = { key, model: compileModel(config) };
  return cached.model;
}

port.on('message', (request: BatchRequest) => {
  const batch = request.spec.batchIndex;
  try {
    const spec: BatchSpec = { ...request.spec, model: modelFor(request.config) };
    if (request.progress) {
      spec.onStep = (step) => port.postMessage({ type: 'progress', batch, step });
    }
    const outcome = marchBatch(spec);
    const reply: WorkerReply = { type: 'done', batch, outcome };
    port.postMessage(reply, buffersOf(outcome));
  } catch (error) {
    const reply: WorkerReply = { type: 'failed', batch, message: String(error) };
    port.postMessage(reply);
  }
});

const ready: WorkerReply = { type: 'ready' };
port.postMessage(ready);
