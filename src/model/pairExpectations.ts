/**
 * pairExpectation: E[σ1(u) σ2(v)] for (u, v) ~ N(0, [[cuu, cuv], [cuv, cvv]]), in closed form
 * for every pair of the links linear, erf, relu, sign and abs; by one-dimensional adaptive
 * quadrature (expectGaussian.ts) for pairs involving tanh, which have none.
 * linkMean: E σ(m + sW) for W ~ N(0, 1), the one-point analogue.
 *
 * Method. Write su = √cuu, sv = √cvv, ρ = cuv/(su sv) and A(ρ) = √(1 − ρ²) + ρ arcsin ρ.
 * With the conventions of links.ts (erf link
 * σ(u) = erf(u/√2), sign(0) = +1):
 * - linear·linear = cuv;  linear·erf(v) = cuv √(2/π)/√(1 + cvv);  linear·sign(v) =
 *   cuv √(2/π)/sv  (Stein's lemma: E[u σ(v)] = cuv E σ'(v), with sign' = 2δ);
 * - erf·erf = (2/π) arcsin(cuv/√((1 + cuu)(1 + cvv)))  (Saad–Solla);  sign(u)·erf(v) =
 *   (2/π) arcsin(cuv/√(cuu(1 + cvv)))  and  sign·sign = (2/π) arcsin ρ  (the limits of erf·erf
 *   as a variance scale goes to infinity);
 * - abs·abs = (2/π) su sv A(ρ);  relu = (linear + abs)/2 then gives relu·relu =
 *   cuv/4 + su sv A(ρ)/(2π), relu·abs = su sv A(ρ)/π and relu·σ = ½ linear·σ for odd σ;
 * - odd·even pairs (abs with linear, erf, sign, tanh) vanish, since (u, v) ↦ (−u, −v)
 *   preserves the law.
 * - tanh: linear·tanh = cuv E tanh'(v) and relu·tanh = half of it; erf(u)·tanh(v) and
 *   sign(u)·tanh(v) condition on v (u | v ~ N((cuv/cvv) v, s²), s² = cuu − cuv²/cvv), which
 *   turns E[σ1(u) | v] into erf(κ v) with κ = (cuv/cvv)/√(2(1 + s²)) or (cuv/cvv)/(√2 s); what
 *   remains is a one-dimensional integral split at v = 0 (a jump when s = 0). tanh·tanh nests
 *   two such integrals. The adaptive rule reaches about 1e-14 of E|integrand|.
 * - A zero variance makes its variable the constant 0: then E = σ1(0) E σ2(v) (or the mirror).
 * Numerics: near ρ = ±1 these forms are ill-conditioned in ρ (arcsin has infinite slope) but
 * not in the determinant cuu·cvv − cuv². So arcsin(c/√(xy)) is evaluated as
 * atan2(c, √(xy − c²)) and su sv √(1 − ρ²) as √(cuu cvv − cuv²), with the determinant formed
 * from exact (Dekker) products: an exactly singular covariance, such as Q = M = P, gives
 * exactly the answer of perfect correlation.
 *
 * One-point means: linear m; relu s(tΦ(t) + φ(t)) with t = m/s; abs m(1 − 2Φ(−t)) + 2sφ(t);
 * sign erf(m/(√2 s)); erf erf(m/√(2(1 + s²))); tanh by quadrature; s = 0 gives σ(m).
 *
 * References: D. Saad and S. A. Solla, Phys. Rev. E 52 (1995) 4225 (erf pair); Y. Cho and
 * L. Saul, NeurIPS 2009 (arc-cosine kernels: the relu and abs pairs); link conventions in
 * docs/conventions.md, "Data, teacher, student".
 */
import { erf, normalCdf, normalPdf } from './erf.ts';
import { expectNormalPiecewise } from './expectGaussian.ts';
import { getLink, LINKS } from './links.ts';
import type { LinkName } from './types.ts';

const SQRT_TWO_OVER_PI = 0.79788456080286535588;
/** Relative violation of cuv² ≤ cuu·cvv accepted as rounding (then cuv is clipped). */
const CORRELATION_TOLERANCE = 1e-8;

/** Canonical order of links in a pair: the switch below lists each unordered pair once. */
const ORDER: Record<LinkName, number> = { linear: 0, relu: 1, abs: 2, sign: 3, erf: 4, tanh: 5 };

/** Whether E[σ1(u) σ2(v)] has a closed form here (false exactly when tanh is involved). */
export function hasClosedPairForm(link1: LinkName, link2: LinkName): boolean {
  return link1 !== 'tanh' && link2 !== 'tanh';
}

