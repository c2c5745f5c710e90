/**
 * The title of an observable's axis, with its unit (docs/conventions.md): risks in units of
 * the loss, Q and M dimensionless overlaps ((1,1) entries when k > 1).
 */
import type { Config } from '../model/types.ts';
import type { Observable } from './types.ts';

export function observableTitle(observable: Observable, config: Config): string {
  const loss = config.loss === 'square' ? 'square-loss' : 'logistic-loss';
  const entry = config.student.k > 1 || config.teacher.k > 1 ? '₁₁' : '';
  switch (observable) {
    case 'testRisk':
      return `test risk (${loss} units)`;
    case 'trainRisk':
      return `train risk (${loss} units)`;
    case 'Q':
      return entry ? `Q₁₁ = (ΘᵀΘ/d)₁₁ (dimensionless)` : 'Q = ΘᵀΘ/d (dimensionless)';
    case 'M':
      return entry ? `M₁₁ = (ΘᵀΘ*/d)₁₁ (dimensionless)` : 'M = ΘᵀΘ*/d (dimensionless)';
  }
}

export const OBSERVABLE_NAMES: Record<Observable, string> = {
  testRisk: 'test risk',
  trainRisk: 'train risk',
  Q: 'Q',
  M: 'M',
};
