/**
 * Calibration and bias measurements of the cross-validation (docs/crossval.md; arXiv
 * 2601.21093). The deep comparisons themselves are vitest tests now (deep/crossval,
 * `npm run test:deep`); this script keeps the two measurements that are not tests:
 *
 *   node bin/run-ts.mjs scripts/deep/crossval.ts --calibrate S [--seed N]
 *     the `npm test` sizes (tests/crossval/helpers/suiteSizes.ts) over S seeds: mean, sd and
 *     largest |z| of every comparison, to check that the z-scores look N(0, 1) and that no
 *     tolerance is violated;
 *   node bin/run-ts.mjs scripts/deep/crossval.ts --bias [--seed N]
 *     the measurements behind the bias constants of tests/crossval/helpers/biasBounds.ts:
 *     d·(E O_d − O_∞) on a small-d ladder, and the Bernoulli-grid slope behind C_BATCH.
 *
 * Tolerances and their derivations are those of the tests (tests/crossval/helpers). Output
 * goes to stdout as Markdown; progress lines to stderr. Runs take minutes on two cores.
 */
import { parseConfig } from '../../src/model/parseConfig.ts';
import { solveDMFT } from '../../src/solvers/dmft/solveDMFT.ts';
import type { DmftOptions } from '../../src/solvers/dmft/types.ts';
import { onlineODE } from '../../src/solvers/exact/onlineODE.ts';
import type { Trajectory } from '../../src/solvers/trajectory.ts';
import { combineRuns } from '../../tests/crossval/helpers/combineRuns.ts';
import type { ComparisonRow } from '../../tests/crossval/helpers/compareTrajectories.ts';
import { continuousSgdComparison } from '../../tests/crossval/helpers/continuousSgdComparison.ts';
import { dmftSeeds } from '../../tests/crossval/helpers/dmftSeeds.ts';
import { matchedCase, MODELS } from '../../tests/crossval/helpers/matchedCase.ts';
import type { MatchedMeasure, ModelName } from '../../tests/crossval/helpers/matchedCase.ts';
import { matchedComparison } from '../../tests/crossval/helpers/matchedComparison.ts';
import { onlineComparison } from '../../tests/crossval/helpers/onlineComparison.ts';
import { runReplicates } from '../../tests/crossval/helpers/runReplicates.ts';
import { scalarObservables } from '../../tests/crossval/helpers/scalarObservables.ts';
import { ALPHA, CONTINUOUS_SGD, MATCHED, ONLINE } from '../../tests/crossval/helpers/suiteSizes.ts';
import { DEEP_ONLINE } from '../../deep/helpers/deepSizes.ts';

const MODEL_NAMES: ModelName[] = ['logistic', 'committee'];
const MEASURES: MatchedMeasure[] = ['gf', 'bernoulli-sgd', 'sme'];

function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function progress(line: string): void {
  process.stderr.write(`[crossval] ${line}\n`);
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  if (index < 0) return undefined;
  const value = process.argv[index + 1];
  if (value === undefined || value.startsWith('--')) {
    throw new RangeError(`${name} needs a value, received none`);
  }
  return value;
}

