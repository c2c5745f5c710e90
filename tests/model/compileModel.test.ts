/**
 * compileModel (src/model/compileModel.ts): gradient, Hessian and label derivatives of every
 * loss × student link against central differences, the label map, curvature bounds and
 * input validation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compileModel.ts';
import { symmetricEigen } from '../../src/model/expectGaussian.ts';
import type { LinkName } from '../../src/model/types.ts';
import { makeConfig, type ModelFields } from './helpers/config.ts';
import { centralDifference } from './helpers/finiteDifference.ts';
import { expectWithin, ULP } from './helpers/within.ts';

const STUDENT_LINKS: LinkName[] = ['linear', 'relu', 'tanh', 'erf', 'abs'];
const ALL_LINKS: LinkName[] = [...STUDENT_LINKS, 'sign'];

const base: ModelFields = {
  loss: 'square',
  studentLink: 'linear',
  studentReadout: [1],
  teacherLink: 'linear',
  teacherReadout: [1],
  noise: 0,
  labels: 'real',
};

/**
 * A double in [−max, max] that is 0 or at least 1e-3 in size: subnormal readouts or labels
 * would make "ulps of the largest value" meaningless in the rounding allowances.
 */
const moderate = (max: number) =>
  fc.double({ min: -max, max, noNaN: true }).map((x) => (Math.abs(x) < 1e-3 ? 0 : x));

/** A random model with k ≤ 3 and a point r with every |r_a| away from the kink at 0. */
const modelCase = fc
  .record({
    loss: fc.constantFrom('square' as const, 'logistic' as const),
    studentLink: fc.constantFrom(...STUDENT_LINKS),
    studentReadout: fc.array(moderate(2), { minLength: 1, maxLength: 3 }),
    r: fc.array(moderate(3), { minLength: 3, maxLength: 3 }),
    y: fc.oneof(fc.constantFrom(-1, 1), moderate(2)),
  })
  .filter(({ r }) => r.every((x) => Math.abs(x) > 0.01));

describe('derivatives in r against central differences', () => {
  it('grad = ∇L, hessian = ∇grad, gradLabelDerivative = ∂grad/∂y (fast-check)', () => {
    fc.assert(
      fc.property(modelCase, ({ loss, studentLink, studentReadout, r: rAll, y }) => {
        const model = compileModel(makeConfig({ ...base, loss, studentLink, studentReadout }));
        const k = studentReadout.length;
        const r = rAll.slice(0, k);
        const context = { loss, studentLink, studentReadout, r, y };
        // The step stays below the distance 0.01 to the kinks of relu and abs.
        const h = 2e-3;
        const grad = new Float64Array(k);
        const hessian = new Float64Array(k * k);
        const mixed = new Float64Array(k);
        model.grad(r, y, grad);
        model.hessian(r, y, hessian);
        model.gradLabelDerivative(r, y, mixed);

        // Every quantity here (L, ℓ, H, ∂ℓ/∂y) is a short sum of products bounded by
        // S²(1 + max|b|)² with S = Σ|b_a σ(r_a)| + |y| + 1 (|σ'| ≤ 1 and |σ''| ≤ 1 for these
        // links within |r| ≤ 3 + h), so its rounding is a few ulps of that, even when f
        // cancels; 16 ulps of it are allowed per value.
        const link = model.spec.studentLink;
        const S =
          r.reduce((sum, x, i) => sum + Math.abs(studentReadout[i] * link.value(x)), 0) +
          Math.abs(y) +
          1;
        const bMax = Math.max(...studentReadout.map(Math.abs));
        const scale = S * S * (1 + bMax) * (1 + bMax);
        const shifted = (a: number, t: number): number[] => r.map((x, i) => (i === a ? t : x));
        const scratch = new Float64Array(k);
        for (let a = 0; a < k; a++) {
          const d = centralDifference((t) => model.loss(shifted(a, t), y), r[a], h, 16, scale);
          expectWithin(grad[a], d.estimate, d.tolerance, 'O(h²) + rounding', { ...context, a });
          for (let c = 0; c < k; c++) {
            const dc = centralDifference(
              (t) => {
                model.grad(shifted(c, t), y, scratch);
                return scratch[a];
              },
              r[c],
              h,
              16,
              scale,
            );
            expectWithin(hessian[a * k + c], dc.estimate, dc.tolerance, 'O(h²) + rounding', {
              ...context,
              a,
              c,
            });
            expect(hessian[a * k + c]).toBe(hessian[c * k + a]);
          }
          const dy = centralDifference(
            (t) => {
              model.grad(r, t, scratch);
              return scratch[a];
            },
            y,
            h,
            16,
            scale,
          );
          expectWithin(mixed[a], dy.estimate, dy.tolerance, 'O(h²) + rounding', { ...context, a });
        }

        if (k === 1) {
          // grad1 specialises grad; the affine form b(br − y) rounds differently from
          // (bσ(r) − y)·b·1, by at most 3 roundings of the larger of |b²r| and |by|.
          const affineScale =
            Math.abs(studentReadout[0]) * (Math.abs(r[0] * studentReadout[0]) + Math.abs(y));
          expectWithin(
            model.grad1(r[0], y),
            grad[0],
            4 * ULP * affineScale,
            'reassociation',
            context,
          );
        }
      }),
      { numRuns: 120 },
    );
  });

  it('labelGrad = ∂g/∂r* for real labels of every differentiable teacher link', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<LinkName>('linear', 'relu', 'tanh', 'erf'),
        fc.array(moderate(2), { minLength: 1, maxLength: 3 }),
        fc.array(moderate(3), { minLength: 3, maxLength: 3 }),
        moderate(2),
        (teacherLink, teacherReadout, rAll, eps) => {
          const kStar = teacherReadout.length;
          const rStar = rAll.slice(0, kStar);
          fc.pre(rStar.every((x) => Math.abs(x) > 0.01));
          const model = compileModel(
            makeConfig({ ...base, teacherLink, teacherReadout, noise: 0.3 }),
          );
          expect(model.labelDifferentiable).toBe(true);
          const out = new Float64Array(kStar);
          model.labelGrad(rStar, eps, out);
          for (let j = 0; j < kStar; j++) {
            const d = centralDifference(
              (t) =>
                model.label(
                  rStar.map((x, i) => (i === j ? t : x)),
                  eps,
                ),
              rStar[j],
              2e-3,
            );
            expectWithin(out[j], d.estimate, d.tolerance, 'O(h²) + rounding', {
              teacherLink,
              teacherReadout,
              rStar,
              j,
            });
          }
        },
      ),
    );
  });
});

