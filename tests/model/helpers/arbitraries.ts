/** fast-check arbitraries shared by the model-layer tests. */
import fc from 'fast-check';

/**
 * A PSD matrix C = A Aᵀ of dimension D with A ∈ R^{D×r}, r ≤ D (so singular matrices occur),
 * entries of A in [−1, 1] on a grid of 1/64 (no subnormals, and exact zeros happen).
 */
export function psdMatrix(D: number, minRank = 1): fc.Arbitrary<number[][]> {
  return fc.integer({ min: minRank, max: D }).chain((rank) =>
    fc
      .array(fc.array(fc.integer({ min: -64, max: 64 }), { minLength: rank, maxLength: rank }), {
        minLength: D,
        maxLength: D,
      })
      .map((rows) => {
        const A = rows.map((row) => row.map((x) => x / 64));
        return A.map((ai) => A.map((aj) => ai.reduce((s, x, t) => s + x * aj[t], 0)));
      }),
  );
}
