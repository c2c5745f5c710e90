/**
 * Rounding-error bounds for the kernel tests, and a checker that reports the measured error,
 * the allowed error and where the allowance comes from.
 *
 * A sum of m rounded products, evaluated in any order (any binary tree), satisfies
 *   |computed − exact| ≤ γ_m · Σ|terms|,  γ_m = m·u / (1 − m·u),  u = 2^-53,
 * because each term passes through at most m roundings: its product and at most m − 1 adds
 * (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.1, eq. (3.5) and
 * Lemma 3.1). The WebAssembly kernels and the TypeScript reference both compute such sums,
 * in different orders, so they differ by at most 2·γ_m·Σ|terms|.
 */

/** Unit roundoff of binary64. */
export const UNIT_ROUNDOFF = 2 ** -53;

/** γ_m = m·u / (1 − m·u). */
export function gammaBound(m: number): number {
  return (m * UNIT_ROUNDOFF) / (1 - m * UNIT_ROUNDOFF);
}

/**
 * Checks |a[i] − b[i]| ≤ 2·γ_m·scale[i] for every i; returns null when all pass, else a
 * message with the first failure (index, both values, measured and allowed error).
 */
export function sumBoundViolation(
  label: string,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  scale: ArrayLike<number>,
  m: number,
): string | null {
  const factor = 2 * gammaBound(m);
  for (let i = 0; i < a.length; i++) {
    const error = Math.abs(a[i] - b[i]);
    const allowed = factor * scale[i];
    if (!(error <= allowed)) {
      return (
        `${label}[${i}]: wasm ${a[i]} vs reference ${b[i]}: |error| = ${error} > ` +
        `allowed 2·γ_${m}·Σ|terms| = ${factor} · ${scale[i]} = ${allowed}`
      );
    }
  }
  return null;
}

/** Index of the first entry whose bits differ, or −1 (NaN payloads and ±0 distinguished). */
export function firstBitDifference(a: Float64Array, b: Float64Array): number {
  const x = new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const y = new BigUint64Array(b.buffer, b.byteOffset, b.length);
  if (x.length !== y.length) return Math.min(x.length, y.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}
