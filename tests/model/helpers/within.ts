/**
 * One assertion for numerical closeness that reports the measured error, the allowed error,
 * where the allowance comes from, and the case (seed, inputs) so a failure can be replayed.
 */
import { expect } from 'vitest';

/** 2^−52, the spacing of doubles in [1, 2): "one ulp" in relative terms throughout. */
export const ULP = 2 ** -52;

export function expectWithin(
  actual: number,
  expected: number,
  tolerance: number,
  derivation: string,
  context: Record<string, unknown> = {},
): void {
  const error = Math.abs(actual - expected);
  const message =
    `|${actual} − ${expected}| = ${error} > ${tolerance} (${derivation}); case: ` +
    JSON.stringify(context);
  expect(Number.isFinite(actual), message).toBe(true);
  expect(error, message).toBeLessThanOrEqual(tolerance);
}

/** Relative closeness in ulps: |actual − expected| ≤ ulps · 2^−52 · |expected|. */
export function expectUlps(
  actual: number,
  expected: number,
  ulps: number,
  derivation: string,
  context: Record<string, unknown> = {},
): void {
  expectWithin(actual, expected, ulps * ULP * Math.abs(expected), derivation, context);
}
