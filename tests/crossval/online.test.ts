/**
 * Comparison 4 (docs/crossval.md): finite-d online SGD (d = 1000, replicates) against the
 * online ODE for (Q, M) (docs/exact.md), single-index erf teacher and student, square loss.
 *
 * Tolerance (tests/crossval/helpers/onlineComparison.ts), per observable and time:
 *   t·SE_finite + C_ONLINE/d + (Gauss–Hermite change from 30 to 40 nodes per dimension)
 *   + (RK4 change from step h to h/2),
 * t the Student critical value with R − 1 degrees of freedom for the false-failure
 * probability 1e-4 of the test split over its 9 comparisons (Q, M, test risk at 3 times; online
 * SGD has no train risk).
 */
import { suiteSeed } from '../helpers/seed.ts';
import { describeOnline } from './helpers/describeOnline.ts';
import { ONLINE } from './helpers/suiteSizes.ts';

describeOnline('erf single-index', ONLINE, {
  seeds: [suiteSeed()],
  file: 'tests/crossval/online.test.ts',
});
