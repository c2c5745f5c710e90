/**
 * `npm run bench`: prints throughput figures (never asserted; the numbers go in the notes).
 * Kernel-level SGD throughput side by side with numpy when python3 has numpy, then the
 * solver-level figures.
 */
import { benchKernels } from './kernels.ts';
import { benchSolvers } from './solvers.ts';

const started = Date.now();
process.stderr.write('benchmarks: kernels (with numpy when available) …\n');
for (const line of await benchKernels()) process.stdout.write(`${line}\n`);
process.stderr.write('benchmarks: solvers …\n');
for (const line of benchSolvers()) process.stdout.write(`${line}\n`);
process.stderr.write(`benchmarks done in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
