/**
 * fast-check arbitraries for configurations: valid ones, and single faults ("mutations") each
 * of which parseConfig must report at a known path.
 *
 * Conventions: valid configurations respect every rule of src/model/parseConfig.ts, including
 * the cross-field ones (n = round(delta·d) ≥ 1 because d ≥ 2 and delta ≥ 0.5; κ ≤ n; readout
 * lengths and overlap shapes match k and k*; times increase strictly by at least 1e-3 from
 * values below 30, so no addition rounds an increment away). A mutation is `standalone` when
 * it is reported whatever happens to other sections, so several standalone mutations in
 * different `group`s can be applied together; `json` is false when it needs NaN or ±Infinity,
 * which JSON cannot carry.
 */
import fc from 'fast-check';
import {
  ALGORITHM_NAMES,
  BATCH_RULES,
  CONFIG_FIELDS,
  LINK_NAMES,
  SME_NOISE_FORMS,
  STUDENT_LINK_NAMES,
} from '../../src/model/parseConfig.ts';
import { type Cfg, deleteAt, getAt, setAt } from './support.ts';

const real = (min: number, max: number): fc.Arbitrary<number> =>
  fc.double({ min, max, noNaN: true });
const maybe = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.option(arbitrary, { nil: undefined });

/** Facts about a valid configuration that mutations need. */
export interface Facts {
  k: number;
  kStar: number;
  n: number;
  d: number;
  name: string;
  timesLength: number;
}

export interface ValidCase {
  config: Cfg;
  facts: Facts;
}

