/**
 * DMFT performance figures (docs/dmft-performance.md; solver in src/solvers/dmft/, arXiv
 * 2601.21093). Never asserted; the numbers go in the notes.
 *
 * 1. Logistic DMFT-SGD (Poisson clock), γ = 0.5, δ = 2, λ = 0.01, sign labels with noise 0.1,
 *    T = 10, Δ = 0.05 (N = 200 grid steps), 10⁴ paths in 8 batches, one thread: time and
 *    path-steps per second (paths × N / seconds).
 * 2. The ridge case: GD step 0.1 ('gf' with dt = 0.1), δ = 3, λ = 0.5, T = 5 (50 steps),
 *    overlap 0.2, scale 0, noiseless linear teacher, by the deterministic solve; its time
 *    and the largest difference from the exact GD oracle (squareLossExact, gdStep 0.1). For
 *    contrast, the Monte Carlo solve of the same case with 10⁴ paths: its time and the
 *    standard error it leaves on Q(5).
 * 3. Cost exponents of the Monte Carlo solve (logistic SGD, 8 batches): in N (T = 2.5 … 20
 *    at Δ = 0.05, 2000 paths) and in M (2500 … 2·10⁴ paths at T = 5), as least-squares
 *    slopes of log time against log N or log M; and of the deterministic solve in N.
 * 4. Peak memory of the Monte Carlo solve with 2 batches, so that the per-path arrays
 *    (O(M·N): fixed normals ξ, active cells, their ΔZ and Jacobians) dominate the kernels
 *    (O(batches·N²)): heapUsed + arrayBuffers above a baseline taken after a garbage
 *    collection every 25 steps, each point in a fresh --expose-gc process; the M ladder
 *    5000 … 4·10⁴ at N = 100 and the N ladder 50 … 400 at M = 10⁴, with slopes and the
 *    fitted bytes per path and grid step.
 * 5. Worker threads: solveDMFTAsync with threads 1 and 2 on case 1, after a warm-up call that
 *    starts the worker pool (the start-up cost is reported separately): wall and CPU time
 *    (process.cpuUsage, all threads) and the speed-up.
 * Cases 1–4 report CPU time (process.cpuUsage, user + system), the median of REPEATS runs
 * after one warm-up run: on the shared machine a single-threaded run is descheduled for a
 * varying share of its wall time, while its CPU time is its cost. Case 5 needs wall time; it
 * is printed beside the speed-up a plain busy loop gets from two threads at that moment, and
 * os.loadavg() is printed too: on an oversubscribed machine a process gets about one core
 * whatever its thread count.
 *
 * Run: node --expose-gc bin/run-ts.mjs bench/dmft.ts (or import benchDmft()).
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseConfig } from '../src/model/parseConfig.ts';
import type { Config } from '../src/model/types.ts';
import type { DmftOptions } from '../src/solvers/dmft/types.ts';
import { solveDMFT } from '../src/solvers/dmft/solveDMFT.ts';
import { closeDmftWorkers, solveDMFTAsync } from '../src/solvers/dmft/solveDMFTAsync.ts';
import type { DmftResult } from '../src/solvers/dmft/types.ts';
import { squareLossExact } from '../src/solvers/exact/squareLossExact.ts';

const REPEATS = 3;
const SEED = 7;
/** Command-line flag of the child process that measures one memory point. */
const MEMORY_PROBE = '--memory-probe';

function logisticConfig(horizon: number): Config {
  return parseConfig({
    d: 1000,
    delta: 2,
    loss: 'logistic',
    lambda: 0.01,
    teacher: { labels: 'sign', noise: 0.1 },
    init: { scale: 0 },
    algorithm: { name: 'sgd', gamma: 0.5, kappa: 1 },
    times: [horizon / 4, horizon / 2, horizon],
    seed: SEED,
  });
}

