/**
 * caseName: the name of one cross-validation test, i.e. one case at one seed; and CaseRun,
 * how a test file registers its cases (tests/crossval/*.test.ts at the `npm test` sizes with
 * the suite seed; deep/crossval/*.test.ts at the deep sizes over several seeds). The deep
 * files name every test after its seed, so that `-t` in the replay command picks one seed.
 */
export interface CaseRun {
  /** One test per seed. */
  seeds: number[];
  /** The test file, as the replay command names it. */
  file: string;
  /** Vitest config of the replay command when not the default one. */
  vitestConfig?: string;
  /** Name each test after its seed. */
  seedInName?: boolean;
  /** Print every comparison row to stderr, passing or not. */
  table?: boolean;
}

export function caseName(base: string, seed: number, run: CaseRun): string {
  return run.seedInName ? `${base} · seed ${seed}` : base;
}
