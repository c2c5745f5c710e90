/**
 * expectKernelStructure: the exact structure of the DMFT kernels on the grid
 * (docs/dmft.md), shared by the fixed-case test (identities.test.ts) and the fast-check
 * property over random configs (identities.property.test.ts):
 * - C_θ is symmetric, exactly: the solver writes mirrored entries and symmetrises the diagonal;
 * - R_θ(t, t) = I, exactly;
 * - C_θ is PSD up to rounding: it is a covariance built from PSD path means, and the
 *   eigenvalue error of the symmetric QR algorithm is about size·eps·‖C‖ (Weyl + backward
 *   stability), so the smallest eigenvalue must be ≥ −10·size·eps·‖C‖.
 * `context` (seed, config) goes into every message.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { expect } from 'vitest';
import type { DmftKernels } from '../../../src/solvers/dmft/types.ts';

export function expectKernelStructure(kernels: DmftKernels, context: string): void {
  const { k } = kernels;
  const points = kernels.grid.length;
  const size = points * k;
  const full = new Matrix(size, size);
  let norm = 0;
  for (let a = 0; a < points; a++) {
    for (let b = 0; b < points; b++) {
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          const value = kernels.cTheta[((a * points + b) * k + i) * k + j];
          const mirror = kernels.cTheta[((b * points + a) * k + j) * k + i];
          expect(value, `C_θ[${a},${b}](${i},${j}); ${context}`).toBe(mirror);
          full.set(a * k + i, b * k + j, value);
          norm = Math.max(norm, Math.abs(value));
        }
      }
    }
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        const value = kernels.rTheta[((a * points + a) * k + i) * k + j];
        expect(value, `R_θ[${a},${a}](${i},${j}); ${context}`).toBe(i === j ? 1 : 0);
      }
    }
  }

  const minimum = Math.min(...new EigenvalueDecomposition(full).realEigenvalues);
  expect(minimum, `min eigenvalue of C_θ; ${context}`).toBeGreaterThanOrEqual(
    -10 * size * Number.EPSILON * norm,
  );
}
