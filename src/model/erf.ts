/**
 * The error function erf, its complement erfc, and the standard normal pdf and CDF Φ, in
 * double precision (JavaScript has no Math.erf).
 *
 * Method. Three regions of |x|, all in plain double arithmetic:
 * - |x| ≤ 0.75: the Maclaurin series erf(x) = (2/√π) Σ_n (−1)^n x^{2n+1} / (n! (2n+1)). With
 *   x² ≤ 0.5625 the terms fall by a factor ≥ 1.7 per step and the sum stays above 0.8·x,
 *   so cancellation costs nothing; erfc = 1 − erf there loses at most a factor 2.5.
 * - 0.75 < x < 3: the scaled complement erfcx(x) = e^{x²} erfc(x) is expanded in a Taylor
 *   series about the nearest anchor c = j/8, |x − c| ≤ 1/16. Its coefficients follow from the
 *   ODE erfcx' = 2x erfcx − 2/√π, which gives a_1 = 2c a_0 − 2/√π and
 *   (n+1) a_{n+1} = 2c a_n + 2 a_{n−1}. The anchors a_0 = erfcx(j/8) are computed once, at load,
 *   by the continued fraction below taken to a depth well past convergence.
 * - x ≥ 3: the Laplace continued fraction
 *   erfcx(x) = (1/√π) · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))),
 *   evaluated backwards from a fixed depth 12 + 250/x² (measured: the fraction has converged
 *   to below 1e-17 relative at about two thirds of that depth for every x ≥ 0.5).
 * Then erfc(x) = erfcx(x) · e^{−x²}, where e^{−x²} is formed from x = xh + xl, xh = x rounded to
 * 24 bits, so that xh² is exact and the argument of the large exponential carries no rounding
 * (a plain Math.exp(−x*x) would lose x²·2^−53 relative, 1e-13 near the underflow at x ≈ 26.5).
 * erf(x) = 1 − erfc(x) for x > 0.75; negative arguments use oddness and erfc(−x) = 2 − erfc(x).
 *
 * Accuracy (checked in tests/model/erf.test.ts against a BigInt multi-precision series): a few
 * units in the last place for erf on R and for erfc on [−6, 26.5] (subnormal results beyond
 * 26.55 carry their reduced precision). Φ(x) = erfc(−x/√2)/2 corrects the rounding of x/√2 to
 * first order (Dekker's exact product), so its relative accuracy holds in the far lower tail.
 *
 * Conventions: NaN in gives NaN out, as for Math.*; ±Infinity give the limits.
 *
 * References: Abramowitz & Stegun, Handbook of Mathematical Functions, §7.1 (series 7.1.5,
 * continued fraction 7.1.14); T. J. Dekker, Numer. Math. 18 (1971) 224–242 (exact products).
 */

/** 2/√π to 20 significant digits. */
const TWO_OVER_SQRT_PI = 1.1283791670955125739;
/** 1/√π to 20 significant digits. */
const ONE_OVER_SQRT_PI = 0.56418958354775628695;
/** 1/√(2π) to 20 significant digits. */
const INV_SQRT_TWO_PI = 0.3989422804014326779;

/** Below this |x| the Maclaurin series is used. */
const SERIES_LIMIT = 0.75;
/** At and above this x the continued fraction is used. */
const FRACTION_START = 3;
/** Taylor anchors sit at j/ANCHORS_PER_UNIT. */
const ANCHORS_PER_UNIT = 8;
/** erfc(x) < 2^−1074 (the smallest subnormal) for x above this. */
const ERFC_ZERO_FROM = 27.3;
/** Dekker's splitting constant 2^27 + 1 for doubles. */
const SPLITTER = 134217729;

/** erfcx(x) by backward evaluation of the Laplace continued fraction, for x ≥ 0.5. */
function erfcxContinuedFraction(x: number, depth: number): number {
  let tail = x;
  for (let n = depth; n >= 1; n--) tail = x + (0.5 * n) / tail;
  return ONE_OVER_SQRT_PI / tail;
}

/** Depth at which the fraction has converged, with a margin (see the doc block). */
function fractionDepth(x: number): number {
  return Math.ceil(12 + 250 / (x * x));
}

/** erfcx at the anchors j/8 for j = 0 … 24; only j ≥ 6 are used. */
const ANCHORS: Float64Array = (() => {
  const table = new Float64Array(FRACTION_START * ANCHORS_PER_UNIT + 1);
  for (let j = 6; j < table.length; j++) {
    const c = j / ANCHORS_PER_UNIT;
    // Twice the converged depth costs nothing at load and removes any doubt on the anchors.
    table[j] = erfcxContinuedFraction(c, 2 * fractionDepth(c));
  }
  return table;
})();

