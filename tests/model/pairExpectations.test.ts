/**
 * Two-point expectations (src/model/pairExpectations.ts) against an independent reference:
 * a polar-coordinate double integral by tanh-sinh quadrature (tests/model/helpers), and
 * against the two-dimensional Gauss–Hermite rule of expectGaussian for smooth pairs.
 *
 * The polar reference. With u = su U, v = sv(ρU + √(1−ρ²) W) and (U, W) = r(cos θ, sin θ),
 *   E[σ1(u)σ2(v)] = (1/2π) ∫_0^{2π} dθ ∫_0^∞ r e^{−r²/2} σ1(su r cos θ) σ2(sv r c(θ)) dr,
 * c(θ) = ρ cos θ + √(1−ρ²) sin θ. Every kink and jump of these links sits at u = 0 or v = 0,
 * which are rays θ = ±π/2 and c(θ) = 0; between them, and along each ray, the integrand is
 * analytic, so splitting θ at those angles gives double-exponential convergence. The radial
 * range stops at r = 12 (the neglected mass of r e^{−r²/2}, times r², is below 1e-29).
 *
 * Allowances: the reference's step-halving bound, plus the closed forms' rounding (a few
 * dozen operations on terms no larger than √(E σ1(u)² E σ2(v)²), so 64 u of that scale) or,
 * for tanh pairs, the adaptive rule's target 1e-14 of the same scale, plus the truncations
 * (1e-29 of the scale). The scale is computed independently by one-dimensional tanh-sinh.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectGaussian } from '../../src/model/expectGaussian.ts';
import { LINKS, LINK_NAMES } from '../../src/model/links.ts';
import { linkMean, pairExpectation } from '../../src/model/pairExpectations.ts';
import type { LinkName } from '../../src/model/types.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { normalExpectation, tanhSinhPieces, type Quadrature } from './helpers/tanhSinh.ts';
import { expectWithin } from './helpers/within.ts';

const U = 2 ** -53;

/** cuu·cvv − cuv² (clipped at 0) from exact BigInt products of the dyadic inputs. */
function exactDeterminant(x: number, y: number, c: number): number {
  const scale = 2 ** 80;
  for (const v of [x, y, c]) {
    if (!Number.isInteger(v * scale)) throw new RangeError(`${v} is not a multiple of 2^-80`);
  }
  const [X, Y, C] = [x, y, c].map((v) => BigInt(v * scale));
  const det = X * Y - C * C;
  return det > 0n ? Number(det) / scale / scale : 0;
}

function polarReference(
  l1: LinkName,
  l2: LinkName,
  cuu: number,
  cuv: number,
  cvv: number,
): Quadrature {
  const su = Math.sqrt(cuu);
  const sv = Math.sqrt(cvv);
  const rho = Math.max(-1, Math.min(1, cuv / (su * sv)));
  // √(1 − ρ²) from the exact determinant: 1 − ρ² in floating point would carry an error of
  // 2^−52, i.e. 1e-8 in √(1 − ρ²) at ρ = ±1, where arcsin-type pairs are that sensitive.
  const rhoPerp = Math.sqrt(exactDeterminant(cuu, cvv, cuv)) / (su * sv);
  const s1 = LINKS[l1].value;
  const s2 = LINKS[l2].value;
  const TWO_PI = 2 * Math.PI;

  const mod = (a: number) => ((a % TWO_PI) + TWO_PI) % TWO_PI;
  const zeroOfC = Math.atan2(-rho, rhoPerp);
  const cuts = [0, TWO_PI, Math.PI / 2, (3 * Math.PI) / 2, mod(zeroOfC), mod(zeroOfC + Math.PI)];

  let radialError = 0;
  const angular = (theta: number): number => {
    const a = su * Math.cos(theta);
    const b = sv * (rho * Math.cos(theta) + rhoPerp * Math.sin(theta));
    const radial = tanhSinhPieces(
      (r) => r * Math.exp(-0.5 * r * r) * s1(a * r) * s2(b * r),
      [0, 2.5, 5, 12],
      1 / 8,
    );
    radialError = Math.max(radialError, radial.error);
    return radial.value / TWO_PI;
  };
  const result = tanhSinhPieces(angular, cuts, 1 / 8);
  return { value: result.value, error: result.error + radialError, absValue: result.absValue };
}

