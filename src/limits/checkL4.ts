/**
 * L4: SGD and SME have the same limit when the loss gradient ℓ is affine in the
 * preactivation (square loss, linear student); otherwise they differ at order γ², and GF
 * differs from both at order γ (arXiv 2601.21093; docs/dmft.md, §3 L4; docs/limits.md).
 *
 * Method. Both sides are exact DMFTs of discrete algorithms on the same grid dt = γ/c:
 * `dmft-sme` at γ (Euler–Maruyama, multiplier dt + √(γdt)ξ) and `dmft-bernoulli-sgd` at
 * γ + dt (multiplier (γ+dt)·Bernoulli(dt/(γ+dt))). Their cell multipliers share E μ = dt
 * and E μ² = γdt + dt². So:
 * - affine ℓ: every closure depends on the multipliers through these two moments only
 *   (docs/dmft.md), and the deterministic solve gives the same numbers up to rounding. Each
 *   observable at each time and γ must agree within z·SE + a rounding bound;
 * - otherwise the third moments differ by γ²dt − γdt² per cell. At fixed c every moment of
 *   order p is γ^(p−1)·dt times a constant, so the gap is γ²(1 − 1/c)·A + O(γ³): a power
 *   series in γ that starts at γ². On the ladder the gap in Q and M at the last time must be
 *   signal (above t·SE), and the least-squares order of log gap on log γ must be 2 within
 *   t·SE(order) + the pairwise drift bound of fitRate. At the largest γ the gap at dt/2
 *   must exceed t·SE + a grid bound |gap(dt) − gap(dt/2)| at the last time: the gap is not
 *   an artefact of the grid (whose first-order effect is the factor 1 − 1/c). Only the last
 *   time, where the gap has grown: the statement is that the gap exceeds its tolerance at γ
 *   of order 1, and at t = 0.5 the Q gap sat at 1.0–1.5 times its tolerance, mostly grid
 *   bound, which more replicates do not shrink (with 24 replicates and every time required,
 *   5 of the first 30 seeds failed).
 * In both cases GF (`dmft-gf`, same grid) must differ from SME and from SGD at the largest
 * γ by more than t·SE + |gap(dt/2) − gap(dt/4)|, read at dt/4 (dt/8 and dt/16 with the
 * deterministic closure): the GF–SME gap is O(γ) and so is the grid error of either side at
 * dt ∝ γ, hence the finer grids.
 * Monte Carlo: R paired replicates; replicate r solves every run with one seed, so the
 * Gaussian inputs and label noise are common and the replicate SE of the differences is
 * honest. The quantile is Student's t with R − 1 degrees of freedom at alpha/m (Bonferroni
 * over the m assertions); with the deterministic closure one replicate is exact and z is
 * normal. Units: those of each observable (Q, M overlaps; risks in loss units).
 */
import type { Config } from '../model/types.ts';
import { replicateSeed } from '../random/streams.ts';
import { runLimit } from '../solvers/runLimit.ts';
import type { Trajectory } from '../solvers/trajectory.ts';
import { DEFAULT_ALPHA, checkOptions, solveRole } from './checkOptions.ts';
import type { CheckOptions } from './checkOptions.ts';
import { compareValue } from './compareValue.ts';
import { finishVerdict } from './finishVerdict.ts';
import { fitRate } from './fitRate.ts';
import { pairedGaps } from './pairedGaps.ts';
import type { PairedGap } from './pairedGaps.ts';
import { studentQuantile } from './studentQuantile.ts';
import type { Comparison, RateFit, ToleranceParts, Verdict } from './verdict.ts';
import { withAlgorithm } from './withAlgorithm.ts';
import { zQuantile } from './zQuantile.ts';

/** c in dt = γ/c: γ/4 puts t = 0.5, 1 on the grid of every γ in the default ladder. */
export const L4_CELLS_PER_GAMMA = 4;
/**
 * Observables whose SGD–SME gap must be signal (nonlinear ℓ): Q, the one resolved at every
 * time on the default (M's gap at t = 0.5 sits at its tolerance, docs/limits.md).
 */
const SIGNAL = ['Q'] as const;
/** Observables in which GF must differ from SGD and SME. */
const FLOW = ['Q', 'testRisk'] as const;
const ALL = ['Q', 'M', 'testRisk', 'trainRisk'] as const;
/**
 * Rounding bound for the affine case, relative to max(1, |O|): the two deterministic
 * solves differ only in how γdt + dt² is rounded (one ulp, 1.1e-16 relative) and in sums of
 * at most N² ≤ 10⁶ terms, whose rounding is below 1e-10 relative; 1e-9 covers both.
 */
const ROUNDING = 1e-9;

/** True when ℓ(r; y) is affine in r: square loss with a linear student (any teacher). */
export function hasAffineGradient(config: Config): boolean {
  return config.loss === 'square' && config.student.link === 'linear';
}

