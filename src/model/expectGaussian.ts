/**
 * expectGaussian: E f(z) for z ~ N(0, Σ) in dimension D ≤ 7, by a tensor Gauss–Hermite rule.
 *
 * Method.
 * - Σ is factored by its eigendecomposition Σ = V Λ Vᵀ (cyclic Jacobi rotations, which are
 *   accurate to a few ulps of ‖Σ‖ for these small matrices). Eigenvalues below
 *   RANK_TOLERANCE·λ_max are dropped and negative ones down to −PSD_TOLERANCE·λ_max are
 *   clipped to zero (the stated repair of rounding in a Gram matrix); anything more negative
 *   is rejected. This tolerates singular PSD Σ: with rank r, z = Σ_{j<r} √λ_j v_j ξ_j, and
 *   the rule runs over r standard normals only.
 * - The r-fold tensor product of the m-node probabilists' rule (gaussHermite.ts) is summed
 *   level by level (one partial sum per dimension), so the rounding error of the sum is at
 *   most about r·m·2^−53 of Σ|w f| rather than m^r·2^−53.
 * - Default m: the largest m ≤ 200 with m^r ≤ 2·10⁵ (r = 1, 2: 200; 3: 58; 4: 21; 5: 11;
 *   6: 7; 7: 5). The tensor rule is exact for polynomials of degree ≤ 2m − 1 in each ξ_j; for
 *   smooth integrands it converges geometrically, for kinked ones (relu, abs, sign) only like
 *   m^{−3/2} or m^{−1}, which is why expectNormalPiecewise exists.
 *
 * expectNormalPiecewise: E h(U), U ~ N(0, 1), for piecewise smooth h, by adaptive
 * Gauss–Legendre quadrature on [−10, 10] split at given breakpoints (kinks or jumps of h).
 * Each panel carries a 20-point rule; a panel is accepted when the rule on its two halves
 * agrees with the rule on the whole to the requested tolerance, otherwise it is bisected.
 * The accepted (two-half) value is far more accurate than the agreement test, since the
 * 20-point rule is exact to degree 39. The mass of N(0, 1) beyond ±10 is 1.5·10⁻²³, so the
 * truncation costs at most that times the integrand's growth there.
 *
 * Integrands must return finite values: a NaN or ±Infinity is reported as a RangeError with
 * the point, never averaged into the result. The z handed to f is a reused buffer.
 *
 * References: G. H. Golub and J. H. Welsch, Math. Comp. 23 (1969) 221–230; C. G. J. Jacobi's
 * rotation method, as in Golub & Van Loan, Matrix Computations (4th ed.), §8.5; adaptive
 * quadrature as in Davis & Rabinowitz, Methods of Numerical Integration, §6.
 */
import { gaussHermiteShared, GAUSS_HERMITE_MAX_NODES } from './gaussHermite.ts';

/** The largest dimension accepted. */
export const EXPECT_GAUSSIAN_MAX_DIMENSION = 7;
/** The default budget of integrand evaluations. */
export const EXPECT_GAUSSIAN_DEFAULT_POINTS = 200_000;
/** Requests above this many tensor points are refused rather than left to run for minutes. */
const MAX_POINTS = 20_000_000;
/** Eigenvalues at or below this fraction of λ_max count as zero. */
export const RANK_TOLERANCE = 1e-13;
/** Negative eigenvalues down to this fraction of λ_max are clipped; below, Σ is rejected. */
export const PSD_TOLERANCE = 1e-8;
/** Asymmetry |Σ_ij − Σ_ji| allowed, as a fraction of max |Σ_ij|. */
const SYMMETRY_TOLERANCE = 1e-12;

export interface ExpectGaussianOptions {
  /** Gauss–Hermite nodes per dimension, 1 … 200; default from the 2·10⁵-point budget. */
  nodes?: number;
}

export interface SymmetricEigen {
  /** Eigenvalues, in decreasing order. */
  values: Float64Array;
  /** vectors[i][j] = component i of eigenvector j. */
  vectors: number[][];
}

