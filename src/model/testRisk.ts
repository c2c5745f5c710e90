/**
 * testRisk: R = E L(f(ρ); g(ρ*, ε)) with (ρ, ρ*) ~ N(0, [[Q, M], [Mᵀ, P]]) and ε ~ N(0, 1)
 * independent, label noise included (docs/conventions.md, "Observables": the test risk is
 * exact at finite d because x is Gaussian; arXiv 2601.21093). Q is k×k, M is k×k*, P is k*×k*.
 *
 * Method, by case (f = Σ_a b_a σ(ρ_a), φ = Σ_j a_j σ*(ρ*_j), s = noise):
 * 1. Square loss, real labels: R = ½[E f² − 2 E fφ + E φ² + s²], every term a sum of pair
 *    expectations (pairExpectations.ts) — closed forms except for tanh.
 * 2. Sign labels (y ∈ {±1}): both losses are A(f) + y B(f) with B linear in f —
 *    square: ½f² + ½ − y f;  logistic: softplus(−f) + f/2 − y f/2 — so
 *    R = E A(f) + c E[f y], E[f y] = Σ_a b_a E[σ(ρ_a) y], and ε is integrated out exactly:
 *    E[y | ρ*] = erf(φ/(√2 s)) = 2Φ(φ/s) − 1, or sign(φ) when s = 0.
 *    - E[σ(ρ_a) y] is the closed pair σ·sign when the teacher link is linear (then
 *      y = sign(v) with v = aᵀρ* + sε Gaussian, Var v = aᵀPa + s², Cov(ρ_a, v) = (M a)_a), and
 *      also when k* = 1, s = 0 and σ* is odd and increasing (erf, tanh, sign), since then
 *      sign(a σ*(ρ*)) = sign(a) sign(ρ*) almost surely. Otherwise it is an integral over
 *      (ρ_a, ρ*).
 *    - E A(f): square ½E f² + ½ in closed form; logistic E softplus(−f) + ½E f, where
 *      E softplus(−f) is one-dimensional for a linear student (f ~ N(0, bᵀQb)) or k = 1, and
 *      an integral over ρ otherwise.
 * 3. Logistic loss, real labels: an integral of softplus(−y f) over the smallest Gaussian
 *    vector that carries it: f alone for a linear student, v alone for a linear teacher,
 *    otherwise ρ, ρ* and ε.
 * Dimension is reduced wherever the law allows: a linear teacher or student collapses to one
 * Gaussian variable, and for a non-tanh student E[σ(ρ_a) | ρ*] is a closed one-point mean
 * (linkMean), leaving k* variables. The remaining integrals go to expectGaussianPiecewise
 * (expectGaussian.ts): rank ≤ 2 adaptive Gauss–Legendre, ranks 3–4 nested panels, both with
 * every relu/abs/sign kink as a breakpoint and, for sign labels of a nonlinear multi-index
 * teacher, the zeros of φ along each line found by a root search (labelJumps); rank ≥ 5
 * the tensor Gauss–Hermite rule.
 *
 * Accuracy (absolute; tests/model/testRisk.test.ts and expectGaussian.test.ts):
 * - k = k* = 1, every link, loss and label (which includes the default problem — logistic
 *   loss, linear student and teacher, sign labels, at noise 0.3 and 0): ≤ 1e-12, measured
 *   ≤ 1e-15 against an independent tanh-sinh reference;
 * - closed and one-dimensional routes at any k, k* (square loss with real labels; sign labels
 *   with a linear teacher and a linear student): ≤ 1e-12;
 * - rank-2 routes (two-dimensional adaptive): ≤ 1e-10, including located non-aligned jumps;
 * - rank-3 panels: ≤ 1e-11 for unit-scale covariances; for tanh and erf, whose complex
 *   singularities or growth approach the real axis as the variance grows, measured 5e-9
 *   (tanh) and 6e-12 (erf) at variances ≈ 2, and 3e-7 (tanh) and 4e-9 (erf) at ≈ 4;
 * - rank-4 panels (logistic loss with real labels, k + k* + 1 = 4; tanh students with k* = 3):
 *   bounded by 5e-9 for entire integrands at unit scale (4e-12 measured), 9e-8 measured for a
 *   tanh student with a noiseless k* = 3 teacher; about 6·10⁶ integrand calls;
 * - rank ≥ 5 (logistic loss with real labels and k + k* ≥ 4 nonlinear): the tensor rule with
 *   kinks, measured 5e-4 against Monte Carlo; treat as indicative only.
 * A noiseless sign label of a nonlinear teacher with k* ≥ 2 jumps where φ(ρ*) = 0; two zeros
 * closer than 0.5 (in standard units) along one line would be missed by the root search.
 * Cost: the default problem ≈ 0.3 ms; rank 2 ≈ 0.1 s; rank 3 ≈ 0.1–1 s; rank 4 several s.
 */
