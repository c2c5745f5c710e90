/**
 * describeOnline: registers comparison 4 (docs/crossval.md) — finite-d online SGD against the
 * online ODE for (Q, M) (docs/exact.md), for one model. One test per seed, each with the
 * false-failure probability ALPHA (./onlineComparison.ts has the tolerance). The `npm test`
 * file (single-index erf, d = 1000) and the deep file (erf committee, d = 2000) differ only in
 * the model, sizes and seeds.
 */
import { describe, it } from 'vitest';
import { assertRows } from './assertRows.ts';
import { caseName } from './caseName.ts';
import type { CaseRun } from './caseName.ts';
import { onlineComparison } from './onlineComparison.ts';
import type { OnlineSpec } from './onlineComparison.ts';
import { ALPHA } from './suiteSizes.ts';
import { withReproduce } from './withReproduce.ts';

export type OnlineSizes = Omit<OnlineSpec, 'seed' | 'alpha'>;

/** `model` names the model in the test name, e.g. 'erf single-index'. */
export function describeOnline(model: string, sizes: OnlineSizes, run: CaseRun): void {
  describe(`online ODE against finite-d online SGD (seeds ${run.seeds.join(', ')})`, () => {
    for (const seed of run.seeds) {
      const base = `${model}: online ODE matches online SGD at d = ${sizes.d}`;
      const name = caseName(base, seed, run);
      it(name, () => {
        const spec = { ...sizes, seed, alpha: ALPHA };
        const context = { ...run, seed, config: spec, test: name };
        withReproduce(context, () => {
          const result = onlineComparison(spec);
          assertRows(result.rows, {
            ...context,
            label: `online ${model}, d = ${sizes.d}, seed ${seed}`,
            config: {
              finite: result.config,
              ode: { nodes: sizes.nodes, step: sizes.step },
            },
          });
        });
      });
    }
  });
}
