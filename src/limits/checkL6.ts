/**
 * L6: the left-point DMFT grid scheme is first order in its step dt (arXiv 2601.21093;
 * docs/limits.md L6; docs/dmft.md). Checked on GF (measure 'gf'), whose
 * grid scheme is exactly GD with step dt, so the grid error is the O(dt) error of GD.
 *
 * Method. A halving ladder dt, dt/2, dt/4, dt/8 (default 0.1 … 0.0125 where a closed form
 * exists, 0.4 … 0.05 otherwise); every output time must be a grid point of the coarsest
 * step, so no read-off offset enters.
 * - Closed form (square loss, linear maps): the error e(dt) = |O_dt − O_exact| against the
 *   Marchenko–Pastur GF solution (squareLossExact). The DMFT is the deterministic solve,
 *   so e carries no Monte Carlo error; each e must exceed the oracle's stated quadrature
 *   error, and the slope of log e on log dt must be 1 within the pairwise drift bound of
 *   fitRate (e = c·dt(1 + O(dt)), ladder ratio 2). Successive ratios e(dt)/e(dt/2) → 2.
 * - No closed form: successive differences D_j = O(dt_j) − O(dt_{j+1}) = c·dt_j/2 + O(dt²),
 *   from R paired replicates (replicate r solves every dt with the same seed, so the Monte
 *   Carlo error of the differences is reduced by common random numbers). SE(D_j) is the
 *   replicate standard error, and the quantile is Student's t with R − 1 degrees of freedom
 *   at alpha/m (Bonferroni), since the SE is estimated from R values. Each |D_j| must
 *   exceed t·SE, and the slope of log |D_j| on log dt_j must be 1 within t·SE(slope) + the
 *   pairwise drift bound. The 1/(paths per batch) closure bias of docs/dmft.md is common to
 *   every dt to first order and cancels in D_j.
 */
import type { Config } from '../model/types.ts';
import { replicateSeed } from '../random/streams.ts';
import { runLimit } from '../solvers/runLimit.ts';
import { meanSe } from '../solvers/runSolver.ts';
import type { Trajectory } from '../solvers/trajectory.ts';
import { DEFAULT_ALPHA, checkOptions, mcDof, solveRole } from './checkOptions.ts';
import type { CheckOptions } from './checkOptions.ts';
import { compareValue } from './compareValue.ts';
import { finishVerdict } from './finishVerdict.ts';
import { fitRate, withSmallLeadingTerm } from './fitRate.ts';
import { scalarObservables } from './scalarObservables.ts';
import { studentQuantile } from './studentQuantile.ts';
import { zQuantile } from './zQuantile.ts';
import type { Comparison, RateFit, Verdict } from './verdict.ts';
import { hasExactOracle, withAlgorithm } from './withAlgorithm.ts';

const NAMES = ['Q', 'testRisk'];
const LEVELS = 4;

export function checkL6(config: Config, options: CheckOptions = {}): Verdict {
  checkOptions('checkL6', options);
  const started = performance.now();
  const seed = options.seed ?? config.seed;
  const resolved = withAlgorithm(config, { seed, name: 'gf' });
  const exact = hasExactOracle(resolved);
  const top = options.dt ?? (exact ? 0.1 : 0.4);
  const dts = Array.from({ length: LEVELS }, (_, j) => top / 2 ** j);
  const alpha = options.alpha ?? DEFAULT_ALPHA;
  // Only positive output times on the coarsest grid are compared: there no read-off offset
  // enters, and at t = 0 every grid gives the same value, so there is no error to measure.
  const onGrid = resolved.times.filter(
    (t) => t > 0 && Math.abs(t / top - Math.round(t / top)) <= 1e-9,
  );
  if (onGrid.length === 0) {
    throw new RangeError(
      `L6 compares the DMFT on grids dt = ${top} … ${top / 2 ** (LEVELS - 1)} and needs a ` +
        `positive output time that is a multiple of ${top}; none of the config's times ` +
        `${JSON.stringify(resolved.times)} is`,
    );
  }
  const base = { ...resolved, times: onGrid };
  const result = exact
    ? againstExact(base, dts, alpha, options)
    : successive(base, dts, alpha, options);
  return finishVerdict({
    statement: 'L6',
    title: 'the DMFT grid scheme (GF, left point) is first order in dt',
    config: base,
    seed,
    comparisons: result.comparisons,
    rates: result.rates,
    started,
    notes: [`dt ladder ${dts.join(', ')}`, ...result.notes],
  });
}

