/**
 * The four trajectory figures of a report: test risk, train risk, Q and M against time, one
 * curve per run of mainRuns (finite solvers solid with replicate bands, limits dashed with
 * their Monte Carlo bands). A figure no run can fill (M without a teacher) is left out.
 */
import type { Config } from '../model/types.ts';
import { OBSERVABLE_NAMES, observableTitle } from './observableTitle.ts';
import { timeTitle } from './timeTitle.ts';
import { BAND_Z } from './bandZ.ts';
import type { LabeledRun } from './mainRuns.ts';
import { seriesOf } from './seriesOf.ts';
import type { Figure, Observable, Series } from './types.ts';

export const TRAJECTORY_OBSERVABLES: Observable[] = ['testRisk', 'trainRisk', 'Q', 'M'];

export function trajectoryFigures(runs: LabeledRun[], config: Config, gammaGiven = true): Figure[] {
  const figures: Figure[] = [];
  for (const observable of TRAJECTORY_OBSERVABLES) {
    const series = runs
      .map((r) => seriesOf(r.run, observable, r.label, r.limit, r.timeScale))
      .filter((s): s is Series => s !== null);
    if (series.length === 0) continue;
    figures.push({
      id: `trajectory-${observable}`,
      title: `${OBSERVABLE_NAMES[observable]} over time`,
      caption:
        `${OBSERVABLE_NAMES[observable]} of every solver the config allows, on the same ` +
        `config (n = ${config.n}, d = ${config.d}, δ = ${config.delta}, seed ${config.seed}). ` +
        `Solid: finite (n, d), mean over R replicates; dashed: n, d → ∞. Bands: ` +
        `± ${BAND_Z.toFixed(2)} standard errors (replicates, or DMFT path batches).`,
      xTitle: timeTitle(config, gammaGiven),
      yTitle: observableTitle(observable, config),
      series,
    });
  }
  return figures;
}
