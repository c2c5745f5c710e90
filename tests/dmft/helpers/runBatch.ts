/**
 * Runs one DMFT path batch directly (marchBatch) with a probe step, for the per-path Stein
 * identities, and computes their per-path residuals (docs/dmft.md):
 * - paths:  X_p = Z_a w_uᵀ − Σ_{b<a} D_p[a, b] C_θ[b, u] − ν_p m_uᵀ,
 * - r*:     Y_p = Z_a r*ᵀ − Σ_{b<a} D_p[a, b] m_b − ν_p        (tangent form of ν only),
 * where D_p and ν_p are the path's own shares of D[a, ·] and ν_a, so that the batch means of
 * X and Y are exactly the identities' residuals evaluated on the estimators. With the Stein
 * form of ν, ν_p = Z_a r*ᵀ − Σ_b D_p[a, b] m_b, which is the same per-path split.
 */
import type { Config, Model } from '../../../src/model/types.ts';
import { type BatchOutcome, marchBatch } from '../../../src/solvers/dmft/marchBatch.ts';
import type { DmftMeasure } from '../../../src/solvers/dmft/types.ts';
import { validateDmftInput } from '../../../src/solvers/dmft/validateDmftInput.ts';

export function runProbedBatch(
  model: Model,
  config: Config,
  measure: DmftMeasure,
  dt: number,
  paths: number,
  seed: number,
  probeStep: number,
): BatchOutcome {
  const input = validateDmftInput(config, { measure, dt, paths, seed }, model);
  const outputSteps = new Uint8Array(input.steps + 1);
  for (const a of input.timeSteps) outputSteps[a] = 1;
  return marchBatch({
    model,
    measure,
    steps: input.steps,
    dt,
    lambda: config.lambda,
    delta: config.delta,
    gamma: input.gamma,
    overlap: input.overlap,
    initSecondMoment: input.initSecondMoment,
    paths,
    seed,
    batchIndex: 0,
    outputSteps,
    directNu: model.labelDifferentiable,
    probeStep,
  });
}

/** Per-path residuals: values[entry][path], entries row-major over the block. */
export interface Residuals {
  label: string;
  values: Float64Array[];
}

export function steinResiduals(outcome: BatchOutcome, u: number): Residuals[] {
  const probe = outcome.probe;
  if (!probe) throw new Error('steinResiduals needs a probed batch');
  const { state } = outcome;
  const { k, kStar, directNu } = state;
  const a = probe.step;
  const points = state.steps + 1;
  const kk = k * k;
  const ks = k * kStar;
  const paths = probe.z.length / k;
  const stride = Math.max(a, 1) * kk;
  const pathX = Array.from({ length: kk }, () => new Float64Array(paths));
  const pathY = Array.from({ length: ks }, () => new Float64Array(paths));
  const nuPath = new Float64Array(ks);

  for (let p = 0; p < paths; p++) {
    const z = (i: number): number => probe.z[p * k + i];
    const response = (b: number, i: number, l: number): number =>
      probe.response[p * stride + b * kk + i * k + l];

    // ν_p, and Y_p = Z r*ᵀ − Σ_b D_p m_b − ν_p.
    for (let i = 0; i < k; i++) {
      for (let c = 0; c < kStar; c++) {
        let stein = z(i) * probe.rStar[p * kStar + c];
        for (let b = 0; b < a; b++) {
          for (let l = 0; l < k; l++) stein -= response(b, i, l) * state.m[b * ks + l * kStar + c];
        }
        const own = directNu ? probe.nu[p * ks + i * kStar + c] : stein;
        nuPath[i * kStar + c] = own;
        pathY[i * kStar + c][p] = stein - own;
      }
    }

    // X_p = Z w_uᵀ − Σ_b D_p C_θ[b, u] − ν_p m_uᵀ.
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        let value = z(i) * probe.w[(p * (a + 1) + u) * k + j];
        for (let b = 0; b < a; b++) {
          for (let l = 0; l < k; l++) {
            value -= response(b, i, l) * state.c[(b * points + u) * kk + l * k + j];
          }
        }
        for (let c = 0; c < kStar; c++) {
          value -= nuPath[i * kStar + c] * state.m[u * ks + j * kStar + c];
        }
        pathX[i * k + j][p] = value;
      }
    }
  }
  const out: Residuals[] = [{ label: `paths a=${a} u=${u}`, values: pathX }];
  if (directNu) out.push({ label: `r* a=${a}`, values: pathY });
  return out;
}

/** Mean and standard error of one per-path array. */
export function meanAndStandardError(values: Float64Array): { mean: number; se: number } {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2;
  variance /= n - 1;
  return { mean, se: Math.sqrt(variance / n) };
}
