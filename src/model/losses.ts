/**
 * The loss registry: L(f, y) as a function of the student output f and the label y, with
 * ∂L/∂f, ∂²L/∂f² and the mixed derivative ∂²L/∂f∂y.
 *
 * Method.
 * - square:   L = ½(f − y)²;  L_f = f − y;  L_ff = 1;  L_fy = −1.
 * - logistic: L = log(1 + e^{−yf}) = softplus(−yf);  with s(t) = 1/(1 + e^{−t}),
 *   L_f = −y s(−yf);  L_ff = y² s(yf) s(−yf);  L_fy = −s(−yf) + y f s(yf) s(−yf).
 *   softplus(t) = max(t, 0) + log1p(e^{−|t|}) and s(t) is formed from e^{−|t|}, so nothing
 *   overflows and small values keep their relative accuracy for any |yf|.
 * The logistic loss is meant for labels ±1 (types.ts: labels 'sign'); it is defined, and
 * differentiated, for real y as well.
 *
 * Conventions: types.ts; docs/conventions.md, "Data, teacher, student". NaN in gives NaN out.
 */
import type { LossName } from './types.ts';

export interface Loss {
  readonly name: LossName;
  /** L(f, y). */
  value(f: number, y: number): number;
  /** ∂L/∂f. */
  d1(f: number, y: number): number;
  /** ∂²L/∂f². */
  d2(f: number, y: number): number;
  /** ∂²L/∂f∂y. */
  dfy(f: number, y: number): number;
}

/** softplus(t) = log(1 + e^t), without overflow and without cancellation. */
export function softplus(t: number): number {
  if (t > 0) return t + Math.log1p(Math.exp(-t));
  return Math.log1p(Math.exp(t));
}

/** The logistic sigmoid s(t) = 1/(1 + e^{−t}), accurate in relative terms in both tails. */
export function sigmoid(t: number): number {
  if (t >= 0) return 1 / (1 + Math.exp(-t));
  const e = Math.exp(t);
  return e / (1 + e);
}

/** s(t) s(−t) = e^{−|t|}/(1 + e^{−|t|})², the logistic density. */
function sigmoidProduct(t: number): number {
  const e = Math.exp(-Math.abs(t));
  const denominator = 1 + e;
  return e / (denominator * denominator);
}

const square: Loss = {
  name: 'square',
  value: (f, y) => 0.5 * (f - y) * (f - y),
  d1: (f, y) => f - y,
  d2: (f, y) => (f === f && y === y ? 1 : NaN),
  dfy: (f, y) => (f === f && y === y ? -1 : NaN),
};

const logistic: Loss = {
  name: 'logistic',
  value: (f, y) => softplus(-y * f),
  d1: (f, y) => -y * sigmoid(-y * f),
  d2: (f, y) => y * y * sigmoidProduct(y * f),
  dfy: (f, y) => {
    const t = y * f;
    return -sigmoid(-t) + t * sigmoidProduct(t);
  },
};

/** Every loss of the registry by name. */
export const LOSSES: Readonly<Record<LossName, Loss>> = Object.freeze({ square, logistic });

/** The names accepted by getLoss. */
export const LOSS_NAMES: readonly LossName[] = Object.freeze(Object.keys(LOSSES) as LossName[]);

/**
 * The loss called `name`; `field` names the configuration field in the error message.
 * Throws TypeError for a non-string and RangeError for an unknown name.
 */
export function getLoss(name: unknown, field = 'loss'): Loss {
  if (typeof name !== 'string') {
    throw new TypeError(`${field} must be a string, received ${typeof name}`);
  }
  if (!Object.prototype.hasOwnProperty.call(LOSSES, name)) {
    throw new RangeError(`${field} must be one of ${LOSS_NAMES.join(', ')}, received "${name}"`);
  }
  return LOSSES[name as LossName];
}
