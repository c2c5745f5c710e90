/**
 * Boundary checks for createXKernel and createReferenceXKernel: the shape (n, d, k), the data
 * matrix X (row-major, n·d finite doubles) and the memory it needs.
 *
 * Conventions: docs/conventions.md (X ∈ R^{n×d} row-major, Θ ∈ R^{d×k} stored transposed).
 * Errors name the parameter, the value received and what is allowed (TypeError for a wrong
 * type, RangeError for a wrong value). X is scanned once here, so the kernels can assume
 * finite data and report only what the iterate does (see XKernel.dots).
 */
import { kernelLayout, MAX_PAGES, type KernelLayout } from './kernelLayout.ts';

function checkDimension(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, received ${String(value)}`);
  }
  return value;
}

/** Checks the inputs and returns the memory layout they need. */
export function validateXKernelInput(X: unknown, n: unknown, d: unknown, k: unknown): KernelLayout {
  const rows = checkDimension('n', n);
  const cols = checkDimension('d', d);
  const indices = checkDimension('k', k);
  const layout = kernelLayout(rows, cols, indices);
  if (layout.pages > MAX_PAGES) {
    throw new RangeError(
      `n·d = ${rows}·${cols} with k = ${indices} needs ${layout.pages} pages of 64 KiB; ` +
        `the kernels address at most ${MAX_PAGES} pages (4 GiB)`,
    );
  }
  if (!(X instanceof Float64Array)) {
    const kind = X === null ? 'null' : typeof X === 'object' ? X.constructor.name : typeof X;
    throw new TypeError(`X must be a Float64Array (row-major n×d), received ${kind}`);
  }
  if (X.length !== rows * cols) {
    throw new RangeError(
      `X must hold n·d = ${rows}·${cols} = ${rows * cols} entries, received length ${X.length}`,
    );
  }

  for (let i = 0; i < X.length; i++) {
    const value = X[i];
    if (value - value !== 0) {
      const row = Math.floor(i / cols);
      throw new RangeError(
        `X must be finite, received X[${i}] = ${value} (row ${row}, column ${i - row * cols})`,
      );
    }
  }

  return layout;
}
