/**
 * solveDMFT: the DMFT limit of GF, SGD (Poisson clock), Bernoulli-SGD and SME for the model of
 * a Config (arXiv 2601.21093; equations and scheme in docs/dmft.md and §5).
 *
 * Method: compiles the model from the config (src/model/compileModel.ts) and runs
 * solveDmftWithModel with the product's Gaussian test risk (src/model/testRisk.ts, Σ* = I).
 * Units: time of the summed objective (docs/conventions.md); outputs at the grid point nearest each
 * requested time, with the grid recorded in `info`.
 */
import { compileModel } from '../../model/compileModel.ts';
import { testRisk } from '../../model/testRisk.ts';
import type { Config } from '../../model/types.ts';
import { solveDmftWithModel } from './solveDmftWithModel.ts';
import type { DmftOptions, DmftResult } from './types.ts';

export function solveDMFT(config: Config, options: DmftOptions): DmftResult {
  return solveDmftWithModel(compileModel(config), config, options, testRisk);
}
