/**
 * extendCholesky: appends rows to a lower-triangular factor L of a PSD matrix S, skipping
 * pivots that carry no variance (docs/dmft.md, "Sampling the Gaussian inputs").
 *
 * Method: the row-by-row (Cholesky–Banachiewicz) recurrence. For a new row i,
 *   L[i, j] = (S[i, j] − Σ_{l<j} L[i, l] L[j, l]) / L[j, j]   for j < i with L[j, j] > 0,
 *   L[i, j] = 0                                             for skipped pivots,
 *   L[i, i] = √(S[i, i] − Σ_{l<i} L[i, l]²)  unless that residual is ≤ tolerance·S[i, i].
 * A skipped pivot means the new coordinate is (to rounding) a linear function of earlier ones,
 * which happens exactly for θ0 = 0 (w_0 ≡ 0, docs/dmft.md pitfall) and approximately for smooth
 * GF paths. Skipping it drops at most tolerance·S[i, i] of variance; negative residuals (PSD
 * violations from rounding) are clipped to zero the same way. Only rows are appended, so the
 * earlier rows stay fixed, which is what lets the solver march in time with fixed draws ξ.
 *
 * Storage: L is n×n row-major (`size` = n); row i uses columns 0..i.
 */

/**
 * Appends row `row` given the entries S[row, 0..row] in `sRow`. Returns true when the pivot
 * was skipped.
 */
export function extendCholesky(
  factor: Float64Array,
  size: number,
  row: number,
  sRow: Float64Array,
  tolerance: number,
): boolean {
  const rowOffset = row * size;

  for (let j = 0; j < row; j++) {
    const pivot = factor[j * size + j];
    if (pivot === 0) {
      factor[rowOffset + j] = 0;
      continue;
    }
    let sum = sRow[j];
    const jOffset = j * size;
    for (let l = 0; l < j; l++) sum -= factor[rowOffset + l] * factor[jOffset + l];
    factor[rowOffset + j] = sum / pivot;
  }

  let residual = sRow[row];
  for (let l = 0; l < row; l++) residual -= factor[rowOffset + l] * factor[rowOffset + l];

  const skipped = !(sRow[row] > 0) || !(residual > tolerance * sRow[row]);
  factor[rowOffset + row] = skipped ? 0 : Math.sqrt(residual);
  return skipped;
}
