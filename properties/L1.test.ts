/**
 * L1 as a property over the square-loss family; ranges, run count and false-failure budget
 * in properties/lib/L1.ts (per file ≤ 1e-4, all seven files ≤ 7e-4).
 */
import { describe, it } from 'vitest';
import { suiteSeed } from '../tests/helpers/seed.ts';
import { assertStatement } from './lib/assertStatement.ts';
import { propertyL1Spec } from './lib/L1.ts';

describe(`property L1 (suite seed ${suiteSeed()})`, () => {
  it('L1 passes on every drawn config', () => {
    assertStatement(propertyL1Spec, 'properties/L1.test.ts');
  });
});
