/**
 * Types of the DMFT solver (docs/dmft.md; arXiv 2601.21093).
 *
 * Conventions. Time grid t_a = a·dt, a = 0..N. Every kernel is stored as a flat Float64Array of
 * (N+1)×(N+1) blocks; block (a, b) of a k×k kernel starts at ((a·(N+1)) + b)·k·k and is
 * row-major, so entry (i, j) of block (a, b) sits at ((a·(N+1) + b)·k + i)·k + j. One-time
 * kernels (ν, m) are N+1 blocks of k×k*. Units: time is the GF time of docs/conventions.md
 * (objective is a sum over samples), so one unit of t is 1/γ epochs of SGD.
 */
import type { Trajectory } from '../trajectory.ts';

/**
 * The noise measure μ of one cell (docs/dmft.md):
 * - 'gf': μ_a = dt (exact DMFT of GD with step dt);
 * - 'sgd': Poisson clock of rate 1/γ, each jump −γℓ, several jumps in a cell applied in turn;
 * - 'bernoulli-sgd': μ_a = γ·Bernoulli(dt/γ) (exact DMFT of Bernoulli-batch SGD, p = dt/γ);
 * - 'sme' (alias 'em-sme'): μ_a = dt + √(γ dt)·ξ_a, Itô, left point.
 */
export type DmftMeasure = 'gf' | 'sgd' | 'bernoulli-sgd' | 'sme' | 'em-sme';

export const DMFT_MEASURES: readonly DmftMeasure[] = [
  'gf',
  'sgd',
  'bernoulli-sgd',
  'sme',
  'em-sme',
];

export interface DmftOptions {
  measure: DmftMeasure;
  /** Grid step Δ > 0. */
  dt: number;
  /** Total number of Monte Carlo paths, split over `batches`. */
  paths: number;
  /** Master seed of the DMFT streams (non-negative safe integer). */
  seed: number;
  /** Independent path batches for the MC standard error; default 8, at least 2. */
  batches?: number;
  /** Return the kernels on the grid (batch means). */
  kernels?: boolean;
  /** Called with the fraction of work done, in [0, 1]. */
  onProgress?: (fraction: number) => void;
  /**
   * Exact moment closure instead of Monte Carlo for an affine ℓ with a linear label map;
   * left out, chosen automatically (docs/dmft-performance.md); false forces Monte Carlo.
   */
  deterministic?: boolean;
  /** Worker threads for the path batches (asynchronous entry point only). */
  threads?: number;
  /**
   * Relu or abs student: bandwidth h of the kernel estimator of the kink terms, as a fraction
   * of sd(w); default KINK_BANDWIDTH. Bias O(h²), variance ∝ 1/h (docs/dmft.md).
   */
  kinkBandwidth?: number;
}

/** Default number of independent path batches, from whose spread stdErr is estimated. */
export const DEFAULT_BATCHES = 8;

/** Default kink bandwidth h (docs/dmft.md, "Kinked student links"). */
export const KINK_BANDWIDTH = 0.02;

/** Kernels on the grid, averaged over batches (layout in the module doc above). */
export interface DmftKernels {
  /** Grid times t_a = a·dt, a = 0..N. */
  grid: number[];
  k: number;
  kStar: number;
  /** C_θ(t_a, t_b), k×k blocks, symmetric. */
  cTheta: Float64Array;
  /** R_θ(t_a, t_b) for b < a, and I on the diagonal; zero above it. */
  rTheta: Float64Array;
  /** C_Z(t_a, t_b) = E[Z(t_a) Z(t_b)ᵀ]. */
  cZ: Float64Array;
  /** R_Z(t_a, t_b) as a density in s: D[a, b]/dt for b < a, zero otherwise. */
  rZ: Float64Array;
  /** ν(t_a), k×k* blocks. */
  nu: Float64Array;
  /** m(t_a) = E[w(t_a) r*ᵀ], k×k* blocks. */
  m: Float64Array;
}

export interface DmftResult extends Trajectory {
  kernels?: DmftKernels;
}
