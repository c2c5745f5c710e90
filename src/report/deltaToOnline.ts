/**
 * Figure (c), δ → ∞ (L5 of docs/limits.md): the SGD limit (DMFT-SGD) at δ = δ₀·{1, 2, 4, 8}
 * (δ₀ the config's), each with ridge λ = λ̃δ/γ and read at t = γτ/δ, against the online-SGD
 * ODE at τ; the gap closes at order 1/δ. τ runs over the config's times read as τ (as in
 * L5), λ̃ = λ₀γ/δ₀ is the config's own ridge per unit of τ, and the DMFT grid is
 * dt = min(default, t_max/40), since t_max = γτ_max/δ shrinks with δ.
 * Paths: the parameter side multiplies the sample-side closures by δ, so at fixed paths the
 * Monte Carlo variance of Q grows like δ²; the run at δ₀·f uses f² times the report's paths,
 * which costs little because a path's work scales with its jumps, about t_max/γ ∝ 1/δ.
 */
import { withAlgorithm } from '../limits/withAlgorithm.ts';
import type { Config } from '../model/types.ts';
import { defaultDt, runLimit } from '../solvers/runLimit.ts';
import { observableTitle } from './observableTitle.ts';
import { ONLINE_TIME_TITLE } from './timeTitle.ts';
import { formatNumber as fmt } from './formatNumber.ts';
import { legendLabel } from './legendLabel.ts';
import type { ReportSettings } from './reportSettings.ts';
import { GRID_INTERVALS, reportTimes } from './reportTimes.ts';
import { seriesOf } from './seriesOf.ts';
import type { StageRunner } from './stageRunner.ts';
import { tryRun } from './tryRun.ts';
import type { Figure, Observable, Omission, Series } from './types.ts';

export const DELTA_FACTORS = [1, 2, 4, 8];

export function deltaToOnline(
  config: Config,
  observable: Observable,
  settings: ReportSettings,
  stage: StageRunner,
  omitted: Omission[],
): Figure {
  const gamma = config.algorithm.gamma;
  const lambdaTilde = (config.lambda * gamma) / config.delta;
  const tauMax = config.times[config.times.length - 1];
  const taus = reportTimes(config.times, tauMax / (2 * GRID_INTERVALS));
  const series: Series[] = [];
  for (const factor of DELTA_FACTORS) {
    const delta = config.delta * factor;
    const times = taus.map((tau) => (gamma * tau) / delta);
    const cfg = withAlgorithm(config, {
      delta,
      name: 'sgd',
      lambda: (lambdaTilde * delta) / gamma,
      times,
    });
    const dt = Math.min(defaultDt('dmft-sgd', cfg), times[times.length - 1] / 40);
    const run = stage(`delta-to-online: dmft-sgd δ=${fmt(delta)}`, (onProgress) =>
      tryRun(
        `δ → ∞, DMFT-SGD δ=${fmt(delta)}`,
        () =>
          runLimit(cfg, 'dmft-sgd', {
            dt,
            paths: settings.paths * factor ** 2,
            batches: settings.batches,
            onProgress,
          }),
        omitted,
      ),
    );
    const label = run && `DMFT-SGD δ=${fmt(delta)} ${legendLabel(run, cfg).slice(9)}`;
    const s = run && seriesOf(run, observable, label ?? '', true, delta / gamma);
    if (s) series.push(s);
  }
  const onlineConfig = { ...config, lambda: lambdaTilde, times: taus };
  const ode = stage('delta-to-online: online-ode', () =>
    tryRun('δ → ∞, online ODE', () => runLimit(onlineConfig, 'online-ode'), omitted),
  );
  const s = ode && seriesOf(ode, observable, legendLabel(ode, onlineConfig), false);
  if (s) series.push(s);
  return {
    id: 'claim-c-delta-to-online',
    title: '(c) δ → ∞: the SGD limit approaches the online ODE',
    caption:
      `DMFT-SGD at δ ∈ {${DELTA_FACTORS.map((f) => fmt(config.delta * f)).join(', ')}} ` +
      `against time τ = δt/γ (ridge λ = λ̃δ/γ, λ̃ = ${fmt(lambdaTilde)}), and the online-SGD ` +
      'ODE (solid); the gap closes at order 1/δ.',
    xTitle: ONLINE_TIME_TITLE,
    yTitle: observableTitle(observable, config),
    series,
  };
}
