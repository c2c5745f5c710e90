/**
 * The honest checks the mutant zoo (./zoo.test.ts), `npm run mutants` and `npm run calibrate`
 * run: each is the core of an existing test or limit statement, called with a seed, reduced to
 * a verdict and the statistic it turned on (the worst comparison: distance against tolerance).
 * Nothing here adds a tolerance; each check's own derivation is in docs/tests.md,
 * docs/crossval.md or docs/limits.md.
 *
 * `alpha` is the false-failure probability the check plans for one run; `random` says whether
 * the verdict depends on the seed at all (a deterministic check has no false-alarm rate to
 * calibrate).
 */
import { IMPLEMENTED, checkStatement } from '../../src/limits/checkStatement.ts';
import { DEFAULT_ALPHA } from '../../src/limits/checkOptions.ts';
import { defaultLimitConfig } from '../../src/limits/defaultLimitConfig.ts';
import type { StatementId, Verdict } from '../../src/limits/verdict.ts';
import type { ComparisonRow } from '../crossval/helpers/compareTrajectories.ts';
import { continuousSgdComparison } from '../crossval/helpers/continuousSgdComparison.ts';
import type { MatchedMeasure, ModelName } from '../crossval/helpers/matchedCase.ts';
import { matchedComparison } from '../crossval/helpers/matchedComparison.ts';
import { onlineComparison } from '../crossval/helpers/onlineComparison.ts';
import { squareLossComparison } from '../crossval/helpers/squareLossComparison.ts';
import {
  ALPHA as CROSSVAL_ALPHA,
  CONTINUOUS_SGD,
  MATCHED,
  ONLINE,
  SQUARE,
} from '../crossval/helpers/suiteSizes.ts';
import { propertyL1Spec } from '../../properties/lib/L1.ts';
import { propertyL2Spec } from '../../properties/lib/L2.ts';
import { propertyL3Spec } from '../../properties/lib/L3.ts';
import { propertyL4Spec } from '../../properties/lib/L4.ts';
import { propertyL5Spec } from '../../properties/lib/L5.ts';
import { propertyL6Spec } from '../../properties/lib/L6.ts';
import { propertyL7Spec } from '../../properties/lib/L7.ts';
import type { StatementProperty } from '../../properties/lib/statementProperty.ts';
import { FILE_ALPHA, propertyFromSeed } from '../../properties/lib/statementProperty.ts';
import type { PropertyResult } from '../statistics/helpers/finiteDProperties.ts';
import {
  PROPERTY_ALPHA,
  batchCollapse,
  gapShrinks,
  spreadRate,
} from '../statistics/helpers/finiteDProperties.ts';

export interface Outcome {
  pass: boolean;
  /** The statistic the verdict turned on: the worst comparison, or the error thrown. */
  statistic: string;
}

export interface Check {
  name: string;
  /** The test or statement it is the core of. */
  source: string;
  /** Planned false-failure probability of one run. */
  alpha: number;
  random: boolean;
  run: (seed: number) => Outcome;
}

/** Worst of a list of (distance, tolerance, label) triples, as "label: d vs tol". */
function worst(items: { distance: number; tolerance: number; label: string }[]): string {
  if (items.length === 0) return 'no comparisons';
  let best = items[0];
  for (const item of items) {
    if (item.distance / item.tolerance > best.distance / best.tolerance) best = item;
  }
  const ratio = best.distance / best.tolerance;
  const versus = `${fmt(best.distance)} vs tolerance ${fmt(best.tolerance)}`;
  return `${best.label}: ${versus} (×${fmt(ratio)})`;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(3) : String(x);
}