import { resolveModelSpec, type ModelSpec } from './compileModel.ts';
import { erf } from './erf.ts';
import {
  expectGaussianPiecewise as expectPiecewise,
  EXPECT_GAUSSIAN_MAX_DIMENSION,
  expectNormalPiecewise,
  symmetricEigen,
  validateCovariance,
  PSD_TOLERANCE,
  RANK_TOLERANCE,
} from './expectGaussian.ts';
import { softplus } from './losses.ts';
import { linkMean, pairExpectationUnchecked } from './pairExpectations.ts';
import type { Config, Model } from './types.ts';
import { isMutant } from '../mutants/activeMutant.ts';

type Matrix = number[][];

/** Checks that `value` is a rows × cols array of finite numbers. */
function requireMatrix(value: unknown, rows: number, cols: number, field: string): Matrix {
  if (!Array.isArray(value)) {
    throw new TypeError(
      `${field} must be a ${rows}×${cols} array of rows, received ${typeof value}`,
    );
  }
  if (value.length !== rows) {
    throw new RangeError(`${field} must have ${rows} rows, received ${value.length}`);
  }
  value.forEach((row: unknown, i: number) => {
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
      throw new TypeError(`${field}[${i}] must be an array of ${cols} numbers`);
    }
    const entries = row as ArrayLike<unknown>;
    if (entries.length !== cols) {
      throw new RangeError(`${field}[${i}] must have length ${cols}, received ${entries.length}`);
    }
    for (let j = 0; j < cols; j++) {
      const x = entries[j];
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new RangeError(`${field}[${i}][${j}] must be a finite number, received ${x}`);
      }
    }
  });
  return value as Matrix;
}

/**
 * The joint covariance of (ρ, ρ*), checked to be PSD within PSD_TOLERANCE and, if it has
 * slightly negative eigenvalues, replaced by its projection onto the PSD cone (the stated
 * repair of rounding; larger violations throw).
 */
function jointCovariance(Q: Matrix, M: Matrix, P: Matrix): Matrix {
  const k = Q.length;
  const kStar = P.length;
  const joint: Matrix = [];
  for (let i = 0; i < k; i++) joint.push([...Q[i], ...M[i]]);
  for (let j = 0; j < kStar; j++) joint.push([...M.map((row) => row[j]), ...P[j]]);
  validateCovariance(joint, '[[Q, M], [Mᵀ, P]]', k + kStar);

  const { values, vectors } = symmetricEigen(joint);
  const top = Math.max(values[0], 0);
  const lowest = values[values.length - 1];
  if (lowest < -PSD_TOLERANCE * top || (top === 0 && lowest < 0)) {
    throw new RangeError(
      `[[Q, M], [Mᵀ, P]] must be positive semi-definite: its smallest eigenvalue is ${lowest}, ` +
        `below −${PSD_TOLERANCE} × the largest (${top})`,
    );
  }
  if (lowest >= 0) return joint;
  const n = joint.length;
  return joint.map((_, i) =>
    joint.map((__, j) => {
      let s = 0;
      for (let c = 0; c < n; c++) s += vectors[i][c] * Math.max(values[c], 0) * vectors[j][c];
      return s;
    }),
  );
}

