/**
 * The figure files a report will write, known before anything runs so that the CLI can
 * check --out first: the trajectory figures of the observables the config has (no test risk
 * or M without a teacher), and, for a generated-data config with a learning rate, the five
 * figures of the paper's claims. `skipped` says why the claims are missing otherwise.
 */
import type { Config } from '../model/types.ts';
import { TRAJECTORY_OBSERVABLES } from './trajectoryFigures.ts';

export const CLAIM_IDS = [
  'claim-a-alpha-collapse',
  'claim-b-gamma-to-gf',
  'claim-c-delta-to-online',
  'claim-d-sgd-sme-gf-linear',
  'claim-d-sgd-sme-gf-nonlinear',
];

export interface FigurePlan {
  trajectoryIds: string[];
  claimIds: string[];
  /** Why the claims' figures are left out, when they are. */
  claimsSkipped?: string;
}

export function planFigures(config: Config, gammaGiven: boolean): FigurePlan {
  const teacher = config.data === undefined || config.data.teacher !== undefined;
  const trajectoryIds = TRAJECTORY_OBSERVABLES.filter(
    (o) => teacher || (o !== 'testRisk' && o !== 'M'),
  ).map((o) => `trajectory-${o}`);
  if (config.data !== undefined) {
    return {
      trajectoryIds,
      claimIds: [],
      claimsSkipped:
        'the config reads data files, and the claims need generated data at other n, d, δ',
    };
  }
  if (!gammaGiven) {
    return {
      trajectoryIds,
      claimIds: [],
      claimsSkipped: 'the config sets no algorithm.gamma, which every claim figure varies',
    };
  }
  return { trajectoryIds, claimIds: [...CLAIM_IDS] };
}
