/**
 * Euler–Maruyama order on a linear SDE with a known answer, run through the real SME solver.
 *
 * Set-up: n = d = N, X = I (so ‖x_i‖ = 1), y = 0, square loss, linear student, λ = 0. Then
 * sample i drives only coordinate i and the SME dΘ = −∇F dt − √γ Σ_i x_iℓ_iᵀ dB_i splits into
 * N independent geometric Brownian motions
 *   dθ = a θ dt + b θ dW,  a = −1, b = −√γ,
 * with θ(T) = θ0 exp((a − b²/2)T + bW_T). The solver's Gaussian increments are replayed from
 * the 'sme-noise' stream to rebuild each W_T, so the strong error is measured path by path.
 * - Strong order 1/2: E|θ_EM(T) − θ(T)| on a halving ladder of h.
 * - Weak order 1: E θ_EM(T)² = ((1 + ah)² + b²h)^{T/h} exactly for EM; the solver's Monte
 *   Carlo mean must match it (this is what a missing √h or a noise scaled by h breaks), and
 *   that EM moment tends to the SDE's e^{(2a + b²)T} at order 1.
 */
import { describe, expect, it } from 'vitest';
import { buildProblem } from '../../src/model/buildProblem.ts';
import { stream } from '../../src/random/streams.ts';
import { solveSME } from '../../src/solvers/sme.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { reproduce, testConfig } from '../helpers/configs.ts';

const seed = suiteSeed();
const N = 2000;
const gamma = 0.5;
const T = 1;
const a = -1;
const b = -Math.sqrt(gamma);
/** Two-sided normal quantile for a false-failure probability of 1e-4 per assertion. */
const Z = 3.89;

function runLadderPoint(h: number) {
  const raw = {
    d: N,
    delta: 1,
    teacher: { noise: 0 },
    algorithm: { name: 'sme', gamma, h },
    times: [T],
    seed,
  };
  const config = testConfig(raw);
  const base = buildProblem(config);
  const X = new Float64Array(N * N);
  for (let i = 0; i < N; i++) X[i * N + i] = 1;
  const problem = { ...base, X, y: new Float64Array(N), theta0: new Float64Array(N).fill(1) };
  let theta = new Float64Array(0);
  solveSME(problem, { onState: (_t, th) => (theta = Float64Array.from(th)) });

  // Replay the increments: the solver draws N normals per step from 'sme-noise'.
  const rng = stream(config.seed, 'sme-noise');
  const W = new Float64Array(N);
  const steps = Math.round(T / h);
  for (let s = 0; s < steps; s++) for (let j = 0; j < N; j++) W[j] += Math.sqrt(h) * rng.normal();

  const strong: number[] = [];
  const squares: number[] = [];
  for (let j = 0; j < N; j++) {
    const exact = Math.exp((a - (b * b) / 2) * T + b * W[j]);
    strong.push(Math.abs(theta[j] - exact));
    squares.push(theta[j] ** 2);
  }
  return { raw, strong: meanSe(strong), square: meanSe(squares), steps };
}

function meanSe(v: number[]): { mean: number; se: number } {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1);
  return { mean, se: Math.sqrt(variance / v.length) };
}

describe(`Euler–Maruyama through the SME solver (suite seed ${seed})`, () => {
  const ladder = [0.1, 0.05, 0.025, 0.0125].map((h) => ({ h, ...runLadderPoint(h) }));

  it('strong order 1/2 on a geometric Brownian motion', () => {
    for (let i = 0; i + 1 < ladder.length; i++) {
      const [p, q] = [ladder[i], ladder[i + 1]];
      const slope = Math.log2(p.strong.mean / q.strong.mean);
      // Delta method: SE of log2(e1/e2) from the two independent relative SEs.
      const slopeSe =
        Math.hypot(p.strong.se / p.strong.mean, q.strong.se / q.strong.mean) / Math.LN2;
      // The EM strong error is C√h(1 + O(√h)) here; between h = 0.1 and 0.0125 the relative
      // correction b²√h/2 ≤ 0.08 moves a two-point slope by at most ~0.1.
      const tolerance = Z * slopeSe + 0.1;
      expect(
        Math.abs(slope - 0.5),
        `slope ${slope} at h = ${p.h}` +
          reproduce(seed, p.raw, 'tests/solvers/eulerMaruyama.test.ts', 'strong order'),
      ).toBeLessThan(tolerance);
    }
  });

  it('weak order 1: the Monte Carlo second moment equals the exact EM moment', () => {
    for (const point of ladder) {
      const emMoment = ((1 + a * point.h) ** 2 + b * b * point.h) ** point.steps;
      expect(
        Math.abs(point.square.mean - emMoment),
        `h = ${point.h}` +
          reproduce(seed, point.raw, 'tests/solvers/eulerMaruyama.test.ts', 'weak order'),
      ).toBeLessThan(Z * point.square.se);
    }
    const sdeMoment = Math.exp((2 * a + b * b) * T);
    const errors = ladder.map((p) =>
      Math.abs(((1 + a * p.h) ** 2 + b * b * p.h) ** p.steps - sdeMoment),
    );
    // First-order weak convergence. The h² coefficient of the per-step moment error is small
    // here (1 − 3h/2 + h² against e^{−3h/2}: −h²/8), so the two-point slopes approach 1 from
    // below at a rate linear in h; one Richardson step on the last two removes that term.
    const slopes = errors.slice(1).map((e, i) => Math.log2(errors[i] / e));
    const extrapolated = 2 * slopes[2] - slopes[1];
    expect(Math.abs(extrapolated - 1), `slopes ${slopes}`).toBeLessThan(0.1);
  });
});
