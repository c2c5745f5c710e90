/**
 * Exact solution of the online-SGD ODE for square loss with a linear student (k = 1,
 * readout b) and a single-index teacher (k* = 1, readout a) whose link is linear, erf(u/√2)
 * or relu, real labels y = a σ*(ρ*) + σ_noise ε.
 *
 * Method. The online ODE in time τ = steps/d (arXiv 2206.04030, 2308.08977; step γ/d on
 * x ~ N(0, I/d), ridge λ̃) reads
 *   dM/dτ = −γ E[ℓρ*] − λ̃M,   dQ/dτ = −2γ E[ℓρ] + γ² E[ℓ²] − 2λ̃Q,
 * with ℓ = b(bρ − y) and (ρ, ρ*) ~ N(0, [[Q, M], [M, P]]). By Stein's lemma and the one- and
 * two-point forms of ./gaussianPairMoments.ts, with κ1 = E σ*'(ρ*) and κ2 = E σ*(ρ*)²:
 *   E[ℓρ*] = b(bM − aκ1P),  E[ℓρ] = b(bQ − aκ1M),  E[ℓ²] = b²(b²Q − 2abκ1M + a²κ2 + σ²).
 * P stays fixed, so κ1, κ2 are constants and the system is linear and triangular:
 *   dM/dτ = −r_M M + f_M,          r_M = γb² + λ̃,  f_M = γabκ1P,
 *   dQ/dτ = −r_Q Q + c_Q M + f_Q,  r_Q = 2γb² − γ²b⁴ + 2λ̃,  c_Q = 2γabκ1(1 − γb²),
 *                                   f_Q = γ²b²(a²κ2 + σ²).
 * Its solution, with E(r, τ) = (1 − e^{−rτ})/r (= τ at r = 0), M∞ = f_M/r_M (M∞ = M0 when
 * r_M = 0, where f_M = 0 as well) and φ(τ) = e^{−r_M τ} E(r_Q − r_M, τ):
 *   M(τ) = M∞ + (M0 − M∞) e^{−r_M τ},
 *   Q(τ) = Q0 e^{−r_Q τ} + (f_Q + c_Q M∞) E(r_Q, τ) + c_Q (M0 − M∞) φ(τ).
 * For a = b = 1, a linear teacher and λ̃ = 0, e = Q − 2M + P obeys de/dτ = −(2γ − γ²)e + γ²σ²,
 * the classical closed form (its stationary value γσ²/(2 − γ)).
 *
 * Risks: test risk ½(b²Q − 2abκ1M + a²κ2 + σ²); online SGD has no training set, so the
 * train risk is null (src/solvers/trajectory.ts).
 */
import type { Config } from '../../model/types.ts';
import type { Trajectory } from '../trajectory.ts';
import { ExactRecorder } from './exactRecorder.ts';
import { checkTimes } from './checkTimes.ts';
import type { PairLink } from './gaussianPairMoments.ts';
import { meanDerivative, secondMoment } from './gaussianPairMoments.ts';

/** Q beyond this multiple of its scale at the start is reported as a divergence. */
const DIVERGENCE_FACTOR = 1e12;

