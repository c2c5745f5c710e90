/**
 * Runs a statement property under vitest: fc.assert over `numRuns` draws with the suite seed
 * (properties/setup.ts). A failing draw (a verdict that fails, or a check that throws) throws
 * a message holding the suite seed, the draw, the config, the failing comparisons and the
 * command that replays the file; fast-check adds its own seed and path, and shrinks to a
 * minimal failing draw (endOnFailure is turned off here, so shrinking happens; it only runs
 * after a failure, so it adds no false failures).
 */
import fc from 'fast-check';
import { suiteSeed } from '../../tests/helpers/seed.ts';
import { failureReport, verdictOf } from './statementProperty.ts';
import type { StatementProperty } from './statementProperty.ts';

export function assertStatement<P>(spec: StatementProperty<P>, file: string): void {
  const seed = suiteSeed();
  fc.assert(
    fc.property(spec.arbitrary, (draw) => {
      const context = (why: string) =>
        `${spec.statement} failed on draw ${JSON.stringify(draw)}\n    ${why}\n` +
        `  suite seed: ${seed}\n  config: ${JSON.stringify(spec.config(draw))}\n` +
        `  reproduce: SGD_ORACLE_SEED=${seed} npx vitest run ${file}  (fast-check seed and ` +
        `path above; or sgd-oracle limits CONFIG.json --statement ${spec.statement})`;
      let verdict: ReturnType<typeof verdictOf>;
      try {
        verdict = verdictOf(spec, draw);
      } catch (error) {
        throw new Error(context(`the check threw: ${(error as Error).message}`));
      }
      if (!verdict.pass) throw new Error(context(failureReport(verdict)));
    }),
    { seed, numRuns: spec.numRuns, endOnFailure: false },
  );
}
