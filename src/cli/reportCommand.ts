/**
 * `sgd-oracle report [CONFIG] [--out DIR]`: run every solver the config allows, the figures
 * of the paper's claims and the limit verdicts (src/report/buildReport.ts), and write
 * DIR/report.html (self-contained) with one SVG per figure (and PNG with --png). With no
 * CONFIG, the built-in default case of `run`. Every target file is checked before anything
 * runs: an existing file is kept unless --force. Exit 0 when written; 1 when written but a
 * verdict failed or a run diverged; 2 on bad input.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { STATEMENTS } from '../limits/verdict.ts';
import { parseConfig } from '../model/parseConfig.ts';
import { buildReport } from '../report/buildReport.ts';
import { planFigures } from '../report/planFigures.ts';
import { renderPng } from '../report/renderPng.ts';
import { DEFAULT_SETTINGS } from '../report/reportSettings.ts';
import type { ReportSettings } from '../report/reportSettings.ts';
import type { StageRunner } from '../report/stageRunner.ts';
import { InputError } from '../solvers/trajectory.ts';
import { DEFAULT_CONFIG } from './defaultConfig.ts';
import { createProgress } from './progress.ts';
import { hasGamma, readJson } from './runCommand.ts';

export interface ReportOptions {
  out: string;
  force: boolean;
  png: boolean;
  limits: boolean;
  statements?: string;
  replicates?: number;
  paths?: number;
  batches?: number;
  seed?: number;
}

export async function reportCommand(
  configPath: string | undefined,
  options: ReportOptions,
): Promise<number> {
  const settings = checkSettings(options);
  const raw = configPath === undefined ? DEFAULT_CONFIG : readJson(configPath);
  let config = parseConfig(raw, configPath ?? 'the built-in default config');
  if (options.seed !== undefined) config = { ...config, seed: options.seed, seedDefaulted: false };
  if (config.seedDefaulted) {
    process.stderr.write(`seed: ${config.seed} (the default; set "seed" or pass --seed)\n`);
  }
  const gammaGiven = hasGamma(raw);

  const plan = planFigures(config, gammaGiven);
  const stems = [...plan.trajectoryIds, ...plan.claimIds];
  const files = [
    'report.html',
    ...stems.map((s) => `${s}.svg`),
    ...(options.png ? stems.map((s) => `${s}.png`) : []),
  ];
  checkOutDir(options.out, files, options.force, configPath === undefined ? [] : [configPath]);

  const started = performance.now();
  const report = await buildReport({
    config,
    configPath,
    gammaGiven,
    settings,
    command: commandLine(configPath, options),
    stage: stderrStages,
  });

  mkdirSync(options.out, { recursive: true });
  const write = (name: string, body: string | Buffer) => {
    try {
      writeFileSync(join(options.out, name), body);
    } catch (error) {
      throw new InputError(
        `--out ${options.out}: cannot write ${name}: ${(error as Error).message}`,
      );
    }
  };
  write('report.html', report.html);
  let fontNote: string | undefined;
  for (const { figure, svg } of report.figures) {
    write(`${figure.id}.svg`, `${svg}\n`);
    if (options.png) {
      const png = renderPng(svg);
      fontNote ??= png.fontNote;
      write(`${figure.id}.png`, png.png);
    }
  }
  if (fontNote) process.stderr.write(`report: ${fontNote}\n`);
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(
    `report: wrote ${join(options.out, 'report.html')} and ${report.figures.length} figures ` +
      `in ${seconds.toFixed(1)} s\n`,
  );

  const failed = report.verdicts.verdicts
    .filter((v) => v.status === 'fail')
    .map((v) => v.statement);
  if (failed.length > 0) process.stderr.write(`report: verdicts failed: ${failed.join(', ')}\n`);
  const diverged = report.omitted.filter((o) => o.reason.startsWith('drawn up to'));
  for (const o of diverged) process.stderr.write(`report: ${o.what} ${o.reason}\n`);
  return failed.length > 0 || diverged.length > 0 ? 1 : 0;
}

/**
 * Announces each stage on stderr when it starts and ends (with its wall time), and shows a
 * progress bar while it runs when stderr is a terminal (src/cli/progress.ts).
 */
const stderrStages: StageRunner = (label, work) => {
  process.stderr.write(`report: ${label} …\n`);
  const progress = createProgress(label);
  const started = performance.now();
  try {
    return work(progress.update);
  } finally {
    progress.stop();
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`report: ${label}: ${seconds.toFixed(1)} s\n`);
  }
};

function checkSettings(options: ReportOptions): ReportSettings {
  const settings: ReportSettings = {
    ...DEFAULT_SETTINGS,
    limits: options.limits,
    seed: options.seed,
  };
  if (options.replicates !== undefined) settings.replicates = options.replicates;
  if (options.paths !== undefined) settings.paths = options.paths;
  if (options.batches !== undefined) {
    if (options.batches < 2) {
      throw new InputError('--batches must be at least 2: the standard error needs two batches');
    }
    settings.batches = options.batches;
  }
  if (settings.paths < settings.batches) {
    throw new InputError(
      `--paths ${settings.paths} must be at least --batches (${settings.batches})`,
    );
  }
  if (options.statements !== undefined) {
    if (!options.limits) {
      throw new InputError('--statements and --no-limits contradict each other; give one');
    }
    const ids = options.statements.split(',').map((s) => s.trim());
    for (const id of ids) {
      if (!(STATEMENTS as readonly string[]).includes(id)) {
        throw new InputError(
          `--statements takes a comma-separated list of ${STATEMENTS.join(', ')}; received "${id}"`,
        );
      }
    }
    settings.statements = [...new Set(ids)];
  }
  return settings;
}

/**
 * Refuses, before any run, an --out that is a file, whose parent folder is missing, that
 * already holds one of the report's files (unless --force), or whose targets include an input.
 */
function checkOutDir(out: string, files: string[], force: boolean, inputs: string[]): void {
  const dir = resolve(out);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) {
      throw new InputError(`--out ${out} is a file; give a directory (it is created if missing)`);
    }
  } else if (!existsSync(dirname(dir)) || !statSync(dirname(dir)).isDirectory()) {
    throw new InputError(`--out ${out}: the parent directory ${dirname(dir)} does not exist`);
  }
  const targets = files.map((f) => join(dir, f));
  const input = targets.find((t) => inputs.some((i) => resolve(i) === t));
  if (input !== undefined) {
    throw new InputError(`--out ${out} would overwrite the config ${input}; choose another DIR`);
  }
  const existing = files.filter((f) => existsSync(join(dir, f)));
  if (existing.length > 0 && !force) {
    throw new InputError(
      `--out ${out} already holds ${existing.slice(0, 3).join(', ')}` +
        `${existing.length > 3 ? ` and ${existing.length - 3} more` : ''}; pass --force to ` +
        'overwrite them, or choose another DIR',
    );
  }
}

function commandLine(configPath: string | undefined, options: ReportOptions): string {
  const parts = ['sgd-oracle report'];
  if (configPath !== undefined) parts.push(configPath);
  parts.push('--out', options.out);
  if (options.png) parts.push('--png');
  if (!options.limits) parts.push('--no-limits');
  if (options.statements !== undefined) parts.push('--statements', options.statements);
  for (const flag of ['replicates', 'paths', 'batches', 'seed'] as const) {
    if (options[flag] !== undefined) parts.push(`--${flag}`, String(options[flag]));
  }
  return parts.join(' ');
}
