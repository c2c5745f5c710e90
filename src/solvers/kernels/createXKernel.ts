/**
 * createXKernel: the fast data-matrix kernels (dots and update, defined in xKernelTypes.ts)
 * over a copy of X held in WebAssembly memory, run by the SIMD code of asm/xKernel.ts.
 *
 * Method. One WebAssembly.Memory is sized for X, Θ, work, r, coef and idx (kernelLayout.ts)
 * with maximum = initial, so it can never grow and the typed-array views handed out stay
 * valid for the kernel's life. X is validated (finite, n·d entries) and copied in once; each
 * call passes only integers and one double across the boundary, with no copies. The SIMD
 * kernels are blocked over the rows of a batch (eight, then four rows per pass over θ; see
 * asm/xKernel.ts) and give bit-identical results from run to run; they differ from the plain
 * TypeScript loops of createReferenceXKernel.ts only by the order of summation.
 *
 * Fallback. When the runtime lacks WebAssembly SIMD, the TypeScript reference is returned
 * with backend = 'typescript' and fallbackReason set; nothing is logged.
 *
 * Units: X entries ~ N(0, 1/d) in the solvers (docs/conventions.md), but any finite data is
 * accepted. SGD with batch κ (arXiv 2601.21093): coef = γ ℓ, decay = 1 − ηλ, η = γκ/n.
 */
import { checkKernelCall, type KernelTarget } from './checkKernelCall.ts';
import { createReferenceXKernel } from './createReferenceXKernel.ts';
import { loadXKernelModule, type XKernelExports } from './loadXKernelModule.ts';
import { validateXKernelInput } from './validateXKernelInput.ts';
import type { XKernel, XKernelOptions } from './xKernelTypes.ts';

export type { KernelBackend, KernelTarget, XKernel, XKernelOptions } from './xKernelTypes.ts';

/**
 * Kernels over a copy of X (row-major n×d) for k parameter vectors of length d. Throws
 * TypeError/RangeError for bad input (naming the parameter), and Error when
 * options.backend = 'wasm' but WebAssembly SIMD is unavailable.
 */
export function createXKernel(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  options: XKernelOptions = {},
): XKernel {
  const requested = options.backend ?? 'auto';
  if (requested !== 'auto' && requested !== 'wasm' && requested !== 'typescript') {
    throw new RangeError(
      `options.backend must be 'auto', 'wasm' or 'typescript', received ${String(requested)}`,
    );
  }
  const layout = validateXKernelInput(X, n, d, k);
  if (requested === 'typescript') return createReferenceXKernel(X, n, d, k, 'requested');

  const loaded = loadXKernelModule();
  if ('unavailable' in loaded) {
    if (requested === 'wasm') {
      throw new Error(`options.backend = 'wasm' but ${loaded.unavailable}`);
    }
    return createReferenceXKernel(X, n, d, k, loaded.unavailable);
  }

  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: layout.pages, maximum: layout.pages });
  } catch (cause) {
    throw new RangeError(
      `n·d = ${n}·${d} with k = ${k} needs ${layout.bytes} bytes of WebAssembly memory, ` +
        `which this process could not allocate`,
      { cause },
    );
  }
  const instance = new WebAssembly.Instance(loaded.module, { env: { memory } });
  const wasm = instance.exports as unknown as XKernelExports;
  const buffer = memory.buffer;
  const theta = new Float64Array(buffer, layout.theta, k * d);
  const work = new Float64Array(buffer, layout.work, k * d);
  const r = new Float64Array(buffer, layout.r, n * k);
  const coef = new Float64Array(buffer, layout.coef, n * k);
  const idx = new Int32Array(buffer, layout.idx, n);
  new Float64Array(buffer, layout.x, n * d).set(X);
  let disposed = false;

  function address(target: KernelTarget): number {
    if (disposed) throw new Error('XKernel: used after dispose()');
    return target === 'theta' ? layout.theta : layout.work;
  }

  function dots(count: number, useIdx: boolean, target: KernelTarget, first = 0): boolean {
    checkKernelCall('dots', first, count, useIdx, target, n, idx);
    const t = address(target);

    // Positions start at `first`: shift idx and r, and X too when rows are positions.
    const x = useIdx ? layout.x : layout.x + 8 * d * first;
    const i = layout.idx + 4 * first;
    const out = layout.r + 8 * k * first;
    return wasm.dots(x, d, k, i, useIdx ? 1 : 0, count, t, out) === 1;
  }

  function update(
    count: number,
    useIdx: boolean,
    decay: number,
    target: KernelTarget,
    first = 0,
  ): void {
    checkKernelCall('update', first, count, useIdx, target, n, idx, decay);
    const t = address(target);

    const x = useIdx ? layout.x : layout.x + 8 * d * first;
    const i = layout.idx + 4 * first;
    const c = layout.coef + 8 * k * first;
    if (decay === 0) {
      // Discard, not multiply, the old block: 0·∞ = NaN must not leak into a new gradient.
      (target === 'theta' ? theta : work).fill(0);
      wasm.update(x, d, k, i, useIdx ? 1 : 0, count, c, 1, t);
    } else {
      wasm.update(x, d, k, i, useIdx ? 1 : 0, count, c, decay, t);
    }
  }

  return {
    n,
    d,
    k,
    theta,
    work,
    idx,
    r,
    coef,
    backend: 'wasm-simd',
    fallbackReason: null,
    dots,
    update,
    dispose: () => {
      disposed = true;
    },
  };
}