/** Drops undefined fields and empty sections, so the result is plain JSON. */
function compact(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

export const validCaseArb: fc.Arbitrary<ValidCase> = fc
  .record({
    d: fc.integer({ min: 2, max: 4000 }),
    delta: real(0.5, 8),
    kStar: fc.integer({ min: 1, max: 3 }),
    giveTeacherK: fc.boolean(),
    k: fc.integer({ min: 1, max: 3 }),
    giveStudentK: fc.boolean(),
    teacherLink: maybe(fc.constantFrom(...LINK_NAMES)),
    teacherReadout: maybe(fc.array(real(-2, 2), { minLength: 8, maxLength: 8 })),
    noise: maybe(real(0, 2)),
    labels: maybe(fc.constantFrom('real', 'sign')),
    studentLink: maybe(fc.constantFrom(...STUDENT_LINK_NAMES)),
    studentReadout: maybe(fc.array(real(-2, 2), { minLength: 8, maxLength: 8 })),
    loss: maybe(fc.constantFrom('square', 'logistic')),
    lambda: maybe(real(0, 5)),
    scale: maybe(real(0, 2)),
    overlap: maybe(
      fc.oneof(
        real(-2, 2),
        fc.array(fc.array(real(-2, 2), { minLength: 8, maxLength: 8 }), {
          minLength: 8,
          maxLength: 8,
        }),
      ),
    ),
    name: maybe(fc.constantFrom(...ALGORITHM_NAMES)),
    gamma: real(0.01, 3),
    gfGivesGamma: fc.boolean(),
    batchSpec: fc.constantFrom('none', 'alpha', 'kappa'),
    alpha: real(0, 1),
    kappaRaw: fc.nat(),
    batch: maybe(fc.constantFrom(...BATCH_RULES)),
    h: maybe(real(0.001, 1)),
    smeNoise: maybe(fc.constantFrom(...SME_NOISE_FORMS)),
    t0: real(0, 5),
    increments: fc.array(real(1e-3, 3), { maxLength: 8 }),
    seed: maybe(fc.nat()),
  })
  .map((p): ValidCase => {
    const kStar = p.giveTeacherK ? p.kStar : 1;
    const k = p.giveStudentK ? p.k : 1;
    const n = Math.round(p.delta * p.d);
    const name = p.name ?? 'sgd';

    const overlap = Array.isArray(p.overlap)
      ? p.overlap.slice(0, k).map((row) => row.slice(0, kStar))
      : p.overlap;

    let alpha: number | undefined;
    let kappa: number | undefined;
    if (name === 'gd') {
      if (p.batchSpec === 'alpha') alpha = 1;
      if (p.batchSpec === 'kappa') kappa = n;
    } else {
      if (p.batchSpec === 'alpha') alpha = p.alpha;
      if (p.batchSpec === 'kappa') kappa = 1 + (p.kappaRaw % n);
    }

    const times = [p.t0];
    for (const step of p.increments) times.push(times[times.length - 1] + step);

    const teacher = compact({
      k: p.giveTeacherK ? kStar : undefined,
      link: p.teacherLink,
      readout: p.teacherReadout?.slice(0, kStar),
      noise: p.noise,
      labels: p.labels,
    });
    const student = compact({
      k: p.giveStudentK ? k : undefined,
      link: p.studentLink,
      readout: p.studentReadout?.slice(0, k),
    });
    const init = compact({ scale: p.scale, overlap });
    const algorithm = compact({
      name: p.name,
      gamma: name === 'gf' && !p.gfGivesGamma ? undefined : p.gamma,
      alpha,
      kappa,
      batch: p.batch,
      h: p.h,
      smeNoise: p.smeNoise,
    });

    const config = compact({
      d: p.d,
      delta: p.delta,
      teacher: Object.keys(teacher).length > 0 ? teacher : undefined,
      student: Object.keys(student).length > 0 ? student : undefined,
      loss: p.loss,
      lambda: p.lambda,
      init: Object.keys(init).length > 0 ? init : undefined,
      algorithm,
      times,
      seed: p.seed,
    });
    return { config, facts: { k, kStar, n, d: p.d, name, timesLength: times.length } };
  });

/** One fault: where parseConfig must report it, and how to apply it. */
export interface Mutation {
  /** Which generator made it (one of FAMILIES). */
  family: string;
  path: string;
  group: string;
  standalone: boolean;
  json: boolean;
  /** Text the message must contain, when the mutation tests a hint. */
  mentions?: string;
  apply(config: Cfg): void;
}

const notFinite = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
const notNumbers: unknown[] = ['1', true, null, {}, [], [1]];
const isJson = (value: unknown): boolean => !(typeof value === 'number' && !Number.isFinite(value));

/** Values out of range for each numeric field. */
const OUT_OF_RANGE: Record<string, number[]> = {
  d: [1, 0, -4, 2.5, 2 ** 53],
  delta: [0, -1],
  'teacher.k': [0, 9, 1.5],
  'teacher.noise': [-0.1],
  'student.k': [0, 9, 2.5],
  lambda: [-1e-3],
  'init.scale': [-1],
  'algorithm.gamma': [0, -0.8],
  'algorithm.alpha': [-0.1, 1.5],
  'algorithm.kappa': [0, -2, 1.5],
  'algorithm.h': [0, -1],
  seed: [-1, 0.5, 2 ** 53],
};

const ENUMS: Record<string, readonly string[]> = {
  'teacher.link': LINK_NAMES,
  'teacher.labels': ['real', 'sign'],
  'student.link': STUDENT_LINK_NAMES,
  loss: ['square', 'logistic'],
  'algorithm.name': ALGORITHM_NAMES,
  'algorithm.batch': BATCH_RULES,
  'algorithm.smeNoise': SME_NOISE_FORMS,
};

function groupOf(path: string): string {
  const head = path.split(/[.[]/)[0];
  return head === 'd' || head === 'delta' ? 'sizes' : head;
}

function mutation(path: string, value: unknown, options: Partial<Mutation> = {}): Mutation {
  return {
    family: '',
    path,
    group: groupOf(path),
    standalone: true,
    json: isJson(value),
    apply: (config) => setAt(config, path, value),
    ...options,
  };
}

const badNumberArb: fc.Arbitrary<Mutation> = fc
  .constantFrom(...Object.keys(OUT_OF_RANGE))
  .chain((path) =>
    fc
      .constantFrom(...OUT_OF_RANGE[path], ...notFinite, ...notNumbers)
      .map((value) => mutation(path, value)),
  );

/** A value one edit away from a valid name (or the wrong case), never itself valid. */
function misspell(name: string, position: number, kind: number): string {
  const i = position % name.length;
  if (kind === 0) return name[0].toUpperCase() + name.slice(1);
  if (kind === 1) return name.slice(0, i) + name.slice(i + 1);
  if (kind === 2) return name.slice(0, i) + name[i] + name.slice(i);
  const j = Math.min(i, name.length - 2);
  return name.slice(0, j) + name[j + 1] + name[j] + name.slice(j + 2);
}

const badEnumArb: fc.Arbitrary<Mutation> = fc
  .record({
    path: fc.constantFrom(...Object.keys(ENUMS)),
    choice: fc.nat(),
    position: fc.nat(),
    kind: fc.integer({ min: 0, max: 4 }),
  })
  .map(({ path, choice, position, kind }) => {
    const names = ENUMS[path];
    if (kind === 4) return mutation(path, [42, null, 'zzzz', ['linear']][position % 4]);
    const value = misspell(names[choice % names.length], position, kind);
    return names.includes(value) ? mutation(path, 'zzzz') : mutation(path, value);
  });

const studentSignArb: fc.Arbitrary<Mutation> = fc.constant(
  mutation('student.link', 'sign', { mentions: "'sign'" }),
);

const notObjectArb: fc.Arbitrary<Mutation> = fc
  .record({
    section: fc.constantFrom('teacher', 'student', 'init', 'algorithm'),
    value: fc.constantFrom(5, 'x', [], null, true),
  })
  .map(({ section, value }) => mutation(section, value));

const notArrayArb: fc.Arbitrary<Mutation> = fc
  .record({
    path: fc.constantFrom('times', 'teacher.readout', 'student.readout'),
    value: fc.constantFrom(5, 'x', {}, null),
  })
  .map(({ path, value }) => mutation(path, value));

const overlapNotMatrixArb: fc.Arbitrary<Mutation> = fc
  .constantFrom('x', true, null, {}, ...notFinite)
  .map((value) => mutation('init.overlap', value));

/** A typo of a field name (at least 4 characters) that is not valid in any section. */
const unknownFieldArb: fc.Arbitrary<Mutation> = fc
  .record({
    // Not 'data': adding a data section would change which size fields are required.
    section: fc.constantFrom('', 'teacher', 'student', 'init', 'algorithm') as fc.Arbitrary<
      keyof typeof CONFIG_FIELDS
    >,
    choice: fc.nat(),
    position: fc.nat(),
    kind: fc.integer({ min: 1, max: 3 }),
  })
  .map(({ section, choice, position, kind }) => {
    const all = new Set<string>(Object.values(CONFIG_FIELDS).flat());
    const names = CONFIG_FIELDS[section].filter((name) => name.length >= 4 && name !== '$schema');
    const pick = names.length > 0 ? names[choice % names.length] : 'delta';
    const home = names.length > 0 ? section : '';
    let typo = misspell(pick, position, kind);
    if (all.has(typo)) typo = `${pick}x`;
    const path = home === '' ? typo : `${home}.${typo}`;
    const group = home === '' ? 'root-unknown' : home;
    return mutation(path, 1, { group, mentions: 'did you mean' });
  });

const misplacedFieldArb: fc.Arbitrary<Mutation> = fc
  .constantFrom('gamma', 'noise', 'scale', 'smeNoise')
  .map((key) => mutation(key, 1, { group: 'root-unknown', mentions: 'belongs in' }));

/** Mutations that need facts about the configuration they are applied to. */
function factualMutations(facts: Facts): fc.Arbitrary<Mutation>[] {
  const { k, kStar, n, name, timesLength } = facts;

  const missing = fc
    .constantFrom('times', 'algorithm', 'd', 'delta', ...(name === 'gf' ? [] : ['algorithm.gamma']))
    .map((path) => ({
      ...mutation(path, undefined),
      json: true,
      apply: (config: Cfg) => deleteAt(config, path),
    }));

  const elementValues = fc.constantFrom<unknown>(...notFinite, 'x', null, true, [1]);
  const readoutElement = fc
    .record({
      owner: fc.constantFrom('teacher', 'student'),
      index: fc.nat(),
      value: elementValues,
    })
    .map(({ owner, index, value }) => {
      const length = owner === 'teacher' ? kStar : k;
      const at = index % length;
      const path = `${owner}.readout[${at}]`;
      return mutation(path, value, {
        apply: (config: Cfg) => {
          const readout = new Array(length).fill(0.5);
          readout[at] = value;
          setAt(config, `${owner}.readout`, readout);
        },
      });
    });

  const overlapElement = fc
    .record({ row: fc.nat(), col: fc.nat(), value: elementValues })
    .map(({ row, col, value }) => {
      const a = row % k;
      const b = col % kStar;
      return mutation(`init.overlap[${a}][${b}]`, value, {
        apply: (config: Cfg) => {
          const matrix = Array.from({ length: k }, () => new Array(kStar).fill(0.1));
          matrix[a][b] = value;
          setAt(config, 'init.overlap', matrix);
        },
      });
    });

  const timesElement = fc
    .record({ index: fc.nat(), value: fc.constantFrom<unknown>(-1, 'x', null, ...notFinite) })
    .map(({ index, value }) => mutation(`times[${index % timesLength}]`, value));

  const dependent: fc.Arbitrary<Mutation>[] = [
    fc.constantFrom('teacher', 'student').map((owner) => {
      const length = (owner === 'teacher' ? kStar : k) + 1;
      return mutation(`${owner}.readout`, new Array(length).fill(0.25), { standalone: false });
    }),
    fc.constant(
      mutation(
        'init.overlap',
        Array.from({ length: k + 1 }, () => new Array(kStar).fill(0)),
        {
          standalone: false,
        },
      ),
    ),
    fc.constant(
      mutation('init.overlap[0]', null, {
        standalone: false,
        apply: (config) => {
          const matrix = Array.from({ length: k }, () => new Array(kStar).fill(0));
          matrix[0] = new Array(kStar + 1).fill(0);
          setAt(config, 'init.overlap', matrix);
        },
      }),
    ),
    fc.constant(
      name === 'gd'
        ? mutation('algorithm.kappa', n - 1, {
            standalone: false,
            apply: (config) => {
              deleteAt(config, 'algorithm.alpha');
              setAt(config, 'algorithm.kappa', n - 1);
            },
          })
        : mutation('algorithm.kappa', n + 1, {
            standalone: false,
            apply: (config) => {
              deleteAt(config, 'algorithm.alpha');
              setAt(config, 'algorithm.kappa', n + 1);
            },
          }),
    ),
    fc.constant(
      mutation('algorithm.kappa', 1, {
        standalone: false,
        mentions: 'alpha',
        apply: (config) => {
          setAt(config, 'algorithm.alpha', name === 'gd' ? 1 : 0.5);
          setAt(config, 'algorithm.kappa', name === 'gd' ? n : 1);
        },
      }),
    ),
    fc.constant(
      mutation('algorithm.alpha', 0.5, {
        standalone: false,
        apply: (config) => {
          deleteAt(config, 'algorithm.kappa');
          setAt(config, 'algorithm.name', 'gd');
          setAt(config, 'algorithm.gamma', 1);
          setAt(config, 'algorithm.alpha', 0.5);
        },
      }),
    ),
    fc.constant(
      mutation('delta', 0.4 / facts.d, { standalone: false, mentions: 'n = round(delta·d)' }),
    ),
    fc.nat().map((index) => {
      // Repeat an earlier time: times[i] = times[i − 1] breaks the strict increase at i.
      const i = timesLength === 1 ? 1 : 1 + (index % (timesLength - 1));
      return mutation(`times[${i}]`, 0, {
        standalone: false,
        apply: (config) => {
          const times = config.times as number[];
          times[i] = times[i - 1];
        },
      });
    }),
  ];

  const names = [
    'readout-length',
    'overlap-rows',
    'overlap-row-length',
    'kappa-vs-n',
    'alpha-and-kappa',
    'gd-alpha',
    'n-below-1',
    'times-order',
  ];
  return [
    tag('missing', missing),
    tag('readout-element', readoutElement),
    tag('overlap-element', overlapElement),
    tag('times-element', timesElement),
    ...dependent.map((arbitrary, i) => tag(names[i], arbitrary)),
  ];
}

/** Standalone mutations that need no facts. */
const generalMutations: fc.Arbitrary<Mutation>[] = [
  tag('bad-number', badNumberArb),
  tag('bad-enum', badEnumArb),
  tag('student-sign', studentSignArb),
  tag('not-object', notObjectArb),
  tag('not-array', notArrayArb),
  tag('overlap-not-matrix', overlapNotMatrixArb),
  tag('unknown-field', unknownFieldArb),
  tag('misplaced-field', misplacedFieldArb),
];

function tag(family: string, arbitrary: fc.Arbitrary<Mutation>): fc.Arbitrary<Mutation> {
  return arbitrary.map((m) => ({ ...m, family }));
}

/** Every family of faults; the generators choose among them uniformly. */
export const FAMILIES = [
  'bad-number',
  'bad-enum',
  'student-sign',
  'not-object',
  'not-array',
  'overlap-not-matrix',
  'unknown-field',
  'misplaced-field',
  'missing',
  'readout-element',
  'overlap-element',
  'times-element',
  'readout-length',
  'overlap-rows',
  'overlap-row-length',
  'kappa-vs-n',
  'alpha-and-kappa',
  'gd-alpha',
  'n-below-1',
  'times-order',
];

export interface MutatedCase {
  base: Cfg;
  config: Cfg;
  mutations: Mutation[];
}

function applyAll(base: Cfg, mutations: Mutation[]): MutatedCase {
  const config = structuredClone(base);
  for (const m of mutations) m.apply(config);
  return { base, config, mutations };
}

/** A valid configuration with exactly one fault. */
export const singleMutationArb: fc.Arbitrary<MutatedCase> = validCaseArb.chain(
  ({ config, facts }) =>
    fc.oneof(...generalMutations, ...factualMutations(facts)).map((m) => applyAll(config, [m])),
);

/** A valid configuration with 2–5 standalone faults in distinct groups. */
export const multipleMutationArb: fc.Arbitrary<MutatedCase> = validCaseArb.chain(
  ({ config, facts }) => {
    const standalone = fc
      .oneof(...generalMutations, ...factualMutations(facts))
      .filter((m) => m.standalone);
    return fc
      .uniqueArray(standalone, { minLength: 2, maxLength: 5, selector: (m) => m.group })
      .map((mutations) => applyAll(config, mutations));
  },
);

/** Every path that a junk value may replace, sections included. */
export const REPLACEABLE_PATHS: string[] = Object.entries(CONFIG_FIELDS).flatMap(
  ([section, names]) =>
    (names as readonly string[]).map((name) => (section === '' ? name : `${section}.${name}`)),
);

/** A valid configuration with one field replaced (or added) by an arbitrary JSON value. */
export const junkCaseArb: fc.Arbitrary<Cfg> = fc
  .record({
    base: validCaseArb,
    path: fc.constantFrom(...REPLACEABLE_PATHS),
    value: fc.jsonValue({ maxDepth: 2 }),
  })
  .map(({ base, path, value }) => {
    const config = structuredClone(base.config);
    const parent = path.includes('.') ? getAt(config, path.split('.')[0]) : config;
    if (typeof parent === 'object' && parent !== null && !Array.isArray(parent)) {
      setAt(config, path, value);
    }
    return JSON.parse(JSON.stringify(config)) as Cfg;
  });
