/**
 * The loss registry (src/model/losses.ts): derivatives in f and the mixed derivative in
 * (f, y) against central differences, and overflow-free evaluation of the logistic loss.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getLoss, LOSS_NAMES, LOSSES, sigmoid, softplus } from '../../src/model/losses.ts';
import { centralDifference } from './helpers/finiteDifference.ts';
import { expectUlps, expectWithin } from './helpers/within.ts';

describe('loss derivatives', () => {
  it('L_f, L_ff and L_fy against central differences (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LOSS_NAMES),
        fc.double({ min: -20, max: 20, noNaN: true }),
        fc.oneof(fc.constantFrom(-1, 1), fc.double({ min: -3, max: 3, noNaN: true })),
        (name, f, y) => {
          const loss = LOSSES[name];
          const h = 1e-3;
          const context = { name, f, y };
          const first = centralDifference((t) => loss.value(t, y), f, h);
          expectWithin(loss.d1(f, y), first.estimate, first.tolerance, 'O(h²)', context);
          const second = centralDifference((t) => loss.d1(t, y), f, h);
          expectWithin(loss.d2(f, y), second.estimate, second.tolerance, 'O(h²)', context);
          const mixed = centralDifference((t) => loss.d1(f, t), y, h);
          expectWithin(loss.dfy(f, y), mixed.estimate, mixed.tolerance, 'O(h²)', context);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the logistic loss is stable', () => {
  it('neither overflows nor cancels at large |yf|', () => {
    const logistic = LOSSES.logistic;
    // softplus(−800) = e^{−800} underflows to 0 in double; softplus(800) = 800 exactly.
    expect(logistic.value(800, 1)).toBe(0);
    expect(logistic.value(800, -1)).toBe(800);
    expect(logistic.d1(800, -1)).toBe(1);
    expect(logistic.d2(800, 1)).toBe(0);
    // softplus(−40) = log1p(e^{−40}) = e^{−40}(1 − e^{−40}/2 …): within a few ulps of e^{−40}.
    expectUlps(softplus(-40), Math.exp(-40), 4, 'log1p and exp, ≤ 1 ulp each');
    expectUlps(sigmoid(-40), Math.exp(-40) / (1 + Math.exp(-40)), 4, 'one division');
    for (const t of [-50, -3, 0, 2, 50]) {
      expect(Number.isFinite(logistic.dfy(t, 1))).toBe(true);
      expect(Number.isFinite(logistic.dfy(t, -1))).toBe(true);
    }
  });

  it('propagates NaN', () => {
    for (const loss of Object.values(LOSSES)) {
      expect(loss.value(NaN, 1)).toBeNaN();
      expect(loss.d1(NaN, 1)).toBeNaN();
      expect(loss.d2(1, NaN)).toBeNaN();
      expect(loss.dfy(NaN, 1)).toBeNaN();
    }
  });

  it('rejects unknown names, naming the field', () => {
    expect(() => getLoss('hinge')).toThrow(
      /loss must be one of square, logistic, received "hinge"/,
    );
    expect(() => getLoss(undefined)).toThrow(TypeError);
  });
});
