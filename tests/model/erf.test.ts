/**
 * erf, erfc, Φ and φ (src/model/erf.ts) against BigInt multi-precision references
 * (tests/model/helpers/bigErf.ts, accurate to ½ ulp + 2^−63) and identities.
 *
 * Allowances, worst-case sums of the rounding errors of erf.ts (u = 2^−53, 1 ulp = 2u):
 * - erf by the series (|x| ≤ 0.75): erf = (2/√π)·x·S, S = Σ (−x²)^n/(n!(2n+1)); ≤ 18
 *   additions, each rounding by ≤ u of a partial sum, and partial sums of this alternating
 *   series stay ≤ 1.25 while S ≥ 0.81; with the constant and the product,
 *   (18·1.25 + 3)u/0.81 ≈ 32u → 16 ulps;
 * - erfc by 1 − erf on |x| ≤ 0.75 (erf ≤ 0.711, erfc ≥ 0.289): (1 + 32·0.711)u/0.289 ≈ 82u →
 *   40 ulps;
 * - erfc(x), x > 0.75: continued-fraction anchor ≤ 2u (backward recurrence of positive terms,
 *   each step contracting), Taylor sum ≤ 3u, e^{−x²} by two exponentials and a product ≤ 5u,
 *   final product ≤ u: 11u → 8 ulps; erfc(−x) = 2 − erfc(x) and erf(x) = 1 − erfc(x) there
 *   shrink this (erfc ≤ 0.29 against values ≥ 0.71);
 * - Φ(x) = ½ erfc(−x/√2) with the rounding of x/√2 corrected to first order (the second
 *   order is ~x²·2^−106): the erfc allowance at u = −x/√2 plus one ulp for the correction;
 * - φ: the rounded constant ½ ulp, one or two exponentials ≤ 1 ulp each, products ≤ ½ ulp
 *   each: 4 ulps.
 * The measured maxima are about 3 ulps everywhere; 40 ulps is 8.9e-15 relative.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erf, erfc, normalCdf, normalPdf } from '../../src/model/erf.ts';
import { bigErf, bigNormalCdf } from './helpers/bigErf.ts';
import { expectUlps, expectWithin, ULP } from './helpers/within.ts';

const ERF_ULPS = 16;
const WHY = 'the rounding budget of erf.ts in the header of this file';

/** The allowance for erfc(x) by region (header). */
function erfcUlps(x: number): number {
  return Math.abs(x) <= 0.75 ? 40 : 8;
}

/** The allowance for Φ(x) = ½ erfc(−x/√2) (header). */
function cdfUlps(x: number): number {
  return erfcUlps(-x * Math.SQRT1_2) + 1;
}

const PDF_ULPS = 4;

describe('erf and erfc against the BigInt series', () => {
  it('agree within the budget on a grid over [−6, 6] crossing every region boundary', () => {
    for (let i = -600; i <= 600; i++) {
      // An irrational-ish offset keeps the grid off the anchors j/8 and the region edges.
      const x = i / 100 + 0.003141592653589793;
      const reference = bigErf(x);
      expectUlps(erf(x), reference.erf, ERF_ULPS, WHY, { x, fn: 'erf' });
      expectUlps(erfc(x), reference.erfc, erfcUlps(x), WHY, { x, fn: 'erfc' });
    }
  });

  it('agree at the region boundaries 0.75 and 3 and at the anchors', () => {
    const points = [0.75, 0.7500000000000001, 0.7499999999999999, 3, 2.9999999999999996];
    for (let j = 6; j <= 24; j++) points.push(j / 8, j / 8 + 1 / 16, j / 8 - 1 / 16);
    for (const x of points) {
      const reference = bigErf(x);
      expectUlps(erf(x), reference.erf, ERF_ULPS, WHY, { x, fn: 'erf' });
      expectUlps(erfc(x), reference.erfc, erfcUlps(x), WHY, { x, fn: 'erfc' });
      expectUlps(erfc(-x), 2 - reference.erfc, erfcUlps(x), WHY, { x: -x, fn: 'erfc' });
    }
  });

  it('erfc keeps its relative accuracy in the far tail, x ∈ [3, 26.5] (fast-check)', () => {
    fc.assert(
      fc.property(fc.double({ min: 3, max: 26.5, noNaN: true }), (x) => {
        expectUlps(erfc(x), bigErf(x).erfc, erfcUlps(x), WHY, { x, fn: 'erfc' });
      }),
      { numRuns: 60 },
    );
  });

  it('erf is odd bit for bit, and erf + erfc = 1 to rounding', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expect(erf(-x)).toBe(-erf(x));
        // erf (16 ulps of ≤ 1) and erfc (40 ulps of ≤ 2) plus the rounding of the sum.
        expectWithin(erf(x) + erfc(x), 1, (ERF_ULPS + 2 * 40 + 1) * ULP, WHY, { x });
      }),
    );
  });

  it('handles the special values', () => {
    expect(erf(0)).toBe(0);
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
    expect(erfc(27.5)).toBe(0);
    expect(erf(NaN)).toBeNaN();
    expect(erfc(NaN)).toBeNaN();
    // erfc(26.54) ≈ 1.6e-308 is the last normal value; it must still be positive.
    expect(erfc(26.5)).toBeGreaterThan(0);
  });
});

