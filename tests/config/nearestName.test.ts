/**
 * The Damerau–Levenshtein distance and the suggestions built on it.
 *
 * Known distances are from the definition (worked by hand); the metric properties are
 * checked on fast-check strings (seed from properties/setup.ts) over a small alphabet, so
 * that repeated letters, and hence transpositions, are common. Distances are integers, so
 * every comparison is exact.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { damerauLevenshtein, nearestName } from '../../src/model/nearestName.ts';
import { CONFIG_FIELDS } from '../../src/model/parseConfig.ts';

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 7 });

/** Plain Levenshtein distance, as an upper bound (no transpositions). */
function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}

describe('damerauLevenshtein', () => {
  test('known distances', () => {
    expect(damerauLevenshtein('', '')).toBe(0);
    expect(damerauLevenshtein('', 'abc')).toBe(3);
    expect(damerauLevenshtein('delat', 'delta')).toBe(1);
    expect(damerauLevenshtein('kitten', 'sitting')).toBe(3);
    // The unrestricted distance edits inside a transposed pair: ca → ac → abc is 2 edits;
    // the restricted (optimal string alignment) variant would give 3.
    expect(damerauLevenshtein('ca', 'abc')).toBe(2);
    expect(damerauLevenshtein('ab', 'ba')).toBe(1);
    expect(damerauLevenshtein('gamma', 'lambda')).toBe(3);
    // Code points, not UTF-16 units: one astral character is one symbol.
    expect(damerauLevenshtein('a😀', 'a😁')).toBe(1);
  });

  test('is a metric bounded by the Levenshtein distance', () => {
    fc.assert(
      fc.property(word, word, word, (a, b, c) => {
        const ab = damerauLevenshtein(a, b);
        expect(ab).toBe(damerauLevenshtein(b, a));
        expect(ab === 0).toBe(a === b);
        expect(ab).toBeLessThanOrEqual(damerauLevenshtein(a, c) + damerauLevenshtein(c, b));
        expect(ab).toBeLessThanOrEqual(levenshtein(a, b));
        expect(ab).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
      { numRuns: 300 },
    );
  });

  test('one adjacent transposition costs exactly 1', () => {
    fc.assert(
      fc.property(word, fc.nat(), (a, at) => {
        fc.pre(a.length >= 2);
        const i = at % (a.length - 1);
        fc.pre(a[i] !== a[i + 1]);
        const swapped = a.slice(0, i) + a[i + 1] + a[i] + a.slice(i + 2);
        expect(damerauLevenshtein(a, swapped)).toBe(1);
      }),
    );
  });

  test('rejects non-strings with a TypeError naming the parameter', () => {
    expect(() => damerauLevenshtein(3 as unknown as string, 'a')).toThrow(/^a must be a string/);
    expect(() => damerauLevenshtein('a', null as unknown as string)).toThrow(/^b must be/);
  });
});

describe('nearestName', () => {
  const top = CONFIG_FIELDS[''];

  test('suggests the intended field for common slips', () => {
    expect(nearestName('delat', top)).toBe('delta');
    expect(nearestName('Delta', top)).toBe('delta');
    expect(nearestName('lamda', top)).toBe('lambda');
    expect(nearestName('time', top)).toBe('times');
    expect(nearestName('teacehr', top)).toBe('teacher');
    expect(nearestName('gama', CONFIG_FIELDS.algorithm)).toBe('gamma');
    expect(nearestName('smenoise', CONFIG_FIELDS.algorithm)).toBe('smeNoise');
    expect(nearestName('overlaps', CONFIG_FIELDS.init)).toBe('overlap');
  });

  test('stays silent when nothing is close', () => {
    expect(nearestName('xyzzy', top)).toBeUndefined();
    expect(nearestName('optimizer', CONFIG_FIELDS.algorithm)).toBeUndefined();
    // Two edits are too many for a 3-letter name.
    expect(nearestName('kpa', ['kappa'])).toBeUndefined();
    expect(nearestName('anything', [])).toBeUndefined();
  });

  test('ties go to the earlier candidate', () => {
    expect(nearestName('ab', ['ac', 'ad'])).toBe('ac');
    expect(nearestName('ab', ['ad', 'ac'])).toBe('ad');
  });

  test('rejects bad arguments with a TypeError', () => {
    expect(() => nearestName(1 as unknown as string, top)).toThrow(TypeError);
    expect(() => nearestName('a', 'abc' as unknown as string[])).toThrow(/candidates/);
  });
});
