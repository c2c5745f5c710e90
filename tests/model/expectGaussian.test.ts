/**
 * Gaussian expectations (src/model/expectGaussian.ts): the tensor Gauss–Hermite rule on
 * moments it integrates exactly, singular covariances, the adaptive one-dimensional rule,
 * the kink-aware rule against closed forms, costs, and validation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expectGaussian,
  expectGaussianPiecewise,
  expectGaussianVec,
  expectNormalPiecewise,
  expectNormalPiecewiseReport,
  symmetricEigen,
} from '../../src/model/expectGaussian.ts';
import { normalCdf } from '../../src/model/erf.ts';
import { pairExpectation } from '../../src/model/pairExpectations.ts';
import { psdMatrix } from './helpers/arbitraries.ts';
import { expectWithin } from './helpers/within.ts';

const U = 2 ** -53;

/** max_i C_ii, the scale of every entry of a PSD matrix. */
const largestVariance = (C: number[][]): number => Math.max(...C.map((row, i) => row[i]), 0);

describe('expectGaussian, tensor Gauss–Hermite', () => {
  it('integrates 2nd and 4th moments exactly (Isserlis), D = 1 … 7, singular C too', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 7 })
          .chain((D) =>
            fc.tuple(psdMatrix(D), fc.array(fc.nat(D - 1), { minLength: 4, maxLength: 4 })),
          ),
        ([C, [i, j, k, l]]) => {
          const D = C.length;
          const c = largestVariance(C);
          // Degree 4 ≤ 2m − 1 for every default m ≥ 5, so only rounding remains: the nested
          // sums (≤ r·m + 8 roundings of E|f| ≤ 3c²) and the eigen-factor, whose F Fᵀ is
          // within 64·D ulps of c entrywise, moving a fourth moment by ≤ 6c times that.
          const allowance = ((D * 200 + 8) * 3 + 6 * 64 * D) * U * c * c + Number.MIN_VALUE;
          const fourth = expectGaussian(C, (z) => z[i] * z[j] * z[k] * z[l]);
          const isserlis = C[i][j] * C[k][l] + C[i][k] * C[j][l] + C[i][l] * C[j][k];
          expectWithin(fourth, isserlis, allowance, 'rounding only (comment above)', {
            C,
            i,
            j,
            k,
            l,
          });
          const second = expectGaussian(C, (z) => z[i] * z[j]);
          expectWithin(second, C[i][j], allowance / c + Number.MIN_VALUE, 'rounding only', {
            C,
            i,
            j,
          });
        },
      ),
      { numRuns: 20 },
    );
  });

  it('matches E exp(aᵀz) = exp(aᵀCa/2) for D ≤ 3', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 3 })
          .chain((D) =>
            fc.tuple(
              psdMatrix(D),
              fc.array(fc.integer({ min: -32, max: 32 }), { minLength: D, maxLength: D }),
            ),
          ),
        ([C, aGrid]) => {
          const a = aGrid.map((x) => x / 64);
          const quadratic = a.reduce(
            (s, ai, i) => s + a.reduce((t, aj, j) => t + ai * C[i][j] * aj, 0),
            0,
          );
          const exact = Math.exp(quadratic / 2);
          // With s² = aᵀCa ≤ 2.25 and m ≥ 58 nodes the rule's error, bounded by the first
          // neglected Taylor term s^{2m}/(2^m m!), is below 1e-70; what remains is rounding of
          // the nested sums (≤ (3·200 + 8)u of E e^{aᵀz}) and of exp (≤ 1 ulp per node).
          const value = expectGaussian(C, (z) =>
            Math.exp(a.reduce((s, ai, i) => s + ai * z[i], 0)),
          );
          expectWithin(value, exact, (3 * 200 + 16) * U * exact, 'rounding only', { C, a });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('runs over the rank only, and within the 2·10⁵-point default budget', () => {
    const ranks: [number, number][] = [];
    for (let r = 1; r <= 7; r++) {
      // A diagonal 7×7 covariance of rank r.
      const C = Array.from({ length: 7 }, (_, i) =>
        Array.from({ length: 7 }, (__, j) => (i === j && i < r ? 1 : 0)),
      );
      let calls = 0;
      expectGaussian(C, () => {
        calls++;
        return 1;
      });
      ranks.push([r, calls]);
      expect(calls).toBeLessThanOrEqual(200_000);
    }
    expect(ranks.map(([, calls]) => calls)).toEqual([
      200, 40_000, 195_112, 194_481, 161_051, 117_649, 78_125,
    ]);
    let zeroCalls = 0;
    expect(
      expectGaussian(
        [
          [0, 0],
          [0, 0],
        ],
        (z) => (zeroCalls++, 5 + z[0] + z[1]),
      ),
    ).toBe(5);
    expect(zeroCalls).toBe(1);
  });

  it('expectGaussianVec is expectGaussian componentwise, bit for bit', () => {
    const C = [
      [1, 0.3, 0],
      [0.3, 2, -0.4],
      [0, -0.4, 0.5],
    ];
    const parts = [
      (z: Float64Array) => z[0] * z[1],
      (z: Float64Array) => Math.tanh(z[2]) * z[1],
      (z: Float64Array) => z[0] ** 2,
    ];
    const vector = expectGaussianVec(C, (z, out) => parts.forEach((p, i) => (out[i] = p(z))), 3);
    parts.forEach((p, i) => expect(vector[i]).toBe(expectGaussian(C, p)));
  });

  it('rejects bad input with the parameter, the value and what is allowed', () => {
    expect(() =>
      expectGaussian(
        [
          [1, 0.5],
          [0.4, 1],
        ],
        () => 1,
      ),
    ).toThrow(/must be symmetric/);
    expect(() =>
      expectGaussian(
        [
          [1, 2],
          [2, 1],
        ],
        () => 1,
      ),
    ).toThrow(/positive semi-definite/);
    expect(() => expectGaussian([[-1]], () => 1)).toThrow(/cov\[0\]\[0\] is a variance/);
    expect(() => expectGaussian([[NaN]], () => 1)).toThrow(RangeError);
    const eight = Array.from({ length: 8 }, (_, i) =>
      Array.from({ length: 8 }, (__, j) => (i === j ? 1 : 0)),
    );
    expect(() => expectGaussian(eight, () => 1)).toThrow(/dimension 1 … 7, received 8/);
    expect(() => expectGaussian([[1]], () => 1, { nodes: 0 })).toThrow(/opts\.nodes/);
    expect(() => expectGaussian([[1]], () => 1, { nodes: 201 })).toThrow(/opts\.nodes/);
    expect(() => expectGaussian([[1]], 3 as never)).toThrow(TypeError);
    expect(() => expectGaussian([[1]], (z) => 1 / (z[0] - z[0]))).toThrow(
      /f returned (NaN|Infinity) at z = /,
    );
    expect(() => expectGaussianVec([[1]], () => undefined, 0)).toThrow(/outLength/);
    expect(() => expectGaussianVec([[1]], (z, out) => (out[1] = NaN), 2)).toThrow(/out\[1\]/);
  });

  it('symmetricEigen reconstructs its matrix', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }).chain((D) => psdMatrix(D)),
        (C) => {
          const { values, vectors } = symmetricEigen(C);
          const c = largestVariance(C) * C.length;
          for (let i = 0; i < C.length; i++) {
            for (let j = 0; j < C.length; j++) {
              let s = 0;
              for (let t = 0; t < C.length; t++) s += vectors[i][t] * values[t] * vectors[j][t];
              // Jacobi is backward stable: V Λ Vᵀ = C + E with ‖E‖ ≤ (a few sweeps × D rotations)
              // ulps of ‖C‖ ≤ D·max C_ii; 64·D ulps is allowed.
              expectWithin(
                s,
                C[i][j],
                64 * C.length * 2 * U * c + Number.MIN_VALUE,
                'backward stable',
                { C },
              );
            }
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('expectNormalPiecewise, adaptive Gauss–Legendre', () => {
  it('integrates kinks and jumps placed at breakpoints to 1e-14', () => {
    // The accepted two-half values are far inside the 1e-14·E|h| target (doc block of
    // expectGaussian.ts); the truncation at ±10 drops ≤ 1e-21 here.
    expectWithin(expectNormalPiecewise(Math.abs, [0]), Math.sqrt(2 / Math.PI), 1e-14, 'target');
    const tail = expectNormalPiecewise((x) => (x > 1.3 ? 1 : 0), [1.3]);
    expectWithin(tail, normalCdf(-1.3), 1e-14, 'target');
  });

  it('finds a kink it was not told about, at a cost of a few hundred panels', () => {
    const c = 0.3141592653589793;
    const report = expectNormalPiecewiseReport((x) => Math.abs(x - c), []);
    // E|U − c| = 2φ(c) + c(2Φ(c) − 1).
    const exact =
      (2 * Math.exp((-c * c) / 2)) / Math.sqrt(2 * Math.PI) + c * (2 * normalCdf(c) - 1);
    expectWithin(report.value, exact, 1e-14, 'target 1e-14 of E|h| ≈ 0.85');
    expect(report.exhausted).toBe(false);
    expect(report.panels).toBeLessThan(400);
  });

  it('terminates within its budget on an integrand that is noisy next to its kink', () => {
    // Regression: h(w) = max(F00·x + F01·w, 0) at x = −4.98 is non-zero only near w = −10,
    // where the cancellation in F00·x + F01·w makes it noisy at 1e-13 of itself; the
    // two-half test could not pass and the bisection grew without bound.
    const x = -4.981985963638957;
    const h = (w: number) => Math.max(0.8946599229405527 * x - 0.44674782851627154 * w, 0);
    const report = expectNormalPiecewiseReport(h, [-9.976955440663781], { maxPanels: 500 });
    expect(report.panels).toBeLessThanOrEqual(500);
    expect(Number.isFinite(report.value)).toBe(true);
    const loose = expectNormalPiecewiseReport(h, [-9.976955440663781], { absTol: 1e-30 });
    expect(loose.exhausted).toBe(false);
  });

  it('reports non-finite integrands and bad options', () => {
    expect(() => expectNormalPiecewise((x) => Math.sqrt(x), [0])).toThrow(/h returned NaN/);
    expect(() => expectNormalPiecewise(Math.abs, [NaN])).toThrow(/breakpoints/);
    expect(() => expectNormalPiecewise(Math.abs, [], { relTol: 0 })).toThrow(/relTol/);
    expect(() => expectNormalPiecewise(Math.abs, [], { absTol: -1 })).toThrow(/absTol/);
  });
});

describe('expectGaussianPiecewise against closed forms', () => {
  const relu = (x: number) => Math.max(x, 0);
  const sign = (x: number) => (x >= 0 ? 1 : -1);

  it('rank 1, 2 and 3 with kinks and jumps on every coordinate, and rank 4 smooth', () => {
    // Allowances: rank ≤ 2, the outer target 1e-13 of E|g| plus inner targets 1e-15 of it;
    // rank 3, ten-point Gauss–Legendre per panel of width ≤ 2, whose error bound
    // w^21 (10!)^4 / (21 (20!)^3) · sup|(gφ)^{(20)}| ≈ 1.2e-24 · 2e9 per panel, summed over
    // ≤ 12 panels on 3 levels, is below 1e-13 of E|g|; both are covered by 2e-13 · E|g|.
    // Rank 4 uses width 3.4: 8.4e-20 · 2e9 per panel over ≤ 7 panels on 4 levels, 5e-9 · E|g|.
    const cases: { C: number[][]; g: (z: Float64Array) => number; exact: number; scale: number }[] =
      [
        {
          C: [
            [2, 1.4],
            [1.4, 0.98],
          ],
          g: (z) => relu(z[0]) * sign(z[1]),
          exact: pairExpectation('relu', 'sign', 2, 1.4, 0.98),
          scale: 1,
        },
        {
          C: [
            [1, 0.3],
            [0.3, 0.8],
          ],
          g: (z) => relu(z[0]) * sign(z[1]) + Math.abs(z[1]) * relu(z[0]),
          exact:
            pairExpectation('relu', 'sign', 1, 0.3, 0.8) +
            pairExpectation('abs', 'relu', 0.8, 0.3, 1),
          scale: 1,
        },
        {
          C: [
            [1, 0.3, 1.3],
            [0.3, 0.8, 1.1],
            [1.3, 1.1, 2.4],
          ],
          g: (z) => relu(z[0]) * sign(z[2]),
          exact: pairExpectation('relu', 'sign', 1, 1.3, 2.4),
          scale: 1,
        },
        {
          C: [
            [1, 0.3, 0.4],
            [0.3, 0.8, -0.2],
            [0.4, -0.2, 1.2],
          ],
          g: (z) => relu(z[0]) * sign(z[1]) + Math.abs(z[2]) * relu(z[0]) + relu(z[1]) * relu(z[2]),
          exact:
            pairExpectation('relu', 'sign', 1, 0.3, 0.8) +
            pairExpectation('abs', 'relu', 1.2, 0.4, 1) +
            pairExpectation('relu', 'relu', 0.8, -0.2, 1.2),
          scale: 2,
        },
        {
          C: [
            [1, 0.2, 0, 0.1],
            [0.2, 1, 0.3, 0],
            [0, 0.3, 1, 0.2],
            [0.1, 0, 0.2, 1],
          ],
          g: (z) => z[0] * z[1] * z[2] * z[3],
          exact: 0.2 * 0.2 + 0 * 0 + 0.1 * 0.3,
          scale: 3,
        },
      ];
    for (const { C, g, exact, scale } of cases) {
      const kinks = C.map(() => true);
      const allowance = (C.length === 4 ? 5e-9 : 2e-13) * scale;
      expectWithin(expectGaussianPiecewise(C, g, kinks), exact, allowance, 'rule bounds', { C });
    }
  });

  it('validates its kinks argument', () => {
    expect(() => expectGaussianPiecewise([[1]], () => 1, [])).toThrow(
      /kinks must be an array of 1/,
    );
  });
});
