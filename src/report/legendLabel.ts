/**
 * The legend entry of a run: the solver's display name and the parameters that identify the
 * curve (dimension, batch, learning rate, replicates for the finite solvers; grid step and
 * Monte Carlo paths for the DMFT). Numbers are read from the run's own `info`, so the label
 * states what actually ran.
 */
import type { Config } from '../model/types.ts';
import type { Trajectory } from '../solvers/trajectory.ts';
import { displayName } from './displayName.ts';
import { formatNumber as fmt } from './formatNumber.ts';

export function legendLabel(run: Trajectory, config: Config): string {
  const info = run.info;
  const gamma = `γ=${fmt(config.algorithm.gamma)}`;
  const replicates = `R=${info.replicates ?? 1}`;
  const parts: string[] = [];
  switch (run.solver) {
    case 'sgd':
    case 'gd':
      parts.push(`d=${config.d}`, `κ=${info.kappa}`, gamma, replicates);
      break;
    case 'sme':
      parts.push(`d=${config.d}`, `h=${fmt(Number(info.h))}`, gamma, replicates);
      break;
    case 'gf':
      parts.push(`d=${config.d}`, replicates);
      break;
    case 'online-ode':
      parts.push(gamma, `λ̃=${fmt(config.lambda)}`);
      break;
    default:
      if (run.solver.startsWith('dmft')) {
        if (run.solver !== 'dmft-gf') parts.push(gamma);
        parts.push(`dt=${fmt(Number(info.dt))}`);
        parts.push(info.deterministic === true ? 'exact closure' : `${info.paths} paths`);
      }
  }
  return parts.length === 0
    ? displayName(run.solver)
    : `${displayName(run.solver)} (${parts.join(', ')})`;
}