/**
 * Eigendecomposition of a small symmetric matrix by cyclic Jacobi rotations. Only the upper
 * triangle is read. Converges quadratically; stops when the off-diagonal mass is below
 * 2^−60 of the diagonal mass.
 */
export function symmetricEigen(matrix: readonly (readonly number[])[]): SymmetricEigen {
  const n = matrix.length;
  const a: number[][] = matrix.map((row, i) =>
    Array.from(row, (_, j) => (j >= i ? matrix[i][j] : matrix[j][i])),
  );
  const v: number[][] = matrix.map((_, i) => matrix.map((__, j) => (i === j ? 1 : 0)));

  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let diagonal = 0;
    for (let i = 0; i < n; i++) {
      diagonal += a[i][i] * a[i][i];
      for (let j = i + 1; j < n; j++) off += a[i][j] * a[i][j];
    }
    if (off <= 2 ** -120 * diagonal || off === 0) break;

    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;

        // The rotation angle that zeroes a[p][q]: t = tan θ from the smaller root.
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;

        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }

  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j][j] - a[i][i]);
  return {
    values: Float64Array.from(order, (i) => a[i][i]),
    vectors: v.map((row) => order.map((j) => row[j])),
  };
}

/** A factor F (D × rank, row-major) with Σ ≈ F Fᵀ, dropping null directions. */
export interface GaussianFactor {
  dimension: number;
  rank: number;
  /** factor[i * rank + j] = √λ_j v_j[i]. */
  factor: Float64Array;
}

/** Checks that cov is a finite symmetric square matrix of dimension 1 … maxDimension. */
export function validateCovariance(cov: unknown, field: string, maxDimension: number): number[][] {
  if (!Array.isArray(cov)) {
    throw new TypeError(`${field} must be an array of rows, received ${typeof cov}`);
  }
  const D = cov.length;
  if (D < 1 || D > maxDimension) {
    throw new RangeError(`${field} must have dimension 1 … ${maxDimension}, received ${D}`);
  }
  let scale = 0;
  for (let i = 0; i < D; i++) {
    const row: unknown = cov[i];
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
      throw new TypeError(`${field}[${i}] must be an array of ${D} numbers`);
    }
    const entries = row as ArrayLike<unknown>;
    if (entries.length !== D) {
      throw new RangeError(`${field}[${i}] must have length ${D}, received ${entries.length}`);
    }
    for (let j = 0; j < D; j++) {
      const value = entries[j];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new RangeError(`${field}[${i}][${j}] must be a finite number, received ${value}`);
      }
      scale = Math.max(scale, Math.abs(value));
    }
  }
  const matrix = cov as number[][];
  for (let i = 0; i < D; i++) {
    if (matrix[i][i] < 0) {
      throw new RangeError(`${field}[${i}][${i}] is a variance and must be ≥ 0, received ${matrix[i][i]}`);
    }
    for (let j = i + 1; j < D; j++) {
      if (Math.abs(matrix[i][j] - matrix[j][i]) > SYMMETRY_TOLERANCE * scale) {
        throw new RangeError(
          `${field} must be symmetric: ${field}[${i}][${j}] = ${matrix[i][j]} but ` +
            `${field}[${j}][${i}] = ${matrix[j][i]}`,
        );
      }
    }
  }
  return matrix;
}

/** Factors a validated covariance; see the doc block for the rank and PSD tolerances. */
export function gaussianFactor(cov: readonly (readonly number[])[], field = 'cov'): GaussianFactor {
  const D = cov.length;
  const { values, vectors } = symmetricEigen(cov);
  const top = Math.max(values[0], 0);
  const lowest = values[D - 1];
  if (lowest < -PSD_TOLERANCE * top || (top === 0 && lowest < 0)) {
    throw new RangeError(
      `${field} must be positive semi-definite: its smallest eigenvalue is ${lowest}, below ` +
        `−${PSD_TOLERANCE} × the largest (${top})`,
    );
  }
  let rank = 0;
  while (rank < D && values[rank] > RANK_TOLERANCE * top) rank++;
  const factor = new Float64Array(D * rank);
  for (let j = 0; j < rank; j++) {
    const root = Math.sqrt(values[j]);
    for (let i = 0; i < D; i++) factor[i * rank + j] = root * vectors[i][j];
  }
  return { dimension: D, rank, factor };
}

