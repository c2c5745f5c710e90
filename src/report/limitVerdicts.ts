/**
 * The verdict table of a report: the limit statements (docs/limits.md) run exactly as
 * `sgd-oracle limits [CONFIG]` runs them (src/cli/limitsCommand.ts): with a config, every
 * statement on that config; without one, each statement on its own default case
 * (src/limits/defaultLimitConfig.ts). With every statement asked for, one that does not apply
 * to the config is listed as skipped with its reason; one asked for by name must apply.
 */
import { DATA_FILES_REASON, IMPLEMENTED, checkStatement } from '../limits/checkStatement.ts';
import { defaultLimitConfig } from '../limits/defaultLimitConfig.ts';
import { STATEMENTS } from '../limits/verdict.ts';
import type { StatementId, Verdict } from '../limits/verdict.ts';
import type { Config } from '../model/types.ts';
import type { StageRunner } from './stageRunner.ts';
import type { VerdictTable } from './types.ts';

export function limitVerdicts(
  config: Config | undefined,
  configPath: string | undefined,
  statements: StatementId[] | undefined,
  seed: number | undefined,
  stage: StageRunner,
): VerdictTable {
  const started = performance.now();
  const ids = statements ?? [...IMPLEMENTED];
  const verdicts: Verdict[] = [];
  const skipped: { statement: string; reason: string }[] = [];
  if (statements === undefined) {
    for (const id of STATEMENTS.filter((s) => !IMPLEMENTED.includes(s))) {
      skipped.push({ statement: id, reason: 'no check yet (docs/limits.md)' });
    }
  }
  for (const id of config?.data !== undefined ? [] : ids) {
    try {
      const verdict = stage(`limits: ${id}`, () =>
        checkStatement(id, config ?? defaultLimitConfig(id), { seed }),
      );
      verdicts.push(verdict);
    } catch (error) {
      if (statements !== undefined || !(error instanceof RangeError)) throw error;
      skipped.push({ statement: id, reason: `not applicable to this config: ${error.message}` });
    }
  }
  if (config?.data !== undefined) {
    for (const id of ids) skipped.push({ statement: id, reason: DATA_FILES_REASON });
  }
  const base = ['sgd-oracle limits', ...(configPath ? [configPath] : [])].join(' ');
  const seedFlag = seed !== undefined ? ` --seed ${seed}` : '';
  const command =
    statements === undefined
      ? `${base}${seedFlag}`
      : statements.map((s) => `${base} --statement ${s}${seedFlag}`).join('; ');
  return {
    source:
      configPath === undefined
        ? 'each statement on its own default case (src/limits/defaultLimitConfig.ts), as ' +
          '"sgd-oracle limits" with no CONFIG'
        : `every statement on ${configPath}`,
    command,
    statementCommand: (s) => `${base} --statement ${s}${seedFlag}`,
    verdicts,
    skipped,
    seconds: (performance.now() - started) / 1000,
  };
}
