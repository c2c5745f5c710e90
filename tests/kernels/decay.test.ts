/**
 * Decay handling of update, on both backends: decay multiplies the target exactly once
 * whatever the batch size (so whichever of the 8/4/2/1-row passes comes first applies it),
 * decay = 1 leaves it untouched, and decay = 0 overwrites it even when it holds NaN or ∞.
 *
 * With zero coefficients every product c·x is ±0 and θ·decay − (±0) = θ·decay exactly for a
 * non-zero θ·decay, so these checks are bit-exact: no tolerance.
 */
import { describe, expect, it } from 'vitest';
import { stream } from '../../src/random/streams.ts';
import { createXKernel } from '../../src/solvers/kernels/createXKernel.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { firstBitDifference, sumBoundViolation } from './sumBound.ts';

const seed = suiteSeed();
const n = 24;
const d = 13;
const k = 2;
const X = stream(seed, 'data').fillNormal(new Float64Array(n * d), 1 / Math.sqrt(d));
const theta0 = stream(seed, 'init').fillNormal(new Float64Array(k * d));

describe.each(['wasm', 'typescript'] as const)(`update decay, %s (seed ${seed})`, (backend) => {
  it('multiplies Θ by decay exactly once for every count 0…20, with or without idx', () => {
    const kernel = createXKernel(X, n, d, k, { backend });
    const decay = 0.8125;
    const expected = theta0.map((v) => v * decay);
    for (let count = 0; count <= 20; count++) {
      for (const useIdx of [false, true]) {
        kernel.theta.set(theta0);
        kernel.coef.fill(0);
        for (let i = 0; i < n; i++) kernel.idx[i] = (7 * i + 3) % n;

        kernel.update(count, useIdx, decay, 'theta');

        const at = firstBitDifference(kernel.theta, expected);
        expect(at, `count ${count}, useIdx ${useIdx}: Θ[${at}] = ${kernel.theta[at]}`).toBe(-1);
      }
    }
  });

  it('decay = 1 with an empty batch leaves Θ bit-identical', () => {
    const kernel = createXKernel(X, n, d, k, { backend });
    kernel.theta.set(theta0);

    kernel.update(0, false, 1, 'theta');

    expect(firstBitDifference(kernel.theta, theta0)).toBe(-1);
  });

  it('decay = 0 overwrites work, even when it held NaN and ∞', () => {
    const kernel = createXKernel(X, n, d, k, { backend });
    kernel.work.fill(Number.NaN);
    kernel.work[0] = Number.POSITIVE_INFINITY;
    const coef = stream(seed, 'sme-noise').fillNormal(new Float64Array(n * k));
    kernel.coef.set(coef);

    kernel.update(n, false, 0, 'work');

    // Expected: −Σ_i coef[i·k + a] x_i, summed here in the reference order.
    const expected = new Float64Array(k * d);
    const scale = new Float64Array(k * d);
    for (let a = 0; a < k; a++) {
      for (let j = 0; j < d; j++) {
        for (let i = 0; i < n; i++) {
          expected[a * d + j] -= coef[i * k + a] * X[i * d + j];
          scale[a * d + j] += Math.abs(coef[i * k + a] * X[i * d + j]);
        }
      }
    }
    // n products in any order: |error| ≤ γ_n Σ|terms| for each side (tests/kernels/sumBound.ts).
    expect(sumBoundViolation('work', kernel.work, expected, scale, n)).toBeNull();
  });

  it('a non-finite Θ entry shows in the next dots as false', () => {
    const kernel = createXKernel(X, n, d, k, { backend });
    kernel.theta.set(theta0);
    expect(kernel.dots(n, false, 'theta')).toBe(true);

    kernel.coef.fill(0);
    kernel.coef[k * 5 + 1] = Number.POSITIVE_INFINITY;
    kernel.update(n, false, 1, 'theta');

    expect(kernel.dots(1, false, 'theta')).toBe(false);
    expect(Number.isFinite(kernel.r[1])).toBe(false);
  });
});
