#!/usr/bin/env node
/**
 * Builds src/solvers/kernels/xKernel.wasm from asm/xKernel.ts with the pinned AssemblyScript
 * compiler (devDependency, 0.28), so that the committed binary can be regenerated and
 * checked byte for byte (tests/kernels/wasmBinary.test.ts).
 *
 * The build is deterministic: fixed flags, no timestamps, no source map, no debug names
 * beyond what the compiler always emits. The module imports its memory (env.memory) so the
 * loader can size it once and never grow it, has no runtime allocator (stub runtime, no
 * heap use), and no abort import (assertions are compiled out; the loader validates input).
 *
 * Usage: node scripts/build-wasm.mjs [--out <file.wasm>] [--text <file.wat>]
 * Default output: src/solvers/kernels/xKernel.wasm.
 */
import asc from 'assemblyscript/asc';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(root, 'asm/xKernel.ts');
const defaultOut = resolve(root, 'src/solvers/kernels/xKernel.wasm');

/** The compiler flags; changing any of them changes the committed binary. */
const FLAGS = [
  '--optimizeLevel',
  '3',
  '--shrinkLevel',
  '0',
  '--converge',
  '--noAssert',
  '--runtime',
  'stub',
  '--importMemory',
  '--noExportMemory',
  '--use',
  'abort=',
  '--enable',
  'simd',
];

function parseArgs(argv) {
  const options = { out: defaultOut, text: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--out' || flag === '--text') && value !== undefined) {
      options[flag.slice(2)] = resolve(value);
      i += 1;
    } else {
      throw new RangeError(
        `build-wasm: unknown argument "${flag}"; allowed: --out <file>, --text <file>`,
      );
    }
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const outputs = new Map();
const errors = [];
const result = await asc.main(
  [source, ...FLAGS, '--outFile', 'xKernel.wasm', '--textFile', 'xKernel.wat'],
  {
    writeFile: (name, contents) => {
      outputs.set(name, contents);
    },
    stdout: { write: () => true },
    stderr: { write: (chunk) => errors.push(String(chunk)) },
  },
);
if (result.error) {
  process.stderr.write(errors.join(''));
  process.stderr.write(`build-wasm: ${result.error.message}\n`);
  process.exit(1);
}

const binary = outputs.get('xKernel.wasm');
if (!(binary instanceof Uint8Array)) {
  process.stderr.write('build-wasm: the compiler emitted no binary\n');
  process.exit(1);
}
writeFileSync(options.out, binary);
if (options.text !== null) writeFileSync(options.text, outputs.get('xKernel.wat'));
process.stderr.write(`build-wasm: wrote ${binary.length} bytes to ${options.out}\n`);
