/**
 * kinkJumpResponses: the jump part of the sample-side responses for a student link with a kink
 * at preactivation 0 (relu, abs), k = 1, single-multiplier cells (docs/dmft.md, "Kinked
 * student links"; arXiv 2601.21093 for the DMFT).
 *
 * Why. ℓ(r; y) jumps where r crosses 0, so ∂ΔZ/∂r has a delta part that the tangents (built
 * on the almost-everywhere Hessian) never see. Its path mean is recovered by conditioning on
 * everything but the Cholesky innovation ξ_e of w_e:
 *   r_e = c_e + s_e ξ_e,  s_e = L[e, e] (the factor's diagonal), ξ* = −c_e / s_e,
 *   f[a, b] += φ(ξ*) / s_e · (ΔZ_a⁺ − ΔZ_a⁻)|_{ξ_e = ξ*} · ∂r_e/∂h_b,   b ≤ e ≤ a.
 * ∂r_e/∂h_b involves only cells before e, so it is independent of ξ_e and is taken from the
 * path's own tangents. ΔZ_a± are plain function values of two "shadow" paths that restart at
 * cell e from r_e = 0± and march on with ξ_e = ξ*: for c > e,
 *   r_c^± = r_c + L[c, e] (ξ* − ξ_e) − Σ_{e ≤ c' < c} R_θ[c, c'] (ΔZ_{c'}^± − ΔZ_{c'}),
 * so later kink crossings of the shadows are included as function values.
 *
 * Units and layout: per path, slots j = 0..J−1 are the active cells in time order (as in
 * marchBatch). Per path and slot pair (e, j), row-major in (points × points) blocks:
 * tangent[e][j] = ∂r_{cell e}/∂h_{cell j} (j ≤ e), plus[e][j], minus[e][j] = shadow ΔZ at
 * slot j ≥ e. The one-sided values ℓ(0±) are evaluated at ±Number.MIN_VALUE, which is on the
 * correct side of the kink and rounds every smooth piece to its value at 0.
 * Cost per path and active step: O(J²) for the shadows and the scatter. Memory 3·M·(N+1)².
 */
import type { Model } from '../../model/types.ts';

export interface KinkState {
  points: number;
  tangent: Float64Array;
  plus: Float64Array;
  minus: Float64Array;
  /** φ(ξ*)/s_e per path and slot (0 when the pivot of w_e was skipped). */
  weight: Float64Array;
  /** ξ* − ξ_e per path and slot. */
  shift: Float64Array;
  /** Number of active cells whose w innovation was a skipped pivot (jump part dropped). */
  skipped: number;
  value: Float64Array;
  gradient: Float64Array;
  adjoint: Float64Array;
}

export function createKinkState(paths: number, points: number): KinkState {
  const square = points * points;
  return {
    points,
    tangent: new Float64Array(paths * square),
    plus: new Float64Array(paths * square),
    minus: new Float64Array(paths * square),
    weight: new Float64Array(paths * points),
    shift: new Float64Array(paths * points),
    skipped: 0,
    value: new Float64Array(1),
    gradient: new Float64Array(1),
    adjoint: new Float64Array(points),
  };
}