function requireVariance(value: number, field: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${field} must be a finite variance ≥ 0, received ${value}`);
  }
}

/** E σ(m + sW), W ~ N(0, 1), s = √variance. */
export function linkMean(link: LinkName, mean: number, variance: number): number {
  const sigma = getLink(link, 'link');
  if (typeof mean !== 'number' || !Number.isFinite(mean)) {
    throw new RangeError(`mean must be a finite number, received ${mean}`);
  }
  requireVariance(variance, 'variance');
  if (variance === 0) return sigma.value(mean);
  const s = Math.sqrt(variance);
  const t = mean / s;

  switch (link) {
    case 'linear':
      return mean;
    case 'relu':
      return s * (t * normalCdf(t) + normalPdf(t));
    case 'abs':
      return mean * (1 - 2 * normalCdf(-t)) + 2 * s * normalPdf(t);
    case 'sign':
      return erf(t * Math.SQRT1_2);
    case 'erf':
      return erf(mean / Math.sqrt(2 * (1 + variance)));
    case 'tanh':
      return expectNormalPiecewise((x) => Math.tanh(mean + s * x));
  }
}

/** Dekker's splitting constant 2^27 + 1. */
const SPLITTER = 134217729;

/** a·b − fl(a·b), exactly (Dekker), for |a·b| well inside the double range. */
function productError(a: number, b: number, product: number): number {
  const ta = SPLITTER * a;
  const aHigh = ta - (ta - a);
  const aLow = a - aHigh;
  const tb = SPLITTER * b;
  const bHigh = tb - (tb - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

/**
 * x·y − c² ≥ 0 with both products exact before the subtraction, so that an exactly singular
 * covariance gives exactly 0. Near ρ = ±1 every formula below is ill-conditioned in ρ (the
 * slope of arcsin is infinite) but well-conditioned in this determinant.
 */
function gramDeterminant(x: number, y: number, c: number): number {
  const xy = x * y;
  const cc = c * c;
  const value = xy - cc + (productError(x, y, xy) - productError(c, c, cc));
  return Math.max(0, value);
}

/** arcsin(c/√(x·y)) as atan2(c, √(x·y − c²)), exact at c² = x·y. */
function arcsinOfCorrelation(x: number, y: number, c: number): number {
  return Math.atan2(c, Math.sqrt(gramDeterminant(x, y, c)));
}

/** su·sv·(√(1 − ρ²) + ρ arcsin ρ), the arc-cosine kernel of degree one, up to a factor. */
function arcKernel(cuu: number, cuv: number, cvv: number): number {
  const det = gramDeterminant(cuu, cvv, cuv);
  return Math.sqrt(det) + cuv * Math.atan2(cuv, Math.sqrt(det));
}

/** 1/cosh²(x). */
function sechSquared(x: number): number {
  const c = Math.cosh(x);
  return 1 / (c * c);
}

/**
 * E[σ1(u) σ2(v)] for (u, v) ~ N(0, [[cuu, cuv], [cuv, cvv]]). Throws RangeError for unknown
 * links, negative or non-finite variances, or |cuv| > √(cuu cvv) beyond rounding.
 */
export function pairExpectation(
  link1: LinkName,
  link2: LinkName,
  cuu: number,
  cuv: number,
  cvv: number,
): number {
  const first = getLink(link1, 'link1');
  const second = getLink(link2, 'link2');
  requireVariance(cuu, 'cuu');
  requireVariance(cvv, 'cvv');
  if (typeof cuv !== 'number' || !Number.isFinite(cuv)) {
    throw new RangeError(`cuv must be a finite number, received ${cuv}`);
  }
  if (cuv * cuv > cuu * cvv * (1 + CORRELATION_TOLERANCE)) {
    throw new RangeError(
      `the covariance [[cuu, cuv], [cuv, cvv]] must be positive semi-definite: cuv = ${cuv} ` +
        `but √(cuu·cvv) = ${Math.sqrt(cuu * cvv)}`,
    );
  }

  return pairExpectationUnchecked(first.name, second.name, cuu, cuv, cvv);
}

/**
 * pairExpectation without validation, for callers inside the model layer that have already
 * checked the joint covariance: cuv is clipped to ±√(cuu cvv), so rounding in a PSD matrix
 * never trips the closed forms.
 */
export function pairExpectationUnchecked(
  link1: LinkName,
  link2: LinkName,
  cuu: number,
  cuv: number,
  cvv: number,
): number {
  const bound = Math.sqrt(cuu * cvv);
  const c = Math.max(-bound, Math.min(bound, cuv));
  if (cuu === 0) return LINKS[link1].value(0) * linkMean(link2, 0, cvv);
  if (cvv === 0) return LINKS[link2].value(0) * linkMean(link1, 0, cuu);

  // A canonical order (by link, then by variance) makes the result exactly symmetric.
  const swap = ORDER[link1] > ORDER[link2] || (link1 === link2 && cuu > cvv);
  if (swap) return orderedPair(link2, link1, cvv, c, cuu);
  return orderedPair(link1, link2, cuu, c, cvv);
}

/** The closed forms, for ORDER[l1] ≤ ORDER[l2] and both variances positive. */
function orderedPair(l1: LinkName, l2: LinkName, cuu: number, cuv: number, cvv: number): number {
  const sv = Math.sqrt(cvv);

  switch (`${l1}|${l2}`) {
    case 'linear|linear':
      return cuv;
    case 'linear|relu':
      return 0.5 * cuv;
    case 'linear|abs':
    case 'abs|sign':
    case 'abs|erf':
    case 'abs|tanh':
      return 0;
    case 'linear|sign':
      return (cuv * SQRT_TWO_OVER_PI) / sv;
    case 'linear|erf':
      return (cuv * SQRT_TWO_OVER_PI) / Math.sqrt(1 + cvv);
    case 'linear|tanh':
      return cuv * expectNormalPiecewise((x) => sechSquared(sv * x));
    case 'relu|relu':
      return 0.25 * cuv + arcKernel(cuu, cuv, cvv) / (2 * Math.PI);
    case 'relu|abs':
      return arcKernel(cuu, cuv, cvv) / Math.PI;
    case 'relu|sign':
      return (0.5 * cuv * SQRT_TWO_OVER_PI) / sv;
    case 'relu|erf':
      return (0.5 * cuv * SQRT_TWO_OVER_PI) / Math.sqrt(1 + cvv);
    case 'relu|tanh':
      return 0.5 * cuv * expectNormalPiecewise((x) => sechSquared(sv * x));
    case 'abs|abs':
      return (2 * arcKernel(cuu, cuv, cvv)) / Math.PI;
    case 'sign|sign':
      return (2 / Math.PI) * arcsinOfCorrelation(cuu, cvv, cuv);
    case 'sign|erf':
      return (2 / Math.PI) * arcsinOfCorrelation(cuu, 1 + cvv, cuv);
    case 'erf|erf':
      return (2 / Math.PI) * arcsinOfCorrelation(1 + cuu, 1 + cvv, cuv);
    case 'sign|tanh':
    case 'erf|tanh':
      return conditionedTanh(l1, cuu, cuv, cvv);
    case 'tanh|tanh':
      return tanhTanh(cuu, cuv, cvv);
  }
  throw new RangeError(`no pair rule for links "${l1}" and "${l2}"`);
}

/** E[σ1(u) tanh(v)] for σ1 = sign or erf, by conditioning u on v = sv·V. */
function conditionedTanh(l1: LinkName, cuu: number, cuv: number, cvv: number): number {
  const sv = Math.sqrt(cvv);
  const slope = cuv / sv;
  const residual = gramDeterminant(cuu, cvv, cuv) / cvv;

  if (l1 === 'sign' && residual === 0) {
    // u = (cuv/cvv) v exactly, so sign(u) = sign(cuv) sign(v) off the null set v = 0.
    return Math.sign(cuv) * expectNormalPiecewise((x) => Math.abs(Math.tanh(sv * x)), [0]);
  }
  const kappa =
    l1 === 'sign' ? slope / Math.sqrt(2 * residual) : slope / Math.sqrt(2 * (1 + residual));
  return expectNormalPiecewise((x) => Math.tanh(sv * x) * erf(kappa * x), [0]);
}

/** E[tanh(u) tanh(v)]: the inner expectation over u | v is itself a one-dimensional rule. */
function tanhTanh(cuu: number, cuv: number, cvv: number): number {
  const sv = Math.sqrt(cvv);
  const slope = cuv / sv;
  const s = Math.sqrt(gramDeterminant(cuu, cvv, cuv) / cvv);
  if (s === 0) return expectNormalPiecewise((x) => Math.tanh(sv * x) * Math.tanh(slope * x));
  // |E[tanh(u) | v]| ≤ min(1, E|u| | v) sets the scale below which the inner rules need not go.
  const innerOptions = { absTol: 1e-15 * Math.min(1, Math.sqrt(cuu)) };
  // Each inner value carries rounding noise up to its relative target (1e-14) times its
  // scale (≤ min(1, √cuu)), and |tanh| ≤ 1 weights it: the outer rule cannot resolve the
  // answer more finely than that, so it stops there. Without this floor a nearly
  // uncorrelated pair (answer ~cuv) refines until its panel budget runs out.
  const outerOptions = { absTol: 2e-14 * Math.min(1, Math.sqrt(cuu)) };
  return expectNormalPiecewise(
    (x) => {
      const inner = expectNormalPiecewise((w) => Math.tanh(slope * x + s * w), [], innerOptions);
      return Math.tanh(sv * x) * inner;
    },
    [],
    outerOptions,
  );
}