function integerArgument(name: string, fallback: number): number {
  const raw = argument(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, received "${raw}"`);
  }
  return value;
}

function fmt(value: number, digits = 4): string {
  return Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

/** The npm-test sizes over several seeds: do the z-scores look N(0, 1)? */
function calibrate(seeds: number, firstSeed: number): void {
  out(
    `## Calibration: npm-test sizes over ${seeds} seeds (${firstSeed}…` +
      `${firstSeed + seeds - 1})`,
  );
  const collected = new Map<string, { z: number[]; ratio: number[]; failed: number }>();
  const record = (label: string, rows: ComparisonRow[]) => {
    for (const r of rows) {
      const key = `${label} · t=${r.time} ${r.name}`;
      const entry = collected.get(key) ?? { z: [], ratio: [], failed: 0 };
      entry.z.push(r.z);
      entry.ratio.push(Math.abs(r.finite - r.dmft) / r.tolerance);
      if (!r.pass) entry.failed += 1;
      collected.set(key, entry);
    }
  };
  for (let s = 0; s < seeds; s++) {
    const seed = firstSeed + s;
    progress(`calibration seed ${seed}`);
    for (const model of MODEL_NAMES) {
      for (const measure of MEASURES) {
        record(
          `1. ${model} ${measure}`,
          matchedComparison({
            ...MATCHED,
            model,
            measure,
            seed,
            paths: MATCHED.paths[model],
            alpha: ALPHA,
          }).rows,
        );
      }
    }
    record(
      '2. continuous sgd',
      continuousSgdComparison({ ...CONTINUOUS_SGD, seed, alpha: ALPHA }).rows,
    );
    record('4. online', onlineComparison({ ...ONLINE, seed, alpha: ALPHA }).rows);
  }

  out(
    '\n| comparison, time, observable | mean z | sd z | max abs z | max abs(diff)/tol | ' +
      'fails |',
  );
  out('| --- | --- | --- | --- | --- | --- |');
  const all: number[] = [];
  const byGroup = new Map<string, number[]>();
  for (const [key, entry] of collected) {
    const n = entry.z.length;
    const mean = entry.z.reduce((a, v) => a + v, 0) / n;
    const sd = Math.sqrt(entry.z.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, n - 1));
    all.push(...entry.z);
    const group = key.split(' · ')[0];
    byGroup.set(group, [...(byGroup.get(group) ?? []), ...entry.z]);
    out(
      `| ${key} | ${mean.toFixed(2)} | ${sd.toFixed(2)} | ` +
        `${Math.max(...entry.z.map(Math.abs)).toFixed(2)} | ` +
        `${Math.max(...entry.ratio).toFixed(2)} | ${entry.failed} |`,
    );
  }
  out(
    '\n| group | z count | mean z | sd z | share abs z > 2 (normal 0.046) | ' +
      'share abs z > 3 (0.0027) |',
  );
  out('| --- | --- | --- | --- | --- | --- |');
  for (const [group, z] of [...byGroup, ['all', all] as [string, number[]]]) {
    const mean = z.reduce((a, v) => a + v, 0) / z.length;
    const sd = Math.sqrt(z.reduce((a, v) => a + (v - mean) ** 2, 0) / (z.length - 1));
    const over2 = z.filter((v) => Math.abs(v) > 2).length / z.length;
    const over3 = z.filter((v) => Math.abs(v) > 3).length / z.length;
    out(
      `| ${group} | ${z.length} | ${mean.toFixed(2)} | ${sd.toFixed(2)} | ` +
        `${over2.toFixed(3)} | ${over3.toFixed(4)} |`,
    );
  }
}

/** d·(mean − limit) ± d·SE for every observable of `finite` against `limit`. */
function scaledBias(finite: Trajectory, limit: Trajectory, d: number): string[] {
  const cells: string[] = [];
  for (let i = 0; i < finite.times.length; i++) {
    const reference = new Map(scalarObservables(limit, i).map((o) => [o.name, o]));
    for (const o of scalarObservables(finite, i)) {
      const l = reference.get(o.name);
      if (!l) continue;
      cells.push(
        `t=${finite.times[i]} ${o.name}: ${fmt(d * (o.value - l.value), 2)} ± ` +
          `${fmt(d * Math.hypot(o.se, l.se), 2)}`,
      );
    }
  }
  return cells;
}

