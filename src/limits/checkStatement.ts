/**
 * Dispatch from a statement id to its check (docs/limits.md). Every statement L1–L7 has a
 * check; an unknown id throws a RangeError naming the allowed ones.
 */
import type { Config } from '../model/types.ts';
import { checkL1 } from './checkL1.ts';
import { checkL2 } from './checkL2.ts';
import { checkL3 } from './checkL3.ts';
import { checkL4 } from './checkL4.ts';
import { checkL5 } from './checkL5.ts';
import { checkL6 } from './checkL6.ts';
import { checkL7 } from './checkL7.ts';
import type { CheckOptions } from './checkOptions.ts';
import { STATEMENTS } from './verdict.ts';
import type { StatementId, Verdict } from './verdict.ts';

export const IMPLEMENTED: readonly StatementId[] = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'];

export function checkStatement(id: string, config: Config, options: CheckOptions = {}): Verdict {
  if (!(STATEMENTS as readonly string[]).includes(id)) {
    throw new RangeError(`statement must be one of ${STATEMENTS.join(', ')}; received "${id}"`);
  }
  switch (id) {
    case 'L1':
      return checkL1(config, options);
    case 'L2':
      return checkL2(config, options);
    case 'L3':
      return checkL3(config, options);
    case 'L4':
      return checkL4(config, options);
    case 'L5':
      return checkL5(config, options);
    case 'L6':
      return checkL6(config, options);
    case 'L7':
      return checkL7(config, options);
    default:
      throw new RangeError(
        `statement ${id} has no check yet; implemented: ${IMPLEMENTED.join(', ')}`,
      );
  }
}

/**
 * Why no statement runs on a config with data files: every statement compares runs at
 * several sizes d (or many replicates) with an n, d → ∞ limit, which needs data the oracle
 * generates; a fixed data set has one n and d.
 */
export const DATA_FILES_REASON =
  'the limit statements compare generated data at several sizes with the n, d → ∞ limits; ' +
  'this config names data files (field "data"): remove "data" to check the statements on ' +
  'the same model with generated Gaussian data';
