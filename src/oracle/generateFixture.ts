/**
 * Generates one fixture of the battery (src/oracle/battery.ts; format in docs/oracle.md).
 *
 * Method.
 * 1. The limit. Closed forms (`exact`, docs/exact.md) and the online ODE carry no Monte Carlo
 *    and no grid term. The DMFT (docs/dmft.md) is solved at dt and dt/2 with the same seed;
 *    the reference is the dt/2 solve and grid = |O(dt) − O(dt/2)|, the error bound of a
 *    first-order scheme up to O(dt²) (src/limits/limitReference.ts). SME is solved once at
 *    dt = h: the scheme is the exact DMFT of Euler–Maruyama with step h (docs/dmft.md, L6'), so
 *    its grid term is 0. For SGD, the GF limit is solved too, for the batch-noise term gfGap
 *    (for a kinked student estimated by finite GF replicates, see solveFlow).
 * 2. Finite-d replicates. R independent replicates at the generation size d_g (runFinite)
 *    give the mean m and the replicate standard deviation s of every observable.
 * 3. Estimates, each an upper confidence bound holding with probability 1 − alphaEach/m per
 *    observable and time (m = observables × times, Bonferroni):
 *    cFluct = √d_g · s · f, f = √(ν/χ²_p(ν)) the χ² bound on a standard deviation
 *    (fluctuationFactor); cBias = d_g · (|m − limit| + z_b·√((s f)²/R + limitSe²)), z_b the
 *    two-sided normal quantile of alphaEach/m: the bias at d_g lies within the measured
 *    discrepancy plus its own noise, and the O(1/d) law of docs/limits.md L1 carries it to other d.
 * 4. The gate's z is the two-sided normal quantile of alphaGate/m. The per-case budget
 *    alphaCase = 1e-4 is split as alphaGate = alphaCase/2 for the comparisons and alphaEach =
 *    alphaCase/4 for each of the two estimates, so a correct implementation at any d ≥ dMin
 *    and R is flagged with probability at most alphaCase per case (union bound).
 * Every random stream derives from the case's seed (a hash of its id), so regeneration is
 * bit-identical; values are rounded to 12 significant digits (src/oracle/roundFixture.ts).
 */
import { zQuantile } from '../limits/zQuantile.ts';
import { parseConfig } from '../model/parseConfig.ts';
import type { Config } from '../model/types.ts';
import { runLimit } from '../solvers/runLimit.ts';
import type { LimitSolver } from '../solvers/runLimit.ts';
import { isKinkedStudent } from '../solvers/dmft/batchSpecFor.ts';
import { runFinite } from '../solvers/runSolver.ts';
import type { Trajectory } from '../solvers/trajectory.ts';
import type { CaseSpec } from './battery.ts';
import { caseSeed } from './caseSeed.ts';
import { FIXTURE_VERSION } from './fixtureTypes.ts';
import type { Fixture, ObservableEntry } from './fixtureTypes.ts';
import { fluctuationFactor } from './fluctuationFactor.ts';
import { observableColumns } from './observableColumns.ts';
import { roundFixture } from './roundFixture.ts';
import { trajectoryColumns } from './trajectoryColumns.ts';

export const ALPHA_CASE = 1e-4;
export const FLOAT_FLOOR = 1e-9;

export interface GenerateOptions {
  /** Generation size d_g (default 200) and replicates R (default 160). */
  d?: number;
  replicates?: number;
}

export function generateFixture(spec: CaseSpec, options: GenerateOptions = {}): Fixture {
  const dGen = options.d ?? 200;
  const R = options.replicates ?? 160;
  if (!Number.isSafeInteger(dGen) || dGen < 20) {
    throw new RangeError(`generateFixture: options.d must be an integer ≥ 20; received ${dGen}`);
  }
  const seed = caseSeed(spec.id);
  const raw = { ...spec.config, d: dGen, seed };
  const config = parseConfig(raw, `battery case ${spec.id}`);
  const columns = observableColumns(spec.solver, config.student.k, config.teacher.k);
  const times = config.times;

  const limit = solveLimit(spec, config);
  const want = trajectoryColumns(limit.run, columns);
  const finite = trajectoryColumns(runFinite(config, spec.solver, R), columns);
  const m = columns.length * times.length;
  const alphaEach = ALPHA_CASE / 4;
  const fluctFactor = fluctuationFactor(R, alphaEach / m);
  const zBias = zQuantile(alphaEach / m);
  const alphaGate = ALPHA_CASE / 2;
  const flow =
    spec.solver === 'sgd' ? solveFlow(spec, config, columns, R, fluctFactor, zBias) : null;

  const observables: Record<string, ObservableEntry> = {};
  for (const name of columns) {
    const lim = want.value[name];
    const limitSe = want.se[name];
    const sd = finite.se[name].map((se) => se * Math.sqrt(R) * fluctFactor);
    const entry: ObservableEntry = {
      limit: lim,
      limitSe,
      grid: limit.grid.map((g) => g[name] ?? 0),
      cFluct: sd.map((s) => s * Math.sqrt(dGen)),
      cBias: finite.value[name].map(
        (mean, i) =>
          dGen * (Math.abs(mean - lim[i]) + zBias * Math.hypot(sd[i] / Math.sqrt(R), limitSe[i])),
      ),
    };
    if (flow !== null) {
      entry.gfGap = lim.map((v, i) => Math.abs(v - flow.value[name][i]) + flow.slack[name][i]);
      entry.slope = lim.map((_, i) => chordSlope(times, lim, i));
      entry.curvature = lim.map((_, i) => secondDifference(times, lim, i));
    }
    observables[name] = entry;
  }

  const { seed: _seed, d: _d, ...rest } = raw;
  return roundFixture({
    $schema: './schema/fixture.schema.json',
    id: spec.id,
    version: FIXTURE_VERSION,
    description: spec.description,
    solver: spec.solver,
    config: { d: dGen, ...rest, seed: 1 },
    dMin: Math.ceil(dGen / 2),
    times,
    columns,
    tolerance: {
      alphaCase: ALPHA_CASE,
      alphaGate,
      comparisons: m,
      z: zQuantile(alphaGate / m),
      floor: FLOAT_FLOOR,
      generation: {
        d: dGen,
        replicates: R,
        seed,
        alphaEach,
        zBias,
        fluctFactor,
        limitSource: limit.source,
      },
    },
    observables,
  });
}

