/**
 * Throughput of the data-matrix kernels (src/solvers/kernels) in the two ways the solvers use
 * them, beside the same measurement in numpy (bench/numpy_sgd.py) when python3 has numpy.
 *
 * SGD (arXiv 2601.21093, multi-pass mini-batch): n = 4000 samples in d = 2000, k = 1, batch
 * κ ∈ {1, 64}, fixed-size batches drawn without replacement by a partial Fisher–Yates shuffle
 * on the seeded 'batches' stream (src/random/streams.ts), square and logistic loss. One step:
 * dots over the batch, coef = γ ℓ(r; y) in JavaScript, update with decay = 1 − ηλ, η = γκ/n.
 * Unit: sample·coordinate updates per second = samples processed · d / seconds, index
 * sampling and the loss derivative included.
 *
 * GF/SME: one full gradient Xᵀℓ(XΘ) = dots(n) + update(n) into the work block, and the same
 * in row blocks of 64 (the `first` argument), where each block is still in cache for its
 * update. Unit: gradient evaluations per second; each is two passes over the n×d matrix.
 *
 * Every figure is the median of several repetitions of two epochs (2n samples) after one
 * warm-up repetition. The machine is shared: expect ±20 % between runs.
 *
 * Run: node bin/run-ts.mjs bench/kernels.ts [--reps R] [--no-numpy]
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stream } from '../src/random/streams.ts';
import { createXKernel, type XKernel } from '../src/solvers/kernels/createXKernel.ts';

const N = 4000;
const D = 2000;
const GAMMA = 0.5;
const LAMBDA = 0.01;
const SEED = 1;
const KAPPAS = [1, 64] as const;
const LOSSES = ['square', 'logistic'] as const;
type Loss = (typeof LOSSES)[number];

/** ℓ(r; y) = ∂L/∂r: square L = (r − y)²/2; logistic L = log(1 + e^{−yr}), y = ±1. */
function gradient(loss: Loss): (r: number, y: number) => number {
  return loss === 'square' ? (r, y) => r - y : (r, y) => -y / (1 + Math.exp(y * r));
}

interface Problem {
  X: Float64Array;
  labels: Record<Loss, Float64Array>;
}

