/**
 * One entry point for the n, d → ∞ solvers: the DMFT of GF, GD, SGD and SME, the online ODE,
 * and the exact closed forms.
 *
 * - `dmft-gf`: measure 'gf' at grid step dt (default 0.05): continuous GF up to O(dt).
 * - `dmft-gd`: measure 'gf' at dt = γ: the exact DMFT of full-batch GD with step γ.
 * - `dmft-sgd`: the Poisson-driven DMFT of SGD at rate 1/γ, dt default min(0.05, γ/10).
 * - `dmft-bernoulli-sgd`: the exact DMFT of Bernoulli-batch SGD with p = dt/γ.
 * - `dmft-sme`: the Brownian DMFT of the SME, i.e. the exact DMFT of Euler–Maruyama with
 *   step dt (default 0.05).
 * - `online-ode`: the (Q, M) ODE of online SGD, time τ.
 * - `exact`: the closed forms that exist for the config: square loss with linear teacher and
 *   student through the Marchenko–Pastur law (gf, and gd with step γ), the least-squares
 *   SGD = SME Volterra equation (sgd, sme), the exact online ODE of a linear student
 *   (online). Any other config is refused with the reason.
 * docs/dmft.md and docs/exact.md describe the methods.
 */
import { DEFAULT_BATCHES } from './dmft/types.ts';
import { solveDMFT } from './dmft/solveDMFT.ts';
import type { DmftMeasure } from './dmft/types.ts';
import { onlineLinearStudent } from './exact/onlineLinearStudent.ts';
import { onlineODE } from './exact/onlineODE.ts';
import { squareLossExact } from './exact/squareLossExact.ts';
import { volterraSGD } from './exact/volterraSGD.ts';
import type { Config } from '../model/types.ts';
import { sanitize } from './sanitize.ts';
import { InputError } from './trajectory.ts';
import type { Trajectory } from './trajectory.ts';

export const LIMIT_SOLVERS = [
  'dmft-gf',
  'dmft-gd',
  'dmft-sgd',
  'dmft-bernoulli-sgd',
  'dmft-sme',
  'online-ode',
  'exact',
] as const;
export type LimitSolver = (typeof LIMIT_SOLVERS)[number];

export interface LimitOptions {
  /** Monte Carlo paths (DMFT); default 10⁴. */
  paths?: number;
  /** Grid step (DMFT); defaults per solver above. */
  dt?: number;
  /** Independent path batches for the standard error (DMFT); default 8. */
  batches?: number;
  /** Relu/abs student: kernel bandwidth of the kink terms (DMFT; docs/dmft.md). */
  kinkBandwidth?: number;
  onProgress?: (fraction: number) => void;
}

const MEASURES: Record<string, DmftMeasure> = {
  'dmft-gf': 'gf',
  'dmft-gd': 'gf',
  'dmft-sgd': 'sgd',
  'dmft-bernoulli-sgd': 'bernoulli-sgd',
  'dmft-sme': 'sme',
};

/** The grid step a DMFT solver uses when --dt is not given. */
export function defaultDt(solver: LimitSolver, config: Config): number {
  const gamma = config.algorithm.gamma;
  if (solver === 'dmft-gd') return gamma;
  if (solver === 'dmft-sgd' || solver === 'dmft-bernoulli-sgd') return Math.min(0.05, gamma / 10);
  return 0.05;
}

export function runLimit(
  config: Config,
  solver: LimitSolver,
  options: LimitOptions = {},
): Trajectory {
  if (config.data) {
    throw new InputError(
      `${solver} describes n, d → ∞ for the config's model and reads no data files; ` +
        'remove "data" or use a finite solver (sgd, gd, sme, gf)',
    );
  }
  const sgdLimit = solver === 'dmft-sgd' || (solver === 'exact' && config.algorithm.name === 'sgd');
  if (sgdLimit && config.algorithm.batch === 'reshuffle') {
    // Reshuffling uses every sample exactly once per epoch: its use counts are not the
    // Poisson counts of the SGD limit (docs/oracle.md), so that limit would be wrong here.
    throw new InputError(
      `${solver} is the limit of SGD with independent batches; algorithm.batch "reshuffle" ` +
        'uses each sample once per epoch, which that limit does not describe. Use batch ' +
        '"fixed" or "bernoulli" for a limit, or the finite solvers for reshuffling',
    );
  }
  return sanitize(runLimitUnchecked(config, solver, options));
}

