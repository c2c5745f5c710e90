/**
 * matchedComparison: a DMFT grid variant against the finite algorithm whose exact limit it
 * is (docs/dmft.md; docs/crossval.md, comparison 1). There is no grid bias: the only
 * systematic difference is the finite-d bias of the replicate mean, bounded by
 * C_MULTIPASS/d (./biasBounds.ts). Tolerance per observable and time:
 *   t·√(SE_finite² + SE_dmft²) + C_MULTIPASS/d   (./compareTrajectories.ts).
 */
import { solveDMFT } from '../../../src/solvers/dmft/solveDMFT.ts';
import type { DmftOptions } from '../../../src/solvers/dmft/types.ts';
import { C_MULTIPASS } from './biasBounds.ts';
import { compareTrajectories } from './compareTrajectories.ts';
import type { ComparisonRow } from './compareTrajectories.ts';
import { matchedCase } from './matchedCase.ts';
import type { MatchedPair, MatchedSpec } from './matchedCase.ts';
import { runReplicates } from './runReplicates.ts';

export interface MatchedComparisonSpec extends MatchedSpec {
  replicates: number;
  paths: number;
  batches: number;
  /** Family-wise false-failure probability of the comparison. */
  alpha: number;
}

export interface MatchedComparison {
  pair: MatchedPair;
  rows: ComparisonRow[];
  seconds: { finite: number; dmft: number };
}

export function matchedComparison(spec: MatchedComparisonSpec): MatchedComparison {
  const pair = matchedCase(spec);

  let start = performance.now();
  const finite = runReplicates(pair.finiteConfig, pair.finiteSolver, spec.replicates);
  const finiteSeconds = (performance.now() - start) / 1000;

  start = performance.now();
  const options: DmftOptions = {
    measure: pair.measure,
    dt: pair.dt,
    paths: spec.paths,
    seed: spec.seed,
    batches: spec.batches,
    deterministic: false,
  };
  const dmft = solveDMFT(pair.dmftConfig, options);
  const dmftSeconds = (performance.now() - start) / 1000;
  if (dmft.status !== 'ok') throw new Error(`DMFT ${pair.measure} diverged: ${dmft.message}`);

  const rows = compareTrajectories({
    finite: finite.mean,
    finiteDegrees: spec.replicates - 1,
    dmft,
    dmftDegrees: spec.batches - 1,
    alpha: spec.alpha,
    bias: () => C_MULTIPASS / spec.d,
  });
  return { pair, rows, seconds: { finite: finiteSeconds, dmft: dmftSeconds } };
}
