/**
 * multiplierMoments: the first and second moments of one grid cell's multiplier for an
 * affine loss gradient ℓ(r; y) = H r + u (docs/dmft-performance.md, docs/dmft.md).
 *
 * Method. A cell maps the pre-jump value r to the increment ΔZ = μ ℓ(r; y), where μ is:
 * - 'gf': dt;  'sme': dt + √(γ dt) ξ;  'bernoulli-sgd': γ·Bernoulli(dt/γ) — a scalar with
 *   E μ = dt and E μ² = dt², dt² + γ dt, γ dt respectively;
 * - 'sgd': n ~ Poisson(p), p = dt/γ, jumps applied in turn: ρ_{j+1} = (I − γH)ρ_j − γu, so
 *   ΔZ = r − ρ_n = φ_n(H) ℓ(r; y) with φ_n(h) = γ Σ_{j<n} (1 − γh)^j = (1 − (1 − γh)^n)/h,
 *   a matrix function of H. In an eigenbasis H = V diag(h) Vᵀ, with E x^n = e^{p(x − 1)}:
 *     E φ_n(h_i)          = dt·ψ(−dt h_i),
 *     E φ_n(h_i) φ_n(h_j) = dt² ψ(−dt h_i) ψ(−dt h_j) + dt γ e^{−dt(h_i + h_j)} ψ(dt γ h_i h_j),
 *   with ψ(x) = expm1(x)/x (ψ(0) = 1). The second line is 1 − E q_i^n − E q_j^n + E(q_i q_j)^n
 *   over h_i h_j (q = 1 − γh) rewritten as expm1(A)expm1(B) + e^{A+B} expm1(dt γ h_i h_j),
 *   which has no cancellation as h → 0, where it tends to γ² E n² = dt² + γ dt.
 * The closure then needs E μ (the k×k matrix `mean`) and X ↦ E[μ X μᵀ]
 * (secondMomentApply), which is m2·X for a scalar multiplier and V (E2 ∘ (Vᵀ X V)) Vᵀ for
 * 'sgd', E2[i, j] = E φ_n(h_i) φ_n(h_j). Units: μ multiplies ℓ, so it carries time units.
 */
import { symmetricEigen } from '../../model/expectGaussian.ts';
import type { DmftMeasure } from './types.ts';
import { isMutant } from '../../mutants/activeMutant.ts';

export interface MultiplierMoments {
  k: number;
  /** E μ, k×k row-major (a function of H, hence symmetric and commuting with H). */
  mean: Float64Array;
  /** Scalar multiplier: E μ²; NaN for the matrix ('sgd') case. */
  scalarSecond: number;
  /** Matrix case: eigenvectors V (column j = vector j, row-major) and E2 (k×k). */
  basis: Float64Array;
  second: Float64Array;
}

/** ψ(x) = (e^x − 1)/x, continuous at 0. */
function relativeExpm1(x: number): number {
  return x === 0 ? 1 : Math.expm1(x) / x;
}

export function multiplierMoments(
  measure: DmftMeasure,
  dt: number,
  gamma: number,
  hessian: Float64Array,
  k: number,
): MultiplierMoments {
  const kk = k * k;
  const mean = new Float64Array(kk);
  if (measure !== 'sgd') {
    let second: number;
    if (measure === 'gf') second = dt * dt;
    else if (measure === 'bernoulli-sgd') second = gamma * dt;
    // Mutant 'dmft-sme-noise-eta' (src/mutants): SME noise ∝ γΔ instead of √(γΔ).
    else second = dt * dt + (isMutant('dmft-sme-noise-eta') ? gamma * gamma * dt * dt : gamma * dt);
    for (let i = 0; i < k; i++) mean[i * k + i] = dt;
    return {
      k,
      mean,
      scalarSecond: second,
      basis: new Float64Array(0),
      second: new Float64Array(0),
    };
  }

  // Poisson clock: moments of φ_n in the eigenbasis of H.
  const rows = Array.from({ length: k }, (_, i) =>
    Array.from({ length: k }, (_, j) => hessian[i * k + j]),
  );
  const eigen = symmetricEigen(rows);
  const basis = new Float64Array(kk);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) basis[i * k + j] = eigen.vectors[i][j];
  const first = Array.from(eigen.values, (h) => dt * relativeExpm1(-dt * h));
  const second = new Float64Array(kk);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const hi = eigen.values[i];
      const hj = eigen.values[j];
      second[i * k + j] =
        dt * dt * relativeExpm1(-dt * hi) * relativeExpm1(-dt * hj) +
        dt * gamma * Math.exp(-dt * (hi + hj)) * relativeExpm1(dt * gamma * hi * hj);
    }
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let l = 0; l < k; l++) sum += basis[i * k + l] * first[l] * basis[j * k + l];
      mean[i * k + j] = sum;
    }
  }
  return { k, mean, scalarSecond: Number.NaN, basis, second };
}

/** out (k×k at outOffset) = E[μ X μᵀ] for X (k×k at xOffset); `work` holds ≥ 2k² entries. */
export function secondMomentApply(
  moments: MultiplierMoments,
  x: Float64Array,
  xOffset: number,
  out: Float64Array,
  outOffset: number,
  work: Float64Array,
): void {
  const { k, basis, second } = moments;
  const kk = k * k;
  if (!Number.isNaN(moments.scalarSecond)) {
    for (let i = 0; i < kk; i++) out[outOffset + i] = moments.scalarSecond * x[xOffset + i];
    return;
  }

  // Y = Vᵀ X V, then Y ∘ E2, then V Y Vᵀ.
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let l = 0; l < k; l++) sum += x[xOffset + i * k + l] * basis[l * k + j];
      work[i * k + j] = sum;
    }
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let l = 0; l < k; l++) sum += basis[l * k + i] * work[l * k + j];
      work[kk + i * k + j] = sum * second[i * k + j];
    }
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let l = 0; l < k; l++) sum += basis[i * k + l] * work[kk + l * k + j];
      work[i * k + j] = sum;
    }
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let l = 0; l < k; l++) sum += work[i * k + l] * basis[j * k + l];
      out[outOffset + i * k + j] = sum;
    }
  }
}
