/**
 * The data a report is made of: figures (curves with optional bands), the solvers that were
 * left out and why, and the limit verdicts shown beside them.
 *
 * Conventions: time t is the paper's time (one unit = 1/γ epochs, docs/conventions.md), or
 * the online time τ = steps/d in the δ → ∞ figure; Q = ΘᵀΘ/d and M = ΘᵀΘ* / d are
 * dimensionless (their (1,1) entries when k > 1, as the limit checks read them); risks are in
 * units of the loss. A band is the value ± 1.96 standard errors (a pointwise 95 % interval for
 * the mean over replicates, or for the Monte Carlo mean of a DMFT run).
 */
import type { Verdict } from '../limits/verdict.ts';

export type Observable = 'testRisk' | 'trainRisk' | 'Q' | 'M';

/** One curve: its legend label, and a value (with an optional band) per time. */
export interface Series {
  /** The legend label: solver and parameters. */
  label: string;
  /** The solver name as the CLI spells it (sgd, dmft-sgd, online-ode, ...). */
  solver: string;
  /** True for the n, d → ∞ solvers: drawn dashed. */
  limit: boolean;
  points: SeriesPoint[];
}

export interface SeriesPoint {
  t: number;
  value: number;
  /** value ± 1.96·SE; absent when the solver gives no standard error. */
  lower?: number;
  upper?: number;
}

export interface Figure {
  /** File stem: the figure is written as `<id>.svg` (and `<id>.png`). */
  id: string;
  title: string;
  /** One or two sentences under the figure: what it shows and how it was made. */
  caption: string;
  xTitle: string;
  yTitle: string;
  series: Series[];
}

/** A solver or figure the report left out, with the reason. */
export interface Omission {
  what: string;
  reason: string;
}

/** The limit verdicts, or why there are none. */
export interface VerdictTable {
  /** Which case the statements ran on, in words. */
  source: string;
  /** The command that reproduces the table. */
  command: string;
  /** The command that reproduces one statement's verdict. */
  statementCommand?: (statement: string) => string;
  verdicts: Verdict[];
  skipped: { statement: string; reason: string }[];
  /** Set when the verdicts were not run (--no-limits). */
  disabled?: string;
  seconds: number;
}