function fromVerdict(v: Verdict): Outcome {
  // A failing verdict is shown by its worst failing comparison (largest distance/tolerance;
  // for 'distinct' comparisons, which fail when the distance is within the tolerance, the
  // inverse) or else its first failing rate, a passing one by its worst comparison.
  const ratio = (c: Verdict['comparisons'][number]) =>
    c.kind === 'within' ? c.distance / c.tolerance : c.tolerance / c.distance;
  const failing = v.comparisons
    .filter((c) => !c.pass)
    .reduce<Verdict['comparisons'][number] | undefined>(
      (a, c) => (a === undefined || ratio(c) > ratio(a) ? c : a),
      undefined,
    );
  if (failing) {
    const relation = failing.kind === 'within' ? '>' : '≤';
    return {
      pass: false,
      statistic:
        `${failing.label} ${failing.observable} t=${failing.time}: ${fmt(failing.distance)} ` +
        `${relation} tolerance ${fmt(failing.tolerance)} (${failing.kind})`,
    };
  }
  const failingRate = v.rates.find((r) => !r.pass);
  if (failingRate) {
    return {
      pass: false,
      statistic:
        `rate ${failingRate.label}: slope ${fmt(failingRate.fitted)}, expected ` +
        `${failingRate.expected} ± ${fmt(failingRate.tolerance)}`,
    };
  }
  // Passing (or failing for another reason): the comparison closest to its limit. For a
  // 'distinct' comparison that is the one whose distance is least above its tolerance.
  const items = [
    ...v.comparisons.map((c) => ({
      distance: c.kind === 'within' ? c.distance : c.tolerance,
      tolerance: c.kind === 'within' ? c.tolerance : c.distance,
      label: `${c.label} ${c.observable} t=${c.time} (${c.kind}: ratio inverted)`.replace(
        ' (within: ratio inverted)',
        '',
      ),
    })),
    ...v.rates.map((r) => ({
      distance: Math.abs(r.fitted - r.expected),
      tolerance: r.tolerance,
      label: `rate ${r.label} slope ${fmt(r.fitted)} (expected ${r.expected})`,
    })),
  ];
  return { pass: v.pass, statistic: worst(items) };
}

function fromRows(rows: ComparisonRow[], label: string): Outcome {
  const items = rows.map((r) => ({
    distance: Math.abs(r.finite - r.dmft),
    tolerance: r.tolerance,
    label: `${label} ${r.name} t=${r.time} (z = ${fmt(r.z)})`,
  }));
  return { pass: rows.every((r) => r.pass), statistic: worst(items) };
}

function fromProperty(result: PropertyResult): Outcome {
  // Shrink properties pass when value > allowed; the others when value ≤ allowed.
  const failing = result.checks.filter((c) => !c.pass);
  const shown = failing.length > 0 ? failing[0] : result.checks[0];
  return {
    pass: result.pass,
    statistic: `${shown.label} [${fmt(shown.value)} vs ${fmt(shown.allowed)}]`,
  };
}

/** A check that throws (a diverged run, a refused input) is a rejection: say so. */
function guarded(run: (seed: number) => Outcome): (seed: number) => Outcome {
  return (seed) => {
    try {
      return run(seed);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { pass: false, statistic: `threw: ${message.split('\n')[0].slice(0, 160)}` };
    }
  };
}

/**
 * Statements whose verdict on their own default config does not depend on the seed (square
 * loss: closed forms and the deterministic affine DMFT; measured: identical verdicts for two
 * seeds).
 */
const DETERMINISTIC_DEFAULTS: readonly StatementId[] = ['L3', 'L5', 'L6'];

/** The limit statement `id` on its default config (or on `configFrom`'s). */
function statement(id: StatementId, configFrom: StatementId = id): Check {
  return {
    name: configFrom === id ? id : `${id}@${configFrom}-config`,
    source: `src/limits/check${id}.ts (defaultLimitConfig('${configFrom}'))`,
    alpha: DEFAULT_ALPHA,
    random: !(configFrom === id && DETERMINISTIC_DEFAULTS.includes(id)),
    run: guarded((seed) =>
      fromVerdict(checkStatement(id, defaultLimitConfig(configFrom), { seed })),
    ),
  };
}

/**
 * One run of the statement property of properties/<id>.test.ts: a config drawn from the seed
 * over the statement's validity ranges, checked with the per-run share of the file's budget.
 */
function property<P>(spec: StatementProperty<P>): Check {
  return {
    name: `property-${spec.statement}`,
    source: `properties/${spec.statement}.test.ts (one of ${spec.numRuns} draws)`,
    alpha: FILE_ALPHA / spec.numRuns,
    random: true,
    run: guarded((seed) => fromVerdict(propertyFromSeed(spec, seed).verdict)),
  };
}

function matched(model: ModelName, measure: MatchedMeasure): Check {
  return {
    name: `crossval-${model}-${measure}`,
    source: `tests/crossval/matched${model === 'logistic' ? 'Logistic' : 'Committee'}.test.ts`,
    alpha: CROSSVAL_ALPHA,
    random: true,
    run: guarded((seed) => {
      const { rows } = matchedComparison({
        model,
        measure,
        d: MATCHED.d,
        delta: MATCHED.delta,
        gamma: MATCHED.gamma,
        dt: MATCHED.dt,
        times: MATCHED.times,
        seed,
        replicates: MATCHED.replicates,
        paths: MATCHED.paths[model],
        batches: MATCHED.batches,
        alpha: CROSSVAL_ALPHA,
      });
      return fromRows(rows, `${model} ${measure}`);
    }),
  };
}

