/**
 * The one result type of every solver, finite or limiting.
 *
 * Observables at each requested time t (docs/conventions.md):
 * - Q = ΘᵀΘ/d (k×k), M = ΘᵀΘ* / d (k×k*), as nested arrays;
 * - trainRisk = (1/n) Σ_i L(Θᵀx_i; y_i), ridge excluded;
 * - testRisk = E L(ρ; g(ρ*, ε)) with (ρ, ρ*) ~ N(0, [[Q, M], [Mᵀ, P]]), label noise included.
 */

export type Matrix = number[][];

export type Status = 'ok' | 'diverged';

export interface Trajectory {
  solver: string;
  times: number[];
  Q: Matrix[];
  /** Null when the teacher is unknown (user data without a teacher file). */
  M: Matrix[] | null;
  /** Null for solvers without a training set (online SGD and its ODE). */
  trainRisk: number[] | null;
  /** Null when the teacher is unknown (user data without a teacher file). */
  testRisk: number[] | null;
  status: Status;
  /** Why the run stopped early, with the time and the likely cause; set when diverged. */
  message?: string;
  /** The time at which divergence was detected. */
  divergedAt?: number;
  /** Standard errors of the same observables, present when the result is a mean. */
  stdErr?: {
    Q: Matrix[];
    M: Matrix[] | null;
    trainRisk: number[] | null;
    testRisk: number[] | null;
  };
  /** Solver facts a reader needs: step sizes, step counts, tolerances, replicate count. */
  info: Record<string, number | string | boolean>;
}

/** Raised when a run cannot start because of its input; the CLI maps it to exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
}
