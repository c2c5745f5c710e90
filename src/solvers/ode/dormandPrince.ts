/**
 * Dormand–Prince 5(4): an explicit Runge–Kutta pair with an embedded fourth-order error
 * estimate, used with local extrapolation (the step is advanced with the fifth-order weights).
 *
 * Method. Standard step-size control: the error of a step is the RMS over components of
 * e_i / (atol + rtol·max(|y_i|, |ŷ_i|)); a step is accepted when that norm is ≤ 1, and the next
 * step is h·min(5, max(0.2, 0.9·norm^(−1/5))). Output times never shorten a step (see
 * integrateDormandPrince). With `fixedStep` the controller is off and the method runs at that step (used to
 * measure the order, which is 5).
 *
 * References: J. R. Dormand, P. J. Prince, "A family of embedded Runge–Kutta formulae",
 * J. Comput. Appl. Math. 6 (1980); E. Hairer, S. P. Nørsett, G. Wanner, Solving Ordinary
 * Differential Equations I, §II.4–II.5.
 */

/** A Runge–Kutta tableau with an embedded pair; the coefficients are data. */
export interface Tableau {
  /** Strictly lower-triangular stage matrix, row s holds a[s][0..s). */
  a: number[][];
  /** Weights of the propagated (higher-order) solution. */
  b: number[];
  /** Weights of the embedded (lower-order) solution. */
  bHat: number[];
  /** Nodes c_s = Σ_j a[s][j]. */
  c: number[];
  order: number;
  errorOrder: number;
}

export const DORMAND_PRINCE: Tableau = {
  a: [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
  ],
  b: [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0],
  bHat: [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40],
  c: [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1, 1],
  order: 5,
  errorOrder: 4,
};

/** dy/dt = f(t, y): writes the derivative into `out`. */
export type Rhs = (t: number, y: Float64Array, out: Float64Array) => void;

export interface IntegrateOptions {
  rtol?: number;
  atol?: number;
  /** Run at this constant step (the last step before each output time may be shorter). */
  fixedStep?: number;
  /** Called at each output time with the state; return false to stop (e.g. divergence). */
  onOutput: (index: number, t: number, y: Float64Array) => boolean;
  /** Called after each accepted step. */
  onStep?: (t: number) => void;
  /**
   * Smallest step the controller may take: a step of this size is accepted whatever its error
   * estimate (counted in `forced`). For right-hand sides with kinks, whose error estimate at a
   * kink does not shrink like h⁵, this bounds the cost; accuracy there is first order.
   */
  minStep?: number;
  maxSteps?: number;
}

export interface IntegrateStats {
  accepted: number;
  rejected: number;
  rhsEvaluations: number;
  /** Steps accepted at minStep although their error estimate exceeded the tolerance. */
  forced: number;
  /** Set when the integration stopped early, with the reason and the time. */
  stopped?: { reason: 'step-limit' | 'non-finite' | 'caller'; t: number };
}

/**
 * Integrates from y0 at t = 0 through the increasing output `times`. The accepted steps do not
 * depend on the output times: an output inside a step is computed by a separate step of the
 * same formula from the step's start (never continued from), so asking for more outputs does
 * not change the path, and each output is as accurate as a full step.
 */
