/**
 * gaussHermite: the probabilists' Gauss–Hermite rule for the standard normal law,
 *   E f(z) ≈ Σ_i w_i f(x_i),  z ~ N(0, 1),  Σ_i w_i = 1,
 * exact for polynomials of degree ≤ 2m − 1.
 *
 * Method (Golub–Welsch, with the eigenvalues found by Sturm bisection and polished by Newton):
 * - the orthonormal Hermite polynomials p_n (He_n/√n!) satisfy
 *   x p_n = √(n+1) p_{n+1} + √n p_{n−1}, so the nodes are the eigenvalues of the symmetric
 *   tridiagonal Jacobi matrix with zero diagonal and off-diagonal √1, …, √(m−1);
 * - eigenvalue i is bracketed by bisection on the Sturm count (the number of negative pivots
 *   of J − xI), which is robust for every m and costs O(m) per step;
 * - two Newton steps on p_m, with p_m' = √m p_{m−1}, bring each node to full precision;
 * - weights are the Christoffel numbers w_i = 1 / Σ_{n<m} p_n(x_i)², a sum of positive
 *   terms, so no cancellation enters;
 * - nodes and weights are symmetrised (x_{m−1−i} = −x_i, and x = 0 exactly for odd m), so
 *   odd moments vanish up to summation rounding.
 * Rules are cached by m; the arrays handed out are copies, so callers may keep them.
 *
 * References: G. H. Golub and J. H. Welsch, Math. Comp. 23 (1969) 221–230; the probabilists'
 * normalisation avoids the √2 and 1/√π factors of the physicists' rule.
 */
import { isMutant } from '../mutants/activeMutant.ts';

/** The largest node count supported. */
export const GAUSS_HERMITE_MAX_NODES = 200;

export interface GaussHermiteRule {
  /** Nodes x_0 < … < x_{m−1}. */
  nodes: Float64Array;
  /** Weights w_i > 0 with Σ w_i = 1. */
  weights: Float64Array;
}

const cache = new Map<number, GaussHermiteRule>();

/** Number of eigenvalues of the Jacobi matrix of size m that are < x (Sturm count). */
function countBelow(m: number, x: number): number {
  let count = 0;
  let pivot = -x;
  if (pivot < 0) count++;
  for (let n = 1; n < m; n++) {
    // A zero pivot is replaced by a tiny one of either sign; the count is unaffected.
    const previous = pivot === 0 ? 1e-300 : pivot;
    pivot = -x - n / previous;
    if (pivot < 0) count++;
  }
  return count;
}

/** p_m(x) and p_{m−1}(x) for the orthonormal Hermite polynomials. */
function hermitePair(m: number, x: number): [number, number] {
  let previous = 0;
  let current = 1;
  for (let n = 0; n < m; n++) {
    const next = (x * current - Math.sqrt(n) * previous) / Math.sqrt(n + 1);
    previous = current;
    current = next;
  }
  return [current, previous];
}

/** Computes the rule for m nodes (uncached). */
function computeRule(m: number): GaussHermiteRule {
  const nodes = new Float64Array(m);
  const weights = new Float64Array(m);
  // Gershgorin: every eigenvalue lies within max_n (√n + √(n+1)) < 2√m of 0.
  const bound = 2 * Math.sqrt(m) + 1;

  for (let i = 0; i < m; i++) {
    let low = -bound;
    let high = bound;
    // Bisection to the last bit: the interval halves until the midpoint equals an endpoint.
    for (let iteration = 0; iteration < 200; iteration++) {
      const middle = 0.5 * (low + high);
      if (middle === low || middle === high) break;
      if (countBelow(m, middle) > i) high = middle;
      else low = middle;
    }
    let x = 0.5 * (low + high);

    for (let step = 0; step < 2; step++) {
      const [pm, pm1] = hermitePair(m, x);
      if (pm1 === 0) break;
      x -= pm / (Math.sqrt(m) * pm1);
    }
    nodes[i] = x;
  }

  for (let i = 0; i < m; i++) {
    let sum = 0;
    let previous = 0;
    let current = 1;
    for (let n = 0; n < m; n++) {
      sum += current * current;
      const next = (nodes[i] * current - Math.sqrt(n) * previous) / Math.sqrt(n + 1);
      previous = current;
      current = next;
    }
    weights[i] = 1 / sum;
  }

  for (let i = 0; i < m >> 1; i++) {
    const j = m - 1 - i;
    const x = 0.5 * (nodes[j] - nodes[i]);
    const w = 0.5 * (weights[i] + weights[j]);
    nodes[i] = -x;
    nodes[j] = x;
    weights[i] = w;
    weights[j] = w;
  }
  if (m % 2 === 1) nodes[m >> 1] = 0;
  return { nodes, weights };
}

/** The cached rule, shared: for this module's callers inside the model layer, never mutated. */
export function gaussHermiteShared(m: number): Readonly<GaussHermiteRule> {
  if (!Number.isSafeInteger(m) || m < 1 || m > GAUSS_HERMITE_MAX_NODES) {
    throw new RangeError(
      `Gauss–Hermite node count m must be an integer in [1, ${GAUSS_HERMITE_MAX_NODES}], ` +
        `received ${m}`,
    );
  }
  let rule = cache.get(m);
  if (rule === undefined) {
    rule = computeRule(m);
    cache.set(m, rule);
  }
  // Mutant 'gauss-hermite-physicists' (src/mutants): the e^{−x²} nodes used for N(0, 1).
  if (isMutant('gauss-hermite-physicists'))
    return { ...rule, nodes: rule.nodes.map((x) => x / Math.SQRT2) };
  return rule;
}

/** The m-node probabilists' Gauss–Hermite rule for N(0, 1); a fresh copy per call. */
export function gaussHermite(m: number): GaussHermiteRule {
  const rule = gaussHermiteShared(m);
  return { nodes: rule.nodes.slice(), weights: rule.weights.slice() };
}
