/**
 * marchBatch: one independent batch of Monte Carlo paths of the DMFT, marched forward in time
 * (docs/dmft.md).
 *
 * Method. For a = 0, 1, …, N:
 * 1. parameter side, row a (parameterRow, or its bit-identical scalar form parameterRowScalar
 *    when k = 1: R_θ, R0, V, m, C_θ from D, G, ν of rows < a);
 * 2. append the k rows of w_a to the Cholesky factor of the joint Gaussian (r*, w_0, …, w_N)
 *    (extendCholesky, pivot skipping for singular directions such as w_0 ≡ 0 when θ0 = 0);
 * 3. per path, w_a = L_a·ξ with fixed standard normals ξ (common random numbers: the same seed
 *    gives the same ξ and ε for every measure), r_a = w_a − Σ_{b<a} R_θ[a, b] ΔZ_b;
 * 4. per path, the cell update (applyCell) gives ΔZ_a, A_a = ∂ΔZ_a/∂r_a, B_a = ∂ΔZ_a/∂y;
 *    then the response row f[a, ·] (accumulateResponses), the direct label tangent
 *      v_a = −Σ_{e<a} R_θ[a, e] ∂ΔZ_e/∂r*,  ∂ΔZ_a/∂r* = A_a v_a + B_a (∂g/∂r*)ᵀ   (w fixed),
 *    G[a, b] += ΔZ_a ΔZ_bᵀ, and E[Z_{a+1} r*ᵀ].
 * Path means then close the loop for row a + 1. The random numbers per path: ξ from stream
 * `dmft/<batch>/gaussian`, ε from `dmft/<batch>/label-noise`, the cell multipliers from
 * `dmft/<batch>/clock`. Memory per path is O(N k²): the active cells, their ΔZ, A and label
 * tangents, and ξ. Σ* = I throughout, so r* = ξ[0..k*).
 *
 * Divergence: a non-finite r, ΔZ or A on any path, or C_θ[a, a] with a non-finite entry or a
 * diagonal above DIVERGENCE_BOUND, stops the march; grid points before the failing one stay
 * valid.
 */
import type { Model } from '../../model/types.ts';
import { Rng } from '../../random/streams.ts';
import { accumulateResponses } from './accumulateResponses.ts';
import { applyCell, createCellScratch } from './applyCell.ts';
import { type BatchState, createBatchState } from './batchState.ts';
import { extendCholesky } from './extendCholesky.ts';
import { createKinkState, kinkJumpStep } from './kinkJumpResponses.ts';
import { parameterRow } from './parameterRow.ts';
import { parameterRowScalar } from './parameterRowScalar.ts';
import { type DmftMeasure, KINK_BANDWIDTH } from './types.ts';

/**
 * C_θ diagonal beyond which a run is called diverged. Typical O(1) runs stay below 10³; the
 * unstable square-loss SGD at γ ≥ 2 grows geometrically and crosses 10¹⁰ within a few jumps.
 */
export const DIVERGENCE_BOUND = 1e10;

/** Doubles the open shadow paths of a kinked student may hold in one batch (1 GiB). */
const KINK_MEMORY_DOUBLES = 2 ** 27;

export interface BatchSpec {
  model: Model;
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
  paths: number;
  seed: number;
  batchIndex: number;
  /** Flags (length N + 1): grid points where the train risk is needed. */
  outputSteps: Uint8Array;
  /** Use the tangent form of ν (requires model.labelDifferentiable). */
  directNu: boolean;
  /**
   * The student link has a kink at preactivation 0 (relu, abs): add the jump part of the
   * responses (kinkJumpResponses; any k, every measure).
   */
  kinked?: boolean;
  /** Kernel bandwidth h of the kink terms, as a fraction of sd(w) (KINK_BANDWIDTH). */
  kinkBandwidth?: number;
  /** Record per-path data at this grid index (tests of the Stein identities). */
  probeStep?: number;
  onStep?: (step: number) => void;
}

/** Per-path data at the probe step a*, for the Stein identities (docs/dmft.md). */
export interface BatchProbe {
  step: number;
  /** Z_{a*} per path (M×k). */
  z: Float64Array;
  /** r* per path (M×k*). */
  rStar: Float64Array;
  /** w_u per path for u ≤ a* (M×(a*+1)×k). */
  w: Float64Array;
  /** Σ_{e<a*} ∂ΔZ_e/∂h_b per path (M×a*×k×k): the path's share of D[a*, b]. */
  response: Float64Array;
  /** Σ_{e<a*} ∂ΔZ_e/∂r* per path (M×k×k*), only with the direct ν form. */
  nu: Float64Array;
  /** Cell multiplier μ (0 when the cell is inactive) and jump count per path (M×a*). */
  mu: Float64Array;
  jumps: Int32Array;
  /** Label noise ε per path (M). */
  eps: Float64Array;
}

