/**
 * The WebAssembly SIMD kernels agree with the plain TypeScript reference on random shapes:
 * n, d (odd included, and d < 8 where the SIMD loops have no full block), k ∈ {1, 2, 3},
 * batches with repeated rows, a shifted first position, both targets and several decays.
 *
 * Tolerance: both implementations compute each output as a sum of m rounded products in some
 * order, so they differ by at most 2·γ_m·Σ|terms| (tests/kernels/sumBound.ts), with m = d for
 * dots and m = count + 1 for update (the count products c·x and decay·θ). Everything a call
 * must not touch is compared bit for bit.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/random/streams.ts';
import { createXKernel, type XKernel } from '../../src/solvers/kernels/createXKernel.ts';
import { gammaBound, firstBitDifference, sumBoundViolation } from './sumBound.ts';

interface Case {
  n: number;
  d: number;
  k: number;
  seed: number;
  first: number;
  count: number;
  useIdx: boolean;
  idx: number[];
  target: 'theta' | 'work';
  decay: number;
}

const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    n: fc.integer({ min: 1, max: 40 }),
    d: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 300 })),
    k: fc.constantFrom(1, 2, 3),
    seed: fc.nat(),
    useIdx: fc.boolean(),
    target: fc.constantFrom('theta' as const, 'work' as const),
    decay: fc.oneof(
      fc.constant(1),
      fc.constant(0),
      fc.double({ min: -1, max: 2, noNaN: true, noDefaultInfinity: true }),
    ),
  })
  .chain((base) =>
    fc.integer({ min: 0, max: base.n }).chain((first) =>
      fc
        .record({
          first: fc.constant(first),
          count: fc.integer({ min: 0, max: base.n - first }),
          // Values in [0, n) with repeats: a batch may name the same row twice.
          idx: fc.array(fc.integer({ min: 0, max: base.n - 1 }), {
            minLength: base.n,
            maxLength: base.n,
          }),
        })
        .map((rest) => ({ ...base, ...rest })),
    ),
  );

/** Both kernels over the same X, with the same Θ, work, idx, coef and a sentinel-filled r. */
function build(c: Case): { wasm: XKernel; reference: XKernel; x: Float64Array } {
  const rng = new Rng(c.seed, 'data');
  const x = rng.fillNormal(new Float64Array(c.n * c.d), 1 / Math.sqrt(c.d));
  const theta = rng.fillNormal(new Float64Array(c.k * c.d));
  const work = rng.fillNormal(new Float64Array(c.k * c.d));
  const coef = rng.fillNormal(new Float64Array(c.n * c.k));
  const wasm = createXKernel(x, c.n, c.d, c.k, { backend: 'wasm' });
  const reference = createXKernel(x, c.n, c.d, c.k, { backend: 'typescript' });
  for (const kernel of [wasm, reference]) {
    kernel.theta.set(theta);
    kernel.work.set(work);
    kernel.coef.set(coef);
    kernel.idx.set(c.idx);
    kernel.r.fill(-12345.5);
  }
  return { wasm, reference, x };
}

/** Row of batch position p. */
function rowOf(c: Case, p: number): number {
  return c.useIdx ? c.idx[p] : p;
}

describe('XKernel WebAssembly vs TypeScript reference', () => {
  it('dots agree within 2·γ_d·Σ|x_j θ_j| and write nothing else', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const { wasm, reference, x } = build(c);
        const block = c.target === 'theta' ? wasm.theta : wasm.work;
        const before = { theta: wasm.theta.slice(), work: wasm.work.slice() };

        const finiteWasm = wasm.dots(c.count, c.useIdx, c.target, c.first);
        const finiteReference = reference.dots(c.count, c.useIdx, c.target, c.first);

        expect(finiteWasm).toBe(true);
        expect(finiteReference).toBe(true);
        const scale = new Float64Array(c.n * c.k);
        for (let p = c.first; p < c.first + c.count; p++) {
          for (let a = 0; a < c.k; a++) {
            let s = 0;
            const row = rowOf(c, p) * c.d;
            for (let j = 0; j < c.d; j++) s += Math.abs(x[row + j] * block[a * c.d + j]);
            scale[p * c.k + a] = s;
          }
        }
        // Outside [first, first + count) the scale is 0: r must keep its sentinel exactly.
        expect(sumBoundViolation('r', wasm.r, reference.r, scale, c.d)).toBeNull();
        expect(wasm.r.filter((v) => v === -12345.5).length).toBe((c.n - c.count) * c.k);
        expect(firstBitDifference(wasm.theta, before.theta)).toBe(-1);
        expect(firstBitDifference(wasm.work, before.work)).toBe(-1);
      }),
      // More runs than the suite default: each costs well under a millisecond.
      { numRuns: 300 },
    );
  });

  it('update agrees within 2·γ_{count+1}·(|decay·θ_j| + Σ|c·x|), touching only its target', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const { wasm, reference, x } = build(c);
        const other = c.target === 'theta' ? 'work' : 'theta';
        const start = (c.target === 'theta' ? wasm.theta : wasm.work).slice();
        const otherBefore = wasm[other].slice();

        wasm.update(c.count, c.useIdx, c.decay, c.target, c.first);
        reference.update(c.count, c.useIdx, c.decay, c.target, c.first);

        const scale = new Float64Array(c.k * c.d);
        for (let a = 0; a < c.k; a++) {
          for (let j = 0; j < c.d; j++) {
            let s = Math.abs(c.decay * start[a * c.d + j]);
            for (let p = c.first; p < c.first + c.count; p++) {
              s += Math.abs(wasm.coef[p * c.k + a] * x[rowOf(c, p) * c.d + j]);
            }
            scale[a * c.d + j] = s;
          }
        }
        const m = c.count + 1;
        expect(
          sumBoundViolation(c.target, wasm[c.target], reference[c.target], scale, m),
        ).toBeNull();
        expect(firstBitDifference(wasm[other], otherBefore)).toBe(-1);
        expect(firstBitDifference(reference[other], otherBefore)).toBe(-1);
      }),
      // More runs than the suite default: each costs well under a millisecond.
      { numRuns: 300 },
    );
  });

  it('the allowance is tight: 2·γ_m < relative 1e-13 for every m tested above', () => {
    // Largest m in the properties: d ≤ 300 for dots, count + 1 ≤ 41 for update. If this
    // failed, the agreement properties above would be checking less than the brief states.
    expect(2 * gammaBound(300)).toBeLessThan(1e-13);
    expect(2 * gammaBound(41)).toBeLessThan(1e-13);
  });
});
