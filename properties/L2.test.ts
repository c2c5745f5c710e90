/**
 * L2 as a property over the square-loss family; ranges, run count and false-failure budget
 * in properties/lib/L2.ts (per file ≤ 1e-4, all seven files ≤ 7e-4).
 */
import { describe, it } from 'vitest';
import { suiteSeed } from '../tests/helpers/seed.ts';
import { assertStatement } from './lib/assertStatement.ts';
import { propertyL2Spec } from './lib/L2.ts';

describe(`property L2 (suite seed ${suiteSeed()})`, () => {
  it('L2 passes on every drawn config', () => {
    assertStatement(propertyL2Spec, 'properties/L2.test.ts');
  });
});
