/**
 * kinkJumpResponses: the jump part of the sample-side responses for a student link with a kink
 * at preactivation 0 in each component (relu, abs), any k, every measure (docs/dmft.md,
 * "Kinked student links"; arXiv 2601.21093 for the DMFT).
 *
 * Why. ℓ(ρ; y) jumps where a component ρ_i crosses 0, so ∂ΔZ/∂r has a delta part that the
 * tangents (built on the almost-everywhere Hessian) never see. Each crossing surface is one
 * "kink term" (e, j, i): active cell e, sub-jump j of that cell (j = 0 is the pre-jump value
 * r_e; j ≥ 1 only in Poisson cells with several jumps), component i. Its share of
 * D[a, b] = E[∂ΔZ_a/∂h_b] is
 *   E[ δ(ρ_{j,i}) · (ΔZ_a⁺ − ΔZ_a⁻) ⊗ ∂ρ_{j,i}/∂h_b ],   b ≤ e ≤ a,
 * where ΔZ_a± are the increments of a "shadow" path restarted at the crossing with
 * ρ_{j,i} = 0±, and ∂ρ_{j,i}/∂h_b = row i of P_j ∂r_e/∂h_b (P_j: tangent of the first j
 * sub-jumps). The shadows are plain function values, so their own later crossings count.
 *
 * Two estimators of δ(ρ_{j,i}), chosen per term by a deterministic rule (no selection bias):
 * - conditioning (j = 0, when s ≥ ε): given every innovation but ξ_{e,i}, the Cholesky
 *   innovation of w_{e,i}, r_{e,i} = c + s ξ_{e,i} with s the factor's diagonal; the weight is
 *   φ(ξ*)/s at ξ* = −c/s, and the shadow moves ξ_{e,i} to ξ*: later components of w_e and every
 *   later w_c move by L[(c,·), (e,i)] (ξ* − ξ_{e,i}). Exact; variance ∝ 1/s.
 * - kernel (otherwise): the Epanechnikov weight K_ε(ρ) = 3/(4ε)·(1 − (ρ/ε)²) on |ρ| < ε, with
 *   the shadow taken at the path's own w. Bias O(ε²) (symmetric kernel); variance ∝ 1/ε.
 * Here ε = h·sd(w_{e,i}) with h the bandwidth option. Smooth (GF-like) processes on fine
 * grids have tiny innovations s, where conditioning alone has an unbounded variance and the
 * factor may skip the pivot altogether; the kernel bounds both.
 *
 * Memory is held only by open shadows: a row of (e+1)·k tangents and the ± differences
 * ΔZ^± − ΔZ of every later active cell. Kernel shadows open only inside the band |ρ| < ε.
 * Units and layout: per path, slots are its active cells in time order (as in marchBatch);
 * blocks are row-major k×k. The one-sided values ℓ(0±) are evaluated at ±Number.MIN_VALUE,
 * which is on the correct side of the kink and rounds every smooth piece to its value at 0.
 */
import type { Model } from '../../model/types.ts';

/** Conditioning weights φ(ξ*)/s with |ξ*| above this are below 1e-22/s: not opened. */
const XI_CUTOFF = 10;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

interface Shadow {
  slot: number;
  component: number;
  weight: number;
  /** Factor column of ξ_{e,i} and ξ* − ξ_{e,i} (conditioning); −1 and 0 for the kernel. */
  column: number;
  shift: number;
  /** Row i of ∂ρ_{j}/∂h at each slot b ≤ e (k each). */
  tangent: Float64Array;
  /** ΔZ^± − ΔZ at each slot from e on (k each). */
  plus: Float64Array;
  minus: Float64Array;
}

export interface KinkState {
  k: number;
  points: number;
  /** Bandwidth h: the kernel half-width is ε = h·sd(w_{e,i}). */
  bandwidth: number;
  /** Largest number of doubles the open shadows may hold (per batch). */
  memoryLimit: number;
  shadows: Shadow[][];
  doubles: number;
  conditioned: number;
  kernel: number;
  /** Kink terms at a w with zero variance (the path sits on the kink: θ0 = 0 at t = 0). */
  degenerate: number;
  gradient: Float64Array;
  hessian: Float64Array;
  adjoint: Float64Array;
  blocks: Float64Array;
  work: Float64Array;
  sub: Float64Array;
  subTangent: Float64Array;
  product: Float64Array;
  rPlus: Float64Array;
  rMinus: Float64Array;
  dPlus: Float64Array;
  dMinus: Float64Array;
  prefix: Float64Array;
}

