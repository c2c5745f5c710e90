/**
 * The Marchenko–Pastur law ν_δ of A = XᵀX (d×d, X ∈ R^{n×d} with i.i.d. N(0, 1/d) entries,
 * n/d → δ), and a Gauss quadrature for ∫ f dν_δ.
 *
 * Law (Marchenko–Pastur, rescaled to this normalisation): support [μ−, μ+] with
 * μ± = (1 ± √δ)², density
 *   p(μ) = √((μ+ − μ)(μ − μ−)) / (2πμ)   on (μ−, μ+),
 * and an atom of mass (1 − δ)+ at μ = 0. Moments: ∫ μ^p dν = Σ_{j=1..p} N(p, j) δ^j with the
 * Narayana numbers N(p, j) = C(p, j) C(p, j − 1) / p, so ∫ μ dν = δ and ∫ μ² dν = δ(1 + δ).
 * Stieltjes transform: s(−λ) = ∫ dν/(μ + λ) is the positive root of λs² − (1 − δ − λ)s − 1 = 0.
 *
 * Quadrature. Put c = 1 + δ, h = 2√δ and μ = c + h·x, x ∈ [−1, 1]. Then (μ+ − μ)(μ − μ−) =
 * h²(1 − x²), so the square-root edges become the weight √(1 − x²). Splitting off f(0), which
 * also absorbs the atom and the 1/μ of the density (the continuous part has mass min(1, δ)):
 *   ∫ f dν = f(0) + (h²/2π) ∫_{−1}^{1} [(f(μ) − f(0))/μ] √(1 − x²) dx.
 * The bracket is as smooth as f, and has no 1/μ singularity even at δ = 1 where μ− = 0. The
 * x-integral is done by Gauss–Chebyshev quadrature of the second kind with N nodes,
 *   x_j = cos(jπ/(N + 1)),  weight π sin²(jπ/(N + 1))/(N + 1),  j = 1..N,
 * which is exact for polynomials of degree ≤ 2N − 1 in x. Written as a rule on μ, this gives
 * nodes μ_j with weights w_j = 2δ sin²(jπ/(N + 1)) / ((N + 1) μ_j), plus the node μ = 0
 * with weight 1 − Σ_j w_j (≥ 0, close to (1 − δ)+): it is exact for polynomials f of degree
 * ≤ 2N, and converges geometrically for f analytic near [μ−, μ+]. For f(μ) = e^{−2tμ} about
 * N ≈ t·h + 30 nodes suffice (the Chebyshev coefficients of e^{−2thx} are Bessel values I_m(2th), negligible
 * once m exceeds 2th by a few multiples of (2th)^{1/3}).
 *
 * Rounding: as a rule on μ every weight is positive (the weight at 0 is computed in closed
 * form, zeroNodeWeight below, not as a difference), and no difference f(μ) − f(0) is formed,
 * so the rounding error is about (N + 2)·ε·∫|f| dν.
 *
 * Used by the exact oracles of this directory for the setting of arXiv 2601.21093 (isotropic
 * Gaussian data, n/d → δ).
 *
 * Accuracy measured in tests/exact/marchenkoPastur.test.ts (moments exact to rounding,
 * Stieltjes transform geometric convergence in N).
 */

/** A discrete rule ∫ f dν ≈ Σ_j weight[j] f(mu[j]); the weights sum to 1. */
export interface SpectralRule {
  mu: Float64Array;
  weight: Float64Array;
}

/** Options of the adaptive integrators. */
export interface MpIntegrateOptions {
  /** Stop when two successive estimates differ by at most tol·(1 + |value|); default 1e-13. */
  tol?: number;
  /** Gauss–Chebyshev node count to start from; default 31. */
  minNodes?: number;
  /** Largest node count tried before giving up; default 65535. */
  maxNodes?: number;
}

