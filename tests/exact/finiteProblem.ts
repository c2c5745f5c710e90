/**
 * A finite-(n, d) draw of the square-loss problem for the cross-checks of the exact oracles:
 * X (n×d, entries N(0, 1/d)), θ*, g (entries N(0, 1)), ε (N(0, 1)), y = Xθ* + σε, and the
 * eigen-decomposition of A = XᵀX by ml-matrix. Streams come from src/random/streams.ts under
 * names private to these tests, so no other test's draws change them.
 *
 * Also: the two-sided normal quantile used by the statistical tolerances.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { normalCdf } from '../../src/model/erf.ts';
import { stream } from '../../src/random/streams.ts';

export interface FiniteProblem {
  seed: number;
  n: number;
  d: number;
  /** X, n×d row-major. */
  X: Float64Array;
  thetaStar: Float64Array;
  g: Float64Array;
  eps: Float64Array;
  /** Eigenvalues of A = XᵀX, clipped at 0, in the order of the columns of V. */
  mu: Float64Array;
  /** Eigenvectors, d×d row-major: V[i*d + j] is entry i of eigenvector j. */
  V: Float64Array;
}

/** Draws the problem of `seed` with d and n = δd, and eigen-solves XᵀX. */
export function finiteProblem(seed: number, d: number, n: number): FiniteProblem {
  const X = stream(seed, 'data/exact-oracle-tests').fillNormal(
    new Float64Array(n * d),
    1 / Math.sqrt(d),
  );
  const thetaStar = stream(seed, 'teacher/exact-oracle-tests').fillNormal(new Float64Array(d));
  const g = stream(seed, 'init/exact-oracle-tests').fillNormal(new Float64Array(d));
  const eps = stream(seed, 'label-noise/exact-oracle-tests').fillNormal(new Float64Array(n));

  // A = XᵀX accumulated row by row of X (each row adds x_i x_iᵀ).
  const A = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    const row = i * d;
    for (let a = 0; a < d; a++) {
      const xa = X[row + a];
      if (xa === 0) continue;
      const out = a * d;
      for (let b = 0; b < d; b++) A[out + b] += xa * X[row + b];
    }
  }
  const rows: number[][] = [];
  for (let a = 0; a < d; a++) rows.push(Array.from(A.subarray(a * d, (a + 1) * d)));
  const evd = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const mu = Float64Array.from(evd.realEigenvalues, (v) => Math.max(0, v));
  const vectors = evd.eigenvectorMatrix;
  const V = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) V[i * d + j] = vectors.get(i, j);
  return { seed, n, d, X, thetaStar, g, eps, mu, V };
}

/** Xv (length n) for v of length d. */
export function timesX(problem: FiniteProblem, v: Float64Array): Float64Array {
  const { n, d, X } = problem;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    const row = i * d;
    for (let j = 0; j < d; j++) sum += X[row + j] * v[j];
    out[i] = sum;
  }
  return out;
}

/** Xᵀw (length d) for w of length n. */
export function timesXt(problem: FiniteProblem, w: Float64Array): Float64Array {
  const { n, d, X } = problem;
  const out = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const wi = w[i];
    const row = i * d;
    for (let j = 0; j < d; j++) out[j] += X[row + j] * wi;
  }
  return out;
}

/** Vᵀv: coordinates of v in the eigenbasis. */
export function toEigen(problem: FiniteProblem, v: Float64Array): Float64Array {
  const { d, V } = problem;
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    const vi = v[i];
    for (let j = 0; j < d; j++) out[j] += V[i * d + j] * vi;
  }
  return out;
}

/** Vc: back from eigen-coordinates. */
export function fromEigen(problem: FiniteProblem, c: Float64Array): Float64Array {
  const { d, V } = problem;
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = 0;
    for (let j = 0; j < d; j++) sum += V[i * d + j] * c[j];
    out[i] = sum;
  }
  return out;
}

/** Σ u_i v_i. */
export function dot(u: Float64Array, v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < u.length; i++) sum += u[i] * v[i];
  return sum;
}

/** z with P(|N(0, 1)| > z) = p, by bisection on Φ (accurate to 1e-12 in z). */
export function twoSidedZ(p: number): number {
  let low = 0;
  let high = 40;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (low + high);
    if (2 * normalCdf(-mid) > p) low = mid;
    else high = mid;
  }
  return 0.5 * (low + high);
}
