/**
 * L5: as δ → ∞ with time τ = δt/γ and ridge λ = λ̃δ/γ, the SGD limit (DMFT) tends to the
 * online-SGD ODE, at first order in 1/δ (arXiv 2601.21093; docs/limits.md L5 and §4.3;
 * docs/limits.md).
 *
 * Method.
 * 1. The reference: the online ODE at the config's times read as τ, with λ̃ = config.lambda
 *    (src/solvers/exact/onlineODE.ts, RK4 with Gauss–Hermite expectations). Its numerical
 *    error is bounded by its distance to the closed form of a linear student
 *    (onlineLinearStudent) when that exists, else by the change when the RK4 step is halved
 *    (the error at h/2 is 1/16 of that at h, so the change bounds it with room to spare).
 * 2. For each δ of a ladder, the SGD limit at δ, λ = λ̃δ/γ, read at t = γτ/δ: the sample
 *    is then used about τ/δ times, so the multi-pass correction is of order 1/δ. Square loss
 *    with linear maps: the closed-form Volterra solution (volterraSGD, trapezoid, second
 *    order), with its quadrature error bounded by the change when its step is halved. Other
 *    configs: the DMFT (measure 'sgd') at dt = t_max/40 and dt/2 (limitReference), since the
 *    time t_max = γτ_max/δ shrinks with δ and the grid must shrink with it.
 * 3. For Q and the test risk at every τ, the gap g(δ) = |O_δ − O_ODE| must exceed its own
 *    noise and numerical error (so the slope is measured on signal), and the least-squares
 *    slope of log g on log(1/δ) must be 1 within z·SE + the pairwise drift bound of fitRate
 *    (the correction to g is O(1/δ²), linear in x = 1/δ relative to the leading term, on a
 *    ladder of ratio ≥ 2).
 */
import type { Config } from '../model/types.ts';
import { onlineLinearStudent } from '../solvers/exact/onlineLinearStudent.ts';
import { onlineODE } from '../solvers/exact/onlineODE.ts';
import { volterraSGD } from '../solvers/exact/volterraSGD.ts';
import type { Trajectory } from '../solvers/trajectory.ts';
import { bonferroni } from './bonferroni.ts';
import { DEFAULT_ALPHA, checkOptions, mcDof, solveRole } from './checkOptions.ts';
import type { CheckOptions } from './checkOptions.ts';
import { compareValue } from './compareValue.ts';
import { finishVerdict } from './finishVerdict.ts';
import { fitRate, withSmallLeadingTerm } from './fitRate.ts';
import { limitReference } from './limitReference.ts';
import { resolvedLadder } from './resolvedLadder.ts';
import { scalarObservables } from './scalarObservables.ts';
import type { Comparison, RateFit, Verdict } from './verdict.ts';
import { hasExactOracle, withAlgorithm } from './withAlgorithm.ts';

const NAMES = ['Q', 'testRisk'];

interface Solved {
  run: Trajectory;
  /** Numerical error bound per output index and observable. */
  error: Record<string, number>[];
}

