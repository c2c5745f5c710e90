/**
 * The link registry (src/model/links.ts): conventions at the kinks, derivatives against
 * central differences, the suprema used by curvature bounds, and registry errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getLink, LINK_NAMES, LINKS } from '../../src/model/links.ts';
import { expectNormalPiecewise } from '../../src/model/expectGaussian.ts';
import { centralDifference } from './helpers/finiteDifference.ts';
import { expectWithin, ULP } from './helpers/within.ts';

describe('link conventions', () => {
  it("sign(0) = +1, relu'(0) = abs'(0) = 0, and piecewise-linear second derivatives vanish", () => {
    expect(LINKS.sign.value(0)).toBe(1);
    expect(LINKS.sign.value(-0)).toBe(1);
    expect(LINKS.sign.value(-1e-300)).toBe(-1);
    expect(LINKS.relu.d1(0)).toBe(0);
    expect(LINKS.abs.d1(0)).toBe(0);
    for (const name of ['linear', 'relu', 'abs', 'sign'] as const) {
      for (const u of [-2, -1e-9, 0, 3]) expect(LINKS[name].d2(u)).toBe(0);
    }
    for (const u of [-2, 0, 5]) expect(LINKS.sign.d1(u)).toBe(0);
  });

  it("the erf link is erf(u/√2): E σ(z)² = 1/3 and σ'(0) = √(2/π)", () => {
    // The adaptive rule reaches 1e-14 of E|σ²| ≤ 1 (expectGaussian.ts); 1e-14 is allowed.
    const second = expectNormalPiecewise((x) => LINKS.erf.value(x) ** 2);
    expectWithin(second, 1 / 3, 1e-14, 'adaptive rule target 1e-14 of E|h|');
    // √(2/π) is rounded once and 2φ(0) is within 4 ulps (erf.test.ts).
    expectWithin(LINKS.erf.d1(0), Math.sqrt(2 / Math.PI), 5 * ULP, 'φ allowance + rounding');
  });

  it('every function propagates NaN', () => {
    for (const link of Object.values(LINKS)) {
      expect(link.value(NaN), link.name).toBeNaN();
      expect(link.d1(NaN), link.name).toBeNaN();
      expect(link.d2(NaN), link.name).toBeNaN();
    }
  });

  it("tanh' and tanh'' stay finite and exact in the far tails", () => {
    expect(LINKS.tanh.d1(800)).toBe(0);
    expect(LINKS.tanh.d2(-800)).toBe(0);
    // 1/cosh²(30) = 4e^{−60}(1 + O(e^{−60})): relative accuracy, not 1 − tanh² = 0.
    expectWithin(LINKS.tanh.d1(30), 4 * Math.exp(-60), 8 * ULP * 4 * Math.exp(-60), 'few ulps');
  });
});

describe('derivatives against central differences', () => {
  it("σ' and σ'' of every link, away from the kink at 0 (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LINK_NAMES),
        fc.double({ min: -6, max: 6, noNaN: true }),
        (name, u) => {
          const link = LINKS[name];
          const h = 1e-3;
          // Non-smooth links must keep the stencil u ± h on one side of the kink.
          fc.pre(link.smooth || Math.abs(u) > 2 * h);
          const first = centralDifference(link.value, u, h);
          expectWithin(link.d1(u), first.estimate, first.tolerance, 'O(h²) + rounding', {
            name,
            u,
          });
          const second = centralDifference(link.d1, u, h);
          expectWithin(link.d2(u), second.estimate, second.tolerance, 'O(h²) + rounding', {
            name,
            u,
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it("the stated suprema bound |σ|, |σ'|, |σ''| and are nearly attained on a grid", () => {
    for (const link of Object.values(LINKS)) {
      let value = 0;
      let d1 = 0;
      let d2 = 0;
      for (let i = -4000; i <= 4000; i++) {
        const u = i / 500;
        value = Math.max(value, Math.abs(link.value(u)));
        d1 = Math.max(d1, Math.abs(link.d1(u)));
        d2 = Math.max(d2, Math.abs(link.d2(u)));
      }
      // The grid step 1/500 misses a smooth maximum by O(step²)·|f''| < 1e-5 of it; bounded
      // links reach their supremum only at infinity, within e^{−16} at |u| = 8.
      const slack = 1e-5;
      if (Number.isFinite(link.supValue)) {
        expect(value, link.name).toBeLessThanOrEqual(link.supValue);
        expect(value, link.name).toBeGreaterThanOrEqual(link.supValue * (1 - slack));
      }
      expect(d1, link.name).toBeLessThanOrEqual(link.supD1 * (1 + 4 * ULP));
      expect(d1, link.name).toBeGreaterThanOrEqual(link.supD1 * (1 - slack));
      expect(d2, link.name).toBeLessThanOrEqual(link.supD2 * (1 + 4 * ULP));
      expect(d2, link.name).toBeGreaterThanOrEqual(link.supD2 * (1 - slack));
    }
  });
});

describe('the registry', () => {
  it('rejects unknown names and non-strings, naming the field', () => {
    expect(() => getLink('softsign', 'teacher.link')).toThrow(RangeError);
    expect(() => getLink('softsign', 'teacher.link')).toThrow(/teacher\.link.*"softsign"/);
    expect(() => getLink(3, 'student.link')).toThrow(TypeError);
    expect(() => getLink('toString')).toThrow(RangeError);
    expect(getLink('erf').name).toBe('erf');
  });
});
