/**
 * Loads and compiles the committed WebAssembly kernels (xKernel.wasm, built from
 * asm/xKernel.ts by scripts/build-wasm.mjs) once per process, after checking that this
 * runtime supports WebAssembly SIMD and that the binary has the imports and exports the
 * loader expects.
 *
 * Outcome: either the compiled module, or the reason SIMD is unavailable (createXKernel then
 * falls back to TypeScript and says so in its result). A missing, corrupt or stale binary is
 * not a reason to fall back: it is a packaging error and throws.
 */
import { readFileSync } from 'node:fs';

/** The exports of xKernel.wasm; addresses are byte offsets, flags are 0 or 1. */
export interface XKernelExports {
  dots(
    x: number,
    d: number,
    k: number,
    idx: number,
    useIdx: number,
    count: number,
    theta: number,
    r: number,
  ): number;
  update(
    x: number,
    d: number,
    k: number,
    idx: number,
    useIdx: number,
    count: number,
    coef: number,
    decay: number,
    theta: number,
  ): void;
}

export type XKernelModule = { module: WebAssembly.Module } | { unavailable: string };

/** The imports and exports xKernel.wasm must have, as WebAssembly.Module reports them. */
export const EXPECTED_IMPORTS = [{ module: 'env', name: 'memory', kind: 'memory' }];
export const EXPECTED_EXPORTS = [
  { name: 'dots', kind: 'function' },
  { name: 'update', kind: 'function' },
];

/**
 * A minimal module whose only function returns v128.const 0: it validates exactly when the
 * runtime knows the SIMD proposal (opcode prefix 0xfd, v128.const = 12).
 */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03,
  0x02, 0x01, 0x00, 0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0x0b,
]);

let cached: XKernelModule | null = null;

function sameEntries<T extends object>(actual: T[], expected: T[]): boolean {
  return JSON.stringify(actual) === JSON.stringify(expected);
}

/** The URL of the committed binary beside this file. */
export const WASM_URL = new URL('./xKernel.wasm', import.meta.url);

/** Compiles xKernel.wasm once; later calls return the same result. */
export function loadXKernelModule(): XKernelModule {
  if (cached !== null) return cached;

  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') {
    cached = { unavailable: 'this runtime has no WebAssembly' };
    return cached;
  }
  if (!WebAssembly.validate(SIMD_PROBE)) {
    cached = { unavailable: 'this runtime does not support WebAssembly SIMD (f64x2)' };
    return cached;
  }

  const bytes = readFileSync(WASM_URL);
  if (!WebAssembly.validate(bytes)) {
    throw new Error(
      `${WASM_URL.pathname} is not a valid WebAssembly module; rebuild it with ` +
        'node scripts/build-wasm.mjs',
    );
  }
  const module = new WebAssembly.Module(bytes);
  const imports = WebAssembly.Module.imports(module);
  const exports = WebAssembly.Module.exports(module);
  if (!sameEntries(imports, EXPECTED_IMPORTS) || !sameEntries(exports, EXPECTED_EXPORTS)) {
    throw new Error(
      `${WASM_URL.pathname} has imports ${JSON.stringify(imports)} and exports ` +
        `${JSON.stringify(exports)}; the loader expects ${JSON.stringify(EXPECTED_IMPORTS)} ` +
        `and ${JSON.stringify(EXPECTED_EXPORTS)}. Rebuild with node scripts/build-wasm.mjs`,
    );
  }
  cached = { module };
  return cached;
}
