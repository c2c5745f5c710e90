/**
 * marchDeterministic: the DMFT grid scheme for an affine loss gradient and a linear label
 * map, solved with no Monte Carlo by marching the exact second moments of the sample side
 * (docs/dmft-performance.md; docs/dmft.md, §2.5, §5.2–5.4; arXiv 2601.21093).
 *
 * Method. With ℓ(r; y) = H r + B s, s = (1, r*, ε) and E s sᵀ = I (affineSampleModel), one
 * path obeys
 *   r_a = w_a − Σ_{b<a} R_θ[a, b] ΔZ_b,   ℓ_a = H r_a + B s,   ΔZ_a = μ_a ℓ_a,
 * where μ_a is the cell multiplier (a scalar, or the matrix φ_n(H) for the Poisson clock),
 * independent of everything else and of the other cells; ℓ_a depends on μ_b only for b < a.
 * Each product that a closure needs therefore holds μ_a at most once to the first power
 * against cells < a, or twice against itself, so the closures involve only
 * L := E μ and X ↦ E[μ X μᵀ] (multiplierMoments), never Monte Carlo. For row a, with
 * m_a = E w_a r*ᵀ and C_θ from the parameter side (parameterRow):
 *   W[a, b] := E[w_a ΔZ_bᵀ] = ((C_θ[a, b] − Σ_{c<b} W[a, c] R_θ[b, c]ᵀ) H + m_a Aᵀ) L,  b < a
 *   E[s r_aᵀ]  = E[s w_aᵀ] − Σ_{c<a} S[c] R_θ[a, c]ᵀ,           S[c] := E[s ΔZ_cᵀ]
 *   X[b]       = Σ_{c<a} R_θ[a, c] G[c, b],   E[r_a ΔZ_bᵀ] = W[a, b] − X[b]
 *   E[r_a r_aᵀ] = C_θ[a, a] − Σ_c (W[a, c] R_θ[a, c]ᵀ + R_θ[a, c] W[a, c]ᵀ) + Σ_b X[b] R_θ[a, b]ᵀ
 *   G[a, b]    = L (H E[r_a ΔZ_bᵀ] + B S[b])                        (b < a)
 *   G[a, a]    = E[μ E[ℓ_a ℓ_aᵀ] μᵀ],  E[ℓ_a ℓ_aᵀ] = H E[r rᵀ] H + T + Tᵀ + B Bᵀ, T = B E[s rᵀ] H
 *   S[a]       = (E[s r_aᵀ] H + Bᵀ) L
 *   f[a, a]    = L H,  f[a, b] = −L H Σ_{c=b}^{a−1} R_θ[a, c] f[c, b]   (E ∂ΔZ_a/∂h_b)
 *   E ∂ΔZ_a/∂r* = L (H v_a + A),  v_a = −Σ_{c<a} R_θ[a, c] E ∂ΔZ_c/∂r*   (w fixed; A = c1 aᵀ)
 *   E[Z_{a+1} r*ᵀ] = E[Z_a r*ᵀ] + (r*-rows of S[a])ᵀ
 *   train risk  = E L(0; y) + tr(B E[s r_aᵀ]) + ½ tr(H E[r_a r_aᵀ])
 * These are exactly the path means that marchBatch estimates, so the result is the M → ∞
 * limit of the Monte Carlo scheme: for 'gf' the exact DMFT of GD with step dt, for
 * 'bernoulli-sgd' of Bernoulli-batch SGD, for 'sme' of Euler–Maruyama SME (docs/dmft.md).
 * The state layout is that of ./batchState.ts, so parameterRow and kernelsFromStates apply
 * unchanged. Cost O(N³k³/3) for N steps; memory one extra (N+1)² block array (W).
 *
 * Divergence: as in marchBatch (non-finite or > DIVERGENCE_BOUND diagonal of C_θ, or a
 * non-finite sample-side moment); grid points before the failing one stay valid.
 */
