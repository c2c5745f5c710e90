/**
 * Rounds every non-integer number of a fixture to 12 significant digits. The tolerances are
 * many orders of magnitude above 1e-12 relative, and the shorter decimal strings keep the
 * committed files stable when a platform's last-ulp rounding of exp or log differs.
 */
export function roundFixture<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
    typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v,
  ) as T;
}
