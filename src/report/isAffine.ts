/**
 * Whether the per-sample gradient ℓ(r; y) is affine in r: square loss with a linear student
 * link, any teacher. Then SGD and SME have one limit (docs/dmft.md;
 * arXiv 2601.21093, "linear model").
 */
import type { Config } from '../model/types.ts';

export function isAffine(config: Config): boolean {
  return config.loss === 'square' && config.student.link === 'linear';
}