export interface BatchOutcome {
  state: BatchState;
  /** Path mean of L(r_a; y) at the output grid points (0 elsewhere). */
  trainRisk: Float64Array;
  /** Grid points 0..validSteps−1 hold valid values. */
  validSteps: number;
  divergence?: { step: number; cause: string };
  pivotsSkipped: number;
  /** Kink terms opened by conditioning and by the kernel, and those at a w of zero variance. */
  kink?: { conditioned: number; kernel: number; degenerate: number };
  probe?: BatchProbe;
}

/** Relative residual variance below which a Cholesky pivot is skipped (see extendCholesky). */
function pivotTolerance(size: number): number {
  return 64 * size * Number.EPSILON;
}

export function marchBatch(spec: BatchSpec): BatchOutcome {
  const { model, measure, steps, dt, gamma, paths } = spec;
  const k = model.k;
  const kStar = model.kStar;
  const kk = k * k;
  const ks = k * kStar;
  const points = steps + 1;
  const size = kStar + points * k;
  const state = createBatchState(
    k,
    kStar,
    steps,
    dt,
    spec.lambda,
    spec.delta,
    spec.overlap,
    spec.initSecondMoment,
    spec.directNu,
  );

  const gaussian = new Rng(spec.seed, `dmft/${spec.batchIndex}/gaussian`);
  const labelNoise = new Rng(spec.seed, `dmft/${spec.batchIndex}/label-noise`);
  const clock = new Rng(spec.seed, `dmft/${spec.batchIndex}/clock`);

  // Joint factor: the first k* rows are r* with Σ* = I.
  const factor = new Float64Array(size * size);
  const sRow = new Float64Array(size);
  const tolerance = pivotTolerance(size);
  for (let i = 0; i < kStar; i++) factor[i * size + i] = 1;
  let pivotsSkipped = 0;

  // Per-path fixed inputs.
  const probeStep = spec.probeStep;
  const probeEps = new Float64Array(probeStep === undefined ? 0 : paths);
  const xi = new Float64Array(paths * size);
  const labels = new Float64Array(paths);
  const labelGradients = new Float64Array(paths * kStar);
  const rStarBuffer = new Float64Array(kStar);
  const gradBuffer = new Float64Array(kStar);
  for (let p = 0; p < paths; p++) {
    for (let i = 0; i < kStar; i++) xi[p * size + i] = gaussian.normal();
  }
  for (let p = 0; p < paths; p++) {
    const eps = labelNoise.normal();
    if (probeStep !== undefined) probeEps[p] = eps;
    for (let i = 0; i < kStar; i++) rStarBuffer[i] = xi[p * size + i];
    labels[p] = model.label(rStarBuffer, eps);
    if (spec.directNu) {
      model.labelGrad(rStarBuffer, eps, gradBuffer);
      labelGradients.set(gradBuffer, p * kStar);
    }
  }

  // Per-path history of active cells (slots).
  const cells = new Int32Array(paths * points);
  const counts = new Int32Array(paths);
  const slotDZ = new Float64Array(paths * points * k);
  const slotA = new Float64Array(paths * points * kk);
  const slotNu = spec.directNu ? new Float64Array(paths * points * ks) : new Float64Array(0);
  const zCumulative = new Float64Array(paths * k);

  // Transient buffers.
  const adjoint = new Float64Array(points * kk);
  const work = new Float64Array(2 * kk);
  const scratch = createCellScratch(k);
  const r = new Float64Array(k);
  const dZ = new Float64Array(k);
  const jacobian = new Float64Array(kk);
  const labelJacobian = new Float64Array(k);
  const nuTangent = new Float64Array(ks);
  const kink =
    spec.kinked === true
      ? createKinkState(paths, points, k, spec.kinkBandwidth ?? KINK_BANDWIDTH, KINK_MEMORY_DOUBLES)
      : undefined;
  const kinkCounts = () =>
    kink && { conditioned: kink.conditioned, kernel: kink.kernel, degenerate: kink.degenerate };

  const trainRisk = new Float64Array(points);
  const probe: BatchProbe | undefined =
    probeStep === undefined
      ? undefined
      : {
          step: probeStep,
          z: new Float64Array(paths * k),
          rStar: new Float64Array(paths * kStar),
          w: new Float64Array(paths * (probeStep + 1) * k),
          response: new Float64Array(paths * Math.max(probeStep, 1) * kk),
          nu: new Float64Array(paths * ks),
          mu: new Float64Array(paths * Math.max(probeStep, 1)),
          jumps: new Int32Array(paths * Math.max(probeStep, 1)),
          eps: new Float64Array(paths),
        };
  if (probe) {
    probe.eps.set(probeEps);
    for (let p = 0; p < paths; p++) {
      for (let i = 0; i < kStar; i++) probe.rStar[p * kStar + i] = xi[p * size + i];
    }
  }

  const bernoulliProbability = dt / gamma;
  const poissonMean = dt / gamma;
  const smeScale = Math.sqrt(gamma * dt);
  const block = (row: number, col: number): number => (row * points + col) * kk;

  for (let a = 0; a <= steps; a++) {
    // 1. Parameter side.
    (k === 1 ? parameterRowScalar : parameterRow)(state, a);
    const diagonal = block(a, a);
    let cause: string | undefined;
    for (let i = 0; i < kk; i++) {
      if (!Number.isFinite(state.c[diagonal + i])) cause = 'non-finite C_theta';
    }
    for (let i = 0; i < k && cause === undefined; i++) {
      if (state.c[diagonal + i * k + i] > DIVERGENCE_BOUND) {
        cause = `C_theta diagonal exceeded ${DIVERGENCE_BOUND}`;
      }
    }
    if (cause !== undefined) {
      const divergence = { step: a, cause };
      return {
        state,
        trainRisk,
        validSteps: a,
        divergence,
        pivotsSkipped,
        kink: kinkCounts(),
        probe,
      };
    }

    // 2. Extend the joint Cholesky factor by the k rows of w_a.
    for (let p = 0; p < k; p++) {
      const row = kStar + a * k + p;
      for (let j = 0; j < kStar; j++) sRow[j] = state.m[a * ks + p * kStar + j];
      for (let b = 0; b <= a; b++) {
        for (let q = 0; q < k; q++) sRow[kStar + b * k + q] = state.c[block(a, b) + p * k + q];
      }
      if (extendCholesky(factor, size, row, sRow, tolerance)) pivotsSkipped += 1;
    }
    for (let p = 0; p < paths; p++) {
      for (let i = 0; i < k; i++) xi[p * size + kStar + a * k + i] = gaussian.normal();
    }

    // 3–4. Sample side, path by path.
    const isOutput = spec.outputSteps[a] === 1;
    const rowR = a * points * kk;
    let lossSum = 0;
    for (let p = 0; p < paths; p++) {
      let mu = 0;
      let jumps = 0;
      let active = false;
      if (a < steps) {
        if (measure === 'gf') {
          mu = dt;
          active = true;
        } else if (measure === 'sme' || measure === 'em-sme') {
          mu = dt + smeScale * clock.normal();
          active = true;
        } else if (measure === 'bernoulli-sgd') {
          active = clock.uniform() < bernoulliProbability;
          mu = gamma;
        } else {
          jumps = clock.poisson(poissonMean);
          active = jumps > 0;
          mu = gamma;
        }
      }
      const inProbe = probe !== undefined && a <= probe.step;
      if (probe && a < probe.step && active) {
        probe.mu[p * probe.step + a] = mu;
        probe.jumps[p * probe.step + a] = jumps;
      }
      if (!active && !isOutput && !inProbe) continue;

      const slotBase = p * points;
      const count = counts[p];
      const xiOffset = p * size;

      for (let i = 0; i < k; i++) {
        const rowOffset = (kStar + a * k + i) * size;
        const rowEnd = kStar + a * k + i;
        let sum = 0;
        for (let j = 0; j <= rowEnd; j++) sum += factor[rowOffset + j] * xi[xiOffset + j];
        r[i] = sum;
      }
      if (inProbe && probe) {
        for (let i = 0; i < k; i++) probe.w[(p * (probe.step + 1) + a) * k + i] = r[i];
      }
      for (let j = 0; j < count; j++) {
        const rOffset = rowR + cells[slotBase + j] * kk;
        const zOffset = (slotBase + j) * k;
        for (let i = 0; i < k; i++) {
          let sum = 0;
          for (let l = 0; l < k; l++) {
            sum += state.rTheta[rOffset + i * k + l] * slotDZ[zOffset + l];
          }
          r[i] -= sum;
        }
      }
      for (let i = 0; i < k; i++) {
        if (!Number.isFinite(r[i])) cause = 'non-finite sample path r';
      }
      if (cause !== undefined) break;
      if (isOutput) lossSum += model.loss(r, labels[p]);
      if (probe && a === probe.step) {
        for (let i = 0; i < k; i++) probe.z[p * k + i] = zCumulative[p * k + i];
      }
      if (!active) continue;

      applyCell(
        model,
        k,
        r,
        labels[p],
        mu,
        jumps,
        spec.directNu,
        dZ,
        jacobian,
        labelJacobian,
        scratch,
      );
      for (let i = 0; i < k; i++) if (!Number.isFinite(dZ[i])) cause = 'non-finite increment dZ';
      for (let i = 0; i < kk; i++) if (!Number.isFinite(jacobian[i])) cause = 'non-finite Hessian';
      if (cause !== undefined) break;

      const slot = slotBase + count;
      cells[slot] = a;
      slotDZ.set(dZ, slot * k);
      slotA.set(jacobian, slot * kk);
      counts[p] = count + 1;

      // Direct label tangent (w held fixed, docs/dmft.md step 5 and pitfall (iv)).
      if (spec.directNu) {
        nuTangent.fill(0);
        for (let j = 0; j < count; j++) {
          const rOffset = rowR + cells[slotBase + j] * kk;
          const nOffset = (slotBase + j) * ks;
          for (let i = 0; i < k; i++) {
            for (let c = 0; c < kStar; c++) {
              let sum = 0;
              for (let l = 0; l < k; l++) {
                sum += state.rTheta[rOffset + i * k + l] * slotNu[nOffset + l * kStar + c];
              }
              nuTangent[i * kStar + c] -= sum;
            }
          }
        }
        const own = slot * ks;
        for (let i = 0; i < k; i++) {
          for (let c = 0; c < kStar; c++) {
            let sum = labelJacobian[i] * labelGradients[p * kStar + c];
            for (let l = 0; l < k; l++) sum += jacobian[i * k + l] * nuTangent[l * kStar + c];
            slotNu[own + i * kStar + c] = sum;
            state.nuIncrement[a * ks + i * kStar + c] += sum;
            if (probe && a < probe.step) probe.nu[p * ks + i * kStar + c] += sum;
          }
        }
      }

      // Responses f[a, ·] by the adjoint sweep.
      accumulateResponses({
        k,
        points,
        rTheta: state.rTheta,
        step: a,
        cells,
        slotBase,
        count: count + 1,
        jacobians: slotA,
        responseSum: state.f,
        adjoint,
        work,
        pathResponse: probe && a < probe.step ? probe.response : undefined,
        pathResponseOffset: probe ? p * Math.max(probe.step, 1) * kk : 0,
      });
      if (kink) {
        kinkJumpStep({
          model,
          state: kink,
          path: p,
          step: a,
          slot: count,
          cells,
          slotBase,
          slotDZ,
          slotA,
          rTheta: state.rTheta,
          factor,
          size,
          wColumn: kStar,
          innovations: xi,
          innovationBase: xiOffset,
          r,
          y: labels[p],
          mu,
          jumps,
          responseSum: state.f,
          pathResponse: probe && a < probe.step ? probe.response : undefined,
          pathResponseOffset: probe ? p * Math.max(probe.step, 1) * kk : 0,
        });
      }

      // G[a, b] = E[ΔZ_a ΔZ_bᵀ] for b ≤ a, and Z_{a+1}.
      for (let j = 0; j <= count; j++) {
        const target = block(a, cells[slotBase + j]);
        const other = (slotBase + j) * k;
        for (let i = 0; i < k; i++) {
          for (let l = 0; l < k; l++) state.g[target + i * k + l] += dZ[i] * slotDZ[other + l];
        }
      }
      for (let i = 0; i < k; i++) zCumulative[p * k + i] += dZ[i];
    }
    if (cause !== undefined) {
      const divergence = { step: a, cause };
      return {
        state,
        trainRisk,
        validSteps: a,
        divergence,
        pivotsSkipped,
        kink: kinkCounts(),
        probe,
      };
    }

    // Path means close the loop for row a + 1.
    const inverse = 1 / paths;
    for (let b = 0; b <= a; b++) {
      const offset = block(a, b);
      for (let i = 0; i < kk; i++) {
        state.f[offset + i] *= inverse;
        state.g[offset + i] *= inverse;
      }
    }
    for (let i = 0; i < ks; i++) state.nuIncrement[a * ks + i] *= inverse;
    if (a < steps) {
      const target = (a + 1) * ks;
      for (let p = 0; p < paths; p++) {
        for (let i = 0; i < k; i++) {
          const z = zCumulative[p * k + i];
          if (z === 0) continue;
          for (let c = 0; c < kStar; c++) state.zr[target + i * kStar + c] += z * xi[p * size + c];
        }
      }
      for (let i = 0; i < ks; i++) state.zr[target + i] *= inverse;
    }
    if (isOutput) trainRisk[a] = lossSum * inverse;
    spec.onStep?.(a);
  }

  return { state, trainRisk, validSteps: points, pivotsSkipped, kink: kinkCounts(), probe };
}
