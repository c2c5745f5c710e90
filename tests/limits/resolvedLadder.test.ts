/**
 * resolvedLadder (src/limits/resolvedLadder.ts): which points of a rate ladder enter the fit,
 * and when a verdict is inconclusive rather than failed. Deterministic: built from explicit
 * comparisons.
 */
import { describe, expect, it } from 'vitest';
import { compareValue } from '../../src/limits/compareValue.ts';
import { resolvedLadder } from '../../src/limits/resolvedLadder.ts';

function point(x: number, gap: number, mcSe: number, grid: number) {
  const comparison = compareValue({
    label: 'gap is signal',
    observable: 'Q',
    time: 1,
    value: gap,
    reference: 0,
    kind: 'exceeds',
    parts: { finiteSe: 0, mcSe, gridBound: grid, biasBound: 0, z: 4, alpha: 1e-4, comparisons: 4 },
  });
  return { x, label: `x = ${x}`, comparison, se: mcSe };
}

describe('resolvedLadder', () => {
  it('fits the resolved points and says which were left out', () => {
    const out = resolvedLadder('Q at t = 1', [
      point(0.4, 0.1, 0.001, 0),
      point(0.2, 0.05, 0.001, 0),
      point(0.1, 0.002, 0.001, 0),
    ]);
    expect(out.ladder?.map((p) => p.x)).toEqual([0.4, 0.2]);
    expect(out.comparisons).toHaveLength(2);
    expect(out.notes).toEqual([
      'Q at t = 1, x = 0.1: gap 2.00e-3 within its error 4.00e-3; not in the fit',
    ]);
    expect(out.inconclusive).toBeNull();
  });

  it('is inconclusive when fewer than two gaps clear their tolerance, naming the error', () => {
    const noisy = resolvedLadder('Q at t = 1', [
      point(0.4, 0.1, 0.001, 0),
      point(0.2, 0.003, 0.001, 0.0005),
    ]);
    expect(noisy.ladder).toBeNull();
    expect(noisy.comparisons).toHaveLength(1);
    expect(noisy.inconclusive).toMatch(/resolved at 1 of 2 points; .*more DMFT paths/);
    const coarse = resolvedLadder('Q at t = 1', [
      point(0.4, 1e-4, 0, 1e-3),
      point(0.2, 1e-5, 0, 1e-3),
    ]);
    expect(coarse.inconclusive).toMatch(/resolved at 0 of 2 points; .*a finer DMFT grid/);
    expect(coarse.comparisons).toHaveLength(0);
  });

  it('fails when a gap does not exceed a zero tolerance (closed forms)', () => {
    const out = resolvedLadder('Q at t = 1', [point(0.4, 0, 0, 0), point(0.2, 0, 0, 0)]);
    expect(out.inconclusive).toBeNull();
    expect(out.ladder).toBeNull();
    expect(out.comparisons).toHaveLength(2);
    expect(out.comparisons.every((c) => !c.pass)).toBe(true);
  });
});
