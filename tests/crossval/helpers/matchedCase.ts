/**
 * matchedCase: the models of the cross-validation and, for a DMFT grid variant, the finite
 * algorithm whose exact n, d → ∞ limit it is (docs/dmft.md, docs/crossval.md):
 * - 'gf' with dt = Δ  ↔ full-batch GD with step Δ (solver 'gd', γ = Δ, κ = n);
 * - 'bernoulli-sgd' with dt = Δ ↔ SGD with batch rule 'bernoulli', p = κ/n = Δ/γ, so
 *   κ = Δn/γ and η = γκ/n = Δ (κ must come out an integer: the caller picks n);
 * - 'sme' with dt = Δ ↔ Euler–Maruyama SME, per-sample noise, step h = Δ.
 * Both sides share the model, δ, λ, the initialisation law and the output times; every output
 * time is a multiple of Δ, so neither side rounds a time.
 */
import { parseConfig } from '../../../src/model/parseConfig.ts';
import type { Config } from '../../../src/model/types.ts';
import type { FiniteSolver } from '../../../src/solvers/runSolver.ts';

export type MatchedMeasure = 'gf' | 'bernoulli-sgd' | 'sme';
export type ModelName = 'logistic' | 'committee';

/** Raw model sections (parseConfig input) of the two nonlinear models of the comparison. */
export const MODELS: Record<ModelName, Record<string, unknown>> = {
  // Single index, probit-noisy sign labels y = sign(r* + 0.3ε), logistic loss, small ridge.
  logistic: {
    teacher: { k: 1, link: 'linear', noise: 0.3, labels: 'sign' },
    student: { k: 1, link: 'linear' },
    loss: 'logistic',
    lambda: 0.05,
    init: { scale: 0.5 },
  },
  // Soft committee k = k* = 2 with erf(u/√2) units and readouts 1 (Saad–Solla), square loss.
  committee: {
    teacher: { k: 2, link: 'erf', noise: 0.1, readout: [1, 1] },
    student: { k: 2, link: 'erf', readout: [1, 1] },
    loss: 'square',
    lambda: 0,
    init: {
      scale: 0.5,
      overlap: [
        [0.3, 0],
        [0, 0.1],
      ],
    },
  },
};

export interface MatchedPair {
  finiteConfig: Config;
  finiteSolver: FiniteSolver;
  /** Config the DMFT reads (γ, δ, λ, model, init, times). */
  dmftConfig: Config;
  measure: MatchedMeasure;
  dt: number;
}

export interface MatchedSpec {
  model: ModelName;
  measure: MatchedMeasure;
  d: number;
  delta: number;
  /** SGD/SME learning rate γ (unused by 'gf', whose finite partner has γ = Δ). */
  gamma: number;
  dt: number;
  times: number[];
  seed: number;
}

export function matchedCase(spec: MatchedSpec): MatchedPair {
  const { model, measure, d, delta, gamma, dt, times, seed } = spec;
  const base = { ...MODELS[model], d, delta, times, seed };
  const n = Math.round(delta * d);
  for (const t of times) {
    if (Math.abs(t / dt - Math.round(t / dt)) > 1e-9) {
      throw new RangeError(`times must be multiples of dt = ${dt}, received ${t}`);
    }
  }

  const dmftConfig = parseConfig(
    { ...base, algorithm: { name: 'sgd', gamma, kappa: 1 } },
    'crossval dmft',
  );
  let finiteRaw: Record<string, unknown>;
  let finiteSolver: FiniteSolver;
  if (measure === 'gf') {
    finiteSolver = 'gd';
    finiteRaw = { ...base, algorithm: { name: 'gd', gamma: dt, kappa: n } };
  } else if (measure === 'bernoulli-sgd') {
    const kappa = (dt * n) / gamma;
    if (Math.abs(kappa - Math.round(kappa)) > 1e-9) {
      throw new RangeError(
        `Bernoulli batch κ = Δn/γ = ${kappa} must be an integer ` +
          `(Δ = ${dt}, n = ${n}, γ = ${gamma})`,
      );
    }
    finiteSolver = 'sgd';
    finiteRaw = {
      ...base,
      algorithm: { name: 'sgd', gamma, kappa: Math.round(kappa), batch: 'bernoulli' },
    };
  } else {
    finiteSolver = 'sme';
    finiteRaw = {
      ...base,
      algorithm: { name: 'sme', gamma, kappa: 1, h: dt, smeNoise: 'per-sample' },
    };
  }
  const finiteConfig = parseConfig(finiteRaw, 'crossval finite');
  return { finiteConfig, finiteSolver, dmftConfig, measure, dt };
}
