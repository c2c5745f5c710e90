/**
 * The committed src/solvers/kernels/xKernel.wasm is what scripts/build-wasm.mjs builds from
 * asm/xKernel.ts today (byte for byte), and has exactly the imports and exports the loader
 * expects. A failure here means the source changed without a rebuild (run
 * `node scripts/build-wasm.mjs` and commit the binary) or the compiler version drifted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EXPECTED_EXPORTS,
  EXPECTED_IMPORTS,
  WASM_URL,
} from '../../src/solvers/kernels/loadXKernelModule.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'sgd-oracle-wasm-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('xKernel.wasm', () => {
  it('matches a fresh deterministic build of asm/xKernel.ts', () => {
    const fresh = join(scratch, 'xKernel.wasm');

    execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--out', fresh], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 60_000,
    });

    const committed = readFileSync(WASM_URL);
    const rebuilt = readFileSync(fresh);
    expect(rebuilt.length).toBe(committed.length);
    expect(Buffer.compare(rebuilt, committed)).toBe(0);
  });

  it('imports only env.memory and exports dots and update', () => {
    const module = new WebAssembly.Module(readFileSync(WASM_URL));

    expect(WebAssembly.Module.imports(module)).toEqual(EXPECTED_IMPORTS);
    expect(WebAssembly.Module.exports(module)).toEqual(EXPECTED_EXPORTS);
  });
});
