/**
 * The reference battery: the cases `sgd-oracle fixtures` generates and `check` gates against
 * (docs/oracle.md).
 *
 * Coverage: the four finite algorithms (SGD, SME, GF, online SGD); square loss (closed forms:
 * Marchenko–Pastur GF, the homogenized-SGD Volterra equation, the deterministic SME DMFT, the
 * exact online ODE; docs/exact.md), logistic loss on probit-noisy sign labels, a ReLU
 * single-index model and committees with k = k* = 2 (Monte Carlo DMFT or the online ODE,
 * docs/dmft.md); δ ∈ {0.5, 2, 8}; γ ∈ {0.1, 0.5, 1}; batch rules `fixed` and `bernoulli`;
 * exponents α ∈ {¼, ½, ¾} and a fixed κ = 1. GF is gated on smooth links only: the adaptive
 * Runge–Kutta integrator of finite-d GF crawls through the kinks of a ReLU (minutes per run),
 * so ReLU appears with SGD, where no integrator is involved. A ReLU student needs k = 1 and an
 * odd teacher link in the DMFT (src/solvers/dmft/validateDmftInput.ts), hence the erf teacher.
 * The `reshuffle` rule is left out on purpose: every
 * sample is used exactly once per epoch, so its use counts are not Poisson and its limit is
 * not the SGD DMFT of arXiv 2601.21093.
 *
 * Conventions: `config` is a raw config (schema/config.schema.json) without d and seed, which
 * generation fills in; times are GF time (τ = steps/d for online SGD). SME cases fix the
 * Euler–Maruyama step h, because their limit is the exact DMFT of that scheme at dt = h
 * (docs/dmft.md), which leaves no grid term.
 */
import type { GatedSolver } from './fixtureTypes.ts';

export interface CaseSpec {
  id: string;
  description: string;
  solver: GatedSolver;
  config: Record<string, unknown>;
  /** How the limit is computed: a closed form, the DMFT at dt and dt/2, or the online ODE. */
  limit: 'exact' | 'dmft' | 'online-ode';
  /** DMFT grid step of the coarse solve (the reference is the dt/2 solve, except for SME). */
  dt?: number;
  /** DMFT Monte Carlo paths per solve. */
  paths?: number;
}

const TIMES = [0, 0.5, 1, 2];

const SQUARE = {
  teacher: { link: 'linear', noise: 0.5 },
  student: { link: 'linear' },
  loss: 'square',
  init: { scale: 0 },
};

const LOGISTIC = {
  teacher: { link: 'linear', labels: 'sign', noise: 0.3 },
  student: { link: 'linear' },
  loss: 'logistic',
  init: { scale: 0 },
};

const RELU = {
  teacher: { link: 'erf', noise: 0.1 },
  student: { link: 'relu' },
  loss: 'square',
  init: { scale: 0.5 },
};

const ERF = {
  teacher: { link: 'erf', noise: 0.1 },
  student: { link: 'erf' },
  loss: 'square',
  init: { scale: 0.5 },
};

const COMMITTEE_ERF = {
  teacher: { k: 2, link: 'erf', noise: 0.1 },
  student: { k: 2, link: 'erf' },
  loss: 'square',
  init: { scale: 0.5, overlap: 0.3 },
};

const COMMITTEE_RELU = {
  teacher: { k: 2, link: 'relu', noise: 0.1 },
  student: { k: 2, link: 'erf' },
  loss: 'square',
  init: { scale: 0.5, overlap: 0.3 },
};

function sgd(gamma: number, extra: Record<string, unknown> = {}) {
  return { name: 'sgd', gamma, alpha: 0.5, batch: 'fixed', ...extra };
}