describe('the label map', () => {
  it('adds the noise and applies sign with sign(0) = +1', () => {
    const real = compileModel(
      makeConfig({ ...base, teacherLink: 'relu', teacherReadout: [0.5, 2], noise: 0.3 }),
    );
    expect(real.label([1, -1], 2)).toBe(0.5 + 0.6);
    const sign = compileModel(
      makeConfig({
        ...base,
        teacherLink: 'relu',
        teacherReadout: [0.5, 2],
        noise: 0,
        labels: 'sign',
      }),
    );
    expect(sign.label([-1, -1], 0)).toBe(1);
    expect(sign.label([1, -1], 0)).toBe(1);
    const negative = compileModel(
      makeConfig({ ...base, teacherReadout: [1], noise: 1, labels: 'sign' }),
    );
    expect(negative.label([0.5], -0.6)).toBe(-1);
    expect(negative.label([0.5], NaN)).toBeNaN();
  });

  it('reports differentiability and refuses labelGrad where g has no derivative', () => {
    for (const link of ALL_LINKS) {
      const model = compileModel(makeConfig({ ...base, teacherLink: link }));
      expect(model.labelDifferentiable, link).toBe(link !== 'sign' && link !== 'abs');
      const signLabels = compileModel(makeConfig({ ...base, teacherLink: link, labels: 'sign' }));
      expect(signLabels.labelDifferentiable).toBe(false);
      expect(() => signLabels.labelGrad([1], 0, new Float64Array(1))).toThrow(TypeError);
    }
  });
});

