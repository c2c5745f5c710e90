/**
 * The gate: compares an external run with a fixture (docs/oracle.md).
 *
 * Method. After checking that the run is one of the fixture's case (solver, times, sizes and,
 * when the file carries its config, every field the limit depends on), each observable at
 * each time passes when |measured − limit| ≤ allowed, the tolerance model of
 * src/oracle/allowedDeviation.ts at the run's d and replicate count R. The fixture's z already
 * splits its false-alarm budget over all its comparisons (Bonferroni), so the case passes
 * when every comparison does. A run that diverged fails with its message, because every
 * fixture case is stable.
 *
 * Mismatches of identity (wrong solver, other times, d below dMin, another γ …) are
 * InputErrors (exit code 2): the run answers a different question, so no verdict is given.
 */
import { parseConfig } from '../model/parseConfig.ts';
import type { Config } from '../model/types.ts';
import { InputError } from '../solvers/trajectory.ts';
import { allowedDeviation } from './allowedDeviation.ts';
import type { CaseReport, ComparisonRow } from './checkReport.ts';
import type { Fixture } from './fixtureTypes.ts';
import type { ExternalRun } from './readRunFile.ts';

/** Relative agreement demanded of output times and config numbers (JSON round trips). */
const SAME = 1e-9;

export function compareRun(fixture: Fixture, run: ExternalRun): CaseReport {
  const resolved = checkIdentity(fixture, run);
  const base = {
    id: fixture.id,
    version: fixture.version,
    solver: fixture.solver,
    d: run.d,
    replicates: run.replicates,
    z: fixture.tolerance.z,
  };
  if (run.status === 'diverged') {
    return {
      ...base,
      pass: false,
      rows: [],
      reason: `the run diverged: ${run.message ?? 'no message'}`,
    };
  }

  const sgd = fixture.solver === 'sgd';
  const kappaOverN = sgd ? resolved.algorithm.kappa / resolved.n : 0;
  const eta = sgd ? (resolved.algorithm.gamma * resolved.algorithm.kappa) / resolved.n : 0;
  const size = { d: run.d, replicates: run.replicates, kappaOverN, eta };
  const rows: ComparisonRow[] = [];
  for (const observable of fixture.columns) {
    const entry = fixture.observables[observable];
    fixture.times.forEach((time, i) => {
      const measured = run.values[observable][i];
      const parts = allowedDeviation(
        entry,
        i,
        time,
        fixture.tolerance.z,
        fixture.tolerance.floor,
        size,
      );
      const distance = Math.abs(measured - entry.limit[i]);
      rows.push({
        observable,
        time,
        measured,
        limit: entry.limit[i],
        distance,
        ...parts,
        pass: distance <= parts.allowed,
      });
    });
  }
  return { ...base, pass: rows.every((r) => r.pass), rows };
}

function checkIdentity(fixture: Fixture, run: ExternalRun): Config {
  const where = `${run.file} (fixture ${fixture.id})`;
  if (run.solver !== undefined && run.solver !== fixture.solver) {
    throw new InputError(
      `${where}: solver is "${run.solver}"; this fixture gates "${fixture.solver}"`,
    );
  }
  if (run.d < fixture.dMin) {
    throw new InputError(
      `${where}: d = ${run.d} is below the fixture's dMin = ${fixture.dMin}, where its ` +
        `1/√d and 1/d extrapolation is not stated; run at d ≥ ${fixture.dMin}`,
    );
  }
  const T = fixture.times.length;
  if (run.times.length !== T && run.status === 'ok') {
    throw new InputError(
      `${where}: ${run.times.length} output times; expected ${T}: [${fixture.times.join(', ')}]`,
    );
  }
  run.times.forEach((t, i) => {
    const want = fixture.times[i];
    if (want === undefined || Math.abs(t - want) > SAME * (1 + Math.abs(want))) {
      throw new InputError(`${where}: times[${i}] = ${t}; expected ${want ?? 'no more times'}`);
    }
  });
  const resolved = parseConfig({ ...fixture.config, d: run.d }, `fixture ${fixture.id}`);
  if (run.config !== undefined) compareConfig(where, run.config, resolved, fixture);
  return resolved;
}

/** The fields a limit depends on; the run's value must equal the fixture's, resolved at d. */
function compareConfig(
  where: string,
  given: Record<string, unknown>,
  want: Config,
  fixture: Fixture,
): void {
  const paths = [
    'delta',
    'loss',
    'lambda',
    'teacher.k',
    'teacher.link',
    'teacher.noise',
    'teacher.labels',
    'teacher.readout',
    'student.k',
    'student.link',
    'student.readout',
    'init.scale',
    'init.overlap',
  ];
  if (fixture.solver !== 'gf') paths.push('algorithm.gamma');
  if (fixture.solver === 'sgd') paths.push('algorithm.kappa', 'algorithm.batch');
  if (fixture.solver === 'sme') paths.push('algorithm.h');
  for (const path of paths) {
    const got = lookup(given, path);
    if (got === undefined) continue;
    const expected = lookup(want as unknown as Record<string, unknown>, path);
    if (!same(path === 'init.overlap' ? asMatrix(got, want) : got, expected)) {
      throw new InputError(
        `${where}: config.${path} is ${JSON.stringify(got)}; the fixture expects ` +
          `${JSON.stringify(expected)} at d = ${want.d}`,
      );
    }
  }
}

/** A number c given for init.overlap means c on the diagonal of the k×k* matrix. */
function asMatrix(value: unknown, config: Config): unknown {
  if (typeof value !== 'number') return value;
  return Array.from({ length: config.student.k }, (_, a) =>
    Array.from({ length: config.teacher.k }, (_, c) => (a === c ? value : 0)),
  );
}

function lookup(object: Record<string, unknown>, path: string): unknown {
  let value: unknown = object;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= SAME * (1 + Math.abs(b));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => same(v, b[i]));
  }
  return a === b;
}
