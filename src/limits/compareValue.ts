/**
 * One comparison of a measured value with its reference, with the tolerance assembled from
 * its parts (src/limits/verdict.ts): z·√(finiteSe² + mcSe²) + gridBound + biasBound.
 *
 * Estimated standard errors. When finiteSe comes from R replicates and mcSe from B path
 * batches, the studentised distance is not normal but close to Student-t with the
 * Welch–Satterthwaite degrees of freedom ν = (a + b)² / (a²/ν_a + b²/ν_b), a = finiteSe²,
 * b = mcSe², ν_a = R − 1, ν_b = B − 1 (B. L. Welch, Biometrika 34 (1947) 28–35). At the
 * Bonferroni tails the difference matters: for alpha/m = 2.6e-6 the normal quantile is 4.7
 * and the t quantile with ν = 19 is 6.9 (with ν = 7, 14), so using the normal one makes
 * the false-failure rate far larger than planned (docs/tests.md, "Power and false alarms").
 * ν is rounded down, which only widens the tolerance.
 */
import { studentQuantile } from './studentQuantile.ts';
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
  const parts = withStudentQuantile(input.parts);
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

/** The parts with z the Student-t quantile when a standard error is estimated (see above). */
function withStudentQuantile(parts: ToleranceParts): ToleranceParts {
  const a = parts.finiteSe ** 2;
  const b = parts.mcSe ** 2;
  const terms: number[] = [];
  if (a > 0) terms.push(parts.finiteDof === undefined ? 0 : (a * a) / parts.finiteDof);
  if (b > 0) terms.push(parts.mcDof === undefined ? 0 : (b * b) / parts.mcDof);
  const denominator = terms.reduce((sum, x) => sum + x, 0);
  if (!(denominator > 0)) return parts;
  for (const [name, dof] of [
    ['finiteDof', parts.finiteDof],
    ['mcDof', parts.mcDof],
  ] as const) {
    if (dof !== undefined && !(Number.isFinite(dof) && dof >= 1)) {
      throw new RangeError(`compareValue: ${name} must be a number ≥ 1; received ${dof}`);
    }
  }
  const dof = Math.max(1, Math.floor(((a + b) * (a + b)) / denominator));
  const z = cachedQuantile(parts.alpha / parts.comparisons, dof);
  return { ...parts, z: Math.max(z, parts.z), dof };
}

const cache = new Map<string, number>();

function cachedQuantile(p: number, dof: number): number {
  const key = `${p}:${dof}`;
  let z = cache.get(key);
  if (z === undefined) {
    z = studentQuantile(p, dof);
    cache.set(key, z);
  }
  return z;
}