export function integrateDormandPrince(
  f: Rhs,
  y0: Float64Array,
  times: number[],
  options: IntegrateOptions,
): IntegrateStats {
  const tab = DORMAND_PRINCE;
  const rtol = options.rtol ?? 1e-8;
  const atol = options.atol ?? 1e-10;
  const maxSteps = options.maxSteps ?? 1_000_000;
  const size = y0.length;
  const stages = tab.b.length;
  const K = Array.from({ length: stages }, () => new Float64Array(size));
  const side = Array.from({ length: stages }, () => new Float64Array(size));
  const y = Float64Array.from(y0);
  const yNew = new Float64Array(size);
  const yOut = new Float64Array(size);
  const stats: IntegrateStats = { accepted: 0, rejected: 0, rhsEvaluations: 0, forced: 0 };
  const minStep = options.minStep ?? 0;
  const tiny = (t: number) => 1e-12 * Math.max(1, Math.abs(t));

  let t = 0;
  f(t, y, K[0]);
  stats.rhsEvaluations += 1;
  let h = options.fixedStep ?? initialStep(y, K[0], rtol, atol);
  let out = 0;

  while (out < times.length) {
    // Outputs that fall on the current point.
    while (out < times.length && Math.abs(times[out] - t) <= tiny(t)) {
      if (!options.onOutput(out, times[out], y)) {
        stats.stopped = { reason: 'caller', t };
        return stats;
      }
      out += 1;
    }
    if (out === times.length) break;
    if (stats.accepted + stats.rejected >= maxSteps) {
      stats.stopped = { reason: 'step-limit', t };
      return stats;
    }

    // One attempted step of size h, with its embedded error estimate.
    stats.rhsEvaluations += stepStages(f, tab, t, y, h, K, yNew);
    let errSq = 0;
    for (let i = 0; i < size; i++) {
      let e = 0;
      for (let j = 0; j < stages; j++) e += (tab.b[j] - tab.bHat[j]) * K[j][i];
      const scale = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(yNew[i]));
      errSq += ((h * e) / scale) ** 2;
    }
    const err = Math.sqrt(errSq / size);
    if (!Number.isFinite(err)) {
      stats.stopped = { reason: 'non-finite', t: t + h };
      return stats;
    }
    if (options.fixedStep === undefined && err > 1 && h > minStep) {
      stats.rejected += 1;
      h = Math.max(minStep, h * Math.max(0.2, 0.9 * err ** (-1 / tab.order)));
      continue;
    }
    if (err > 1 && options.fixedStep === undefined) stats.forced += 1;

    // Accepted: first the outputs strictly inside (t, t + h), by side steps from (t, y).
    while (out < times.length && times[out] < t + h - tiny(t + h)) {
      side[0].set(K[0]);
      stats.rhsEvaluations += stepStages(f, tab, t, y, times[out] - t, side, yOut);
      if (!options.onOutput(out, times[out], yOut)) {
        stats.stopped = { reason: 'caller', t: times[out] };
        return stats;
      }
      out += 1;
    }
    t += h;
    y.set(yNew);
    K[0].set(K[stages - 1]);
    stats.accepted += 1;
    options.onStep?.(t);
    if (options.fixedStep === undefined) {
      h = Math.max(minStep, h * Math.min(5, Math.max(0.2, 0.9 * err ** (-1 / tab.order))));
    }
  }
  return stats;
}

/**
 * Stages 2..s of one step of size h from (t, y), with K[0] = f(t, y) given; writes the
 * propagated solution into yNew and returns the number of right-hand-side evaluations. The
 * last stage is evaluated at the propagated solution (first-same-as-last), so yNew is that
 * stage's argument.
 */
function stepStages(
  f: Rhs,
  tab: Tableau,
  t: number,
  y: Float64Array,
  h: number,
  K: Float64Array[],
  yNew: Float64Array,
): number {
  const stages = tab.b.length;
  for (let s = 1; s < stages; s++) {
    const row = tab.a[s];
    for (let i = 0; i < y.length; i++) {
      let acc = y[i];
      for (let j = 0; j < s; j++) if (row[j] !== 0) acc += h * row[j] * K[j][i];
      yNew[i] = acc;
    }
    f(t + tab.c[s] * h, yNew, K[s]);
  }
  return stages - 1;
}

/** Hairer–Wanner's starting-step heuristic from the scale of y and f(0, y). */
function initialStep(y: Float64Array, f0: Float64Array, rtol: number, atol: number): number {
  let d0 = 0;
  let d1 = 0;
  for (let i = 0; i < y.length; i++) {
    const scale = atol + rtol * Math.abs(y[i]);
    d0 += (y[i] / scale) ** 2;
    d1 += (f0[i] / scale) ** 2;
  }
  d0 = Math.sqrt(d0 / y.length);
  d1 = Math.sqrt(d1 / y.length);
  const h = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
  return Math.min(h, 0.1);
}