export const BATTERY: readonly CaseSpec[] = [
  {
    id: 'gf-square-delta0.5',
    description: 'GF, least squares, δ = 0.5 (underdetermined)',
    solver: 'gf',
    config: { ...SQUARE, delta: 0.5, algorithm: { name: 'gf' }, times: TIMES },
    limit: 'exact',
  },
  {
    id: 'gf-square-delta2',
    description: 'GF, least squares, δ = 2',
    solver: 'gf',
    config: { ...SQUARE, delta: 2, algorithm: { name: 'gf' }, times: TIMES },
    limit: 'exact',
  },
  {
    id: 'gf-square-delta8',
    description: 'GF, least squares, δ = 8',
    solver: 'gf',
    config: { ...SQUARE, delta: 8, algorithm: { name: 'gf' }, times: TIMES },
    limit: 'exact',
  },
  {
    id: 'gf-square-ridge',
    description: 'GF, ridge λ = 0.5, random start (scale 0.5)',
    solver: 'gf',
    config: {
      ...SQUARE,
      delta: 2,
      lambda: 0.5,
      init: { scale: 0.5 },
      algorithm: { name: 'gf' },
      times: TIMES,
    },
    limit: 'exact',
  },
  {
    id: 'sgd-square-delta2-gamma0.1',
    description: 'SGD, least squares, δ = 2, γ = 0.1, κ = ⌈√n⌉',
    solver: 'sgd',
    config: { ...SQUARE, delta: 2, algorithm: sgd(0.1), times: TIMES },
    limit: 'exact',
  },
  {
    id: 'sgd-square-delta2-gamma0.5',
    description: 'SGD, least squares, δ = 2, γ = 0.5, κ = ⌈√n⌉',
    solver: 'sgd',
    config: { ...SQUARE, delta: 2, algorithm: sgd(0.5), times: TIMES },
    limit: 'exact',
  },
  {
    id: 'sgd-square-delta2-gamma1',
    description: 'SGD, least squares, δ = 2, γ = 1, κ = ⌈√n⌉',
    solver: 'sgd',
    config: { ...SQUARE, delta: 2, algorithm: sgd(1), times: TIMES },
    limit: 'exact',
  },
  {
    id: 'sgd-square-delta0.5-gamma0.5',
    description: 'SGD, least squares, δ = 0.5, γ = 0.5',
    solver: 'sgd',
    config: { ...SQUARE, delta: 0.5, algorithm: sgd(0.5), times: TIMES },
    limit: 'exact',
  },
  {
    id: 'sgd-square-delta8-gamma0.5',
    description: 'SGD, least squares, δ = 8, γ = 0.5',
    solver: 'sgd',
    config: { ...SQUARE, delta: 8, algorithm: sgd(0.5), times: TIMES },
    limit: 'exact',
  },
  {
    id: 'sgd-square-alpha0.25',
    description: 'SGD, least squares, batch κ = ⌈n^¼⌉, γ = 0.5',
    solver: 'sgd',
    config: { ...SQUARE, delta: 2, algorithm: sgd(0.5, { alpha: 0.25 }), times: TIMES },
    limit: 'exact',
  },
  {
    id: 'sgd-square-alpha0.75',
    description: 'SGD, least squares, batch κ = ⌈n^¾⌉, γ = 0.5',
    solver: 'sgd',
    config: { ...SQUARE, delta: 2, algorithm: sgd(0.5, { alpha: 0.75 }), times: TIMES },
    limit: 'exact',
  },
  {
    id: 'sgd-square-kappa1',
    description: 'SGD, least squares, one sample per step, γ = 1',
    solver: 'sgd',
    config: {
      ...SQUARE,
      delta: 2,
      algorithm: { name: 'sgd', gamma: 1, kappa: 1, batch: 'fixed' },
      times: TIMES,
    },
    limit: 'exact',
  },
  {
    id: 'sgd-square-bernoulli',
    description: 'SGD, least squares, Bernoulli batches p = κ/n',
    solver: 'sgd',
    config: { ...SQUARE, delta: 2, algorithm: sgd(0.5, { batch: 'bernoulli' }), times: TIMES },
    limit: 'exact',
  },
  {
    id: 'sme-square-gamma0.5',
    description: 'SME (Euler–Maruyama h = 0.05), least squares, γ = 0.5',
    solver: 'sme',
    config: { ...SQUARE, delta: 2, algorithm: { name: 'sme', gamma: 0.5, h: 0.05 }, times: TIMES },
    limit: 'dmft',
    dt: 0.05,
  },
  {
    id: 'sme-square-gamma1',
    description: 'SME (Euler–Maruyama h = 0.05), least squares, γ = 1',
    solver: 'sme',
    config: { ...SQUARE, delta: 2, algorithm: { name: 'sme', gamma: 1, h: 0.05 }, times: TIMES },
    limit: 'dmft',
    dt: 0.05,
  },
  {
    id: 'online-square-gamma0.5',
    description: 'online SGD, linear teacher and student, γ = 0.5',
    solver: 'online',
    config: { ...SQUARE, delta: 1, algorithm: { name: 'online', gamma: 0.5 }, times: TIMES },
    limit: 'exact',
  },
  {
    id: 'online-square-erf-teacher',
    description: 'online SGD, erf teacher, linear student, γ = 1',
    solver: 'online',
    config: {
      ...SQUARE,
      teacher: { link: 'erf', noise: 0.2 },
      delta: 1,
      algorithm: { name: 'online', gamma: 1 },
      times: TIMES,
    },
    limit: 'exact',
  },
  {
    id: 'gf-logistic-delta2',
    description: 'GF, logistic loss on sign labels, δ = 2',
    solver: 'gf',
    config: { ...LOGISTIC, delta: 2, algorithm: { name: 'gf' }, times: TIMES },
    limit: 'dmft',
    dt: 0.05,
    paths: 10_000,
  },
  {
    id: 'sgd-logistic-delta2-gamma0.5',
    description: 'SGD, logistic loss on sign labels, γ = 0.5',
    solver: 'sgd',
    config: { ...LOGISTIC, delta: 2, algorithm: sgd(0.5), times: TIMES },
    limit: 'dmft',
    dt: 0.05,
    paths: 10_000,
  },
  {
    id: 'sgd-logistic-delta8-gamma1',
    description: 'SGD, logistic loss on sign labels, δ = 8, γ = 1',
    solver: 'sgd',
    config: { ...LOGISTIC, delta: 8, algorithm: sgd(1), times: TIMES },
    limit: 'dmft',
    dt: 0.05,
    paths: 10_000,
  },
  {
    id: 'sme-logistic-gamma0.5',
    description: 'SME (h = 0.05), logistic loss, sign labels, γ = 0.5',
    solver: 'sme',
    config: {
      ...LOGISTIC,
      delta: 2,
      algorithm: { name: 'sme', gamma: 0.5, h: 0.05 },
      times: TIMES,
    },
    limit: 'dmft',
    dt: 0.05,
    paths: 10_000,
  },
  {
    id: 'online-logistic-gamma0.5',
    description: 'online SGD, logistic loss, sign labels, γ = 0.5',
    solver: 'online',
    config: { ...LOGISTIC, delta: 1, algorithm: { name: 'online', gamma: 0.5 }, times: TIMES },
    limit: 'online-ode',
  },
  {
    id: 'gf-erf-delta2',
    description: 'GF, erf teacher and student, square loss, δ = 2',
    solver: 'gf',
    config: { ...ERF, delta: 2, algorithm: { name: 'gf' }, times: TIMES },
    limit: 'dmft',
    dt: 0.05,
    paths: 10_000,
  },
  {
    id: 'sgd-relu-delta2-gamma0.5',
    description: 'SGD, ReLU student, erf teacher, γ = 0.5',
    solver: 'sgd',
    config: { ...RELU, delta: 2, algorithm: sgd(0.5), times: TIMES },
    limit: 'dmft',
    dt: 0.05,
    paths: 10_000,
  },
  {
    id: 'online-committee-erf',
    description: 'online SGD, erf committee k = k* = 2, γ = 0.5',
    solver: 'online',
    config: { ...COMMITTEE_ERF, delta: 1, algorithm: { name: 'online', gamma: 0.5 }, times: TIMES },
    limit: 'online-ode',
  },
  {
    id: 'sgd-committee-relu',
    description: 'SGD, erf committee, ReLU teacher, k = k* = 2, γ = 0.5',
    solver: 'sgd',
    config: { ...COMMITTEE_RELU, delta: 2, algorithm: sgd(0.5), times: TIMES },
    limit: 'dmft',
    dt: 0.05,
    paths: 6_000,
  },
];
