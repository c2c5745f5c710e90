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
 * Each panel carries the 20-point rule on itself and on its two halves, and the 10-point rule
 * on itself; the larger difference from the two-half value is its error estimate (a second
 * comparison makes an accidental agreement across a jump unlikely, though a jump in a sliver
 * at a panel end, narrower than the node spacing there, stays invisible: pass known jumps as
 * breakpoints). The adaptation is global (as in QUADPACK's QAG): the panel with the largest
 * estimate is bisected until the estimates sum to the tolerance or a panel budget runs out,
 * so rounding noise in one place cannot starve the rest. The two-half values are far more
 * accurate than their estimates for smooth pieces, the 20-point rule being exact to degree
 * 39. The mass of N(0, 1) beyond ±10 is 1.5·10⁻²³, so the truncation costs at most that
 * times the integrand's growth there.
 *
 * expectGaussianPiecewise: E g(z) for g smooth except across the coordinate hyperplanes
 * z_i = 0 it is told about (relu, abs and sign kinks) and along lines a caller's callback
 * locates: nested adaptive rules for rank ≤ 2, nested composite Gauss–Legendre panels with
 * those kinks as panel edges for ranks 3 and 4, the tensor rule above rank 4 (its doc comment
 * states the accuracy of each). symmetricEigen, gaussianFactor and validateCovariance are
 * exported for the rest of the model layer.
 *
 * Integrands must return finite values: a NaN or ±Infinity is reported as a RangeError with
 * the point, never averaged into the result. The z handed to f is a reused buffer.
 *
 * References: G. H. Golub and J. H. Welsch, Math. Comp. 23 (1969) 221–230; C. G. J. Jacobi's
 * rotation method, as in Golub & Van Loan, Matrix Computations (4th ed.), §8.5; global
 * adaptive quadrature as in R. Piessens et al., QUADPACK (Springer, 1983), §2.2 (QAG).
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
      throw new RangeError(
        `${field}[${i}][${i}] is a variance and must be ≥ 0, received ${matrix[i][i]}`,
      );
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
const LEGENDRE_LOW = gaussLegendreRule(10);
/** The integration range of expectNormalPiecewise in standard-normal units. */
const NORMAL_RANGE = 10;
/** Initial panel width; the normal density varies on a scale of 1. */
const INITIAL_PANEL = 2;
/** Panels are not bisected below this depth (width 2·2^−60), which resolves even a jump. */
const MAX_DEPTH = 60;
const INV_SQRT_TWO_PI = 0.3989422804014326779;

export interface PiecewiseOptions {
  /** Target error as a fraction of E|h(U)|; default 1e-14. */
  relTol?: number;
  /** Absolute error target; the looser of the two governs. Default 0. */
  absTol?: number;
  /** Bisections allowed; default 4000. */
  maxPanels?: number;
}

/** The result of the adaptive rule with its bookkeeping. */
export interface PiecewiseReport {
  value: number;
  /** Σ over panels of |two-half value − whole value|: an upper estimate of the error. */
  errorEstimate: number;
  /** Number of bisections performed. */
  panels: number;
  /** True if maxPanels stopped the refinement before the estimate met the target. */
  exhausted: boolean;
}

/** A panel: its two-half value, error estimate, the halves' values, and its depth. */
interface Panel {
  a: number;
  b: number;
  value: number;
  error: number;
  left: number;
  right: number;
  depth: number;
}

/** A binary max-heap of panels keyed by error. */
class PanelHeap {
  private readonly items: Panel[] = [];

  get size(): number {
    return this.items.length;
  }

  push(panel: Panel): void {
    const items = this.items;
    items.push(panel);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent].error >= items[i].error) break;
      [items[parent], items[i]] = [items[i], items[parent]];
      i = parent;
    }
  }

  pop(): Panel {
    const items = this.items;
    const top = items[0];
    const last = items.pop() as Panel;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let largest = i;
        if (l < items.length && items[l].error > items[largest].error) largest = l;
        if (r < items.length && items[r].error > items[largest].error) largest = r;
        if (largest === i) break;
        [items[largest], items[i]] = [items[i], items[largest]];
        i = largest;
      }
    }
    return top;
  }

  peek(): Panel | undefined {
    return this.items[0];
  }

  all(): readonly Panel[] {
    return this.items;
  }
}