/** erfcx(x) for 0.75 < x < 3 by the Taylor series about the nearest anchor. */
function erfcxTaylor(x: number): number {
  const j = Math.round(x * ANCHORS_PER_UNIT);
  const c = j / ANCHORS_PER_UNIT;
  const h = x - c;

  let previous = ANCHORS[j];
  let current = 2 * c * previous - TWO_OVER_SQRT_PI;
  let sum = previous + current * h;
  let power = h;

  // |h| ≤ 1/16 and c < 3 make |a_n h^n| fall faster than (0.4)^n / √n!; 22 terms reach below
  // 1e-20 of the sum, and stopping after two consecutive negligible terms guards against a
  // single coefficient that happens to be near zero.
  let small = 0;
  for (let n = 1; n < 22 && small < 2; n++) {
    const next = (2 * c * current + 2 * previous) / (n + 1);
    power *= h;
    const term = next * power;
    sum += term;
    small = Math.abs(term) < 1e-18 * sum ? small + 1 : 0;
    previous = current;
    current = next;
  }
  return sum;
}

/** e^{−x²} without the rounding of x² entering the exponent; for 0 ≤ x < 27.3. */
function expMinusSquare(x: number): number {
  const high = Math.fround(x);
  const low = x - high;
  return Math.exp(-(high * high)) * Math.exp(-low * (x + high));
}

/** erfc(x) for x > 0.75 (and NaN for NaN). */
function erfcPositive(x: number): number {
  if (!(x < ERFC_ZERO_FROM)) return x === x ? 0 : NaN;
  const scaled = x < FRACTION_START ? erfcxTaylor(x) : erfcxContinuedFraction(x, fractionDepth(x));
  return scaled * expMinusSquare(x);
}

/** erf(x) for |x| ≤ 0.75 by the Maclaurin series. */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 40; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) <= 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/** The error function erf(x) = (2/√π) ∫_0^x e^{−t²} dt. */
export function erf(x: number): number {
  // Keeps the sign of −0, which the series would turn into +0.
  if (x === 0) return x;
  const ax = Math.abs(x);
  if (ax <= SERIES_LIMIT) return erfSeries(x);
  const value = 1 - erfcPositive(ax);
  return x < 0 ? -value : value;
}

/** The complementary error function erfc(x) = 1 − erf(x), accurate in relative terms. */
export function erfc(x: number): number {
  if (x > SERIES_LIMIT) return erfcPositive(x);
  if (x >= -SERIES_LIMIT) return 1 - erfSeries(x);
  if (x < -SERIES_LIMIT) return 2 - erfcPositive(-x);
  return NaN;
}

/** Splits a into a high part with 26 significant bits and an exact remainder (Veltkamp). */
function splitHigh(a: number): number {
  const t = SPLITTER * a;
  return t - (t - a);
}

/** The rounding error a·b − fl(a·b), exact for |a·b| well inside the double range (Dekker). */
function productError(a: number, b: number, product: number): number {
  const aHigh = splitHigh(a);
  const aLow = a - aHigh;
  const bHigh = splitHigh(b);
  const bLow = b - bHigh;
  return aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

/** The part of 1/√2 that Math.SQRT1_2 drops: 1/√2 = SQRT1_2 + SQRT1_2_LOW to ~2^−106. */
const SQRT1_2_LOW: number = (() => {
  const s = Math.SQRT1_2;
  const square = s * s;
  const squareError = productError(s, s, square);
  // 1/2 = (s + low)² ⇒ low ≈ (1/2 − s²)/(2s); 0.5 − square is exact (Sterbenz).
  return (0.5 - square - squareError) / (2 * s);
})();

/** Φ(x) = 0 below and 1 above this, to the last subnormal. */
const NORMAL_CDF_SATURATION = 40;

/**
 * The standard normal CDF Φ(x) = erfc(−x/√2)/2. The product x/√2 is rounded; its exact error
 * δ is recovered and applied through erfc(u + δ) ≈ erfc(u) − (2/√π) e^{−u²} δ, which keeps the
 * relative accuracy of the lower tail (plain rounding would cost x²·2^−53 relative).
 */
export function normalCdf(x: number): number {
  if (!(Math.abs(x) < NORMAL_CDF_SATURATION)) {
    if (x !== x) return NaN;
    return x > 0 ? 1 : 0;
  }
  const u = -x * Math.SQRT1_2;
  const base = erfc(u);
  if (Math.abs(u) < 1) return 0.5 * base;

  const delta = productError(-x, Math.SQRT1_2, u) - x * SQRT1_2_LOW;
  const slope = u < ERFC_ZERO_FROM ? TWO_OVER_SQRT_PI * expMinusSquare(Math.abs(u)) : 0;
  return 0.5 * (base - slope * delta);
}

/** e^{−x²/2}, with x² split as in expMinusSquare when the exponent is large. */
function expMinusHalfSquare(x: number): number {
  const ax = Math.abs(x);
  // Below 1.5 the rounding of x²/2 perturbs the result by at most 1.125·2^−53 relative.
  if (ax < 1.5) return Math.exp(-0.5 * ax * ax);
  if (!(ax < 40)) return ax === ax ? 0 : NaN;
  const high = Math.fround(ax);
  const low = ax - high;
  return Math.exp(-0.5 * (high * high)) * Math.exp(-0.5 * low * (ax + high));
}

/** The standard normal density φ(x) = e^{−x²/2}/√(2π). */
export function normalPdf(x: number): number {
  return INV_SQRT_TWO_PI * expMinusHalfSquare(x);
}
