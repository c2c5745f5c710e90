/**
 * The linear and the nonlinear model of figure (d), both derived from the report's config so
 * that everything else (δ, γ, teacher, noise, initialisation, times) stays the same:
 * - linear: square loss, linear student link, real labels (ℓ affine in r: SGD = SME);
 * - nonlinear: logistic loss on sign labels (ℓ not affine: SGD, SME and GF distinct).
 * The config itself stands in for whichever of the two it already is.
 */
import type { Config } from '../model/types.ts';
import { isAffine } from './isAffine.ts';

export function linearVariant(config: Config): Config {
  if (isAffine(config)) return config;
  return {
    ...config,
    loss: 'square',
    student: { ...config.student, link: 'linear' },
    teacher: { ...config.teacher, labels: 'real' },
  };
}
