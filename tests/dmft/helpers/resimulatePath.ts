/**
 * Re-runs one recorded sample path of a probed batch with the batch's kernels held fixed,
 * optionally kicking r_b by h or shifting r* (w fixed, docs/dmft.md), and returns Z_{a*}.
 * Used for pathwise finite-difference checks of the per-path responses ∂Z_{a*}/∂h_b and of
 * ∂Z_{a*}/∂r*. Same recursion as the solver: r_c = w_c + h·1[c = b] − Σ_{e<c} R_θ[c, e] ΔZ_e,
 * ΔZ_c from applyCell with the recorded multiplier / jump count of cell c.
 */
import type { Model } from '../../../src/model/types.ts';
import { applyCell, createCellScratch } from '../../../src/solvers/dmft/applyCell.ts';
import type { BatchOutcome } from '../../../src/solvers/dmft/marchBatch.ts';

export function resimulatePath(
  model: Model,
  outcome: BatchOutcome,
  path: number,
  kick?: { step: number; vector: number[] },
  rStarShift?: number[],
): Float64Array {
  const probe = outcome.probe;
  if (!probe) throw new Error('resimulatePath needs a probed batch');
  const { state } = outcome;
  const { k, kStar } = state;
  const points = state.steps + 1;
  const a = probe.step;
  const kk = k * k;

  const rStar = Array.from(
    { length: kStar },
    (_, c) => probe.rStar[path * kStar + c] + (rStarShift?.[c] ?? 0),
  );
  const y = model.label(rStar, probe.eps[path]);

  const scratch = createCellScratch(k);
  const dZ = Array.from({ length: a }, () => new Float64Array(k));
  const jacobian = new Float64Array(kk);
  const labelJacobian = new Float64Array(k);
  const r = new Float64Array(k);
  const z = new Float64Array(k);
  for (let c = 0; c < a; c++) {
    for (let i = 0; i < k; i++) {
      r[i] = probe.w[(path * (a + 1) + c) * k + i];
      if (kick && kick.step === c) r[i] += kick.vector[i];
      for (let e = 0; e < c; e++) {
        for (let l = 0; l < k; l++) {
          r[i] -= state.rTheta[((c * points + e) * k + i) * k + l] * dZ[e][l];
        }
      }
    }
    const mu = probe.mu[path * a + c];
    const jumps = probe.jumps[path * a + c];
    if (mu !== 0) {
      applyCell(model, k, r, y, mu, jumps, false, dZ[c], jacobian, labelJacobian, scratch);
    }
    for (let i = 0; i < k; i++) z[i] += dZ[c][i];
  }
  return z;
}
