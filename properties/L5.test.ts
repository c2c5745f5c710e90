/**
 * L5 as a property over the square-loss family; ranges, run count and false-failure budget
 * in properties/lib/L5.ts (per file ≤ 1e-4, all seven files ≤ 7e-4).
 */
import { describe, it } from 'vitest';
import { suiteSeed } from '../tests/helpers/seed.ts';
import { assertStatement } from './lib/assertStatement.ts';
import { propertyL5Spec } from './lib/L5.ts';

describe(`property L5 (suite seed ${suiteSeed()})`, () => {
  it('L5 passes on every drawn config', () => {
    assertStatement(propertyL5Spec, 'properties/L5.test.ts');
  });
});
