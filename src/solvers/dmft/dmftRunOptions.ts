/**
 * DmftRunOptions: the DMFT options of ./types.ts plus the two performance switches
 * (docs/dmft-performance.md).
 *
 * - `deterministic`: solve by the exact moment closure of an affine loss gradient
 *   (marchDeterministic) instead of Monte Carlo. Left out, it is chosen automatically when
 *   the model qualifies (affineSampleModel); `true` demands it and throws a RangeError naming
 *   the reason when the model does not qualify; `false` forces Monte Carlo.
 * - `threads`: worker threads for the independent Monte Carlo path batches, used only by the
 *   asynchronous entry points (solveDmftAsync). Default min(batches, availableParallelism()).
 *   Results are bit-identical for every thread count.
 */
import type { DmftOptions } from './types.ts';

/** The same as DmftOptions, which now carries both switches. */
export type DmftRunOptions = DmftOptions;
