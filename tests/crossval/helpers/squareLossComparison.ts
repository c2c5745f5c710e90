/**
 * squareLossComparison: the continuous-time DMFT limits of square-loss SGD, SME and GF
 * against the independent closed forms (docs/exact.md; docs/crossval.md, comparison 3):
 * 'sgd' and 'sme' against the homogenized-SGD Volterra equation (volterraSGD; SGD = SME for
 * a linear model), 'gf' against the Marchenko–Pastur solution of GF (squareLossExact).
 *
 * Method. For a linear teacher and student the DMFT closes on deterministic moments
 * (marchDeterministic; no Monte Carlo, stdErr 0), so the only error is the grid's. The scheme
 * is first order in h (docs/dmft.md, "Grid bias"): O(h) = O_∞ + b·h + c·h² + e·h³ + O(h⁴).
 * One Richardson step R(h) = 2·O(h/2) − O(h) = O_∞ − c·h²/2 − (3/4)·e·h³ + O(h⁴) removes
 * the first order. On the ladder h, h/2, h/4, h/8 take A = R(h/2) − R(h/4) and
 * B = R(h) − R(h/2); solving the two equations for c and e gives, exactly to O(h⁴),
 *   R(h/4) − O_∞ = (11·A − B)/21,
 * so (11|A| + |B|)/7 bounds it with a factor 3 to spare for the O(h⁴) terms. (A bound from B
 * alone, |R(h/2) − O_∞| ≤ |B|, fails where the h² and h³ terms of B cancel, which happens
 * near isolated times; the pair A, B cannot both cancel.) The oracles have their own errors:
 * volterraSGD's trapezoid rule is second order in its step Δ, so its error at Δ/2 is about
 * (V(Δ) − V(Δ/2))/3 and |V(Δ) − V(Δ/2)| bounds it; squareLossExact is exact up to its
 * quadrature tolerance 1e-12·(1 + |v|). Rounding: each DMFT value is a sum of O(N²) products
 * of O(1) moments with N = T/(h/8) steps, so N²·eps·(1 + |v|) bounds it.
 * Tolerance: (11|A| + |B|)/7 + oracle bound + rounding.
 *
 * For 'gf' the grid scheme is exactly GD with step h (docs/dmft.md), which squareLossExact also
 * gives in closed form, so two more things are checked: DMFT-gf = GD to quadrature and
 * rounding at every step of the ladder, and the extrapolation bound itself on exact GD values.
 */
import { parseConfig } from '../../../src/model/parseConfig.ts';
import type { Config } from '../../../src/model/types.ts';
import { solveDMFT } from '../../../src/solvers/dmft/solveDMFT.ts';
import type { DmftOptions } from '../../../src/solvers/dmft/types.ts';
import { squareLossExact } from '../../../src/solvers/exact/squareLossExact.ts';
import { volterraSGD } from '../../../src/solvers/exact/volterraSGD.ts';
import type { Trajectory } from '../../../src/solvers/trajectory.ts';
import { scalarObservables } from './scalarObservables.ts';

export interface SquareLossSpec {
  delta: number;
  gamma: number;
  lambda: number;
  noise: number;
  scale: number;
  overlap: number;
  times: number[];
  /** Coarsest DMFT step h; the ladder is h, h/2, h/4, h/8. */
  h: number;
  /** Volterra trapezoid step Δ; the reference is Δ/2. */
  volterraStep: number;
}

export interface SquareRow {
  check: string;
  time: number;
  name: string;
  value: number;
  reference: number;
  tolerance: number;
  pass: boolean;
}

/** The square-loss config of the comparison (linear teacher and student, k = k* = 1). */
export function squareConfig(spec: SquareLossSpec): Config {
  return parseConfig(
    {
      d: 200,
      delta: spec.delta,
      seed: 0,
      times: spec.times,
      lambda: spec.lambda,
      teacher: { k: 1, link: 'linear', noise: spec.noise, readout: [1] },
      student: { k: 1, link: 'linear', readout: [1] },
      loss: 'square',
      init: { scale: spec.scale, overlap: spec.overlap },
      algorithm: { name: 'sgd', gamma: spec.gamma, kappa: 1 },
    },
    'crossval square',
  );
}

/**
 * R(h/4) from the values at h, h/2, h/4, h/8, and the bound (11|A| + |B|)/7 on its distance
 * to the h → 0 limit (module doc).
 */
function extrapolate(values: number[]): { value: number; bound: number } {
  const [o1, o2, o4, o8] = values;
  const r1 = 2 * o2 - o1;
  const r2 = 2 * o4 - o2;
  const r4 = 2 * o8 - o4;
  return { value: r4, bound: (11 * Math.abs(r2 - r4) + Math.abs(r1 - r2)) / 7 };
}

