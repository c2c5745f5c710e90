/**
 * The shared core of the statement properties (properties/L1.test.ts … L7.test.ts,
 * docs/limits.md "Properties"): a fast-check arbitrary over model parameters, the map from
 * a draw to a config and check options, and two ways to run it:
 * - `verdictOf(spec, draw)`: the verdict of one draw (what the test asserts passes);
 * - `propertyFromSeed(spec, seed)`: draws one config from `seed` and runs it, for the
 *   calibration script, which calls it over many seeds without vitest.
 *
 * False failures. Each verdict budgets `alpha` over its own assertions (Bonferroni inside
 * the check); a property file runs `numRuns` draws, so with alpha = FILE_ALPHA / numRuns the
 * file fails falsely with probability ≤ FILE_ALPHA = 1e-4, and the seven files together
 * with probability ≤ 7e-4 (union bound), within the 1e-3 planned for a whole `npm test`.
 * Closed-form checks cannot fail by chance at all; they still take their share.
 */
import fc from 'fast-check';
import { checkStatement } from '../../src/limits/checkStatement.ts';
import type { CheckOptions } from '../../src/limits/checkOptions.ts';
import type { StatementId, Verdict } from '../../src/limits/verdict.ts';
import type { Config } from '../../src/model/types.ts';

/** Planned false-failure probability of one property file (one fc.assert of numRuns draws). */
export const FILE_ALPHA = 1e-4;

export interface StatementProperty<P> {
  statement: StatementId;
  /** Draws over the validity ranges documented at the top of the statement's file. */
  arbitrary: fc.Arbitrary<P>;
  numRuns: number;
  config: (draw: P) => Config;
  options: (draw: P) => CheckOptions;
}

/** The verdict of one draw, with the per-run share FILE_ALPHA / numRuns of the budget. */
export function verdictOf<P>(spec: StatementProperty<P>, draw: P): Verdict {
  const alpha = FILE_ALPHA / spec.numRuns;
  return checkStatement(spec.statement, spec.config(draw), { alpha, ...spec.options(draw) });
}

export interface PropertyOutcome<P> {
  draw: P;
  verdict: Verdict;
  pass: boolean;
}

/** One draw from `seed` (fast-check's generator, so the same seed gives the same config). */
export function propertyFromSeed<P>(spec: StatementProperty<P>, seed: number): PropertyOutcome<P> {
  const [draw] = fc.sample(spec.arbitrary, { seed, numRuns: 1 });
  const verdict = verdictOf(spec, draw);
  return { draw, verdict, pass: verdict.pass };
}

/** Why a verdict failed, one line per failing comparison or rate, for the failure message. */
export function failureReport(verdict: Verdict): string {
  return [
    ...verdict.comparisons
      .filter((c) => !c.pass)
      .map(
        (c) =>
          `${c.label} ${c.observable} t=${c.time}: distance ${c.distance} ` +
          `${c.kind === 'within' ? '>' : '≤'} tolerance ${c.tolerance}`,
      ),
    ...verdict.rates
      .filter((r) => !r.pass)
      .map((r) => `${r.label}: ${r.fitted} ± ${r.se}, expected ${r.expected} ± ${r.tolerance}`),
  ].join('\n    ');
}
