/**
 * A failing statement property reports what is needed to replay it: fast-check's seed and
 * path, the shrunk counterexample, the config and the vitest command with the suite seed.
 * Failures are forced deterministically through the solver hook, on closed-form checks so a
 * run takes well under a second: L6 fed the SGD solution as the exact GF one (the verdict
 * fails), and L3 fed the GF limit where the SGD limit is expected (the check throws, since
 * a gap of exactly 0 has no logarithm).
 */
import { describe, expect, it } from 'vitest';
import type { SolveRequest } from '../src/limits/checkOptions.ts';
import { withAlgorithm } from '../src/limits/withAlgorithm.ts';
import { volterraSGD } from '../src/solvers/exact/volterraSGD.ts';
import { assertStatement } from './lib/assertStatement.ts';
import { propertyL3Spec } from './lib/L3.ts';
import { propertyL6Spec } from './lib/L6.ts';
import type { StatementProperty } from './lib/statementProperty.ts';

function failureText<P>(spec: StatementProperty<P>, file: string): string {
  try {
    assertStatement(spec, file);
  } catch (caught) {
    const error = caught as Error & { cause?: Error };
    return `${error.message}\n${error.cause?.message ?? ''}`;
  }
  throw new Error('the broken property passed');
}

function expectReplayable(text: string, statement: string): void {
  expect(text).toMatch(/seed: \d+, path: "[\d:]+"/);
  expect(text).toMatch(/Counterexample: \[\{"delta":/);
  expect(text).toMatch(/Shrunk \d+ time/);
  expect(text).toMatch(new RegExp(`${statement} failed on draw \\{"delta":`));
  expect(text).toMatch(/config: \{"d":200,/);
  expect(text).toMatch(
    new RegExp(`SGD_ORACLE_SEED=\\d+ npx vitest run properties/${statement}\\.test\\.ts`),
  );
}

describe('statement property failure reports', () => {
  it('a failing verdict prints the seed, path, draw, config, comparisons and command', () => {
    const text = failureText(
      {
        ...propertyL6Spec,
        numRuns: 3,
        options: () => ({
          solve: ({ role, config }: SolveRequest) =>
            role === 'exact:gf' ? volterraSGD(withAlgorithm(config, { name: 'sgd' })) : undefined,
        }),
      },
      'properties/L6.test.ts',
    );
    expectReplayable(text, 'L6');
    expect(text).toMatch(/error \|DMFT\(dt\) − exact\| at t = /);
  });

  it('a check that throws is reported the same way', () => {
    const text = failureText(
      {
        ...propertyL3Spec,
        numRuns: 3,
        options: () => ({
          solve: ({ role }: SolveRequest) => {
            if (role.startsWith('limit:sgd:')) throw new RangeError('planted: no SGD limit');
            return undefined;
          },
        }),
      },
      'properties/L3.test.ts',
    );
    expectReplayable(text, 'L3');
    expect(text).toMatch(/the check threw: planted: no SGD limit/);
  });
});
