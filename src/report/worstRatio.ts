/**
 * The tightest margin of a verdict, as one number a reader can scan: for a comparison of kind
 * 'within', distance/tolerance; for 'exceeds', tolerance/distance; for a fitted rate,
 * |fitted − expected|/tolerance. Every assertion passes exactly when its ratio is ≤ 1 (an
 * 'exceeds' comparison at ratio exactly 1 fails), so the maximum says how close the verdict
 * came to failing. NaN when the verdict has no assertion.
 */
import type { Verdict } from '../limits/verdict.ts';

export function worstRatio(verdict: Verdict): number {
  const ratios = [
    ...verdict.comparisons.map((c) =>
      c.kind === 'within' ? c.distance / c.tolerance : c.tolerance / c.distance,
    ),
    ...verdict.rates.map((r) => Math.abs(r.fitted - r.expected) / r.tolerance),
  ];
  return ratios.length === 0 ? Number.NaN : Math.max(...ratios);
}