/** The measurements behind tests/crossval/helpers/biasBounds.ts. */
function bias(seed: number): void {
  out(`## Bias measurements (seed ${seed})`);

  out('\n### C_MULTIPASS: d·(E O_d − O_∞) of the matched cases\n');
  const ladder: [number, number][] = [
    [50, 400],
    [100, 300],
    [200, 150],
  ];
  for (const model of MODEL_NAMES) {
    for (const measure of MEASURES) {
      progress(`finite-d bias ${model} ${measure}`);
      const limitCase = matchedCase({ ...MATCHED, model, measure, d: 100, seed });
      const options: DmftOptions = {
        measure,
        dt: MATCHED.dt,
        paths: 64000,
        seed,
        batches: 16,
        deterministic: false,
      };
      const limit = solveDMFT(limitCase.dmftConfig, options);
      for (const [d, replicates] of ladder) {
        const pair = matchedCase({ ...MATCHED, model, measure, d, seed });
        const finite = runReplicates(pair.finiteConfig, pair.finiteSolver, replicates).mean;
        out(
          `- ${model} ${measure}, d = ${d}, R = ${replicates}: ` +
            scaledBias(finite, limit, d).join('; '),
        );
      }
    }
  }

  out('\n### C_ONLINE: d·(E O_d − O_∞), online SGD\n');
  const onlineModels: [string, Record<string, unknown>, number][] = [
    ['single-index erf (npm test)', ONLINE.model, 40],
    ['erf committee k = 2 (deep run)', DEEP_ONLINE.model, 12],
  ];
  for (const [label, model, nodes] of onlineModels) {
    const onlineConfig = (d: number) =>
      parseConfig({
        ...model,
        d,
        delta: 1 / d,
        times: [0.5, 1, 2, 4],
        seed,
        algorithm: { name: 'online', gamma: 0.5, kappa: 1 },
      });
    const ode = onlineODE(onlineConfig(100), { nodes });
    for (const [d, replicates] of [
      [25, 1600],
      [50, 800],
      [100, 400],
    ] as [number, number][]) {
      progress(`online bias ${label} d = ${d}`);
      const finite = runReplicates(onlineConfig(d), 'online', replicates).mean;
      out(`- ${label}, d = ${d}, R = ${replicates}: ${scaledBias(finite, ode, d).join('; ')}`);
    }
  }

  out('\n### C_BATCH: Bernoulli grid at dt = η against the continuum of the Poisson scheme\n');
  for (const model of MODEL_NAMES) {
    const sgdConfig = parseConfig({
      ...MODELS[model],
      d: 512,
      delta: 2,
      times: [0.5, 1, 2],
      seed,
      algorithm: { name: 'sgd', gamma: 0.5, kappa: 32 },
    });
    const common = { paths: 128000, seed, seeds: 16 };
    progress(`${model}: Poisson ladder dt = 0.05, 0.025`);
    const coarse = dmftSeeds(sgdConfig, { ...common, measure: 'sgd', dt: 0.05 });
    const fine = dmftSeeds(sgdConfig, { ...common, measure: 'sgd', dt: 0.025 });
    for (const eta of [1 / 16, 1 / 32, 1 / 64]) {
      progress(`${model}: Bernoulli dt = ${eta}`);
      const bernoulli = dmftSeeds(sgdConfig, { ...common, measure: 'bernoulli-sgd', dt: eta });
      // (bern(η) − [2·sgd(dt/2) − sgd(dt)])/η, paired by seed: the slope C_BATCH bounds.
      const slope = combineRuns([bernoulli, fine, coarse], [1 / eta, -2 / eta, 1 / eta]);
      const cells: string[] = [];
      for (let i = 0; i < slope.times.length; i++) {
        for (const o of scalarObservables(slope, i)) {
          cells.push(`t=${slope.times[i]} ${o.name}: ${fmt(o.value, 3)} ± ${fmt(o.se, 3)}`);
        }
      }
      out(`- ${model}, η = 1/${Math.round(1 / eta)}: slope ${cells.join('; ')}`);
    }
  }
}

const seed = integerArgument('--seed', 20260128);
if (process.argv.includes('--bias')) {
  bias(seed);
} else if (argument('--calibrate') !== undefined) {
  calibrate(integerArgument('--calibrate', 10), seed);
} else {
  process.stderr.write(
    'scripts/deep/crossval.ts needs --calibrate S or --bias (with an optional --seed N); ' +
      'the deep comparisons are `npm run test:deep` (docs/crossval.md)\n',
  );
  process.exitCode = 2;
}
