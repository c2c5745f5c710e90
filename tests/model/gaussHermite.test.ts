/**
 * The probabilists' Gauss–Hermite rule (src/model/gaussHermite.ts): exactness for moments up
 * to the rule's degree 2m − 1, normalisation, symmetry, caching and validation.
 *
 * Allowances (u = 2^−53): weights are Christoffel numbers 1/Σ_{n<m} p_n(x)², a sum of m
 * positive terms (≤ (m + 2)u relative) at nodes that Newton polishes to a few u; z^{2j} at such
 * a node carries ≤ 2j·4u; the moment sums m positive terms (≤ m·u). So the relative error of
 * E z^{2j} is at most (2m + 8j + 8)u. Odd moments cancel in pairs; their sum is off by at most
 * m·u·Σ w|x|^{2j+1}.
 */
import { describe, expect, it } from 'vitest';
import { gaussHermite, GAUSS_HERMITE_MAX_NODES } from '../../src/model/gaussHermite.ts';
import { expectWithin } from './helpers/within.ts';

const U = 2 ** -53;
const SIZES = [1, 2, 3, 4, 5, 7, 8, 10, 16, 20, 31, 50, 64, 100, 127, 150, 199, 200];

describe('Gauss–Hermite rule for N(0, 1)', () => {
  it('integrates z^{2j} to (2j − 1)!! for every 2j ≤ 2m − 1, and odd powers to 0', () => {
    for (const m of SIZES) {
      const { nodes, weights } = gaussHermite(m);
      let doubleFactorial = 1;
      // (2j − 1)!! overflows past j ≈ 150; j ≤ 100 keeps every moment finite.
      for (let j = 0; 2 * j <= 2 * m - 1 && j <= 100; j++) {
        if (j > 0) doubleFactorial *= 2 * j - 1;
        let even = 0;
        let odd = 0;
        let oddAbs = 0;
        for (let i = 0; i < m; i++) {
          even += weights[i] * nodes[i] ** (2 * j);
          const t = weights[i] * nodes[i] ** (2 * j + 1);
          odd += t;
          oddAbs += Math.abs(t);
        }
        const why = 'Christoffel weights, Newton nodes and a positive sum (header)';
        expectWithin(even, doubleFactorial, (2 * m + 8 * j + 8) * U * doubleFactorial, why, {
          m,
          j,
        });
        if (2 * j + 1 <= 2 * m - 1) {
          expectWithin(odd, 0, m * U * oddAbs + Number.MIN_VALUE, 'pairwise cancellation', {
            m,
            j,
          });
        }
      }
    }
  });

  it('has sorted symmetric nodes, positive weights, and x = 0 exactly for odd m', () => {
    for (const m of SIZES) {
      const { nodes, weights } = gaussHermite(m);
      for (let i = 0; i < m; i++) {
        expect(weights[i]).toBeGreaterThan(0);
        expect(nodes[m - 1 - i] + nodes[i]).toBe(0);
        expect(weights[m - 1 - i]).toBe(weights[i]);
        if (i > 0) expect(nodes[i]).toBeGreaterThan(nodes[i - 1]);
      }
      if (m % 2 === 1) expect(nodes[(m - 1) / 2]).toBe(0);
    }
  });

  it('knows the small rules: m = 2 at ±1; m = 3 at 0, ±√3 with weights 2/3, 1/6', () => {
    const two = gaussHermite(2);
    expect(Array.from(two.nodes)).toEqual([-1, 1]);
    expect(Array.from(two.weights)).toEqual([0.5, 0.5]);
    const three = gaussHermite(3);
    expectWithin(three.nodes[2], Math.sqrt(3), 4 * U * 2, 'Newton-polished node, few ulps');
    expectWithin(three.weights[1], 2 / 3, 8 * U, 'Christoffel sum of 3 terms');
    expectWithin(three.weights[0], 1 / 6, 8 * U, 'Christoffel sum of 3 terms');
  });

  it('hands out copies, so a caller cannot corrupt the cache', () => {
    const first = gaussHermite(12);
    first.nodes[0] = 99;
    first.weights.fill(0);
    const second = gaussHermite(12);
    expect(second.nodes[0]).not.toBe(99);
    expect(second.weights[0]).toBeGreaterThan(0);
  });

  it('rejects node counts outside 1 … 200, naming the value', () => {
    for (const m of [0, -1, 1.5, GAUSS_HERMITE_MAX_NODES + 1, NaN]) {
      expect(() => gaussHermite(m)).toThrow(RangeError);
    }
    expect(() => gaussHermite(201)).toThrow(/\[1, 200\], received 201/);
  });
});
