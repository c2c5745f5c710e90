/**
 * parameterRowScalar: parameterRow (./parameterRow.ts; docs/dmft.md) for a scalar
 * student, k = 1 (any k*), written with plain loops instead of k×k block calls.
 *
 * Method: the same equations as parameterRow, row a of (D, ν, R_θ, R0, V, m, C_θ) from the
 * sample-side means of rows < a, and the same scratch output X[b'] = Σ_{b<a} R_θ[a, b] G[b, b']
 * in state.scratchX. Every floating-point operation is the one the block version performs
 * for 1×1 blocks, in the same order (sums start from 0, products are accumulated with
 * out += α·(x·y)), so the two give the same bits (tests/dmft/deterministic.test.ts checks
 * this); it is only faster, by removing about 2.5·a² block calls per row. Units as in
 * ./batchState.ts.
 */
import type { BatchState } from './batchState.ts';
import { isMutant } from '../../mutants/activeMutant.ts';

export function parameterRowScalar(state: BatchState, a: number): void {
  const { kStar, dt, lambda, delta } = state;
  const points = state.steps + 1;
  const ks = kStar;
  const { d, f, g, nu, v, m, c, rTheta, r0 } = state;

  if (a === 0) {
    r0[0] = 1;
    m.set(state.overlap, 0);
    c.set(state.initSecondMoment, 0);
    return;
  }
  const row = a * points;
  const previous = (a - 1) * points;

  // D[a, b] = D[a−1, b] + f[a−1, b].
  for (let b = 0; b < a; b++) d[row + b] = d[previous + b] + f[previous + b];

  // ν_a by the tangent form or by Stein's lemma.
  const nuA = a * ks;
  if (state.directNu) {
    for (let i = 0; i < ks; i++) nu[nuA + i] = nu[nuA - ks + i] + state.nuIncrement[nuA - ks + i];
  } else {
    for (let i = 0; i < ks; i++) nu[nuA + i] = state.zr[nuA + i];
    for (let b = 0; b < a; b++) {
      for (let j = 0; j < ks; j++) nu[nuA + j] += -1 * (0 + d[row + b] * m[b * ks + j]);
    }
  }

  // K_c = λΔ + δ D[a, c].
  const kernel = state.scratchK;
  const ridge = lambda * dt;
  for (let cell = 0; cell < a; cell++) {
    kernel[cell] = delta * d[row + cell];
    kernel[cell] += ridge;
  }

  // R_θ row a, marched in b; then R0[a].
  // Mutant 'dmft-no-self-jump' (src/mutants): R_θ[a, a−1] = 0, the self-jump lost.
  rTheta[row + a - 1] = isMutant('dmft-no-self-jump') ? 0 : 1;
  for (let b = a - 2; b >= 0; b--) {
    let value = 1;
    for (let cell = b + 1; cell < a; cell++) {
      value += -1 * (0 + kernel[cell] * rTheta[cell * points + b]);
    }
    rTheta[row + b] = value;
  }
  let response = 1;
  for (let cell = 0; cell < a; cell++) response += -1 * (0 + kernel[cell] * r0[cell]);
  r0[a] = response;

  // V_a and m_a.
  v.fill(0, nuA, nuA + ks);
  for (let b = 0; b < a; b++) {
    const weight = rTheta[row + b];
    for (let j = 0; j < ks; j++) {
      const difference = nu[(b + 1) * ks + j] - nu[b * ks + j];
      v[nuA + j] += 1 * (0 + weight * difference);
    }
  }
  for (let j = 0; j < ks; j++) {
    let value = 0;
    value += 1 * (0 + response * state.overlap[j]);
    value -= delta * v[nuA + j];
    m[nuA + j] = value;
  }

  // X[b'] = Σ_{b<a} R_θ[a, b] G[max(b, b'), min(b, b')], summed in b as the block version.
  const x = state.scratchX;
  for (let bPrime = 0; bPrime < a; bPrime++) {
    let sum = 0;
    for (let b = 0; b < a; b++) {
      const entry = bPrime <= b ? g[b * points + bPrime] : g[bPrime * points + b];
      sum += 1 * (0 + rTheta[row + b] * entry);
    }
    x[bPrime] = sum;
  }

  // C_θ[a, a'] for a' ≤ a, mirrored.
  const t1 = 0 + 1 * (0 + response * state.initSecondMoment[0]);
  let t3sum = 0;
  for (let l = 0; l < ks; l++) t3sum += v[nuA + l] * state.overlap[l];
  const t3 = 0 + 1 * t3sum;
  const deltaSquared = delta * delta;
  for (let aPrime = 0; aPrime <= a; aPrime++) {
    const primeRow = aPrime * points;
    const vPrime = aPrime * ks;
    let value = 0;
    value += 1 * (0 + t1 * r0[aPrime]);
    for (let bPrime = 0; bPrime < aPrime; bPrime++) {
      value += delta * (0 + x[bPrime] * rTheta[primeRow + bPrime]);
    }
    let vv = 0;
    let tv = 0;
    for (let l = 0; l < ks; l++) {
      vv += v[nuA + l] * v[vPrime + l];
      tv += (0 + 1 * (0 + response * state.overlap[l])) * v[vPrime + l];
    }
    value += deltaSquared * vv;
    value += -delta * tv;
    value += -delta * (0 + t3 * r0[aPrime]);
    c[row + aPrime] = value;
    if (aPrime < a) c[primeRow + a] = value;
  }
}
