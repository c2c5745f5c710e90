/**
 * L6 as a property over the square-loss family; ranges, run count and false-failure budget
 * in properties/lib/L6.ts (per file ≤ 1e-4, all seven files ≤ 7e-4).
 */
import { describe, it } from 'vitest';
import { suiteSeed } from '../tests/helpers/seed.ts';
import { assertStatement } from './lib/assertStatement.ts';
import { propertyL6Spec } from './lib/L6.ts';

describe(`property L6 (suite seed ${suiteSeed()})`, () => {
  it('L6 passes on every drawn config', () => {
    assertStatement(propertyL6Spec, 'properties/L6.test.ts');
  });
});
