/** The display name of a solver as the CLI spells it (sgd → SGD, dmft-sgd → DMFT-SGD). */
const NAMES: Record<string, string> = {
  sgd: 'SGD',
  gd: 'GD',
  sme: 'SME',
  gf: 'GF',
  online: 'online SGD',
  'dmft-sgd': 'DMFT-SGD',
  'dmft-sme': 'DMFT-SME',
  'dmft-gf': 'DMFT-GF',
  'dmft-gd': 'DMFT-GD',
  'dmft-bernoulli-sgd': 'DMFT-Bernoulli-SGD',
  'online-ode': 'online ODE',
  exact: 'exact',
};

export function displayName(solver: string): string {
  return NAMES[solver] ?? solver;
}
