/**
 * The mutant zoo: small, named wrong variants of the real solvers, each switched on at one
 * code site by a one-line branch (grep for its name). They exist to measure the power of the
 * oracle (docs/tests.md, "Power and false alarms"): tests/mutants/zoo.test.ts runs, for each
 * mutant, an honest check that must reject it, and `npm run mutants` prints which check kills
 * which mutant. Conventions that the mutants depart from: docs/conventions.md.
 */

export const MUTANTS = {
  'sgd-batch-mean': {
    site: 'src/solvers/sgd.ts',
    description:
      'SGD averages the batch gradient (step γ/κ·Σ_B) where the convention sums it, i.e. the ' +
      'learning rate is not scaled with κ (η = γ/n instead of γκ/n) while the clock keeps γκ/n',
  },
  'sgd-batch-reused': {
    site: 'src/solvers/sgd.ts (BatchSampler)',
    description: "the 'fixed' rule draws one batch per epoch (⌈n/κ⌉ steps) and reuses it",
  },
  'sgd-decay-per-epoch': {
    site: 'src/solvers/sgd.ts',
    description: 'the ridge decay (1 − ηλ) is applied once per epoch instead of at every step',
  },
  'sme-noise-eta': {
    site: 'src/solvers/sme.ts',
    description: 'the Euler–Maruyama noise of the SME is scaled by γh instead of √(γh)',
  },
  'em-no-sqrt-h': {
    site: 'src/solvers/sme.ts',
    description: 'Euler–Maruyama without √h: the Brownian increment is √γ·ξ instead of √(γh)·ξ',
  },
  'test-risk-on-train': {
    site: 'src/solvers/observe.ts',
    description: 'the "test" risk of a finite run is measured on the training set',
  },
  'test-risk-no-noise': {
    site: 'src/model/testRisk.ts',
    description: 'the square-loss test risk with real labels leaves out the label noise ½s²',
  },
  'gauss-hermite-physicists': {
    site: 'src/model/gaussHermite.ts',
    description:
      "the physicists' Gauss–Hermite nodes (weight e^{−x²}) are used for N(0, 1): nodes " +
      'too small by √2',
  },
  'online-ode-no-gamma-squared': {
    site: 'src/solvers/exact/onlineODE.ts',
    description: 'the online ODE drops the γ² E[ℓℓᵀ] term of dQ/dτ (the non-critical form)',
  },
  'online-decay-per-sample': {
    site: 'src/solvers/online.ts',
    description: 'online SGD decays Θ by (1 − λ) per step instead of (1 − λ/d)',
  },
  'gf-exact-no-ridge-on-modes': {
    site: 'src/solvers/gfExact.ts',
    description: 'the exact GF solution drops λ from the decay rate of the eigenmodes of XᵀX',
  },
  'dmft-no-self-jump': {
    site: 'src/solvers/dmft/parameterRowScalar.ts',
    description:
      'the DMFT response has R_θ[a, a−1] = 0 instead of I (k = 1): a sample never feels its ' +
      'own last update, the self-jump r ← r − γℓ is lost',
  },
  'dmft-sme-noise-eta': {
    site: 'src/solvers/dmft/multiplierMoments.ts',
    description:
      'the SME multiplier of the affine DMFT has E μ² = Δ² + γ²Δ² (noise ∝ η) instead of ' +
      'Δ² + γΔ (noise ∝ √η)',
  },
  'volterra-kernel-rate': {
    site: 'src/solvers/exact/volterraSGD.ts',
    description:
      'the homogenized-SGD Volterra kernels decay as e^{−(μ+λ)u} instead of e^{−2(μ+λ)u}',
  },
} as const satisfies Record<string, { site: string; description: string }>;

export type MutantName = keyof typeof MUTANTS;

export const MUTANT_NAMES = Object.keys(MUTANTS) as MutantName[];
