/**
 * Types shared by the model, the data and every solver.
 *
 * Conventions (docs/conventions.md has the full statement):
 * - inputs x ∈ R^d with i.i.d. N(0, 1/d) entries; n = round(δ·d) samples;
 * - teacher Θ* ∈ R^{d×k*}, student Θ ∈ R^{d×k}; preactivations r* = Θ*ᵀx, r = Θᵀx;
 * - labels y = g(r*, ε) = out( Σ_a a_a σ*(r*_a) + noise·ε ), ε ~ N(0, 1), where `out` is the
 *   identity for `labels: "real"` and sign(·) for `labels: "sign"`;
 * - student output f(r) = Σ_a b_a σ(r_a); loss L(r; y) = loss(f(r), y);
 * - matrices in R^{d×k} are stored transposed: index `a * d + j` holds Θ[j, a], so each
 *   index's weight vector is contiguous.
 */

/** Scalar activation functions of the link registry. */
export type LinkName = 'linear' | 'relu' | 'tanh' | 'erf' | 'abs' | 'sign';

/** Losses of the registry, as functions of the student output f and the label y. */
export type LossName = 'square' | 'logistic';

export type AlgorithmName = 'sgd' | 'gd' | 'sme' | 'gf' | 'online';

export type BatchRule = 'fixed' | 'bernoulli' | 'reshuffle';

export interface TeacherConfig {
  /** Number of teacher indices k*. */
  k: number;
  link: LinkName;
  /** Readout weights a (length k*); default 1/k* each. */
  readout: number[];
  /** Standard deviation of the label noise ε. */
  noise: number;
  labels: 'real' | 'sign';
}

export interface StudentConfig {
  /** Number of student indices k. */
  k: number;
  link: LinkName;
  /** Readout weights b (length k); default 1/k each. */
  readout: number[];
}

export interface InitConfig {
  /** Θ0 = Θ* Oᵀ + scale·G with G i.i.d. N(0, 1) entries. */
  scale: number;
  /** O ∈ R^{k×k*}; a number c means c on the diagonal (c·I padded with zeros). */
  overlap: number[][];
}

export interface AlgorithmConfig {
  name: AlgorithmName;
  /** γ: the learning rate per sample, η = γκ/n (docs/conventions.md). */
  gamma: number;
  /** Batch size κ ∈ [1, n]; resolved from `alpha` as ⌈n^α⌉ when `alpha` is given. */
  kappa: number;
  /** The batch exponent if the user gave one. */
  alpha?: number;
  batch: BatchRule;
  /** SME Euler–Maruyama step; resolved to a stated default when absent. */
  h?: number;
  /** SME noise form. */
  smeNoise: 'per-sample' | 'centred';
}

export interface DataFiles {
  X: string;
  y: string;
  teacher?: string;
}

/** A fully resolved and validated configuration. */
export interface Config {
  d: number;
  delta: number;
  n: number;
  teacher: TeacherConfig;
  student: StudentConfig;
  loss: LossName;
  lambda: number;
  init: InitConfig;
  algorithm: AlgorithmConfig;
  times: number[];
  seed: number;
  /** True when the configuration left `seed` out and the default 0 was used. */
  seedDefaulted?: boolean;
  data?: DataFiles;
}

/**
 * The compiled model: the teacher's label map, the student's output, and the loss with its
 * derivatives in the preactivations r ∈ R^k. All array arguments are plain numbers in R^k or
 * R^{k*}; matrices are row-major.
 */
export interface Model {
  k: number;
  kStar: number;
  /** y = g(r*, ε). */
  label(rStar: ArrayLike<number>, eps: number): number;
  /** Whether g is differentiable in r* (false for sign labels or the sign/abs link at 0). */
  labelDifferentiable: boolean;
  /** ∂g/∂r*_a at ε, written into out (length k*); only when labelDifferentiable. */
  labelGrad(rStar: ArrayLike<number>, eps: number, out: Float64Array): void;
  /** Student output f(r). */
  output(r: ArrayLike<number>): number;
  /** L(r; y). */
  loss(r: ArrayLike<number>, y: number): number;
  /** ℓ = ∇_r L, written into out (length k). */
  grad(r: ArrayLike<number>, y: number, out: Float64Array): void;
  /** H = ∇²_r L, written into out (k×k row-major). */
  hessian(r: ArrayLike<number>, y: number, out: Float64Array): void;
  /** ∂ℓ/∂y (length k): with labelGrad, gives ∂ℓ/∂r* = (∂ℓ/∂y)(∂g/∂r*)ᵀ. */
  gradLabelDerivative(r: ArrayLike<number>, y: number, out: Float64Array): void;
  /** For k = 1: the scalar ℓ(r; y), used by the hot loops. */
  grad1(r: number, y: number): number;
  /** sup over r of the largest eigenvalue of H, or Infinity; used for stability hints. */
  curvatureBound: number;
  /** True when ℓ is affine in r (square loss with a linear student link). */
  affine: boolean;
}
