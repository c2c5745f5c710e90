/**
 * The two-point Gaussian forms (src/solvers/exact/gaussianPairMoments.ts) and the committee
 * test risk built from them (committeeTestRisk.ts), against quadrature and against the
 * model's own testRisk (src/model/testRisk.ts, written independently).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../helpers/configs.ts';
import { compileModel } from '../../src/model/compileModel.ts';
import { expectGaussian, expectGaussianPiecewise } from '../../src/model/expectGaussian.ts';
import { testRisk } from '../../src/model/testRisk.ts';
import { committeeTestRisk } from '../../src/solvers/exact/committeeTestRisk.ts';
import type { PairLink } from '../../src/solvers/exact/gaussianPairMoments.ts';
import {
  meanDerivative,
  pairMoment,
  secondMoment,
} from '../../src/solvers/exact/gaussianPairMoments.ts';

const EPS = Number.EPSILON;
const value: Record<PairLink, (u: number) => number> = {
  linear: (u) => u,
  relu: (u) => Math.max(u, 0),
  erf: (u) => erfHalf(u),
};

/**
 * erf(u/√2), written here independently of src/model/erf.ts: the series
 * erf(x) = (2/√π) e^{−x²} Σ_n (2x²)^n x / (1·3·…·(2n + 1)) has positive terms (no
 * cancellation) and reaches full precision for |x| ≤ 6; beyond, erf = ±1 to 2e-17.
 */