/** Everything the cases need, resolved once. */
interface Problem {
  spec: ModelSpec;
  joint: Matrix;
}

/** Cov(ρ_a, ρ_c), Cov(ρ_a, ρ*_j), Cov(ρ*_i, ρ*_j) read from the (repaired) joint matrix. */
const q = (p: Problem, a: number, c: number): number => p.joint[a][c];
const m = (p: Problem, a: number, j: number): number => p.joint[a][p.spec.k + j];
const pStar = (p: Problem, i: number, j: number): number => p.joint[p.spec.k + i][p.spec.k + j];

/** E f² = Σ_{a,c} b_a b_c E[σ(ρ_a) σ(ρ_c)]. */
function outputSecondMoment(p: Problem): number {
  const { k, studentLink, studentReadout: b } = p.spec;
  let total = 0;
  for (let a = 0; a < k; a++) {
    for (let c = 0; c < k; c++) {
      const pair = pairExpectationUnchecked(
        studentLink.name,
        studentLink.name,
        q(p, a, a),
        q(p, a, c),
        q(p, c, c),
      );
      total += b[a] * b[c] * pair;
    }
  }
  return total;
}

/** E f = Σ_a b_a E σ(ρ_a). */
function outputMean(p: Problem): number {
  const { k, studentLink, studentReadout: b } = p.spec;
  let total = 0;
  for (let a = 0; a < k; a++) total += b[a] * linkMean(studentLink.name, 0, q(p, a, a));
  return total;
}

/** E fφ = Σ_{a,j} b_a a_j E[σ(ρ_a) σ*(ρ*_j)]. */
function outputTeacherMoment(p: Problem): number {
  const { k, kStar, studentLink, teacherLink, studentReadout: b, teacherReadout: t } = p.spec;
  let total = 0;
  for (let a = 0; a < k; a++) {
    for (let j = 0; j < kStar; j++) {
      const pair = pairExpectationUnchecked(
        studentLink.name,
        teacherLink.name,
        q(p, a, a),
        m(p, a, j),
        pStar(p, j, j),
      );
      total += b[a] * t[j] * pair;
    }
  }
  return total;
}

/** E φ² = Σ_{i,j} a_i a_j E[σ*(ρ*_i) σ*(ρ*_j)]. */
function teacherSecondMoment(p: Problem): number {
  const { kStar, teacherLink, teacherReadout: t } = p.spec;
  let total = 0;
  for (let i = 0; i < kStar; i++) {
    for (let j = 0; j < kStar; j++) {
      const pair = pairExpectationUnchecked(
        teacherLink.name,
        teacherLink.name,
        pStar(p, i, i),
        pStar(p, i, j),
        pStar(p, j, j),
      );
      total += t[i] * t[j] * pair;
    }
  }
  return total;
}

/** φ(ρ*) = Σ_j a_j σ*(ρ*_j), reading ρ* from z at `offset`. */
function teacherSum(spec: ModelSpec, z: Float64Array, offset: number): number {
  let s = 0;
  for (let j = 0; j < spec.kStar; j++) {
    s += spec.teacherReadout[j] * spec.teacherLink.value(z[offset + j]);
  }
  return s;
}

/** E[y | ρ*] for sign labels, with ε integrated out. */
function meanSignLabel(spec: ModelSpec, phi: number): number {
  if (spec.noise > 0) return erf(phi / (Math.SQRT2 * spec.noise));
  return phi >= 0 ? 1 : -1;
}

/** Sample spacing and bisection steps of the root search along a line (labelJumps). */
const ROOT_SAMPLES = 41;
const ROOT_RANGE = 10;
const BISECTIONS = 60;

