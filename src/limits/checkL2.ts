/**
 * L2: SGD with batch κ = ⌈n^α⌉ has the same limit for every α < 1 (arXiv 2601.21093;
 * docs/limits.md L2).
 *
 * Method. One dimension d, R replicates. Each replicate builds its problem once (teacher,
 * data, initialisation), and SGD runs on it with κ ∈ {1, ⌈n^¼⌉, ⌈n^½⌉, ⌈n^¾⌉}; the batch
 * stream is separate from the data streams, so each κ is compared with κ = 1 through the
 * paired difference. Allowed: z·SE(paired difference) + (κ/n)·|O_SGD − O_GF| (fixed-size
 * batches scale the noise covariance by (n − κ)/(n − 1) ≈ 1 − κ/n, and the noise-driven part
 * of an observable is its distance to GF) + |round(t/η)·η − t|·max|chord slope| (the output
 * is read after round(t/η) steps; for a curve whose slope is monotone near t, dO/dt lies
 * between the slopes of the chords to the neighbouring output times, time 0 included).
 * + (η·t/2)·|d²O/dt²| (Euler's global error: steps of size η carry a local drift error
 * (η²/2)|O''|, over t/η steps), with O'' from the second difference of the output curve.
 * O_GF is the GF limit (limitReference).
 */
import { buildProblem } from '../model/buildProblem.ts';
import type { Config } from '../model/types.ts';
import { replicateSeed } from '../random/streams.ts';
import { meanSe, solveProblem } from '../solvers/runSolver.ts';
import type { Trajectory } from '../solvers/trajectory.ts';
import { bonferroni } from './bonferroni.ts';
import { DEFAULT_ALPHA, checkOptions, solveRole } from './checkOptions.ts';
import type { CheckOptions } from './checkOptions.ts';
import { compareValue } from './compareValue.ts';
import { finishVerdict } from './finishVerdict.ts';
import { limitReference } from './limitReference.ts';
import { scalarObservables } from './scalarObservables.ts';
import type { Comparison, Verdict } from './verdict.ts';
import { withAlgorithm } from './withAlgorithm.ts';

export function checkL2(config: Config, options: CheckOptions = {}): Verdict {
  checkOptions('checkL2', options);
  const started = performance.now();
  const seed = options.seed ?? config.seed;
  const d = options.dims?.[0] ?? 500;
  const asked = withAlgorithm(config, { seed, d, name: 'sgd' });
  // Time 0 is added to the run so that every compared time has chords on both sides.
  const base = withAlgorithm(asked, { times: [...new Set([0, ...asked.times])] });
  const R = options.replicates ?? 12;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const n = base.n;
  const kappas = [1, ...[0.25, 0.5, 0.75].map((a) => Math.ceil(n ** a))];

  const runs = kappas.map(() => [] as Trajectory[]);
  for (let r = 0; r < R; r++) {
    const problem = buildProblem({ ...base, seed: replicateSeed(seed, r) });
    kappas.forEach((kappa, c) => {
      const cfg = withAlgorithm(problem.config, { kappa });
      runs[c].push(
        solveRole(options, `kappa:${kappa}`, cfg, (x) =>
          solveProblem({ ...problem, config: x }, 'sgd'),
        ),
      );
    });
  }
  const flow = limitReference(base, 'gf', options.paths ?? 8000, options.batches).run;

  const names = Object.keys(scalarObservables(runs[0][0], 0));
  const m = (kappas.length - 1) * names.length * asked.times.length;
  const z = bonferroni(alpha, m);
  const comparisons: Comparison[] = [];
  const meanRun = (c: number, i: number, name: string) =>
    meanSe(runs[c].map((run) => scalarObservables(run, i)[name].value));
  for (let c = 1; c < kappas.length; c++) {
    const kappa = kappas[c];
    const eta = (base.algorithm.gamma * kappa) / n;
    base.times.forEach((t, i) => {
      if (!asked.times.includes(t)) return;
      const offset = Math.abs(Math.round(t / eta) * eta - t);
      for (const name of names) {
        const diffs = runs[c].map(
          (run, r) =>
            scalarObservables(run, i)[name].value - scalarObservables(runs[0][r], i)[name].value,
        );
        const [mean, se] = meanSe(diffs);
        const sgd = meanRun(0, i, name)[0];
        const gf = scalarObservables(flow, i)[name]?.value ?? sgd;
        const [rate, curvature] = meanSlope(runs[0], i, name);
        comparisons.push(
          compareValue({
            label: `κ=${kappa} vs κ=1 (d=${d}, n=${n}, R=${R}, paired)`,
            observable: name,
            time: t,
            value: mean,
            reference: 0,
            parts: {
              finiteSe: se,
              finiteDof: R - 1,
              mcSe: 0,
              gridBound: 0,
              biasBound:
                (kappa / n) * Math.abs(sgd - gf) + offset * rate + ((eta * t) / 2) * curvature,
              z,
              alpha,
              comparisons: m,
            },
          }),
        );
      }
    });
  }
  return finishVerdict({
    statement: 'L2',
    title: 'SGD with κ ∈ {1, ⌈n^¼⌉, ⌈n^½⌉, ⌈n^¾⌉} shares one limit',
    // The config as asked (time 0 was added only for the chords), so the verdict's
    // reproduce command makes the same comparisons.
    config: asked,
    seed,
    comparisons,
    rates: [],
    started,
    notes: [`d = ${d}, n = ${n}, κ = ${kappas.join(', ')}, ${R} paired replicates`],
  });
}

/**
 * The larger |chord slope| of the replicate mean on either side of output i, and the change
 * of chord slope per unit time (a second-difference estimate of |d²O/dt²|).
 */
function meanSlope(runs: Trajectory[], i: number, name: string): [number, number] {
  const shape = runs[0];
  const averaged: Trajectory = {
    ...shape,
    Q: shape.times.map((_, j) => [[avg(runs, j, 'Q')]]),
    M: shape.times.map((_, j) => [[avg(runs, j, 'M')]]),
    testRisk: shape.times.map((_, j) => avg(runs, j, 'testRisk')),
    trainRisk: shape.times.map((_, j) => avg(runs, j, 'trainRisk')),
    stdErr: undefined,
  };
  const at = (j: number) => scalarObservables(averaged, j)[name].value;
  const left = i > 0 ? (at(i) - at(i - 1)) / (shape.times[i] - shape.times[i - 1]) : 0;
  const last = shape.times.length - 1;
  const right = i < last ? (at(i + 1) - at(i)) / (shape.times[i + 1] - shape.times[i]) : 0;
  const span = i > 0 && i < last ? (shape.times[i + 1] - shape.times[i - 1]) / 2 : 1;
  return [Math.max(Math.abs(left), Math.abs(right)), Math.abs(right - left) / span];
}

function avg(runs: Trajectory[], j: number, name: string): number {
  return meanSe(runs.map((run) => scalarObservables(run, j)[name]?.value ?? 0))[0];
}
