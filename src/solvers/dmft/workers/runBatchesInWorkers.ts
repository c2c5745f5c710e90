/**
 * runBatchesInWorkers: marches independent DMFT path batches on worker threads
 * (node:worker_threads), falling back to the calling thread when a worker cannot start or
 * dies (docs/dmft-performance.md).
 *
 * Method. Up to `threads` workers are taken from an idle pool or started from
 * ./bootstrap.mjs (which loads ./marchWorker.ts under tsx). Each worker, once ready, takes
 * the next batch index from a shared queue until the queue is empty. Outcomes are stored by
 * batch index, so the caller reduces them in batch order whatever thread ran which batch:
 * each batch has its own seed streams and every thread runs the same code, so the result is
 * bit-identical for every thread count. A worker that does not become ready within
 * `startTimeoutMs`, emits 'error', exits early or reports a failure is terminated; its batch
 * and every batch no worker took are then marched in process after the workers finish, and
 * `fallback` says why.
 *
 * Pool. Starting a worker costs about 0.5 s here (tsx transforms the modules on load), so
 * workers of the default bootstrap are kept after a run, unref'd so they never hold the
 * process open, at most availableParallelism() of them; closeDmftWorkers() ends them.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Config } from '../../../model/types.ts';
import { type BatchOutcome, type BatchSpec, marchBatch } from '../marchBatch.ts';
import type { BatchRequest, PortableBatchSpec, WorkerReply } from './marchWorker.ts';

export interface WorkerRunOptions {
  config: Config;
  /** One spec per batch, in batch order (with the model, for the in-process fallback). */
  specs: BatchSpec[];
  threads: number;
  /** Called with (batch, step) after each grid step of each batch. */
  onStep?: (batch: number, step: number) => void;
  /** Bootstrap module; default ./bootstrap.mjs (tests pass a broken one to see the fallback). */
  bootstrap?: URL;
  /** How long a worker may take to load before it is given up; default 60 s. */
  startTimeoutMs?: number;
}

export interface WorkerRunReport {
  outcomes: BatchOutcome[];
  /** Workers that served this run (started now or taken from the pool). */
  workersStarted: number;
  /** Batches marched by workers and in process. */
  batchesInWorkers: number;
  batchesInProcess: number;
  /** Why some batches ran in process; undefined when none did. */
  fallback?: string;
}

const DEFAULT_START_TIMEOUT_MS = 60_000;
const DEFAULT_BOOTSTRAP = new URL('./bootstrap.mjs', import.meta.url);
const ENTRY = new URL('./marchWorker.ts', import.meta.url).href;

/** Ready, idle workers of the default bootstrap. */
const idle: Worker[] = [];

function dropFromPool(worker: Worker): void {
  const index = idle.indexOf(worker);
  if (index >= 0) idle.splice(index, 1);
}

function park(worker: Worker): boolean {
  if (idle.length >= availableParallelism()) return false;
  worker.removeAllListeners();
  worker.on('error', () => dropFromPool(worker));
  worker.on('exit', () => dropFromPool(worker));
  worker.unref();
  idle.push(worker);
  return true;
}

/** Terminates the pooled idle workers (tests and benchmarks call it when done). */
export async function closeDmftWorkers(): Promise<void> {
  const workers = idle.splice(0, idle.length);
  await Promise.all(workers.map((w) => w.terminate().catch(() => 0)));
}

function portable(spec: BatchSpec): PortableBatchSpec {
  const { model: _model, onStep: _onStep, ...rest } = spec;
  return rest;
}

export async function runBatchesInWorkers(options: WorkerRunOptions): Promise<WorkerRunReport> {
  const { config, specs, onStep } = options;
  const bootstrap = options.bootstrap ?? DEFAULT_BOOTSTRAP;
  const pooled = bootstrap.href === DEFAULT_BOOTSTRAP.href;
  const startTimeout = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  const outcomes: (BatchOutcome | undefined)[] = specs.map(() => undefined);
  const leftOver: number[] = [];
  const reasons: string[] = [];
  let next = 0;
  let workersStarted = 0;
  let batchesInWorkers = 0;

  // One worker: obtain it, then serve batches from the queue until it is empty or it fails.
  const serve = (): Promise<void> =>
    new Promise((resolve) => {
      const reused = pooled ? idle.pop() : undefined;
      let worker: Worker;
      try {
        worker = reused ?? new Worker(bootstrap, { workerData: { entry: ENTRY } });
      } catch (error) {
        reasons.push(`worker could not be created: ${String(error)}`);
        resolve();
        return;
      }
      worker.removeAllListeners();
      worker.ref();
      let current = -1;
      let finished = false;
      const timer = reused
        ? undefined
        : setTimeout(() => stop(`worker did not start within ${startTimeout} ms`), startTimeout);

      const stop = (reason?: string): void => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        if (current >= 0 && outcomes[current] === undefined) leftOver.push(current);
        if (reason === undefined && pooled && park(worker)) {
          resolve();
          return;
        }
        if (reason !== undefined) reasons.push(reason);
        worker.removeAllListeners();
        worker.on('error', () => undefined);
        void worker.terminate().then(
          () => resolve(),
          () => resolve(),
        );
      };
      const dispatch = (): void => {
        if (next >= specs.length) {
          stop();
          return;
        }
        current = next++;
        const request: BatchRequest = {
          type: 'batch',
          config,
          spec: portable(specs[current]),
          progress: onStep !== undefined,
        };
        worker.postMessage(request);
      };
      const started = (): void => {
        clearTimeout(timer);
        workersStarted += 1;
        dispatch();
      };

      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') {
          started();
        } else if (reply.type === 'progress') {
          onStep?.(reply.batch, reply.step);
        } else if (reply.type === 'done') {
          outcomes[reply.batch] = reply.outcome;
          batchesInWorkers += 1;
          current = -1;
          dispatch();
        } else {
          stop(`batch ${reply.batch} failed in a worker: ${reply.message}`);
        }
      });
      worker.on('error', (error) => stop(`worker error: ${String(error)}`));
      worker.on('exit', (code) => stop(`worker exited early with code ${code}`));
      if (reused) started();
    });

  const count = Math.max(1, Math.min(options.threads, specs.length));
  await Promise.all(Array.from({ length: count }, () => serve()));

  // Whatever no worker finished runs here, in batch order.
  while (next < specs.length) leftOver.push(next++);
  leftOver.sort((a, b) => a - b);
  for (const batch of leftOver) {
    const spec = specs[batch];
    if (onStep) spec.onStep = (step) => onStep(batch, step);
    outcomes[batch] = marchBatch(spec);
  }

  const done = outcomes.filter((o): o is BatchOutcome => o !== undefined);
  if (done.length !== specs.length) {
    throw new Error(`runBatchesInWorkers: ${specs.length - done.length} batches are missing`);
  }
  return {
    outcomes: done,
    workersStarted,
    batchesInWorkers,
    batchesInProcess: leftOver.length,
    fallback: leftOver.length > 0 ? reasons.join('; ') || 'no worker took the batches' : undefined,
  };
}