/**
 * The points where φ(ρ*) changes sign along the line ρ* = origin + t·direction (teacher
 * coordinates start at `offset`): a noiseless sign label jumps there, and a noisy one turns
 * fastest. Sign changes are located on a grid of step 0.5 over |t| ≤ 10 and bisected to the
 * last bit; two zeros closer than the grid step can be missed (a tangency of the zero set).
 */
function labelJumps(spec: ModelSpec, offset: number) {
  const { kStar, teacherReadout: t, teacherLink } = spec;
  return (origin: Float64Array, direction: Float64Array): number[] => {
    let moving = false;
    for (let j = 0; j < kStar; j++) if (direction[offset + j] !== 0) moving = true;
    if (!moving) return [];
    const phi = (s: number): number => {
      let total = 0;
      for (let j = 0; j < kStar; j++) {
        total += t[j] * teacherLink.value(origin[offset + j] + s * direction[offset + j]);
      }
      return total;
    };

    const roots: number[] = [];
    const step = (2 * ROOT_RANGE) / (ROOT_SAMPLES - 1);
    let previous = -ROOT_RANGE;
    let previousSign = phi(previous) >= 0;
    for (let i = 1; i < ROOT_SAMPLES; i++) {
      const current = -ROOT_RANGE + i * step;
      const currentSign = phi(current) >= 0;
      if (currentSign !== previousSign) {
        let low = previous;
        let high = current;
        for (let k = 0; k < BISECTIONS; k++) {
          const middle = 0.5 * (low + high);
          if (middle === low || middle === high) break;
          if (phi(middle) >= 0 === previousSign) low = middle;
          else high = middle;
        }
        roots.push(0.5 * (low + high));
      }
      previous = current;
      previousSign = currentSign;
    }
    return roots;
  };
}

/** E[σ(ρ_a) y] for sign labels. */
function studentLabelMoment(p: Problem, a: number): number {
  const { spec } = p;
  const { kStar, teacherLink, teacherReadout: t, noise, studentLink } = spec;

  if (teacherLink.name === 'linear') {
    let variance = noise * noise;
    let covariance = 0;
    for (let i = 0; i < kStar; i++) {
      covariance += m(p, a, i) * t[i];
      for (let j = 0; j < kStar; j++) variance += t[i] * t[j] * pStar(p, i, j);
    }
    return pairExpectationUnchecked(
      studentLink.name,
      'sign',
      q(p, a, a),
      covariance,
      Math.max(variance, 0),
    );
  }

  // linear was handled above, so the odd links left (erf, tanh, sign) are all increasing.
  const oddIncreasing = teacherLink.odd;
  if (kStar === 1 && noise === 0 && oddIncreasing && t[0] !== 0 && pStar(p, 0, 0) > 0) {
    const pair = pairExpectationUnchecked(
      studentLink.name,
      'sign',
      q(p, a, a),
      m(p, a, 0),
      pStar(p, 0, 0),
    );
    return Math.sign(t[0]) * pair;
  }

  const teacherCov = Array.from({ length: kStar }, (_, i) =>
    Array.from({ length: kStar }, (__, j) => pStar(p, i, j)),
  );
  const teacherKinks = Array.from({ length: kStar }, () => true);

  if (studentLink.name !== 'tanh') {
    // ρ_a | ρ* ~ N(βᵀρ*, s²) with β = P⁺ M_aᵀ and s² = Q_aa − M_a β, so E[σ(ρ_a) | ρ*] is a
    // closed one-point mean and only the k* teacher coordinates remain to integrate.
    const { beta, residual } = conditionOnTeacher(p, a, teacherCov);
    return expectPiecewise(
      teacherCov,
      (x) => {
        let mean = 0;
        for (let j = 0; j < kStar; j++) mean += beta[j] * x[j];
        return (
          linkMean(studentLink.name, mean, residual) * meanSignLabel(spec, teacherSum(spec, x, 0))
        );
      },
      teacherKinks,
      { lineBreaks: labelJumps(spec, 0) },
    );
  }

  // tanh has no closed one-point mean: integrate over (ρ_a, ρ*) jointly instead.
  const indices = [a, ...Array.from({ length: kStar }, (_, j) => spec.k + j)];
  const cov = indices.map((i) => indices.map((j) => p.joint[i][j]));
  return expectPiecewise(
    cov,
    (z) => studentLink.value(z[0]) * meanSignLabel(spec, teacherSum(spec, z, 1)),
    [false, ...teacherKinks],
    { lineBreaks: labelJumps(spec, 1) },
  );
}

