/**
 * Validation of an output time grid: a non-empty array of finite, non-negative,
 * non-decreasing numbers (the order every Trajectory reports them in).
 */

/** Throws a RangeError naming `field` unless `times` is a valid output grid. */
export function checkTimes(times: unknown, field: string): asserts times is number[] {
  if (!Array.isArray(times) || times.length === 0) {
    throw new RangeError(`${field} must be a non-empty array of times, received ${String(times)}`);
  }
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
      throw new RangeError(`${field}[${i}] must be a finite number ≥ 0, received ${String(t)}`);
    }
    if (i > 0 && t < times[i - 1]) {
      throw new RangeError(
        `${field} must be non-decreasing; ${field}[${i}] = ${t} < ${field}[${i - 1}] = ` +
          `${times[i - 1]}`,
      );
    }
  }
}
