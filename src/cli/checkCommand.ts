/**
 * `sgd-oracle check`: gates an external implementation against the fixture battery
 * (docs/oracle.md).
 *
 *   check --fixture ID[@VERSION] --trajectories FILE [--d D] [--replicates R]
 *   check --impl "COMMAND" [--cases IDS] [--d D] [--timeout SECONDS]
 *   common: [--fixtures DIR] [--format table|json] [--junit FILE] [--out FILE] [--force]
 *
 * With --trajectories, one run (JSON, CSV or .npy; src/oracle/readRunFile.ts) is compared
 * with one fixture. With --impl, COMMAND is run once per case under the protocol of
 * src/oracle/runImplementation.ts, and a crash, hang, garbage or partial output fails that
 * case with its reason while the others go on. Exit codes: 0 every case passed, 1 one failed,
 * 2 bad input (unknown fixture, unreadable file, mismatched times or sizes, wrong solver).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseReport } from '../oracle/checkReport.ts';
import { compareRun } from '../oracle/compareRun.ts';
import { formatJson, formatJunit, formatTable } from '../oracle/formatCheckReport.ts';
import { DEFAULT_FIXTURE_DIR, listFixtureIds, loadFixture } from '../oracle/loadFixture.ts';
import { parseRunJson, readRunFile } from '../oracle/readRunFile.ts';
import { runImplementation } from '../oracle/runImplementation.ts';
import { InputError } from '../solvers/trajectory.ts';
import { checkOutput, writeOutput } from './writeOutput.ts';

export interface CheckOptions {
  fixture?: string;
  trajectories?: string;
  impl?: string;
  cases?: string;
  fixtures?: string;
  d?: number;
  replicates?: number;
  timeout?: number;
  format?: string;
  junit?: string;
  out?: string;
  force?: boolean;
}

export async function checkCommand(options: CheckOptions): Promise<number> {
  try {
    // Both targets are checked before any case runs, so a refusal never wastes a run.
    const inputs = [options.trajectories].filter((x): x is string => x !== undefined);
    checkOutput(options.out, options.force ?? false, inputs);
    if (options.junit !== undefined) {
      try {
        checkOutput(options.junit, options.force ?? false, inputs);
      } catch (error) {
        throw new InputError((error as Error).message.replace(/^--out /, '--junit '));
      }
    }
    const reports = await gather(options);
    const format = options.format ?? 'table';
    writeOutput(
      format === 'json' ? formatJson(reports) : formatTable(reports),
      options.out,
      options.force ?? false,
    );
    if (options.junit !== undefined) {
      writeOutput(formatJunit(reports), options.junit, options.force ?? false);
    }
    return reports.every((r) => r.pass) ? 0 : 1;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

async function gather(options: CheckOptions): Promise<CaseReport[]> {
  const format = options.format ?? 'table';
  if (format !== 'table' && format !== 'json') {
    throw new InputError(`--format must be one of table, json; received "${format}"`);
  }
  for (const [flag, value] of [
    ['--d', options.d],
    ['--replicates', options.replicates],
    ['--timeout', options.timeout],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw new InputError(`${flag} must be a positive number; received ${String(value)}`);
    }
  }
  const dir = options.fixtures ?? DEFAULT_FIXTURE_DIR;
  if (options.impl !== undefined && options.impl.trim() === '') {
    throw new InputError('--impl takes the command that runs your implementation; it is empty');
  }
  if (options.impl !== undefined) {
    if (options.trajectories !== undefined || options.replicates !== undefined) {
      throw new InputError(
        '--impl runs the program on every case: leave out --trajectories and --replicates ' +
          '(the program reports its replicate count in info.replicates)',
      );
    }
    return checkImplementation(options.impl, options, dir);
  }
  if (options.fixture === undefined || options.trajectories === undefined) {
    throw new InputError(
      'check needs either --fixture ID with --trajectories FILE, or --impl "COMMAND"',
    );
  }
  const fixture = loadFixture(options.fixture, dir);
  const run = readRunFile(options.trajectories, fixture, {
    d: options.d,
    replicates: options.replicates,
  });
  return [compareRun(fixture, run)];
}

async function checkImplementation(
  command: string,
  options: CheckOptions,
  dir: string,
): Promise<CaseReport[]> {
  const all = listFixtureIds(dir);
  if (all.length === 0) throw new InputError(`--fixtures ${dir}: no fixtures found`);
  const ids = options.cases === undefined ? all : options.cases.split(',').map((s) => s.trim());
  const fixtures = ids.map((id) => loadFixture(id, dir, '--cases'));
  const timeoutMs = (options.timeout ?? 120) * 1000;
  const work = mkdtempSync(join(tmpdir(), 'sgd-oracle-check-'));
  const reports: CaseReport[] = [];
  try {
    for (const fixture of fixtures) {
      const config = { ...fixture.config, d: options.d ?? fixture.config.d };
      const path = join(work, `${fixture.id}.json`);
      writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
      const result = await runImplementation(command, path, {
        timeoutMs,
        env: { SGD_ORACLE_FIXTURE: fixture.id },
      });
      const failed = (reason: string): CaseReport => ({
        id: fixture.id,
        version: fixture.version,
        solver: fixture.solver,
        pass: false,
        reason,
        rows: [],
        seconds: result.seconds,
      });
      if (result.failure !== undefined) {
        reports.push(failed(result.failure));
        continue;
      }
      try {
        const run = parseRunJson(`stdout of case ${fixture.id}`, result.stdout, fixture);
        reports.push({ ...compareRun(fixture, run), seconds: result.seconds });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        reports.push(failed(`unusable output: ${error.message}`));
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return reports;
}