/** β = P⁺ M_aᵀ and s² = Q_aa − M_a β ≥ 0 for the law of ρ_a given ρ*. */
function conditionOnTeacher(
  p: Problem,
  a: number,
  teacherCov: Matrix,
): { beta: Float64Array; residual: number } {
  const kStar = teacherCov.length;
  const { values, vectors } = symmetricEigen(teacherCov);
  const top = Math.max(values[0], 0);
  const beta = new Float64Array(kStar);
  for (let c = 0; c < kStar; c++) {
    // Null directions of P carry no ρ*, and a PSD joint matrix gives M_a no weight on them.
    if (!(values[c] > RANK_TOLERANCE * top)) continue;
    let projection = 0;
    for (let j = 0; j < kStar; j++) projection += vectors[j][c] * m(p, a, j);
    const scale = projection / values[c];
    for (let j = 0; j < kStar; j++) beta[j] += vectors[j][c] * scale;
  }
  let explained = 0;
  for (let j = 0; j < kStar; j++) explained += m(p, a, j) * beta[j];
  return { beta, residual: Math.max(0, q(p, a, a) - explained) };
}

/** E softplus(−f). */
function softplusMean(p: Problem): number {
  const { k, studentLink, studentReadout: b } = p.spec;
  if (studentLink.name === 'linear') {
    let variance = 0;
    for (let a = 0; a < k; a++) for (let c = 0; c < k; c++) variance += b[a] * b[c] * q(p, a, c);
    const s = Math.sqrt(Math.max(variance, 0));
    return expectNormalPiecewise((x) => softplus(s * x));
  }
  const cov = Array.from({ length: k }, (_, a) => Array.from({ length: k }, (__, c) => q(p, a, c)));
  const kinks = Array.from({ length: k }, () => !studentLink.smooth);
  return expectPiecewise(
    cov,
    (z) => {
      let f = 0;
      for (let a = 0; a < k; a++) f += b[a] * studentLink.value(z[a]);
      return softplus(-f);
    },
    kinks,
  );
}

