/**
 * kinkJumpResponses: the jump part of the sample-side responses for a student link with a kink
 * at preactivation 0 in each component (relu, abs), any k, single-multiplier cells
 * (docs/dmft.md, "Kinked student links"; arXiv 2601.21093 for the DMFT).
 *
 * Why. ℓ(r; y) jumps where a component r_i crosses 0, so ∂ΔZ/∂r has a delta part that the
 * tangents (built on the almost-everywhere Hessian) never see. Its path mean is recovered per
 * active cell e and component i by conditioning on every innovation but ξ_{e,i}, the Cholesky
 * innovation of w_{e,i} (the factor orders w_e's components 1..k):
 *   r_{e,i} = c + s ξ_{e,i},  s = L[(e,i), (e,i)] (the factor's diagonal), ξ* = −c / s,
 *   f[a, b] += φ(ξ*) / s · (ΔZ_a⁺ − ΔZ_a⁻)|_{ξ_{e,i} = ξ*} ⊗ ∂r_{e,i}/∂h_b,   b ≤ e ≤ a,
 * a k-vector times a row over the kick's k components. ∂r_e/∂h_b involves only cells before
 * e, so it does not depend on ξ_{e,i} and is taken from the path's own tangents. ΔZ_a± are
 * plain function values of two "shadow" paths that restart at cell e with ξ_{e,i} = ξ*: the
 * components of r_e before i are unchanged, component i is 0±, the later ones move by
 * L[(e,i'), (e,i)] (ξ* − ξ_{e,i}); for c > e,
 *   r_c^± = r_c + L[(c,·), (e,i)] (ξ* − ξ_{e,i}) − Σ_{e≤c'<c} R_θ[c, c'] (ΔZ_{c'}^± − ΔZ_{c'}),
 * so later kink crossings of the shadows (any component) are included as function values.
 *
 * Units and layout: per path, slots j = 0..J−1 are the active cells in time order (as in
 * marchBatch); blocks are row-major k×k. The one-sided values ℓ(0±) are evaluated at
 * ±Number.MIN_VALUE, which is on the correct side of the kink and rounds every smooth piece to
 * its value at 0. Cost per path and active step: O(J² k³). Memory 3·M·(N+1)²·k² doubles.
 */
import type { Model } from '../../model/types.ts';

export interface KinkState {
  k: number;
  points: number;
  /** Per path, slot e, slot j: the k×k block ∂r_e/∂h_j (j ≤ e). */
  tangent: Float64Array;
  /** Per path, slot e, component i, slot j: the k-vector ΔZ_j of the ± shadow (j ≥ e). */
  plus: Float64Array;
  minus: Float64Array;
  /** φ(ξ*)/s per path, slot and component (0 when that pivot of w_e was skipped). */
  weight: Float64Array;
  /** ξ* − ξ per path, slot and component. */
  shift: Float64Array;
  /** Number of active (cell, component) pairs whose innovation was a skipped pivot. */
  skipped: number;
  value: Float64Array;
  gradient: Float64Array;
  adjoint: Float64Array;
  work: Float64Array;
  rPlus: Float64Array;
  rMinus: Float64Array;
}

export function createKinkState(paths: number, points: number, k = 1): KinkState {
  const kk = k * k;
  const square = points * points;
  return {
    k,
    points,
    tangent: new Float64Array(paths * square * kk),
    plus: new Float64Array(paths * square * kk),
    minus: new Float64Array(paths * square * kk),
    weight: new Float64Array(paths * points * k),
    shift: new Float64Array(paths * points * k),
    skipped: 0,
    value: new Float64Array(k),
    gradient: new Float64Array(k),
    adjoint: new Float64Array(points * kk),
    work: new Float64Array(kk),
    rPlus: new Float64Array(k),
    rMinus: new Float64Array(k),
  };
}

