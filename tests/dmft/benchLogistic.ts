/**
 * Timing of a logistic DMFT-SGD run (not a test; run with `npx tsx tests/dmft/benchLogistic.ts
 * [gamma] [paths] [measure] [dt] [T]`): T = 10, Δ = 0.05, 10⁴ paths by default. Prints wall
 * time and path-steps per second (paths × grid steps / seconds). The test risk is not needed
 * for timing, so a zero stand-in is passed.
 */
import { solveDmftWithModel } from '../../src/solvers/dmft/solveDmftWithModel.ts';
import type { DmftMeasure } from '../../src/solvers/dmft/types.ts';
import { dmftConfig, logisticModel } from './helpers/privateModels.ts';

const gamma = Number(process.argv[2] ?? 0.5);
const paths = Number(process.argv[3] ?? 10_000);
const measure = (process.argv[4] ?? 'sgd') as DmftMeasure;
const dt = Number(process.argv[5] ?? 0.05);
const horizon = Number(process.argv[6] ?? 10);
const config = dmftConfig({
  delta: 2,
  gamma,
  sigma: 0.1,
  times: [1, 2, 5, horizon],
  loss: 'logistic',
  lambda: 0.01,
});
const start = performance.now();
const result = solveDmftWithModel(
  logisticModel(0.1),
  config,
  { measure, dt, paths, seed: 7 },
  () => 0,
);
const seconds = (performance.now() - start) / 1000;
const steps = Math.round(horizon / dt);
process.stdout.write(
  `${measure} gamma=${gamma} dt=${dt} T=${horizon} paths=${paths}: ${seconds.toFixed(2)} s, ` +
    `${((paths * steps) / seconds).toExponential(2)} path-steps/s, status ${result.status}\n` +
    `Q = ${result.Q.map((q) => q[0][0].toFixed(4)).join(' ')}\n` +
    `train = ${result.trainRisk?.map((v) => v.toFixed(4)).join(' ')}\n`,
);
