/**
 * The deterministic (parameter-side) state of one DMFT path batch: the kernels on the grid,
 * stored as flat Float64Arrays of k×k (or k×k*) blocks (layout in ./types.ts).
 *
 * Units and meaning (docs/dmft.md):
 * - rTheta[a, b] = R_θ[a, b] for b < a (response of θ_a to a unit kick entering after t_b);
 * - r0[a] = response of θ_a to θ0;
 * - d[a, b] = D[a, b] ≈ R_Z(t_a, t_b)·dt, the sample-side response, for b < a;
 * - g[b, b'] = G[b, b'] = E[ΔZ_b ΔZ_b'ᵀ], stored for b' ≤ b only;
 * - f[e, b] = E[∂ΔZ_e/∂h_b] for b ≤ e, so that D[a, b] = Σ_{e=b}^{a−1} f[e, b];
 * - nu[a] = ν_a, v[a] = V_a, m[a] = m_a (k×k* blocks);
 * - c[a, b] = C_θ[a, b], symmetric;
 * - zr[a] = E[Z_a r*ᵀ] (for the Stein form of ν and the Stein check);
 * - nuIncrement[e] = E[∂ΔZ_e/∂r*] with w fixed (direct tangent form).
 */
export interface BatchState {
  k: number;
  kStar: number;
  /** Number of grid steps N; the grid holds N + 1 points. */
  steps: number;
  dt: number;
  lambda: number;
  delta: number;
  /** O = E θ0θ*ᵀ (Σ* = I), k×k*. */
  overlap: Float64Array;
  /** E θ0θ0ᵀ = O Oᵀ + scale²·I, k×k. */
  initSecondMoment: Float64Array;
  rTheta: Float64Array;
  r0: Float64Array;
  d: Float64Array;
  g: Float64Array;
  f: Float64Array;
  nu: Float64Array;
  v: Float64Array;
  m: Float64Array;
  c: Float64Array;
  zr: Float64Array;
  nuIncrement: Float64Array;
  /** Whether ν comes from the tangent form (true) or the Stein form (false). */
  directNu: boolean;
  /** Scratch: k×k blocks for one row (K_c = λΔ I + δ D[a, c]) and X = R_θ[a, ·] G. */
  scratchK: Float64Array;
  scratchX: Float64Array;
  scratchBlock: Float64Array;
}

/** Allocates a zeroed state for N steps. */
export function createBatchState(
  k: number,
  kStar: number,
  steps: number,
  dt: number,
  lambda: number,
  delta: number,
  overlap: Float64Array,
  initSecondMoment: Float64Array,
  directNu: boolean,
): BatchState {
  const points = steps + 1;
  const square = points * points * k * k;
  const line = points * k * kStar;
  return {
    k,
    kStar,
    steps,
    dt,
    lambda,
    delta,
    overlap,
    initSecondMoment,
    rTheta: new Float64Array(square),
    r0: new Float64Array(points * k * k),
    d: new Float64Array(square),
    g: new Float64Array(square),
    f: new Float64Array(square),
    nu: new Float64Array(line),
    v: new Float64Array(line),
    m: new Float64Array(line),
    c: new Float64Array(square),
    zr: new Float64Array(line),
    nuIncrement: new Float64Array(line),
    directNu,
    scratchK: new Float64Array(points * k * k),
    scratchX: new Float64Array(points * k * k),
    scratchBlock: new Float64Array(Math.max(k * k, k * kStar) * 4),
  };
}
