/**
 * Assembles a Verdict: pass is the conjunction of every comparison and rate fit, and the
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
}

export function finishVerdict(input: VerdictInput): Verdict {
  const observables = [...new Set(input.comparisons.map((c) => c.observable))];
  const times = [...new Set(input.comparisons.map((c) => c.time))].sort((a, b) => a - b);
  const pass =
    input.comparisons.every((c) => c.pass) &&
    input.rates.every((r) => r.pass) &&
    input.comparisons.length + input.rates.length > 0;
  return {
    statement: input.statement,
    title: input.title,
    observables,
    times,
    comparisons: input.comparisons,
    rates: input.rates,
    pass,
    seed: input.seed,
    config: input.config,
    command:
      `sgd-oracle limits CONFIG.json --statement ${input.statement} --seed ${input.seed} ` +
      '--format json   # CONFIG.json = the "config" field of this verdict',
    seconds: (performance.now() - input.started) / 1000,
    notes: input.notes ?? [],
  };
}
