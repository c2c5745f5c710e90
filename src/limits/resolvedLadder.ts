/**
 * The points of a rate ladder whose gap is resolved (docs/limits.md, "Tolerances"). Each point
 * carries an 'exceeds' comparison: its gap must exceed z·SE + grid + bias, so that the slope is
 * measured on signal. Points that fail it carry no slope information:
 * - with at least two resolved points, the unresolved ones are left out of the fit and said;
 * - with fewer, the run cannot tell at this effort and the verdict is inconclusive, naming
 *   the error that dominates (Monte Carlo: more paths; grid: a finer grid);
 * - unless an unresolved tolerance is exactly zero (closed forms with no error term): then a
 *   gap that does not exceed it is a real failure, and the comparisons stay and fail.
 */
import type { Comparison } from './verdict.ts';

export interface LadderPoint {
  /** The ladder's abscissa (γ, 1/δ, …) and the label of the point for notes. */
  x: number;
  label: string;
  comparison: Comparison;
  se: number;
}

export interface ResolvedLadder {
  /** The comparisons that go into the verdict. */
  comparisons: Comparison[];
  /** The ladder to fit, or null when fewer than two points are resolved. */
  ladder: { x: number; y: number; se: number }[] | null;
  notes: string[];
  /** Set when the verdict cannot tell at this Monte Carlo effort. */
  inconclusive: string | null;
}

export function resolvedLadder(what: string, points: LadderPoint[]): ResolvedLadder {
  const resolved = points.filter((p) => p.comparison.pass);
  const unresolved = points.filter((p) => !p.comparison.pass);
  const fmt = (x: number) => x.toExponential(2);
  if (resolved.length >= 2) {
    return {
      comparisons: resolved.map((p) => p.comparison),
      ladder: resolved.map((p) => ({ x: p.x, y: p.comparison.distance, se: p.se })),
      notes: unresolved.map(
        (p) =>
          `${what}, ${p.label}: gap ${fmt(p.comparison.distance)} within its error ` +
          `${fmt(p.comparison.tolerance)}; not in the fit`,
      ),
      inconclusive: null,
    };
  }
  // With no error term at all (closed forms), an unresolved gap is a real failure.
  if (unresolved.some((p) => !(p.comparison.tolerance > 0))) {
    return {
      comparisons: points.map((p) => p.comparison),
      ladder: null,
      notes: [],
      inconclusive: null,
    };
  }
  const largest = unresolved.reduce((a, p) =>
    p.comparison.distance > a.comparison.distance ? p : a,
  );
  const parts = largest.comparison.parts;
  const monteCarlo = parts.z * Math.hypot(parts.finiteSe, parts.mcSe);
  const cure =
    monteCarlo >= parts.gridBound + parts.biasBound
      ? 'its Monte Carlo error dominates: more DMFT paths (--paths) would resolve it'
      : 'its grid error dominates: a finer DMFT grid would resolve it';
  return {
    comparisons: resolved.map((p) => p.comparison),
    ladder: null,
    notes: [],
    inconclusive:
      `${what}: the gap is resolved at ${resolved.length} of ${points.length} points; the ` +
      `largest unresolved, ${fmt(largest.comparison.distance)} at ${largest.label}, is within ` +
      `its tolerance ${fmt(largest.comparison.tolerance)}; ${cure}`,
  };
}
