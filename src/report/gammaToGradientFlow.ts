/**
 * Figure (b), γ → 0 (L3 of docs/limits.md): finite-(n, d) SGD at γ, γ/2, γ/4, γ/8 (batch
 * as in the config) on the same data as finite GF (replicate r of every run uses one seed),
 * so the SGD curves approach the GF curve at order γ while the data noise they share cancels.
 */
import { withAlgorithm } from '../limits/withAlgorithm.ts';
import type { Config } from '../model/types.ts';
import { runFinite } from '../solvers/runSolver.ts';
import { observableTitle } from './observableTitle.ts';
import { TIME_TITLE_ANY_GAMMA } from './timeTitle.ts';
import { formatNumber as fmt } from './formatNumber.ts';
import type { LabeledRun } from './mainRuns.ts';
import type { ReportSettings } from './reportSettings.ts';
import { seriesOf } from './seriesOf.ts';
import type { StageRunner } from './stageRunner.ts';
import { tryRun } from './tryRun.ts';
import type { Figure, Observable, Omission, Series } from './types.ts';

export const GAMMA_FACTORS = [1, 0.5, 0.25, 0.125];

export function gammaToGradientFlow(
  config: Config,
  finiteGf: LabeledRun,
  observable: Observable,
  settings: ReportSettings,
  stage: StageRunner,
  omitted: Omission[],
): Figure {
  const times = finiteGf.run.times;
  const series: Series[] = [];
  for (const factor of GAMMA_FACTORS) {
    const gamma = config.algorithm.gamma * factor;
    const cfg = withAlgorithm({ ...config, times }, { gamma, name: 'sgd' });
    const label =
      `SGD γ=${fmt(gamma)} (d=${config.d}, κ=${cfg.algorithm.kappa}, ` +
      `R=${settings.replicates})`;
    const run = stage(`gamma-to-gf: sgd γ=${fmt(gamma)}`, (onProgress) =>
      tryRun(
        `γ → 0, SGD γ=${fmt(gamma)}`,
        () => runFinite(cfg, 'sgd', settings.replicates, { onProgress }),
        omitted,
      ),
    );
    const s = run && seriesOf(run, observable, label, false);
    if (s) series.push(s);
  }
  const gf = seriesOf(finiteGf.run, observable, finiteGf.label, false);
  if (gf) series.push(gf);
  return {
    id: 'claim-b-gamma-to-gf',
    title: '(b) γ → 0: SGD approaches gradient flow',
    caption:
      `Finite SGD at γ ∈ {${GAMMA_FACTORS.map((f) => fmt(config.algorithm.gamma * f)).join(
        ', ',
      )}} and finite GF, all on the same data (d = ${config.d}, n = ${config.n}); the gap to ` +
      'GF shrinks in proportion to γ.',
    xTitle: TIME_TITLE_ANY_GAMMA,
    yTitle: observableTitle(observable, config),
    series,
  };
}
