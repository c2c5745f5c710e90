/** A number with at most 4 significant digits and no trailing zeros. */
export function formatNumber(x: number): string {
  return String(Number(x.toPrecision(4)));
}
