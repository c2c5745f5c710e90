/**
 * Per-call argument checks shared by both XKernel implementations (WebAssembly and the
 * TypeScript reference), so that both reject exactly the same calls with the same messages.
 *
 * Cost: O(count) integer comparisons for the row indices, negligible next to the O(count·d)
 * work of a call; they keep every WebAssembly load inside X, so a bad index is a RangeError
 * naming idx[i] rather than a silently wrong row or a trap.
 */

/** Which parameter block a call reads (dots) or writes (update). */
export type KernelTarget = 'theta' | 'work';

/**
 * Checks first and count (positions first … first + count − 1 of the batch), useIdx, target,
 * those entries of idx (when useIdx) and decay (when given, for update). `method` names the
 * call in messages.
 */
export function checkKernelCall(
  method: 'dots' | 'update',
  first: number,
  count: number,
  useIdx: boolean,
  target: KernelTarget,
  n: number,
  idx: Int32Array,
  decay?: number,
): void {
  if (!(typeof first === 'number' && first >>> 0 === first && first <= n)) {
    throw new RangeError(
      `${method}: first must be an integer in [0, n = ${n}], received ${String(first)}`,
    );
  }
  if (!(typeof count === 'number' && count >>> 0 === count && count <= n - first)) {
    throw new RangeError(
      `${method}: count must be an integer in [0, n − first = ${n - first}], ` +
        `received ${String(count)}`,
    );
  }
  if (target !== 'theta' && target !== 'work') {
    throw new RangeError(`${method}: target must be 'theta' or 'work', received ${String(target)}`);
  }
  if (useIdx !== true && useIdx !== false) {
    throw new TypeError(`${method}: useIdx must be a boolean, received ${String(useIdx)}`);
  }
  if (method === 'update' && !(typeof decay === 'number' && decay - decay === 0)) {
    throw new RangeError(`update: decay must be a finite number, received ${String(decay)}`);
  }

  if (useIdx) {
    for (let i = first; i < first + count; i++) {
      if (idx[i] >>> 0 >= n) {
        throw new RangeError(
          `${method}: idx[${i}] must be a row index in [0, n − 1 = ${n - 1}], ` +
            `received ${idx[i]}`,
        );
      }
    }
  }
}
