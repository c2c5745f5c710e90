/**
 * applyCell: the sample-side update of one path over one grid cell (docs/dmft.md).
 *
 * Method. Given the pre-jump value r = r_a (left point, pitfall (i)) and the label y:
 * - single multiplier μ (GF, Bernoulli-SGD, EM-SME):
 *     ΔZ = μ ℓ(r; y),   A = ∂ΔZ/∂r = μ H(r; y),   B = ∂ΔZ/∂y = μ ∂ℓ/∂y(r; y);
 * - Poisson SGD with n ≥ 1 jumps in the cell (pitfall (iii)): the jumps act in sequence on
 *   the cell-local value, using R_θ(τ, τ) = I for the self-effect (pitfall (ii)):
 *     ρ_0 = r,  ρ_{j+1} = ρ_j − γ ℓ(ρ_j; y),  ΔZ = γ Σ_j ℓ(ρ_j; y) = r − ρ_n.
 *   The tangent of the cell map is the chain rule through the sub-jumps:
 *     P_0 = I, P_{j+1} = (I − γ H_j) P_j,  A = γ Σ_j H_j P_j = I − P_n,
 *     q_0 = 0, q_{j+1} = q_j − γ (H_j q_j + ∂_y ℓ_j),  B = −q_n.
 *   A kick to r at the start of the cell therefore moves every later sub-jump of the cell, which
 *   is the meaning of a tangent for a cell holding several jumps.
 * Units: r, ΔZ, B ∈ R^k, A ∈ R^{k×k} row-major. Nothing here allocates.
 */
import type { Model } from '../../model/types.ts';

/** Scratch buffers of applyCell, sized for k. */
export interface CellScratch {
  gradient: Float64Array;
  hessian: Float64Array;
  labelDerivative: Float64Array;
  current: Float64Array;
  tangent: Float64Array;
  labelTangent: Float64Array;
  product: Float64Array;
  vector: Float64Array;
}

export function createCellScratch(k: number): CellScratch {
  return {
    gradient: new Float64Array(k),
    hessian: new Float64Array(k * k),
    labelDerivative: new Float64Array(k),
    current: new Float64Array(k),
    tangent: new Float64Array(k * k),
    labelTangent: new Float64Array(k),
    product: new Float64Array(k * k),
    vector: new Float64Array(k),
  };
}

/**
 * Writes ΔZ into dZ, A into jacobian and, when `withLabel`, B into labelJacobian.
 * `jumps` = 0 selects the single-multiplier form with multiplier `mu`; `jumps` ≥ 1 selects
 * the sequential Poisson form with jump size `mu` (= γ).
 */
export function applyCell(
  model: Model,
  k: number,
  r: Float64Array,
  y: number,
  mu: number,
  jumps: number,
  withLabel: boolean,
  dZ: Float64Array,
  jacobian: Float64Array,
  labelJacobian: Float64Array,
  scratch: CellScratch,
): void {
  const kk = k * k;

  if (jumps === 0) {
    model.grad(r, y, scratch.gradient);
    model.hessian(r, y, scratch.hessian);
    for (let i = 0; i < k; i++) dZ[i] = mu * scratch.gradient[i];
    for (let i = 0; i < kk; i++) jacobian[i] = mu * scratch.hessian[i];
    if (withLabel) {
      model.gradLabelDerivative(r, y, scratch.labelDerivative);
      for (let i = 0; i < k; i++) labelJacobian[i] = mu * scratch.labelDerivative[i];
    }
    return;
  }

  const { current, tangent, labelTangent, product, vector, gradient, hessian } = scratch;
  current.set(r);
  for (let i = 0; i < kk; i++) tangent[i] = i % (k + 1) === 0 ? 1 : 0;
  labelTangent.fill(0);
  dZ.fill(0);

  for (let jump = 0; jump < jumps; jump++) {
    model.grad(current, y, gradient);
    model.hessian(current, y, hessian);

    // P ← (I − γH) P.
    product.fill(0);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        let sum = 0;
        for (let l = 0; l < k; l++) sum += hessian[i * k + l] * tangent[l * k + j];
        product[i * k + j] = sum;
      }
    }
    for (let i = 0; i < kk; i++) tangent[i] -= mu * product[i];

    // q ← q − γ (H q + ∂_y ℓ), using H at the pre-jump value of this sub-jump.
    if (withLabel) {
      model.gradLabelDerivative(current, y, scratch.labelDerivative);
      for (let i = 0; i < k; i++) {
        let sum = scratch.labelDerivative[i];
        for (let l = 0; l < k; l++) sum += hessian[i * k + l] * labelTangent[l];
        vector[i] = sum;
      }
      for (let i = 0; i < k; i++) labelTangent[i] -= mu * vector[i];
    }

    for (let i = 0; i < k; i++) {
      dZ[i] += mu * gradient[i];
      current[i] -= mu * gradient[i];
    }
  }

  for (let i = 0; i < kk; i++) jacobian[i] = (i % (k + 1) === 0 ? 1 : 0) - tangent[i];
  if (withLabel) for (let i = 0; i < k; i++) labelJacobian[i] = -labelTangent[i];
}
