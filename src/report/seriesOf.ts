/**
 * One observable of a trajectory as a plotted series: Q and M are the (1,1) entries (the
 * whole overlap when k = k* = 1), the risks are scalars; the band is value ± z·SE from the
 * trajectory's own standard errors (replicates or DMFT path batches), left out where the
 * standard error is zero or absent. `timeScale` maps the trajectory's times to the plotted
 * axis (the online ODE runs in τ and is drawn at t = γτ/δ). Returns null when the solver does
 * not produce the observable (train risk of the online ODE; M and the test risk without a
 * teacher).
 */
import type { Trajectory } from '../solvers/trajectory.ts';
import { BAND_Z } from './bandZ.ts';
import type { Observable, Series, SeriesPoint } from './types.ts';

export function seriesOf(
  run: Trajectory,
  observable: Observable,
  label: string,
  limit: boolean,
  timeScale = 1,
): Series | null {
  const values = pick(run, observable);
  if (values === null) return null;
  const errors = run.stdErr ? pickError(run.stdErr, observable) : null;
  const points: SeriesPoint[] = values.map((value, i) => {
    const point: SeriesPoint = { t: run.times[i] * timeScale, value };
    const se = errors?.[i];
    if (se !== undefined && se > 0) {
      point.lower = value - BAND_Z * se;
      point.upper = value + BAND_Z * se;
    }
    return point;
  });
  return { label, solver: run.solver, limit, points };
}

type Observed = Pick<Trajectory, 'Q' | 'M' | 'trainRisk' | 'testRisk'>;

function pick(run: Observed, observable: Observable): number[] | null {
  switch (observable) {
    case 'Q':
      return run.Q.map((q) => q[0][0]);
    case 'M':
      return run.M === null ? null : run.M.map((m) => m[0][0]);
    case 'testRisk':
      return run.testRisk;
    case 'trainRisk':
      return run.trainRisk;
  }
}

function pickError(stdErr: NonNullable<Trajectory['stdErr']>, observable: Observable) {
  if (observable === 'Q' && stdErr.Q.length === 0) return null;
  return pick(stdErr, observable);
}