/** The node count per dimension: the option, or the largest within the point budget. */
function nodesFor(rank: number, opts: ExpectGaussianOptions | undefined): number {
  if (opts?.nodes !== undefined) {
    const m = opts.nodes;
    if (!Number.isSafeInteger(m) || m < 1 || m > GAUSS_HERMITE_MAX_NODES) {
      throw new RangeError(
        `opts.nodes must be an integer in [1, ${GAUSS_HERMITE_MAX_NODES}], received ${m}`,
      );
    }
    if (m ** rank > MAX_POINTS) {
      throw new RangeError(
        `opts.nodes = ${m} gives ${m}^${rank} tensor points, above the limit ${MAX_POINTS}`,
      );
    }
    return m;
  }
  let m = Math.min(
    GAUSS_HERMITE_MAX_NODES,
    Math.floor(EXPECT_GAUSSIAN_DEFAULT_POINTS ** (1 / Math.max(rank, 1)) + 1e-9),
  );
  while (m > 1 && m ** rank > EXPECT_GAUSSIAN_DEFAULT_POINTS) m--;
  return m;
}

function describePoint(z: Float64Array): string {
  return `[${Array.from(z, (x) => x.toPrecision(6)).join(', ')}]`;
}

/**
 * Writes into `result` the tensor-rule sums Σ w f(z) of the outLength integrand components
 * that `evaluate` writes. One partial sum per level keeps the rounding error at about
 * rank·m·2^−53 of Σ|w f|.
 */
function tensorSum(
  factor: GaussianFactor,
  m: number,
  outLength: number,
  evaluate: (z: Float64Array, out: Float64Array) => void,
  result: Float64Array,
): void {
  const { dimension: D, rank } = factor;
  const { nodes, weights } = gaussHermiteShared(m);
  const F = factor.factor;
  // points[level] holds z after the first `level` standard coordinates are placed.
  const points = Array.from({ length: rank + 1 }, () => new Float64Array(D));
  const sums = Array.from({ length: rank + 1 }, () => new Float64Array(outLength));
  const value = new Float64Array(outLength);

  const descend = (level: number): void => {
    const partial = sums[level];
    partial.fill(0);
    const from = points[level];
    const to = points[level + 1];
    for (let i = 0; i < m; i++) {
      const x = nodes[i];
      for (let d = 0; d < D; d++) to[d] = from[d] + F[d * rank + level] * x;
      let inner: Float64Array;
      if (level + 1 === rank) {
        value.fill(0);
        evaluate(to, value);
        inner = value;
      } else {
        descend(level + 1);
        inner = sums[level + 1];
      }
      const w = weights[i];
      for (let c = 0; c < outLength; c++) partial[c] += w * inner[c];
    }
  };

  if (rank === 0) {
    value.fill(0);
    evaluate(points[0], value);
    result.set(value);
    return;
  }
  descend(0);
  result.set(sums[0]);
}

/**
 * E f(z) for z ~ N(0, cov), D = cov.length ≤ 7, by the tensor Gauss–Hermite rule of the doc
 * block. `f` receives a reused buffer of length D.
 */
export function expectGaussian(
  cov: number[][],
  f: (z: Float64Array) => number,
  opts?: ExpectGaussianOptions,
): number {
  if (typeof f !== 'function') throw new TypeError(`f must be a function, received ${typeof f}`);
  const matrix = validateCovariance(cov, 'cov', EXPECT_GAUSSIAN_MAX_DIMENSION);
  const factor = gaussianFactor(matrix, 'cov');
  const m = nodesFor(factor.rank, opts);
  const result = new Float64Array(1);
  tensorSum(
    factor,
    m,
    1,
    (z, out) => {
      const v = f(z);
      if (!Number.isFinite(v)) {
        throw new RangeError(`expectGaussian: f returned ${v} at z = ${describePoint(z)}`);
      }
      out[0] = v;
    },
    result,
  );
  return result[0];
}

