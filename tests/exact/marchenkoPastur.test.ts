/**
 * The Marchenko–Pastur law and its Gauss–Chebyshev quadrature
 * (src/solvers/exact/marchenkoPastur.ts): exact moments up to the rule's degree, the mass and
 * mean of the density by an independent rule, and the Stieltjes transform in closed form.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyRule,
  finiteSpectrumRule,
  mpAtom,
  mpDensity,
  mpIntegrate,
  mpMoment,
  mpRule,
  mpStieltjes,
  mpStieltjesSquared,
  mpSupport,
} from '../../src/solvers/exact/marchenkoPastur.ts';

const EPS = Number.EPSILON;
const DELTAS = [0.1, 0.5, 0.999, 1, 1.001, 2, 5, 20];

function momentByRule(delta: number, nodes: number, p: number): number {
  return applyRule(
    mpRule(delta, nodes),
    (mu, out) => {
      out[0] = mu ** p;
    },
    1,
  )[0];
}

describe('Marchenko–Pastur law', () => {
  it('has the first two moments δ and δ(1 + δ) (Narayana polynomials)', () => {
    for (const delta of DELTAS) {
      // The Narayana sum has p positive terms, each within 3p ulps.
      expect(Math.abs(mpMoment(delta, 1) - delta)).toBeLessThanOrEqual(4 * EPS * delta);
      const second = delta * (1 + delta);
      expect(Math.abs(mpMoment(delta, 2) - second)).toBeLessThanOrEqual(8 * EPS * second);
    }
  });

  it('integrates polynomials of degree ≤ 2N exactly with N nodes, and not degree 2N + 2', () => {
    for (const delta of DELTAS) {
      for (const nodes of [1, 4, 15]) {
        for (let p = 0; p <= 2 * nodes; p++) {
          const exact = mpMoment(delta, p);
          // N + 1 positive terms, each with ≤ p + 6 roundings (power, weight, node), summed
          // with ≤ N + 1 more; the Narayana sum adds ≤ 3p. Relative bound (N + 4p + 8)·ε.
          const tol = (nodes + 4 * p + 8) * EPS * exact;
          const got = momentByRule(delta, nodes, p);
          expect(Math.abs(got - exact), `δ=${delta} N=${nodes} p=${p}`).toBeLessThanOrEqual(tol);
        }
      }
    }

    // Degree 2N + 2 is beyond the rule: the error must be far above rounding (power check).
    const delta = 2;
    const nodes = 4;
    const p = 2 * nodes + 2;
    const exact = mpMoment(delta, p);
    expect(Math.abs(momentByRule(delta, nodes, p) - exact)).toBeGreaterThan(1e6 * EPS * exact);
  });

  it('has a density of mass min(1, δ) and mean δ, with the atom (1 − δ)+ (midpoint rule)', () => {
    for (const delta of [0.25, 0.5, 2, 4]) {
      // Independent rule: midpoint in φ on μ = (1 + δ) + 2√δ cos φ. The integrand
      // p(μ(φ))·2√δ sin φ is analytic and even-periodic, so the midpoint rule with m points
      // converges like r^{2m}, r = min(√δ, 1/√δ) ≤ 0.71 here: at m = 400 this is < 1e-100,
      // leaving only the rounding of m terms, m·ε relative.
      const m = 400;
      const halfWidth = 2 * Math.sqrt(delta);
      let mass = 0;
      let mean = 0;
      for (let i = 0; i < m; i++) {
        const phi = ((i + 0.5) * Math.PI) / m;
        const mu = 1 + delta + halfWidth * Math.cos(phi);
        const piece = (mpDensity(delta, mu) * halfWidth * Math.sin(phi) * Math.PI) / m;
        mass += piece;
        mean += piece * mu;
      }
      const atom = mpAtom(delta);
      expect(Math.abs(mass + atom - 1)).toBeLessThanOrEqual(2 * m * EPS);
      expect(Math.abs(mean - delta)).toBeLessThanOrEqual(2 * m * EPS * delta);
      expect(atom).toBe(Math.max(0, 1 - delta));
      const { lower, upper } = mpSupport(delta);
      expect(mpDensity(delta, lower)).toBe(0);
      expect(mpDensity(delta, upper)).toBe(0);
    }
  });

  it('matches the closed-form Stieltjes transform s(−λ) and ∫ dν/(μ + λ)²', () => {
    for (const delta of [0.3, 1, 2, 5]) {
      for (const lambda of [0.01, 0.1, 1, 10]) {
        const s = mpStieltjes(delta, lambda);
        const s2 = mpStieltjesSquared(delta, lambda);

        // s solves λs² − (1 − δ − λ)s − 1 = 0: each term is ≤ max(λs², |b|s, 1) and carries
        // ≤ 4 roundings.
        const b = 1 - delta - lambda;
        const scale = Math.max(lambda * s * s, Math.abs(b) * s, 1);
        expect(Math.abs(lambda * s * s - b * s - 1)).toBeLessThanOrEqual(16 * EPS * scale);

        // Quadrature: the doubling change bounds the error of the returned (finer) value;
        // rounding of N positive terms adds ≤ (N + 8)·ε relative.
        const first = mpIntegrate(delta, (mu) => 1 / (mu + lambda));
        const second = mpIntegrate(delta, (mu) => 1 / (mu + lambda) ** 2);
        const tolFirst = first.errorEstimate + (first.nodes + 8) * EPS * s;
        const tolSecond = second.errorEstimate + (second.nodes + 8) * EPS * s2;
        expect(Math.abs(first.value - s), `δ=${delta} λ=${lambda}`).toBeLessThanOrEqual(tolFirst);
        expect(Math.abs(second.value - s2), `δ=${delta} λ=${lambda}`).toBeLessThanOrEqual(
          tolSecond,
        );
      }
    }
    // λ = 0 with δ > 1: s(0) = 1/(δ − 1), and ∫ dν/μ² = δ/(δ − 1)³.
    expect(Math.abs(mpStieltjes(3, 0) - 0.5)).toBeLessThanOrEqual(4 * EPS);
    expect(Math.abs(mpStieltjesSquared(3, 0) - 3 / 8)).toBeLessThanOrEqual(8 * EPS);
  });

  it('converges geometrically on s(−λ): error at N = 63 below 1e-3 of that at N = 15', () => {
    // 1/(μ + λ) has its pole at x0 = −(1 + δ + λ)/(2√δ) in x; Gauss rules converge like
    // ρ^{−2N} with ρ = |x0| + √(x0² − 1). For δ = 2, λ = 0.1: ρ ≈ 1.61, so from N = 15 to 63
    // the error shrinks by ρ^{−96} ≈ 1e-20, down to rounding (≈ 1e-15).
    const delta = 2;
    const lambda = 0.1;
    const exact = mpStieltjes(delta, lambda);
    const error = (nodes: number) =>
      Math.abs(
        applyRule(
          mpRule(delta, nodes),
          (mu, out) => {
            out[0] = 1 / (mu + lambda);
          },
          1,
        )[0] - exact,
      );
    const coarse = error(15);
    const fine = error(63);
    expect(coarse).toBeGreaterThan(1e-12);
    expect(fine).toBeLessThanOrEqual(Math.max(1e-3 * coarse, 64 * EPS * exact));
  });

  it('puts weight 1/(N + 1) on μ = 0 at δ = 1, where the edge touches 0', () => {
    for (const nodes of [1, 7, 100]) {
      const rule = mpRule(1, nodes);
      let sum = 0;
      for (let j = 1; j <= nodes; j++) sum += rule.weight[j];
      expect(rule.weight[0]).toBeCloseTo(1 / (nodes + 1), 15);
      // Σ w_j over N terms rounds within N·ε.
      expect(Math.abs(rule.weight[0] + sum - 1)).toBeLessThanOrEqual((nodes + 2) * EPS);
    }
  });

  it('integrates moments exactly for random δ and degrees (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 6, max: 40 }),
        (delta, p, nodes) => {
          const exact = mpMoment(delta, p);
          const tol = (nodes + 4 * p + 8) * EPS * exact;
          return Math.abs(momentByRule(delta, nodes, p) - exact) <= tol;
        },
      ),
    );
  });

  it('rejects invalid input with the parameter named', () => {
    expect(() => mpRule(-1, 10)).toThrow(/delta must be a finite number > 0, received -1/);
    expect(() => mpRule(Number.NaN, 10)).toThrow(RangeError);
    expect(() => mpRule(2, 0)).toThrow(/nodes must be an integer/);
    expect(() => mpStieltjes(0.5, 0)).toThrow(/lambda = 0 needs delta > 1/);
    expect(() => mpStieltjes(2, -1)).toThrow(/lambda must be a finite number ≥ 0, received -1/);
    expect(() => mpMoment(2, 1.5)).toThrow(/p must be an integer/);
    expect(() => mpIntegrate(2, () => Number.NaN)).toThrow(/integrand component 0 is NaN/);
    expect(() => finiteSpectrumRule([1, -3])).toThrow(/eigenvalues\[1\] = -3 is negative/);
    expect(() => finiteSpectrumRule([])).toThrow(/non-empty/);
  });
});