/** Inputs of one path at its active step a (slot `slot`, the last one). */
export interface KinkStepInputs {
  model: Model;
  state: KinkState;
  path: number;
  step: number;
  slot: number;
  /** Slots' grid cells, ΔZ (k each) and A (k×k each) of this path, from slot base `slotBase`. */
  cells: Int32Array;
  slotBase: number;
  slotDZ: Float64Array;
  slotA: Float64Array;
  /** R_θ blocks (k×k) in the (N+1)² layout. */
  rTheta: Float64Array;
  /** The joint Cholesky factor (row length `size`) and the index of w_0's first component. */
  factor: Float64Array;
  size: number;
  wColumn: number;
  /** This path's innovations (the whole row of ξ, same indexing as the factor's columns). */
  innovations: Float64Array;
  innovationBase: number;
  /** The path's pre-jump value r_a (k), the label and the cell multiplier. */
  r: Float64Array;
  y: number;
  mu: number;
  /** Response sum f (path sums), and the optional per-path probe buffer (k×k blocks). */
  responseSum: Float64Array;
  pathResponse?: Float64Array;
  pathResponseOffset?: number;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Writes μ ∇ℓ(r; y) into `out` at `offset`. */
function increment(
  model: Model,
  state: KinkState,
  r: Float64Array,
  y: number,
  mu: number,
  out: Float64Array,
  offset: number,
): void {
  model.grad(r, y, state.gradient);
  for (let i = 0; i < state.k; i++) out[offset + i] = mu * state.gradient[i];
}

export function kinkJumpStep(input: KinkStepInputs): void {
  const { model, state, path, step, slot, cells, slotBase, slotDZ, slotA, rTheta } = input;
  const { factor, size, wColumn, innovations, innovationBase, y, mu, responseSum } = input;
  const { k, points, adjoint, work, rPlus, rMinus } = state;
  const kk = k * k;
  const rowR = step * points * kk;
  // Slot-pair block (e, j) of this path; per-(e, i) vector rows of the shadows.
  const tangentAt = (e: number, j: number): number => ((path * points + e) * points + j) * kk;
  const shadowAt = (e: number, i: number, j: number): number =>
    (((path * points + e) * k + i) * points + j) * k;
  const pairAt = (e: number, i: number): number => (path * points + e) * k + i;
  const factorRow = (cell: number, i: number): number => (wColumn + cell * k + i) * size;

  // 1. Tangent blocks ρ_j = ∂r_a/∂h_{cell j} by the adjoint sweep (as in accumulateResponses):
  //    ρ_a = I, P_j = −Σ_{c>j} ρ_c R_θ[c, j], ρ_j = P_j A_j.
  const own = tangentAt(slot, 0);
  for (let i = 0; i < kk; i++) state.tangent[own + slot * kk + i] = 0;
  for (let i = 0; i < k; i++) state.tangent[own + slot * kk + i * k + i] = 1;
  for (let j = 0; j < slot; j++) {
    const source = rowR + cells[slotBase + j] * kk;
    for (let i = 0; i < kk; i++) adjoint[j * kk + i] = -rTheta[source + i];
  }
  for (let jj = slot - 1; jj >= 0; jj--) {
    const slotJacobian = (slotBase + jj) * kk;
    for (let i = 0; i < k; i++) {
      for (let m = 0; m < k; m++) {
        let sum = 0;
        for (let l = 0; l < k; l++) {
          sum += adjoint[jj * kk + i * k + l] * slotA[slotJacobian + l * k + m];
        }
        work[i * k + m] = sum;
      }
    }
    for (let i = 0; i < kk; i++) state.tangent[own + jj * kk + i] = work[i];
    const cellRow = cells[slotBase + jj] * points * kk;
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

  // 2. Open the shadows of cell a, one per component i: condition on every innovation but
  //    ξ_{a,i}; r_{a,i} = c + s ξ_{a,i} with s the factor's diagonal. Components before i in
  //    the factor's order do not move, component i is set to 0±, later ones of the same
  //    cell move by L[(a, i'), (a, i)] (ξ* − ξ).
  for (let i = 0; i < k; i++) {
    const column = wColumn + step * k + i;
    const s = factor[factorRow(step, i) + column];
    const pair = pairAt(slot, i);
    const xiNow = innovations[innovationBase + column];
    let shift = 0;
    if (s > 0) {
      const xiStar = xiNow - input.r[i] / s;
      state.weight[pair] = (INV_SQRT_2PI * Math.exp(-0.5 * xiStar * xiStar)) / s;
      shift = xiStar - xiNow;
    } else {
      state.weight[pair] = 0;
      state.skipped += 1;
    }
    state.shift[pair] = shift;
    for (let l = 0; l < k; l++) {
      const moved = l > i ? input.r[l] + factor[factorRow(step, l) + column] * shift : input.r[l];
      rPlus[l] = moved;
      rMinus[l] = moved;
    }
    rPlus[i] = Number.MIN_VALUE;
    rMinus[i] = -Number.MIN_VALUE;
    increment(model, state, rPlus, y, mu, state.plus, shadowAt(slot, i, slot));
    increment(model, state, rMinus, y, mu, state.minus, shadowAt(slot, i, slot));
  }

  // 3. Advance the earlier shadows (e, i) to cell a with ξ_{e,i} = ξ*: every w component of
  //    cell a moves by L[(a, l), (e, i)] (ξ* − ξ), and the shadows' own past increments feed
  //    back through R_θ.
  for (let e = 0; e < slot; e++) {
    for (let i = 0; i < k; i++) {
      const pair = pairAt(e, i);
      if (state.weight[pair] === 0) continue;
      const column = wColumn + cells[slotBase + e] * k + i;
      for (let l = 0; l < k; l++) {
        const moved = input.r[l] + factor[factorRow(step, l) + column] * state.shift[pair];
        rPlus[l] = moved;
        rMinus[l] = moved;
      }
      for (let j = e; j < slot; j++) {
        const coupling = rowR + cells[slotBase + j] * kk;
        const shadow = shadowAt(e, i, j);
        const actual = (slotBase + j) * k;
        for (let l = 0; l < k; l++) {
          for (let m = 0; m < k; m++) {
            const c = rTheta[coupling + l * k + m];
            rPlus[l] -= c * (state.plus[shadow + m] - slotDZ[actual + m]);
            rMinus[l] -= c * (state.minus[shadow + m] - slotDZ[actual + m]);
          }
        }
      }
      increment(model, state, rPlus, y, mu, state.plus, shadowAt(e, i, slot));
      increment(model, state, rMinus, y, mu, state.minus, shadowAt(e, i, slot));
    }
  }

  // 4. Scatter f[a, cell j] += φ/s · (ΔZ_a⁺ − ΔZ_a⁻) ⊗ ∂r_{e,i}/∂h_j over e ≤ a, j ≤ e, i.
  const probeOffset = input.pathResponseOffset ?? 0;
  for (let e = 0; e <= slot; e++) {
    for (let i = 0; i < k; i++) {
      const weight = state.weight[pairAt(e, i)];
      if (weight === 0) continue;
      const shadow = shadowAt(e, i, slot);
      for (let m = 0; m < k; m++) {
        const jump = weight * (state.plus[shadow + m] - state.minus[shadow + m]);
        if (jump === 0) continue;
        for (let j = 0; j <= e; j++) {
          const tangentRow = tangentAt(e, j) + i * k;
          const target = cells[slotBase + j] * kk + m * k;
          for (let n = 0; n < k; n++) {
            const value = jump * state.tangent[tangentRow + n];
            responseSum[rowR + target + n] += value;
            if (input.pathResponse) input.pathResponse[probeOffset + target + n] += value;
          }
        }
      }
    }
  }
}
