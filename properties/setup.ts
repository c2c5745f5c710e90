/**
 * Suite-wide seed for every randomized test. Taken from SGD_ORACLE_SEED, with a fixed default
 * so that CI is reproducible; printed once so any failure can be replayed with
 *   SGD_ORACLE_SEED=<seed> npx vitest run <file>
 */
import fc from 'fast-check';
import { suiteSeed } from '../tests/helpers/seed.ts';

fc.configureGlobal({ seed: suiteSeed(), numRuns: 50, endOnFailure: true });