import type { AffineSampleModel } from './affineSampleModel.ts';
import { type BatchState, createBatchState } from './batchState.ts';
import { blockMultiplyAdd, blockMultiplyAddTransposed } from './blockAlgebra.ts';
import type { BatchOutcome } from './marchBatch.ts';
import { DIVERGENCE_BOUND } from './marchBatch.ts';
import { multiplierMoments, secondMomentApply } from './multiplierMoments.ts';
import { parameterRow } from './parameterRow.ts';
import { parameterRowScalar } from './parameterRowScalar.ts';
import type { DmftMeasure } from './types.ts';

export interface DeterministicSpec {
  affine: AffineSampleModel;
  measure: DmftMeasure;
  steps: number;
  dt: number;
  lambda: number;
  delta: number;
  gamma: number;
  /** O = E θ0θ*ᵀ, k×k* row-major. */
  overlap: Float64Array;
  /** E θ0θ0ᵀ, k×k row-major. */
  initSecondMoment: Float64Array;
  onStep?: (step: number) => void;
}

function isFiniteArray(values: Float64Array, offset: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (!Number.isFinite(values[offset + i])) return false;
  return true;
}

/** Symmetrises a k×k block in place (both halves hold the mean). */
function symmetrise(values: Float64Array, offset: number, k: number): void {
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < i; j++) {
      const mean = 0.5 * (values[offset + i * k + j] + values[offset + j * k + i]);
      values[offset + i * k + j] = mean;
      values[offset + j * k + i] = mean;
    }
  }
}

