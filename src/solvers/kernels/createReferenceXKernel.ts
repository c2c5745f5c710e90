/**
 * The plain TypeScript XKernel: the reference the WebAssembly kernels are tested against,
 * and the fallback when WebAssembly SIMD is unavailable.
 *
 * Method: the definitions of xKernelTypes.ts as straight loops, in the natural order.
 * dots sums x_{ρ(i), j} θ_{a, j} over j = 0, 1, …, d − 1 in one accumulator; update first
 * scales θ_a by decay, then subtracts coef_i x_{ρ(i)} row after row, i = 0, 1, …. The
 * WebAssembly kernels re-associate these sums (blocked, two SIMD lanes); both stay within the
 * standard error bound of a sum of products, γ_m Σ|terms| with γ_m = m·u/(1 − m·u) and
 * u = 2^-53 (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed., §3.1).
 *
 * Memory: one ArrayBuffer with the same layout as the WebAssembly memory (kernelLayout.ts),
 * X copied in once, so the views behave alike in both implementations.
 */
import { checkKernelCall, type KernelTarget } from './checkKernelCall.ts';
import { validateXKernelInput } from './validateXKernelInput.ts';
import type { XKernel } from './xKernelTypes.ts';

/** A TypeScript XKernel over a copy of X; fallbackReason is stored as given. */
export function createReferenceXKernel(
  X: Float64Array,
  n: number,
  d: number,
  k: number,
  fallbackReason = 'requested',
): XKernel {
  const layout = validateXKernelInput(X, n, d, k);
  const buffer = new ArrayBuffer(layout.bytes);
  const theta = new Float64Array(buffer, layout.theta, k * d);
  const work = new Float64Array(buffer, layout.work, k * d);
  const r = new Float64Array(buffer, layout.r, n * k);
  const coef = new Float64Array(buffer, layout.coef, n * k);
  const idx = new Int32Array(buffer, layout.idx, n);
  const x = new Float64Array(buffer, layout.x, n * d);
  x.set(X);
  let disposed = false;

  function block(target: KernelTarget): Float64Array {
    if (disposed) throw new Error('XKernel: used after dispose()');
    return target === 'theta' ? theta : work;
  }

  function dots(count: number, useIdx: boolean, target: KernelTarget, first = 0): boolean {
    checkKernelCall('dots', first, count, useIdx, target, n, idx);
    const t = block(target);
    let finite = true;

    for (let i = first; i < first + count; i++) {
      const base = (useIdx ? idx[i] : i) * d;
      for (let a = 0; a < k; a++) {
        const offset = a * d;
        let s = 0;
        for (let j = 0; j < d; j++) s += x[base + j] * t[offset + j];
        r[i * k + a] = s;
        if (s - s !== 0) finite = false;
      }
    }
    return finite;
  }

  function update(
    count: number,
    useIdx: boolean,
    decay: number,
    target: KernelTarget,
    first = 0,
  ): void {
    checkKernelCall('update', first, count, useIdx, target, n, idx, decay);
    const t = block(target);

    // decay = 0 discards the old block rather than multiplying it, so that a non-finite
    // leftover (0·∞ = NaN) cannot leak into a freshly computed gradient.
    if (decay === 0) t.fill(0);

    for (let a = 0; a < k; a++) {
      const offset = a * d;
      if (decay !== 1 && decay !== 0) {
        for (let j = 0; j < d; j++) t[offset + j] *= decay;
      }

      for (let i = first; i < first + count; i++) {
        const base = (useIdx ? idx[i] : i) * d;
        const c = coef[i * k + a];
        for (let j = 0; j < d; j++) t[offset + j] -= c * x[base + j];
      }
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
    backend: 'typescript',
    fallbackReason,
    dots,
    update,
    dispose: () => {
      disposed = true;
    },
  };
}
