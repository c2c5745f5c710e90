/**
 * One comparison of a measured value with its reference, with the tolerance assembled from
 * its parts (src/limits/verdict.ts): z·√(finiteSe² + mcSe²) + gridBound + biasBound.
 */
import type { Comparison, ToleranceParts } from './verdict.ts';

export interface CompareInput {
  label: string;
  observable: string;
  time: number;
  value: number;
  reference: number;
  parts: ToleranceParts;
  kind?: 'within' | 'exceeds';
}

export function compareValue(input: CompareInput): Comparison {
  const { parts } = input;
  if (!Number.isFinite(input.value) || !Number.isFinite(input.reference)) {
    throw new RangeError(
      `compareValue (${input.label}, ${input.observable} at t = ${input.time}): value and ` +
        `reference must be finite; received ${input.value} and ${input.reference}`,
    );
  }
  const tolerance =
    parts.z * Math.hypot(parts.finiteSe, parts.mcSe) + parts.gridBound + parts.biasBound;
  const distance = Math.abs(input.value - input.reference);
  const kind = input.kind ?? 'within';
  return {
    label: input.label,
    observable: input.observable,
    time: input.time,
    value: input.value,
    reference: input.reference,
    distance,
    tolerance,
    parts,
    kind,
    pass: kind === 'within' ? distance <= tolerance : distance > tolerance,
  };
}
