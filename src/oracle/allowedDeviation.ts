/**
 * The gate's tolerance for one observable at one output time (docs/oracle.md):
 *
 *   allowed = z·√(cFluct²/(d·R) + limitSe²) + cBias/d + grid + batch + floor
 *
 * - cFluct/√d is the replicate standard deviation at dimension d (fluctuations of Q, M and
 *   the risks scale as d^{-1/2}, docs/limits.md L1), so the mean of R replicates has standard error
 *   cFluct/√(dR); limitSe is the Monte Carlo error of a DMFT limit;
 * - cBias/d bounds the O(1/d) mean bias (docs/limits.md L1);
 * - grid bounds the DMFT grid error (|O(dt) − O(dt/2)| for the first-order scheme);
 * - batch, SGD only: (κ/n)·gfGap for the noise factor (n − κ)/(n − 1) of batches drawn
 *   without replacement, (η/2)·|slope| for an output time reached after round(t/η) steps,
 *   and (η·t/2)·|curvature| for the global error of Euler steps of size η (docs/limits.md L2);
 * - floor = FLOAT·(1 + |limit|) covers rounding in the external program and in the fixture's
 *   12-digit values (both below 1e-11 relative), so exactly-known values such as Q(0) = 0 are
 *   compared without a zero tolerance.
 */
import type { ObservableEntry } from './fixtureTypes.ts';

export interface RunSize {
  d: number;
  replicates: number;
  /** κ/n and η = γκ/n of the run's resolved config (SGD only; 0 otherwise). */
  kappaOverN: number;
  eta: number;
}

export interface Allowed {
  allowed: number;
  statistical: number;
  bias: number;
  grid: number;
  batch: number;
  floor: number;
}

export function allowedDeviation(
  entry: ObservableEntry,
  i: number,
  time: number,
  z: number,
  floor: number,
  size: RunSize,
): Allowed {
  const { d, replicates } = size;
  const variance = entry.cFluct[i] ** 2 / (d * replicates) + entry.limitSe[i] ** 2;
  const statistical = z * Math.sqrt(variance);
  const bias = entry.cBias[i] / d;
  const grid = entry.grid[i];
  const batch =
    entry.gfGap && entry.slope && entry.curvature
      ? size.kappaOverN * entry.gfGap[i] +
        (size.eta / 2) * Math.abs(entry.slope[i]) +
        ((size.eta * time) / 2) * Math.abs(entry.curvature[i])
      : 0;
  const floorTerm = floor * (1 + Math.abs(entry.limit[i]));
  return {
    allowed: statistical + bias + grid + batch + floorTerm,
    statistical,
    bias,
    grid,
    batch,
    floor: floorTerm,
  };
}