/** X with N(0, 1/d) entries, a N(0, I) teacher, real labels with noise 0.1 and sign labels. */
function makeProblem(): Problem {
  const X = stream(SEED, 'data').fillNormal(new Float64Array(N * D), 1 / Math.sqrt(D));
  const teacher = stream(SEED, 'teacher').fillNormal(new Float64Array(D));
  const noise = stream(SEED, 'label-noise');
  const square = new Float64Array(N);
  const logistic = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    let clean = 0;
    for (let j = 0; j < D; j++) clean += X[i * D + j] * teacher[j];
    square[i] = clean + 0.1 * noise.normal();
    logistic[i] = clean >= 0 ? 1 : -1;
  }
  return { X, labels: { square, logistic } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One repetition of two epochs of SGD; returns sample·coordinate updates per second. */
function sgdRate(kernel: XKernel, y: Float64Array, loss: Loss, kappa: number, rep: number) {
  const rng = stream(SEED, `batches/${kappa}/${loss}/${rep}`);
  const grad = gradient(loss);
  const decay = 1 - ((GAMMA * kappa) / N) * LAMBDA;
  const perm = new Int32Array(N).map((_, i) => i);
  const { idx, r, coef, theta } = kernel;
  const steps = Math.floor((2 * N) / kappa);
  theta.fill(0);
  const start = performance.now();

  for (let s = 0; s < steps; s++) {
    for (let b = 0; b < kappa; b++) {
      const j = b + rng.int(N - b);
      const row = perm[j];
      perm[j] = perm[b];
      perm[b] = row;
      idx[b] = row;
    }

    kernel.dots(kappa, true, 'theta');
    for (let b = 0; b < kappa; b++) coef[b] = GAMMA * grad(r[b], y[idx[b]]);
    kernel.update(kappa, true, decay, 'theta');
  }

  const seconds = (performance.now() - start) / 1000;
  if (!kernel.dots(1, false, 'theta')) throw new Error(`SGD diverged: ${loss}, κ = ${kappa}`);
  return (steps * kappa * D) / seconds;
}

/**
 * Full gradients Xᵀℓ(XΘ) per second, as GF and SME evaluate them: in one dots and one update
 * over all n rows (block = N), or in row blocks, each found in cache by its update.
 */
function gradientRate(
  kernel: XKernel,
  y: Float64Array,
  loss: Loss,
  evaluations: number,
  block: number,
): number {
  const grad = gradient(loss);
  const { r, coef } = kernel;
  kernel.theta.fill(0.01);
  const start = performance.now();

  for (let e = 0; e < evaluations; e++) {
    for (let first = 0; first < N; first += block) {
      const count = Math.min(block, N - first);
      kernel.dots(count, false, 'theta', first);
      for (let i = first; i < first + count; i++) coef[i] = -grad(r[i], y[i]);
      kernel.update(count, false, first === 0 ? 0 : 1, 'work', first);
    }
  }

  return evaluations / ((performance.now() - start) / 1000);
}

/** Rows per block of the blocked gradient: 64 rows · 16 KB fit in a 1–2 MB L2 cache. */
const GRADIENT_BLOCK = 64;

interface Row {
  case: string;
  unit: string;
  median: number;
}

function measure(kernel: XKernel, problem: Problem, reps: number): Row[] {
  const rows: Row[] = [];
  for (const kappa of KAPPAS) {
    for (const loss of LOSSES) {
      const y = problem.labels[loss];
      sgdRate(kernel, y, loss, kappa, -1);
      const rates = Array.from({ length: reps }, (_, rep) => sgdRate(kernel, y, loss, kappa, rep));
      rows.push({ case: `sgd kappa=${kappa} ${loss}`, unit: 'coord/s', median: median(rates) });
    }
  }
  for (const [label, block] of [
    ['', N],
    [' blocked', GRADIENT_BLOCK],
  ] as const) {
    for (const loss of LOSSES) {
      const y = problem.labels[loss];
      gradientRate(kernel, y, loss, 2, block);
      const rates = Array.from({ length: reps }, () => gradientRate(kernel, y, loss, 10, block));
      rows.push({ case: `gradient${label} ${loss}`, unit: 'eval/s', median: median(rates) });
    }
  }
  return rows;
}

/**
 * numpy's figures by case, or the reason they are missing. `threads` = 1 pins OpenBLAS to
 * one thread (the kernels use one); undefined leaves OpenBLAS its default.
 */
function numpyRows(reps: number, threads?: number): Map<string, number> | string {
  const env = { ...process.env };
  // The machine's OpenBLAS tuning variables are meant for other jobs; numpy runs untuned.
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (threads !== undefined) env.OPENBLAS_NUM_THREADS = String(threads);
  const probe = spawnSync('python3', ['-c', 'import numpy'], { env, encoding: 'utf8' });
  if (probe.status !== 0) return 'python3 with numpy not found';

  const script = resolve(dirname(fileURLToPath(import.meta.url)), 'numpy_sgd.py');
  const run = spawnSync('python3', [script, '--json', '--reps', String(reps)], {
    env,
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (run.status !== 0) return `numpy_sgd.py failed: ${run.stderr.trim().split('\n').pop()}`;
  const rows = new Map<string, number>();
  for (const line of run.stdout.trim().split('\n')) {
    const parsed = JSON.parse(line) as Row;
    rows.set(parsed.case, parsed.median);
  }
  return rows;
}

function format(value: number | undefined): string {
  return value === undefined ? '—'.padStart(10) : value.toExponential(2).padStart(10);
}

/**
 * Runs every measurement and returns the report as lines of text. Options: reps per figure
 * (default 7) and whether to run numpy beside it (default: when python3 has numpy).
 */
export async function benchKernels(
  options: { reps?: number; numpy?: boolean } = {},
): Promise<string[]> {
  const reps = options.reps ?? 7;
  const loadBefore = loadavg()[0];
  const problem = makeProblem();
  const wasm = createXKernel(problem.X, N, D, 1);
  const plain = createXKernel(problem.X, N, D, 1, { backend: 'typescript' });
  const fast = measure(wasm, problem, reps);
  const reference = measure(plain, problem, Math.max(3, Math.ceil(reps / 2)));
  wasm.dispose();
  plain.dispose();
  const numpy = options.numpy === false ? 'not requested' : numpyRows(reps);
  const numpy1 = typeof numpy === 'string' ? numpy : numpyRows(reps, 1);

  const lines = [
    `XKernel throughput: n = ${N}, d = ${D}, k = 1, γ = ${GAMMA}, λ = ${LAMBDA}; ` +
      `median of ${reps} reps of 2 epochs (typescript: fewer reps)`,
    `backend: ${wasm.backend}${wasm.fallbackReason ? ` (${wasm.fallbackReason})` : ''}; ` +
      `numpy: ${
        typeof numpy === 'string'
          ? numpy
          : 'OpenBLAS default threads (numpy) and ' +
            'one thread (numpy 1T), batches drawn outside its clock'
      }`,
    `1-minute load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after ` +
      '(figures drop by up to 2× when other jobs share the cores or memory bus)',
    `${'case'.padEnd(26)} ${'unit'.padEnd(8)} ${'wasm-simd'.padStart(10)} ` +
      `${'typescript'.padStart(10)} ${'numpy'.padStart(10)} ${'numpy 1T'.padStart(10)} ` +
      `${'wasm/numpy'.padStart(10)}`,
  ];
  fast.forEach((row, i) => {
    const key = row.case.replace(' blocked', '');
    const other = typeof numpy === 'string' ? undefined : numpy.get(key);
    const single = typeof numpy1 === 'string' ? undefined : numpy1.get(key);
    const ratio = other === undefined ? '—' : `${(row.median / other).toFixed(2)}×`;
    lines.push(
      `${row.case.padEnd(26)} ${row.unit.padEnd(8)} ${format(row.median)} ` +
        `${format(reference[i].median)} ${format(other)} ${format(single)} ${ratio.padStart(10)}`,
    );
  });
  lines.push(
    'gradient: one dots and one update over all n rows, i.e. eval/s × 2 = full n×d passes/s; ' +
      `blocked: rows in blocks of ${GRADIENT_BLOCK} (X read from memory once per evaluation), ` +
      'compared with the same numpy figure',
  );
  return lines;
}

function parseReps(argv: string[]): number | undefined {
  const at = argv.indexOf('--reps');
  if (at < 0) return undefined;
  const reps = Number(argv[at + 1]);
  if (!Number.isSafeInteger(reps) || reps < 1) {
    throw new RangeError(`--reps must be a positive integer, received ${argv[at + 1]}`);
  }
  return reps;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const argv = process.argv.slice(2);
  const lines = await benchKernels({
    reps: parseReps(argv),
    numpy: argv.includes('--no-numpy') ? false : undefined,
  });
  process.stdout.write(`${lines.join('\n')}\n`);
}
