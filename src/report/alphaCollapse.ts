/**
 * Figure (a), the α-collapse (arXiv 2601.21093; L2 of docs/limits.md): finite-(n, d) SGD
 * with batch κ = ⌈n^α⌉ for α ∈ {0, ¼, ½, ¾}, all at the same γ (so η = γκ/n changes with
 * κ), on the same data (replicate r of every κ uses one seed), against the one DMFT-SGD
 * curve of the trajectory figures: the limit does not depend on α. The gap to the limit at
 * finite n is O(κ/n + η) plus the replicate noise shown by the bands.
 */
import { withAlgorithm } from '../limits/withAlgorithm.ts';
import type { Config } from '../model/types.ts';
import { runFinite } from '../solvers/runSolver.ts';
import { coarsestStep } from './coarsestStep.ts';
import { observableTitle } from './observableTitle.ts';
import { timeTitle } from './timeTitle.ts';
import { formatNumber as fmt } from './formatNumber.ts';
import type { LabeledRun } from './mainRuns.ts';
import type { ReportSettings } from './reportSettings.ts';
import { reportTimes } from './reportTimes.ts';
import { seriesOf } from './seriesOf.ts';
import type { StageRunner } from './stageRunner.ts';
import { tryRun } from './tryRun.ts';
import type { Figure, Observable, Omission, Series } from './types.ts';

export const ALPHAS = [0, 0.25, 0.5, 0.75];

export function alphaCollapse(
  config: Config,
  dmftSgd: LabeledRun,
  observable: Observable,
  settings: ReportSettings,
  stage: StageRunner,
  omitted: Omission[],
): Figure {
  // Exponents that round to the same κ at this n run once, under the first α.
  const batches = new Map<number, number>();
  for (const alpha of ALPHAS) {
    const kappa = Math.ceil(config.n ** alpha);
    if (!batches.has(kappa)) batches.set(kappa, alpha);
  }
  const series: Series[] = [];
  for (const [kappa, alpha] of batches) {
    // Each κ has its own step η = γκ/n, so its own densest set of output times.
    const cfg = withAlgorithm(config, { kappa, name: 'sgd' });
    cfg.times = reportTimes(config.times, coarsestStep(cfg));
    const label =
      `SGD κ=⌈n^${alpha}⌉=${kappa} (d=${config.d}, γ=${fmt(config.algorithm.gamma)}, ` +
      `R=${settings.replicates})`;
    const run = stage(`alpha-collapse: sgd κ=${kappa}`, (onProgress) =>
      tryRun(
        `α-collapse, SGD κ=${kappa}`,
        () => runFinite(cfg, 'sgd', settings.replicates, { onProgress }),
        omitted,
      ),
    );
    const s = run && seriesOf(run, observable, label, false);
    if (s) series.push(s);
  }
  const limit = seriesOf(dmftSgd.run, observable, dmftSgd.label, true);
  if (limit) series.push(limit);
  return {
    id: 'claim-a-alpha-collapse',
    title: '(a) one limit for every batch exponent α',
    caption:
      `Finite SGD with κ = ⌈n^α⌉ for α ∈ {${ALPHAS.join(', ')}} (n = ${config.n}), same γ ` +
      'and data, against the single DMFT-SGD curve. The finite curves differ from the ' +
      'limit by O(κ/n + η) and replicate noise (bands).',
    xTitle: timeTitle(config),
    yTitle: observableTitle(observable, config),
    series,
  };
}