/** A covariance with variances in [0.05, 4] and correlation on a grid including ±1 and 0. */
const covariance = fc
  .record({
    cuu: fc.integer({ min: 1, max: 80 }).map((x) => x / 20),
    cvv: fc.integer({ min: 1, max: 80 }).map((x) => x / 20),
    rho: fc.oneof(
      fc.constantFrom(-1, 0, 1),
      fc.integer({ min: -99, max: 99 }).map((x) => x / 100),
    ),
  })
  .map(({ cuu, cvv, rho }) => ({ cuu, cvv, cuv: rho * Math.sqrt(cuu * cvv) }));

/** √(E σ(√c·U)²), U ~ N(0, 1), by tanh-sinh: the scale of rounding in pair formulas. */
function rootMeanSquare(link: LinkName, c: number): number {
  const s = Math.sqrt(c);
  return Math.sqrt(normalExpectation((x) => LINKS[link].value(s * x) ** 2, [0]).value);
}

function checkPair(l1: LinkName, l2: LinkName, cuu: number, cuv: number, cvv: number): void {
  const closed = pairExpectation(l1, l2, cuu, cuv, cvv);
  const reference = polarReference(l1, l2, cuu, cuv, cvv);
  const scale = rootMeanSquare(l1, cuu) * rootMeanSquare(l2, cvv);
  const allowance = reference.error + (1e-14 + 64 * U + 1e-29) * scale;
  expectWithin(closed, reference.value, allowance, 'reference bound + rounding/target', {
    l1,
    l2,
    cuu,
    cuv,
    cvv,
  });
}

describe('pairExpectation against the polar tanh-sinh reference', () => {
  it('agrees for every unordered pair of links, each at a covariance from the suite seed', () => {
    const cases = fc.sample(covariance, { seed: suiteSeed(), numRuns: 21 });
    let index = 0;
    for (let i = 0; i < LINK_NAMES.length; i++) {
      for (let j = i; j < LINK_NAMES.length; j++) {
        const { cuu, cuv, cvv } = cases[index++];
        checkPair(LINK_NAMES[i], LINK_NAMES[j], cuu, cuv, cvv);
      }
    }
  });

  it('agrees at perfect correlation for the arcsine and arc-cosine pairs', () => {
    for (const [l1, l2] of [
      ['sign', 'sign'],
      ['abs', 'relu'],
      ['sign', 'erf'],
    ] as [LinkName, LinkName][]) {
      for (const rho of [-1, 1]) checkPair(l1, l2, 1.5, rho * Math.sqrt(1.5 * 2.25), 2.25);
    }
  });

  it('is symmetric under swapping the two variables, bit for bit (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LINK_NAMES),
        fc.constantFrom(...LINK_NAMES),
        covariance,
        (l1, l2, { cuu, cuv, cvv }) => {
          expect(pairExpectation(l1, l2, cuu, cuv, cvv)).toBe(
            pairExpectation(l2, l1, cvv, cuv, cuu),
          );
        },
      ),
    );
  });
});

describe('closed forms against two-dimensional Gauss–Hermite (smooth pairs)', () => {
  it('E[erf(z/√2)²] = 1/3 and the other smooth pairs', () => {
    const smooth: LinkName[] = ['linear', 'erf', 'tanh'];
    const C = [
      [1.3, 0.5],
      [0.5, 0.7],
    ];
    expectWithin(
      pairExpectation('erf', 'erf', 1, 1, 1),
      1 / 3,
      4 * U,
      'two roundings of (2/π)·π/6',
    );
    for (const l1 of smooth) {
      for (const l2 of smooth) {
        const f = (z: Float64Array) => LINKS[l1].value(z[0]) * LINKS[l2].value(z[1]);
        const fine = expectGaussian(C, f, { nodes: 200 });
        const coarse = expectGaussian(C, f, { nodes: 100 });
        // Gauss–Hermite converges geometrically for these analytic integrands, so the error
        // of the 200² rule is below |GH200 − GH100|; plus rounding of both sides.
        const allowance = Math.abs(fine - coarse) + 1e-14;
        expectWithin(
          pairExpectation(l1, l2, C[0][0], C[0][1], C[1][1]),
          fine,
          allowance,
          'GH200 vs GH100 + 1e-14',
          {
            l1,
            l2,
          },
        );
      }
    }
  });
});

