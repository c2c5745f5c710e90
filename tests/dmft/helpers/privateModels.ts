/**
 * Small private models for the DMFT tests, written from docs/conventions.md so the DMFT
 * tests do not depend on src/model/compileModel.ts (developed in parallel).
 *
 * - squareModel(readout a, readout b, σ): linear teacher y = aᵀr* + σε, linear student
 *   f = bᵀr, L = ½(f − y)², ℓ = b(f − y), H = bbᵀ, ∂ℓ/∂y = −b, ∂g/∂r* = a.
 * - logisticModel(σ): k = k* = 1, y = sign(r* + σε) ∈ {±1}, L = log(1 + e^{−y r}),
 *   ℓ = −y/(1 + e^{y r}), H = s(1 − s) with s = 1/(1 + e^{−r}); g is not differentiable.
 */
import type { Config, Model } from '../../../src/model/types.ts';
import type { Matrix } from '../../../src/solvers/trajectory.ts';

export function squareModel(
  teacherReadout: number[],
  studentReadout: number[],
  sigma: number,
): Model {
  const k = studentReadout.length;
  const kStar = teacherReadout.length;
  const output = (r: ArrayLike<number>): number => {
    let f = 0;
    for (let i = 0; i < k; i++) f += studentReadout[i] * r[i];
    return f;
  };
  return {
    k,
    kStar,
    label(rStar, eps) {
      let y = sigma * eps;
      for (let i = 0; i < kStar; i++) y += teacherReadout[i] * rStar[i];
      return y;
    },
    labelDifferentiable: true,
    labelGrad(_rStar, _eps, out) {
      for (let i = 0; i < kStar; i++) out[i] = teacherReadout[i];
    },
    output,
    loss: (r, y) => 0.5 * (output(r) - y) ** 2,
    grad(r, y, out) {
      const residual = output(r) - y;
      for (let i = 0; i < k; i++) out[i] = studentReadout[i] * residual;
    },
    hessian(_r, _y, out) {
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) out[i * k + j] = studentReadout[i] * studentReadout[j];
      }
    },
    gradLabelDerivative(_r, _y, out) {
      for (let i = 0; i < k; i++) out[i] = -studentReadout[i];
    },
    grad1: (r, y) => studentReadout[0] * (studentReadout[0] * r - y),
    curvatureBound: studentReadout.reduce((s, b) => s + b * b, 0),
    affine: true,
  };
}

/** Test risk of squareModel: ½(bᵀQb − 2bᵀMa + aᵀPa + σ²). */
export function squareTestRisk(teacherReadout: number[], studentReadout: number[], sigma: number) {
  return (_model: Model, _config: Config, Q: Matrix, M: Matrix, P: Matrix): number => {
    let value = sigma * sigma;
    for (let i = 0; i < studentReadout.length; i++) {
      for (let j = 0; j < studentReadout.length; j++) {
        value += studentReadout[i] * Q[i][j] * studentReadout[j];
      }
      for (let j = 0; j < teacherReadout.length; j++) {
        value -= 2 * studentReadout[i] * M[i][j] * teacherReadout[j];
      }
    }
    for (let i = 0; i < teacherReadout.length; i++) {
      for (let j = 0; j < teacherReadout.length; j++) {
        value += teacherReadout[i] * P[i][j] * teacherReadout[j];
      }
    }
    return 0.5 * value;
  };
}

export function logisticModel(sigma: number): Model {
  const sigmoid = (u: number): number => 1 / (1 + Math.exp(-u));
  return {
    k: 1,
    kStar: 1,
    label: (rStar, eps) => (rStar[0] + sigma * eps >= 0 ? 1 : -1),
    labelDifferentiable: false,
    labelGrad() {
      throw new Error('logisticModel: sign labels are not differentiable');
    },
    output: (r) => r[0],
    loss: (r, y) => {
      const u = -y * r[0];
      return u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
    },
    grad(r, y, out) {
      out[0] = -y * sigmoid(-y * r[0]);
    },
    hessian(r, _y, out) {
      const s = sigmoid(r[0]);
      out[0] = s * (1 - s);
    },
    gradLabelDerivative() {
      throw new Error('logisticModel: sign labels are not differentiable');
    },
    grad1: (r, y) => -y * sigmoid(-y * r),
    curvatureBound: 0.25,
    affine: false,
  };
}

/** A resolved Config for the DMFT tests (Gaussian data, no files). */
export function dmftConfig(fields: {
  delta: number;
  lambda?: number;
  gamma?: number;
  sigma?: number;
  times: number[];
  scale?: number;
  overlap?: number[][];
  k?: number;
  kStar?: number;
  loss?: 'square' | 'logistic';
}): Config {
  const k = fields.k ?? 1;
  const kStar = fields.kStar ?? 1;
  return {
    d: 1000,
    delta: fields.delta,
    n: Math.round(1000 * fields.delta),
    teacher: {
      k: kStar,
      link: 'linear',
      readout: Array(kStar).fill(1),
      noise: fields.sigma ?? 0,
      labels: fields.loss === 'logistic' ? 'sign' : 'real',
    },
    student: { k, link: 'linear', readout: Array(k).fill(1) },
    loss: fields.loss ?? 'square',
    lambda: fields.lambda ?? 0,
    init: {
      scale: fields.scale ?? 0,
      overlap: fields.overlap ?? Array.from({ length: k }, () => Array(kStar).fill(0)),
    },
    algorithm: {
      name: 'sgd',
      gamma: fields.gamma ?? 0.5,
      kappa: 1,
      batch: 'fixed',
      smeNoise: 'per-sample',
    },
    times: fields.times,
    seed: 1,
  };
}

/**
 * A non-affine multi-index model with differentiable labels, a bounded gradient and a
 * state-dependent full Hessian: linear teacher y = aᵀr* + σε and
 *   L = ½(bᵀr − y)² + c·log cosh(uᵀr),  ℓ = b(bᵀr − y) + c·tanh(uᵀr)·u,
 *   H = bbᵀ + c·sech²(uᵀr)·uuᵀ,  ∂ℓ/∂y = −b,  with u = (1, …, 1).
 * The bounded nonlinearity keeps per-path statistics light-tailed, so normal-theory
 * tolerances are calibrated.
 */
export function logCoshModel(
  teacherReadout: number[],
  studentReadout: number[],
  sigma: number,
  c: number,
): Model {
  const base = squareModel(teacherReadout, studentReadout, sigma);
  const k = studentReadout.length;
  const projection = (r: ArrayLike<number>): number => {
    let s = 0;
    for (let i = 0; i < k; i++) s += r[i];
    return s;
  };
  const logCosh = (x: number): number =>
    Math.abs(x) + Math.log1p(Math.exp(-2 * Math.abs(x))) - Math.LN2;
  return {
    ...base,
    loss: (r, y) => base.loss(r, y) + c * logCosh(projection(r)),
    grad(r, y, out) {
      base.grad(r, y, out);
      const slope = c * Math.tanh(projection(r));
      for (let i = 0; i < k; i++) out[i] += slope;
    },
    hessian(r, y, out) {
      base.hessian(r, y, out);
      const curvature = c / Math.cosh(projection(r)) ** 2;
      for (let i = 0; i < k * k; i++) out[i] += curvature;
    },
    grad1: (r, y) => base.grad1(r, y) + c * Math.tanh(r),
    curvatureBound: base.curvatureBound + c * k,
    affine: false,
  };
}
