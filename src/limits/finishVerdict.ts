/**
 * Assembles a Verdict: it fails when a comparison or rate fit fails, is inconclusive when
 * none fails but a part could not be resolved at the run's Monte Carlo effort, and the
 * command line reproduces the check through `sgd-oracle limits` (docs/limits.md).
 */
import type { Config } from '../model/types.ts';
import type { Comparison, RateFit, StatementId, Verdict } from './verdict.ts';

export interface VerdictInput {
  statement: StatementId;
  title: string;
  config: Config;
  seed: number;
  comparisons: Comparison[];
  rates: RateFit[];
  started: number;
  notes?: string[];
  /** Parts the run could not resolve at its Monte Carlo effort (src/limits/resolvedLadder.ts). */
  inconclusive?: string[];
}

export function finishVerdict(input: VerdictInput): Verdict {
  const observables = [...new Set(input.comparisons.map((c) => c.observable))];
  const times = [...new Set(input.comparisons.map((c) => c.time))].sort((a, b) => a - b);
  const inconclusive = input.inconclusive ?? [];
  const failed =
    input.comparisons.some((c) => !c.pass) ||
    input.rates.some((r) => !r.pass) ||
    input.comparisons.length + input.rates.length + inconclusive.length === 0;
  const status = failed ? 'fail' : inconclusive.length > 0 ? 'inconclusive' : 'pass';
  return {
    statement: input.statement,
    title: input.title,
    observables,
    times,
    comparisons: input.comparisons,
    rates: input.rates,
    pass: status === 'pass',
    status,
    inconclusive,
    seed: input.seed,
    config: input.config,
    command:
      `sgd-oracle limits CONFIG.json --statement ${input.statement} --seed ${input.seed} ` +
      '--format json   # CONFIG.json = the "config" field of this verdict',
    seconds: (performance.now() - input.started) / 1000,
    notes: input.notes ?? [],
  };
}
