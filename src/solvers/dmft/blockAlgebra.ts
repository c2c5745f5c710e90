/**
 * Small dense block products used by the DMFT solver (docs/dmft.md).
 *
 * Method: plain triple loops on row-major blocks stored inside larger Float64Arrays at a given
 * offset. Blocks are at most 3×3 (k, k* ≤ 3 in practice), so loop overhead, not flops, is
 * what matters; no allocation happens here. Shapes: A is p×q, B is q×r (or r×q when
 * transposed), the output is p×r.
 */

/** out += alpha·A·B. */
export function blockMultiplyAdd(
  out: Float64Array,
  outOffset: number,
  a: Float64Array,
  aOffset: number,
  b: Float64Array,
  bOffset: number,
  p: number,
  q: number,
  r: number,
  alpha: number,
): void {
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < r; j++) {
      let sum = 0;
      for (let l = 0; l < q; l++) sum += a[aOffset + i * q + l] * b[bOffset + l * r + j];
      out[outOffset + i * r + j] += alpha * sum;
    }
  }
}

/** out += alpha·A·Bᵀ, where B is stored r×q. */
export function blockMultiplyAddTransposed(
  out: Float64Array,
  outOffset: number,
  a: Float64Array,
  aOffset: number,
  b: Float64Array,
  bOffset: number,
  p: number,
  q: number,
  r: number,
  alpha: number,
): void {
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < r; j++) {
      let sum = 0;
      for (let l = 0; l < q; l++) sum += a[aOffset + i * q + l] * b[bOffset + j * q + l];
      out[outOffset + i * r + j] += alpha * sum;
    }
  }
}

/** out += alpha·Aᵀ·B, where A is stored q×p. */
export function blockTransposedMultiplyAdd(
  out: Float64Array,
  outOffset: number,
  a: Float64Array,
  aOffset: number,
  b: Float64Array,
  bOffset: number,
  p: number,
  q: number,
  r: number,
  alpha: number,
): void {
  for (let i = 0; i < p; i++) {
    for (let j = 0; j < r; j++) {
      let sum = 0;
      for (let l = 0; l < q; l++) sum += a[aOffset + l * p + i] * b[bOffset + l * r + j];
      out[outOffset + i * r + j] += alpha * sum;
    }
  }
}

/** Writes the k×k identity at offset. */
export function blockSetIdentity(out: Float64Array, offset: number, k: number): void {
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) out[offset + i * k + j] = i === j ? 1 : 0;
  }
}