function ridgeConfig(): Config {
  return parseConfig({
    d: 1000,
    delta: 3,
    loss: 'square',
    lambda: 0.5,
    teacher: { noise: 0 },
    init: { scale: 0, overlap: 0.2 },
    algorithm: { name: 'gd', gamma: 0.1 },
    times: [0.5, 1, 2, 3, 4, 5],
    seed: SEED,
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** CPU seconds (user + system, all threads) since `start`. */
function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/**
 * Median CPU time (s) of `run` over REPEATS calls after one warm-up call, and the last result.
 * CPU time, not wall time: on the shared machine a single-threaded run is descheduled for a
 * large and varying share of its wall time, but the CPU it burns is its cost.
 */
function timed<T>(run: () => T, repeats = REPEATS): { seconds: number; result: T } {
  const samples: number[] = [];
  let result = run();
  for (let r = 0; r < repeats; r++) {
    const start = process.cpuUsage();
    result = run();
    samples.push(cpuSince(start));
  }
  return { seconds: median(samples), result };
}

/** Least-squares slope of log y against log x. */
function logSlope(x: number[], y: number[]): number {
  const lx = x.map(Math.log);
  const ly = y.map(Math.log);
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length;
  const my = ly.reduce((s, v) => s + v, 0) / ly.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < lx.length; i++) {
    num += (lx[i] - mx) * (ly[i] - my);
    den += (lx[i] - mx) ** 2;
  }
  return num / den;
}

function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function used(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/**
 * Peak live memory above baseline (bytes) of one Monte Carlo solve with `batches` batches.
 * marchBatch allocates a batch's arrays when the batch starts, so live memory is flat within
 * a batch; a sample may still count the previous batch's buffers, which V8 releases on a
 * background thread after a collection. So every 10th grid step a collection runs and
 * heapUsed + arrayBuffers is read, the minimum within each batch is its live size, and the
 * peak is the largest of those. Needs --expose-gc.
 */
function peakMemory(config: Config, options: DmftOptions, batches: number): number {
  collect();
  const baseline = used();
  const lowest = new Array<number>(batches).fill(Infinity);
  let calls = 0;
  solveDMFT(config, {
    ...options,
    batches,
    onProgress: (fraction) => {
      if (calls++ % 10 !== 0) return;
      collect();
      const batch = Math.min(batches - 1, Math.floor(fraction * batches - 1e-9));
      lowest[batch] = Math.min(lowest[batch], used() - baseline);
    },
  } as DmftOptions);
  return Math.max(...lowest.filter(Number.isFinite));
}

/**
 * The speed-up the machine offers two threads right now: a fixed busy loop on one worker,
 * then on two at once, wall time ratio × 2 (2 on an idle 2-core machine, 1 when only one
 * core is to be had).
 */
async function availableSpeedUp(): Promise<number> {
  const code =
    "const { parentPort } = require('node:worker_threads');" +
    'parentPort.on("message", (n) => { let s = 0; for (let i = 0; i < n; i++) ' +
    's += Math.sqrt(i); parentPort.postMessage(s); });';
  const workers = [new Worker(code, { eval: true }), new Worker(code, { eval: true })];
  const run = (worker: Worker): Promise<unknown> =>
    new Promise((done) => {
      worker.once('message', done);
      worker.postMessage(1e8);
    });
  await Promise.all(workers.map(run));
  let start = performance.now();
  await run(workers[0]);
  const one = performance.now() - start;
  start = performance.now();
  await Promise.all(workers.map(run));
  const two = performance.now() - start;
  await Promise.all(workers.map((w) => w.terminate()));
  return (2 * one) / two;
}

/**
 * peakMemory of the logistic case with `paths` paths in 2 batches up to time `horizon`, run
 * in a fresh `node --expose-gc` process: freed ArrayBuffers are returned lazily, so a
 * baseline taken in a process that has already run other cases is not clean.
 */
function memoryProbe(paths: number, horizon: number): number {
  const runner = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', runner, self, MEMORY_PROBE, String(paths), String(horizon)],
    { encoding: 'utf8' },
  );
  const bytes = Number(child.stdout.trim());
  if (child.status !== 0 || !Number.isFinite(bytes)) {
    throw new Error(`memory probe (${paths} paths, T = ${horizon}) failed: ${child.stderr}`);
  }
  return bytes;
}

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const fixed = (value: number, digits = 2): string => value.toFixed(digits);

export async function benchDmft(): Promise<string[]> {
  const lines: string[] = [];
  // Progress on stderr, so a long run shows where it is.
  const push = lines.push.bind(lines);
  lines.push = (...items: string[]): number => {
    for (const item of items) process.stderr.write(`  ${item}\n`);
    return push(...items);
  };
  const load = () =>
    loadavg()
      .map((v) => v.toFixed(2))
      .join(' ');
  lines.push(`dmft bench: load average ${load()}, median of ${REPEATS}`);

  // 1. Logistic DMFT-SGD, one thread.
  const logistic = logisticConfig(10);
  const mcOptions: DmftOptions = { measure: 'sgd', dt: 0.05, paths: 10_000, seed: SEED };
  const one = timed(() => solveDMFT(logistic, mcOptions));
  const pathSteps = 10_000 * 200;
  lines.push(
    `logistic sgd T=10 dt=0.05 N=200 M=1e4: ${fixed(one.seconds)} s CPU, ` +
      `${(pathSteps / one.seconds).toExponential(2)} path-steps per CPU second, ` +
      `Q(10) = ${fixed(one.result.Q[2][0][0], 4)} ± ` +
      `${fixed(one.result.stdErr?.Q[2][0][0] ?? NaN, 4)}`,
  );

  // 2. The ridge case, deterministic, against exact GD; and Monte Carlo for contrast.
  const ridge = ridgeConfig();
  const ridgeOptions: DmftOptions = { measure: 'gf', dt: 0.1, paths: 10_000, seed: SEED };
  const deterministic = timed(() => solveDMFT(ridge, ridgeOptions), 5);
  const exact = squareLossExact(ridge, { gdStep: 0.1 });
  let gap = 0;
  const result: DmftResult = deterministic.result;
  for (let i = 0; i < ridge.times.length; i++) {
    gap = Math.max(
      gap,
      Math.abs(result.Q[i][0][0] - exact.Q[i][0][0]),
      Math.abs((result.M?.[i][0][0] ?? NaN) - (exact.M?.[i][0][0] ?? NaN)),
      Math.abs((result.trainRisk?.[i] ?? NaN) - (exact.trainRisk?.[i] ?? NaN)),
      Math.abs((result.testRisk?.[i] ?? NaN) - (exact.testRisk?.[i] ?? NaN)),
    );
  }
  lines.push(
    `ridge GD step 0.1, δ=3, λ=0.5, T=5 (50 steps), deterministic: ` +
      `${(deterministic.seconds * 1000).toFixed(1)} ms CPU (method ${result.info.method}); ` +
      `max |DMFT − exact GD| over Q, M, risks = ${gap.toExponential(1)}; ` +
      `Q(5) = ${result.Q[5][0][0].toFixed(6)}, test risk(5) = ${result.testRisk?.[5].toFixed(6)}`,
  );
  const monteCarlo = timed(
    () => solveDMFT(ridge, { ...ridgeOptions, deterministic: false } as DmftOptions),
    1,
  );
  lines.push(
    `ridge, Monte Carlo 1e4 paths for contrast: ${fixed(monteCarlo.seconds)} s CPU, ` +
      `Q(5) standard error ${monteCarlo.result.stdErr?.Q[5][0][0].toExponential(1)} ` +
      `(deterministic ${(monteCarlo.seconds / deterministic.seconds).toFixed(0)}× faster, exact)`,
  );

  // 3. Cost exponents of the Monte Carlo solve (a warm-up run first, then the median).
  // Timed without the memory sampling of case 4 (process.memoryUsage reads /proc).
  const costOf = (config: Config, options: DmftOptions): number =>
    timed(() => solveDMFT(config, options)).seconds;
  const horizons = [2.5, 5, 10, 20];
  const inN = horizons.map((T) => costOf(logisticConfig(T), { ...mcOptions, paths: 2000 }));
  const gridN = horizons.map((T) => Math.round(T / 0.05));
  const counts = [2500, 5000, 10_000, 20_000];
  const inM = counts.map((paths) => costOf(logisticConfig(5), { ...mcOptions, paths }));
  lines.push(
    `MC CPU cost in N (M=2000): ${gridN
      .map((N, i) => `N=${N} ${fixed(inN[i])} s`)
      .join(', ')}; slope ${fixed(logSlope(gridN, inN))}, last pair ` +
      `${fixed(logSlope(gridN.slice(-2), inN.slice(-2)))}`,
  );
  lines.push(
    `MC CPU cost in M (N=100): ${counts
      .map((M, i) => `M=${M} ${fixed(inM[i])} s`)
      .join(', ')}; slope ${fixed(logSlope(counts, inM))}, last pair ` +
      `${fixed(logSlope(counts.slice(-2), inM.slice(-2)))}`,
  );

  // 4. Peak memory with 2 batches, each point in a fresh process (see memoryProbe).
  const memoryCounts = [5000, 10_000, 20_000, 40_000];
  const memoryInM = memoryCounts.map((paths) => memoryProbe(paths, 5));
  const memoryInN = horizons.map((T) => memoryProbe(10_000, T));
  // Paths per batch are M/2, and one batch is alive at a time.
  const perPath = (memoryInM[3] - memoryInM[0]) / ((memoryCounts[3] - memoryCounts[0]) / 2);
  lines.push(
    `MC peak live memory in M (N=100, 2 batches): ${memoryCounts
      .map((M, i) => `M=${M} ${mib(memoryInM[i])}`)
      .join(', ')}; slope ${fixed(
      logSlope(memoryCounts, memoryInM),
    )}; ${(perPath / 101).toFixed(0)} bytes per path of a batch and grid point`,
  );
  lines.push(
    `MC peak live memory in N (M=1e4, 2 batches): ${gridN
      .map((N, i) => `N=${N} ${mib(memoryInN[i])}`)
      .join(', ')}; slope ${fixed(logSlope(gridN, memoryInN))}`,
  );

  // Deterministic cost in N (square loss, Poisson SGD measure, T = 10).
  const square = parseConfig({
    d: 1000,
    delta: 2,
    loss: 'square',
    lambda: 0.05,
    teacher: { noise: 0.3 },
    init: { scale: 0.5, overlap: 0.2 },
    algorithm: { name: 'sgd', gamma: 0.5, kappa: 1 },
    times: [10],
    seed: SEED,
  });
  const grid = [100, 200, 400, 800];
  const detTimes = grid.map(
    (N) =>
      timed(() => solveDMFT(square, { measure: 'sgd', dt: 10 / N, paths: 16, seed: SEED }), 1)
        .seconds,
  );
  lines.push(
    `deterministic CPU cost in N (k=1): ${grid
      .map((N, i) => `N=${N} ` + `${fixed(detTimes[i], 3)} s`)
      .join(', ')}; slope ${fixed(logSlope(grid, detTimes))}`,
  );

  // 5. Worker threads, pool started by a warm-up call; wall time here, since CPU is shared.
  const available = await availableSpeedUp();
  const startup = performance.now();
  await solveDMFTAsync(logisticConfig(1), { ...mcOptions, paths: 200, threads: 2 });
  const startupSeconds = (performance.now() - startup) / 1000;
  const wall: Record<number, number> = {};
  const cpu: Record<number, number> = {};
  for (const threads of [1, 2]) {
    const wallSamples: number[] = [];
    const cpuSamples: number[] = [];
    // Two warm-up runs: each worker is its own isolate, with its own JIT to warm.
    for (let r = 0; r < REPEATS + 2; r++) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      await solveDMFTAsync(logistic, { ...mcOptions, threads });
      const used = process.cpuUsage(cpuStart);
      if (r < 2) continue;
      wallSamples.push((performance.now() - start) / 1000);
      cpuSamples.push((used.user + used.system) / 1e6);
    }
    wall[threads] = median(wallSamples);
    cpu[threads] = median(cpuSamples);
  }
  await closeDmftWorkers();
  lines.push(
    `threads (case 1): 1 thread ${fixed(wall[1])} s wall / ${fixed(cpu[1])} s CPU, ` +
      `2 threads ${fixed(wall[2])} s wall / ${fixed(cpu[2])} s CPU, speed-up ` +
      `${fixed(wall[1] / wall[2])}× (a busy loop gets ${fixed(available)}× from 2 threads right ` +
      `now; pool start-up ${fixed(startupSeconds)} s, excluded); ` +
      `load average now ${load()}`,
  );
  return lines;
}

const invoked =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invoked && process.argv[2] === MEMORY_PROBE) {
  const paths = Number(process.argv[3]);
  const horizon = Number(process.argv[4]);
  const options: DmftOptions = { measure: 'sgd', dt: 0.05, paths, seed: SEED };
  process.stdout.write(`${peakMemory(logisticConfig(horizon), options, 2)}\n`);
} else if (invoked) {
  const lines = await benchDmft();
  process.stdout.write(`${lines.join('\n')}\n`);
}
