/**
 * accumulateResponses: one path's contribution to the sample-side response row
 * f[a, b] = ∂ΔZ_a/∂h_b, where h_b is an additive kick to r_b (docs/dmft.md steps 3–4).
 *
 * Method: reverse mode (an adjoint sweep) instead of the forward tangent table J[c, b], so that
 * a path keeps only its per-cell Jacobians A_e = ∂ΔZ_e/∂r_e (O(N k²) memory) and a transient
 * buffer, never an N×N tangent table. With ρ_c := ∂r_a/∂h_c and the sample-side recursion
 * r_c = w_c + h_c − Σ_{e<c} R_θ[c, e] ΔZ_e:
 *   ρ_a = I,
 *   P_e = −Σ_{c=e+1}^{a} ρ_c R_θ[c, e]   (effect on r_a of a kick to ΔZ_e),
 *   ρ_e = P_e A_e,
 *   f[a, b] += A_a ρ_b.
 * Processing c from a−1 down and scattering ρ_c R_θ[c, ·] along row c of R_θ keeps the memory
 * access row-wise. Only "active" cells (those with a non-zero multiplier: every cell for GF and
 * SME, the cells holding a jump for SGD) enter, since A_e = 0 elsewhere: a kick at a cell with
 * no jump has no effect on this path, and averaging over paths realises the Mecke (Palm)
 * identity of docs/dmft.md. Cost O(J² k³) per active step, J = number of active cells so far.
 */

/** Inputs of one path at one step; `cells[slotBase + j]` is the grid cell of slot j. */
export interface ResponseInputs {
  k: number;
  points: number;
  rTheta: Float64Array;
  /** The current grid step a; it must be the last active slot. */
  step: number;
  cells: Int32Array;
  slotBase: number;
  /** Number of active slots including the current one. */
  count: number;
  /** Per-slot Jacobians A (k×k each), slot j at (slotBase + j)·k². */
  jacobians: Float64Array;
  /** Sum over paths of f[a, b] (k×k blocks in the (N+1)² layout). */
  responseSum: Float64Array;
  /** Transient buffer of at least count·k² entries, and one of 2·k². */
  adjoint: Float64Array;
  work: Float64Array;
  /** When set, this path's own f[a, b] is also added here at b·k² (for the Stein probe). */
  pathResponse?: Float64Array;
  pathResponseOffset?: number;
}

export function accumulateResponses(input: ResponseInputs): void {
  const { k, points, rTheta, step, cells, slotBase, count, jacobians, responseSum } = input;
  const { adjoint, work, pathResponse } = input;
  const kk = k * k;
  const rowOffset = step * points * kk;
  const own = (slotBase + count - 1) * kk;
  const probeOffset = input.pathResponseOffset ?? 0;

  if (k === 1) {
    const aStep = jacobians[slotBase + count - 1];
    responseSum[rowOffset + step] += aStep;
    if (pathResponse) pathResponse[probeOffset + step] += aStep;
    for (let j = 0; j < count - 1; j++) adjoint[j] = -rTheta[rowOffset + cells[slotBase + j]];
    for (let jj = count - 2; jj >= 0; jj--) {
      const cell = cells[slotBase + jj];
      const rho = adjoint[jj] * jacobians[slotBase + jj];
      if (rho === 0) continue;
      responseSum[rowOffset + cell] += aStep * rho;
      if (pathResponse) pathResponse[probeOffset + cell] += aStep * rho;
      const cellRow = cell * points;
      for (let j = 0; j < jj; j++) adjoint[j] -= rho * rTheta[cellRow + cells[slotBase + j]];
    }
    return;
  }

  for (let i = 0; i < kk; i++) {
    responseSum[rowOffset + step * kk + i] += jacobians[own + i];
    if (pathResponse) pathResponse[probeOffset + step * kk + i] += jacobians[own + i];
  }
  for (let j = 0; j < count - 1; j++) {
    const source = rowOffset + cells[slotBase + j] * kk;
    for (let i = 0; i < kk; i++) adjoint[j * kk + i] = -rTheta[source + i];
  }

  for (let jj = count - 2; jj >= 0; jj--) {
    const cell = cells[slotBase + jj];
    const slotJacobian = (slotBase + jj) * kk;

    // ρ = P_jj A_jj, then f[a, cell] += A_a ρ.
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        let sum = 0;
        for (let l = 0; l < k; l++) {
          sum += adjoint[jj * kk + i * k + l] * jacobians[slotJacobian + l * k + j];
        }
        work[i * k + j] = sum;
      }
    }
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        let sum = 0;
        for (let l = 0; l < k; l++) sum += jacobians[own + i * k + l] * work[l * k + j];
        responseSum[rowOffset + cell * kk + i * k + j] += sum;
        if (pathResponse) pathResponse[probeOffset + cell * kk + i * k + j] += sum;
      }
    }

    // Scatter −ρ R_θ[cell, e] into P_e for the earlier active cells e.
    const cellRow = cell * points * kk;
    for (let j = 0; j < jj; j++) {
      const rOffset = cellRow + cells[slotBase + j] * kk;
      for (let i = 0; i < k; i++) {
        for (let m = 0; m < k; m++) {
          let sum = 0;
          for (let l = 0; l < k; l++) sum += work[i * k + l] * rTheta[rOffset + l * k + m];
          adjoint[j * kk + i * k + m] -= sum;
        }
      }
    }
  }
}