describe('the standard normal CDF Φ and density φ', () => {
  it('Φ agrees with the BigInt series within the budget on [−37.5, 8] (fast-check)', () => {
    fc.assert(
      fc.property(fc.double({ min: -37.5, max: 8, noNaN: true }), (x) => {
        fc.pre(x === 0 || Math.abs(x) >= 2 ** -60);
        expectUlps(normalCdf(x), bigNormalCdf(x), cdfUlps(x), WHY, { x, fn: 'normalCdf' });
      }),
      { numRuns: 80 },
    );
  });

  it('Φ matches mpmath values written here by hand', () => {
    // python3 -c "import mpmath as mp; mp.mp.dps=40; print(mp.ncdf(x))", run once by hand.
    const table: [number, number][] = [
      [-37, 5.725571222524576822683193e-300],
      [-20.25, 1.77619986494957003087104e-91],
      [-8.5, 9.47953482220331835415105e-18],
      [-1.25, 0.1056497736668552576887728],
      [0.75, 0.7733726476231318006729378],
    ];
    for (const [x, value] of table) {
      expectUlps(normalCdf(x), value, cdfUlps(x), WHY, { x });
    }
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-50)).toBe(0);
    expect(normalCdf(50)).toBe(1);
    expect(normalCdf(NaN)).toBeNaN();
  });

  it('φ matches mpmath values written here by hand', () => {
    // python3 -c "import mpmath as mp; mp.mp.dps=40; print(mp.npdf(x))", run once by hand.
    const table: [number, number][] = [
      [0, 0.3989422804014326779399461],
      [0.5, 0.3520653267642994777746804],
      [1.7, 0.09404907737688693026311704],
      [3.25, 0.002029048057299767785656041],
      [8, 5.052271083536892287950185e-15],
      [-12.5, 4.695195357975145999568079e-35],
      [37, 2.120006551524605626852045e-298],
    ];
    for (const [x, value] of table) expectUlps(normalPdf(x), value, PDF_ULPS, WHY, { x });
    expect(normalPdf(45)).toBe(0);
    expect(normalPdf(NaN)).toBeNaN();
  });

  it('φ is the derivative of Φ (central differences)', () => {
    fc.assert(
      fc.property(fc.double({ min: -8, max: 8, noNaN: true }), (x) => {
        const h = 1e-4;
        const slope = (normalCdf(x + h) - normalCdf(x - h)) / (2 * h);
        // Truncation h²/6 · sup|φ''| ≤ h²/6 · 0.4 (|φ''| = |x² − 1|φ ≤ 0.4); rounding: two
        // values of Φ ≤ 1, each within 41 ulps, divided by 2h.
        const tolerance = (h * h * 0.4) / 6 + (2 * 41 * ULP) / (2 * h);
        expectWithin(slope, normalPdf(x), tolerance, 'O(h²) truncation + rounding / h', { x });
      }),
    );
  });
});
