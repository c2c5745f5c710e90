/**
 * L7 as a property over the square-loss family; ranges, run count and false-failure budget
 * in properties/lib/L7.ts (per file ≤ 1e-4, all seven files ≤ 7e-4).
 */
import { describe, it } from 'vitest';
import { suiteSeed } from '../tests/helpers/seed.ts';
import { assertStatement } from './lib/assertStatement.ts';
import { propertyL7Spec } from './lib/L7.ts';

describe(`property L7 (suite seed ${suiteSeed()})`, () => {
  it('L7 passes on every drawn config', () => {
    assertStatement(propertyL7Spec, 'properties/L7.test.ts');
  });
});