export function checkL4(config: Config, options: CheckOptions = {}): Verdict {
  checkOptions('checkL4', options);
  if (options.dt !== undefined) {
    throw new RangeError(
      `checkL4: the grid is tied to γ (dt = γ/${L4_CELLS_PER_GAMMA}, and finer multiples of ` +
        `it for the grid terms), so options.dt is not allowed; received ${options.dt}`,
    );
  }
  const started = performance.now();
  const seed = options.seed ?? config.seed;
  const resolved = withAlgorithm(config, { seed });
  const times = resolved.times.filter((t) => t > 0);
  if (times.length === 0) {
    throw new RangeError(
      `L4 compares trajectories at positive times; the config's times ` +
        `${JSON.stringify(resolved.times)} hold none`,
    );
  }
  const base = withAlgorithm(resolved, { times });
  const affine = hasAffineGradient(base);
  const gammas = [...(options.gammas ?? [1, 0.5])].sort((a, b) => b - a);
  if (!affine && gammas.length < 2) {
    throw new RangeError(
      `checkL4: a nonlinear ℓ needs a γ ladder of at least 2 values to fit the order; ` +
        `received options.gammas = ${JSON.stringify(options.gammas)}`,
    );
  }
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  const wanted = options.replicates ?? 48;
  const paths = Math.max(4, Math.round((options.paths ?? 192_000) / wanted));
  const top = gammas[0];
  const c = L4_CELLS_PER_GAMMA;

  // Replicate r solves every run with one seed; a deterministic closure needs one replicate.
  const pairs = new Map<string, { sgd: Trajectory[]; sme: Trajectory[]; gf: Trajectory[] }>();
  // GF vs SME/SGD at the largest γ: on dt/2 and dt/4, or dt/8 and dt/16 when the closure is
  // deterministic and fine grids cost nothing (with little label noise the GF–SME gap at late
  // times is as small as SME's grid error at dt/4; docs/limits.md).
  const closure = affine && base.teacher.link === 'linear' && base.teacher.labels === 'real';
  const flowSteps = closure ? [top / (8 * c), top / (16 * c)] : [top / (2 * c), top / (4 * c)];
  // The finest grid serves only the GF comparison, whose tolerance is dominated by the grid
  // term (about 30 times its SE on the default), so it runs a quarter of the paths: the
  // costliest solves (SME and GF cost O(N³) per path) take a quarter of the time.
  const grids = [
    ...gammas.map((gamma) => ({ gamma, dt: gamma / c, gf: false, share: 1 })),
    ...flowSteps.map((dt, j) => ({ gamma: top, dt, gf: true, share: j === 1 ? 4 : 1 })),
  ];
  let replicates = wanted;
  for (let r = 0; r < replicates; r++) {
    const cfg = withAlgorithm(base, { seed: replicateSeed(seed, r) });
    for (const { gamma, dt, gf, share } of grids) {
      const key = `${gamma}:${dt}`;
      const solver = { dt, paths: Math.max(4, Math.round(paths / share)), batches: 2 };
      const slot = pairs.get(key) ?? { sgd: [], sme: [], gf: [] };
      pairs.set(key, slot);
      slot.sme.push(
        solveRole(options, `limit:sme:${gamma}:dt=${dt}`, withAlgorithm(cfg, { gamma }), (x) =>
          runLimit(withAlgorithm(x, { name: 'sme' }), 'dmft-sme', solver),
        ),
      );
      slot.sgd.push(
        solveRole(
          options,
          `limit:bernoulli-sgd:${gamma}:dt=${dt}`,
          withAlgorithm(cfg, { gamma: gamma + dt }),
          (x) => runLimit(withAlgorithm(x, { name: 'sgd' }), 'dmft-bernoulli-sgd', solver),
        ),
      );
      if (gf) {
        slot.gf.push(
          solveRole(options, `limit:gf:dt=${dt}`, withAlgorithm(cfg, { gamma }), (x) =>
            runLimit(withAlgorithm(x, { name: 'gf' }), 'dmft-gf', solver),
          ),
        );
      }
    }
    if (r === 0 && [...pairs.values()].every((s) => [...s.sgd, ...s.sme].every(exact))) {
      replicates = 1;
    }
  }

  const last = times.length - 1;
  const flow = 2 * FLOW.length * times.length;
  const m = affine
    ? ALL.length * times.length * gammas.length + flow
    : SIGNAL.length * (1 + gammas.length + 1) + flow;
  const z = replicates > 1 ? studentQuantile(alpha / m, replicates - 1) : zQuantile(alpha / m);
  const parts = (mcSe: number, gridBound: number, biasBound: number): ToleranceParts => ({
    finiteSe: 0,
    mcSe,
    gridBound,
    biasBound,
    z,
    alpha,
    comparisons: m,
  });
  const gapAt = (gamma: number, dt: number, other: 'sme' | 'gf', from: 'sgd' | 'sme') => {
    const slot = pairs.get(`${gamma}:${dt}`);
    if (slot === undefined) throw new Error(`checkL4: no runs for γ = ${gamma}, dt = ${dt}`);
    const names = other === 'gf' ? FLOW : affine ? ALL : SIGNAL;
    return pairedGaps(slot[from], slot[other], names);
  };
  const comparisons: Comparison[] = [];
  const rates: RateFit[] = [];
  const notes: string[] = [
    `SGD: dmft-bernoulli-sgd at γ + dt; SME: dmft-sme at γ; dt = γ/${c}; ` +
      (replicates === 1
        ? 'deterministic closure (exact, one run per side)'
        : `${replicates} paired replicates of ${paths} paths; t quantile ${z.toFixed(3)}`),
  ];

  if (affine) {
    for (const gamma of gammas) {
      const gap = gapAt(gamma, gamma / c, 'sme', 'sgd');
      for (const name of ALL) {
        times.forEach((t, i) => {
          const reference = gap.b[name][i];
          comparisons.push(
            compareValue({
              label: `SGD (Bernoulli, γ+dt) vs SME at γ=${gamma}, dt=${gamma / c}: equal`,
              observable: name,
              time: t,
              value: reference + gap.mean[name][i],
              reference,
              parts: parts(gap.se[name][i], 0, ROUNDING * Math.max(1, Math.abs(reference))),
            }),
          );
        });
      }
    }
  } else {
    const coarse = gapAt(top, top / c, 'sme', 'sgd');
    const fine = gapAt(top, top / (2 * c), 'sme', 'sgd');
    for (const name of SIGNAL) {
      comparisons.push(
        signal(
          `SGD (Bernoulli, γ+dt) vs SME at γ=${top}, dt=${top / (2 * c)}: gap is signal`,
          name,
          times[last],
          fine,
          last,
          parts(fine.se[name][last], Math.abs(coarse.mean[name][last] - fine.mean[name][last]), 0),
        ),
      );
    }
    for (const name of SIGNAL) {
      const ladder = gammas.map((gamma) => {
        const gap = gapAt(gamma, gamma / c, 'sme', 'sgd');
        comparisons.push(
          signal(
            `SGD (Bernoulli, γ+dt) vs SME at γ=${gamma}, dt=${gamma / c}: gap is signal`,
            name,
            times[last],
            gap,
            last,
            parts(gap.se[name][last], 0, 0),
          ),
        );
        return { x: gamma, y: Math.abs(gap.mean[name][last]), se: gap.se[name][last] };
      });
      if (ladder.every((p) => p.y > 0)) {
        const fit = fitRate(`${name} gap |SGD − SME| at t = ${times[last]} vs γ`, ladder, 2, z);
        rates.push(fit);
        const gaps = ladder.map((p) => `${p.y.toExponential(3)} ± ${p.se.toExponential(2)}`);
        notes.push(
          `${name} gaps ${gaps.join(', ')}; order ${fit.fitted.toFixed(3)} ± ${fit.se.toFixed(3)}`,
        );
      } else {
        notes.push(`${name}: a gap is exactly 0, so no order is fitted (the gaps fail above)`);
      }
    }
  }

  // GF and SME differ at order γ, as do their grid errors at dt ∝ γ, so this comparison
  // uses the two finer grids of flowSteps.
  for (const from of ['sme', 'sgd'] as const) {
    const coarse = gapAt(top, flowSteps[0], 'gf', from);
    const fine = gapAt(top, flowSteps[1], 'gf', from);
    for (const name of FLOW) {
      times.forEach((t, i) => {
        comparisons.push(
          signal(
            `${from === 'sme' ? 'SME' : 'SGD (Bernoulli)'} vs GF at γ=${top}, ` +
              `dt=${flowSteps[1]}: distinct`,
            name,
            t,
            fine,
            i,
            parts(fine.se[name][i], Math.abs(coarse.mean[name][i] - fine.mean[name][i]), 0),
          ),
        );
      });
    }
  }

  return finishVerdict({
    statement: 'L4',
    title: affine
      ? 'affine ℓ: the SGD and SME limits coincide; GF is distinct'
      : 'nonlinear ℓ: the SGD and SME limits differ at order γ²; GF is distinct',
    config: base,
    seed,
    comparisons,
    rates,
    started,
    notes: [`γ ladder ${gammas.join(', ')}`, ...notes],
  });
}

function exact(run: Trajectory): boolean {
  return run.info.deterministic === true;
}

/** A gap that must exceed its tolerance: value = first side, reference = second side. */
function signal(
  label: string,
  name: string,
  time: number,
  gap: PairedGap,
  i: number,
  parts: ToleranceParts,
): Comparison {
  const reference = gap.b[name][i];
  return compareValue({
    label,
    observable: name,
    time,
    value: reference + gap.mean[name][i],
    reference,
    kind: 'exceeds',
    parts,
  });
}
