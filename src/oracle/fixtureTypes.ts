/**
 * Types of a reference fixture: one case of the battery that gates an external
 * implementation (docs/oracle.md).
 *
 * Conventions: every observable is a scalar column named as in `run --format csv`
 * (`trainRisk`, `testRisk`, `Q_a_b`, `M_a_c`, indices 0-based, docs/cli.md); arrays indexed
 * by output time follow `times`. Time is the GF time of docs/conventions.md (for online SGD,
 * τ = steps/d). The tolerance model, per observable and time, for a run at dimension d that
 * averages R independent replicates (src/oracle/allowedDeviation.ts):
 *
 *   allowed = z·√(cFluct²/(d·R) + limitSe²) + cBias/d + grid + batch(d) + floor
 *
 * with batch(d) = (κ/n)·gfGap + (η/2)·|slope| + (ηt/2)·|curvature| for SGD (zero otherwise) and
 * floor = FLOAT_FLOOR·(1 + |limit|).
 */

/** Bumped whenever the meaning of a field or the tolerance model changes. */
export const FIXTURE_VERSION = 1;

/** The finite-(n, d) algorithms a fixture can gate. */
export type GatedSolver = 'sgd' | 'sme' | 'gf' | 'online';

export interface ObservableEntry {
  /** The n, d → ∞ value at each time. */
  limit: number[];
  /** Monte Carlo standard error of `limit` (0 for closed forms and deterministic solves). */
  limitSe: number[];
  /** Bound on the grid error of `limit` (|O(dt) − O(dt/2)|; 0 for closed forms). */
  grid: number[];
  /** Upper confidence bound on √d · (replicate standard deviation) at the generation size. */
  cFluct: number[];
  /** Upper confidence bound on d · |finite-d mean − limit| at the generation size. */
  cBias: number[];
  /** SGD only: |O_SGD − O_GF| in the limit, the noise-driven part that κ/n scales. */
  gfGap?: number[];
  /** SGD only: dO/dt of the limit, for the output-time offset of at most η/2. */
  slope?: number[];
  /** SGD only: d²O/dt² of the limit, for the O(η) error of Euler steps of size η. */
  curvature?: number[];
}

export interface GenerationRecord {
  /** Dimension and replicate count of the finite-d runs that measured cFluct and cBias. */
  d: number;
  replicates: number;
  seed: number;
  /** False-alarm probability spent on each of the two estimates, split over comparisons. */
  alphaEach: number;
  /** One-sided z of the cBias bound and the χ² quantile factor of the cFluct bound. */
  zBias: number;
  fluctFactor: number;
  /** How the limit was computed. */
  limitSource: string;
}

export interface Fixture {
  $schema?: string;
  id: string;
  version: number;
  description: string;
  solver: GatedSolver;
  /** A config accepted by `sgd-oracle run` (schema/config.schema.json), at the reference d. */
  config: Record<string, unknown>;
  /** Smallest d for which the tolerance model is stated (the 1/√d and 1/d extrapolation). */
  dMin: number;
  times: number[];
  /** Column order of the .npy layout (and of the CSV, after `solver`). */
  columns: string[];
  tolerance: {
    /** Per-case false-alarm budget of a correct implementation, gate and estimates together. */
    alphaCase: number;
    /** The gate's share, split over `comparisons` (Bonferroni): z = z(alphaGate/m). */
    alphaGate: number;
    comparisons: number;
    z: number;
    floor: number;
    generation: GenerationRecord;
  };
  observables: Record<string, ObservableEntry>;
}
