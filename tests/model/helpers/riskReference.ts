/**
 * An independent reference for the test risk when k = k* = 1, written without src/model's
 * quadrature or closed forms: a polar-coordinate double integral by tanh-sinh.
 *
 * With ρ = √Q U and ρ* = √P (c U + s W), c = M/√(QP), s = √(QP − M²)/√(QP) (from the exact
 * determinant), and (U, W) = r(cos θ, sin θ), R = (1/2π) ∫dθ ∫ r e^{−r²/2} g dr, where g is
 * the loss averaged over ε:
 * - real labels, square loss: ½(f − φ)² + ½ noise²;
 * - sign labels: p L(f; +1) + (1 − p) L(f; −1), p = Φ(φ/noise), or 1{φ ≥ 0} without noise.
 * Kinks and jumps of relu, abs and sign links and of a noiseless sign label sit on ρ = 0 or
 * ρ* = 0, i.e. on four rays, where θ is split. Φ comes from src/model/erf.ts, which
 * tests/model/erf.test.ts checks against a BigInt series.
 */
import { normalCdf } from '../../../src/model/erf.ts';
import { LINKS } from '../../../src/model/links.ts';
import type { LinkName, LossName } from '../../../src/model/types.ts';
import { normalExpectation, tanhSinhPieces, type Quadrature } from './tanhSinh.ts';

export interface ScalarProblem {
  loss: LossName;
  studentLink: LinkName;
  b: number;
  teacherLink: LinkName;
  a: number;
  noise: number;
  labels: 'real' | 'sign';
  Q: number;
  M: number;
  P: number;
}

/** QP − M² from exact BigInt products (inputs must be multiples of 2^−80). */
function exactDeterminant(Q: number, P: number, M: number): number {
  const scale = 2 ** 80;
  for (const v of [Q, P, M]) {
    if (!Number.isInteger(v * scale)) throw new RangeError(`${v} is not a multiple of 2^-80`);
  }
  const [q, p, m] = [Q, P, M].map((v) => BigInt(v * scale));
  const det = q * p - m * m;
  return det > 0n ? Number(det) / scale / scale : 0;
}

function logistic(f: number, y: number): number {
  const t = -y * f;
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** The averaged loss g(ρ, ρ*) of the header. */
function averagedLoss(problem: ScalarProblem): (rho: number, rhoStar: number) => number {
  const sigma = LINKS[problem.studentLink].value;
  const sigmaStar = LINKS[problem.teacherLink].value;
  const { b, a, noise, labels, loss } = problem;
  const L = loss === 'square' ? (f: number, y: number) => 0.5 * (f - y) ** 2 : logistic;
  return (rho, rhoStar) => {
    const f = b * sigma(rho);
    const phi = a * sigmaStar(rhoStar);
    if (labels === 'real') {
      if (loss !== 'square')
        throw new RangeError('the reference covers real labels for square loss only');
      return 0.5 * (f - phi) ** 2 + 0.5 * noise * noise;
    }
    const p = noise > 0 ? normalCdf(phi / noise) : phi >= 0 ? 1 : 0;
    return p * L(f, 1) + (1 - p) * L(f, -1);
  };
}

/**
 * The reference at tanh-sinh step `step` (halved internally for the error bound); steep
 * noisy labels (noise ≪ |a|√P) need a finer step, see riskReferenceRefined.
 */
export function riskReference(problem: ScalarProblem, step = 1 / 8): Quadrature {
  const { Q, M, P } = problem;
  const g = averagedLoss(problem);
  const sq = Math.sqrt(Q);
  const sp = Math.sqrt(P);
  const both = sq * sp;
  const c = both > 0 ? M / both : 0;
  const s = both > 0 ? Math.sqrt(exactDeterminant(Q, P, M)) / both : 1;
  const TWO_PI = 2 * Math.PI;
  const mod = (x: number) => ((x % TWO_PI) + TWO_PI) % TWO_PI;
  const rayOfZeroTeacher = Math.atan2(-c, s);
  const cuts = [
    0,
    TWO_PI,
    Math.PI / 2,
    1.5 * Math.PI,
    mod(rayOfZeroTeacher),
    mod(rayOfZeroTeacher + Math.PI),
  ];

  let radialError = 0;
  const angular = (theta: number): number => {
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    const radial = tanhSinhPieces(
      (r) => r * Math.exp(-0.5 * r * r) * g(sq * r * cos, sp * r * (c * cos + s * sin)),
      [0, 0.5, 1, 2.5, 5, 12],
      step,
    );
    radialError = Math.max(radialError, radial.error);
    return radial.value / TWO_PI;
  };
  const result = tanhSinhPieces(angular, cuts, step);
  return { value: result.value, error: result.error + radialError, absValue: result.absValue };
}

/** riskReference, halving the step (up to twice) until its error bound is below `target`. */
export function riskReferenceRefined(problem: ScalarProblem, target = 1e-11): Quadrature {
  let result = riskReference(problem, 1 / 8);
  for (let step = 1 / 16; result.error > target && step >= 1 / 32; step /= 2) {
    result = riskReference(problem, step);
  }
  return result;
}

/**
 * The default problem (linear student and teacher, sign labels) by a one-dimensional
 * integral: given ρ, v = aρ* + noise·ε is N((aM/Q)ρ, a²(P − M²/Q) + noise²), so
 * P(y = +1 | ρ) = Φ((aM/Q)ρ/s) (a step at ρ = 0 when s = 0) and
 * R = E[p softplus(−bρ) + (1 − p) softplus(bρ)], split at ρ = 0.
 */
export function defaultProblemReference(problem: ScalarProblem, step = 1 / 16): Quadrature {
  const { Q, M, P, a, b, noise } = problem;
  if (
    problem.studentLink !== 'linear' ||
    problem.teacherLink !== 'linear' ||
    problem.labels !== 'sign'
  ) {
    throw new RangeError('defaultProblemReference covers linear links with sign labels only');
  }
  const sq = Math.sqrt(Q);
  const slope = Q > 0 ? (a * M) / Q : 0;
  const residual = a * a * (Q > 0 ? exactDeterminant(Q, P, M) / Q : P) + noise * noise;
  const s = Math.sqrt(residual);
  const L = problem.loss === 'square' ? (f: number, y: number) => 0.5 * (f - y) ** 2 : logistic;
  const h = (x: number): number => {
    const rho = sq * x;
    const mean = slope * rho;
    const p = s > 0 ? normalCdf(mean / s) : mean >= 0 ? 1 : 0;
    return p * L(b * rho, 1) + (1 - p) * L(b * rho, -1);
  };
  return normalExpectation(h, [0], step);
}
