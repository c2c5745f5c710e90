/**
 * Deep comparison 3: the square-loss DMFT limits against the closed forms on the finer ladder
 * h = 0.02 … 0.0025 (docs/crossval.md, "Deep tests"). No Monte Carlo, so one test, not one
 * per seed. Tolerance: tests/crossval/helpers/squareLossComparison.ts.
 */
import { describe } from 'vitest';
import { itSquareLoss } from '../../tests/crossval/helpers/itSquareLoss.ts';
import { deepRun } from '../helpers/deepRun.ts';
import { DEEP_SQUARE } from '../helpers/deepSizes.ts';

describe(`square loss, ladder from h = ${DEEP_SQUARE.h}: DMFT limits against closed forms`, () => {
  itSquareLoss(DEEP_SQUARE, deepRun('deep/crossval/squareLoss.test.ts'));
});
