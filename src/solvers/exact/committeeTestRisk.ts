/**
 * Closed-form test risk of a square-loss committee whose student and teacher links have
 * two-point Gaussian forms (./gaussianPairMoments.ts): linear, erf(u/√2), relu.
 *
 * Method: with f = Σ_a b_a σ(ρ_a), y = Σ_c a_c σ*(ρ*_c) + σ_noise ε and (ρ, ρ*) ~
 * N(0, [[Q, M], [Mᵀ, P]]), the risk E ½(f − y)² expands into pair moments:
 *   ½ [ Σ_{a,a'} b_a b_a' E σ(ρ_a)σ(ρ_a') − 2 Σ_{a,c} b_a a_c E σ(ρ_a)σ*(ρ*_c)
 *       + Σ_{c,c'} a_c a_c' E σ*(ρ*_c)σ*(ρ*_c') + σ_noise² ].
 * Real labels only (sign labels have no two-point form). This is Saad–Solla's generalisation
 * error, in the conventions of arXiv 2601.21093's multi-index setting (src/model/types.ts).
 */
import type { Config } from '../../model/types.ts';
import type { Matrix } from '../trajectory.ts';
import { isPairLink, pairMoment } from './gaussianPairMoments.ts';

/** ½ E (f − y)² at overlaps Q (k×k), M (k×k*), P (k*×k*). */
export function committeeTestRisk(config: Config, Q: Matrix, M: Matrix, P: Matrix): number {
  const { teacher, student } = config;
  if (config.loss !== 'square') {
    throw new RangeError(
      `config.loss must be "square" for the closed form, received "${config.loss}"`,
    );
  }
  if (teacher.labels !== 'real') {
    throw new RangeError(
      `config.teacher.labels must be "real" for the closed form, received "${teacher.labels}"`,
    );
  }
  if (!isPairLink(student.link)) {
    throw new RangeError(
      `config.student.link must be linear, erf or relu for the closed form, received ` +
        `"${student.link}"`,
    );
  }
  if (!isPairLink(teacher.link)) {
    throw new RangeError(
      `config.teacher.link must be linear, erf or relu for the closed form, received ` +
        `"${teacher.link}"`,
    );
  }
  const k = student.k;
  const kStar = teacher.k;
  checkShape(Q, k, k, 'Q');
  checkShape(M, k, kStar, 'M');
  checkShape(P, kStar, kStar, 'P');
  const b = student.readout;
  const a = teacher.readout;

  let studentPart = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const moment = pairMoment(student.link, student.link, Q[i][i], Q[j][j], Q[i][j]);
      studentPart += b[i] * b[j] * moment;
    }
  }
  let crossPart = 0;
  for (let i = 0; i < k; i++) {
    for (let c = 0; c < kStar; c++) {
      const moment = pairMoment(student.link, teacher.link, Q[i][i], P[c][c], M[i][c]);
      crossPart += b[i] * a[c] * moment;
    }
  }
  let teacherPart = 0;
  for (let c = 0; c < kStar; c++) {
    for (let e = 0; e < kStar; e++) {
      const moment = pairMoment(teacher.link, teacher.link, P[c][c], P[e][e], P[c][e]);
      teacherPart += a[c] * a[e] * moment;
    }
  }
  const noise = teacher.noise;
  return 0.5 * (studentPart - 2 * crossPart + teacherPart + noise * noise);
}

function checkShape(matrix: Matrix, rows: number, cols: number, name: string): void {
  const ok =
    Array.isArray(matrix) &&
    matrix.length === rows &&
    matrix.every((row) => Array.isArray(row) && row.length === cols && row.every(Number.isFinite));
  if (!ok) {
    throw new RangeError(
      `${name} must be a ${rows}×${cols} matrix of finite numbers, received ` +
        `${JSON.stringify(matrix)}`,
    );
  }
}
