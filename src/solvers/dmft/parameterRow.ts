/**
 * parameterRow: the parameter side of the DMFT for one new grid row a (docs/dmft.md).
 *
 * Method. With the left-point grid, row a of (R_θ, R0, V, m, C_θ) depends on the sample-side
 * estimates D, G, ν only through rows < a, so it is computed once, never iterated:
 *   D[a, b]  = D[a−1, b] + E[∂ΔZ_{a−1}/∂h_b]                        (b < a)
 *   ν_a      = ν_{a−1} + E[∂ΔZ_{a−1}/∂r*]   or   E[Z_a r*ᵀ] − Σ_{b<a} D[a, b] m_b  (Stein, Σ*=I)
 *   K_c      = λΔ·I + δ·D[a, c]
 *   R_θ[a, a−1] = I,  R_θ[a, b] = I − Σ_{c=b+1}^{a−1} K_c R_θ[c, b]
 *   R0[a]    = I − Σ_{c<a} K_c R0[c]
 *   V_a      = Σ_{b<a} R_θ[a, b] (ν_{b+1} − ν_b)
 *   m_a      = R0[a] O − δ V_a                                       (O = E θ0θ*ᵀ, Σ* = I)
 *   C_θ[a, a'] = R0[a] S0 R0[a']ᵀ + δ Σ_{b<a, b'<a'} R_θ[a, b] G[b, b'] R_θ[a', b']ᵀ
 *              + δ² V_a V_{a'}ᵀ − δ (R0[a] O V_{a'}ᵀ + V_a Oᵀ R0[a']ᵀ),   a' ≤ a,
 * which is the covariance of θ_a = R0[a] θ0 − Σ_b R_θ[a, b] (ΔU_b + δ Δν_b θ*) with
 * Cov(ΔU_b, ΔU_b') = δ G[b, b'] (docs/dmft.md in cumulative form, pitfall (v)).
 * Cost O(a² k³) per row. Row 0 is R0 = I, m_0 = O, C_θ[0, 0] = S0, ν_0 = V_0 = 0.
 */
import type { BatchState } from './batchState.ts';
import { blockMultiplyAdd, blockMultiplyAddTransposed, blockSetIdentity } from './blockAlgebra.ts';

