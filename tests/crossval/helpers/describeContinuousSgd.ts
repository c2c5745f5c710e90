/**
 * describeContinuousSgd: registers comparison 2 for one model (docs/crossval.md) — the
 * continuous-time DMFT of SGD (Poisson clock, measure 'sgd') on the grids dt and dt/2 against
 * finite multi-pass SGD with fixed batches of κ = ⌈√n⌉ (docs/limits.md L1, L2, L6). One test per
 * seed, each with the false-failure probability ALPHA (./continuousSgdComparison.ts has the
 * tolerance). The `npm test` file and the deep files differ only in the sizes and seeds.
 */
import { describe, it } from 'vitest';
import { assertRows } from './assertRows.ts';
import { caseName } from './caseName.ts';
import type { CaseRun } from './caseName.ts';
import { continuousSgdComparison } from './continuousSgdComparison.ts';
import type { ContinuousSgdSpec } from './continuousSgdComparison.ts';
import type { ModelName } from './matchedCase.ts';
import { ALPHA } from './suiteSizes.ts';
import { withReproduce } from './withReproduce.ts';

export type ContinuousSgdSizes = Omit<ContinuousSgdSpec, 'model' | 'seed' | 'alpha'>;

export function describeContinuousSgd(
  model: ModelName,
  sizes: ContinuousSgdSizes,
  run: CaseRun,
): void {
  const title =
    `continuous DMFT-SGD against finite SGD, κ = ⌈√n⌉, ${model}, d = ${sizes.d} ` +
    `(seeds ${run.seeds.join(', ')})`;
  describe(title, () => {
    for (const seed of run.seeds) {
      const base = "DMFT 'sgd' at dt/2, grid bias from dt, matches finite SGD within c/√d";
      const name = caseName(base, seed, run);
      it(name, () => {
        const spec = { ...sizes, model, seed, alpha: ALPHA };
        const context = { ...run, seed, config: spec, test: name };
        withReproduce(context, () => {
          const result = continuousSgdComparison(spec);
          assertRows(result.rows, {
            ...context,
            label:
              `${model} SGD κ = ${result.kappa}, η = ${result.eta}, d = ${sizes.d}, ` +
              `seed ${seed}`,
            config: {
              finite: result.config,
              dmft: {
                measure: 'sgd',
                dt: [sizes.dt, sizes.dt / 2],
                paths: sizes.paths,
                seeds: sizes.seeds,
                firstSeed: seed,
              },
            },
          });
        });
      });
    }
  });
}
