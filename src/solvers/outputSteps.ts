/**
 * The step at which each requested output time is observed by a solver on a fixed grid of
 * step `step` (SGD: η, SME: h, online: 1/d): round(t/step). Refuses requests the grid cannot
 * honour: two distinct times on one step (the second row would silently repeat the first),
 * and horizons whose step count no run could finish.
 */
import { InputError } from './trajectory.ts';

/** More steps than this would take hours; the caller asked for an unreachable horizon. */
export const MAX_STEPS = 2e8;

export function outputSteps(times: number[], step: number, what: string): number[] {
  const steps = times.map((t) => Math.round(t / step));
  for (let i = 1; i < steps.length; i++) {
    if (steps[i] === steps[i - 1]) {
      throw new InputError(
        `times ${times[i - 1]} and ${times[i]} fall on the same step of ${what} = ` +
          `${Number(step.toPrecision(6))} (observations are made once per step); ` +
          'space the output times at least that far apart or use a smaller step',
      );
    }
  }
  const last = steps[steps.length - 1];
  if (last > MAX_STEPS) {
    throw new InputError(
      `times[${times.length - 1}] = ${times[times.length - 1]} needs ${last.toExponential(2)} ` +
        `steps of ${what} = ${Number(step.toPrecision(6))}; at most ${MAX_STEPS.toExponential(0)} ` +
        'are allowed',
    );
  }
  return steps;
}