/** The result of an adaptive integration. */
export interface MpIntegral {
  value: Float64Array;
  /** max_i |I_N − I_{2N+1}| of the last doubling: a conservative bound for the value returned. */
  errorEstimate: number;
  /** Gauss–Chebyshev node count of the value returned. */
  nodes: number;
}

const DEFAULT_TOL = 1e-13;
const DEFAULT_MIN_NODES = 31;
const DEFAULT_MAX_NODES = 65535;

/** Throws unless δ is a finite positive number. */
export function checkDelta(delta: number, name = 'delta'): void {
  if (typeof delta !== 'number' || !Number.isFinite(delta) || delta <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, received ${String(delta)}`);
  }
}

/** Support edges μ± = (1 ± √δ)² and the atom (1 − δ)+ at 0. */
export function mpSupport(delta: number): { lower: number; upper: number; atom: number } {
  checkDelta(delta);
  const root = Math.sqrt(delta);
  return { lower: (1 - root) ** 2, upper: (1 + root) ** 2, atom: Math.max(0, 1 - delta) };
}

/** Mass of the atom at μ = 0: (1 − δ)+. */
export function mpAtom(delta: number): number {
  checkDelta(delta);
  return Math.max(0, 1 - delta);
}

/** Density of the continuous part at μ (0 outside the open support); the atom is separate. */
export function mpDensity(delta: number, mu: number): number {
  checkDelta(delta);
  if (typeof mu !== 'number' || Number.isNaN(mu)) {
    throw new TypeError(`mu must be a number, received ${String(mu)}`);
  }
  const { lower, upper } = mpSupport(delta);
  if (mu <= lower || mu >= upper || mu <= 0) return 0;
  return Math.sqrt((upper - mu) * (mu - lower)) / (2 * Math.PI * mu);
}

/** ∫ μ^p dν_δ by the Narayana polynomial (exact; p a non-negative integer ≤ 60). */
export function mpMoment(delta: number, p: number): number {
  checkDelta(delta);
  if (!Number.isInteger(p) || p < 0 || p > 60) {
    throw new RangeError(`p must be an integer in [0, 60], received ${String(p)}`);
  }
  if (p === 0) return 1;

  // N(p, j) = C(p, j) C(p, j − 1) / p, built from C(p, j) by its ratio recursion.
  let sum = 0;
  let binomJ = 1;
  for (let j = 1; j <= p; j++) {
    const binomJMinus1 = binomJ;
    binomJ = (binomJ * (p - j + 1)) / j;
    sum += ((binomJ * binomJMinus1) / p) * delta ** j;
  }
  return sum;
}

/** The (N + 1)-point rule of the module doc: node 0 first, then the N Chebyshev nodes. */
export function mpRule(delta: number, nodes: number): SpectralRule {
  checkDelta(delta);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 1 << 20) {
    throw new RangeError(`nodes must be an integer in [1, 2^20], received ${String(nodes)}`);
  }
  const halfWidth = 2 * Math.sqrt(delta);
  const mu = new Float64Array(nodes + 1);
  const weight = new Float64Array(nodes + 1);

  for (let j = 1; j <= nodes; j++) {
    const angle = (j * Math.PI) / (nodes + 1);
    const sine = Math.sin(angle);
    // Near δ = 1 and angle → π the sum c + h·cos loses digits; (1 − √δ)² + h(1 + cos) does not.
    const node = (1 - Math.sqrt(delta)) ** 2 + halfWidth * (2 * Math.cos(angle / 2) ** 2);
    mu[j] = node;
    weight[j] = (2 * delta * sine * sine) / ((nodes + 1) * node);
  }
  mu[0] = 0;
  weight[0] = zeroNodeWeight(delta, nodes);
  return { mu, weight };
}

/**
 * 1 − Σ_j w_j in closed form, so that the weight at μ = 0 carries no rounding of the sum (a
 * large f(0) would amplify it). With r = min(√δ, 1/√δ), 1/(c + hx) = (2r/h) Σ_m (−r)^m U_m(x),
 * and the N-node rule integrates U_m·√(1 − x²) to (π/2)(+1 if m ≡ 0, −1 if m ≡ −2, else 0)
 * modulo L = 2N + 2. Summing the two geometric series gives
 *   Σ_j w_j = min(1, δ) · (1 − r^{2N}) / (1 − r^{2N+2}),
 * which tends to min(1, δ), the continuous mass; at δ = 1 it is N/(N + 1).
 */
function zeroNodeWeight(delta: number, nodes: number): number {
  const logR = -0.5 * Math.abs(Math.log(delta));
  if (logR === 0) return 1 / (nodes + 1);
  const shortPower = -Math.expm1(2 * nodes * logR);
  const longPower = -Math.expm1((2 * nodes + 2) * logR);
  if (delta > 1) {
    // 1 − (1 − r^{2N})/(1 − r^{2N+2}) = r^{2N}(1 − r²)/(1 − r^{2N+2}), free of cancellation.
    return (Math.exp(2 * nodes * logR) * -Math.expm1(2 * logR)) / longPower;
  }
  return 1 - (delta * shortPower) / longPower;
}

/** The rule of a finite spectrum: each eigenvalue with weight 1/d. */
export function finiteSpectrumRule(eigenvalues: Float64Array | number[]): SpectralRule {
  const d = eigenvalues.length;
  if (d === 0) throw new RangeError('eigenvalues must be non-empty, received length 0');
  let largest = 0;
  for (let j = 0; j < d; j++) {
    const value = eigenvalues[j];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new RangeError(`eigenvalues[${j}] must be finite, received ${String(value)}`);
    }
    largest = Math.max(largest, Math.abs(value));
  }

  // A = XᵀX is PSD; an eigen-solver returns its zero eigenvalues as ±(a few ulps of ‖A‖).
  const roundoff = 1e-10 * Math.max(1, largest);
  const mu = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    if (eigenvalues[j] < -roundoff) {
      throw new RangeError(
        `eigenvalues[${j}] = ${eigenvalues[j]} is negative beyond rounding (${roundoff}); ` +
          'the eigenvalues of XᵀX are ≥ 0',
      );
    }
    mu[j] = Math.max(0, eigenvalues[j]);
  }
  return { mu, weight: new Float64Array(d).fill(1 / d) };
}

/** Σ_j weight[j] f(mu[j]) for a vector integrand f(μ, out) of length outLength. */
export function applyRule(
  rule: SpectralRule,
  f: (mu: number, out: Float64Array) => void,
  outLength: number,
): Float64Array {
  const sum = new Float64Array(outLength);
  const point = new Float64Array(outLength);
  for (let j = 0; j < rule.mu.length; j++) {
    point.fill(0);
    f(rule.mu[j], point);
    const w = rule.weight[j];
    for (let i = 0; i < outLength; i++) sum[i] += w * point[i];
  }
  return sum;
}

/**
 * ∫ f dν_δ for a vector integrand, doubling the node count (N → 2N + 1, nested nodes) until
 * two estimates agree to tol·(1 + |value|) in every component.
 */
export function mpIntegrateVec(
  delta: number,
  f: (mu: number, out: Float64Array) => void,
  outLength: number,
  opts: MpIntegrateOptions = {},
): MpIntegral {
  checkDelta(delta);
  const tol = opts.tol ?? DEFAULT_TOL;
  const minNodes = opts.minNodes ?? DEFAULT_MIN_NODES;
  const maxNodes = opts.maxNodes ?? DEFAULT_MAX_NODES;
  if (!(tol > 0 && Number.isFinite(tol))) {
    throw new RangeError(`opts.tol must be a finite number > 0, received ${String(tol)}`);
  }
  if (!Number.isInteger(minNodes) || minNodes < 1 || !Number.isInteger(maxNodes)) {
    throw new RangeError(
      `opts.minNodes and opts.maxNodes must be positive integers, received ` +
        `${String(minNodes)} and ${String(maxNodes)}`,
    );
  }

  let nodes = minNodes;
  let previous = applyRule(mpRule(delta, nodes), checkedIntegrand(f), outLength);
  for (;;) {
    const next = 2 * nodes + 1;
    if (next > maxNodes) break;
    const current = applyRule(mpRule(delta, next), checkedIntegrand(f), outLength);
    let change = 0;
    let converged = true;
    for (let i = 0; i < outLength; i++) {
      const diff = Math.abs(current[i] - previous[i]);
      change = Math.max(change, diff);
      if (diff > tol * (1 + Math.abs(current[i]))) converged = false;
    }
    nodes = next;
    previous = current;
    if (converged) return { value: current, errorEstimate: change, nodes };
  }
  throw new RangeError(
    `the Marchenko–Pastur quadrature did not reach tol = ${tol} with ${maxNodes} nodes ` +
      `(delta = ${delta}); the integrand is too oscillatory or too steep, e.g. e^{−2tμ} ` +
      `needs about t·2√δ + 30 nodes`,
  );
}

/** Scalar form of mpIntegrateVec. */
export function mpIntegrate(
  delta: number,
  f: (mu: number) => number,
  opts: MpIntegrateOptions = {},
): { value: number; errorEstimate: number; nodes: number } {
  const result = mpIntegrateVec(
    delta,
    (mu, out) => {
      out[0] = f(mu);
    },
    1,
    opts,
  );
  return { value: result.value[0], errorEstimate: result.errorEstimate, nodes: result.nodes };
}

/** Wraps f so that a non-finite integrand value is reported with the node it came from. */
function checkedIntegrand(
  f: (mu: number, out: Float64Array) => void,
): (mu: number, out: Float64Array) => void {
  return (mu, out) => {
    f(mu, out);
    for (let i = 0; i < out.length; i++) {
      if (!Number.isFinite(out[i])) {
        throw new RangeError(`integrand component ${i} is ${out[i]} at mu = ${mu}`);
      }
    }
  };
}

/**
 * s(−λ) = ∫ dν_δ/(μ + λ) in closed form, for λ > 0 (or λ = 0 when δ > 1, where it is
 * 1/(δ − 1)). The root (b + √D)/(2λ), b = 1 − δ − λ, D = b² + 4λ, cancels when b < 0; there
 * the equal form 2/(√D − b) is used.
 */
export function mpStieltjes(delta: number, lambda: number): number {
  checkStieltjesArgs(delta, lambda);
  const b = 1 - delta - lambda;
  const rootD = Math.sqrt(b * b + 4 * lambda);
  return b >= 0 ? (b + rootD) / (2 * lambda) : 2 / (rootD - b);
}

/**
 * ∫ dν_δ/(μ + λ)² = −d/dλ s(−λ) = s(s + 1)/√D, by implicit differentiation of
 * λs² − bs − 1 = 0 (∂/∂λ gives s² + s, ∂/∂s gives 2λs − b = √D).
 */
export function mpStieltjesSquared(delta: number, lambda: number): number {
  const s = mpStieltjes(delta, lambda);
  const b = 1 - delta - lambda;
  const rootD = Math.sqrt(b * b + 4 * lambda);
  return (s * (s + 1)) / rootD;
}

function checkStieltjesArgs(delta: number, lambda: number): void {
  checkDelta(delta);
  if (typeof lambda !== 'number' || !Number.isFinite(lambda) || lambda < 0) {
    throw new RangeError(`lambda must be a finite number ≥ 0, received ${String(lambda)}`);
  }
  if (lambda === 0 && delta <= 1) {
    throw new RangeError(
      `lambda = 0 needs delta > 1 (the atom or the edge at μ = 0 makes ∫ dν/μ infinite), ` +
        `received delta = ${delta}`,
    );
  }
}
