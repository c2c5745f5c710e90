/**
 * Deep comparison 2, logistic: continuous DMFT-SGD (dt and dt/2) against finite SGD with
 * κ = ⌈√n⌉ = 64, d = 2048, one test per deep seed (docs/crossval.md, "Deep tests").
 * Tolerance: tests/crossval/helpers/continuousSgdComparison.ts; sizes: deep/helpers/deepSizes.ts.
 */
import { describeContinuousSgd } from '../../tests/crossval/helpers/describeContinuousSgd.ts';
import { deepRun } from '../helpers/deepRun.ts';
import { DEEP_CONTINUOUS_SGD } from '../helpers/deepSizes.ts';

describeContinuousSgd(
  'logistic',
  DEEP_CONTINUOUS_SGD,
  deepRun('deep/crossval/continuousSgdLogistic.test.ts'),
);
