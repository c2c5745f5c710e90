/**
 * The data kernel of a problem, created once and reused by every solve on that problem.
 *
 * Creating a kernel allocates WebAssembly memory and copies X into it (about 80 ms for
 * n×d = 4000×2000), which would otherwise dominate short runs and every replicate comparison
 * that solves the same problem several times. The cache is keyed by the X array itself, so it
 * is released with the problem. Solves are synchronous, so they never share the views at the
 * same time.
 */
import type { Problem } from '../model/buildProblem.ts';
import { createXKernel } from './kernels/createXKernel.ts';
import type { XKernel } from './kernels/createXKernel.ts';

const cache = new WeakMap<Float64Array, Map<number, XKernel>>();

export function kernelFor(problem: Pick<Problem, 'X' | 'n' | 'd' | 'k'>): XKernel {
  const { X, n, d, k } = problem;
  let byK = cache.get(X);
  if (!byK) {
    byK = new Map();
    cache.set(X, byK);
  }
  let kernel = byK.get(k);
  if (!kernel || kernel.n !== n || kernel.d !== d) {
    kernel = createXKernel(X, n, d, k);
    byK.set(k, kernel);
  }
  return kernel;
}
