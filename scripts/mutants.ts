/**
 * The power of the oracle: a matrix of mutants (src/mutants) × honest checks
 * (tests/mutants/checks.ts), printing which check kills which mutant (docs/tests.md, "Power
 * and false alarms").
 *
 *   npm run mutants [-- --mutants a,b] [--checks c,d] [--seed S]
 *
 * Every check first runs with no mutant (a kill only means something if the honest code
 * passes), then once under each mutant. A cell reads `KILL` (the check rejected the mutant),
 * `-` (it passed) or `THREW` (it threw, e.g. a diverged run). The table goes to stdout as
 * Markdown, followed by each mutant's first killing check and the statistic it failed on;
 * progress goes to stderr. Exit code 1 when some mutant survives every check.
 */
import { MUTANTS, MUTANT_NAMES, type MutantName } from '../src/mutants/mutants.ts';
import { setActiveMutant } from '../src/mutants/activeMutant.ts';
import { CHECKS, type Check, type Outcome, checkNamed } from '../tests/mutants/checks.ts';

/** Cheap checks (seconds each) that between them reach every mutant's code path. */
const DEFAULT_CHECKS = [
  'L1',
  'L1@L5-config',
  'L1@ridge',
  'L2',
  'L5',
  'L6',
  'L7',
  'stat-b-gap-shrinks',
  'crossval-square',
  'crossval-online',
  'crossval-online-ridge',
  'crossval-logistic-gf',
  'crossval-logistic-sme',
  'property-L1',
  'property-L2',
  'property-L5',
];

const USAGE = `usage: npm run mutants [-- --mutants a,b] [--checks c,d] [--seed S]
  --mutants a,b  only these mutants (default: all 14 of src/mutants/mutants.ts)
  --checks c,d   only these checks (default: a cheap set that reaches every mutant)
  --seed S       the seed every check runs with (default 20260128)
Matrix on stdout (Markdown); progress on stderr; exit 1 when a mutant survives.`;

function parseArgs(argv: string[]): { mutants: MutantName[]; checks: Check[]; seed: number } {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  let mutants: string[] = MUTANT_NAMES;
  let checks = DEFAULT_CHECKS.filter((name) => CHECKS.some((c) => c.name === name));
  let seed = 20260128;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new RangeError(`${flag} needs a value`);
    if (flag === '--mutants') mutants = value.split(',');
    else if (flag === '--checks') checks = value.split(',');
    else if (flag === '--seed') seed = Number(value);
    else throw new RangeError(`unknown flag ${flag}; allowed: --mutants, --checks, --seed`);
    i += 1;
  }
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`--seed must be a non-negative integer, received ${seed}`);
  }
  for (const name of mutants) setActiveMutant(name);
  setActiveMutant(null);
  return { mutants: mutants as MutantName[], checks: checks.map(checkNamed), seed };
}

function timed(check: Check, seed: number): Outcome & { seconds: number } {
  const start = performance.now();
  const outcome = check.run(seed);
  return { ...outcome, seconds: (performance.now() - start) / 1000 };
}

function main(): void {
  const { mutants, checks, seed } = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const honest = checks.map((check) => {
    const outcome = timed(check, seed);
    log(
      `honest   ${check.name}: ${outcome.pass ? 'pass' : 'FAIL'} (${outcome.seconds.toFixed(1)} s)`,
    );
    return outcome;
  });

  const cells: Outcome[][] = [];
  for (const mutant of mutants) {
    setActiveMutant(mutant);
    try {
      cells.push(
        checks.map((check) => {
          const outcome = timed(check, seed);
          const mark = outcome.pass ? 'pass' : 'KILL';
          log(`${mutant} × ${check.name}: ${mark} (${outcome.seconds.toFixed(1)} s)`);
          return outcome;
        }),
      );
    } finally {
      setActiveMutant(null);
    }
  }

  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(`Mutants × checks at seed ${seed} (KILL: the check rejects the mutant; THREW: it threw).`);
  out();
  out(`| mutant | ${checks.map((c) => c.name).join(' | ')} |`);
  out(`| --- | ${checks.map(() => '---').join(' | ')} |`);
  out(`| (none) | ${honest.map((o) => (o.pass ? 'pass' : '**FAIL**')).join(' | ')} |`);
  mutants.forEach((mutant, m) => {
    const marks = cells[m].map((o) => {
      if (o.pass) return '-';
      return o.statistic.startsWith('threw') ? 'THREW' : 'KILL';
    });
    out(`| ${mutant} | ${marks.join(' | ')} |`);
  });
  out();
  out('| mutant | what it does | killed by | statistic |');
  out('| --- | --- | --- | --- |');
  let survivors = 0;
  mutants.forEach((mutant, m) => {
    const index = cells[m].findIndex((o, c) => !o.pass && honest[c].pass);
    if (index < 0) survivors += 1;
    const killer = index < 0 ? '**survives**' : checks[index].name;
    const statistic = index < 0 ? '' : cells[m][index].statistic.replaceAll('|', '/');
    out(`| ${mutant} | ${MUTANTS[mutant].description} | ${killer} | ${statistic} |`);
  });
  process.exitCode = survivors > 0 ? 1 : 0;
}

try {
  main();
} catch (error) {
  // Bad flags: the message names the flag and what is allowed; exit 2 as the CLI does.
  if (!(error instanceof RangeError)) throw error;
  process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = 2;
}
