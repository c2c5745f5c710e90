/**
 * onlineComparison: finite-d online SGD (fresh sample per step, time τ = steps/d) against the
 * online ODE for (Q, M) (docs/exact.md; docs/crossval.md, comparison 4).
 *
 * Tolerance per observable and time:
 *   t·SE_finite + C_ONLINE/d + |ODE(nodes₁, h) − ODE(nodes₂, h)|
 *                             + |ODE(nodes₂, h) − ODE(nodes₂, h/2)|,
 * the finite-d bias bound of ./biasBounds.ts and the two numerical errors of the reference
 * ODE(nodes₂, h/2): Gauss–Hermite with nodes₂ > nodes₁ per dimension converges geometrically
 * for the smooth links used here (erf), so its error is below the change from nodes₁; RK4 has
 * global error O(h⁴), so the error at h/2 is (ODE(h) − ODE(h/2))/15, below that change. The
 * ODE's standard error is 0 (compareTrajectories then uses the finite degrees of freedom).
 * Train risk does not exist for online SGD (null), so Q, M and the test risk are compared.
 */
import { parseConfig } from '../../../src/model/parseConfig.ts';
import type { Config } from '../../../src/model/types.ts';
import { onlineODE } from '../../../src/solvers/exact/onlineODE.ts';
import type { Trajectory } from '../../../src/solvers/trajectory.ts';
import { C_ONLINE } from './biasBounds.ts';
import { compareTrajectories } from './compareTrajectories.ts';
import type { ComparisonRow } from './compareTrajectories.ts';
import { runReplicates } from './runReplicates.ts';
import { scalarObservables } from './scalarObservables.ts';

export interface OnlineSpec {
  /** Raw teacher, student, loss, lambda and init sections (parseConfig input). */
  model: Record<string, unknown>;
  d: number;
  gamma: number;
  times: number[];
  replicates: number;
  /** Gauss–Hermite nodes per dimension: [coarse, fine]. */
  nodes: [number, number];
  /** RK4 step h of the coarse solves; the reference uses h/2. */
  step: number;
  seed: number;
  alpha: number;
}

export interface OnlineComparison {
  config: Config;
  rows: ComparisonRow[];
  reference: Trajectory;
  seconds: { finite: number; ode: number };
}

function values(run: Trajectory): Map<string, number> {
  const out = new Map<string, number>();
  run.times.forEach((_, i) => {
    for (const o of scalarObservables(run, i)) out.set(`${i}/${o.name}`, o.value);
  });
  return out;
}

export function onlineComparison(spec: OnlineSpec): OnlineComparison {
  // The online solver never reads X, but the Problem still draws n = round(δd) rows: keep
  // n small (δ = 1/d gives one row) so that the replicates cost only their SGD steps.
  const config = parseConfig(
    {
      ...spec.model,
      d: spec.d,
      delta: 1 / spec.d,
      times: spec.times,
      seed: spec.seed,
      algorithm: { name: 'online', gamma: spec.gamma, kappa: 1 },
    },
    'crossval online',
  );

  let start = performance.now();
  const [coarseNodes, fineNodes] = spec.nodes;
  const quadratureCoarse = values(onlineODE(config, { nodes: coarseNodes, step: spec.step }));
  const stepCoarse = values(onlineODE(config, { nodes: fineNodes, step: spec.step }));
  const reference = onlineODE(config, { nodes: fineNodes, step: spec.step / 2 });
  const fine = values(reference);
  const odeSeconds = (performance.now() - start) / 1000;
  if (reference.status !== 'ok') throw new Error(`online ODE: ${reference.message}`);

  start = performance.now();
  const finite = runReplicates(config, 'online', spec.replicates);
  const finiteSeconds = (performance.now() - start) / 1000;

  const rows = compareTrajectories({
    finite: finite.mean,
    finiteDegrees: spec.replicates - 1,
    dmft: reference,
    dmftDegrees: spec.replicates - 1,
    alpha: spec.alpha,
    bias: (name, index) => {
      const key = `${index}/${name}`;
      const value = fine.get(key) ?? NaN;
      const coarse = stepCoarse.get(key) ?? NaN;
      const quadrature = Math.abs((quadratureCoarse.get(key) ?? NaN) - coarse);
      const integration = Math.abs(coarse - value);
      return C_ONLINE / spec.d + quadrature + integration;
    },
  });
  return { config, rows, reference, seconds: { finite: finiteSeconds, ode: odeSeconds } };
}