/** Case 3: logistic loss with real labels, over the smallest Gaussian vector that carries it. */
function logisticRealRisk(p: Problem): number {
  const { spec, joint } = p;
  const { k, kStar, studentLink, teacherLink, studentReadout: b, teacherReadout: t, noise } = spec;

  // Each variable of the integral is a linear combination of (ρ, ρ*, ε), one row each.
  const width = k + kStar + 1;
  const rows: number[][] = [];
  const kinks: boolean[] = [];
  const studentLinear = studentLink.name === 'linear';
  const teacherLinear = teacherLink.name === 'linear';

  if (studentLinear) {
    rows.push([...b, ...new Array(kStar + 1).fill(0)]);
    kinks.push(false);
  } else {
    for (let a = 0; a < k; a++) {
      const row = new Array(width).fill(0);
      row[a] = 1;
      rows.push(row);
      kinks.push(!studentLink.smooth);
    }
  }
  const teacherStart = rows.length;
  if (teacherLinear) {
    rows.push([...new Array(k).fill(0), ...t, noise]);
    kinks.push(false);
  } else {
    for (let j = 0; j < kStar; j++) {
      const row = new Array(width).fill(0);
      row[k + j] = 1;
      rows.push(row);
      kinks.push(!teacherLink.smooth);
    }
    if (noise > 0) {
      const row = new Array(width).fill(0);
      row[k + kStar] = 1;
      rows.push(row);
      kinks.push(false);
    }
  }

  if (rows.length > EXPECT_GAUSSIAN_MAX_DIMENSION) {
    throw new RangeError(
      `testRisk with logistic loss and real labels integrates over ${rows.length} Gaussian ` +
        `variables here (student.k = ${k}, teacher.k = ${kStar}, noise); at most ` +
        `${EXPECT_GAUSSIAN_MAX_DIMENSION} are supported`,
    );
  }

  // Cov of the rows: R C Rᵀ with C = blockdiag(joint, 1).
  const full = (i: number, j: number): number =>
    i < k + kStar && j < k + kStar ? joint[i][j] : i === j ? 1 : 0;
  const cov = rows.map((ri) =>
    rows.map((rj) => {
      let s = 0;
      for (let i = 0; i < width; i++) {
        if (ri[i] === 0) continue;
        for (let j = 0; j < width; j++) if (rj[j] !== 0) s += ri[i] * full(i, j) * rj[j];
      }
      return s;
    }),
  );

  return expectPiecewise(
    cov,
    (z) => {
      let f = 0;
      if (studentLinear) f = z[0];
      else for (let a = 0; a < k; a++) f += b[a] * studentLink.value(z[a]);
      let y: number;
      if (teacherLinear) y = z[teacherStart];
      else {
        y = teacherSum(spec, z, teacherStart);
        if (noise > 0) y += noise * z[teacherStart + kStar];
      }
      return softplus(-y * f);
    },
    kinks,
  );
}

/**
 * The test risk E L(f(ρ); g(ρ*, ε)) of the doc block. `model` must be compileModel(config);
 * Q (k×k), M (k×k*) and P (k*×k*) must form a PSD joint covariance (within 1e-8 relative).
 */
export function testRisk(model: Model, config: Config, Q: Matrix, M: Matrix, P: Matrix): number {
  const spec = resolveModelSpec(config);
  if (typeof model !== 'object' || model === null) {
    throw new TypeError(`model must be a compiled Model, received ${String(model)}`);
  }
  if (model.k !== spec.k || model.kStar !== spec.kStar) {
    throw new RangeError(
      `model (k = ${model.k}, k* = ${model.kStar}) does not match config ` +
        `(student.k = ${spec.k}, teacher.k = ${spec.kStar})`,
    );
  }
  requireMatrix(Q, spec.k, spec.k, 'Q');
  requireMatrix(M, spec.k, spec.kStar, 'M');
  requireMatrix(P, spec.kStar, spec.kStar, 'P');
  const p: Problem = { spec, joint: jointCovariance(Q, M, P) };

  if (spec.labels === 'real' && spec.loss.name === 'square') {
    // Mutant 'test-risk-no-noise' (src/mutants): the label noise left out.
    const noiseVariance = isMutant('test-risk-no-noise') ? 0 : spec.noise * spec.noise;
    return (
      0.5 *
      (outputSecondMoment(p) - 2 * outputTeacherMoment(p) + teacherSecondMoment(p) + noiseVariance)
    );
  }

  if (spec.labels === 'sign') {
    let correlation = 0;
    for (let a = 0; a < spec.k; a++) {
      if (spec.studentReadout[a] !== 0) {
        correlation += spec.studentReadout[a] * studentLabelMoment(p, a);
      }
    }
    if (spec.loss.name === 'square') return 0.5 * outputSecondMoment(p) + 0.5 - correlation;
    return softplusMean(p) + 0.5 * outputMean(p) - 0.5 * correlation;
  }

  return logisticRealRisk(p);
}
