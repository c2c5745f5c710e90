/**
 * affineSampleModel: reads off the linear structure of the sample side when the loss
 * gradient is affine in r and the teacher's label map is linear, or says why it is not
 * (docs/dmft-performance.md, docs/dmft.md).
 *
 * Method. An affine gradient means, exactly,
 *   ℓ(r; y) = H r + c0 + c1 y,   L(r; y) = L(0; y) + (c0 + c1 y)ᵀ r + ½ rᵀ H r,
 * with H = ∇²L constant (k×k, symmetric) and c0, c1 ∈ R^k, and a linear label map means
 *   y = g(r*, ε) = cY + aᵀ r* + σ ε.
 * With the source vector s = (1, r*, ε) ∈ R^q, q = k* + 2 (E s sᵀ = I since Σ* = I,
 * E r* = 0 and ε ~ N(0, 1) independent), the loss gradient at r = 0 is u = ℓ(0; y) = B s with
 *   B = [c0 + c1 cY | c1 aᵀ | c1 σ]   (k×q),
 * so the whole sample-side path is linear in (w, s) and every DMFT closure is a moment
 * computation (marchDeterministic).
 *
 * The coefficients come from the model at r = 0, y = 0 and unit vectors; the claim is then
 * verified at PROBES, a few fixed points of mixed sign and size, to RELATIVE_CHECK. A
 * nonlinear link (relu, abs, tanh, erf, sign) or sign labels fail the label probe; a
 * non-square loss or a nonlinear student link fails the gradient or Hessian probe. L(0; y)
 * must be a quadratic l0 + l1 y + l2 y² (it is ½y² for square loss), which gives
 * E L(0; y) = l0 + l1 E y + l2 E y² exactly.
 */
import type { Model } from '../../model/types.ts';

export interface AffineSampleModel {
  k: number;
  kStar: number;
  /** q = k* + 2: the source vector s = (1, r*, ε). */
  q: number;
  /** H = ∇²_r L, k×k row-major. */
  hessian: Float64Array;
  /** B, k×q row-major: ℓ(0; y) = B s. */
  source: Float64Array;
  /** c1 aᵀ = ∂ℓ/∂r* at fixed r, k×k* row-major. */
  labelJacobian: Float64Array;
  /** E L(0; y). */
  lossAtZeroMean: number;
}

/** Relative agreement the probes must reach: a few hundred ULPs of an O(1) evaluation. */
const RELATIVE_CHECK = 1e-12;

/** Probe coordinates, cycled over the components: mixed signs and sizes. */
const PROBES = [0.7, -1.3, 2.1, -0.4, 1.7, -2.6, 0.35];

function close(value: number, expected: number, scale: number): boolean {
  return Math.abs(value - expected) <= RELATIVE_CHECK * (1 + Math.abs(scale));
}

/** The affine structure, or a sentence saying which part of the model is not affine. */
export function affineSampleModel(model: Model): AffineSampleModel | string {
  const { k, kStar } = model;
  if (!model.affine) return 'model.affine is false (the loss gradient is not affine in r)';
  const q = kStar + 2;
  const kk = k * k;
  const zeroR = new Float64Array(k);
  const zeroStar = new Float64Array(kStar);

  // Coefficients at the origin.
  const hessian = new Float64Array(kk);
  const c0 = new Float64Array(k);
  const c1 = new Float64Array(k);
  model.hessian(zeroR, 0, hessian);
  model.grad(zeroR, 0, c0);
  model.gradLabelDerivative(zeroR, 0, c1);
  const labelMean = model.label(zeroStar, 0);
  const readout = new Float64Array(kStar);
  const unit = new Float64Array(kStar);
  for (let j = 0; j < kStar; j++) {
    unit.fill(0);
    unit[j] = 1;
    readout[j] = model.label(unit, 0) - labelMean;
  }
  const noise = model.label(zeroStar, 1) - labelMean;
  const lossZero = model.loss(zeroR, 0);
  const l1 = 0.5 * (model.loss(zeroR, 1) - model.loss(zeroR, -1));
  const l2 = 0.5 * (model.loss(zeroR, 1) + model.loss(zeroR, -1)) - lossZero;
  const all = [...hessian, ...c0, ...c1, labelMean, ...readout, noise, lossZero, l1, l2];
  if (!all.every(Number.isFinite)) return 'the model returned a non-finite value at r = 0';

  // Verify at the probes.
  const r = new Float64Array(k);
  const rStar = new Float64Array(kStar);
  const g = new Float64Array(k);
  const h = new Float64Array(kk);
  const c = new Float64Array(k);
  for (let p = 0; p < 3; p++) {
    for (let i = 0; i < k; i++) r[i] = PROBES[(p + 2 * i) % PROBES.length];
    for (let j = 0; j < kStar; j++) rStar[j] = PROBES[(p + 3 * j + 1) % PROBES.length];
    const eps = PROBES[(p + 5) % PROBES.length];
    let y = labelMean + noise * eps;
    for (let j = 0; j < kStar; j++) y += readout[j] * rStar[j];
    if (!close(model.label(rStar, eps), y, y)) {
      return (
        `the label map is not linear in (r*, ε) (probe ${p}: g = ` +
        `${model.label(rStar, eps)}, linear fit ${y})`
      );
    }
    model.grad(r, y, g);
    model.hessian(r, y, h);
    model.gradLabelDerivative(r, y, c);
    let quadratic = 0;
    for (let i = 0; i < k; i++) {
      let row = c0[i] + c1[i] * y;
      for (let j = 0; j < k; j++) row += hessian[i * k + j] * r[j];
      if (!close(g[i], row, row)) return `ℓ(r; y) is not affine (probe ${p}, component ${i})`;
      if (!close(c[i], c1[i], c1[i])) return `∂ℓ/∂y is not constant (probe ${p})`;
      quadratic += r[i] * (c0[i] + c1[i] * y);
      for (let j = 0; j < k; j++) {
        if (!close(h[i * k + j], hessian[i * k + j], hessian[i * k + j])) {
          return `the Hessian is not constant (probe ${p}, entry ${i},${j})`;
        }
        quadratic += 0.5 * r[i] * hessian[i * k + j] * r[j];
      }
    }
    const atZero = lossZero + l1 * y + l2 * y * y;
    if (!close(model.loss(zeroR, y), atZero, atZero)) {
      return `L(0; y) is not quadratic in y (probe ${p})`;
    }
    if (!close(model.loss(r, y), atZero + quadratic, atZero + quadratic)) {
      return `L(r; y) is not the quadratic integral of ℓ (probe ${p})`;
    }
  }

  // B = [c0 + c1 cY | c1 aᵀ | c1 σ] and E L(0; y) with E y = cY, E y² = cY² + |a|² + σ².
  const source = new Float64Array(k * q);
  const labelJacobian = new Float64Array(k * kStar);
  for (let i = 0; i < k; i++) {
    source[i * q] = c0[i] + c1[i] * labelMean;
    for (let j = 0; j < kStar; j++) {
      labelJacobian[i * kStar + j] = c1[i] * readout[j];
      source[i * q + 1 + j] = c1[i] * readout[j];
    }
    source[i * q + q - 1] = c1[i] * noise;
  }
  let secondMoment = labelMean * labelMean + noise * noise;
  for (let j = 0; j < kStar; j++) secondMoment += readout[j] * readout[j];
  const lossAtZeroMean = lossZero + l1 * labelMean + l2 * secondMoment;

  return { k, kStar, q, hessian, source, labelJacobian, lossAtZeroMean };
}
