/**
 * Reads the named scalar columns (src/oracle/observableColumns.ts) off a Trajectory, with
 * their standard errors when the trajectory is a mean over replicates or path batches.
 * A column the trajectory does not carry (null M or risk) is an error naming the column,
 * because a fixture without it could not gate anything.
 */
import type { Matrix, Trajectory } from '../solvers/trajectory.ts';

export interface Columns {
  value: Record<string, number[]>;
  se: Record<string, number[]>;
}

export function trajectoryColumns(run: Trajectory, columns: readonly string[]): Columns {
  const value: Record<string, number[]> = {};
  const se: Record<string, number[]> = {};
  for (const name of columns) {
    value[name] = pick(run, name, false);
    se[name] = pick(run, name, true);
  }
  return { value, se };
}

function pick(run: Trajectory, name: string, stdErr: boolean): number[] {
  const source = stdErr ? run.stdErr : run;
  const length = run.times.length;
  if (source === undefined) return new Array<number>(length).fill(0);
  if (name === 'trainRisk' || name === 'testRisk') {
    const series = source[name];
    if (series === null) throw new RangeError(`trajectory ${run.solver} has no ${name}`);
    return series.slice(0, length);
  }
  const match = /^([QM])_(\d+)_(\d+)$/.exec(name);
  if (match === null) throw new RangeError(`unknown observable column "${name}"`);
  const matrices: Matrix[] | null = match[1] === 'Q' ? source.Q : source.M;
  if (matrices === null) throw new RangeError(`trajectory ${run.solver} has no ${match[1]}`);
  const a = Number(match[2]);
  const b = Number(match[3]);
  return matrices.slice(0, length).map((m) => m[a][b]);
}
