/**
 * The verdict of one limit statement (L1–L7 of docs/limits.md; arXiv 2601.21093).
 *
 * A verdict carries numbers, not only a boolean: every comparison states the measured
 * distance and a tolerance split into its parts, so a reader can see which error term
 * dominates. Conventions:
 * - tolerance = z·√(finiteSe² + mcSe²) + gridBound + biasBound, in the units of the
 *   observable (Q, M dimensionless overlaps; risks in loss units);
 * - z is the two-sided quantile of alpha/m, with alpha the planned false-failure
 *   probability of the whole verdict and m the number of its assertions (Bonferroni): the
 *   normal quantile when the standard errors are known, the Student-t quantile with the
 *   Welch–Satterthwaite degrees of freedom when they are estimated from a few replicates or
 *   path batches (finiteDof, mcDof; src/limits/compareValue.ts);
 * - a comparison of kind 'within' passes when distance ≤ tolerance (two things agree), one of
 *   kind 'exceeds' passes when distance > tolerance (two things are distinct).
 */
import type { Config } from '../model/types.ts';

export type StatementId = 'L1' | 'L2' | 'L3' | 'L4' | 'L5' | 'L6' | 'L7';

export const STATEMENTS: readonly StatementId[] = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'];

/** The terms a tolerance is made of; all non-negative, in the units of the observable. */
export interface ToleranceParts {
  /** Standard error of the finite-(n, d) side, from independent replicates. */
  finiteSe: number;
  /** Monte Carlo standard error of the DMFT side, from independent path batches. */
  mcSe: number;
  /** Bound on the time-grid error of the limit side. */
  gridBound: number;
  /** Bound on the deterministic bias the statement allows (κ/n, η, O(1/d), …). */
  biasBound: number;
  /**
   * Quantile used for the statistical part: the normal one as given by the caller, replaced
   * by compareValue with the Student-t one when finiteDof or mcDof is set.
   */
  z: number;
  /** Degrees of freedom of finiteSe when it is estimated (replicates − 1). */
  finiteDof?: number;
  /** Degrees of freedom of mcSe when it is estimated (path batches − 1). */
  mcDof?: number;
  /** Welch–Satterthwaite degrees of freedom of the combined error, when z is a t quantile. */
  dof?: number;
  /** Planned false-failure probability of the whole verdict. */
  alpha: number;
  /** Number of assertions alpha is split over (Bonferroni). */
  comparisons: number;
}

export interface Comparison {
  /** What is compared, e.g. "sgd d=400 vs exact". */
  label: string;
  observable: string;
  time: number;
  value: number;
  reference: number;
  /** |value − reference|. */
  distance: number;
  tolerance: number;
  parts: ToleranceParts;
  kind: 'within' | 'exceeds';
  pass: boolean;
}

/** A fitted convergence rate: the least-squares slope of log y against log x. */
export interface RateFit {
  label: string;
  /** The ladder: x (d, γ, 1/δ, dt), y (a distance or spread) and the standard error of y. */
  ladder: { x: number; y: number; se: number }[];
  expected: number;
  fitted: number;
  /** Standard error of the fitted slope from the standard errors of y. */
  se: number;
  /** Allowed |fitted − expected|: z·se + the pre-asymptotic bound. */
  tolerance: number;
  /** 2·(max − min of the pairwise slopes): bounds the pre-asymptotic drift (fitRate). */
  curvatureBound: number;
  z: number;
  pass: boolean;
}

export interface Verdict {
  statement: StatementId;
  title: string;
  observables: string[];
  times: number[];
  comparisons: Comparison[];
  rates: RateFit[];
  /** True when status is 'pass'. */
  pass: boolean;
  /**
   * 'fail' when a comparison or rate fails; 'inconclusive' when none fails but some part
   * could not be resolved at this Monte Carlo effort (reasons in `inconclusive`); else 'pass'.
   */
  status: 'pass' | 'fail' | 'inconclusive';
  inconclusive: string[];
  seed: number;
  config: Config;
  /** A command that reproduces the verdict. */
  command: string;
  /** Wall time of the check in seconds. */
  seconds: number;
  notes: string[];
}
