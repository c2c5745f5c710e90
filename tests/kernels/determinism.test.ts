/**
 * Same inputs → same bits: a run of SGD steps through the WebAssembly kernels gives
 * bit-identical preactivations and iterates on two separate kernels, on one kernel run
 * twice, and in a separate Node process; views stay attached to the same, never-grown
 * memory throughout.
 *
 * No tolerance: the comparison is of raw bits (tests/kernels/sumBound.ts, firstBitDifference).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stream } from '../../src/random/streams.ts';
import { createXKernel, type XKernel } from '../../src/solvers/kernels/createXKernel.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { sgdDigest } from './sgdDigest.ts';
import { firstBitDifference } from './sumBound.ts';

const seed = suiteSeed();

/** Shapes that exercise every block path: 8/4/2/1-row blocks, odd d, k > 1, d below 8. */
const SHAPES = [
  { n: 300, d: 257, k: 1, kappa: 1 },
  { n: 300, d: 257, k: 2, kappa: 13 },
  { n: 200, d: 64, k: 3, kappa: 64 },
  { n: 50, d: 5, k: 1, kappa: 7 },
];

/**
 * SGD with square loss against labels y = x·θ*: `steps` steps with batches drawn on the
 * 'batches' stream; returns the concatenated r of every step and the final Θ.
 */
function run(kernel: XKernel, y: Float64Array, kappa: number, steps: number) {
  const { n, k } = kernel;
  const rng = stream(seed, 'batches');
  const rs: number[] = [];
  kernel.theta.fill(0.1);

  for (let s = 0; s < steps; s++) {
    for (let b = 0; b < kappa; b++) kernel.idx[b] = rng.int(n);
    kernel.dots(kappa, true, 'theta');
    for (let b = 0; b < kappa * k; b++) {
      rs.push(kernel.r[b]);
      kernel.coef[b] = 0.3 * (kernel.r[b] - y[kernel.idx[Math.floor(b / k)]]);
    }
    kernel.update(kappa, true, 0.999, 'theta');
  }
  return { r: Float64Array.from(rs), theta: kernel.theta.slice() };
}

describe(`XKernel bit-identical repeats (suite seed ${seed})`, () => {
  for (const shape of SHAPES) {
    it(`n = ${shape.n}, d = ${shape.d}, k = ${shape.k}, κ = ${shape.kappa}`, () => {
      const { n, d, k, kappa } = shape;
      const X = stream(seed, 'data').fillNormal(new Float64Array(n * d), 1 / Math.sqrt(d));
      const y = stream(seed, 'label-noise').fillNormal(new Float64Array(n));
      const first = createXKernel(X, n, d, k, { backend: 'wasm' });
      const second = createXKernel(X, n, d, k, { backend: 'wasm' });
      const buffer = first.theta.buffer;
      const bytes = buffer.byteLength;

      const a = run(first, y, kappa, 40);
      const b = run(second, y, kappa, 40);
      const c = run(first, y, kappa, 40);

      const where = `seed ${seed}, shape ${JSON.stringify(shape)}`;
      expect(firstBitDifference(a.r, b.r), `r differs between kernels: ${where}`).toBe(-1);
      expect(firstBitDifference(a.theta, b.theta), `Θ differs: ${where}`).toBe(-1);
      expect(firstBitDifference(a.r, c.r), `r differs on a rerun: ${where}`).toBe(-1);
      expect(firstBitDifference(a.theta, c.theta), `Θ differs on a rerun: ${where}`).toBe(-1);
      // The run moved Θ (so the comparison is not between untouched buffers).
      expect(
        a.theta.some((v) => v !== 0.1),
        where,
      ).toBe(true);
      expect(first.theta.buffer).toBe(buffer);
      expect(buffer.byteLength).toBe(bytes);
    });
  }

  it('gives the same bits in a fresh Node process', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));

    const child = execFileSync(
      process.execPath,
      ['bin/run-ts.mjs', 'tests/kernels/sgdDigest.ts', String(seed)],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    ).trim();

    expect(child, `seed ${seed}: digest of Θ after 200 steps`).toBe(sgdDigest(seed));
  });
});