/** Inputs of one path at its active step a (slot `slot`, the last one). */
export interface KinkStepInputs {
  model: Model;
  state: KinkState;
  path: number;
  step: number;
  slot: number;
  /** Slots' grid cells, ΔZ and A of this path (k = 1), from slot base `slotBase`. */
  cells: Int32Array;
  slotBase: number;
  slotDZ: Float64Array;
  slotA: Float64Array;
  /** R_θ blocks in the (N+1)² layout (k = 1). */
  rTheta: Float64Array;
  /** Row of the joint Cholesky factor for w_a, and its column offset for w_0. */
  factor: Float64Array;
  factorRow: number;
  wColumn: number;
  /** The path's ξ_a and pre-jump value r_a, the label and the cell multiplier. */
  innovation: number;
  r: number;
  y: number;
  mu: number;
  /** Response sum f (path sums), and the optional per-path probe buffer. */
  responseSum: Float64Array;
  pathResponse?: Float64Array;
  pathResponseOffset?: number;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

function increment(model: Model, state: KinkState, r: number, y: number, mu: number): number {
  state.value[0] = r;
  model.grad(state.value, y, state.gradient);
  return mu * state.gradient[0];
}

export function kinkJumpStep(input: KinkStepInputs): void {
  const { model, state, path, step, slot, cells, slotBase, slotDZ, slotA, rTheta } = input;
  const { factor, factorRow, wColumn, y, mu, responseSum } = input;
  const points = state.points;
  const square = points * points;
  const base = path * square;
  const rowR = step * points;
  const adjoint = state.adjoint;

  // 1. Tangent row ∂r_a/∂h_{cell j} by the scalar adjoint sweep (as in accumulateResponses).
  const ownRow = base + slot * points;
  state.tangent[ownRow + slot] = 1;
  for (let j = 0; j < slot; j++) adjoint[j] = -rTheta[rowR + cells[slotBase + j]];
  for (let jj = slot - 1; jj >= 0; jj--) {
    const rho = adjoint[jj] * slotA[slotBase + jj];
    state.tangent[ownRow + jj] = rho;
    if (rho === 0) continue;
    const cellRow = cells[slotBase + jj] * points;
    for (let j = 0; j < jj; j++) adjoint[j] -= rho * rTheta[cellRow + cells[slotBase + j]];
  }

  // 2. Open the shadows of cell a: r_a = 0±, weight φ(ξ*)/s_a.
  const s = factor[factorRow + wColumn + step];
  const pathSlot = path * points + slot;
  if (s > 0) {
    const xiStar = input.innovation - input.r / s;
    state.weight[pathSlot] = (INV_SQRT_2PI * Math.exp(-0.5 * xiStar * xiStar)) / s;
    state.shift[pathSlot] = xiStar - input.innovation;
  } else {
    state.weight[pathSlot] = 0;
    state.shift[pathSlot] = 0;
    state.skipped += 1;
  }
  state.plus[ownRow + slot] = increment(model, state, Number.MIN_VALUE, y, mu);
  state.minus[ownRow + slot] = increment(model, state, -Number.MIN_VALUE, y, mu);

  // 3. Advance the earlier shadows to cell a with ξ_e = ξ*.
  for (let e = 0; e < slot; e++) {
    const weight = state.weight[path * points + e];
    if (weight === 0) continue;
    const row = base + e * points;
    const moved =
      input.r + factor[factorRow + wColumn + cells[slotBase + e]] * state.shift[path * points + e];
    let rPlus = moved;
    let rMinus = moved;
    for (let j = e; j < slot; j++) {
      const coupling = rTheta[rowR + cells[slotBase + j]];
      rPlus -= coupling * (state.plus[row + j] - slotDZ[slotBase + j]);
      rMinus -= coupling * (state.minus[row + j] - slotDZ[slotBase + j]);
    }
    state.plus[row + slot] = increment(model, state, rPlus, y, mu);
    state.minus[row + slot] = increment(model, state, rMinus, y, mu);
  }

  // 4. Scatter f[a, cell j] += φ/s · (ΔZ_a⁺ − ΔZ_a⁻) · ∂r_e/∂h_j over e ≤ a, j ≤ e.
  const probeOffset = input.pathResponseOffset ?? 0;
  for (let e = 0; e <= slot; e++) {
    const weight = state.weight[path * points + e];
    if (weight === 0) continue;
    const row = base + e * points;
    const jump = weight * (state.plus[row + slot] - state.minus[row + slot]);
    if (jump === 0) continue;
    for (let j = 0; j <= e; j++) {
      const value = jump * state.tangent[row + j];
      responseSum[rowR + cells[slotBase + j]] += value;
      if (input.pathResponse) input.pathResponse[probeOffset + cells[slotBase + j]] += value;
    }
  }
}
