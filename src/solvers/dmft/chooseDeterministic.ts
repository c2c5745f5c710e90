/**
 * chooseDeterministic: decides between the deterministic moment closure and Monte Carlo for
 * a DMFT run (docs/dmft-performance.md).
 *
 * Rule: `options.deterministic` true demands the deterministic solve and throws a RangeError
 * naming the reason when the model does not qualify; false forces Monte Carlo; left out, the
 * deterministic solve is chosen whenever affineSampleModel accepts the model (affine loss
 * gradient and linear label map), because it is then exact and costs no paths.
 * Returns the affine structure to use, or undefined for Monte Carlo.
 */
import type { Model } from '../../model/types.ts';
import { type AffineSampleModel, affineSampleModel } from './affineSampleModel.ts';

export function chooseDeterministic(
  model: Model,
  deterministic: unknown,
): AffineSampleModel | undefined {
  if (deterministic !== undefined && typeof deterministic !== 'boolean') {
    throw new TypeError(
      `options.deterministic must be true, false or left out, received ${String(deterministic)}`,
    );
  }
  if (deterministic === false) return undefined;
  const affine = affineSampleModel(model);
  if (typeof affine !== 'string') return affine;
  if (deterministic === true) {
    throw new RangeError(
      `options.deterministic is true, but the deterministic DMFT needs an affine loss ` +
        `gradient (square loss, linear student) and a linear label map (linear teacher, ` +
        `real labels): ${affine}; allowed: false or left out`,
    );
  }
  return undefined;
}