export function checkL5(config: Config, options: CheckOptions = {}): Verdict {
  checkOptions('checkL5', options);
  const started = performance.now();
  const seed = options.seed ?? config.seed;
  const resolved = withAlgorithm(config, { seed });
  // At τ = 0 every solver starts from the same point: no gap to measure there.
  const base = { ...resolved, times: resolved.times.filter((t) => t > 0) };
  if (base.times.length === 0) {
    throw new RangeError('L5 needs a positive output time; the config has only t = 0');
  }
  const deltas = options.deltas ?? [4, 8, 16, 32];
  const paths = options.paths ?? 8000;
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const gamma = base.algorithm.gamma;
  const lambdaTilde = base.lambda;
  const taus = base.times;

  const onlineConfig = withAlgorithm(base, { name: 'online' });
  let odeError: Record<string, number>[] = taus.map(() => ({}));
  const ode = solveRole(options, 'limit:online', onlineConfig, (c) => {
    const solved = solveOde(c);
    odeError = solved.error;
    return solved.run;
  });

  const atDelta = deltas.map((delta) => {
    const cfg = withAlgorithm(base, {
      name: 'sgd',
      delta,
      lambda: (lambdaTilde * delta) / gamma,
      times: taus.map((tau) => (gamma * tau) / delta),
    });
    let error: Record<string, number>[] = cfg.times.map(() => ({}));
    const run = solveRole(options, `delta:${delta}`, cfg, (c) => {
      const solved = solveSgdLimit(c, paths, options);
      error = solved.error;
      return solved.run;
    });
    return { run, error };
  });

  const m = NAMES.length * taus.length * (deltas.length + 1);
  const z = bonferroni(alpha, m);
  const comparisons: Comparison[] = [];
  const rates: RateFit[] = [];
  const findings: string[] = [];
  const inconclusive: string[] = [];
  for (const name of NAMES) {
    taus.forEach((tau, i) => {
      const reference = scalarObservables(ode, i)[name];
      if (reference === undefined) return;
      const points = deltas.map((delta, j) => {
        const got = scalarObservables(atDelta[j].run, i)[name];
        const se = Math.hypot(got.se, reference.se);
        const comparison = compareValue({
          label: `SGD limit at δ=${delta} (t = γτ/δ) vs online ODE: gap is signal`,
          observable: name,
          time: tau,
          value: got.value,
          reference: reference.value,
          kind: 'exceeds',
          parts: {
            finiteSe: 0,
            mcSe: se,
            mcDof: mcDof(options),
            gridBound: (atDelta[j].error[i]?.[name] ?? 0) + (odeError[i]?.[name] ?? 0),
            biasBound: 0,
            z,
            alpha,
            comparisons: m,
          },
        });
        return { x: 1 / delta, label: `δ = ${delta}`, comparison, se };
      });

      const ladder = resolvedLadder(`${name} at τ = ${tau}`, points);
      comparisons.push(...ladder.comparisons);
      findings.push(...ladder.notes);
      if (ladder.inconclusive) inconclusive.push(ladder.inconclusive);
      if (ladder.ladder) {
        const label = `${name} gap |SGD(δ) − ODE| at τ = ${tau} vs 1/δ`;
        rates.push(withSmallLeadingTerm(fitRate(label, ladder.ladder, 1, z), findings));
      }
    });
  }

  return finishVerdict({
    statement: 'L5',
    title: 'δ → ∞ (τ = δt/γ, λ = λ̃δ/γ): the SGD limit tends to the online ODE at order 1/δ',
    config: base,
    seed,
    comparisons,
    rates,
    started,
    notes: [
      `δ ladder ${deltas.join(', ')}; γ = ${gamma}; λ̃ = ${lambdaTilde}; τ = ${taus.join(', ')}`,
      `SGD limit from ${hasExactOracle(base) ? 'the Volterra closed form' : 'the DMFT'}`,
      ...findings,
    ],
    inconclusive,
  });
}

/** The online ODE with its error bound: distance to the closed form, or a step halving. */
function solveOde(config: Config): Solved {
  const coarse = onlineODE(config);
  if (hasExactOracle(config)) {
    return { run: coarse, error: changeBetween(onlineLinearStudent(config), coarse) };
  }
  const fine = onlineODE(config, { step: Number(coarse.info.step) / 2 });
  return { run: fine, error: changeBetween(coarse, fine) };
}

/** The SGD limit: closed form with a step-halving error bound, or the DMFT at dt and dt/2. */
function solveSgdLimit(config: Config, paths: number, options: CheckOptions): Solved {
  if (hasExactOracle(config)) {
    const coarse = volterraSGD(config);
    const fine = volterraSGD(config, { step: Number(coarse.info.step) / 2 });
    return { run: fine, error: changeBetween(coarse, fine) };
  }
  const dt = options.dt ?? Math.max(...config.times) / 40;
  const ref = limitReference(config, 'sgd', paths, options.batches, dt);
  return { run: ref.run, error: ref.gridBound };
}

function changeBetween(a: Trajectory, b: Trajectory): Record<string, number>[] {
  return b.times.map((_, i) => {
    const x = scalarObservables(a, i);
    const y = scalarObservables(b, i);
    const out: Record<string, number> = {};
    for (const key of Object.keys(y)) out[key] = Math.abs((x[key]?.value ?? 0) - y[key].value);
    return out;
  });
}
