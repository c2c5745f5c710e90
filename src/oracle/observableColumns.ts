/**
 * The scalar observables a fixture gates, named as the columns of `run --format csv`
 * (docs/cli.md): trainRisk (absent for online SGD, which has no training set), testRisk,
 * Q_a_b for a, b < k and M_a_c for a < k, c < k*, indices 0-based.
 */
import type { GatedSolver } from './fixtureTypes.ts';

export function observableColumns(solver: GatedSolver, k: number, kStar: number): string[] {
  const columns = solver === 'online' ? ['testRisk'] : ['trainRisk', 'testRisk'];
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) columns.push(`Q_${a}_${b}`);
  for (let a = 0; a < k; a++) for (let c = 0; c < kStar; c++) columns.push(`M_${a}_${c}`);
  return columns;
}