/** Computes row a of the parameter side in place. */
export function parameterRow(state: BatchState, a: number): void {
  const { k, kStar, dt, lambda, delta } = state;
  const points = state.steps + 1;
  const kk = k * k;
  const ks = k * kStar;
  const block = (row: number, col: number): number => (row * points + col) * kk;

  if (a === 0) {
    blockSetIdentity(state.r0, 0, k);
    state.m.set(state.overlap, 0);
    state.c.set(state.initSecondMoment, 0);
    return;
  }

  // Sample-side response row: cumulative sums of the per-cell responses f.
  for (let b = 0; b < a; b++) {
    const target = block(a, b);
    const previous = block(a - 1, b);
    const cell = block(a - 1, b);
    for (let i = 0; i < kk; i++) state.d[target + i] = state.d[previous + i] + state.f[cell + i];
  }

  // ν_a by the tangent form, or by Stein's lemma when g is not differentiable.
  const nuA = a * ks;
  if (state.directNu) {
    for (let i = 0; i < ks; i++) {
      state.nu[nuA + i] = state.nu[nuA - ks + i] + state.nuIncrement[nuA - ks + i];
    }
  } else {
    for (let i = 0; i < ks; i++) state.nu[nuA + i] = state.zr[nuA + i];
    for (let b = 0; b < a; b++) {
      blockMultiplyAdd(state.nu, nuA, state.d, block(a, b), state.m, b * ks, k, k, kStar, -1);
    }
  }

  // K_c = λΔ I + δ D[a, c].
  const kernel = state.scratchK;
  for (let c = 0; c < a; c++) {
    const source = block(a, c);
    for (let i = 0; i < kk; i++) kernel[c * kk + i] = delta * state.d[source + i];
    for (let i = 0; i < k; i++) kernel[c * kk + i * k + i] += lambda * dt;
  }

  // R_θ row a (Volterra equation of the second kind, marched in b).
  blockSetIdentity(state.rTheta, block(a, a - 1), k);
  for (let b = a - 2; b >= 0; b--) {
    const target = block(a, b);
    blockSetIdentity(state.rTheta, target, k);
    for (let c = b + 1; c < a; c++) {
      const rOffset = block(c, b);
      blockMultiplyAdd(state.rTheta, target, kernel, c * kk, state.rTheta, rOffset, k, k, k, -1);
    }
  }

  // Response to θ0.
  const r0A = a * kk;
  blockSetIdentity(state.r0, r0A, k);
  for (let c = 0; c < a; c++) {
    blockMultiplyAdd(state.r0, r0A, kernel, c * kk, state.r0, c * kk, k, k, k, -1);
  }

  // V_a and m_a.
  const diffNu = state.scratchBlock;
  state.v.fill(0, nuA, nuA + ks);
  for (let b = 0; b < a; b++) {
    for (let i = 0; i < ks; i++) diffNu[i] = state.nu[(b + 1) * ks + i] - state.nu[b * ks + i];
    blockMultiplyAdd(state.v, nuA, state.rTheta, block(a, b), diffNu, 0, k, k, kStar, 1);
  }
  state.m.fill(0, nuA, nuA + ks);
  blockMultiplyAdd(state.m, nuA, state.r0, r0A, state.overlap, 0, k, k, kStar, 1);
  for (let i = 0; i < ks; i++) state.m[nuA + i] -= delta * state.v[nuA + i];

  // X[b'] = Σ_{b<a} R_θ[a, b] G[b, b'], with G stored for b' ≤ b only.
  const x = state.scratchX;
  x.fill(0, 0, a * kk);
  for (let b = 0; b < a; b++) {
    const rOffset = block(a, b);
    for (let bPrime = 0; bPrime < a; bPrime++) {
      if (bPrime <= b) {
        const gOffset = block(b, bPrime);
        blockMultiplyAdd(x, bPrime * kk, state.rTheta, rOffset, state.g, gOffset, k, k, k, 1);
      } else {
        blockMultiplyAddTransposed(
          x,
          bPrime * kk,
          state.rTheta,
          rOffset,
          state.g,
          block(bPrime, b),
          k,
          k,
          k,
          1,
        );
      }
    }
  }

  // C_θ[a, a'] for a' ≤ a, mirrored into C_θ[a', a].
  const t1 = new Float64Array(kk);
  const t2 = new Float64Array(ks);
  const t3 = new Float64Array(kk);
  blockMultiplyAdd(t1, 0, state.r0, r0A, state.initSecondMoment, 0, k, k, k, 1);
  blockMultiplyAdd(t2, 0, state.r0, r0A, state.overlap, 0, k, k, kStar, 1);
  blockMultiplyAddTransposed(t3, 0, state.v, nuA, state.overlap, 0, k, kStar, k, 1);
  for (let aPrime = 0; aPrime <= a; aPrime++) {
    const target = block(a, aPrime);
    state.c.fill(0, target, target + kk);
    const r0Prime = aPrime * kk;
    const vPrime = aPrime * ks;
    blockMultiplyAddTransposed(state.c, target, t1, 0, state.r0, r0Prime, k, k, k, 1);
    for (let bPrime = 0; bPrime < aPrime; bPrime++) {
      blockMultiplyAddTransposed(
        state.c,
        target,
        x,
        bPrime * kk,
        state.rTheta,
        block(aPrime, bPrime),
        k,
        k,
        k,
        delta,
      );
    }
    const deltaSquared = delta * delta;
    blockMultiplyAddTransposed(
      state.c,
      target,
      state.v,
      nuA,
      state.v,
      vPrime,
      k,
      kStar,
      k,
      deltaSquared,
    );
    blockMultiplyAddTransposed(state.c, target, t2, 0, state.v, vPrime, k, kStar, k, -delta);
    blockMultiplyAddTransposed(state.c, target, t3, 0, state.r0, r0Prime, k, k, k, -delta);
    if (aPrime < a) {
      const mirror = block(aPrime, a);
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) state.c[mirror + j * k + i] = state.c[target + i * k + j];
      }
    }
  }

  // Symmetrise the diagonal block so C_θ is symmetric to the last bit.
  const diagonal = block(a, a);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < i; j++) {
      const mean = 0.5 * (state.c[diagonal + i * k + j] + state.c[diagonal + j * k + i]);
      state.c[diagonal + i * k + j] = mean;
      state.c[diagonal + j * k + i] = mean;
    }
  }
}
