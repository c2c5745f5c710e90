/** The suite seed: SGD_ORACLE_SEED if set, else a fixed default. */
const DEFAULT_SEED = 20260128;

let printed = false;

export function suiteSeed(): number {
  const raw = process.env.SGD_ORACLE_SEED;
  const seed = raw === undefined || raw === '' ? DEFAULT_SEED : Number(raw);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`SGD_ORACLE_SEED must be a non-negative integer, received "${raw}"`);
  }
  if (!printed && process.env.VITEST_WORKER_ID === '1') {
    process.stderr.write(`sgd-oracle test suite seed: ${seed} (set SGD_ORACLE_SEED to change)\n`);
  }
  printed = true;
  return seed;
}
