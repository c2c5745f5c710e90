/**
 * Memory layout of an XKernel: where X, the two parameter blocks and the batch buffers live
 * inside one linear memory (WebAssembly memory, or a plain ArrayBuffer for the TypeScript
 * fallback), sized once so that it never has to grow after views are handed out.
 *
 * Units: byte offsets. Every region starts on a 64-byte boundary (one cache line), so rows of
 * X are 16-byte aligned for f64x2 loads whenever d is even. Order: a reserved first line,
 * Θ (k·d doubles), work (k·d), r (n·k), coef (n·k), idx (n int32), X (n·d). X comes last, so
 * the small, hot regions share pages. Conventions as in docs/conventions.md: Θ is stored
 * transposed, index a·d + j.
 */

/** Byte offsets and the total size of one kernel's memory. */
export interface KernelLayout {
  theta: number;
  work: number;
  r: number;
  coef: number;
  idx: number;
  x: number;
  /** Total bytes, a multiple of the 64 KiB WebAssembly page. */
  bytes: number;
  /** Number of 64 KiB pages. */
  pages: number;
}

/** WebAssembly page size in bytes. */
export const PAGE_BYTES = 65536;

/** The largest 32-bit WebAssembly memory: 65536 pages = 4 GiB. */
export const MAX_PAGES = 65536;

const LINE = 64;

function alignUp(bytes: number): number {
  return Math.ceil(bytes / LINE) * LINE;
}

/**
 * The layout for an n×d data matrix and k parameter vectors. Sizes are checked by the
 * caller (validateXKernelInput); this function only does arithmetic, exact in doubles
 * because every product stays below 2^53.
 */
export function kernelLayout(n: number, d: number, k: number): KernelLayout {
  const theta = LINE;
  const work = alignUp(theta + 8 * k * d);
  const r = alignUp(work + 8 * k * d);
  const coef = alignUp(r + 8 * n * k);
  const idx = alignUp(coef + 8 * n * k);
  const x = alignUp(idx + 4 * n);
  const end = x + 8 * n * d;

  const pages = Math.max(1, Math.ceil(end / PAGE_BYTES));
  return { theta, work, r, coef, idx, x, bytes: pages * PAGE_BYTES, pages };
}
