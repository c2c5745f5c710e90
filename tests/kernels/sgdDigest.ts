/**
 * A SHA-256 digest of the bits of Θ after 200 SGD steps through the WebAssembly kernels
 * (n = 500, d = 333 (odd), k = 2, κ = 11, so every block path runs), for the cross-process
 * repeat in determinism.test.ts. Run directly, it prints the digest for the seed given as
 * its first argument.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stream } from '../../src/random/streams.ts';
import { createXKernel } from '../../src/solvers/kernels/createXKernel.ts';

export function sgdDigest(seed: number): string {
  const n = 500;
  const d = 333;
  const k = 2;
  const kappa = 11;
  const X = stream(seed, 'data').fillNormal(new Float64Array(n * d), 1 / Math.sqrt(d));
  const kernel = createXKernel(X, n, d, k, { backend: 'wasm' });
  const rng = stream(seed, 'batches');
  kernel.theta.fill(0.1);

  for (let s = 0; s < 200; s++) {
    for (let b = 0; b < kappa; b++) kernel.idx[b] = rng.int(n);
    kernel.dots(kappa, true, 'theta');
    for (let b = 0; b < kappa * k; b++) kernel.coef[b] = 0.3 * Math.tanh(kernel.r[b]);
    kernel.update(kappa, true, 0.999, 'theta');
  }

  const { buffer, byteOffset, byteLength } = kernel.theta;
  return createHash('sha256')
    .update(new Uint8Array(buffer, byteOffset, byteLength))
    .digest('hex');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.stdout.write(`${sgdDigest(Number(process.argv[2]))}\n`);
}