describe('edge cases', () => {
  it('treats a zero variance as the constant 0 (sign(0) = +1)', () => {
    for (const l1 of LINK_NAMES) {
      for (const l2 of LINK_NAMES) {
        const value = pairExpectation(l1, l2, 0, 0, 2);
        const expected = LINKS[l1].value(0) * linkMean(l2, 0, 2);
        expect(value, `${l1}·${l2}`).toBe(expected);
      }
    }
    // sign(u ≡ 0)·|v| = E|v| = √(2·2/π).
    expectWithin(
      pairExpectation('sign', 'abs', 0, 0, 2),
      Math.sqrt(4 / Math.PI),
      8 * U,
      'rounding',
    );
    expect(pairExpectation('sign', 'sign', 0, 0, 0)).toBe(1);
  });

  it('is exact at perfect correlation', () => {
    expect(pairExpectation('sign', 'sign', 2, 2, 2)).toBe(1);
    expect(pairExpectation('sign', 'sign', 2, -2, 2)).toBe(-1);
    expectWithin(pairExpectation('relu', 'relu', 3, 3, 3), 1.5, 8 * U * 3, 'rounding');
    expectWithin(pairExpectation('abs', 'abs', 3, 3, 3), 3, 8 * U * 3, 'rounding');
  });

  it('rejects non-PSD covariances, negative variances and unknown links', () => {
    expect(() => pairExpectation('erf', 'erf', 1, 1.1, 1)).toThrow(/positive semi-definite/);
    expect(() => pairExpectation('erf', 'erf', -1, 0, 1)).toThrow(
      /cuu must be a finite variance ≥ 0, received -1/,
    );
    expect(() => pairExpectation('erf', 'gelu' as LinkName, 1, 0, 1)).toThrow(/link2/);
    expect(() => pairExpectation('erf', 'erf', 1, NaN, 1)).toThrow(/cuv/);
    // Rounding of a Gram matrix (cuv² = cuu·cvv·(1 + 1e-12)) is accepted and clipped.
    const c = Math.sqrt(2 * 3) * (1 + 5e-13);
    expect(Number.isFinite(pairExpectation('relu', 'abs', 2, c, 3))).toBe(true);
  });
});

describe('linkMean, E σ(m + sW)', () => {
  it('agrees with one-dimensional tanh-sinh for every link (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LINK_NAMES),
        fc.integer({ min: -60, max: 60 }).map((x) => x / 20),
        fc.integer({ min: 0, max: 80 }).map((x) => x / 20),
        (link, mean, variance) => {
          const s = Math.sqrt(variance);
          const value = linkMean(link, mean, variance);
          const sigma = LINKS[link].value;
          if (s === 0) {
            expect(value).toBe(sigma(mean));
            return;
          }
          const reference = normalExpectation((x) => sigma(mean + s * x), [-mean / s]);
          // Reference bound, plus rounding (64 u) or the adaptive target (1e-14, tanh) of the
          // scale √(E σ²), plus the reference's truncation at ±12 (< 1e-30 of that scale).
          const scale = Math.sqrt(
            normalExpectation((x) => sigma(mean + s * x) ** 2, [-mean / s]).value,
          );
          const allowance = reference.error + (1e-14 + 64 * U + 1e-30) * scale;
          expectWithin(value, reference.value, allowance, 'reference bound + rounding', {
            link,
            mean,
            variance,
          });
        },
      ),
      { numRuns: 80 },
    );
  });
});
