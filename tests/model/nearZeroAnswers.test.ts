/**
 * Regressions: nested adaptive integrals whose answer is far below the integrand's scale
 * (a nearly uncorrelated pair) once refined on rounding noise until the panel budget ran out
 * (13.6 s for one tanh·tanh pair at correlation 1e-9, and a hang in expectGaussianPiecewise).
 * The answers are known exactly to first order in the correlation c:
 *   E[tanh(u) tanh(v)] = c·E tanh′(u)·E tanh′(v) + O(c³), and E[u relu(v)] = c/2 exactly.
 * Cost is bounded through the number of integrand calls, not through time.
 */
import { describe, expect, it } from 'vitest';
import { expectGaussianPiecewise, expectNormalPiecewise } from '../../src/model/expectGaussian.ts';
import { pairExpectation } from '../../src/model/pairExpectations.ts';

describe('nested integrals with near-zero answers', () => {
  it('tanh·tanh at correlation 1e-9 equals c·E tanh′(u)·E tanh′(v) to 1e-14', () => {
    const [cuu, c, cvv] = [0.14, 1e-9, 0.165];
    const slope = (variance: number) =>
      expectNormalPiecewise((x) => 1 - Math.tanh(Math.sqrt(variance) * x) ** 2);
    const expected = c * slope(cuu) * slope(cvv);
    // The O(c³) remainder is ~1e-27; the stated absolute accuracy of the nested rule is
    // 2e-14·min(1, √cuu).
    expect(Math.abs(pairExpectation('tanh', 'tanh', cuu, c, cvv) - expected)).toBeLessThan(1e-14);
  });

  it('E[u relu(v)] at covariance 1e-9 is 5e-10, within a bounded number of calls', () => {
    let calls = 0;
    const value = expectGaussianPiecewise(
      [
        [0.8, 1e-9],
        [1e-9, 1.3],
      ],
      (z) => {
        calls += 1;
        return z[0] * Math.max(z[1], 0);
      },
      [false, true],
    );
    // Accuracy: 2e-14 of E|g| ≈ 0.4 (the outer absolute target), far below the answer.
    expect(Math.abs(value - 5e-10)).toBeLessThan(2e-14);
    // A converged nested rule uses a few hundred panels of ~50 nodes in each direction; the
    // old behaviour exhausted a 4000-panel budget on the outer rule, i.e. > 10⁷ calls.
    expect(calls).toBeLessThan(2_000_000);
  });
});