function erfHalf(u: number): number {
  const x = u / Math.SQRT2;
  if (Math.abs(x) > 6) return Math.sign(x);
  let term = x;
  let sum = x;
  for (let n = 1; n < 400; n++) {
    term *= (2 * x * x) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
}

describe('two-point Gaussian forms', () => {
  it('match quadrature for every pair with a closed form', () => {
    const covariances = [
      [1, 1, 0.3],
      [0.5, 2, -0.7],
      [2, 2, 2],
      // Not Cuv = 0 with a kinked pair: expectGaussianPiecewise then bisects without end
      // (its inner integrals are pure rounding noise; reported to its owner).
      [0.8, 1.3, 0.05],
    ];
    const pairs: [PairLink, PairLink][] = [
      ['linear', 'linear'],
      ['linear', 'erf'],
      ['erf', 'linear'],
      ['linear', 'relu'],
      ['erf', 'erf'],
      ['relu', 'relu'],
    ];
    for (const [Cuu, Cvv, Cuv] of covariances) {
      for (const [a, b] of pairs) {
        const closed = pairMoment(a, b, Cuu, Cvv, Cuv);
        const cov = [
          [Cuu, Cuv],
          [Cuv, Cvv],
        ];
        const product = (z: Float64Array) => value[a](z[0]) * value[b](z[1]);
        // Smooth pairs: the 200-node tensor Gauss–Hermite rule is exact to rounding for the
        // polynomial ones and geometric for erf (error < 1e-14 here); relu: the nested
        // adaptive rule with the kinks as breakpoints (≤ 1e-10 by its own doc block).
        const kinked = a === 'relu' || b === 'relu';
        const numeric = kinked
          ? expectGaussianPiecewise(cov, product, [a === 'relu', b === 'relu'])
          : expectGaussian(cov, product, { nodes: 200 });
        const tol = kinked ? 1e-10 : 1e-13;
        expect(Math.abs(closed - numeric), `${a}-${b} ${Cuu} ${Cvv} ${Cuv}`).toBeLessThanOrEqual(
          tol,
        );
      }
    }
  });

  it('has the known one-point values', () => {
    // E erf(z/√2)² = 1/3 at C = 1 ((2/π) arcsin(1/2)), E relu(z)² = C/2, E σ' for erf.
    expect(Math.abs(secondMoment('erf', 1) - 1 / 3)).toBeLessThanOrEqual(4 * EPS);
    expect(secondMoment('relu', 1.7)).toBeCloseTo(0.85, 15);
    const slope = (z: Float64Array) => Math.sqrt(2 / Math.PI) * Math.exp(-0.5 * z[0] * z[0]);
    const mean = expectGaussian([[0.6]], slope, { nodes: 100 });
    expect(Math.abs(meanDerivative('erf', 0.6) - mean)).toBeLessThanOrEqual(1e-14);
    expect(meanDerivative('relu', 2)).toBe(0.5);
  });

  it('rejects pairs without a closed form and covariances that are not PSD', () => {
    expect(() => pairMoment('erf', 'relu', 1, 1, 0.2)).toThrow(/no closed two-point form/);
    expect(() => pairMoment('relu', 'relu', 1, 1, 1.5)).toThrow(/not positive semi-definite/);
    expect(() => pairMoment('erf', 'erf', -1, 1, 0)).toThrow(/Cuu must be a finite variance/);
    expect(() => pairMoment('tanh' as PairLink, 'erf', 1, 1, 0)).toThrow(/links must be one of/);
  });
});

describe('committeeTestRisk', () => {
  /** A random joint covariance of (ρ, ρ*) as a Gram matrix, so it is PSD. */
  const gram = (k: number, kStar: number) =>
    fc
      .array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), {
        minLength: (k + kStar) * 3,
        maxLength: (k + kStar) * 3,
      })
      .map((entries) => {
        const D = k + kStar;
        const C = Array.from({ length: D }, (_, i) =>
          Array.from({ length: D }, (__, j) => {
            let s = i === j ? 0.05 : 0;
            for (let l = 0; l < 3; l++) s += entries[i * 3 + l] * entries[j * 3 + l];
            return s;
          }),
        );
        return {
          Q: C.slice(0, k).map((row) => row.slice(0, k)),
          M: C.slice(0, k).map((row) => row.slice(k)),
          P: C.slice(k).map((row) => row.slice(k)),
        };
      });

  const cases: [string, string, number, number][] = [
    ['erf', 'erf', 2, 2],
    ['relu', 'relu', 2, 1],
    ['linear', 'erf', 1, 2],
    ['relu', 'linear', 3, 1],
  ];
  for (const [studentLink, teacherLink, k, kStar] of cases) {
    const name = `matches testRisk: ${studentLink} k=${k}, ${teacherLink} teacher k*=${kStar}`;
    it(name, () => {
      const config = testConfig({
        student: { k, link: studentLink, readout: Array.from({ length: k }, (_, i) => 0.4 + i) },
        teacher: {
          k: kStar,
          link: teacherLink,
          noise: 0.3,
          readout: Array.from({ length: kStar }, (_, i) => 1 - 0.3 * i),
        },
      });
      const model = compileModel(config);
      fc.assert(
        fc.property(gram(k, kStar), ({ Q, M, P }) => {
          const mine = committeeTestRisk(config, Q, M, P);
          const theirs = testRisk(model, config, Q, M, P);
          // Two closed forms, each a sum of (k + k*)² pair terms within a few ulps of
          // |term| ≤ 50 (entries ≤ 7, readouts ≤ 2.4), and testRisk's stated 1e-12.
          return Math.abs(mine - theirs) <= 1e-12 + 64 * EPS * 50 * (k + kStar) ** 2;
        }),
      );
    });
  }

  it('names the field when no closed form exists', () => {
    const tanh = testConfig({ student: { k: 1, link: 'tanh' } });
    expect(() => committeeTestRisk(tanh, [[1]], [[0]], [[1]])).toThrow(/config\.student\.link/);
    const sign = testConfig({ teacher: { link: 'linear', labels: 'sign' } });
    expect(() => committeeTestRisk(sign, [[1]], [[0]], [[1]])).toThrow(/config\.teacher\.labels/);
    const config = testConfig();
    expect(() => committeeTestRisk(config, [[1, 0]], [[0]], [[1]])).toThrow(/Q must be a 1×1/);
  });
});
