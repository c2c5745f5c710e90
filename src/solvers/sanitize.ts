/**
 * One divergence rule for every solver's output: a trajectory ends at the last output time at
 * which every observable and standard error is finite and tr Q stays below the bound of
 * src/solvers/recorder.ts. Anything after that is cut, the status becomes "diverged" and the
 * message names the time. So no solver can print NaN or an exploded value with status "ok".
 */
import { DIVERGENCE_BOUND } from './recorder.ts';
import type { Matrix, Trajectory } from './trajectory.ts';

export function sanitize(run: Trajectory, hint = ''): Trajectory {
  const bad = run.times.findIndex((_, i) => !goodAt(run, i));
  if (bad < 0) return run;
  const cut = <T>(values: T[] | null | undefined): T[] | null =>
    values ? values.slice(0, bad) : null;
  const t = run.times[bad];
  const message =
    `diverged at t = ${Number(t.toPrecision(6))}: an observable became non-finite or tr Q ` +
    `left the bound ${DIVERGENCE_BOUND.toExponential(0)}.${hint ? ` ${hint}` : ''}`;
  return {
    ...run,
    times: run.times.slice(0, bad),
    Q: run.Q.slice(0, bad),
    M: cut(run.M),
    trainRisk: cut(run.trainRisk),
    testRisk: cut(run.testRisk),
    stdErr: run.stdErr && {
      Q: run.stdErr.Q.slice(0, bad),
      M: cut(run.stdErr.M),
      trainRisk: cut(run.stdErr.trainRisk),
      testRisk: cut(run.stdErr.testRisk),
    },
    status: 'diverged',
    divergedAt: run.status === 'diverged' ? Math.min(run.divergedAt ?? t, t) : t,
    message: run.status === 'diverged' && run.message ? combined(run, t, message) : message,
  };
}

/**
 * A solver that stopped by its own criterion at divergedAt may have produced outputs before
 * that time which this rule cuts: say so, so the message matches the times that remain.
 */
function combined(run: Trajectory, t: number, own: string): string {
  const message = run.message ?? own;
  if (run.divergedAt === undefined || !(t < run.divergedAt)) return message;
  return (
    `${message}; the outputs from t = ${Number(t.toPrecision(6))} on are cut as well, ` +
    `because tr Q there had already left the bound ${DIVERGENCE_BOUND.toExponential(0)} ` +
    '(or an observable was not finite)'
  );
}

function goodAt(run: Trajectory, i: number): boolean {
  const matrices: (Matrix | undefined)[] = [
    run.Q[i],
    run.M?.[i],
    run.stdErr?.Q[i],
    run.stdErr?.M?.[i],
  ];
  for (const m of matrices) if (m && !m.every((row) => row.every(Number.isFinite))) return false;
  const scalars = [
    run.trainRisk?.[i],
    run.testRisk?.[i],
    run.stdErr?.trainRisk?.[i],
    run.stdErr?.testRisk?.[i],
  ];
  if (scalars.some((v) => v !== undefined && !Number.isFinite(v))) return false;
  const trace = run.Q[i].reduce((s, row, a) => s + row[a], 0);
  return trace < DIVERGENCE_BOUND;
}
