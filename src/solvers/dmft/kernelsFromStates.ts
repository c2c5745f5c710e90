/**
 * kernelsFromStates: the DMFT kernels on the grid, averaged over independent path batches
 * (docs/dmft.md, "Kernels"). Layout as in ./types.ts.
 *
 * Method: plain means of the batch kernels, plus two conversions:
 * - C_Z(t_a, t_b) = Σ_{e<a} Σ_{f<b} G[e, f] by two prefix sums (G stored for f ≤ e only);
 * - R_Z(t_a, t_b) = D[a, b]/dt, the density of the response (docs/dmft.md step 4);
 * and R_θ(t_a, t_a) = I on the diagonal (docs/dmft.md).
 */
import type { BatchState } from './batchState.ts';
import type { DmftKernels } from './types.ts';

export function kernelsFromStates(states: BatchState[], grid: number[]): DmftKernels {
  const first = states[0];
  const { k, kStar, dt } = first;
  const points = first.steps + 1;
  const kk = k * k;
  const weight = 1 / states.length;
  const square = points * points * kk;
  const cTheta = new Float64Array(square);
  const rTheta = new Float64Array(square);
  const rZ = new Float64Array(square);
  const g = new Float64Array(square);
  const nu = new Float64Array(points * k * kStar);
  const m = new Float64Array(points * k * kStar);

  for (const state of states) {
    for (let i = 0; i < square; i++) {
      cTheta[i] += weight * state.c[i];
      rTheta[i] += weight * state.rTheta[i];
      rZ[i] += (weight / dt) * state.d[i];
      g[i] += weight * state.g[i];
    }
    for (let i = 0; i < nu.length; i++) {
      nu[i] += weight * state.nu[i];
      m[i] += weight * state.m[i];
    }
  }
  for (let a = 0; a < points; a++) {
    for (let i = 0; i < k; i++) rTheta[(a * points + a) * kk + i * k + i] = 1;
  }

  // Full G from its lower blocks, then row and column prefix sums.
  const entry = (e: number, f: number, i: number, j: number): number =>
    f <= e ? g[(e * points + f) * kk + i * k + j] : g[(f * points + e) * kk + j * k + i];
  const rowSums = new Float64Array(square);
  for (let a = 1; a < points; a++) {
    for (let f = 0; f < points; f++) {
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          rowSums[(a * points + f) * kk + i * k + j] =
            rowSums[((a - 1) * points + f) * kk + i * k + j] + entry(a - 1, f, i, j);
        }
      }
    }
  }
  const cZ = new Float64Array(square);
  for (let a = 0; a < points; a++) {
    for (let b = 1; b < points; b++) {
      for (let i = 0; i < kk; i++) {
        cZ[(a * points + b) * kk + i] =
          cZ[(a * points + b - 1) * kk + i] + rowSums[(a * points + b - 1) * kk + i];
      }
    }
  }

  return { grid, k, kStar, cTheta, rTheta, cZ, rZ, nu, m };
}
