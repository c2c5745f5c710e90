/**
 * Derived configs for the checks: a new dimension d (n = round(δd), κ re-resolved as
 * ⌈n^α⌉ when the batch was given by its exponent, else kept and capped at n), and a new
 * algorithm name, learning rate or batch. Conventions as in src/model/types.ts.
 */
import type { AlgorithmName, Config } from '../model/types.ts';

export interface AlgorithmPatch {
  d?: number;
  delta?: number;
  name?: AlgorithmName;
  gamma?: number;
  kappa?: number;
  h?: number;
  lambda?: number;
  times?: number[];
  seed?: number;
}

export function withAlgorithm(config: Config, patch: AlgorithmPatch): Config {
  const d = patch.d ?? config.d;
  const delta = patch.delta ?? config.delta;
  const n = Math.max(1, Math.round(delta * d));
  const alpha = patch.kappa !== undefined ? undefined : config.algorithm.alpha;
  const kappa =
    patch.kappa ?? (alpha !== undefined ? Math.ceil(n ** alpha) : config.algorithm.kappa);
  return {
    ...config,
    d,
    delta,
    n,
    lambda: patch.lambda ?? config.lambda,
    times: patch.times ?? config.times,
    seed: patch.seed ?? config.seed,
    algorithm: {
      ...config.algorithm,
      name: patch.name ?? config.algorithm.name,
      gamma: patch.gamma ?? config.algorithm.gamma,
      kappa: Math.min(kappa, n),
      alpha,
      h: patch.h ?? config.algorithm.h,
    },
  };
}

/** True when the closed forms of src/solvers/exact apply: square loss, linear maps. */
export function hasExactOracle(config: Config): boolean {
  return (
    config.loss === 'square' &&
    config.teacher.link === 'linear' &&
    config.student.link === 'linear' &&
    config.teacher.labels === 'real' &&
    config.teacher.k === 1 &&
    config.student.k === 1
  );
}