/**
 * E f(z) for a vector integrand: f(z, out) writes outLength values into out (zeroed before
 * each call). Returns the vector of expectations. Same rule and options as expectGaussian.
 */
export function expectGaussianVec(
  cov: number[][],
  f: (z: Float64Array, out: Float64Array) => void,
  outLength: number,
  opts?: ExpectGaussianOptions,
): Float64Array {
  if (typeof f !== 'function') throw new TypeError(`f must be a function, received ${typeof f}`);
  if (!Number.isSafeInteger(outLength) || outLength < 1) {
    throw new RangeError(`outLength must be a positive integer, received ${outLength}`);
  }
  const matrix = validateCovariance(cov, 'cov', EXPECT_GAUSSIAN_MAX_DIMENSION);
  const factor = gaussianFactor(matrix, 'cov');
  const m = nodesFor(factor.rank, opts);
  const result = new Float64Array(outLength);
  tensorSum(
    factor,
    m,
    outLength,
    (z, out) => {
      f(z, out);
      for (let c = 0; c < outLength; c++) {
        if (!Number.isFinite(out[c])) {
          throw new RangeError(
            `expectGaussianVec: f wrote ${out[c]} to out[${c}] at z = ${describePoint(z)}`,
          );
        }
      }
    },
    result,
  );
  return result;
}

/** Gauss–Legendre nodes and weights on [−1, 1], by Newton on the Legendre recurrence. */
export function gaussLegendreRule(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Tricomi's initial guess for the i-th largest root, then Newton to convergence.
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 1;
    for (let iteration = 0; iteration < 100; iteration++) {
      let previous = 1;
      let current = x;
      for (let k = 2; k <= n; k++) {
        const next = ((2 * k - 1) * x * current - (k - 1) * previous) / k;
        previous = current;
        current = next;
      }
      derivative = (n * (x * current - previous)) / (x * x - 1);
      const step = current / derivative;
      x -= step;
      if (Math.abs(step) <= 1e-16) break;
    }
    nodes[n - 1 - i] = x;
    weights[n - 1 - i] = 2 / ((1 - x * x) * derivative * derivative);
  }
  return { nodes, weights };
}

const LEGENDRE = gaussLegendreRule(20);
/** The integration range of expectNormalPiecewise in standard-normal units. */
const NORMAL_RANGE = 10;
/** Initial panel width; the normal density varies on a scale of 1. */
const INITIAL_PANEL = 2;
/** Bisections of a panel stop at this depth (width 2·2^−60), which resolves even a jump. */
const MAX_DEPTH = 60;
const INV_SQRT_TWO_PI = 0.3989422804014326779;

export interface PiecewiseOptions {
  /** Target error as a fraction of E|h(U)|; default 1e-14. */
  relTol?: number;
  /** Absolute error target; the looser of the two governs. Default 0. */
  absTol?: number;
  /** Bisections allowed before every open panel is accepted as is; default 4000. */
  maxPanels?: number;
}

/** The result of the adaptive rule with its bookkeeping. */
export interface PiecewiseReport {
  value: number;
  /**
   * Σ over accepted panels of |two-half value − whole value|: an upper error estimate, except
   * for panels left unchecked when the budget ran out (then `exhausted` is true).
   */
  errorEstimate: number;
  /** Number of bisections performed. */
  panels: number;
  /** True if maxPanels stopped the refinement (the estimate then may not meet the target). */
  exhausted: boolean;
}

/**
 * expectNormalPiecewise with its bookkeeping. The budget exists because rounding noise in h
 * (for instance a coordinate computed with cancellation next to its own kink) can keep the
 * two-half test from passing in every panel; the budget turns that into a bounded cost, and
 * `absTol` lets a caller that nests this rule say how small an answer it does not need.
 */
