/**
 * L3: as γ → 0 the SGD limit tends to the GF limit at first order in γ (arXiv 2601.21093;
 * docs/limits.md L3).
 *
 * Method. On a halving ladder of γ, the gap g(γ) = |O_SGD(γ) − O_GF| of the test risk and of
 * Q at the last output time, both from limitReference (closed forms for square loss: no
 * Monte Carlo error; else DMFT with its batch standard error and a dt-halving grid bound).
 * The least-squares slope of log g on log γ must be 1 within z·SE(slope) + the drift bound
 * of fitRate (twice the change of the pairwise slopes across the ladder, valid for a
 * correction linear in γ on a ladder of ratio 2). Each gap must also exceed its own noise
 * and grid terms, so the slope is measured on signal.
 */
import type { Config } from '../model/types.ts';
import type { Trajectory } from '../solvers/trajectory.ts';
import { bonferroni } from './bonferroni.ts';
import { DEFAULT_ALPHA, checkOptions, mcDof, solveRole } from './checkOptions.ts';
import type { CheckOptions } from './checkOptions.ts';
import { compareValue } from './compareValue.ts';
import { finishVerdict } from './finishVerdict.ts';
import { fitRate } from './fitRate.ts';
import { limitReference } from './limitReference.ts';
import { resolvedLadder } from './resolvedLadder.ts';
import { scalarObservables } from './scalarObservables.ts';
import type { Comparison, RateFit, Verdict } from './verdict.ts';
import { withAlgorithm } from './withAlgorithm.ts';

export function checkL3(config: Config, options: CheckOptions = {}): Verdict {
  checkOptions('checkL3', options);
  const started = performance.now();
  const seed = options.seed ?? config.seed;
  const base = withAlgorithm(config, { seed });
  const gammas = options.gammas ?? [0.4, 0.2, 0.1, 0.05];
  const paths = options.paths ?? 8000;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const last = base.times.length - 1;
  const names = ['testRisk', 'Q'];

  const flowRef = limitReference(base, 'gf', paths, options.batches, options.dt);
  const flow = solveRole(options, 'limit:gf', base, () => flowRef.run);
  const sgd = gammas.map((gamma) => {
    const cfg = withAlgorithm(base, { gamma, name: 'sgd' });
    const ref = limitReference(cfg, 'sgd', paths, options.batches);
    const run: Trajectory = solveRole(options, `limit:sgd:${gamma}`, cfg, () => ref.run);
    return { run, grid: ref.gridBound[last] };
  });

  const m = names.length * (gammas.length + 1);
  const z = bonferroni(alpha, m);
  const comparisons: Comparison[] = [];
  const rates: RateFit[] = [];
  const t = base.times[last];
  const notes: string[] = [];
  const inconclusive: string[] = [];
  for (const name of names) {
    const reference = scalarObservables(flow, last)[name];
    const points = gammas.map((gamma, j) => {
      const got = scalarObservables(sgd[j].run, last)[name];
      const grid = (sgd[j].grid[name] ?? 0) + (flowRef.gridBound[last][name] ?? 0);
      const se = Math.hypot(got.se, reference.se);
      const comparison = compareValue({
        label: `SGD limit at γ=${gamma} vs GF limit: gap is signal`,
        observable: name,
        time: t,
        value: got.value,
        reference: reference.value,
        kind: 'exceeds',
        parts: {
          finiteSe: 0,
          mcSe: se,
          mcDof: mcDof(options),
          gridBound: grid,
          biasBound: 0,
          z,
          alpha,
          comparisons: m,
        },
      });
      return { x: gamma, label: `γ = ${gamma}`, comparison, se };
    });
    const ladder = resolvedLadder(`${name} at t = ${t}`, points);
    comparisons.push(...ladder.comparisons);
    notes.push(...ladder.notes);
    if (ladder.inconclusive) inconclusive.push(ladder.inconclusive);
    if (ladder.ladder) {
      rates.push(fitRate(`${name} gap |SGD − GF| at t = ${t} vs γ`, ladder.ladder, 1, z));
    }
  }
  return finishVerdict({
    statement: 'L3',
    title: 'γ → 0: the SGD limit tends to the GF limit at order 1 in γ',
    config: base,
    seed,
    comparisons,
    rates,
    started,
    notes: [`γ ladder ${gammas.join(', ')}; limits from ${flowRef.source}`, ...notes],
    inconclusive,
  });
}
