/**
 * Dispatch from a statement id to its check (docs/limits.md). L4–L7 are not implemented
 * yet; asking for them throws a RangeError that says so, rather than returning a verdict.
 */
import type { Config } from '../model/types.ts';
import { checkL1 } from './checkL1.ts';
import { checkL2 } from './checkL2.ts';
import { checkL3 } from './checkL3.ts';
import type { CheckOptions } from './checkOptions.ts';
import { STATEMENTS } from './verdict.ts';
import type { StatementId, Verdict } from './verdict.ts';

export const IMPLEMENTED: readonly StatementId[] = ['L1', 'L2', 'L3'];

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
    default:
      throw new RangeError(
        `statement ${id} has no check yet; implemented: ${IMPLEMENTED.join(', ')}`,
      );
  }
}
