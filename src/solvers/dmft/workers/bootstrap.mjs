/**
 * Worker-thread bootstrap for the DMFT path batches (docs/dmft-performance.md).
 *
 * Worker threads on Node 20 do not inherit tsx's module loader, so a TypeScript worker cannot
 * be started directly. This plain ES module registers tsx's loader inside the new thread
 * (register() from 'tsx/esm/api') and then imports the TypeScript worker module whose URL the
 * parent passed as workerData.entry. If either step fails, the thread dies with an 'error'
 * event before it reports ready, and the parent runs the batches in process instead.
 */
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
