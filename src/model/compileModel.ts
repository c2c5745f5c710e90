/**
 * compileModel: the teacher's label map, the student's output and the loss with its
 * derivatives in the preactivations r ∈ R^k, as one `Model` (types.ts).
 *
 * Method (conventions of types.ts and docs/conventions.md, "Data, teacher, student"):
 * - label     y = out(Σ_a a_a σ*(r*_a) + noise·ε), out = identity ('real') or sign ('sign',
 *             sign(0) = +1);
 * - output    f(r) = Σ_a b_a σ(r_a);  loss L(r; y) = L(f(r), y);
 * - gradient  ℓ = L_f(f, y) · b⊙σ'(r);
 * - Hessian   H = L_ff(f, y) (b⊙σ')(b⊙σ')ᵀ + L_f(f, y) diag(b⊙σ''(r));
 * - ∂ℓ/∂y    = L_fy(f, y) · b⊙σ'(r);  ∂g/∂r*_a = a_a σ*'(r*_a) for real labels.
 *
 * curvatureBound = sup_r λ_max(H). Because L_ff ≥ 0 for both losses,
 *   λ_max(H) ≤ sup L_ff · Σ_a b_a² sup σ'² + sup |L_f| · max_a |b_a| · sup |σ''|,
 * with sup L_ff = 1 (square) or y_max²/4 (logistic) and sup |L_f| = f_max + y_max (square) or
 * y_max (logistic); y_max = 1 for sign labels, Σ|a_a| sup|σ*| for noiseless real labels with a
 * bounded teacher link, and Infinity otherwise. The bound is attained, hence exact, when σ'' = 0
 * (linear, relu, abs students): ‖b‖² for square loss and ‖b‖² y_max²/4 for logistic loss (‖b‖²/4
 * with sign labels). For tanh and erf students it is an upper bound, Infinity when a factor is.
 *
 * A student link 'sign' is rejected: its gradient vanishes everywhere, so no method moves it.
 */
import { getLink, type Link } from './links.ts';
import { getLoss, type Loss } from './losses.ts';
import type { Config, LinkName, LossName, Model } from './types.ts';

/** The resolved pieces of a model configuration, validated. */
export interface ModelSpec {
  k: number;
  kStar: number;
  teacherLink: Link;
  studentLink: Link;
  loss: Loss;
  /** Teacher readout a (length k*). */
  teacherReadout: Float64Array;
  /** Student readout b (length k). */
  studentReadout: Float64Array;
  noise: number;
  labels: 'real' | 'sign';
}

/** A compiled model, with the resolved specification kept for callers that need it. */
export interface CompiledModel extends Model {
  readonly spec: ModelSpec;
}

function requireObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${field} must be an object, received ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}

function requireCount(value: unknown, field: string): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${field} must be a number, received ${describe(value)}`);
  }
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${field} must be a positive integer, received ${value}`);
  }
  return value;
}

function requireReadout(value: unknown, length: number, field: string): Float64Array {
  if (!Array.isArray(value) && !ArrayBuffer.isView(value)) {
    throw new TypeError(
      `${field} must be an array of ${length} numbers, received ${describe(value)}`,
    );
  }
  const entries = Array.from(value as ArrayLike<unknown>);
  if (entries.length !== length) {
    throw new RangeError(`${field} must have length ${length}, received length ${entries.length}`);
  }
  const out = new Float64Array(length);
  entries.forEach((entry, index) => {
    if (typeof entry !== 'number' || !Number.isFinite(entry)) {
      throw new RangeError(
        `${field}[${index}] must be a finite number, received ${describe(entry)}`,
      );
    }
    out[index] = entry;
  });
  return out;
}

/**
 * Validates and resolves the model part of a configuration (teacher, student, loss). Throws
 * TypeError / RangeError naming the offending field.
 */
export function resolveModelSpec(config: Config): ModelSpec {
  const root = requireObject(config, 'config');
  const teacher = requireObject(root.teacher, 'teacher');
  const student = requireObject(root.student, 'student');

  const kStar = requireCount(teacher.k, 'teacher.k');
  const k = requireCount(student.k, 'student.k');
  const teacherLink = getLink(teacher.link, 'teacher.link');
  const studentLink = getLink(student.link, 'student.link');
  if (studentLink.name === 'sign') {
    throw new RangeError(
      'student.link must not be "sign": its derivative is zero everywhere, so gradient methods ' +
        'never move the student; received "sign"',
    );
  }
  const loss = getLoss(root.loss, 'loss');
  const teacherReadout = requireReadout(teacher.readout, kStar, 'teacher.readout');
  const studentReadout = requireReadout(student.readout, k, 'student.readout');

  const noise = teacher.noise;
  if (typeof noise !== 'number') {
    throw new TypeError(`teacher.noise must be a number, received ${describe(noise)}`);
  }
  if (!Number.isFinite(noise) || noise < 0) {
    throw new RangeError(`teacher.noise must be a finite number ≥ 0, received ${noise}`);
  }
  const labels = teacher.labels;
  if (labels !== 'real' && labels !== 'sign') {
    const error = typeof labels === 'string' ? RangeError : TypeError;
    throw new error(`teacher.labels must be "real" or "sign", received ${describe(labels)}`);
  }

  return {
    k,
    kStar,
    teacherLink,
    studentLink,
    loss,
    teacherReadout,
    studentReadout,
    noise,
    labels,
  };
}

