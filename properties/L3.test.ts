/**
 * L3 as a property over the square-loss family; ranges, run count and false-failure budget
 * in properties/lib/L3.ts (per file ≤ 1e-4, all seven files ≤ 7e-4).
 */
import { describe, it } from 'vitest';
import { suiteSeed } from '../tests/helpers/seed.ts';
import { assertStatement } from './lib/assertStatement.ts';
import { propertyL3Spec } from './lib/L3.ts';

describe(`property L3 (suite seed ${suiteSeed()})`, () => {
  it('L3 passes on every drawn config', () => {
    assertStatement(propertyL3Spec, 'properties/L3.test.ts');
  });
});
