/**
 * Deep comparison 4: the online ODE of an erf committee k = k* = 2 against online SGD at
 * d = 2000, one test per deep seed (docs/crossval.md, "Deep tests"). Tolerance:
 * tests/crossval/helpers/onlineComparison.ts; sizes: deep/helpers/deepSizes.ts.
 */
import { describeOnline } from '../../tests/crossval/helpers/describeOnline.ts';
import { deepRun } from '../helpers/deepRun.ts';
import { DEEP_ONLINE } from '../helpers/deepSizes.ts';

describeOnline(
  'erf committee k = 2',
  DEEP_ONLINE,
  deepRun('deep/crossval/onlineCommittee.test.ts'),
);