export function expectNormalPiecewiseReport(
  h: (x: number) => number,
  breakpoints: readonly number[] = [],
  opts?: PiecewiseOptions,
): PiecewiseReport {
  const relTol = opts?.relTol ?? 1e-14;
  const absTol = opts?.absTol ?? 0;
  const maxPanels = opts?.maxPanels ?? 4000;
  if (!(relTol > 0 && relTol < 1)) {
    throw new RangeError(`opts.relTol must lie in (0, 1), received ${relTol}`);
  }
  if (!(absTol >= 0 && absTol < Infinity)) {
    throw new RangeError(`opts.absTol must be a finite number ≥ 0, received ${absTol}`);
  }
  if (!Number.isSafeInteger(maxPanels) || maxPanels < 0) {
    throw new RangeError(`opts.maxPanels must be an integer ≥ 0, received ${maxPanels}`);
  }

  const panel = (a: number, b: number): [number, number] => {
    const half = 0.5 * (b - a);
    const middle = 0.5 * (a + b);
    let sum = 0;
    let absSum = 0;
    for (let i = 0; i < LEGENDRE.nodes.length; i++) {
      const x = middle + half * LEGENDRE.nodes[i];
      const hx = h(x);
      if (!Number.isFinite(hx)) {
        throw new RangeError(`expectNormalPiecewise: h returned ${hx} at x = ${x}`);
      }
      const term = LEGENDRE.weights[i] * hx * INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
      sum += term;
      absSum += Math.abs(term);
    }
    return [half * sum, half * absSum];
  };

  const cuts = new Set<number>([-NORMAL_RANGE, NORMAL_RANGE]);
  for (const point of breakpoints) {
    if (!Number.isFinite(point)) {
      throw new RangeError(`breakpoints must be finite numbers, received ${point}`);
    }
    if (Math.abs(point) < NORMAL_RANGE) cuts.add(point);
  }
  const sorted = Array.from(cuts).sort((x, y) => x - y);
  const edges: number[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const pieces = Math.max(1, Math.ceil((sorted[i + 1] - sorted[i]) / INITIAL_PANEL));
    for (let p = 0; p < pieces; p++) {
      edges.push(sorted[i] + ((sorted[i + 1] - sorted[i]) * p) / pieces);
    }
  }
  edges.push(sorted[sorted.length - 1]);

  type Panel = { a: number; b: number; value: number; depth: number };
  const stack: Panel[] = [];
  let scale = 0;
  for (let i = 0; i + 1 < edges.length; i++) {
    const [value, absValue] = panel(edges[i], edges[i + 1]);
    scale += absValue;
    stack.push({ a: edges[i], b: edges[i + 1], value, depth: 0 });
  }
  const targetTol = Math.max(relTol * scale, absTol);
  const totalWidth = 2 * NORMAL_RANGE;

  let total = 0;
  let errorEstimate = 0;
  let panels = 0;
  let exhausted = false;
  while (stack.length > 0) {
    const { a, b, value, depth } = stack.pop() as Panel;
    if (panels >= maxPanels) {
      // Out of budget: the open panel keeps its one-rule value, unchecked.
      exhausted = true;
      total += value;
      continue;
    }
    const middle = 0.5 * (a + b);
    const [left, leftAbs] = panel(a, middle);
    const [right, rightAbs] = panel(middle, b);
    panels++;
    const difference = Math.abs(left + right - value);
    // A panel's share of the tolerance is proportional to its width; below 64 ulps of the
    // panel's own mass the difference is rounding noise and refining cannot help.
    const allowed = Math.max(
      (targetTol * (b - a)) / totalWidth,
      64 * Number.EPSILON * (leftAbs + rightAbs),
    );
    if (difference <= allowed || depth >= MAX_DEPTH) {
      total += left + right;
      errorEstimate += difference;
    } else {
      stack.push({ a, b: middle, value: left, depth: depth + 1 });
      stack.push({ a: middle, b, value: right, depth: depth + 1 });
    }
  }
  return { value: total, errorEstimate, panels, exhausted };
}

