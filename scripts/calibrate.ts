/**
 * The false-alarm rate of the oracle (docs/tests.md, "Power and false alarms"): each
 * statistical property — the limit statements of src/limits on their default configs, the
 * statistical tests of tests/statistics and tests/crossval, through the cores in
 * tests/mutants/checks.ts — runs over many seeds on the honest code, and the observed rate of
 * failures is printed beside the rate the property plans.
 *
 *   npm run calibrate [-- --seeds N] [--only a,b] [--budget SECONDS] [--first S]
 *
 * --seeds N       seeds per property (default 200): S, S + 1, …, S + N − 1;
 * --first S       the first seed (default 1; the suite seed of `npm test` is 20260128);
 * --only a,b      only these properties (names as in tests/mutants/checks.ts);
 * --budget SEC    stop a property after this many seconds of wall time, and say so.
 *
 * The upper bound is the one-sided 95 % Clopper–Pearson bound on the failure probability;
 * with 0 failures in N runs it is 1 − 0.05^{1/N} ≈ 3/N, so 200 seeds can show a rate below
 * 1.5 % but cannot resolve the planned 1e-4. Deterministic checks are listed and skipped.
 * The table goes to stdout (Markdown, one row as each property finishes); progress and every
 * failing seed (with its statistic) go to stderr.
 */
import { CHECKS, type Check } from '../tests/mutants/checks.ts';

interface Options {
  seeds: number;
  first: number;
  only: string[] | null;
  budget: number;
}

const USAGE = `usage: npm run calibrate [-- --seeds N] [--first S] [--only a,b] [--budget SECONDS]
  --seeds N     seeds per property (default 200): S, S + 1, …, S + N − 1
  --first S     the first seed (default 1)
  --only a,b    only these properties (names as in npm run mutants -- --checks)
  --budget SEC  stop a property after this many seconds of wall time, and say so
Table on stdout (Markdown); progress and each failing seed on stderr.`;

function parseArgs(argv: string[]): Options {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const options: Options = { seeds: 200, first: 1, only: null, budget: Number.POSITIVE_INFINITY };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new RangeError(`${flag} needs a value`);
    if (flag === '--seeds') options.seeds = Number(value);
    else if (flag === '--first') options.first = Number(value);
    else if (flag === '--budget') options.budget = Number(value);
    else if (flag === '--only') options.only = value.split(',');
    else throw new RangeError(`unknown flag ${flag}; allowed: --seeds, --first, --only, --budget`);
  }
  if (!Number.isSafeInteger(options.seeds) || options.seeds < 1) {
    throw new RangeError(`--seeds must be a positive integer, received ${options.seeds}`);
  }
  if (!Number.isSafeInteger(options.first) || options.first < 0) {
    throw new RangeError(`--first must be a non-negative integer, received ${options.first}`);
  }
  if (!(options.budget > 0)) {
    throw new RangeError(
      `--budget must be a positive number of seconds, received ${options.budget}`,
    );
  }
  const names = CHECKS.map((c) => c.name);
  for (const name of options.only ?? []) {
    if (!names.includes(name)) {
      throw new RangeError(`unknown property "${name}" in --only; known: ${names.join(', ')}`);
    }
  }
  return options;
}

/** log P(X ≤ k) for X ~ Binomial(n, p), by summing the terms in log space. */
function logBinomialCdf(k: number, n: number, p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return k >= n ? 0 : Number.NEGATIVE_INFINITY;
  let logTerm = n * Math.log1p(-p);
  let max = logTerm;
  const terms = [logTerm];
  for (let j = 1; j <= k; j++) {
    logTerm += Math.log((n - j + 1) / j) + Math.log(p) - Math.log1p(-p);
    terms.push(logTerm);
    max = Math.max(max, logTerm);
  }
  return max + Math.log(terms.reduce((s, t) => s + Math.exp(t - max), 0));
}

/** One-sided upper confidence bound (level 1 − a) on p after k failures in n runs. */
export function clopperPearsonUpper(k: number, n: number, a = 0.05): number {
  if (k >= n) return 1;
  let low = k / n;
  let high = 1;
  for (let i = 0; i < 200; i++) {
    const middle = 0.5 * (low + high);
    if (logBinomialCdf(k, n, middle) > Math.log(a)) low = middle;
    else high = middle;
  }
  return high;
}

function fmt(x: number): string {
  if (x === 0) return '0';
  return x >= 0.01 ? x.toFixed(3) : x.toExponential(1);
}

function runProperty(check: Check, options: Options) {
  const start = performance.now();
  let runs = 0;
  let failures = 0;
  let stopped = false;
  for (let s = 0; s < options.seeds; s++) {
    const seed = options.first + s;
    const outcome = check.run(seed);
    runs += 1;
    if (!outcome.pass) {
      failures += 1;
      process.stderr.write(`  ${check.name} FAILED at seed ${seed}: ${outcome.statistic}\n`);
    }
    const elapsed = (performance.now() - start) / 1000;
    if (runs % 10 === 0 || runs === options.seeds) {
      process.stderr.write(
        `  ${check.name}: ${runs}/${options.seeds} seeds, ${failures} failed, ` +
          `${elapsed.toFixed(0)} s\n`,
      );
    }
    if (elapsed > options.budget && runs < options.seeds) {
      stopped = true;
      break;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  return { runs, failures, seconds, stopped };
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const chosen = CHECKS.filter((c) => options.only === null || options.only.includes(c.name));
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out(
    `False alarms on the honest code: seeds ${options.first}…${options.first + options.seeds - 1}` +
      (Number.isFinite(options.budget) ? `, at most ${options.budget} s per property` : ''),
  );
  out();
  out(
    '| property | core of | seeds run | failures | observed rate | 95 % upper bound | ' +
      'planned per run | s per seed |',
  );
  out('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const check of chosen) {
    if (!check.random) {
      out(
        `| ${check.name} | ${check.source} | — | — | deterministic: no seed enters | — | — | — |`,
      );
      continue;
    }
    process.stderr.write(`${check.name} (${check.source})\n`);
    const { runs, failures, seconds, stopped } = runProperty(check, options);
    const seedsNote = stopped ? `${runs} (budget)` : `${runs}`;
    out(
      `| ${check.name} | ${check.source} | ${seedsNote} | ${failures} | ` +
        `${fmt(failures / runs)} | ` +
        `${fmt(clopperPearsonUpper(failures, runs))} | ${fmt(check.alpha)} | ` +
        `${(seconds / runs).toFixed(2)} |`,
    );
  }
}

try {
  main();
} catch (error) {
  // Bad flags: the message names the flag and what is allowed; exit 2 as the CLI does.
  if (!(error instanceof RangeError)) throw error;
  process.stderr.write(`error: ${error.message}\n`);
  process.exitCode = 2;
}