interface Part {
  comparisons: Comparison[];
  rates: RateFit[];
  notes: string[];
}

function againstExact(base: Config, dts: number[], alpha: number, options: CheckOptions): Part {
  const oracle = solveRole(options, 'exact:gf', base, (c) => runLimit(c, 'exact'));
  const quadrature = Number(oracle.info.quadratureError ?? 0);
  const runs = dts.map((dt) =>
    solveRole(options, `dt:${dt}`, base, (c) => runLimit(c, 'dmft-gf', { dt })),
  );

  const m = NAMES.length * base.times.length * (dts.length + 1);
  const z = zQuantile(alpha / m);
  const comparisons: Comparison[] = [];
  const rates: RateFit[] = [];
  const notes: string[] = [`reference: ${oracle.solver}, quadrature error ${quadrature}`];
  for (const name of NAMES) {
    base.times.forEach((t, i) => {
      const want = scalarObservables(oracle, i)[name];
      const ladder = dts.map((dt, j) => {
        const got = scalarObservables(runs[j], i)[name];
        comparisons.push(
          compareValue({
            label: `DMFT gf at dt=${dt} vs closed form: error is signal`,
            observable: name,
            time: t,
            value: got.value,
            reference: want.value,
            kind: 'exceeds',
            parts: {
              finiteSe: 0,
              mcSe: Math.hypot(got.se, want.se),
              mcDof: mcDof(options),
              gridBound: quadrature,
              biasBound: 0,
              z,
              alpha,
              comparisons: m,
            },
          }),
        );
        return { x: dt, y: Math.abs(got.value - want.value), se: Math.hypot(got.se, want.se) };
      });
      notes.push(`${name} t=${t} error ratios ${ratios(ladder)}`);
      if (ladder.every((p) => p.y > 0)) {
        const label = `${name} error |DMFT(dt) − exact| at t = ${t} vs dt`;
        rates.push(withSmallLeadingTerm(fitRate(label, ladder, 1, z), notes));
      }
    });
  }
  return { comparisons, rates, notes };
}

function successive(base: Config, dts: number[], alpha: number, options: CheckOptions): Part {
  const R = options.replicates ?? 12;
  const paths = Math.max(4, Math.round((options.paths ?? 16000) / R));
  const runs: Trajectory[][] = [];
  for (let r = 0; r < R; r++) {
    const cfg = withAlgorithm(base, { seed: replicateSeed(base.seed, r) });
    runs.push(
      dts.map((dt) =>
        solveRole(options, `dt:${dt}`, cfg, (c) =>
          runLimit(c, 'dmft-gf', { dt, paths, batches: 2 }),
        ),
      ),
    );
  }

  const pairs = dts.length - 1;
  const m = NAMES.length * base.times.length * (pairs + 1);
  const z = studentQuantile(alpha / m, R - 1);
  const comparisons: Comparison[] = [];
  const rates: RateFit[] = [];
  const notes: string[] = [`${R} paired replicates of ${paths} paths; t quantile ${z}`];
  for (const name of NAMES) {
    base.times.forEach((t, i) => {
      const value = (r: number, j: number) => scalarObservables(runs[r][j], i)[name].value;
      const ladder = Array.from({ length: pairs }, (_, j) => {
        const [mean, se] = meanSe(runs.map((_, r) => value(r, j) - value(r, j + 1)));
        comparisons.push(
          compareValue({
            label: `DMFT gf: O(dt=${dts[j]}) − O(dt=${dts[j + 1]}) is signal`,
            observable: name,
            time: t,
            value: mean,
            reference: 0,
            kind: 'exceeds',
            parts: { finiteSe: 0, mcSe: se, gridBound: 0, biasBound: 0, z, alpha, comparisons: m },
          }),
        );
        return { x: dts[j], y: Math.abs(mean), se };
      });
      notes.push(`${name} t=${t} difference ratios ${ratios(ladder)}`);
      if (ladder.every((p) => p.y > 0)) {
        rates.push(fitRate(`${name} successive differences at t = ${t} vs dt`, ladder, 1, z));
      }
    });
  }
  return { comparisons, rates, notes };
}

function ratios(ladder: { y: number }[]): string {
  return ladder
    .slice(1)
    .map((p, j) => (ladder[j].y / p.y).toFixed(3))
    .join(', ');
}
