/**
 * `sgd-oracle limits [CONFIG]`: run the limit checks of docs/limits.md and print their
 * verdicts. With no CONFIG each statement runs on its own default config
 * (src/limits/defaultLimitConfig.ts). Exit code 0 when no verdict fails (inconclusive ones
 * say what they could not resolve), 1 when one fails, 2 on bad input (the caller maps thrown
 * InputError/RangeError to 2).
 */
import { parseConfig } from '../model/parseConfig.ts';
import { IMPLEMENTED, checkStatement } from '../limits/checkStatement.ts';
import { defaultLimitConfig } from '../limits/defaultLimitConfig.ts';
import { STATEMENTS } from '../limits/verdict.ts';
import type { StatementId, Verdict } from '../limits/verdict.ts';
import { InputError } from '../solvers/trajectory.ts';
import { DATA_FILES_REASON } from '../limits/checkStatement.ts';
import { checkOutput, writeOutput } from './writeOutput.ts';
import { rerunnable } from './formatResult.ts';
import { readJson } from './runCommand.ts';

export interface LimitsOptions {
  statement?: string;
  format: string;
  out?: string;
  force: boolean;
  seed?: number;
  paths?: number;
}

export async function limitsCommand(
  configPath: string | undefined,
  options: LimitsOptions,
): Promise<number> {
  if (options.format !== 'json' && options.format !== 'table') {
    throw new InputError(`--format must be one of json, table; received "${options.format}"`);
  }
  const ids: StatementId[] =
    options.statement === undefined ? [...IMPLEMENTED] : [checkId(options.statement)];
  const raw = configPath === undefined ? undefined : readJson(configPath);

  checkOutput(options.out, options.force, configPath === undefined ? [] : [configPath]);
  const config = raw === undefined ? undefined : parseConfig(raw, configPath);
  if (config?.data !== undefined) throw new InputError(DATA_FILES_REASON);

  // With every statement asked for, one that does not apply to this config (or has no check
  // yet) is reported and skipped; asked for alone, it is an input error (exit 2).
  const verdicts: Verdict[] = [];
  const skipped: { statement: string; reason: string }[] = [];
  if (options.statement === undefined) {
    for (const id of STATEMENTS.filter((s) => !IMPLEMENTED.includes(s))) {
      skipped.push({ statement: id, reason: 'no check yet (docs/limits.md)' });
    }
  }
  for (const id of ids) {
    try {
      verdicts.push(
        checkStatement(id, config ?? defaultLimitConfig(id), {
          seed: options.seed,
          paths: options.paths,
        }),
      );
    } catch (error) {
      if (options.statement !== undefined || !(error instanceof RangeError)) throw error;
      skipped.push({ statement: id, reason: `not applicable to this config: ${error.message}` });
    }
  }
  const text =
    options.format === 'json'
      ? JSON.stringify(
          verdicts.length === 1 && skipped.length === 0
            ? printable(verdicts[0])
            : { verdicts: verdicts.map(printable), skipped },
          null,
          2,
        )
      : [
          ...verdicts.map((v) => table(v, configPath)),
          ...skipped.map((s) => `${s.statement} SKIPPED  ${s.reason}`),
        ].join('\n');
  writeOutput(text, options.out, options.force);
  if (verdicts.length === 0) {
    throw new InputError('no limit statement applies to this config (see the reasons above)');
  }
  return verdicts.some((v) => v.status === 'fail') ? 1 : 0;
}

function checkId(value: string): StatementId {
  if ((STATEMENTS as readonly string[]).includes(value)) return value as StatementId;
  throw new InputError(`--statement must be one of ${STATEMENTS.join(', ')}; received "${value}"`);
}

function table(v: Verdict, configPath?: string): string {
  // L5 compares at online times τ = δt/γ (its config's times are read as τ).
  const clock = v.statement === 'L5' ? 'τ' : 't';
  const lines = [
    `${v.statement} ${v.status.toUpperCase()}  ${v.title}  (seed ${v.seed}, ` +
      `${v.seconds.toFixed(1)} s)`,
  ];
  for (const c of v.comparisons) {
    // The relation actually found: a 'within' check wants ≤, an 'exceeds' check wants >.
    const relation = c.distance <= c.tolerance ? '≤' : '>';
    const wanted = c.kind === 'within' ? 'must agree' : 'must differ';
    lines.push(
      `  ${c.pass ? 'ok  ' : 'FAIL'} ${c.label}  ${c.observable} ${clock}=${c.time}  ` +
        `distance ${c.distance.toExponential(2)} ${relation} ` +
        `tolerance ${c.tolerance.toExponential(2)} (${wanted})`,
      `         = ${derivation(c.parts)}`,
    );
  }
  for (const r of v.rates) {
    lines.push(
      `  ${r.pass ? 'ok  ' : 'FAIL'} rate ${r.label}: ${r.fitted.toFixed(3)} ± ` +
        `${r.se.toFixed(3)}, expected ${r.expected} within ${r.tolerance.toFixed(3)}`,
    );
  }
  for (const reason of v.inconclusive) lines.push(`  INCONCLUSIVE: ${reason}`);
  for (const note of v.notes) lines.push(`  note: ${note}`);
  // The JSON format carries the verdict's config; in a table, name the config it came from.
  const args = ['sgd-oracle limits', ...(configPath ? [configPath] : [])];
  args.push(`--statement ${v.statement} --seed ${v.seed}`);
  lines.push(`  reproduce: ${args.join(' ')}${configPath ? '' : "   # the statement's default"}`);
  return lines.join('\n');
}

/** How a tolerance was assembled: z·√(SE_finite² + SE_MC²) + grid + bias (docs/limits.md). */
function derivation(p: Verdict['comparisons'][number]['parts']): string {
  const e = (x: number) => x.toExponential(2);
  const quantile =
    p.dof === undefined
      ? `z ${p.z.toFixed(2)} (normal, alpha ${p.alpha}/${p.comparisons})`
      : `t ${p.z.toFixed(2)} (${p.dof} dof, alpha ${p.alpha}/${p.comparisons})`;
  return (
    `${quantile} × √(SE_finite ${e(p.finiteSe)}² + SE_MC ${e(p.mcSe)}²) ` +
    `+ grid ${e(p.gridBound)} + bias ${e(p.biasBound)}`
  );
}

/** The verdict with its config in the form `limits` and `run` accept again (the reproduce line). */
function printable(verdict: Verdict): Omit<Verdict, 'config'> & { config: unknown } {
  return { ...verdict, config: rerunnable(verdict.config) };
}