const STATEMENT_CHECKS: Check[] = (['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7'] as const)
  .filter((id) => IMPLEMENTED.includes(id))
  .map((id) => statement(id));

export const CHECKS: Check[] = [
  ...STATEMENT_CHECKS,
  // L1 on the ridge config of L5 (λ = 0.1): the statement holds for any λ ≥ 0.
  statement('L1', 'L5'),
  {
    // L1 with a strong ridge, λ = 0.5, where a wrong decay moves the risks by several
    // tolerances (at λ = 0.1 it moves them by about one).
    name: 'L1@ridge',
    source: "src/limits/checkL1.ts (defaultLimitConfig('L5') with lambda 0.5)",
    alpha: DEFAULT_ALPHA,
    random: true,
    run: guarded((seed) => {
      const config = { ...defaultLimitConfig('L5'), lambda: 0.5 };
      return fromVerdict(checkStatement('L1', config, { seed }));
    }),
  },
  {
    name: 'stat-a-batch-collapse',
    source: 'tests/statistics/finiteD.test.ts (a)',
    alpha: PROPERTY_ALPHA,
    random: true,
    run: guarded((seed) => fromProperty(batchCollapse(seed))),
  },
  {
    name: 'stat-b-gap-shrinks',
    source: 'tests/statistics/finiteD.test.ts (b)',
    alpha: PROPERTY_ALPHA,
    random: true,
    run: guarded((seed) => fromProperty(gapShrinks(seed))),
  },
  {
    name: 'stat-c-spread-rate',
    source: 'tests/statistics/finiteD.test.ts (c)',
    alpha: PROPERTY_ALPHA,
    random: true,
    run: guarded((seed) => fromProperty(spreadRate(seed))),
  },
  {
    name: 'crossval-square',
    source: 'tests/crossval/squareLoss.test.ts',
    alpha: 0,
    random: false,
    run: guarded(() => {
      const rows = squareLossComparison(SQUARE);
      const items = rows.map((r) => ({
        distance: Math.abs(r.value - r.reference),
        tolerance: r.tolerance,
        label: `${r.check} ${r.name} t=${r.time}`,
      }));
      return { pass: rows.every((r) => r.pass), statistic: worst(items) };
    }),
  },
  {
    name: 'crossval-online',
    source: 'tests/crossval/online.test.ts',
    alpha: CROSSVAL_ALPHA,
    random: true,
    run: guarded((seed) => {
      const { rows } = onlineComparison({ ...ONLINE, seed, alpha: CROSSVAL_ALPHA });
      return fromRows(rows, 'online');
    }),
  },
  {
    // The same comparison with a ridge λ̃ = 0.2, which the test's config leaves at 0.
    name: 'crossval-online-ridge',
    source: 'tests/crossval/online.test.ts (with lambda 0.2)',
    alpha: CROSSVAL_ALPHA,
    random: true,
    run: guarded((seed) => {
      const model = { ...ONLINE.model, lambda: 0.2 };
      const { rows } = onlineComparison({ ...ONLINE, model, seed, alpha: CROSSVAL_ALPHA });
      return fromRows(rows, 'online λ̃ = 0.2');
    }),
  },
  property(propertyL1Spec),
  property(propertyL2Spec),
  property(propertyL3Spec),
  property(propertyL4Spec),
  property(propertyL5Spec),
  property(propertyL6Spec),
  property(propertyL7Spec),
  matched('logistic', 'gf'),
  matched('logistic', 'bernoulli-sgd'),
  matched('logistic', 'sme'),
  matched('committee', 'gf'),
  matched('committee', 'bernoulli-sgd'),
  matched('committee', 'sme'),
  {
    name: 'crossval-continuous-sgd',
    source: 'tests/crossval/continuousSgd.test.ts',
    alpha: CROSSVAL_ALPHA,
    random: true,
    run: guarded((seed) => {
      const { rows } = continuousSgdComparison({ ...CONTINUOUS_SGD, seed, alpha: CROSSVAL_ALPHA });
      return fromRows(rows, 'continuous sgd');
    }),
  },
];

/** The check named `name`; throws listing the known names otherwise. */
export function checkNamed(name: string): Check {
  const check = CHECKS.find((c) => c.name === name);
  if (!check) {
    throw new RangeError(`unknown check "${name}"; known: ${CHECKS.map((c) => c.name).join(', ')}`);
  }
  return check;
}
