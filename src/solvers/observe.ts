/**
 * Observables of a finite-(n, d) iterate (docs/conventions.md):
 * Q = ΘᵀΘ/d, M = ΘᵀΘ* / d, train risk (1/n) Σ_i L(Θᵀx_i; y_i) with the ridge excluded, and the
 * test risk E L(ρ; g(ρ*, ε)) computed from (Q, M, P) by src/model/testRisk.ts, which is exact
 * for Gaussian inputs at any finite d.
 */
import { gram } from '../model/buildProblem.ts';
import type { Problem } from '../model/buildProblem.ts';
import { testRisk } from '../model/testRisk.ts';
import type { XKernel } from './kernels/createXKernel.ts';
import { DIVERGENCE_BOUND } from './recorder.ts';
import type { Matrix } from './trajectory.ts';
import { isMutant } from '../mutants/activeMutant.ts';

export interface Observation {
  Q: Matrix;
  M: Matrix | null;
  trainRisk: number | null;
  testRisk: number | null;
}

/**
 * Observes the iterate `theta` (k×d, transposed layout). The train risk needs the data
 * kernel, whose `theta` view must hold the same iterate; without a kernel it is null (online
 * SGD has no training set).
 */
export function observe(
  problem: Problem,
  theta: Float64Array,
  kernel: XKernel | null,
): Observation {
  const { d, k, kStar, thetaStar, P, model, config } = problem;
  const Q = gram(theta, theta, k, k, d);
  const M = thetaStar ? gram(theta, thetaStar, k, kStar, d) : null;
  if (!isBounded(Q, DIVERGENCE_BOUND) || (M && !M.every((row) => row.every(Number.isFinite)))) {
    // Diverged: the risks are not computed (the recorder reports the divergence).
    return { Q, M, trainRisk: kernel ? Number.NaN : null, testRisk: M ? Number.NaN : null };
  }
  const test = M && P ? testRisk(model, config, Q, M, P) : null;
  const train = kernel ? trainRisk(problem, kernel) : null;
  // Mutant 'test-risk-on-train' (src/mutants): the test risk measured on the training set.
  return { Q, M, trainRisk: train, testRisk: isMutant('test-risk-on-train') ? train : test };
}

/** (1/n) Σ_i L(r_i; y_i) with r = XΘ computed by the kernel over all rows. */
export function trainRisk(problem: Problem, kernel: XKernel): number {
  const { n, k, y, model } = problem;
  kernel.dots(n, false, 'theta');
  const r = kernel.r;
  const ri = new Float64Array(k);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) ri[a] = r[i * k + a];
    sum += model.loss(ri, y[i]);
  }
  return sum / n;
}

/** True when every entry of Q is finite and tr Q stays below `bound`. */
export function isBounded(Q: Matrix, bound: number): boolean {
  let trace = 0;
  for (let a = 0; a < Q.length; a++) {
    for (const v of Q[a]) if (!Number.isFinite(v)) return false;
    trace += Q[a][a];
  }
  return trace < bound;
}
