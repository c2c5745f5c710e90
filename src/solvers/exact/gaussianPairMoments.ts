/**
 * Closed-form Gaussian moments of the links "linear", "erf" and "relu": one-point moments
 * E σ'(u), E σ(u)², and the two-point moment E σ1(u) σ2(v) for a centred Gaussian pair (u, v)
 * with variances Cuu, Cvv and covariance Cuv.
 *
 * Conventions: erf means σ(u) = erf(u/√2), so σ'(u) = √(2/π) e^{−u²/2}; relu(u) = max(u, 0).
 *
 * Method (each by a short Gaussian computation, written out here):
 * - linear–linear: E uv = Cuv.
 * - linear–σ: Stein's lemma, E u σ(v) = Cuv E σ'(v), with E σ'(v) = √(2/π)/√(1 + Cvv) for erf
 *   (Gaussian integral of e^{−v²/2}) and 1/2 for relu (P(v > 0)).
 * - erf–erf: E σ(u)σ(v) = (2/π) arcsin(Cuv / √((1 + Cuu)(1 + Cvv))), obtained by
 *   differentiating in Cuv (Stein twice) and integrating from Cuv = 0 where it vanishes
 *   (both factors are odd).
 * - relu–relu: the first-order arc-cosine kernel, with cos φ = Cuv/√(Cuu Cvv),
 *   E relu(u) relu(v) = (√(Cuu Cvv)/(2π)) (sin φ + (π − φ) cos φ).
 * Used for the online ODE of a linear student (arXiv 2206.04030, 2308.08977) and the test
 * risk of erf and relu committees (Saad–Solla's two-point form; arXiv 2601.21093 setting).
 */

/** The links with closed forms here. */
export type PairLink = 'linear' | 'erf' | 'relu';

const PAIR_LINKS: readonly string[] = ['linear', 'erf', 'relu'];

/** Whether `link` has the closed forms of this module. */
export function isPairLink(link: string): link is PairLink {
  return PAIR_LINKS.includes(link);
}

/** E σ'(u) for u ~ N(0, C). */
export function meanDerivative(link: PairLink, C: number): number {
  checkVariance(C, 'C');
  if (link === 'linear') return 1;
  if (link === 'relu') return 0.5;
  return Math.sqrt(2 / Math.PI) / Math.sqrt(1 + C);
}

/** E σ(u)² for u ~ N(0, C). */
export function secondMoment(link: PairLink, C: number): number {
  return pairMoment(link, link, C, C, C);
}

/** E σ1(u) σ2(v) for (u, v) centred Gaussian with variances Cuu, Cvv and covariance Cuv. */
export function pairMoment(
  link1: PairLink,
  link2: PairLink,
  Cuu: number,
  Cvv: number,
  Cuv: number,
): number {
  checkVariance(Cuu, 'Cuu');
  checkVariance(Cvv, 'Cvv');
  if (typeof Cuv !== 'number' || !Number.isFinite(Cuv)) {
    throw new RangeError(`Cuv must be a finite number, received ${String(Cuv)}`);
  }
  if (!isPairLink(link1) || !isPairLink(link2)) {
    throw new RangeError(
      `links must be one of ${PAIR_LINKS.join(', ')}, received "${link1}" and "${link2}"`,
    );
  }

  if (link1 === 'linear' && link2 === 'linear') return Cuv;
  if (link1 === 'linear') return Cuv * meanDerivative(link2, Cvv);
  if (link2 === 'linear') return Cuv * meanDerivative(link1, Cuu);
  if (link1 === 'erf' && link2 === 'erf') {
    const ratio = Cuv / Math.sqrt((1 + Cuu) * (1 + Cvv));
    return (2 / Math.PI) * Math.asin(clampUnit(ratio));
  }
  if (link1 === 'relu' && link2 === 'relu') {
    const scale = Math.sqrt(Cuu * Cvv);
    if (scale === 0) return 0;
    const cosine = clampUnit(Cuv / scale);
    const angle = Math.acos(cosine);
    return (scale / (2 * Math.PI)) * (Math.sin(angle) + (Math.PI - angle) * cosine);
  }
  throw new RangeError(
    `no closed two-point form for links "${link1}" and "${link2}"; the pairs with one are ` +
      'linear with anything, erf–erf and relu–relu',
  );
}

/**
 * A correlation computed from rounded covariances may leave [−1, 1] by a few ulps; more than
 * 1e-9 means the covariance given was not positive semi-definite.
 */
function clampUnit(value: number): number {
  if (Math.abs(value) > 1 + 1e-9) {
    throw new RangeError(
      `the covariance is not positive semi-definite: correlation ${value} outside [−1, 1]`,
    );
  }
  return Math.max(-1, Math.min(1, value));
}

function checkVariance(value: number, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite variance ≥ 0, received ${String(value)}`);
  }
}
