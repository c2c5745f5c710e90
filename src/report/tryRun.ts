/**
 * Runs one solver for the report. A solver that refuses the config (an InputError or a
 * RangeError: no closed form, data files given to a limit solver, a missing learning rate)
 * becomes an Omission with the solver's own message, so the report shows every solver the
 * config allows and says why the others are missing; any other error is a bug and propagates.
 */
import { InputError } from '../solvers/trajectory.ts';
import type { Trajectory } from '../solvers/trajectory.ts';
import type { Omission } from './types.ts';

export function tryRun(
  what: string,
  run: () => Trajectory,
  omitted: Omission[],
): Trajectory | null {
  try {
    const result = run();
    if (result.status === 'diverged') {
      omitted.push({ what, reason: `drawn up to its divergence: ${result.message ?? ''}` });
    }
    return result;
  } catch (error) {
    if (error instanceof InputError || error instanceof RangeError) {
      omitted.push({ what, reason: error.message });
      return null;
    }
    throw error;
  }
}
