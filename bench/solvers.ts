/**
 * Solver-level throughput on d = 2000, n = 4000 (δ = 2), k = 1, measured through the real
 * solvers (batch sampling, ℓ in JavaScript, observation at the output times included):
 * - SGD: sample·coordinate updates per second = (samples used) × d / seconds over 20 epochs,
 *   κ ∈ {1, 64}, square and logistic loss (the one-off set-up of the data kernel is printed
 *   apart);
 * - SME: Euler–Maruyama steps per second (each step is two n×d passes);
 * - GF: right-hand-side evaluations per second (each is two n×d passes).
 * Medians over repetitions; the machine is shared, so read them as ±10 %.
 */
import { buildProblem } from '../src/model/buildProblem.ts';
import type { Problem } from '../src/model/buildProblem.ts';
import { parseConfig } from '../src/model/parseConfig.ts';
import { solveGF } from '../src/solvers/gf.ts';
import { solveSGD } from '../src/solvers/sgd.ts';
import { solveSME } from '../src/solvers/sme.ts';

const D = 2000;
const DELTA = 2;
const REPEATS = 3;
const EPOCHS = 20;

function problemFor(
  loss: 'square' | 'logistic',
  algorithm: Record<string, unknown>,
  times: number[],
) {
  return buildProblem(
    parseConfig({
      d: D,
      delta: DELTA,
      loss,
      teacher: loss === 'logistic' ? { labels: 'sign', noise: 0.3 } : { noise: 0.3 },
      init: { scale: 0.5 },
      algorithm,
      times,
      seed: 3,
    }),
  );
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeIt(run: () => void): number {
  const samples: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    run();
    samples.push((performance.now() - t0) / 1000);
  }
  return median(samples);
}

export function benchSolvers(): string[] {
  const lines: string[] = [];
  for (const loss of ['square', 'logistic'] as const) {
    for (const kappa of [1, 64]) {
      // EPOCHS epochs: T = EPOCHS·γ with η = γκ/n, i.e. EPOCHS·n/κ steps of κ samples. The
      // first solve also creates the problem's data kernel (X copied into WebAssembly
      // memory); the median of the repeats is the steady state.
      const gamma = 0.5;
      const problem: Problem = problemFor(loss, { gamma, kappa }, [0, EPOCHS * gamma]);
      const setup = performance.now();
      solveSGD({ ...problem, config: { ...problem.config, times: [0] } });
      const setupSeconds = (performance.now() - setup) / 1000;
      const seconds = timeIt(() => solveSGD(problem));
      const rate = (EPOCHS * problem.n * D) / seconds;
      lines.push(
        `solver sgd   ${loss.padEnd(8)} κ=${String(kappa).padEnd(3)} ` +
          `${rate.toExponential(2)} sample·coord/s (${EPOCHS} epochs in ${seconds.toFixed(3)} s; ` +
          `first-solve set-up ${setupSeconds.toFixed(3)} s)`,
      );
    }
  }
  const sme = problemFor('logistic', { name: 'sme', gamma: 0.5, h: 0.02 }, [0, 0.4]);
  const smeSeconds = timeIt(() => solveSME(sme));
  lines.push(
    `solver sme   logistic h=0.02 ${(20 / smeSeconds).toFixed(1)} steps/s ` +
      `(${((20 * 2 * sme.n * D) / smeSeconds).toExponential(2)} multiply-adds/s)`,
  );
  const gf = problemFor('logistic', { name: 'gf', gamma: 1 }, [0, 1]);
  let evaluations = 0;
  const gfSeconds = timeIt(() => {
    const run = solveGF(gf, { integrator: 'rk' });
    evaluations = Number(run.info.rhsEvaluations);
  });
  lines.push(
    `solver gf    logistic rk45 ${(evaluations / gfSeconds).toFixed(1)} rhs/s ` +
      `(${evaluations} evaluations to t = 1 in ${gfSeconds.toFixed(2)} s)`,
  );
  return lines;
}