/** The largest |y| the label map can produce (Infinity when unbounded). */
function labelBound(spec: ModelSpec): number {
  if (spec.labels === 'sign') return 1;
  if (spec.noise > 0) return Infinity;
  let total = 0;
  for (const a of spec.teacherReadout) total += Math.abs(a);
  if (total === 0) return 0;
  return total * spec.teacherLink.supValue;
}

/** The curvature bound of the doc block. */
function curvatureBoundOf(spec: ModelSpec): number {
  const b = spec.studentReadout;
  const sigma = spec.studentLink;
  const yMax = labelBound(spec);

  let bSquared = 0;
  let bAbsSum = 0;
  let bAbsMax = 0;
  for (const value of b) {
    bSquared += value * value;
    bAbsSum += Math.abs(value);
    bAbsMax = Math.max(bAbsMax, Math.abs(value));
  }
  if (bSquared === 0) return 0;

  const fMax = bAbsSum * sigma.supValue;
  const supSecond = spec.loss.name === 'square' ? 1 : (yMax * yMax) / 4;
  const supFirst = spec.loss.name === 'square' ? fMax + yMax : yMax;

  const outerTerm = sigma.supD1 === 0 ? 0 : supSecond * bSquared * sigma.supD1 * sigma.supD1;
  const diagonalTerm = sigma.supD2 === 0 ? 0 : supFirst * bAbsMax * sigma.supD2;
  return outerTerm + diagonalTerm;
}

/** Compiles the teacher, student and loss of `config` into a Model. */
export function compileModel(config: Config): CompiledModel {
  const spec = resolveModelSpec(config);
  const { k, kStar, teacherLink, studentLink, loss, noise } = spec;
  const a = spec.teacherReadout;
  const b = spec.studentReadout;
  const signLabels = spec.labels === 'sign';

  // Scratch for b⊙σ'(r); the model is used from one thread, and no method re-enters another.
  const weighted = new Float64Array(k);

  const teacherSum = (rStar: ArrayLike<number>): number => {
    let s = 0;
    for (let i = 0; i < kStar; i++) s += a[i] * teacherLink.value(rStar[i]);
    return s;
  };

  const output = (r: ArrayLike<number>): number => {
    let f = 0;
    for (let i = 0; i < k; i++) f += b[i] * studentLink.value(r[i]);
    return f;
  };

  const fillWeighted = (r: ArrayLike<number>): void => {
    for (let i = 0; i < k; i++) weighted[i] = b[i] * studentLink.d1(r[i]);
  };

  const labelDifferentiable =
    !signLabels && teacherLink.name !== 'sign' && teacherLink.name !== 'abs';

  const model: CompiledModel = {
    k,
    kStar,
    spec,
    labelDifferentiable,
    curvatureBound: curvatureBoundOf(spec),
    affine: loss.name === 'square' && studentLink.name === 'linear',

    label(rStar, eps) {
      const s = teacherSum(rStar) + noise * eps;
      if (!signLabels) return s;
      return s >= 0 ? 1 : s < 0 ? -1 : NaN;
    },

    labelGrad(rStar, eps, out) {
      if (!labelDifferentiable) {
        throw new TypeError(
          `labelGrad is undefined for teacher.labels "${spec.labels}" with teacher.link ` +
            `"${teacherLink.name}": use the Stein form instead (labelDifferentiable is false)`,
        );
      }
      // ε enters additively, so ∂g/∂r* does not depend on it.
      void eps;
      for (let i = 0; i < kStar; i++) out[i] = a[i] * teacherLink.d1(rStar[i]);
    },

    output,

    loss(r, y) {
      return loss.value(output(r), y);
    },

    grad(r, y, out) {
      const slope = loss.d1(output(r), y);
      for (let i = 0; i < k; i++) out[i] = slope * b[i] * studentLink.d1(r[i]);
    },

    hessian(r, y, out) {
      const f = output(r);
      const slope = loss.d1(f, y);
      const curvature = loss.d2(f, y);
      fillWeighted(r);

      // One product per pair, mirrored, so that H is exactly symmetric.
      for (let i = 0; i < k; i++) {
        for (let j = i; j < k; j++) {
          const value = curvature * weighted[i] * weighted[j];
          out[i * k + j] = value;
          out[j * k + i] = value;
        }
      }

      for (let i = 0; i < k; i++) out[i * k + i] += slope * b[i] * studentLink.d2(r[i]);
    },

    gradLabelDerivative(r, y, out) {
      const mixed = loss.dfy(output(r), y);
      for (let i = 0; i < k; i++) out[i] = mixed * b[i] * studentLink.d1(r[i]);
    },

    grad1: makeGrad1(spec),
  };
  return model;
}

/** The scalar gradient for k = 1, specialised for the common affine and logistic cases. */
function makeGrad1(spec: ModelSpec): (r: number, y: number) => number {
  if (spec.k !== 1) {
    return () => {
      throw new RangeError(`grad1 needs student.k = 1, received student.k = ${spec.k}`);
    };
  }
  const b = spec.studentReadout[0];
  const sigma = spec.studentLink;
  const loss = spec.loss;
  const lossName: LossName = loss.name;
  const linkName: LinkName = sigma.name;

  if (lossName === 'square' && linkName === 'linear') return (r, y) => b * (b * r - y);
  return (r, y) => loss.d1(b * sigma.value(r), y) * b * sigma.d1(r);
}
