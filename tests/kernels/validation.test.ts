/**
 * Bad input to createXKernel and to the kernel calls throws TypeError/RangeError naming the
 * parameter, the value received and what is allowed, identically on both backends; the
 * backend flag says which implementation runs.
 */
import { describe, expect, it } from 'vitest';
import { createXKernel } from '../../src/solvers/kernels/createXKernel.ts';
import type { KernelTarget } from '../../src/solvers/kernels/xKernelTypes.ts';

const n = 6;
const d = 3;
const X = Float64Array.from({ length: n * d }, (_, i) => Math.cos(i));

describe('createXKernel input', () => {
  it.each([
    ['n', () => createXKernel(X, 0, d, 1), RangeError, /n must be a positive integer, received 0/],
    ['d', () => createXKernel(X, n, 1.5, 1), RangeError, /d must be a positive integer.*1\.5/],
    ['k', () => createXKernel(X, n, d, -1), RangeError, /k must be a positive integer.*-1/],
    [
      'X type',
      () => createXKernel([1, 2] as unknown as Float64Array, 1, 2, 1),
      TypeError,
      /X must be a Float64Array.*received Array/,
    ],
    [
      'X length',
      () => createXKernel(X, n + 1, d, 1),
      RangeError,
      /X must hold n·d = 7·3 = 21 entries, received length 18/,
    ],
    [
      'X finite',
      () => createXKernel(Float64Array.of(0, 1, Number.NaN, 2), 2, 2, 1),
      RangeError,
      /X must be finite, received X\[2\] = NaN \(row 1, column 0\)/,
    ],
    [
      'backend',
      () => createXKernel(X, n, d, 1, { backend: 'gpu' as 'wasm' }),
      RangeError,
      /options.backend must be 'auto', 'wasm' or 'typescript', received gpu/,
    ],
    [
      'memory',
      () => createXKernel(new Float64Array(0), 2 ** 24, 2 ** 5, 1),
      RangeError,
      /n·d = 16777216·32 with k = 1 needs \d+ pages of 64 KiB; the kernels address at most/,
    ],
  ])('rejects bad %s', (_name, call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it('picks WebAssembly SIMD on this runtime, and says so', () => {
    const kernel = createXKernel(X, n, d, 1);
    expect(kernel.backend).toBe('wasm-simd');
    expect(kernel.fallbackReason).toBeNull();
  });

  it('reports the TypeScript backend and why when it is requested', () => {
    const kernel = createXKernel(X, n, d, 1, { backend: 'typescript' });
    expect(kernel.backend).toBe('typescript');
    expect(kernel.fallbackReason).toBe('requested');
  });

  it('copies X: changing the caller array afterwards does not change results', () => {
    const own = X.slice();
    const kernel = createXKernel(own, n, d, 1);
    kernel.theta.fill(1);
    kernel.dots(1, false, 'theta');
    const before = kernel.r[0];

    own.fill(100);
    kernel.dots(1, false, 'theta');

    expect(kernel.r[0]).toBe(before);
  });
});

describe.each(['wasm', 'typescript'] as const)('kernel call arguments, %s', (backend) => {
  const kernel = createXKernel(X, n, d, 2, { backend });
  const cases: [string, () => unknown, ErrorConstructor, RegExp][] = [
    [
      'count > n',
      () => kernel.dots(n + 1, false, 'theta'),
      RangeError,
      /dots: count must be an integer in \[0, n − first = 6\], received 7/,
    ],
    [
      'count < 0',
      () => kernel.update(-1, false, 1, 'theta'),
      RangeError,
      /update: count must be an integer.*received -1/,
    ],
    [
      'count fractional',
      () => kernel.dots(1.5, false, 'theta'),
      RangeError,
      /count must be an integer.*1\.5/,
    ],
    [
      'first',
      () => kernel.dots(1, false, 'theta', 7),
      RangeError,
      /dots: first must be an integer in \[0, n = 6\], received 7/,
    ],
    [
      'first + count',
      () => kernel.dots(3, false, 'theta', 4),
      RangeError,
      /count must be an integer in \[0, n − first = 2\], received 3/,
    ],
    [
      'target',
      () => kernel.dots(1, false, 'phi' as KernelTarget),
      RangeError,
      /target must be 'theta' or 'work', received phi/,
    ],
    [
      'useIdx',
      () => kernel.dots(1, 1 as unknown as boolean, 'theta'),
      TypeError,
      /useIdx must be a boolean, received 1/,
    ],
    [
      'decay NaN',
      () => kernel.update(1, false, Number.NaN, 'theta'),
      RangeError,
      /update: decay must be a finite number, received NaN/,
    ],
    [
      'decay ∞',
      () => kernel.update(1, false, Number.POSITIVE_INFINITY, 'work'),
      RangeError,
      /decay must be a finite number, received Infinity/,
    ],
  ];
  it.each(cases)('rejects %s', (_name, call, type, message) => {
    expect(call).toThrow(type);
    expect(call).toThrow(message);
  });

  it('rejects a row index outside [0, n), naming its position, before writing anything', () => {
    kernel.theta.fill(0.5);
    kernel.idx.set([0, 5, 6, 1]);
    kernel.coef.fill(1);

    expect(() => kernel.update(4, true, 0.5, 'theta')).toThrow(
      /update: idx\[2\] must be a row index in \[0, n − 1 = 5\], received 6/,
    );
    kernel.idx[2] = -1;
    expect(() => kernel.dots(3, true, 'theta')).toThrow(/dots: idx\[2\].*received -1/);
    // Only positions first … first + count − 1 are read: idx[2] is outside this call.
    expect(kernel.dots(2, true, 'theta')).toBe(true);
    expect(kernel.theta.every((v) => v === 0.5)).toBe(true);
  });

  it('throws after dispose()', () => {
    const own = createXKernel(X, n, d, 1, { backend });
    own.dispose();
    expect(() => own.dots(1, false, 'theta')).toThrow(/used after dispose/);
  });
});
