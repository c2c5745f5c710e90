/**
 * Reference values of erf and erfc from exact rational arithmetic on BigInt fixed-point
 * numbers, independent of src/model/erf.ts.
 *
 * Method. A double x is an exact dyadic rational X/2^120 for 2^−60 ≤ |x| < 2^5. With a
 * working precision of p bits, every quantity is an integer N standing for N/2^p:
 * - π by Machin's formula π = 16 arctan(1/5) − 4 arctan(1/239), each arctan by its series;
 * - √π by integer Newton iteration on π·2^{2p};
 * - erf(x) = (2/√π) Σ_n (−1)^n x^{2n+1}/(n!(2n+1)), summed until the terms vanish.
 * Each floor division loses less than one unit of 2^−p, so after N terms the sum is off by
 * at most N units. The alternating terms reach e^{x²} in size, so p is chosen as
 * 1.5·x²·log2(e) + 200 bits: erfc(x) ≈ e^{−x²}/(x√π) then keeps ≥ 100 correct bits.
 * The final conversion to a double rounds a 64-bit leading part (error ≤ 2^−53 relative,
 * i.e. at most half an ulp plus 2^−63).
 *
 * Reference: M. Abramowitz and I. A. Stegun, Handbook of Mathematical Functions, 7.1.5.
 */

const SHIFT = 120n;

function arctanInverse(m: bigint, bits: bigint): bigint {
  const one = 1n << bits;
  let power = one / m;
  const m2 = m * m;
  let sum = 0n;
  for (let k = 0n; power !== 0n; k++) {
    const term = power / (2n * k + 1n);
    sum += k % 2n === 0n ? term : -term;
    power /= m2;
  }
  return sum;
}

function integerSqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

function toDouble(numerator: bigint, bits: bigint): number {
  if (numerator === 0n) return 0;
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const length = BigInt(magnitude.toString(2).length);
  const drop = length > 64n ? length - 64n : 0n;
  // lead·2^−64 lies in [½, 1); applying the remaining power in one step keeps results down
  // to the subnormal range from underflowing early.
  const lead = Number(magnitude >> drop) * 2 ** -64;
  const value = lead * 2 ** Number(drop - bits + 64n);
  return negative ? -value : value;
}

export interface BigErf {
  erf: number;
  erfc: number;
}

/** erf(x) and erfc(x) to double precision for a double x with 2^−60 ≤ |x| ≤ 30 (or x = 0). */
export function bigErf(x: number): BigErf {
  if (x === 0) return { erf: 0, erfc: 1 };
  if (!(Math.abs(x) >= 2 ** -60 && Math.abs(x) <= 30)) {
    throw new RangeError(`bigErf needs 2^-60 ≤ |x| ≤ 30, received ${x}`);
  }
  const X = BigInt(x * 2 ** Number(SHIFT));
  const bits = BigInt(Math.ceil(1.5 * x * x * Math.LOG2E) + 200);
  const one = 1n << bits;

  const pi = 16n * arctanInverse(5n, bits) - 4n * arctanInverse(239n, bits);
  const sqrtPi = integerSqrt(pi << bits);

  const X2 = X * X;
  let term = (X << bits) >> SHIFT;
  let sum = term;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * X2) / ((1n << (2n * SHIFT)) * n);
    const add = term / (2n * n + 1n);
    sum += n % 2n === 0n ? add : -add;
  }
  const erfFixed = (2n * sum * one) / sqrtPi;
  return { erf: toDouble(erfFixed, bits), erfc: toDouble(one - erfFixed, bits) };
}

/** 2/√π, 1/√π and 1/√(2π) to double precision, for checking the constants of erf.ts. */
export function bigConstants(): { twoOverSqrtPi: number; invSqrtPi: number; invSqrtTwoPi: number } {
  const bits = 200n;
  const one = 1n << bits;
  const pi = 16n * arctanInverse(5n, bits) - 4n * arctanInverse(239n, bits);
  const sqrtPi = integerSqrt(pi << bits);
  const sqrtTwoPi = integerSqrt((2n * pi) << bits);
  return {
    twoOverSqrtPi: toDouble((2n * one * one) / sqrtPi, bits),
    invSqrtPi: toDouble((one * one) / sqrtPi, bits),
    invSqrtTwoPi: toDouble((one * one) / sqrtTwoPi, bits),
  };
}

/**
 * Φ(x) to double precision for a double x with 2^−60 ≤ |x| ≤ 40 (or x = 0), from
 * Φ(x) = 1/2 + (x/√(2π)) Σ_n (−x²/2)^n / (n!(2n+1)), in the same fixed point as bigErf
 * (p = 0.75·x²·log2(e) + 200 bits covers terms of size e^{x²/2}).
 */
export function bigNormalCdf(x: number): number {
  if (x === 0) return 0.5;
  if (!(Math.abs(x) >= 2 ** -60 && Math.abs(x) <= 40)) {
    throw new RangeError(`bigNormalCdf needs 2^-60 ≤ |x| ≤ 40, received ${x}`);
  }
  const X = BigInt(x * 2 ** Number(SHIFT));
  const bits = BigInt(Math.ceil(0.75 * x * x * Math.LOG2E) + 200);
  const one = 1n << bits;

  const pi = 16n * arctanInverse(5n, bits) - 4n * arctanInverse(239n, bits);
  const sqrtTwoPi = integerSqrt((2n * pi) << bits);

  const X2 = X * X;
  let term = (X << bits) >> SHIFT;
  let sum = term;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * X2) / ((1n << (2n * SHIFT)) * 2n * n);
    const add = term / (2n * n + 1n);
    sum += n % 2n === 0n ? add : -add;
  }
  return toDouble(one / 2n + (sum * one) / sqrtTwoPi, bits);
}
