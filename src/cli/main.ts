/**
 * The `sgd-oracle` command line. Exit codes (docs/cli.md):
 *   0  success;
 *   1  a check failed, or a run diverged;
 *   2  bad input: a config, a file, a command-line flag;
 *   3  an internal error (a bug: please report it with the command that produced it).
 * Results go to stdout (or --out FILE); diagnostics and progress go to stderr.
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { InputError } from '../solvers/trajectory.ts';
import { checkCommand } from './checkCommand.ts';
import { fixturesCommand } from './fixturesCommand.ts';
import { limitsCommand } from './limitsCommand.ts';
import { reportCommand } from './reportCommand.ts';
import { runCommand } from './runCommand.ts';

export const EXIT = { ok: 0, failed: 1, badInput: 2, internal: 3 } as const;

export async function main(argv: string[]): Promise<number> {
  const program = new Command('sgd-oracle')
    .description(
      'Reference solvers and limit checks for multi-pass mini-batch SGD in high-dimensional ' +
        'multi-index models (arXiv 2601.21093). Exit codes: 0 ok, 1 a check failed or a run ' +
        'diverged, 2 bad input, 3 internal error.',
    )
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)');

  let code: number = EXIT.ok;
  program
    .command('run')
    .description(
      'Run a solver on a config. With no CONFIG, runs the built-in logistic-regression case ' +
        '(δ = 2, d = 1000, κ = ⌈√n⌉) and prints SGD, SME and GF side by side.',
    )
    .argument('[CONFIG]', 'path to a JSON config (schema: schema/config.schema.json)')
    .option(
      '--solver <name>',
      'finite: sgd | gd | sme | gf | online; limits: dmft-gf | dmft-gd | dmft-sgd | ' +
        "dmft-bernoulli-sgd | dmft-sme | online-ode | exact (default: the config's algorithm)",
    )
    .option('--format <format>', 'table | json | csv', 'table')
    .option(
      '--out <file>',
      'write the result to FILE instead of stdout (an existing file only with --force)',
    )
    .option('--force', 'allow --out to overwrite an existing file', false)
    .option(
      '--replicates <R>',
      'independent replicates: report mean and standard error',
      positiveInteger('--replicates'),
      1,
    )
    .option('--seed <S>', "master seed, overriding the config's", seedValue)
    .option('--paths <M>', 'DMFT Monte Carlo paths (default 10000)', positiveInteger('--paths'))
    .option('--dt <step>', 'DMFT grid step (default: see docs/cli.md)', positiveNumber('--dt'))
    .option(
      '--batches <B>',
      'DMFT independent path batches for the standard error (default 8)',
      positiveInteger('--batches'),
    )
    .option(
      '--kink-bandwidth <h>',
      'DMFT, relu/abs student: kernel half-width of the kink terms as a fraction of sd(w), ' +
        'in (0, 1] (default 0.02; docs/dmft.md)',
      positiveNumber('--kink-bandwidth'),
    )
    .exitOverride()
    .action(async (configPath: string | undefined, options) => {
      code = await runCommand(configPath, options);
    });

  program
    .command('limits')
    .description(
      'Check the limit statements of arXiv 2601.21093 (docs/limits.md) and print each verdict: ' +
        'the distances, their tolerances and how each tolerance was derived. With no CONFIG, ' +
        'each statement runs on its own default case. Exit 0 when none fails (an INCONCLUSIVE ' +
        'verdict says what it could not resolve), 1 when one fails.',
    )
    .argument('[CONFIG]', 'path to a JSON config')
    .option('--statement <id>', 'one statement, L1 … L7 (default: every implemented one)')
    .option('--format <format>', 'table | json', 'table')
    .option(
      '--out <file>',
      'write the verdicts to FILE instead of stdout (an existing file only with --force)',
    )
    .option('--force', 'allow --out to overwrite an existing file', false)
    .option('--seed <S>', 'master seed of the checks', seedValue)
    .option(
      '--paths <M>',
      'DMFT Monte Carlo paths of each limit (default 8000); more resolve smaller gaps',
      positiveInteger('--paths'),
    )
    .exitOverride()
    .action(async (configPath: string | undefined, options) => {
      code = await limitsCommand(configPath, options);
    });

  program
    .command('report')
    .description(
      'Write DIR/report.html (self-contained) and one SVG per figure: test and train risk, Q ' +
        "and M over time for every solver the config allows, the figures of the paper's " +
        'claims, and the limit verdicts beside them (docs/report.md). With no CONFIG, the ' +
        'built-in default case of `run`. Exit 0 written, 1 written but a verdict failed or a ' +
        'run diverged, 2 bad input.',
    )
    .argument('[CONFIG]', 'path to a JSON config')
    .option('--out <dir>', 'output directory (created if missing)', 'report')
    .option('--force', 'allow overwriting the report files in --out', false)
    .option('--png', 'also write a PNG of every figure', false)
    .option('--no-limits', 'leave out the limit verdicts (the slow part on nonlinear configs)')
    .option('--statements <ids>', 'comma-separated statements to run, e.g. L1,L3 (default: all)')
    .option(
      '--replicates <R>',
      'finite-(n, d) replicates per curve (default 8)',
      positiveInteger('--replicates'),
    )
    .option('--paths <M>', 'DMFT Monte Carlo paths (default 4000)', positiveInteger('--paths'))
    .option(
      '--batches <B>',
      'DMFT independent path batches (default 8)',
      positiveInteger('--batches'),
    )
    .option('--seed <S>', "master seed, overriding the config's", seedValue)
    .exitOverride()
    .action(async (configPath: string | undefined, options) => {
      code = await reportCommand(configPath, options);
    });

  program
    .command('fixtures')
    .description('Generate (or list) the reference battery of fixtures (docs/oracle.md)')
    .option('--out <dir>', 'output directory', 'fixtures')
    .option('--list', 'list the case ids and exit', false)
    .option('--only <ids>', 'comma-separated case ids to generate')
    .option('--force', 'overwrite existing fixture files', false)
    .exitOverride()
    .action(async (options) => {
      code = await fixturesCommand(options);
    });

  program
    .command('check')
    .description(
      'Gate an external run (--trajectories FILE) or program (--impl COMMAND) against the ' +
        'fixtures (docs/oracle.md). Exit 0 pass, 1 fail, 2 bad input.',
    )
    .option('--fixture <id>', 'fixture ID or ID@VERSION (with --trajectories)')
    .option('--trajectories <file>', 'a run in the `run --format json` layout, CSV or .npy')
    .option('--impl <command>', 'run COMMAND on every case of the battery')
    .option('--cases <ids>', 'with --impl: comma-separated case ids (default: all)')
    .option('--fixtures <dir>', 'fixture directory (default: the bundled fixtures/)')
    .option('--d <D>', 'dimension of the run (overrides config.d)', positiveInteger('--d'))
    .option(
      '--replicates <R>',
      'replicates of the run (overrides info.replicates)',
      positiveInteger('--replicates'),
    )
    .option(
      '--timeout <seconds>',
      'per-case timeout with --impl (default 120)',
      positiveNumber('--timeout'),
    )
    .option('--format <format>', 'table | json', 'table')
    .option('--junit <file>', 'also write JUnit XML for CI dashboards')
    .option(
      '--out <file>',
      'write the report to FILE instead of stdout (an existing file only with --force)',
    )
    .option('--force', 'allow --out and --junit to overwrite existing files', false)
    .exitOverride()
    .action(async (options) => {
      code = await checkCommand(options);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    return reportError(error);
  }
}

/** Maps an error to its exit code, printing a message a user can act on. */
export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') return 0;
    if (error.code === 'commander.version') return 0;
    return EXIT.badInput;
  }
  if (error instanceof InputError || error instanceof RangeError || error instanceof TypeError) {
    if (error instanceof TypeError && !(error instanceof InputError) && isInternal(error)) {
      process.stderr.write(`internal error: ${error.stack ?? error.message}\n`);
      return EXIT.internal;
    }
    process.stderr.write(`error: ${error.message}\n`);
    return EXIT.badInput;
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`internal error: ${text}\n`);
  return EXIT.internal;
}

/** A TypeError thrown by the runtime (not by our validation) is a bug, not bad input. */
function isInternal(error: TypeError): boolean {
  return /is not a function|Cannot read properties|undefined/.test(error.message);
}

function positiveInteger(flag: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new InvalidArgumentError(`${flag} takes a positive integer, received "${value}"`);
    }
    return n;
  };
}

function positiveNumber(flag: string) {
  return (value: string) => {
    const x = Number(value);
    if (value.trim() === '' || !Number.isFinite(x) || x <= 0) {
      throw new InvalidArgumentError(`${flag} takes a positive finite number, received "${value}"`);
    }
    return x;
  };
}

function seedValue(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(
      `--seed takes a non-negative integer up to 2^53 − 1, received "${value}"`,
    );
  }
  return n;
}
