/**
 * The link registry: scalar activations σ with their first and second derivatives.
 *
 * Method. Each link is a plain object of three scalar functions plus the facts the rest of
 * the model layer needs: suprema of |σ|, |σ'|, |σ''| (for curvature bounds), smoothness (for
 * quadrature splitting at the kink u = 0) and parity (odd × even pairs have zero mean).
 *
 * Conventions (types.ts; docs/conventions.md, "Data, teacher, student"; Saad–Solla for 'erf'):
 * - linear σ(u) = u;   relu σ(u) = max(u, 0);   tanh σ(u) = tanh(u);   abs σ(u) = |u|;
 * - erf σ(u) = erf(u/√2), so E[σ(z)²] = 1/3 and σ'(u) = √(2/π) e^{−u²/2} for z ~ N(0, 1);
 * - sign σ(u) = +1 for u ≥ 0 and −1 for u < 0 (sign(0) = +1, as for sign labels);
 * - derivatives hold almost everywhere: relu'(0) = abs'(0) = 0, relu'' = abs'' = 0, sign' = 0.
 * NaN in gives NaN out for every function, so a diverged iterate is never masked.
 */
import { erf, normalPdf } from './erf.ts';
import type { LinkName } from './types.ts';

export interface Link {
  readonly name: LinkName;
  /** σ(u). */
  value(u: number): number;
  /** σ'(u), almost everywhere. */
  d1(u: number): number;
  /** σ''(u), almost everywhere. */
  d2(u: number): number;
  /** sup |σ| over R (Infinity when unbounded). */
  readonly supValue: number;
  /** sup |σ'| over R. */
  readonly supD1: number;
  /** sup |σ''| over R (0 when σ is piecewise linear). */
  readonly supD2: number;
  /** σ is C² on all of R; false for relu, abs and sign, whose kink or jump sits at u = 0. */
  readonly smooth: boolean;
  /** σ(−u) = −σ(u) for u ≠ 0. */
  readonly odd: boolean;
  /** σ(−u) = σ(u). */
  readonly even: boolean;
}

/** Sign with sign(0) = +1, propagating NaN. */
function signValue(u: number): number {
  if (u >= 0) return 1;
  return u < 0 ? -1 : NaN;
}

/** 1/cosh²(u), which stays accurate in relative terms where 1 − tanh² would cancel. */
function sechSquared(u: number): number {
  const c = Math.cosh(u);
  return 1 / (c * c);
}

const linear: Link = {
  name: 'linear',
  value: (u) => u,
  d1: (u) => (u === u ? 1 : NaN),
  d2: (u) => (u === u ? 0 : NaN),
  supValue: Infinity,
  supD1: 1,
  supD2: 0,
  smooth: true,
  odd: true,
  even: false,
};

const relu: Link = {
  name: 'relu',
  value: (u) => Math.max(u, 0),
  d1: (u) => (u > 0 ? 1 : u <= 0 ? 0 : NaN),
  d2: (u) => (u === u ? 0 : NaN),
  supValue: Infinity,
  supD1: 1,
  supD2: 0,
  smooth: false,
  odd: false,
  even: false,
};

/** sup |tanh''| = sup 2|t|(1 − t²) over t ∈ (−1, 1), attained at t = 1/√3: 4/(3√3). */
const TANH_SUP_D2 = 0.76980035891950101935;

const tanh: Link = {
  name: 'tanh',
  value: (u) => Math.tanh(u),
  d1: sechSquared,
  d2: (u) => -2 * Math.tanh(u) * sechSquared(u),
  supValue: 1,
  supD1: 1,
  supD2: TANH_SUP_D2,
  smooth: true,
  odd: true,
  even: false,
};

/** sup σ' = σ'(0) = √(2/π) for the erf link. */
const ERF_SUP_D1 = 0.79788456080286535588;
/** sup |σ''| = sup |u| √(2/π) e^{−u²/2}, attained at |u| = 1: √(2/π) e^{−1/2}. */
const ERF_SUP_D2 = 0.4839414490382866996;

const erfLink: Link = {
  name: 'erf',
  value: (u) => erf(u * Math.SQRT1_2),
  // √(2/π) e^{−u²/2} = 2 φ(u).
  d1: (u) => 2 * normalPdf(u),
  d2: (u) => -2 * u * normalPdf(u),
  supValue: 1,
  supD1: ERF_SUP_D1,
  supD2: ERF_SUP_D2,
  smooth: true,
  odd: true,
  even: false,
};

const abs: Link = {
  name: 'abs',
  value: (u) => Math.abs(u),
  d1: (u) => (u > 0 ? 1 : u < 0 ? -1 : u === 0 ? 0 : NaN),
  d2: (u) => (u === u ? 0 : NaN),
  supValue: Infinity,
  supD1: 1,
  supD2: 0,
  smooth: false,
  odd: false,
  even: true,
};

const sign: Link = {
  name: 'sign',
  value: signValue,
  d1: (u) => (u === u ? 0 : NaN),
  d2: (u) => (u === u ? 0 : NaN),
  supValue: 1,
  supD1: 0,
  supD2: 0,
  smooth: false,
  odd: true,
  even: false,
};

/** Every link of the registry by name. */
export const LINKS: Readonly<Record<LinkName, Link>> = Object.freeze({
  linear,
  relu,
  tanh,
  erf: erfLink,
  abs,
  sign,
});

/** The names accepted by getLink, in registry order. */
export const LINK_NAMES: readonly LinkName[] = Object.freeze(Object.keys(LINKS) as LinkName[]);

/**
 * The link called `name`; `field` names the configuration field in the error message.
 * Throws TypeError for a non-string and RangeError for an unknown name.
 */
export function getLink(name: unknown, field = 'link'): Link {
  if (typeof name !== 'string') {
    throw new TypeError(`${field} must be a string, received ${typeof name}`);
  }
  if (!Object.prototype.hasOwnProperty.call(LINKS, name)) {
    throw new RangeError(`${field} must be one of ${LINK_NAMES.join(', ')}, received "${name}"`);
  }
  return LINKS[name as LinkName];
}