interface Limit {
  run: Trajectory;
  grid: Record<string, number>[];
  source: string;
}

function solveLimit(spec: CaseSpec, config: Config): Limit {
  const columns = observableColumns(spec.solver, config.student.k, config.teacher.k);
  const none = config.times.map(() => ({}));
  if (spec.limit === 'exact') {
    return { run: runLimit(config, 'exact'), grid: none, source: 'exact closed form' };
  }
  if (spec.limit === 'online-ode') {
    return { run: runLimit(config, 'online-ode'), grid: none, source: 'online ODE (RK4)' };
  }
  const dt = spec.dt ?? 0.05;
  const paths = spec.paths ?? 10_000;
  const solver = `dmft-${spec.solver}` as LimitSolver;
  if (spec.solver === 'sme') {
    const run = runLimit(config, solver, { dt, paths });
    return { run, grid: none, source: `${solver} at dt = h = ${dt}, ${paths} paths` };
  }
  const coarse = trajectoryColumns(runLimit(config, solver, { dt, paths }), columns);
  const run = runLimit(config, solver, { dt: dt / 2, paths });
  const fine = trajectoryColumns(run, columns);
  const grid = config.times.map((_, i) => {
    const out: Record<string, number> = {};
    for (const name of columns) out[name] = Math.abs(coarse.value[name][i] - fine.value[name][i]);
    return out;
  });
  const source = `${solver} at dt ${dt / 2} (grid bound from dt ${dt}), ${paths} paths`;
  return { run, grid, source };
}

/**
 * The GF limit for the batch-noise term of SGD: the closed form, or the DMFT at dt/2. For a
 * kinked student (relu, abs) the GF value is estimated by R finite GF replicates at d_g, an
 * estimate that does not rest on the DMFT's kink estimator, and `slack` adds the upper
 * confidence margin of that estimate, z_b·s·f/√R as in step 3. Its O(1/d_g) bias is not
 * bounded separately: it enters the gate multiplied by κ/n.
 */
function solveFlow(
  spec: CaseSpec,
  config: Config,
  columns: string[],
  R: number,
  fluctFactor: number,
  zBias: number,
): { value: Record<string, number[]>; slack: Record<string, number[]> } {
  const gf: Config = { ...config, algorithm: { ...config.algorithm, name: 'gf' } };
  const zero = (c: { value: Record<string, number[]> }) =>
    Object.fromEntries(columns.map((name) => [name, c.value[name].map(() => 0)]));
  if (spec.limit === 'exact') {
    const exact = trajectoryColumns(runLimit(gf, 'exact'), columns);
    return { value: exact.value, slack: zero(exact) };
  }
  if (isKinkedStudent(config)) {
    const finite = trajectoryColumns(runFinite(gf, 'gf', R), columns);
    const slack = Object.fromEntries(
      columns.map((name) => [name, finite.se[name].map((se) => zBias * se * fluctFactor)]),
    );
    return { value: finite.value, slack };
  }
  const dmft = trajectoryColumns(
    runLimit(gf, 'dmft-gf', { dt: (spec.dt ?? 0.05) / 2, paths: spec.paths ?? 10_000 }),
    columns,
  );
  return { value: dmft.value, slack: zero(dmft) };
}

/** The steeper of the two chords at output i (0 at t = 0, which every run hits exactly). */
function chordSlope(times: number[], values: number[], i: number): number {
  if (times[i] === 0) return 0;
  const left = i > 0 ? Math.abs((values[i] - values[i - 1]) / (times[i] - times[i - 1])) : 0;
  const right =
    i + 1 < times.length ? Math.abs((values[i + 1] - values[i]) / (times[i + 1] - times[i])) : 0;
  return Math.max(left, right);
}

/** |d²O/dt²| from the second divided difference at i (or its neighbour at the ends). */
function secondDifference(times: number[], values: number[], i: number): number {
  if (times.length < 3) return 0;
  const j = Math.min(Math.max(i, 1), times.length - 2);
  const left = (values[j] - values[j - 1]) / (times[j] - times[j - 1]);
  const right = (values[j + 1] - values[j]) / (times[j + 1] - times[j]);
  return Math.abs((2 * (right - left)) / (times[j + 1] - times[j - 1]));
}
