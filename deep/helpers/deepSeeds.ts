/**
 * deepSeeds: the seeds of the deep tests, SGD_ORACLE_SEED + s for s < SGD_ORACLE_DEEP_SEEDS
 * (default 3). Each seed is its own test, so a failure names one seed and its replay command
 * (SGD_ORACLE_SEED set to that seed, `-t` naming it) reruns that seed alone.
 */
import { suiteSeed } from '../../tests/helpers/seed.ts';

const DEFAULT_COUNT = 3;

export function deepSeeds(): number[] {
  const raw = process.env.SGD_ORACLE_DEEP_SEEDS;
  const count = raw === undefined || raw === '' ? DEFAULT_COUNT : Number(raw);
  if (!(Number.isSafeInteger(count) && count >= 1 && count <= 1000)) {
    throw new RangeError(
      `SGD_ORACLE_DEEP_SEEDS must be an integer from 1 to 1000, received "${raw}"`,
    );
  }
  const first = suiteSeed();
  return Array.from({ length: count }, (_, s) => first + s);
}
