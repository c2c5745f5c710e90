/**
 * Builds a whole report: the trajectory runs (mainRuns), the figures of the paper's claims
 * (alphaCollapse, gammaToGradientFlow, deltaToOnline, sgdSmeGf on a linear and a nonlinear
 * model), the limit verdicts (limitVerdicts), each figure rendered to SVG through Vega-Lite,
 * and the HTML page around them. Solver runs are shared where a figure shows a run the
 * trajectory figures already made (DMFT-SGD in (a), finite GF in (b), the config's own model
 * in (d)). Nothing is written here; the CLI writes the files.
 */
import type { StatementId } from '../limits/verdict.ts';
import { rerunnable } from '../cli/formatResult.ts';
import type { Config } from '../model/types.ts';
import { alphaCollapse } from './alphaCollapse.ts';
import { BAND_Z } from './bandZ.ts';
import { deltaToOnline } from './deltaToOnline.ts';
import { figureSpec } from './figureSpec.ts';
import { gammaToGradientFlow } from './gammaToGradientFlow.ts';
import { isAffine } from './isAffine.ts';
import { limitVerdicts } from './limitVerdicts.ts';
import { linearVariant } from './linearVariant.ts';
import { mainRuns } from './mainRuns.ts';
import { nonlinearVariant } from './nonlinearVariant.ts';
import { planFigures } from './planFigures.ts';
import { renderSvg } from './renderSvg.ts';
import type { RenderedFigure } from './reportHtml.ts';
import { reportHtml } from './reportHtml.ts';
import type { ReportSettings } from './reportSettings.ts';
import { ONLINE_DELTA_MIN } from './reportSettings.ts';
import { sgdSmeGf } from './sgdSmeGf.ts';
import type { StageRunner } from './stageRunner.ts';
import { trajectoryFigures } from './trajectoryFigures.ts';
import type { Figure, Observable, Omission, VerdictTable } from './types.ts';

export interface ReportInput {
  config: Config;
  /** The config file, or undefined for the built-in default case. */
  configPath?: string;
  /** Whether the config set algorithm.gamma (a GF config may leave it out). */
  gammaGiven: boolean;
  settings: ReportSettings;
  /** The command line that made the report, shown in the page. */
  command: string;
  stage: StageRunner;
}

export interface BuiltReport {
  html: string;
  figures: RenderedFigure[];
  verdicts: VerdictTable;
  omitted: Omission[];
  /** Wall seconds of each part: runs, claims, limits, render. */
  seconds: Record<string, number>;
}

/** The observable each claim figure shows: where its claim is largest against the noise. */
export const CLAIM_OBSERVABLE: Record<string, Observable> = {
  alpha: 'Q',
  gamma: 'Q',
  delta: 'Q',
  models: 'testRisk',
};

export async function buildReport(input: ReportInput): Promise<BuiltReport> {
  const { config, settings, stage } = input;
  const seconds: Record<string, number> = {};
  const clock = () => performance.now() / 1000;
  const plan = planFigures(config, input.gammaGiven);

  let start = clock();
  const main = mainRuns(config, input.gammaGiven, settings, stage);
  const omitted = [...main.omitted];
  const trajectories = trajectoryFigures(main.runs, main.config, input.gammaGiven);
  seconds.runs = clock() - start;

  start = clock();
  const claims: Figure[] = [];
  if (plan.claimsSkipped !== undefined) {
    omitted.push({ what: "the claims' figures", reason: plan.claimsSkipped });
  } else {
    const find = (solver: string) => main.runs.find((r) => r.run.solver === solver);
    const dmftSgd = find('dmft-sgd');
    const gf = find('gf');
    if (dmftSgd) {
      claims.push(alphaCollapse(config, dmftSgd, CLAIM_OBSERVABLE.alpha, settings, stage, omitted));
    } else {
      omitted.push({ what: 'figure (a)', reason: 'DMFT-SGD did not run on this config' });
    }
    if (gf) {
      claims.push(
        gammaToGradientFlow(config, gf, CLAIM_OBSERVABLE.gamma, settings, stage, omitted),
      );
    } else {
      omitted.push({ what: 'figure (b)', reason: 'finite GF did not run on this config' });
    }
    claims.push(deltaToOnline(config, CLAIM_OBSERVABLE.delta, settings, stage, omitted));
    const own = main.runs.filter((r) => r.limit);
    const affine = isAffine(config);
    for (const linear of [true, false]) {
      const model = linear ? linearVariant(main.config) : nonlinearVariant(main.config);
      const reuse = affine === linear ? own : null;
      claims.push(
        sgdSmeGf(model, linear, reuse, CLAIM_OBSERVABLE.models, settings, stage, omitted),
      );
    }
  }
  seconds.claims = clock() - start;

  start = clock();
  const verdicts: VerdictTable = settings.limits
    ? limitVerdicts(
        input.configPath === undefined ? undefined : config,
        input.configPath,
        settings.statements as StatementId[] | undefined,
        settings.seed,
        stage,
      )
    : {
        source: '',
        command: '',
        verdicts: [],
        skipped: [],
        disabled: 'The limit verdicts were not run (--no-limits).',
        seconds: 0,
      };
  seconds.limits = clock() - start;

  start = clock();
  const render = async (figure: Figure) => ({ figure, svg: await renderSvg(figureSpec(figure)) });
  const renderedTrajectories: RenderedFigure[] = [];
  for (const f of trajectories) renderedTrajectories.push(await render(f));
  const renderedClaims: RenderedFigure[] = [];
  for (const f of claims) renderedClaims.push(await render(f));
  seconds.render = clock() - start;

  const notes = [
    settings.replicates === 1
      ? 'Finite (n, d) runs: 1 replicate each, so no band (a standard error needs at least 2).'
      : `Finite (n, d) runs: ${settings.replicates} replicates each (replicate r of every ` +
        'solver uses the same data); the curve is the mean, the band ± ' +
        `${BAND_Z.toFixed(2)} standard errors of the mean (pointwise 95 %).`,
    main.runs.some((r) => r.run.solver.startsWith('dmft-'))
      ? `DMFT runs: ${settings.paths} Monte Carlo paths in ${settings.batches} independent ` +
        'batches; the band is ± the same multiple of the batch standard error (the O(dt) ' +
        'grid error is not in the band; docs/accuracy.md).'
      : 'No DMFT run on this config (see "Left out" for why).',
    `The online ODE joins the trajectory figures when δ ≥ ${ONLINE_DELTA_MIN}.`,
    'Curves are drawn through the config times plus, where the solvers’ steps allow it, an ' +
      'even grid of 20 steps on [0, t_max] (src/report/reportTimes.ts).',
    `Wall time: runs ${seconds.runs.toFixed(1)} s, claims ${seconds.claims.toFixed(1)} s, ` +
      `limit verdicts ${seconds.limits.toFixed(1)} s, rendering ${seconds.render.toFixed(1)} s.`,
    'Figures: Vega-Lite 6 rendered headless by Vega 6 (View.toSVG).',
  ];
  const html = reportHtml({
    heading: `sgd-oracle report: ${input.configPath ?? 'the built-in default case'}`,
    configJson: JSON.stringify(rerunnable(config), null, 2),
    command: input.command,
    trajectories: renderedTrajectories,
    claims: renderedClaims,
    verdicts,
    omitted,
    notes,
  });
  return {
    html,
    figures: [...renderedTrajectories, ...renderedClaims],
    verdicts,
    omitted,
    seconds,
  };
}
