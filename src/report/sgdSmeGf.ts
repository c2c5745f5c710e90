/**
 * Figure (d), one panel per model (L4 of docs/limits.md): the DMFT limits of SGD, SME and GF
 * on a linear model (square loss: the SGD and SME curves coincide up to the O(dt) grid error
 * of the two schemes, GF lies apart at O(γ)) and on a nonlinear one (three distinct curves:
 * SGD − SME = O(γ²), SGD − GF = O(γ)). Runs already made for the trajectory figures are reused
 * when the config is that model.
 */
import type { Config } from '../model/types.ts';
import { runLimit } from '../solvers/runLimit.ts';
import type { LimitSolver } from '../solvers/runLimit.ts';
import { observableTitle } from './observableTitle.ts';
import { timeTitle } from './timeTitle.ts';
import { legendLabel } from './legendLabel.ts';
import type { LabeledRun } from './mainRuns.ts';
import type { ReportSettings } from './reportSettings.ts';
import { seriesOf } from './seriesOf.ts';
import type { StageRunner } from './stageRunner.ts';
import { tryRun } from './tryRun.ts';
import type { Figure, Observable, Omission, Series } from './types.ts';

const SOLVERS: LimitSolver[] = ['dmft-sgd', 'dmft-sme', 'dmft-gf'];

export function sgdSmeGf(
  model: Config,
  linear: boolean,
  reuse: LabeledRun[] | null,
  observable: Observable,
  settings: ReportSettings,
  stage: StageRunner,
  omitted: Omission[],
): Figure {
  const name = linear ? 'linear' : 'nonlinear';
  const series: Series[] = [];
  for (const solver of SOLVERS) {
    const found = reuse?.find((r) => r.run.solver === solver);
    const run =
      found?.run ??
      stage(`${name} model: ${solver}`, (onProgress) =>
        tryRun(
          `${name} model, ${solver}`,
          () =>
            runLimit(model, solver, {
              paths: settings.paths,
              batches: settings.batches,
              onProgress,
            }),
          omitted,
        ),
      );
    const s = run && seriesOf(run, observable, found?.label ?? legendLabel(run, model), true);
    if (s) series.push(s);
  }
  const loss = model.loss === 'square' ? 'square loss' : 'logistic loss';
  const labels = model.teacher.labels === 'sign' ? 'sign labels' : 'real labels';
  return {
    id: `claim-d-sgd-sme-gf-${name}`,
    title: `(d) SGD, SME and GF limits: ${name} model`,
    caption: linear
      ? `Square loss with a linear student (${labels}): ℓ is affine in r, so the SGD and SME ` +
        'limits coincide (up to the O(dt) grid error of the two schemes) and GF differs at O(γ).'
      : `${loss} with a ${model.student.link} student (${labels}): ℓ is not affine, so the ` +
        'three limits are distinct: SGD − GF = O(γ), SGD − SME = O(γ²), which can sit inside ' +
        'the Monte Carlo bands at moderate γ (L4 resolves it with paired replicates).',
    xTitle: timeTitle(model),
    yTitle: observableTitle(observable, model),
    series,
  };
}
