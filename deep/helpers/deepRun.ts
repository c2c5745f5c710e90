/**
 * deepRun: how a deep test file registers its cases (tests/crossval/helpers/caseName.ts):
 * one test per deep seed, named after the seed, every comparison row printed to stderr (the
 * agreement table of the run), and replay commands that name vitest.deep.config.ts.
 */
import type { CaseRun } from '../../tests/crossval/helpers/caseName.ts';
import { DEEP_CONFIG } from './deepSizes.ts';
import { deepSeeds } from './deepSeeds.ts';

export function deepRun(file: string): CaseRun {
  return { seeds: deepSeeds(), file, vitestConfig: DEEP_CONFIG, seedInName: true, table: true };
}
