/**
 * The interface of the data-matrix kernels shared by every finite-(n, d) solver (SGD, GD,
 * GF, SME), and its two implementations' common vocabulary.
 *
 * Operations (X ∈ R^{n×d} row-major, entries ~ N(0, 1/d); Θ ∈ R^{d×k} stored transposed, so
 * θ_a is the contiguous slice a·d … a·d + d − 1; see docs/conventions.md). Over the batch
 * positions p = first, …, first + count − 1 (first = 0 unless given), with row
 * ρ(p) = idx[p] when useIdx and ρ(p) = p otherwise:
 *   dots:   r[p·k + a] = x_{ρ(p)} · θ_a                            (a < k)
 *   update: θ_a ← decay·θ_a − Σ_p coef[p·k + a] x_{ρ(p)}           (a < k)
 * One SGD step with batch κ (arXiv 2601.21093): fill idx[0..κ), dots(κ, true, 'theta'),
 * set coef[i·k + a] = γ ℓ_a(r_i; y_{ρ(i)}), update(κ, true, 1 − ηλ, 'theta').
 *
 * A full gradient Xᵀℓ(XΘ) (GF, SME) is fastest in row blocks of B ≈ 32–64, so that each
 * block is read from memory once and found in cache by the update: for first = 0, B, 2B, …:
 * dots(B, false, 'theta', first); coef over the block; update(B, false, first === 0 ? decay
 * : 1, 'work', first). r and coef then hold all n rows, as after the unblocked calls.
 */
export type { KernelTarget } from './checkKernelCall.ts';
import type { KernelTarget } from './checkKernelCall.ts';

/**
 * Which implementation runs: 'wasm-simd' (the fast path) or 'typescript' (the plain
 * reference, 4–6× slower at d = 2000 by bench/kernels.ts; used when WebAssembly SIMD is
 * unavailable or when requested).
 */
export type KernelBackend = 'wasm-simd' | 'typescript';

export interface XKernel {
  readonly n: number;
  readonly d: number;
  readonly k: number;
  /** Θ, k·d doubles (index a·d + j); read by dots and written by update with 'theta'. */
  readonly theta: Float64Array;
  /** A second k·d block for scratch (a gradient, a trial point): target 'work'. */
  readonly work: Float64Array;
  /** Row indices, length n, filled by the caller before a call with useIdx = true. */
  readonly idx: Int32Array;
  /** Preactivations written by dots, length n·k (row i at i·k … i·k + k − 1). */
  readonly r: Float64Array;
  /** Coefficients read by update, length n·k, same layout as r. */
  readonly coef: Float64Array;
  /** The implementation in use. */
  readonly backend: KernelBackend;
  /**
   * Null on the WebAssembly path. On the TypeScript path, why: 'requested' or the reason
   * WebAssembly SIMD could not be used. Callers that care about speed must check this.
   */
  readonly fallbackReason: string | null;
  /**
   * Writes r at positions first … first + count − 1. Returns true when every value written
   * is finite. Any non-finite entry of the target block makes every r non-finite (0·∞ and
   * ∞ − ∞ are NaN), so a false here is also how a diverged update shows itself.
   */
  dots(count: number, useIdx: boolean, target: KernelTarget, first?: number): boolean;
  /**
   * θ ← decay·θ − Σ_p coef_p x_{ρ(p)}. decay multiplies θ exactly once, also when count = 0;
   * decay = 0 overwrites (the old block is discarded, not multiplied, so 0·∞ cannot leak in).
   */
  update(count: number, useIdx: boolean, decay: number, target: KernelTarget, first?: number): void;
  /** Releases the memory; any later call throws. The views must not be used afterwards. */
  dispose(): void;
}

/** Options of createXKernel. */
export interface XKernelOptions {
  /**
   * 'auto' (default): WebAssembly SIMD when available, else the TypeScript reference with
   * fallbackReason set. 'wasm': WebAssembly SIMD or an Error. 'typescript': the reference.
   */
  backend?: 'auto' | 'wasm' | 'typescript';
}