describe('curvature bound and affinity', () => {
  it('is exact for linear students: ‖b‖² (square) and ‖b‖²/4 (logistic, sign labels)', () => {
    const b = [0.5, -1.5, 2];
    const norm = 0.25 + 2.25 + 4;
    const square = compileModel(makeConfig({ ...base, studentReadout: b }));
    expect(square.curvatureBound).toBe(norm);
    expect(square.affine).toBe(true);
    const logistic = compileModel(
      makeConfig({ ...base, loss: 'logistic', studentReadout: b, labels: 'sign' }),
    );
    expect(logistic.curvatureBound).toBe(norm / 4);
    expect(logistic.affine).toBe(false);
    expect(compileModel(makeConfig({ ...base, studentLink: 'relu' })).affine).toBe(false);
  });

  it('bounds λ_max(H) from above at random points and labels (fast-check)', () => {
    fc.assert(
      fc.property(
        modelCase,
        fc.constantFrom<LinkName>(...ALL_LINKS),
        fc.constantFrom('real' as const, 'sign' as const),
        fc.array(moderate(3), { minLength: 3, maxLength: 3 }),
        ({ loss, studentLink, studentReadout, r: rAll }, teacherLink, labels, rStar) => {
          const config = makeConfig({
            ...base,
            loss,
            studentLink,
            studentReadout,
            teacherLink,
            teacherReadout: [0.7, -0.4],
            labels,
          });
          const model = compileModel(config);
          const k = studentReadout.length;
          const r = rAll.slice(0, k);
          const y = model.label(rStar.slice(0, 2), 0);
          const hessian = new Float64Array(k * k);
          model.hessian(r, y, hessian);
          const rows = Array.from({ length: k }, (_, i) =>
            Array.from(hessian.slice(i * k, i * k + k)),
          );
          const top = symmetricEigen(rows).values[0];
          // Jacobi's eigenvalues are within a few ulps of ‖H‖; 16 ulps is allowed.
          const slack = 16 * ULP * Math.max(1, Math.abs(top));
          expect(top, JSON.stringify({ config: config.student, labels, r, y })).toBeLessThanOrEqual(
            model.curvatureBound + slack,
          );
        },
      ),
    );
  });

  it('is Infinity when the labels or the output are unbounded and the bound needs them', () => {
    const logisticReal = compileModel(makeConfig({ ...base, loss: 'logistic', noise: 0.5 }));
    expect(logisticReal.curvatureBound).toBe(Infinity);
    const squareTanh = compileModel(makeConfig({ ...base, studentLink: 'tanh', noise: 0.5 }));
    expect(squareTanh.curvatureBound).toBe(Infinity);
    const squareTanhBounded = compileModel(
      makeConfig({ ...base, studentLink: 'tanh', teacherLink: 'erf', studentReadout: [2] }),
    );
    // sup L_ff b² sup σ'² + sup|L_f| |b| sup|σ''| = 4 + (2 + 1)·2·4/(3√3).
    expectWithin(
      squareTanhBounded.curvatureBound,
      4 + (3 * 2 * 4) / (3 * Math.sqrt(3)),
      8 * ULP * 10,
      'a few roundings of a value ≈ 8.6',
    );
  });
});

describe('validation', () => {
  const bad = (patch: Partial<ModelFields>) => () =>
    compileModel(makeConfig({ ...base, ...patch }));

  it('rejects a sign student link with a RangeError naming student.link', () => {
    expect(bad({ studentLink: 'sign' })).toThrow(RangeError);
    expect(bad({ studentLink: 'sign' })).toThrow(/student\.link/);
  });

  it('names the offending field, the value received and what is allowed', () => {
    expect(bad({ studentReadout: [] })).toThrow(
      /student\.k must be a positive integer, received 0/,
    );
    expect(bad({ noise: -1 })).toThrow(/teacher\.noise must be a finite number ≥ 0, received -1/);
    expect(bad({ noise: NaN })).toThrow(RangeError);
    expect(bad({ teacherReadout: [1, Infinity] })).toThrow(/teacher\.readout\[1\]/);
    expect(bad({ loss: 'hinge' as never })).toThrow(/loss must be one of/);
    expect(bad({ labels: 'binary' as never })).toThrow(/teacher\.labels must be "real" or "sign"/);
    expect(bad({ teacherLink: 'gelu' as never })).toThrow(/teacher\.link/);

    const config = makeConfig(base);
    config.student.readout = [1, 2];
    expect(() => compileModel(config)).toThrow(
      /student\.readout must have length 1, received length 2/,
    );
    expect(() => compileModel(null as never)).toThrow(TypeError);
  });

  it('grad1 refuses k > 1', () => {
    const model = compileModel(makeConfig({ ...base, studentReadout: [1, 1] }));
    expect(() => model.grad1(0.5, 1)).toThrow(/grad1 needs student\.k = 1/);
  });
});