/**
 * E h(U) for U ~ N(0, 1) and h smooth between the given breakpoints (which may lie anywhere;
 * those outside (−10, 10) are ignored), by the adaptive rule of the doc block.
 */
export function expectNormalPiecewise(
  h: (x: number) => number,
  breakpoints: readonly number[] = [],
  opts?: PiecewiseOptions,
): number {
  return expectNormalPiecewiseReport(h, breakpoints, opts).value;
}

/** Outer tolerance of nested adaptive integrals; the inner ones run at the default 1e-14. */
const OUTER_REL_TOL = 1e-13;

/**
 * E g(z) for z ~ N(0, cov), D ≤ 7, where g is smooth except across the hyperplanes z_i = 0 of
 * the coordinates with kinks[i] (a kink or a jump of g there). By the rank r of cov:
 * - r ≤ 2: expectNormalPiecewise, nested for r = 2, with every kink line (all pass through the
 *   origin) as a breakpoint of the inner rule and the origin as the outer breakpoint;
 * - r = 3: a pivoted Cholesky factor z = L ξ with kinked coordinates first, and nested
 *   composite Gauss–Legendre rules that place each kink at the level of its last non-zero
 *   factor entry, where its position is known from the outer variables;
 * - r ≥ 4, or r = 3 when no such factor exists: the tensor rule of expectGaussian.
 */
export function expectGaussianPiecewise(
  cov: number[][],
  g: (z: Float64Array) => number,
  kinks: readonly boolean[],
): number {
  if (typeof g !== 'function') throw new TypeError(`g must be a function, received ${typeof g}`);
  const matrix = validateCovariance(cov, 'cov', EXPECT_GAUSSIAN_MAX_DIMENSION);
  const D = matrix.length;
  if (!Array.isArray(kinks) || kinks.length !== D) {
    throw new RangeError(`kinks must be an array of ${D} booleans, received ${String(kinks)}`);
  }
  const { rank, factor } = gaussianFactor(matrix, 'cov');
  const z = new Float64Array(D);
  const checked = (point: Float64Array): number => {
    const v = g(point);
    if (!Number.isFinite(v)) {
      throw new RangeError(`expectGaussianPiecewise: g returned ${v} at z = ${describePoint(point)}`);
    }
    return v;
  };

  if (rank === 0) return checked(z);

  if (rank === 1) {
    const h = (x: number): number => {
      for (let i = 0; i < D; i++) z[i] = factor[i] * x;
      return checked(z);
    };
    return expectNormalPiecewise(h, [0], { relTol: OUTER_REL_TOL });
  }

  if (rank === 2) {
    // The inner rules need not resolve answers far below the whole integral's scale, which
    // a coarse 16 × 16 tensor rule estimates: their absolute target is 1e-15 of E|g|.
    const coarse = expectGaussian(matrix, (point) => Math.abs(checked(point)), { nodes: 16 });
    const innerOptions = { absTol: 1e-15 * coarse };
    const outer = (x: number): number => {
      const breakpoints: number[] = [];
      for (let i = 0; i < D; i++) {
        if (kinks[i] && factor[i * 2 + 1] !== 0) {
          breakpoints.push((-factor[i * 2] * x) / factor[i * 2 + 1]);
        }
      }
      const inner = (w: number): number => {
        for (let i = 0; i < D; i++) z[i] = factor[i * 2] * x + factor[i * 2 + 1] * w;
        return checked(z);
      };
      return expectNormalPiecewise(inner, breakpoints, innerOptions);
    };
    return expectNormalPiecewise(outer, [0], { relTol: OUTER_REL_TOL });
  }

  if (rank === 3) {
    const triangular = pivotedCholesky(matrix, kinks, rank);
    if (triangular !== null) return nestedPanels(triangular, checked, kinks);
  }
  return expectGaussian(matrix, checked);
}

