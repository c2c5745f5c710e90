/**
 * Deep comparison 1, committee: DMFT 'bernoulli-sgd' against Bernoulli-batch SGD with
 * p = Δ/γ = 0.1 (κ = 400), d = 2000,
 * one test per deep seed (docs/crossval.md, "Deep tests"). Tolerance:
 * tests/crossval/helpers/matchedComparison.ts; sizes: deep/helpers/deepSizes.ts.
 */
import { describeMatched } from '../../tests/crossval/helpers/describeMatched.ts';
import { deepRun } from '../helpers/deepRun.ts';
import { DEEP_MATCHED } from '../helpers/deepSizes.ts';

describeMatched(
  'committee',
  ['bernoulli-sgd'],
  DEEP_MATCHED,
  deepRun('deep/crossval/matchedCommitteeBernoulli.test.ts'),
);
