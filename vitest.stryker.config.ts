/**
 * The fast test subset Stryker runs against each mutant (stryker.config.json, `npm run
 * stryker`): the tests that exercise the mutated files (normal and Student quantiles,
 * Bonferroni, value comparisons, output steps, the DMFT cell update) and finish in about a
 * second each — the limit statements on their deterministic default configs (L3, L6), the
 * quantile table, input validation, solver determinism, κ = n as GD, the DMFT identities
 * and the kernel decay. The Monte Carlo statements (L1, L2, L5, L7, L6 logistic) are left out:
 * at 2–10 s per run they would make a run over a few hundred mutants take hours on two cores.
 * The full suite is `npm test`.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/limits/quantiles.test.ts',
      'tests/limits/verdicts.test.ts',
      'tests/limits/l4to7.test.ts',
      'tests/solvers/determinism.test.ts',
      'tests/solvers/gd.test.ts',
      'tests/dmft/identities.test.ts',
      'tests/kernels/decay.test.ts',
    ],
    testNamePattern: new RegExp(
      [
        'studentQuantile',
        'quantile',
        'bonferroni',
        'compareValue',
        'L3 passes',
        'L3 rejects',
        'L6 passes on its default',
        'L6 rejects the SGD',
        'validated',
        'determinism',
        'full-batch GD',
        'Stein identities',
        'structural identities',
        'update decay',
      ].join('|'),
    ),
    setupFiles: ['properties/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