/** Pivoted Cholesky z = L ξ (D × rank, row-major), kinked pivots first; null if rank differs. */
function pivotedCholesky(
  cov: readonly (readonly number[])[],
  kinks: readonly boolean[],
  rank: number,
): Float64Array | null {
  const D = cov.length;
  const residual = cov.map((row) => Array.from(row));
  const factor = new Float64Array(D * rank);
  const used = new Array<boolean>(D).fill(false);
  let scale = 0;
  for (let i = 0; i < D; i++) scale = Math.max(scale, cov[i][i]);
  // A residual variance below this is rounding in a rank-deficient matrix.
  const floor = 1e3 * RANK_TOLERANCE * scale;

  for (let l = 0; l < rank; l++) {
    let pivot = -1;
    for (const preferKink of [true, false]) {
      for (let i = 0; i < D; i++) {
        if (used[i] || (preferKink && !kinks[i]) || !(residual[i][i] > floor)) continue;
        if (pivot < 0 || residual[i][i] > residual[pivot][pivot]) pivot = i;
      }
      if (pivot >= 0) break;
    }
    if (pivot < 0) return null;

    const root = Math.sqrt(residual[pivot][pivot]);
    for (let i = 0; i < D; i++) factor[i * rank + l] = used[i] ? 0 : residual[i][pivot] / root;
    used[pivot] = true;
    for (let i = 0; i < D; i++) {
      for (let j = 0; j < D; j++) residual[i][j] -= factor[i * rank + l] * factor[j * rank + l];
    }
  }
  for (let i = 0; i < D; i++) if (!used[i] && residual[i][i] > floor) return null;
  return factor;
}

/** The panel rule of nestedPanels: 10 Gauss–Legendre nodes per panel of width ≤ 2 on ±8.5. */
const PANEL_RULE = gaussLegendreRule(10);
const PANEL_RANGE = 8.5;
const PANEL_WIDTH = 2;

/**
 * E g(L ξ), ξ ~ N(0, I_r), by nested composite Gauss–Legendre rules with the kink of each
 * coordinate as a panel edge at the innermost level that moves it. The truncation at ±8.5
 * drops 1.9e-17 of the mass per level.
 */
function nestedPanels(
  factor: Float64Array,
  g: (z: Float64Array) => number,
  kinks: readonly boolean[],
): number {
  const rank = 3;
  const D = factor.length / rank;
  const xi = new Float64Array(rank);
  const z = new Float64Array(D);
  const lastLevel = Array.from({ length: D }, (_, i) => {
    let last = -1;
    for (let l = 0; l < rank; l++) if (factor[i * rank + l] !== 0) last = l;
    return last;
  });

  const level = (l: number): number => {
    const cuts = [-PANEL_RANGE, PANEL_RANGE];
    for (let i = 0; i < D; i++) {
      if (!kinks[i] || lastLevel[i] !== l) continue;
      let offset = 0;
      for (let j = 0; j < l; j++) offset += factor[i * rank + j] * xi[j];
      const at = -offset / factor[i * rank + l];
      if (Math.abs(at) < PANEL_RANGE) cuts.push(at);
    }
    cuts.sort((x, y) => x - y);

    let total = 0;
    for (let c = 0; c + 1 < cuts.length; c++) {
      const pieces = Math.max(1, Math.ceil((cuts[c + 1] - cuts[c]) / PANEL_WIDTH));
      const width = (cuts[c + 1] - cuts[c]) / pieces;
      for (let piece = 0; piece < pieces; piece++) {
        const middle = cuts[c] + (piece + 0.5) * width;
        for (let n = 0; n < PANEL_RULE.nodes.length; n++) {
          const x = middle + 0.5 * width * PANEL_RULE.nodes[n];
          xi[l] = x;
          let inner: number;
          if (l + 1 < rank) inner = level(l + 1);
          else {
            for (let i = 0; i < D; i++) {
              let v = 0;
              for (let j = 0; j < rank; j++) v += factor[i * rank + j] * xi[j];
              z[i] = v;
            }
            inner = g(z);
          }
          const density = INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
          total += 0.5 * width * PANEL_RULE.weights[n] * density * inner;
        }
      }
    }
    return total;
  };
  return level(0);
}
