import type { Config } from '../model/types.ts';

/** The coarsest default grid of the report's solvers: DMFT dt ≤ 0.05, SME h ≤ 0.02, SGD η. */
export function coarsestStep(config: Config): number {
  const eta = (config.algorithm.gamma * config.algorithm.kappa) / config.n;
  return Math.max(0.05, eta);
}
