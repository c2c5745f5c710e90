/**
 * Deep comparison 1, logistic: DMFT 'sme' against Euler–Maruyama SME with step Δ,
 * d = 2000,
 * one test per deep seed (docs/crossval.md, "Deep tests"). Tolerance:
 * tests/crossval/helpers/matchedComparison.ts; sizes: deep/helpers/deepSizes.ts.
 */
import { describeMatched } from '../../tests/crossval/helpers/describeMatched.ts';
import { deepRun } from '../helpers/deepRun.ts';
import { DEEP_MATCHED } from '../helpers/deepSizes.ts';

describeMatched(
  'logistic',
  ['sme'],
  DEEP_MATCHED,
  deepRun('deep/crossval/matchedLogisticSme.test.ts'),
);
