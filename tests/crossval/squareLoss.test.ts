/**
 * Comparison 3 (docs/crossval.md): square loss, linear teacher and student (docs/exact.md).
 * The continuous-time DMFT limits — 'sgd' and 'sme' against the homogenized-SGD Volterra
 * equation (volterraSGD: SGD = SME for a linear model), 'gf' against the Marchenko–Pastur
 * closed form of GF (squareLossExact) — and, on the way, the 'gf' grid scheme against exact
 * GD at every step of the ladder.
 *
 * No Monte Carlo: for an affine loss gradient the DMFT closes on deterministic moments, so
 * every tolerance is a numerical bound (tests/crossval/helpers/squareLossComparison.ts):
 * one Richardson step on the ladder h, h/2, h/4, h/8 leaves a remainder that the differences
 * of successive Richardson values give exactly to O(h⁴); the tolerance is 3× that, plus the
 * oracle's own error (Volterra step Δ vs Δ/2, or the quadrature tolerance 1e-12·(1 + |v|))
 * plus N²·eps·(1 + |v|) for rounding.
 */
import { describe, expect, it } from 'vitest';
import { suiteSeed } from '../helpers/seed.ts';
import { itSquareLoss } from './helpers/itSquareLoss.ts';
import { squareLossComparison } from './helpers/squareLossComparison.ts';
import { SQUARE } from './helpers/suiteSizes.ts';

const seed = suiteSeed();

describe(`square loss: continuous DMFT limits against closed forms (suite seed ${seed})`, () => {
  itSquareLoss(SQUARE, { seeds: [seed], file: 'tests/crossval/squareLoss.test.ts' });

  it('has power: a 5 % error in the learning rate of the limit is rejected', () => {
    // The Volterra oracle at γ and the DMFT at 1.05γ differ by the noise-driven part of the
    // dynamics times 5 %, ≈ 0.05·(Q_SGD − Q_GF) ≈ 3e-3 at t = 0.5, an order of magnitude above
    // the grid tolerance (≈ 1e-4): at least one comparison must fail (1 % already does).
    const wrong = squareLossComparison(
      { ...SQUARE, gamma: SQUARE.gamma * 1.05 },
      { oracleGamma: SQUARE.gamma },
    );
    const rejected = wrong.filter((r) => !r.pass && r.check.includes('volterraSGD'));
    expect(rejected.length, 'the comparison cannot tell γ from 1.05γ').toBeGreaterThan(0);
  });
});
