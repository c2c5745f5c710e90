/**
 * Exact gradient flow for an affine ℓ: square loss with a linear student f(r) = bᵀr.
 *
 * Method. With u = Θb ∈ R^d and c = ‖b‖², the flow dΘ/dt = −λΘ − Xᵀ(XΘb − y)bᵀ splits into
 *   du/dt = −(λ + cA)u + cXᵀy,  A = XᵀX,
 *   Θ(t) = e^{−λt}Θ0 + (u(t) − e^{−λt}u(0)) bᵀ/c,
 * and in an eigenbasis of A (eigenvalue μ) each coordinate of u solves a scalar linear ODE:
 *   u_μ(t) = e^{−(λ+cμ)t} u_μ(0) + c z_μ (1 − e^{−(λ+cμ)t})/(λ + cμ),  z = Xᵀy,
 * with the limit c z_μ t when λ + cμ = 0. The eigenbasis comes from the smaller of XᵀX (d×d)
 * and XXᵀ (n×n); in the second case the null space of A is handled in closed form (there
 * z has no component, and u decays as e^{−λt}).
 *
 * Accuracy: that of the symmetric eigendecomposition (ml-matrix, Householder + QL), about
 * 1e-12 relative on these matrices; cost O(min(n, d)³).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Problem } from '../model/buildProblem.ts';
import { InputError } from './trajectory.ts';
import type { Trajectory } from './trajectory.ts';
import { kernelFor } from './kernelFor.ts';
import { observe } from './observe.ts';
import { Recorder, divergenceHint } from './recorder.ts';
import type { SolveOptions } from './sgd.ts';
import { isMutant } from '../mutants/activeMutant.ts';

export function solveGFExact(problem: Problem, options: SolveOptions = {}): Trajectory {
  const { config, model, n, d, k, X, y } = problem;
  if (!model.affine) {
    throw new InputError(
      'the exact gradient-flow solution needs an affine ℓ: loss "square" with student.link ' +
        `"linear" (got loss "${config.loss}", student.link "${config.student.link}")`,
    );
  }
  const b = config.student.readout;
  const c = b.reduce((s, v) => s + v * v, 0);
  const lambda = config.lambda;

  // u(0) = Θ0 b and z = Xᵀy.
  const u0 = new Float64Array(d);
  for (let a = 0; a < k; a++) for (let j = 0; j < d; j++) u0[j] += problem.theta0[a * d + j] * b[a];
  const z = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) z[j] += X[i * d + j] * y[i];

  // Eigenvectors (columns of V, d×m) and eigenvalues μ of A on the range that matters.
  const { V, mu } = spectrum(X, n, d);
  const m = mu.length;
  options.onProgress?.(0.5);
  const u0Coef = new Float64Array(m);
  const zCoef = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    let s0 = 0;
    let sz = 0;
    for (let j = 0; j < d; j++) {
      s0 += V[j * m + e] * u0[j];
      sz += V[j * m + e] * z[j];
    }
    u0Coef[e] = s0;
    zCoef[e] = sz;
  }

  const recorder = new Recorder(
    'gf',
    { integrator: 'exact-eigen', eigenvalues: m },
    true,
    problem.thetaStar !== null,
  );
  const hint = divergenceHint(problem, 'gf');
  const kernel = kernelFor(problem);
  const u = new Float64Array(d);
  for (const t of config.times) {
    // u(t) = e^{−λt}[u0 − V V ᵀu0] + V (coefficients evolved mode by mode).
    const decayLambda = Math.exp(-lambda * t);
    for (let j = 0; j < d; j++) u[j] = decayLambda * u0[j];
    for (let e = 0; e < m; e++) {
      // Mutant 'gf-exact-no-ridge-on-modes' (src/mutants): λ dropped from the mode rates.
      const rate = (isMutant('gf-exact-no-ridge-on-modes') ? 0 : lambda) + c * mu[e];
      const q = Math.exp(-rate * t);
      const growth = rate === 0 ? c * t : (c * (1 - q)) / rate;
      const coefficient = q * u0Coef[e] + growth * zCoef[e] - decayLambda * u0Coef[e];
      for (let j = 0; j < d; j++) u[j] += V[j * m + e] * coefficient;
    }

    // Θ(t) = e^{−λt}Θ0 + (u(t) − e^{−λt}u0) bᵀ/c.
    const theta = kernel.theta;
    for (let a = 0; a < k; a++) {
      for (let j = 0; j < d; j++) {
        theta[a * d + j] =
          decayLambda * problem.theta0[a * d + j] + ((u[j] - decayLambda * u0[j]) * b[a]) / c;
      }
    }
    if (!recorder.record(t, observe(problem, theta, kernel), hint)) break;
    options.onState?.(t, theta);
  }
  options.onProgress?.(1);
  return recorder.finish();
}

/**
 * Eigenpairs of A = XᵀX on its range: V is d×m row-major (column e is an eigenvector),
 * m = min(n, d). For n < d they come from XXᵀ = U S² Uᵀ as v = Xᵀu/s; zero singular values
 * are dropped (their directions are in the null space, handled by the caller).
 */
function spectrum(X: Float64Array, n: number, d: number): { V: Float64Array; mu: Float64Array } {
  const useGram = n < d;
  const m = useGram ? n : d;
  const G = new Matrix(m, m);
  for (let p = 0; p < m; p++) {
    for (let q = 0; q <= p; q++) {
      let s = 0;
      if (useGram) {
        for (let j = 0; j < d; j++) s += X[p * d + j] * X[q * d + j];
      } else {
        for (let i = 0; i < n; i++) s += X[i * d + p] * X[i * d + q];
      }
      G.set(p, q, s);
      G.set(q, p, s);
    }
  }
  const evd = new EigenvalueDecomposition(G, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  if (!useGram) {
    const V = new Float64Array(d * m);
    for (let j = 0; j < d; j++) for (let e = 0; e < m; e++) V[j * m + e] = vectors.get(j, e);
    return { V, mu: Float64Array.from(values, (v) => Math.max(v, 0)) };
  }

  // Right singular vectors v_e = Xᵀu_e / s_e for the nonzero singular values.
  const keep: number[] = [];
  const top = Math.max(...values);
  for (let e = 0; e < m; e++) if (values[e] > 1e-12 * top) keep.push(e);
  const V = new Float64Array(d * keep.length);
  const mu = new Float64Array(keep.length);
  keep.forEach((e, col) => {
    const s = Math.sqrt(values[e]);
    mu[col] = values[e];
    for (let i = 0; i < n; i++) {
      const w = vectors.get(i, e) / s;
      for (let j = 0; j < d; j++) V[j * keep.length + col] += X[i * d + j] * w;
    }
  });
  return { V, mu };
}