export function createKinkState(
  paths: number,
  points: number,
  k: number,
  bandwidth: number,
  memoryLimit: number,
): KinkState {
  const kk = k * k;
  return {
    k,
    points,
    bandwidth,
    memoryLimit,
    shadows: Array.from({ length: paths }, () => []),
    doubles: 0,
    conditioned: 0,
    kernel: 0,
    degenerate: 0,
    gradient: new Float64Array(k),
    hessian: new Float64Array(kk),
    adjoint: new Float64Array(points * kk),
    blocks: new Float64Array(points * kk),
    work: new Float64Array(kk),
    sub: new Float64Array(k),
    subTangent: new Float64Array(kk),
    product: new Float64Array(kk),
    rPlus: new Float64Array(k),
    rMinus: new Float64Array(k),
    dPlus: new Float64Array(k),
    dMinus: new Float64Array(k),
    prefix: new Float64Array(k),
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
  /** The path's pre-jump value r_a (k), its label, the cell multiplier and jump count. */
  r: Float64Array;
  y: number;
  mu: number;
  /** 0: single multiplier μ; n ≥ 1: n Poisson jumps of size μ = γ in sequence. */
  jumps: number;
  /** Response sum f (path sums), and the optional per-path probe buffer (k×k blocks). */
  responseSum: Float64Array;
  pathResponse?: Float64Array;
  pathResponseOffset?: number;
}

/**
 * ΔZ of one cell started at sub-jump `from` with value `start` (k), plus `prefix` (the ΔZ of
 * the sub-jumps before it): μ∇ℓ for a single multiplier, γΣ_j ∇ℓ(ρ_j) for Poisson jumps.
 */
function cellIncrement(
  model: Model,
  state: KinkState,
  start: Float64Array,
  from: number,
  prefix: Float64Array | undefined,
  y: number,
  mu: number,
  jumps: number,
  out: Float64Array,
): void {
  const { k, gradient } = state;
  if (jumps === 0) {
    model.grad(start, y, gradient);
    for (let i = 0; i < k; i++) out[i] = mu * gradient[i];
    return;
  }
  for (let i = 0; i < k; i++) out[i] = prefix ? prefix[i] : 0;
  for (let jump = from; jump < jumps; jump++) {
    model.grad(start, y, gradient);
    for (let i = 0; i < k; i++) {
      out[i] += mu * gradient[i];
      start[i] -= mu * gradient[i];
    }
  }
}

function kernelWeight(rho: number, epsilon: number): number {
  const u = rho / epsilon;
  return u * u < 1 ? (0.75 * (1 - u * u)) / epsilon : 0;
}

/** Blocks ∂r_a/∂h_{slot j}, j ≤ slot, by the adjoint sweep (as in accumulateResponses). */
function tangentBlocks(input: KinkStepInputs): void {
  const { state, step, slot, cells, slotBase, slotA, rTheta } = input;
  const { k, points, adjoint, blocks, work } = state;
  const kk = k * k;
  const rowR = step * points * kk;
  for (let i = 0; i < kk; i++) blocks[slot * kk + i] = i % (k + 1) === 0 ? 1 : 0;
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
    for (let i = 0; i < kk; i++) blocks[jj * kk + i] = work[i];
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
}

function openShadow(
  input: KinkStepInputs,
  component: number,
  weight: number,
  column: number,
  shift: number,
  subTangent: Float64Array,
  conditioned: boolean,
): Shadow {
  const { state, slot, step } = input;
  const { k, blocks } = state;
  const remaining = (state.points - step) * k;
  const tangent = new Float64Array((slot + 1) * k);
  for (let b = 0; b <= slot; b++) {
    for (let n = 0; n < k; n++) {
      let sum = 0;
      for (let l = 0; l < k; l++)
        sum += subTangent[component * k + l] * blocks[b * k * k + l * k + n];
      tangent[b * k + n] = sum;
    }
  }
  state.doubles += tangent.length + 2 * remaining;
  if (state.doubles > state.memoryLimit) {
    throw new RangeError(
      `the kinked student's jump responses need more than ${(state.memoryLimit * 8) / 2 ** 30} ` +
        'GiB of shadow paths in one batch: use fewer paths per batch (more --batches), a ' +
        'coarser --dt or a shorter horizon',
    );
  }
  const shadow: Shadow = {
    slot,
    component,
    weight,
    column,
    shift,
    tangent,
    plus: new Float64Array(remaining),
    minus: new Float64Array(remaining),
  };
  state.shadows[input.path].push(shadow);
  if (conditioned) state.conditioned += 1;
  else state.kernel += 1;
  return shadow;
}

export function kinkJumpStep(input: KinkStepInputs): void {
  const { model, state, path, step, slot, cells, slotBase, slotDZ, rTheta } = input;
  const { factor, size, wColumn, innovations, innovationBase, r, y, mu, jumps } = input;
  const { k, points, rPlus, rMinus, dPlus, dMinus, sub, subTangent, product, hessian } = state;
  const kk = k * k;
  const rowR = step * points * kk;
  const factorRow = (cell: number, i: number): number => (wColumn + cell * k + i) * size;
  const own = (slotBase + slot) * k;
  const shadows = state.shadows[path];

  // 1. Advance the shadows opened at earlier slots through cell a: conditioning shadows move
  //    every component of w_a by L[(a, l), (e, i)] (ξ* − ξ); all feed their past differences
  //    back through R_θ.
  for (const shadow of shadows) {
    for (let l = 0; l < k; l++) {
      const moved =
        shadow.column >= 0 ? factor[factorRow(step, l) + shadow.column] * shadow.shift : 0;
      rPlus[l] = r[l] + moved;
      rMinus[l] = r[l] + moved;
    }
    for (let j = shadow.slot; j < slot; j++) {
      const coupling = rowR + cells[slotBase + j] * kk;
      const at = (j - shadow.slot) * k;
      for (let l = 0; l < k; l++) {
        for (let m = 0; m < k; m++) {
          const c = rTheta[coupling + l * k + m];
          rPlus[l] -= c * shadow.plus[at + m];
          rMinus[l] -= c * shadow.minus[at + m];
        }
      }
    }
    cellIncrement(model, state, rPlus, 0, undefined, y, mu, jumps, dPlus);
    cellIncrement(model, state, rMinus, 0, undefined, y, mu, jumps, dMinus);
    const at = (slot - shadow.slot) * k;
    for (let m = 0; m < k; m++) {
      shadow.plus[at + m] = dPlus[m] - slotDZ[own + m];
      shadow.minus[at + m] = dMinus[m] - slotDZ[own + m];
    }
  }

  // 2. Open this cell's kink terms. Sub-jump j = 0 for every measure; j ≥ 1 in Poisson cells
  //    with several jumps, where ρ_j and P_j follow the cell's own sequence.
  let blocksReady = false;
  const subJumps = Math.max(jumps, 1);
  sub.set(r);
  for (let i = 0; i < kk; i++) subTangent[i] = i % (k + 1) === 0 ? 1 : 0;
  const prefix = state.prefix;
  prefix.fill(0);
  for (let j = 0; j < subJumps; j++) {
    let nearKink = false;
    for (let i = 0; i < k; i++) {
      const column = wColumn + step * k + i;
      const rowStart = factorRow(step, i);
      let variance = 0;
      for (let c = 0; c <= column; c++) variance += factor[rowStart + c] ** 2;
      const epsilon = state.bandwidth * Math.sqrt(variance);
      if (!(epsilon > 0)) {
        if (j === 0) state.degenerate += 1;
        continue;
      }
      const s = factor[rowStart + column];
      if (Math.abs(sub[i]) < epsilon) nearKink = true;
      let weight: number;
      let shift = 0;
      let conditioned = false;
      let moves = false;
      if (j === 0 && s >= epsilon) {
        const xiNow = innovations[innovationBase + column];
        const xiStar = xiNow - r[i] / s;
        if (Math.abs(xiStar) > XI_CUTOFF) continue;
        weight = (INV_SQRT_2PI * Math.exp(-0.5 * xiStar * xiStar)) / s;
        shift = xiStar - xiNow;
        conditioned = true;
        moves = true;
      } else {
        weight = kernelWeight(sub[i], epsilon);
        if (weight === 0) continue;
        if (j === 0 && s > 0) {
          // Consistent kernel shadow: move the innovation ξ_{e,i} so that r_{e,i} = 0 exactly
          // and carry the move into every later w (as conditioning does). The shadow is then a
          // genuine path of the process through the kink, a smooth function of the predicted
          // value c = r − sξ, so the kernel's bias is O(ε²) on the scale of sd(c). Keeping the
          // path's own later w instead leaves the shadow O(ε) off the process; on a smooth
          // (GF-like) path, where r moves by much less than ε per cell, that bias is O(1).
          shift = -r[i] / s;
          moves = true;
        }
      }
      if (!blocksReady) {
        tangentBlocks(input);
        blocksReady = true;
      }
      const shadow = openShadow(
        input,
        i,
        weight,
        moves ? column : -1,
        shift,
        subTangent,
        conditioned,
      );

      for (let l = 0; l < k; l++) {
        const moved = moves && l > i ? factor[factorRow(step, l) + column] * shift : 0;
        rPlus[l] = sub[l] + moved;
        rMinus[l] = sub[l] + moved;
      }
      rPlus[i] = Number.MIN_VALUE;
      rMinus[i] = -Number.MIN_VALUE;
      const first = jumps === 0 ? undefined : prefix;
      cellIncrement(model, state, rPlus, j, first, y, mu, jumps, state.dPlus);
      cellIncrement(model, state, rMinus, j, first, y, mu, jumps, state.dMinus);
      for (let m = 0; m < k; m++) {
        shadow.plus[m] = state.dPlus[m] - slotDZ[own + m];
        shadow.minus[m] = state.dMinus[m] - slotDZ[own + m];
      }
    }
    // A later sub-jump's surface ρ_{j+1} = 0 is a crossing only where ρ_{j+1} moves
    // continuously with r. Next to this sub-jump's own kink it does not (with relu, a path
    // just below 0 stays there and ρ_{j+1} = ρ_j sits in the band without crossing), so the
    // later terms of a path inside a band are left out; the crossings lost that way lie
    // within O(ε) of another kink, an O(ε²) share.
    if (jumps === 0 || j + 1 === subJumps || nearKink) break;

    // Next sub-jump: ρ_{j+1} = ρ_j − γ∇ℓ(ρ_j), P_{j+1} = (I − γH(ρ_j)) P_j.
    model.grad(sub, y, state.gradient);
    model.hessian(sub, y, hessian);
    for (let i = 0; i < k; i++) {
      for (let n = 0; n < k; n++) {
        let sum = 0;
        for (let l = 0; l < k; l++) sum += hessian[i * k + l] * subTangent[l * k + n];
        product[i * k + n] = sum;
      }
    }
    for (let i = 0; i < kk; i++) subTangent[i] -= mu * product[i];
    for (let i = 0; i < k; i++) {
      prefix[i] += mu * state.gradient[i];
      sub[i] -= mu * state.gradient[i];
    }
  }

  // 3. Scatter f[a, cell b] += weight · (ΔZ_a⁺ − ΔZ_a⁻) ⊗ ∂ρ/∂h_b over every open shadow.
  const probeOffset = input.pathResponseOffset ?? 0;
  for (let index = 0; index < shadows.length; index++) {
    const shadow = shadows[index];
    const at = (slot - shadow.slot) * k;
    for (let m = 0; m < k; m++) {
      const jump = shadow.weight * (shadow.plus[at + m] - shadow.minus[at + m]);
      if (jump === 0) continue;
      for (let b = 0; b <= shadow.slot; b++) {
        const target = cells[slotBase + b] * kk + m * k;
        for (let n = 0; n < k; n++) {
          const value = jump * shadow.tangent[b * k + n];
          input.responseSum[rowR + target + n] += value;
          if (input.pathResponse) input.pathResponse[probeOffset + target + n] += value;
        }
      }
    }
  }
}