/**
 * expectNormalPiecewise with its bookkeeping. The budget bounds the cost when the target
 * cannot be met (rounding noise in h, or a jump far from every breakpoint); `absTol` lets a
 * caller that nests this rule say how small an answer it does not need.
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

  const rule = (a: number, b: number, gauss = LEGENDRE): [number, number] => {
    const half = 0.5 * (b - a);
    const middle = 0.5 * (a + b);
    let sum = 0;
    let absSum = 0;
    for (let i = 0; i < gauss.nodes.length; i++) {
      const x = middle + half * gauss.nodes[i];
      const hx = h(x);
      if (!Number.isFinite(hx)) {
        throw new RangeError(`expectNormalPiecewise: h returned ${hx} at x = ${x}`);
      }
      const term = gauss.weights[i] * hx * INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
      sum += term;
      absSum += Math.abs(term);
    }
    return [half * sum, half * absSum];
  };

  // A panel whose estimate is below 64 ulps of its own mass is at rounding level: refining it
  // cannot help, so its estimate is not counted against the target.
  let scale = 0;
  const makePanel = (a: number, b: number, whole: number, depth: number): Panel => {
    const middle = 0.5 * (a + b);
    const [left, leftAbs] = rule(a, middle);
    const [right, rightAbs] = rule(middle, b);
    // A jump between nodes can make the 20-point whole agree with the halves by accident;
    // the 10-point rule on the whole, a second independent comparison, rules that out.
    const [wholeLow] = rule(a, b, LEGENDRE_LOW);
    const raw = Math.max(Math.abs(left + right - whole), Math.abs(left + right - wholeLow));
    const atRounding = raw <= 64 * Number.EPSILON * (leftAbs + rightAbs);
    const error = atRounding || depth >= MAX_DEPTH ? 0 : raw;
    if (depth === 0) scale += leftAbs + rightAbs;
    return { a, b, value: left + right, error, left, right, depth };
  };

  const cuts = new Set<number>([-NORMAL_RANGE, NORMAL_RANGE]);
  for (const point of breakpoints) {
    if (!Number.isFinite(point)) {
      throw new RangeError(`breakpoints must be finite numbers, received ${point}`);
    }
    if (Math.abs(point) < NORMAL_RANGE) cuts.add(point);
  }
  const sorted = Array.from(cuts).sort((x, y) => x - y);
  const heap = new PanelHeap();
  for (let i = 0; i + 1 < sorted.length; i++) {
    const length = sorted[i + 1] - sorted[i];
    const pieces = Math.max(1, Math.ceil(length / INITIAL_PANEL));
    for (let p = 0; p < pieces; p++) {
      const a = sorted[i] + (length * p) / pieces;
      const b = p + 1 === pieces ? sorted[i + 1] : sorted[i] + (length * (p + 1)) / pieces;
      heap.push(makePanel(a, b, rule(a, b)[0], 0));
    }
  }
  const target = Math.max(relTol * scale, absTol);

  let errorSum = 0;
  for (const panel of heap.all()) errorSum += panel.error;
  let panels = 0;
  while (errorSum > target && panels < maxPanels && (heap.peek()?.error ?? 0) > 0) {
    const worst = heap.pop();
    const middle = 0.5 * (worst.a + worst.b);
    const first = makePanel(worst.a, middle, worst.left, worst.depth + 1);
    const second = makePanel(middle, worst.b, worst.right, worst.depth + 1);
    errorSum += first.error + second.error - worst.error;
    heap.push(first);
    heap.push(second);
    panels++;
  }

  let value = 0;
  let errorEstimate = 0;
  for (const panel of heap.all()) {
    value += panel.value;
    errorEstimate += panel.error;
  }
  return { value, errorEstimate, panels, exhausted: errorEstimate > target };
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

export interface PiecewiseGaussianOptions {
  /**
   * Where g kinks or jumps along a line, beyond the coordinate hyperplanes of `kinks`: the
   * parameters t (in standard-normal units, |t| ≤ 10) at which t ↦ g(origin + t·direction)
   * is not smooth. Called on every line the rules of rank ≤ 4 integrate along (for rank 2,
   * the inner lines).
   */
  lineBreaks?: (origin: Float64Array, direction: Float64Array) => number[];
}