export function marchDeterministic(spec: DeterministicSpec): BatchOutcome {
  const { affine, steps, dt } = spec;
  const { k, kStar, q, hessian, source, labelJacobian } = affine;
  const kk = k * k;
  const ks = k * kStar;
  const qk = q * k;
  const points = steps + 1;
  const block = (row: number, col: number): number => (row * points + col) * kk;
  const state: BatchState = createBatchState(
    k,
    kStar,
    steps,
    dt,
    spec.lambda,
    spec.delta,
    spec.overlap,
    spec.initSecondMoment,
    true,
  );
  const moments = multiplierMoments(spec.measure, dt, spec.gamma, hessian, k);
  const mean = moments.mean;

  // K = L H, the mean response of one cell to its own input (f[a, a]).
  const response = new Float64Array(kk);
  blockMultiplyAdd(response, 0, mean, 0, hessian, 0, k, k, k, 1);

  // Moments carried across rows.
  const inputCross = new Float64Array(points * points * kk);
  const sourceCross = new Float64Array(points * qk);

  // Row scratch.
  const residual = new Float64Array(kk);
  const product = new Float64Array(kk);
  const sourceR = new Float64Array(qk);
  const rr = new Float64Array(kk);
  const ll = new Float64Array(kk);
  const mixed = new Float64Array(kk);
  const sourceH = new Float64Array(qk);
  const tangent = new Float64Array(ks);
  const inner = new Float64Array(ks);
  const work = new Float64Array(2 * kk);
  const trainRisk = new Float64Array(points);

  const diverged = (a: number, cause: string): BatchOutcome => ({
    state,
    trainRisk,
    validSteps: a,
    divergence: { step: a, cause },
    pivotsSkipped: 0,
  });

  for (let a = 0; a <= steps; a++) {
    // 1. Parameter side, row a, and the divergence test of marchBatch.
    (k === 1 ? parameterRowScalar : parameterRow)(state, a);
    const diagonal = block(a, a);
    if (!isFiniteArray(state.c, diagonal, kk)) return diverged(a, 'non-finite C_theta');
    for (let i = 0; i < k; i++) {
      if (state.c[diagonal + i * k + i] > DIVERGENCE_BOUND) {
        return diverged(a, `C_theta diagonal exceeded ${DIVERGENCE_BOUND}`);
      }
    }

    // 2. W[a, b] = E[w_a ΔZ_bᵀ] for b < a, marched in b (scalar loops when k = 1).
    if (k === 1) {
      const row = a * points;
      const drift = state.m.subarray(a * kStar, a * kStar + kStar);
      let labelTerm = 0;
      for (let j = 0; j < kStar; j++) labelTerm += drift[j] * labelJacobian[j];
      for (let b = 0; b < a; b++) {
        let sum = state.c[row + b];
        const rRow = b * points;
        for (let c = 0; c < b; c++) sum -= inputCross[row + c] * state.rTheta[rRow + c];
        inputCross[row + b] = (sum * hessian[0] + labelTerm) * mean[0];
      }
    }
    for (let b = 0; b < a && k > 1; b++) {
      residual.set(state.c.subarray(block(a, b), block(a, b) + kk));
      for (let c = 0; c < b; c++) {
        blockMultiplyAddTransposed(
          residual,
          0,
          inputCross,
          block(a, c),
          state.rTheta,
          block(b, c),
          k,
          k,
          k,
          -1,
        );
      }
      product.fill(0);
      blockMultiplyAdd(product, 0, residual, 0, hessian, 0, k, k, k, 1);
      blockMultiplyAddTransposed(product, 0, state.m, a * ks, labelJacobian, 0, k, kStar, k, 1);
      const target = block(a, b);
      inputCross.fill(0, target, target + kk);
      blockMultiplyAdd(inputCross, target, product, 0, mean, 0, k, k, k, 1);
    }

    // 3. E[s r_aᵀ]: E[r* w_aᵀ] = m_aᵀ in the r* rows, minus the past increments.
    sourceR.fill(0);
    for (let j = 0; j < kStar; j++) {
      for (let i = 0; i < k; i++) sourceR[(1 + j) * k + i] = state.m[a * ks + i * kStar + j];
    }
    for (let c = 0; c < a; c++) {
      blockMultiplyAddTransposed(
        sourceR,
        0,
        sourceCross,
        c * qk,
        state.rTheta,
        block(a, c),
        q,
        k,
        k,
        -1,
      );
    }

    // 4. X[b] = Σ_{c<a} R_θ[a, c] G[c, b], which parameterRow has just left in
    //    state.scratchX (batchState.ts: "X = R_θ[a, ·] G"), and E[r_a r_aᵀ].
    const x = state.scratchX;
    rr.set(state.c.subarray(diagonal, diagonal + kk));
    for (let c = 0; c < a; c++) {
      blockMultiplyAddTransposed(
        rr,
        0,
        inputCross,
        block(a, c),
        state.rTheta,
        block(a, c),
        k,
        k,
        k,
        -1,
      );
      blockMultiplyAddTransposed(
        rr,
        0,
        state.rTheta,
        block(a, c),
        inputCross,
        block(a, c),
        k,
        k,
        k,
        -1,
      );
      blockMultiplyAddTransposed(rr, 0, x, c * kk, state.rTheta, block(a, c), k, k, k, 1);
    }
    symmetrise(rr, 0, k);
    if (!isFiniteArray(rr, 0, kk) || !isFiniteArray(sourceR, 0, qk)) {
      return diverged(a, 'non-finite sample-side second moment');
    }

    // 5. Train risk E L(r_a; y) = E L(0; y) + tr(B E[s rᵀ]) + ½ tr(H E[r rᵀ]).
    let risk = affine.lossAtZeroMean;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < q; j++) risk += source[i * q + j] * sourceR[j * k + i];
      for (let j = 0; j < k; j++) risk += 0.5 * hessian[i * k + j] * rr[j * k + i];
    }
    trainRisk[a] = risk;

    if (a < steps) {
      // 6. G[a, b] = L (H (W[a, b] − X[b]) + B S[b]) for b < a.
      for (let b = 0; b < a; b++) {
        for (let i = 0; i < kk; i++) residual[i] = inputCross[block(a, b) + i] - x[b * kk + i];
        product.fill(0);
        blockMultiplyAdd(product, 0, hessian, 0, residual, 0, k, k, k, 1);
        blockMultiplyAdd(product, 0, source, 0, sourceCross, b * qk, k, q, k, 1);
        const target = block(a, b);
        state.g.fill(0, target, target + kk);
        blockMultiplyAdd(state.g, target, mean, 0, product, 0, k, k, k, 1);
      }

      // 7. G[a, a] = E[μ E[ℓℓᵀ] μᵀ] with E[ℓℓᵀ] = H rr H + T + Tᵀ + B Bᵀ, T = B E[s rᵀ] H.
      product.fill(0);
      blockMultiplyAdd(product, 0, hessian, 0, rr, 0, k, k, k, 1);
      ll.fill(0);
      blockMultiplyAdd(ll, 0, product, 0, hessian, 0, k, k, k, 1);
      sourceH.fill(0);
      blockMultiplyAdd(sourceH, 0, sourceR, 0, hessian, 0, q, k, k, 1);
      mixed.fill(0);
      blockMultiplyAdd(mixed, 0, source, 0, sourceH, 0, k, q, k, 1);
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) ll[i * k + j] += mixed[i * k + j] + mixed[j * k + i];
      }
      blockMultiplyAddTransposed(ll, 0, source, 0, source, 0, k, q, k, 1);
      symmetrise(ll, 0, k);
      secondMomentApply(moments, ll, 0, state.g, diagonal, work);
      symmetrise(state.g, diagonal, k);
      if (!isFiniteArray(state.g, block(a, 0), (a + 1) * kk)) {
        return diverged(a, 'non-finite increment moment G');
      }

      // 8. S[a] = (E[s rᵀ] H + Bᵀ) L.
      for (let j = 0; j < q; j++) {
        for (let i = 0; i < k; i++) sourceH[j * k + i] += source[i * q + j];
      }
      blockMultiplyAdd(sourceCross, a * qk, sourceH, 0, mean, 0, q, k, k, 1);

      // 9. Mean responses f[a, b] = E ∂ΔZ_a/∂h_b, b ≤ a.
      state.f.set(response, diagonal);
      if (k === 1) {
        const row = a * points;
        for (let b = 0; b < a; b++) {
          let sum = 0;
          for (let c = b; c < a; c++) sum -= state.rTheta[row + c] * state.f[c * points + b];
          state.f[row + b] = response[0] * sum;
        }
      }
      for (let b = 0; b < a && k > 1; b++) {
        residual.fill(0);
        for (let c = b; c < a; c++) {
          blockMultiplyAdd(
            residual,
            0,
            state.rTheta,
            block(a, c),
            state.f,
            block(c, b),
            k,
            k,
            k,
            -1,
          );
        }
        blockMultiplyAdd(state.f, block(a, b), response, 0, residual, 0, k, k, k, 1);
      }

      // 10. Label tangent E ∂ΔZ_a/∂r* = L (H v_a + A), v_a = −Σ_c R_θ[a, c] E ∂ΔZ_c/∂r*.
      tangent.fill(0);
      for (let c = 0; c < a; c++) {
        blockMultiplyAdd(
          tangent,
          0,
          state.rTheta,
          block(a, c),
          state.nuIncrement,
          c * ks,
          k,
          k,
          kStar,
          -1,
        );
      }
      inner.set(labelJacobian);
      blockMultiplyAdd(inner, 0, hessian, 0, tangent, 0, k, k, kStar, 1);
      blockMultiplyAdd(state.nuIncrement, a * ks, mean, 0, inner, 0, k, k, kStar, 1);

      // 11. E[Z_{a+1} r*ᵀ] for the Stein identity (docs/dmft.md).
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < kStar; j++) {
          state.zr[(a + 1) * ks + i * kStar + j] =
            state.zr[a * ks + i * kStar + j] + sourceCross[a * qk + (1 + j) * k + i];
        }
      }
    }
    spec.onStep?.(a);
  }

  return { state, trainRisk, validSteps: points, pivotsSkipped: 0 };
}
