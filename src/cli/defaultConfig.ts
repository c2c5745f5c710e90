/**
 * The built-in case `sgd-oracle run` uses when no config is given (the same as
 * examples/configs/logistic-default.json, which a test keeps in step): logistic regression on
 * sign labels of a linear teacher with probit label noise, δ = 2, d = 1000 (n = 2000),
 * batch κ = ⌈√n⌉ = 45 (α = ½), γ = 0.5, from a zero initialisation. A nonlinear loss, so SGD,
 * SME and GF are three distinct curves (docs/conventions.md, "SGD, SME and GF").
 */
export const DEFAULT_CONFIG = {
  d: 1000,
  delta: 2,
  teacher: { k: 1, link: 'linear', labels: 'sign', noise: 0.3 },
  student: { k: 1, link: 'linear' },
  loss: 'logistic',
  lambda: 0,
  init: { scale: 0 },
  algorithm: { name: 'sgd', gamma: 0.5, alpha: 0.5, batch: 'fixed' },
  times: [0, 0.25, 0.5, 1, 2, 3, 4],
  seed: 1,
} as const;

/** The solvers the default run prints side by side. */
export const DEFAULT_SOLVERS = ['sgd', 'sme', 'gf'] as const;
