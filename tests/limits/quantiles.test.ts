/**
 * The quantiles every statistical tolerance rests on, against tabulated values (Abramowitz and
 * Stegun, Table 26.1 and 26.10; values to 9 digits), and the Welch–Satterthwaite rule of
 * compareValue that replaces the normal quantile when a standard error is estimated. A
 * quantile that came out too large would widen every tolerance silently, so these are checked
 * directly and not only through the statements.
 */
import { describe, expect, it } from 'vitest';
import { bonferroni } from '../../src/limits/bonferroni.ts';
import { compareValue } from '../../src/limits/compareValue.ts';
import { studentQuantile } from '../../src/limits/studentQuantile.ts';
import { zQuantile } from '../../src/limits/zQuantile.ts';

describe('normal and Student quantiles', () => {
  it('zQuantile matches the two-sided normal table', () => {
    const table: [number, number][] = [
      [0.9, 0.125661347],
      [0.5, 0.67448975],
      [0.05, 1.959963985],
      [0.01, 2.575829304],
      [1e-4, 3.890591886],
      [1e-8, 5.730728868],
    ];
    for (const [p, z] of table) expect(Math.abs(zQuantile(p) - z)).toBeLessThan(1e-8);
    expect(() => zQuantile(0)).toThrow(/p must be a probability in \(0, 1\); received 0/);
    expect(() => zQuantile(1)).toThrow(/received 1/);
  });

  it('studentQuantile matches the two-sided t table and tends to the normal one', () => {
    expect(Math.abs(studentQuantile(0.05, 19) - 2.093024054)).toBeLessThan(1e-6);
    expect(Math.abs(studentQuantile(0.001, 7) - 5.407882521)).toBeLessThan(1e-6);
    // Large ν: the first Cornish–Fisher term, t ≈ z + (z³ + z)/(4ν), error O(ν⁻²).
    const z = zQuantile(1e-4);
    const expansion = z + (z ** 3 + z) / (4 * 1000);
    expect(Math.abs(studentQuantile(1e-4, 1000) - expansion)).toBeLessThan(1e-3);
  });

  it('bonferroni is the normal quantile of alpha/m and refuses bad arguments', () => {
    expect(bonferroni(0.05, 1)).toBe(zQuantile(0.05));
    expect(bonferroni(1e-4, 40)).toBe(zQuantile(2.5e-6));
    expect(() => bonferroni(0, 3)).toThrow(/alpha must be in \(0, 1\); received 0/);
    expect(() => bonferroni(0.01, 0)).toThrow(/m must be a positive integer; received 0/);
    expect(() => bonferroni(0.01, 2.5)).toThrow(/received 2.5/);
  });
});

describe('compareValue with estimated standard errors', () => {
  const base = {
    label: 'x',
    observable: 'Q',
    time: 1,
    value: 1,
    reference: 0,
  };
  const parts = (extra: object) => ({
    finiteSe: 1,
    mcSe: 0,
    gridBound: 0,
    biasBound: 0,
    z: zQuantile(1e-4 / 10),
    alpha: 1e-4,
    comparisons: 10,
    ...extra,
  });

  it('keeps the normal quantile when no degrees of freedom are given', () => {
    const c = compareValue({ ...base, parts: parts({}) });
    expect(c.parts.z).toBe(zQuantile(1e-5));
    expect(c.tolerance).toBe(zQuantile(1e-5));
  });

  it('uses the t quantile with R − 1 for a replicate standard error', () => {
    const c = compareValue({ ...base, parts: parts({ finiteDof: 19 }) });
    expect(c.parts.dof).toBe(19);
    expect(c.parts.z).toBe(studentQuantile(1e-5, 19));
    expect(c.tolerance).toBeCloseTo(studentQuantile(1e-5, 19), 12);
  });

  it('combines two estimated errors by Welch–Satterthwaite', () => {
    const both = compareValue({ ...base, parts: parts({ mcSe: 1, finiteDof: 9, mcDof: 9 }) });
    expect(both.parts.dof).toBe(18);
    const oneKnown = compareValue({ ...base, parts: parts({ mcSe: 1, finiteDof: 9 }) });
    expect(oneKnown.parts.dof).toBe(36);
    expect(oneKnown.tolerance).toBeCloseTo(Math.SQRT2 * studentQuantile(1e-5, 36), 12);
  });

  it('refuses degrees of freedom below 1', () => {
    expect(() => compareValue({ ...base, parts: parts({ finiteDof: 0 }) })).toThrow(
      /finiteDof must be a number ≥ 1; received 0/,
    );
  });
});