/**
 * E g(z) for z ~ N(0, cov), D ≤ 7, where g is smooth except across the hyperplanes z_i = 0 of
 * the coordinates with kinks[i] (a kink or a jump of g there), and except where
 * opts.lineBreaks says. By the rank r of cov:
 * - r ≤ 2: expectNormalPiecewise, nested for r = 2, with every kink line (all pass through the
 *   origin) as a breakpoint of the inner rule and the origin as the outer breakpoint;
 * - r = 3, 4: a pivoted Cholesky factor z = L ξ with kinked coordinates first, and nested
 *   composite Gauss–Legendre rules that place each kink at the level of its last non-zero
 *   factor entry, where its position is known from the outer variables (≈ 10⁶ integrand
 *   calls for r = 3, ≈ 6·10⁶ for r = 4);
 * - r ≥ 5, or when no such factor exists: the tensor rule of expectGaussian.
 */
export function expectGaussianPiecewise(
  cov: number[][],
  g: (z: Float64Array) => number,
  kinks: readonly boolean[],
  opts?: PiecewiseGaussianOptions,
): number {
  if (typeof g !== 'function') throw new TypeError(`g must be a function, received ${typeof g}`);
  const matrix = validateCovariance(cov, 'cov', EXPECT_GAUSSIAN_MAX_DIMENSION);
  const D = matrix.length;
  if (!Array.isArray(kinks) || kinks.length !== D) {
    throw new RangeError(`kinks must be an array of ${D} booleans, received ${String(kinks)}`);
  }
  const lineBreaks = opts?.lineBreaks;
  if (lineBreaks !== undefined && typeof lineBreaks !== 'function') {
    throw new TypeError(`opts.lineBreaks must be a function, received ${typeof lineBreaks}`);
  }
  const { rank, factor } = gaussianFactor(matrix, 'cov');
  const z = new Float64Array(D);
  const checked = (point: Float64Array): number => {
    const v = g(point);
    if (!Number.isFinite(v)) {
      throw new RangeError(
        `expectGaussianPiecewise: g returned ${v} at z = ${describePoint(point)}`,
      );
    }
    return v;
  };

  if (rank === 0) return checked(z);

  if (rank === 1) {
    const h = (x: number): number => {
      for (let i = 0; i < D; i++) z[i] = factor[i] * x;
      return checked(z);
    };
    const breakpoints = [0, ...(lineBreaks?.(new Float64Array(D), factor.slice()) ?? [])];
    return expectNormalPiecewise(h, breakpoints, { relTol: OUTER_REL_TOL });
  }

  if (rank === 2) {
    // The inner rules need not resolve answers far below the whole integral's scale, which
    // a coarse 16 × 16 tensor rule estimates: their absolute target is 1e-15 of E|g|.
    const coarse = expectGaussian(matrix, (point) => Math.abs(checked(point)), { nodes: 16 });
    const innerOptions = { absTol: 1e-15 * coarse };
    const origin = new Float64Array(D);
    const direction = Float64Array.from({ length: D }, (_, i) => factor[i * 2 + 1]);
    const outer = (x: number): number => {
      const breakpoints: number[] = [];
      for (let i = 0; i < D; i++) {
        origin[i] = factor[i * 2] * x;
        if (kinks[i] && factor[i * 2 + 1] !== 0) {
          breakpoints.push((-factor[i * 2] * x) / factor[i * 2 + 1]);
        }
      }
      if (lineBreaks !== undefined) breakpoints.push(...lineBreaks(origin, direction));
      const inner = (w: number): number => {
        for (let i = 0; i < D; i++) z[i] = factor[i * 2] * x + factor[i * 2 + 1] * w;
        return checked(z);
      };
      return expectNormalPiecewise(inner, breakpoints, innerOptions);
    };
    // The inner values are accurate to about 1e-14 of E|g| (their relative target times
    // their scale), so the outer rule stops there too: an answer far below E|g| (a nearly
    // cancelling integrand) would otherwise refine on rounding noise until the panel budget
    // runs out.
    return expectNormalPiecewise(outer, [0], { relTol: OUTER_REL_TOL, absTol: 2e-14 * coarse });
  }

  if (rank <= MAX_PANEL_RANK) {
    const triangular = pivotedCholesky(matrix, kinks, rank);
    if (triangular !== null) return nestedPanels(triangular, rank, checked, kinks, lineBreaks);
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
  // Pivots are accepted down to the rank tolerance of gaussianFactor, so the two agree on
  // nearly singular matrices; rows left over must be rounding-sized (1e-10 of the scale)
  // for the factor to represent the matrix.
  const floor = RANK_TOLERANCE * scale;
  const leftover = 1e-10 * scale;

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
  for (let i = 0; i < D; i++) if (!used[i] && Math.abs(residual[i][i]) > leftover) return null;
  return factor;
}

/** The ten-point Gauss–Legendre rule of nestedPanels, on panels within ±8.5. */
const PANEL_RULE = gaussLegendreRule(10);
const PANEL_RANGE = 8.5;
/** Panel width by rank: 2 for rank 3 (≈ 10⁶ points), 3.4 for rank 4 (≈ 6·10⁶ points). */
const PANEL_WIDTH: Record<number, number> = { 3: 2, 4: 3.4 };
/** Product weights below this are skipped by nestedPanels. */
const PRUNE_WEIGHT = 1e-22;
/** Ranks handled by nestedPanels; higher ranks use the tensor Gauss–Hermite rule. */
const MAX_PANEL_RANK = 4;

/**
 * E g(L ξ), ξ ~ N(0, I_r), by nested composite Gauss–Legendre rules with the kink of each
 * coordinate as a panel edge at the innermost level that moves it. The truncation at ±8.5
 * drops 1.9e-17 of the mass per level. Per panel of width w the ten-point rule errs by at
 * most w^21 (10!)^4/(21 (20!)^3) · sup|(gφ)^{(20)}|, about 1e-15 (w = 2) or 2e-10 (w = 3.4) of
 * the scale of g for the Gaussian factor, whose 20th derivative is ≤ 2e9.
 */
function nestedPanels(
  factor: Float64Array,
  rank: number,
  g: (z: Float64Array) => number,
  kinks: readonly boolean[],
  lineBreaks?: (origin: Float64Array, direction: Float64Array) => number[],
): number {
  const panelWidth = PANEL_WIDTH[rank];
  const columns = Array.from({ length: rank }, (_, l) =>
    Float64Array.from({ length: factor.length / rank }, (__, i) => factor[i * rank + l]),
  );
  const D = factor.length / rank;
  const xi = new Float64Array(rank);
  // partial[l] = Σ_{j<l} L[:, j] ξ_j, so each level adds one column instead of recomputing z.
  const partial = Array.from({ length: rank + 1 }, () => new Float64Array(D));
  const lastLevel = Array.from({ length: D }, (_, i) => {
    let last = -1;
    for (let l = 0; l < rank; l++) if (factor[i * rank + l] !== 0) last = l;
    return last;
  });

  const level = (l: number, outerWeight: number): number => {
    const cuts = [-PANEL_RANGE, PANEL_RANGE];
    for (let i = 0; i < D; i++) {
      if (!kinks[i] || lastLevel[i] !== l) continue;
      const at = -partial[l][i] / factor[i * rank + l];
      if (Math.abs(at) < PANEL_RANGE) cuts.push(at);
    }
    // Asked at every level: a break set that depends only on coordinates already fixed by
    // the outer levels is exact here; at other levels the extra cuts cost points, not accuracy.
    if (lineBreaks !== undefined) {
      for (const at of lineBreaks(partial[l], columns[l])) {
        if (Math.abs(at) < PANEL_RANGE) cuts.push(at);
      }
    }
    cuts.sort((x, y) => x - y);

    const from = partial[l];
    const to = partial[l + 1];
    let total = 0;
    for (let c = 0; c + 1 < cuts.length; c++) {
      const pieces = Math.max(1, Math.ceil((cuts[c + 1] - cuts[c]) / panelWidth));
      const width = (cuts[c + 1] - cuts[c]) / pieces;
      for (let piece = 0; piece < pieces; piece++) {
        const middle = cuts[c] + (piece + 0.5) * width;
        for (let n = 0; n < PANEL_RULE.nodes.length; n++) {
          const x = middle + 0.5 * width * PANEL_RULE.nodes[n];
          const weight =
            0.5 * width * PANEL_RULE.weights[n] * INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
          // Points whose product weight is below 1e-22 are skipped: with ≤ 10⁷ of them the
          // result moves by < 1e-15 · max|g| over the far corners where they sit.
          if (weight * outerWeight < PRUNE_WEIGHT) continue;
          xi[l] = x;
          for (let i = 0; i < D; i++) to[i] = from[i] + factor[i * rank + l] * x;
          const inner = l + 1 < rank ? level(l + 1, outerWeight * weight) : g(to);
          total += weight * inner;
        }
      }
    }
    return total;
  };
  return level(0, 1);
}
