/**
 * Without WebAssembly SIMD, createXKernel falls back to the TypeScript reference and says so
 * in its result (backend and fallbackReason), never silently; asking for 'wasm' then throws.
 *
 * Node 20 always has SIMD and has no flag to turn it off, so the runtime's answer to
 * WebAssembly.validate is replaced for this file (vitest isolates each test file, so the
 * loader's once-per-process cache starts empty here).
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createXKernel } from '../../src/solvers/kernels/createXKernel.ts';

const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
afterAll(() => validate.mockRestore());

describe('XKernel without WebAssembly SIMD', () => {
  const X = Float64Array.from({ length: 12 }, (_, i) => i - 5.5);

  it('returns the TypeScript kernels with the reason in fallbackReason', () => {
    const kernel = createXKernel(X, 4, 3, 1);

    expect(kernel.backend).toBe('typescript');
    expect(kernel.fallbackReason).toMatch(/does not support WebAssembly SIMD/);
    kernel.theta.set([1, 2, 3]);
    expect(kernel.dots(4, false, 'theta')).toBe(true);
    // Row i is (3i − 5.5, 3i − 4.5, 3i − 3.5): its dot with (1, 2, 3) is 18i − 25, exactly.
    expect(Array.from(kernel.r.subarray(0, 4))).toEqual([-25, -7, 11, 29]);
  });

  it("throws when backend 'wasm' is demanded", () => {
    expect(() => createXKernel(X, 4, 3, 1, { backend: 'wasm' })).toThrow(
      /options.backend = 'wasm' but this runtime does not support WebAssembly SIMD/,
    );
  });
});
