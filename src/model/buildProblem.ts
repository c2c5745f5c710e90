/**
 * The `Problem`: one draw of data, teacher and initialisation shared by every finite-(n, d)
 * solver, so that SGD, SME and GF can be compared on the very same X, y, Θ*, Θ0.
 *
 * Conventions (docs/conventions.md): rows x_i have i.i.d. N(0, 1/d) entries; teacher rows
 * θ*_j ~ N(0, I_{k*}); ε_i ~ N(0, 1); Θ0 = Θ* Oᵀ + scale·G with G i.i.d. N(0, 1), where O is
 * `init.overlap` (k×k*). Matrices in R^{d×k} are stored transposed, k contiguous vectors of
 * length d (index a*d + j).
 *
 * Random streams (src/random/streams.ts): 'teacher' for Θ*, 'data' for X, 'label-noise' for ε,
 * 'init' for G. Each is drawn in a fixed order, so that changing the algorithm, the batch rule
 * or the output times never changes the problem.
 */
import { stream } from '../random/streams.ts';
import { InputError } from '../solvers/trajectory.ts';
import { compileModel } from './compileModel.ts';
import { loadProblemData } from './loadData.ts';
import type { Config, Model } from './types.ts';

export interface Problem {
  config: Config;
  model: Model;
  n: number;
  d: number;
  k: number;
  kStar: number;
  /** X, n×d row-major. */
  X: Float64Array;
  /** Labels, length n. */
  y: Float64Array;
  /** Θ*, k*×d (transposed); null when the user's data came without a teacher. */
  thetaStar: Float64Array | null;
  /** Θ0, k×d (transposed). */
  theta0: Float64Array;
  /** P = Θ*ᵀΘ* / d, k*×k*; null without a teacher. */
  P: number[][] | null;
}

/** Builds the problem of `config`, from its seed or from the user's data files. */
/** The most entries of X a finite run will allocate: 2^30 doubles, 8 GiB. */
const MAX_ENTRIES = 2 ** 30;

export function buildProblem(config: Config): Problem {
  const model = compileModel(config);
  const k = config.student.k;
  let { n, d } = config;
  let kStar = config.teacher.k;
  let X: Float64Array;
  let y: Float64Array;
  let thetaStar: Float64Array | null;

  if (config.data) {
    const data = loadProblemData(config.data);
    ({ X, y, n, d } = data);
    thetaStar = data.thetaStar ?? null;
    if (thetaStar && data.kStar !== undefined) kStar = data.kStar;
    if (d !== config.d || n !== config.n) {
      throw new InputError(
        `data files give n = ${n}, d = ${d} but the config resolved n = ${config.n}, ` +
          `d = ${config.d}; leave d and delta out of a config that names data files`,
      );
    }
  } else {
    // One typed array holds X; refuse sizes it cannot hold with a message, not a RangeError
    // from the runtime.
    if (n * d > MAX_ENTRIES) {
      throw new InputError(
        `d = ${d} and delta = ${config.delta} give X with n·d = ${n * d} entries ` +
          `(${((n * d * 8) / 2 ** 30).toFixed(1)} GiB); the finite solvers allow n·d ≤ ` +
          `${MAX_ENTRIES} (8 GiB). Reduce d, or use a limit solver (dmft-*, exact, ` +
          'online-ode), which does not draw X',
      );
    }
    thetaStar = stream(config.seed, 'teacher').fillNormal(new Float64Array(kStar * d));
    X = stream(config.seed, 'data').fillNormal(new Float64Array(n * d), 1 / Math.sqrt(d));
    y = makeLabels(model, X, thetaStar, n, d, kStar, config.seed);
  }

  const theta0 = makeInit(config, thetaStar, k, kStar, d);
  const P = thetaStar ? gram(thetaStar, thetaStar, kStar, kStar, d) : null;
  return { config, model, n, d, k, kStar, X, y, thetaStar, theta0, P };
}

/** y_i = g(Θ*ᵀx_i, ε_i). */
function makeLabels(
  model: Model,
  X: Float64Array,
  thetaStar: Float64Array,
  n: number,
  d: number,
  kStar: number,
  seed: number,
): Float64Array {
  const noise = stream(seed, 'label-noise');
  const y = new Float64Array(n);
  const rStar = new Float64Array(kStar);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < kStar; c++) rStar[c] = dot(X, i * d, thetaStar, c * d, d);
    y[i] = model.label(rStar, noise.normal());
  }
  return y;
}

/** Θ0 = Θ* Oᵀ + scale·G (transposed layout: θ0_a = Σ_c O[a][c] θ*_c + scale·g_a). */
function makeInit(
  config: Config,
  thetaStar: Float64Array | null,
  k: number,
  kStar: number,
  d: number,
): Float64Array {
  const { scale, overlap } = config.init;
  const theta0 = new Float64Array(k * d);
  const usesOverlap = overlap.some((row) => row.some((v) => v !== 0));
  if (usesOverlap && !thetaStar) {
    throw new InputError('init.overlap needs a teacher, but the data files name no teacher');
  }
  if (usesOverlap && thetaStar) {
    for (let a = 0; a < k; a++) {
      for (let c = 0; c < kStar; c++) {
        const o = overlap[a]?.[c] ?? 0;
        if (o === 0) continue;
        for (let j = 0; j < d; j++) theta0[a * d + j] += o * thetaStar[c * d + j];
      }
    }
  }
  if (scale > 0) {
    const g = stream(config.seed, 'init');
    for (let i = 0; i < k * d; i++) theta0[i] += scale * g.normal();
  }
  return theta0;
}

/** Σ_j u[offU + j] v[offV + j] for j < d. */
export function dot(u: Float64Array, offU: number, v: Float64Array, offV: number, d: number) {
  let s = 0;
  for (let j = 0; j < d; j++) s += u[offU + j] * v[offV + j];
  return s;
}

/** AᵀB/d for transposed blocks A (ka×d) and B (kb×d): a ka×kb matrix. */
export function gram(A: Float64Array, B: Float64Array, ka: number, kb: number, d: number) {
  const out: number[][] = [];
  for (let a = 0; a < ka; a++) {
    const row: number[] = [];
    for (let b = 0; b < kb; b++) row.push(dot(A, a * d, B, b * d, d) / d);
    out.push(row);
  }
  return out;
}