/** name → value at each time. */
function table(run: Trajectory): Map<string, number>[] {
  return run.times.map((_, i) => new Map(scalarObservables(run, i).map((o) => [o.name, o.value])));
}

function deterministic(config: Config, measure: 'gf' | 'sgd' | 'sme', dt: number) {
  const options: DmftOptions = {
    measure,
    dt,
    paths: 2,
    seed: 0,
    batches: 2,
    deterministic: true,
  };
  const run = solveDMFT(config, options);
  if (run.status !== 'ok') throw new Error(`DMFT ${measure} at dt = ${dt}: ${run.message}`);
  return table(run);
}

/** Test hooks: `oracleGamma` runs the Volterra oracle at another γ (a power check). */
export interface SquareLossHooks {
  oracleGamma?: number;
}

export function squareLossComparison(
  spec: SquareLossSpec,
  hooks: SquareLossHooks = {},
): SquareRow[] {
  const config = squareConfig(spec);
  const oracleConfig =
    hooks.oracleGamma === undefined ? config : squareConfig({ ...spec, gamma: hooks.oracleGamma });
  const { h, times } = spec;
  for (const t of times) {
    // Every level of the ladder must hit t exactly (the DMFT reads off the nearest grid point).
    if (Math.abs(t / h - Math.round(t / h)) > 1e-9) {
      throw new RangeError(`time ${t} must be a multiple of h = ${h}`);
    }
  }
  const horizon = Math.max(...times);
  const steps = [h, h / 2, h / 4, h / 8];
  const rounding = (v: number) => (horizon / (h / 8)) ** 2 * Number.EPSILON * (1 + Math.abs(v));
  const quadrature = (v: number) => 1e-12 * (1 + Math.abs(v));
  const rows: SquareRow[] = [];
  const push = (
    check: string,
    i: number,
    name: string,
    value: number,
    reference: number,
    tolerance: number,
  ) => {
    rows.push({
      check,
      time: times[i],
      name,
      value,
      reference,
      tolerance,
      pass: Number.isFinite(value - reference) && Math.abs(value - reference) <= tolerance,
    });
  };

  // SGD and SME against the Volterra equation.
  const volterraCoarse = table(volterraSGD(oracleConfig, { step: spec.volterraStep }));
  const volterraFine = table(volterraSGD(oracleConfig, { step: spec.volterraStep / 2 }));
  for (const measure of ['sgd', 'sme'] as const) {
    const ladder = steps.map((dt) => deterministic(config, measure, dt));
    for (let i = 0; i < times.length; i++) {
      for (const [name, fine] of volterraFine[i]) {
        const { value, bound } = extrapolate(ladder.map((level) => level[i].get(name) ?? NaN));
        const oracle = Math.abs((volterraCoarse[i].get(name) ?? NaN) - fine);
        push(`${measure} vs volterraSGD`, i, name, value, fine, bound + oracle + rounding(value));
      }
    }
  }

  // GF: the grid scheme against exact GD, then the extrapolation against exact GF.
  const gf = table(squareLossExact(config));
  const gdLadder = steps.map((dt) => table(squareLossExact(config, { gdStep: dt })));
  const dmftLadder = steps.map((dt) => deterministic(config, 'gf', dt));
  for (let i = 0; i < times.length; i++) {
    for (const [name, exact] of gf[i]) {
      for (let level = 0; level < steps.length; level++) {
        const value = dmftLadder[level][i].get(name) ?? NaN;
        const gd = gdLadder[level][i].get(name) ?? NaN;
        push(
          `gf(dt = h/${2 ** level}) vs exact GD`,
          i,
          name,
          value,
          gd,
          quadrature(gd) + rounding(value),
        );
      }
      const dmft = extrapolate(dmftLadder.map((level) => level[i].get(name) ?? NaN));
      push(
        'gf vs squareLossExact (GF)',
        i,
        name,
        dmft.value,
        exact,
        dmft.bound + quadrature(exact) + rounding(dmft.value),
      );
      // 2·GD(h/8) − GD(h/4) carries three quadrature errors and GF one more: 5 covers them.
      const gd = extrapolate(gdLadder.map((level) => level[i].get(name) ?? NaN));
      push(
        'extrapolation bound on exact GD',
        i,
        name,
        gd.value,
        exact,
        gd.bound + 5 * quadrature(exact),
      );
    }
  }
  return rows;
}

export function formatSquareRows(rows: SquareRow[]): string {
  return rows
    .map(
      (r) =>
        `${r.check.padEnd(34)} t=${r.time} ${r.name.padEnd(7)} ` +
        `${r.value.toFixed(8)} vs ${r.reference.toFixed(8)}  |diff| ` +
        `${Math.abs(r.value - r.reference).toExponential(2)} tol ${r.tolerance.toExponential(2)}` +
        `${r.pass ? '' : '  FAIL'}`,
    )
    .join('\n');
}