/** The online ODE solved exactly; throws a RangeError naming the field it cannot handle. */
export function onlineLinearStudent(config: Config): Trajectory {
  const { teacher, student } = config;
  const why = 'onlineLinearStudent has a closed form only for';
  demand(config.loss === 'square', 'config.loss', config.loss, `${why} loss "square"`);
  demand(student.k === 1, 'config.student.k', student.k, `${why} k = 1`);
  demand(teacher.k === 1, 'config.teacher.k', teacher.k, `${why} k* = 1`);
  demand(student.link === 'linear', 'config.student.link', student.link, `${why} "linear"`);
  demand(
    teacher.link === 'linear' || teacher.link === 'erf' || teacher.link === 'relu',
    'config.teacher.link',
    teacher.link,
    `${why} "linear", "erf" or "relu"`,
  );
  demand(teacher.labels === 'real', 'config.teacher.labels', teacher.labels, `${why} "real"`);
  demand(config.data === undefined, 'config.data', config.data, `${why} Gaussian data`);
  const gamma = config.algorithm?.gamma;
  demand(isFiniteNumber(gamma) && gamma > 0, 'config.algorithm.gamma', gamma, 'a number > 0');
  const lambdaTilde = config.lambda;
  demand(
    isFiniteNumber(lambdaTilde) && lambdaTilde >= 0,
    'config.lambda',
    lambdaTilde,
    'a number ≥ 0',
  );
  const sigma = teacher.noise;
  demand(isFiniteNumber(sigma) && sigma >= 0, 'config.teacher.noise', sigma, 'a number ≥ 0');
  const a = teacher.readout?.[0];
  const b = student.readout?.[0];
  demand(isFiniteNumber(a), 'config.teacher.readout', teacher.readout, 'one finite number');
  demand(isFiniteNumber(b), 'config.student.readout', student.readout, 'one finite number');
  const overlap = config.init?.overlap?.[0]?.[0];
  const scale = config.init?.scale;
  demand(isFiniteNumber(overlap), 'config.init.overlap', config.init?.overlap, 'a finite [[o]]');
  demand(isFiniteNumber(scale) && scale >= 0, 'config.init.scale', scale, 'a number ≥ 0');
  checkTimes(config.times, 'config.times');

  // Teacher moments at P = 1 (teacher rows N(0, 1)), and the start Θ0 = oΘ* + sG.
  const P = 1;
  const link = teacher.link as PairLink;
  const kappa1 = meanDerivative(link, P);
  const kappa2 = secondMoment(link, P);
  const M0 = overlap * P;
  const Q0 = overlap * overlap * P + scale * scale;

  // The triangular linear system of the module doc.
  const rateM = gamma * b * b + lambdaTilde;
  const forceM = gamma * a * b * kappa1 * P;
  const rateQ = 2 * gamma * b * b - gamma * gamma * b ** 4 + 2 * lambdaTilde;
  const couplingQ = 2 * gamma * a * b * kappa1 * (1 - gamma * b * b);
  const forceQ = gamma * gamma * b * b * (a * a * kappa2 + sigma * sigma);
  const mInfinity = rateM === 0 ? M0 : forceM / rateM;

  const recorder = new ExactRecorder();
  for (const tau of config.times) {
    const M = mInfinity + (M0 - mInfinity) * Math.exp(-rateM * tau);
    const phi = Math.exp(-rateM * tau) * relaxation(rateQ - rateM, tau);
    const Q =
      Q0 * Math.exp(-rateQ * tau) +
      (forceQ + couplingQ * mInfinity) * relaxation(rateQ, tau) +
      couplingQ * (M0 - mInfinity) * phi;
    const risk = 0.5 * (b * b * Q - 2 * a * b * kappa1 * M + a * a * kappa2 + sigma * sigma);
    if (!(Q <= DIVERGENCE_FACTOR * (1 + Q0 + P)) || !Number.isFinite(risk)) {
      recorder.diverge(
        tau,
        `the exact online ODE passes Q = ${DIVERGENCE_FACTOR}·(1 + Q0 + P) at τ = ${tau}: ` +
          `r_Q = 2γb² − γ²b⁴ + 2λ̃ = ${rateQ} < 0 makes Q grow exponentially ` +
          '(γb² > 2 at λ̃ = 0)',
      );
      break;
    }
    recorder.push(tau, [[Q]], [[M]], risk, risk);
  }
  const info = { method: 'closed-form solution of the linear online ODE', kappa1, kappa2 };
  return recorder.finish('online-ode-exact', { ...info, rateM, rateQ }, true);
}

/** (1 − e^{−rτ})/r, equal to τ at r = 0, without cancellation for small rτ. */
function relaxation(rate: number, tau: number): number {
  return rate === 0 ? tau : -Math.expm1(-rate * tau) / rate;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function demand(ok: boolean, field: string, received: unknown, allowed: string): void {
  if (!ok) {
    const shown = JSON.stringify(received) ?? 'undefined';
    throw new RangeError(`${field}: ${allowed}; received ${shown}`);
  }
}
