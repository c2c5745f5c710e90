/**
 * L4 as a property over the square-loss family; ranges, run count and false-failure budget
 * in properties/lib/L4.ts (per file ≤ 1e-4, all seven files ≤ 7e-4).
 */
import { describe, it } from 'vitest';
import { suiteSeed } from '../tests/helpers/seed.ts';
import { assertStatement } from './lib/assertStatement.ts';
import { propertyL4Spec } from './lib/L4.ts';

describe(`property L4 (suite seed ${suiteSeed()})`, () => {
  it('L4 passes on every drawn config', () => {
    assertStatement(propertyL4Spec, 'properties/L4.test.ts');
  });
});
