/**
 * The knobs of a report run and their defaults. R = 8 replicates puts the band half-width of
 * a finite-(n, d) mean at 1.96/√8 ≈ 0.7 replicate standard deviations; 4000 DMFT paths (in 8
 * batches) keep the Monte Carlo band near 1.6 times that of the CLI's 10⁴ at 40 % of the
 * cost. The online ODE joins the trajectory figures when δ ≥ 10: its gap to the multi-pass
 * limit is of order 1/δ (L5, docs/limits.md), about 10 % there.
 */
export interface ReportSettings {
  replicates: number;
  paths: number;
  batches: number;
  /** Run the limit verdicts (false: --no-limits). */
  limits: boolean;
  /** Statements to run; default every implemented one. */
  statements?: string[];
  seed?: number;
}

export const DEFAULT_SETTINGS: ReportSettings = {
  replicates: 8,
  paths: 4000,
  batches: 8,
  limits: true,
};

export const ONLINE_DELTA_MIN = 10;
