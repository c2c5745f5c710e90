/**
 * itSquareLoss: registers comparison 3 (docs/crossval.md) on one ladder — the continuous-time
 * DMFT limits of square-loss SGD, SME and GF against the closed forms, every row within its
 * numerical bound (./squareLossComparison.ts). Deterministic: the seed is only reported. The
 * `npm test` file (h = 0.05) and the deep file (h = 0.02) differ only in the ladder.
 */
import { expect, it } from 'vitest';
import { reproduce } from '../../helpers/configs.ts';
import type { CaseRun } from './caseName.ts';
import { formatSquareRows, squareConfig, squareLossComparison } from './squareLossComparison.ts';
import type { SquareLossSpec } from './squareLossComparison.ts';

export function itSquareLoss(spec: SquareLossSpec, run: CaseRun): void {
  const name = "'sgd', 'sme' match volterraSGD and 'gf' matches squareLossExact";
  it(name, () => {
    const seed = run.seeds[0];
    const rows = squareLossComparison(spec);
    const failing = rows.filter((r) => !r.pass);
    process.stderr.write(
      `square loss, h = ${spec.h}: ${rows.length} comparisons, ${failing.length} outside ` +
        `tolerance\n`,
    );
    if (run.table) process.stderr.write(`${formatSquareRows(rows)}\n`);
    // Times × 4 observables × (sgd, sme, 4 GD steps, gf limit, bound on exact GD).
    expect(rows.length).toBe(spec.times.length * 4 * 8);
    expect(
      failing.length,
      `${failing.length} of ${rows.length} outside tolerance\n` +
        `${formatSquareRows(rows)}` +
        reproduce(
          seed,
          { config: squareConfig(spec), ladder: spec },
          run.file,
          name,
          run.vitestConfig,
        ),
    ).toBe(0);
  });
}
