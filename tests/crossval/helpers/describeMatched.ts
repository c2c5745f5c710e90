/**
 * describeMatched: registers comparison 1 for one model (docs/crossval.md) — each discrete
 * DMFT variant against the finite algorithm whose exact limit it is (docs/dmft.md):
 * 'gf' with dt = Δ against GD with step Δ, 'bernoulli-sgd' against Bernoulli-batch SGD with
 * p = Δ/γ, 'sme' against Euler–Maruyama SME with step Δ. One test per variant and seed,
 * each with the false-failure probability ALPHA over its comparisons (./matchedComparison.ts).
 * The `npm test` files and the deep files differ only in the sizes and seeds they pass.
 */
import { describe, it } from 'vitest';
import { assertRows } from './assertRows.ts';
import { caseName } from './caseName.ts';
import type { CaseRun } from './caseName.ts';
import type { MatchedMeasure, ModelName } from './matchedCase.ts';
import { matchedComparison } from './matchedComparison.ts';
import { ALPHA } from './suiteSizes.ts';
import { withReproduce } from './withReproduce.ts';

/** The sizes of one matched comparison (suiteSizes.ts MATCHED, with one path count). */
export interface MatchedSizes {
  d: number;
  delta: number;
  gamma: number;
  dt: number;
  times: number[];
  replicates: number;
  paths: number;
  batches: number;
}

const PARTNERS: Record<MatchedMeasure, string> = {
  gf: 'GD with step Δ',
  'bernoulli-sgd': 'Bernoulli-batch SGD with p = Δ/γ',
  sme: 'Euler–Maruyama SME with step Δ',
};

export function describeMatched(
  model: ModelName,
  measures: MatchedMeasure[],
  sizes: MatchedSizes,
  run: CaseRun,
): void {
  const title =
    `${model}: discrete DMFT variants = matched finite runs, d = ${sizes.d} ` +
    `(seeds ${run.seeds.join(', ')})`;
  describe(title, () => {
    for (const measure of measures) {
      for (const seed of run.seeds) {
        const name = caseName(`'${measure}' matches ${PARTNERS[measure]}`, seed, run);
        it(name, () => {
          const spec = { ...sizes, model, measure, seed, alpha: ALPHA };
          const context = { ...run, seed, config: spec, test: name };
          withReproduce(context, () => {
            const result = matchedComparison(spec);
            assertRows(result.rows, {
              ...context,
              label: `${model} ${measure}, d = ${sizes.d}, seed ${seed}`,
              config: {
                finite: result.pair.finiteConfig,
                dmft: result.pair.dmftConfig,
                dmftOptions: {
                  measure,
                  dt: sizes.dt,
                  paths: sizes.paths,
                  batches: sizes.batches,
                  seed,
                },
              },
            });
          });
        });
      }
    }
  });
}
