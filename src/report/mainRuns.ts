/**
 * The runs behind the trajectory figures: finite-(n, d) SGD, SME and GF with R replicates
 * each (src/solvers/runSolver.ts; replicate r of every solver uses the same data, from the
 * master seed replicateSeed(seed, r)), the DMFT limits of SGD, SME and GF
 * (src/solvers/runLimit.ts), and, when δ ≥ ONLINE_DELTA_MIN, the online ODE.
 *
 * The online ODE runs in τ = steps/d. A multi-pass run at time t has visited δt/γ·d samples,
 * so it is compared at τ = δt/γ with the ridge per unit of τ λ̃ = λγ/δ (the L5 scaling of
 * docs/limits.md read backwards), and drawn at t = γτ/δ.
 */
import type { Config } from '../model/types.ts';
import { runFinite } from '../solvers/runSolver.ts';
import type { FiniteSolver } from '../solvers/runSolver.ts';
import { runLimit } from '../solvers/runLimit.ts';
import type { LimitSolver } from '../solvers/runLimit.ts';
import type { Trajectory } from '../solvers/trajectory.ts';
import { coarsestStep } from './coarsestStep.ts';
import { displayName } from './displayName.ts';
import { legendLabel } from './legendLabel.ts';
import { ONLINE_DELTA_MIN } from './reportSettings.ts';
import type { ReportSettings } from './reportSettings.ts';
import { reportTimes } from './reportTimes.ts';
import type { StageRunner } from './stageRunner.ts';
import { tryRun } from './tryRun.ts';
import type { Omission } from './types.ts';

export interface LabeledRun {
  run: Trajectory;
  label: string;
  limit: boolean;
  /** Factor from the run's times to the plotted time t. */
  timeScale: number;
}

export interface MainRuns {
  config: Config;
  runs: LabeledRun[];
  omitted: Omission[];
}

export function mainRuns(
  base: Config,
  gammaGiven: boolean,
  settings: ReportSettings,
  stage: StageRunner,
): MainRuns {
  const config = { ...base, times: reportTimes(base.times, coarsestStep(base)) };
  const omitted: Omission[] = [];
  const runs: LabeledRun[] = [];
  const needsGamma = (solver: string) => !gammaGiven && solver !== 'gf' && solver !== 'dmft-gf';

  for (const solver of ['sgd', 'sme', 'gf'] as FiniteSolver[]) {
    if (needsGamma(solver)) {
      omitted.push({ what: displayName(solver), reason: 'the config sets no algorithm.gamma' });
      continue;
    }
    const count = settings.replicates === 1 ? '1 replicate' : `${settings.replicates} replicates`;
    const run = stage(`${solver} (${count})`, (onProgress) =>
      tryRun(
        displayName(solver),
        () => runFinite(config, solver, settings.replicates, { onProgress }),
        omitted,
      ),
    );
    if (run) runs.push({ run, label: legendLabel(run, config), limit: false, timeScale: 1 });
  }

  for (const solver of ['dmft-sgd', 'dmft-sme', 'dmft-gf'] as LimitSolver[]) {
    if (needsGamma(solver)) {
      omitted.push({ what: displayName(solver), reason: 'the config sets no algorithm.gamma' });
      continue;
    }
    const run = stage(`${solver} (${settings.paths} paths)`, (onProgress) =>
      tryRun(
        displayName(solver),
        () =>
          runLimit(config, solver, {
            paths: settings.paths,
            batches: settings.batches,
            onProgress,
          }),
        omitted,
      ),
    );
    if (run) runs.push({ run, label: legendLabel(run, config), limit: true, timeScale: 1 });
  }

  const online = onlineRun(config, gammaGiven, stage, omitted);
  if (online) runs.push(online);
  return { config, runs, omitted };
}

function onlineRun(
  config: Config,
  gammaGiven: boolean,
  stage: StageRunner,
  omitted: Omission[],
): LabeledRun | null {
  const what = displayName('online-ode');
  if (config.delta < ONLINE_DELTA_MIN) {
    omitted.push({
      what,
      reason:
        `δ = ${config.delta} < ${ONLINE_DELTA_MIN}: the online ODE is the δ → ∞ limit, off ` +
        'by O(1/δ) at this δ (L5, docs/limits.md)',
    });
    return null;
  }
  if (!gammaGiven) {
    omitted.push({ what, reason: 'the config sets no algorithm.gamma' });
    return null;
  }
  const gamma = config.algorithm.gamma;
  const onlineConfig: Config = {
    ...config,
    lambda: (config.lambda * gamma) / config.delta,
    times: config.times.map((t) => (config.delta * t) / gamma),
  };
  const run = stage('online-ode', () =>
    tryRun(what, () => runLimit(onlineConfig, 'online-ode'), omitted),
  );
  if (!run) return null;
  return {
    run,
    label: `${legendLabel(run, onlineConfig)}, at τ = δt/γ`,
    limit: true,
    timeScale: gamma / config.delta,
  };
}