function runLimitUnchecked(config: Config, solver: LimitSolver, options: LimitOptions): Trajectory {
  if (solver === 'online-ode' || solver === 'exact') {
    for (const [flag, value] of [
      ['--paths', options.paths],
      ['--dt', options.dt],
      ['--batches', options.batches],
      ['--kink-bandwidth', options.kinkBandwidth],
    ] as const) {
      if (value !== undefined) {
        throw new InputError(`${flag} applies to the DMFT solvers, not to ${solver}`);
      }
    }
    if (solver === 'online-ode') return { ...onlineODE(config), solver };
    return { ...runExact(config), solver };
  }
  const paths = options.paths ?? 10_000;
  const batches = options.batches ?? DEFAULT_BATCHES;
  if (paths < batches) {
    throw new InputError(`--paths ${paths} must be at least --batches (${batches})`);
  }
  const kinked = config.student.link === 'relu' || config.student.link === 'abs';
  if (options.kinkBandwidth !== undefined && !kinked) {
    throw new InputError(
      `--kink-bandwidth applies to a relu or abs student; student.link is "${config.student.link}"`,
    );
  }
  if (options.kinkBandwidth !== undefined && options.kinkBandwidth > 1) {
    throw new InputError(
      `--kink-bandwidth must be in (0, 1] (a fraction of sd(w)), received ${options.kinkBandwidth}`,
    );
  }

  if (solver === 'dmft-gd' && options.dt !== undefined && options.dt !== config.algorithm.gamma) {
    throw new InputError(
      `--dt ${options.dt}: dmft-gd is the DMFT of GD with step γ, so its grid step is ` +
        `algorithm.gamma = ${config.algorithm.gamma}; leave --dt out or use dmft-gf`,
    );
  }
  const dt = options.dt ?? defaultDt(solver, config);
  if (solver === 'dmft-gd') {
    // Its grid is GD's own steps, so the generic advice "pass a smaller dt" does not apply.
    const steps = config.times.map((t) => Math.round(t / dt));
    const clash = steps.findIndex((step, i) => i > 0 && step === steps[i - 1]);
    if (clash > 0) {
      throw new InputError(
        `dmft-gd runs GD with step γ = ${dt}: config.times ${config.times[clash - 1]} and ` +
          `${config.times[clash]} fall on the same step; space them at least γ apart, or use ` +
          'dmft-gf with a smaller --dt',
      );
    }
  }
  const result = solveDMFT(config, {
    measure: MEASURES[solver],
    dt,
    paths,
    batches,
    kinkBandwidth: options.kinkBandwidth,
    seed: config.seed,
    onProgress: options.onProgress,
  });
  // stdErr is the Monte Carlo error only (zero for the exact closure of a linear model).
  const note = 'stdErr excludes the O(dt) grid error (docs/accuracy.md)';
  const info: Trajectory['info'] = { ...result.info, errorBars: note };
  const onKink = Number(result.info.kinkTermsDegenerate ?? 0);
  if (onKink > 0) {
    // w has zero variance there (θ0 = 0 at t = 0): every path sits on the kink, where the
    // link's derivative is a convention and the jump response is not defined.
    info.warning =
      `${onKink} kink terms of the relu/abs student sat exactly on the kink (a w with zero ` +
      'variance, e.g. init.scale = 0 at t = 0); their jump responses were left out';
  }
  const batch = config.algorithm.batch;
  if (batch === 'reshuffle' && (solver === 'dmft-bernoulli-sgd' || solver === 'dmft-sme')) {
    const what =
      solver === 'dmft-sme'
        ? 'the SME has no batches'
        : 'it is the exact limit of SGD with Bernoulli batches of p = dt/γ';
    const said = info.warning === undefined ? '' : `${info.warning}; `;
    info.warning = `${said}algorithm.batch "reshuffle" plays no part in ${solver}: ${what}`;
  }
  return { ...result, solver, info };
}

function runExact(config: Config): Trajectory {
  try {
    switch (config.algorithm.name) {
      case 'gf':
        return squareLossExact(config);
      case 'gd':
        return squareLossExact(config, { gdStep: config.algorithm.gamma });
      case 'sgd':
      case 'sme':
        return volterraSGD(config);
      case 'online':
        return onlineLinearStudent(config);
    }
  } catch (error) {
    if (error instanceof RangeError) {
      // The library names its function (volterraSGD, squareLossExact, …); the user asked
      // for `exact`, so the message speaks of the closed form instead.
      const reason = error.message.replace(/\w+ has a closed form only for/, 'it exists only for');
      throw new InputError(`exact: this config has no closed form: ${reason}`);
    }
    throw error;
  }
}
