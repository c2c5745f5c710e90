/**
 * Validation of a run configuration and resolution of every default.
 *
 * Method: `parseConfig` walks the raw configuration field by field, in a fixed order, and
 * collects one issue per problem rather than stopping at the first; if any issue was found it
 * throws a single `ConfigError` holding all of them, otherwise it returns a fully resolved
 * `Config` (src/model/types.ts). The meaning of each field is in docs/conventions.md (data
 * x ~ N(0, I/d), n = round(δ·d), learning rate η = γκ/n, time t = kη, following the critical
 * scaling of arXiv 2601.21093); schema/config.schema.json describes the same fields for
 * editors and documentation.
 *
 * Resolution rules, in words:
 * - n = round(delta·d), rounding halves up (Math.round); n ≥ 1 is required.
 * - κ = ⌈n^alpha⌉ when alpha is given or defaulted (alpha 0.5), clamped to [1, n]; when n^alpha
 *   is within a relative 1e-12 of an integer it is taken as that integer, because pow can land
 *   a few ulps off an exact power (1000^(1/3) gives 9.999999999999998) and ⌈·⌉ would then be
 *   off by a whole sample. 1e-12 is about 4500 ulps, far above pow's error of a few ulps; the
 *   price is that an n^alpha within 1e-12 of an integer without being one loses one sample.
 *   For gd the batch is always the full sample, κ = n; `alpha` is kept only if given (as 1).
 * - `algorithm.alpha` holds the exponent in force: the one given, or the default 0.5; it is
 *   absent when kappa was given.
 * - gamma is required for sgd, gd, sme and online, and defaults to 1 (unused) for gf.
 * - init.overlap given as a number c means c on the diagonal of the k×k* matrix O.
 * - readouts default to 1/k each; `seedDefaulted` records whether the seed was left out.
 * - with `data`, X gives d and n (delta = n/d), and a teacher file gives k*; if d, delta or
 *   teacher.k are given as well they must agree with the files. Paths are resolved relative to
 *   the directory of `source`, unless `source` is a label in angle brackets such as `<stdin>`.
 * - logistic loss with `labels: "real"` is accepted (the loss is defined for any real label,
 *   though its minimiser then has no classification meaning); `labels: "sign"` (y = ±1) is the
 *   natural choice for it.
 *
 * Numbers must be finite: objects built in JavaScript can carry NaN or ±Infinity, and a JSON
 * literal such as 1e400 parses to Infinity, so both are rejected with the field named.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { ConfigError, type ConfigIssue } from './configError.ts';
import { DataFileError, loadProblemData, type ProblemData } from './loadData.ts';
import { nearestName } from './nearestName.ts';
import type {
  AlgorithmConfig,
  AlgorithmName,
  BatchRule,
  Config,
  DataFiles,
  LinkName,
  LossName,
  StudentConfig,
  TeacherConfig,
} from './types.ts';

export const LINK_NAMES: readonly LinkName[] = ['linear', 'relu', 'tanh', 'erf', 'abs', 'sign'];
/** The student's links: `sign` is excluded, its derivative vanishes almost everywhere. */
export const STUDENT_LINK_NAMES: readonly LinkName[] = LINK_NAMES.filter((l) => l !== 'sign');
export const LOSS_NAMES: readonly LossName[] = ['square', 'logistic'];
export const ALGORITHM_NAMES: readonly AlgorithmName[] = ['sgd', 'gd', 'sme', 'gf', 'online'];
export const BATCH_RULES: readonly BatchRule[] = ['fixed', 'bernoulli', 'reshuffle'];
export const LABEL_KINDS: readonly TeacherConfig['labels'][] = ['real', 'sign'];
export const SME_NOISE_FORMS: readonly AlgorithmConfig['smeNoise'][] = ['per-sample', 'centred'];

/** Largest number of indices k or k* (the committee sizes the solvers are written for). */
export const MAX_INDICES = 8;
export const MAX_TIMES = 10_000;
export const DEFAULT_ALPHA = 0.5;

/** The fields of each section; '' is the top level. */
export const CONFIG_FIELDS = {
  '': [
    '$schema',
    'd',
    'delta',
    'teacher',
    'student',
    'loss',
    'lambda',
    'init',
    'algorithm',
    'times',
    'seed',
    'data',
  ],
  teacher: ['k', 'link', 'readout', 'noise', 'labels'],
  student: ['k', 'link', 'readout'],
  init: ['scale', 'overlap'],
  algorithm: ['name', 'gamma', 'alpha', 'kappa', 'batch', 'h', 'smeNoise'],
  data: ['X', 'y', 'teacher'],
} as const satisfies Record<string, readonly string[]>;

type Section = keyof typeof CONFIG_FIELDS;
type Fields = Record<string, unknown>;

/** Validates `raw` and returns the resolved configuration, or throws ConfigError. */
export function parseConfig(raw: unknown, source?: string): Config {
  if (source !== undefined && typeof source !== 'string') {
    throw new TypeError(`source must be a string (a path or a label), received ${typeof source}`);
  }
  const issues = new Issues();
  if (!isFields(raw)) {
    issues.add('', 'is not an object', render(raw), `a JSON object with fields ${list('')}`);
    throw new ConfigError(issues.all, source);
  }
  checkFieldNames(raw, '', issues);
  if (has(raw, '$schema') && typeof raw.$schema !== 'string') {
    issues.add('$schema', 'is not a string', render(raw.$schema), 'a path or URL string');
  }

  const data = readData(raw, issues, source);

  const sizes = readSizes(raw, data, issues);

  const teacher = readTeacher(raw, data.problem, issues);
  const student = readStudent(raw, issues);

  const loss = readEnum(raw, 'loss', 'loss', LOSS_NAMES, issues) ?? 'square';
  const lambda = readNumber(raw, 'lambda', 'lambda', NON_NEGATIVE, issues) ?? 0;

  const init = readInit(raw, student.k, teacher.k, issues);

  const algorithm = readAlgorithm(raw, sizes.n, issues);

  const times = readTimes(raw, issues);

  const seedGiven = has(raw, 'seed');
  const seed = readNumber(raw, 'seed', 'seed', SEED, issues) ?? 0;

  if (issues.all.length > 0) throw new ConfigError(issues.all, source);

  // Every value below is defined: each undefined result above came with an issue.
  const config: Config = {
    d: sizes.d!,
    delta: sizes.delta!,
    n: sizes.n!,
    teacher: teacher.resolved!,
    student: student.resolved!,
    loss,
    lambda,
    init: init!,
    algorithm: algorithm!,
    times: times!,
    seed,
    seedDefaulted: !seedGiven,
  };
  if (data.files !== undefined) config.data = data.files;
  return config;
}

// ------------------------------------------------------------------------------------------
// Sections

interface DataResult {
  /** Whether the configuration has a `data` field at all (valid or not). */
  present: boolean;
  files?: DataFiles;
  problem?: ProblemData;
}

function readData(raw: Fields, issues: Issues, source: string | undefined): DataResult {
  if (!has(raw, 'data')) return { present: false };
  const section = readSection(raw, 'data', issues);
  if (section === undefined) return { present: true };

  const before = issues.all.length;
  const X = readPath(section, 'X', true, issues);
  const y = readPath(section, 'y', true, issues);
  const teacher = readPath(section, 'teacher', false, issues);
  if (issues.all.length > before || X === undefined || y === undefined) return { present: true };

  const base = source === undefined || /^<.*>$/.test(source) ? undefined : dirname(source);
  const place = (path: string): string =>
    base === undefined || isAbsolute(path) ? path : resolve(base, path);
  const files: DataFiles = { X: place(X), y: place(y) };
  if (teacher !== undefined) files.teacher = place(teacher);

  try {
    return { present: true, files, problem: loadProblemData(files) };
  } catch (error) {
    if (!(error instanceof DataFileError)) throw error;
    const field = error.field ?? 'X';
    issues.add(
      `data.${field}`,
      `cannot be used: ${error.message}`,
      render((section as Fields)[field]),
      'a readable .json, .csv or .npy file of finite numbers with matching shapes',
      true,
    );
    return { present: true, files };
  }
}

interface Sizes {
  d?: number;
  delta?: number;
  n?: number;
}

function readSizes(raw: Fields, data: DataResult, issues: Issues): Sizes {
  const d = readNumber(raw, 'd', 'd', DIMENSION, issues);
  const delta = readNumber(raw, 'delta', 'delta', POSITIVE, issues);
  const problem = data.problem;

  if (problem !== undefined) {
    if (problem.d < 2) {
      issues.add(
        'data.X',
        'has too few columns',
        `${problem.d} column`,
        'at least 2 columns (d ≥ 2)',
        true,
      );
    }
    if (d !== undefined && d !== problem.d) {
      issues.add('d', 'disagrees with data.X', render(d), `${problem.d} (the columns of X)`, true);
    }
    if (delta !== undefined && Math.round(delta * problem.d) !== problem.n) {
      issues.add(
        'delta',
        'disagrees with data.X',
        render(delta),
        `a delta with round(delta·${problem.d}) = ${problem.n} (the rows of X), or none`,
        true,
      );
    }
    return { d: problem.d, delta: problem.n / problem.d, n: problem.n };
  }

  // With a data field that failed, its issue already explains the missing sizes.
  if (!data.present) {
    if (!has(raw, 'd')) {
      issues.missing('d', `${DIMENSION.allowed} (required unless data is given)`);
    }
    if (!has(raw, 'delta')) {
      issues.missing('delta', `${POSITIVE.allowed} (required unless data is given)`);
    }
  }
  if (d === undefined || delta === undefined) return { d, delta };

  const n = Math.round(delta * d);
  if (!(n >= 1 && Number.isSafeInteger(n))) {
    // round(delta·d) ≥ 1 exactly when delta·d ≥ 0.5, since Math.round takes halves up.
    const allowed =
      n < 1
        ? `delta ≥ 0.5/d = ${0.5 / d}, so that n ≥ 1`
        : `a delta with round(delta·${d}) ≤ 2^53 − 1`;
    issues.add('delta', `gives n = round(delta·d) = ${n} samples`, render(delta), allowed, true);
    return { d, delta };
  }
  return { d, delta, n };
}

/** A section's resolution, and its k even when the rest of it is invalid. */
interface Resolved<T> {
  resolved?: T;
  k?: number;
}

function readTeacher(
  raw: Fields,
  problem: ProblemData | undefined,
  issues: Issues,
): Resolved<TeacherConfig> {
  const section = readSection(raw, 'teacher', issues) ?? {};
  let k = readNumber(section, 'k', 'teacher.k', INDEX_COUNT, issues);

  const kFromData = problem?.kStar;
  if (kFromData !== undefined) {
    if (kFromData > MAX_INDICES) {
      issues.add(
        'data.teacher',
        'has too many columns',
        `${kFromData} columns`,
        `1 to ${MAX_INDICES} columns (k* ≤ ${MAX_INDICES})`,
        true,
      );
    } else if (k !== undefined && k !== kFromData) {
      issues.add(
        'teacher.k',
        'disagrees with data.teacher',
        render(k),
        `${kFromData} (the columns of the teacher file), or none`,
        true,
      );
    } else {
      k = kFromData;
    }
  }
  if (k === undefined && !has(section, 'k') && kFromData === undefined) k = 1;

  const link = readEnum(section, 'link', 'teacher.link', LINK_NAMES, issues) ?? 'linear';
  const readout = readReadout(section, 'teacher', k, issues);
  const noise = readNumber(section, 'noise', 'teacher.noise', NON_NEGATIVE, issues) ?? 0;
  const labels = readEnum(section, 'labels', 'teacher.labels', LABEL_KINDS, issues) ?? 'real';
  if (k === undefined || readout === undefined) return { k };
  return { k, resolved: { k, link, readout, noise, labels } };
}

function readStudent(raw: Fields, issues: Issues): Resolved<StudentConfig> {
  const section = readSection(raw, 'student', issues) ?? {};
  const k = has(section, 'k') ? readNumber(section, 'k', 'student.k', INDEX_COUNT, issues) : 1;

  let link: LinkName = 'linear';
  if (section.link === 'sign') {
    issues.add(
      'student.link',
      "is 'sign', which the student cannot use: its derivative is zero almost everywhere, so " +
        'gradient training would never move it',
      '"sign"',
      oneOf(STUDENT_LINK_NAMES),
    );
  } else {
    link = readEnum(section, 'link', 'student.link', STUDENT_LINK_NAMES, issues) ?? 'linear';
  }

  const readout = readReadout(section, 'student', k, issues);
  if (k === undefined || readout === undefined) return { k };
  return { k, resolved: { k, link, readout } };
}

/** A readout of k finite numbers; default 1/k each. Undefined when it cannot be resolved. */
function readReadout(
  section: Fields,
  owner: 'teacher' | 'student',
  k: number | undefined,
  issues: Issues,
): number[] | undefined {
  const path = `${owner}.readout`;
  if (!has(section, 'readout')) return k === undefined ? undefined : new Array(k).fill(1 / k);

  const values = readNumberArray(section.readout, path, issues);
  if (values === undefined || k === undefined) return undefined;
  if (values.length !== k) {
    issues.add(
      path,
      `has ${values.length} entries`,
      render(section.readout),
      `exactly ${owner}.k = ${k} finite numbers`,
      true,
    );
    return undefined;
  }
  return values;
}

function readInit(
  raw: Fields,
  k: number | undefined,
  kStar: number | undefined,
  issues: Issues,
): Config['init'] | undefined {
  const section = readSection(raw, 'init', issues) ?? {};
  const scale = readNumber(section, 'scale', 'init.scale', NON_NEGATIVE, issues) ?? 0;
  const overlap = readOverlap(section, k, kStar, issues);
  return overlap === undefined ? undefined : { scale, overlap };
}

/** O ∈ R^{k×k*}: absent (zeros), a number c (c on the diagonal) or a k×k* matrix. */
function readOverlap(
  section: Fields,
  k: number | undefined,
  kStar: number | undefined,
  issues: Issues,
): number[][] | undefined {
  const path = 'init.overlap';
  const value = section.overlap;
  const allowed = 'a finite number c (meaning c·I, k×k*) or a k×k* array of rows of numbers';
  const square = (c: number): number[][] | undefined =>
    k === undefined || kStar === undefined
      ? undefined
      : Array.from({ length: k }, (_, a) =>
          Array.from({ length: kStar }, (_, b) => (a === b ? c : 0)),
        );

  if (value === undefined) return square(0);
  if (typeof value === 'number') {
    return checkFinite(value, path, allowed, issues) ? square(value) : undefined;
  }
  if (!Array.isArray(value)) {
    issues.add(path, 'is neither a number nor a matrix', render(value), allowed);
    return undefined;
  }

  const rows: number[][] = [];
  let valid = true;
  value.forEach((row: unknown, a: number) => {
    const entries = readNumberArray(row, `${path}[${a}]`, issues);
    if (entries === undefined) {
      valid = false;
      return;
    }
    if (kStar !== undefined && entries.length !== kStar) {
      issues.add(
        `${path}[${a}]`,
        `has ${entries.length} entries`,
        render(row),
        `exactly teacher.k = ${kStar} numbers (one per teacher index)`,
        true,
      );
      valid = false;
    }
    rows.push(entries);
  });
  if (k !== undefined && value.length !== k) {
    issues.add(
      path,
      `has ${value.length} rows`,
      render(value),
      `exactly student.k = ${k} rows (one per student index)`,
      true,
    );
    valid = false;
  }
  return valid && k !== undefined && kStar !== undefined ? rows : undefined;
}

function readAlgorithm(
  raw: Fields,
  n: number | undefined,
  issues: Issues,
): AlgorithmConfig | undefined {
  if (!has(raw, 'algorithm')) {
    issues.missing('algorithm', 'an object with at least the learning rate algorithm.gamma');
  }
  const section = readSection(raw, 'algorithm', issues) ?? {};
  const name = readEnum(section, 'name', 'algorithm.name', ALGORITHM_NAMES, issues) ?? 'sgd';
  const nameValid = !has(section, 'name') || ALGORITHM_NAMES.includes(section.name as never);

  let gamma = readNumber(section, 'gamma', 'algorithm.gamma', POSITIVE, issues);
  if (!has(section, 'gamma')) {
    if (name === 'gf' && nameValid) gamma = 1;
    else if (has(raw, 'algorithm')) {
      issues.missing('algorithm.gamma', `${POSITIVE.allowed} (required for ${name})`);
    }
  }

  const alpha = readNumber(section, 'alpha', 'algorithm.alpha', UNIT_INTERVAL, issues);
  let kappa = readNumber(section, 'kappa', 'algorithm.kappa', BATCH_SIZE, issues);
  if (has(section, 'alpha') && has(section, 'kappa')) {
    issues.add(
      'algorithm.kappa',
      'is given together with algorithm.alpha',
      render(section.kappa),
      'exactly one of alpha (κ = ⌈n^alpha⌉) or kappa',
    );
    kappa = undefined;
  }

  let resolvedAlpha: number | undefined;
  let resolvedKappa: number | undefined;
  if (name === 'gd') {
    if (alpha !== undefined && alpha !== 1) {
      issues.add(
        'algorithm.alpha',
        'is not 1, but gd always uses the full batch',
        render(alpha),
        '1, or leave alpha out',
      );
    }
    if (kappa !== undefined && n !== undefined && kappa !== n) {
      issues.add(
        'algorithm.kappa',
        'is not n, but gd always uses the full batch',
        render(kappa),
        `n = ${n}, or leave kappa out`,
        true,
      );
    }
    resolvedAlpha = alpha;
    resolvedKappa = n;
  } else if (kappa !== undefined) {
    if (n !== undefined && kappa > n) {
      issues.add(
        'algorithm.kappa',
        'exceeds the sample size',
        render(kappa),
        `an integer in [1, n = ${n}]`,
        true,
      );
    }
    resolvedKappa = kappa;
  } else if (!has(section, 'kappa') && (alpha !== undefined || !has(section, 'alpha'))) {
    resolvedAlpha = alpha ?? DEFAULT_ALPHA;
    if (n !== undefined) resolvedKappa = batchFromExponent(n, resolvedAlpha);
  }

  const batch = readEnum(section, 'batch', 'algorithm.batch', BATCH_RULES, issues) ?? 'fixed';
  const h = readNumber(section, 'h', 'algorithm.h', POSITIVE, issues);
  const smeNoise =
    readEnum(section, 'smeNoise', 'algorithm.smeNoise', SME_NOISE_FORMS, issues) ?? 'per-sample';

  if (gamma === undefined || resolvedKappa === undefined) return undefined;
  const algorithm: AlgorithmConfig = { name, gamma, kappa: resolvedKappa, batch, smeNoise };
  if (resolvedAlpha !== undefined) algorithm.alpha = resolvedAlpha;
  if (h !== undefined) algorithm.h = h;
  return algorithm;
}

/** κ = ⌈n^alpha⌉ in [1, n], with exact powers recognised (see the module comment). */
function batchFromExponent(n: number, alpha: number): number {
  const power = Math.pow(n, alpha);
  const nearest = Math.round(power);
  const exact = Math.abs(power - nearest) <= 1e-12 * Math.max(1, nearest);
  return Math.min(n, Math.max(1, exact ? nearest : Math.ceil(power)));
}

function readTimes(raw: Fields, issues: Issues): number[] | undefined {
  const allowed = `a non-empty, strictly increasing array of at most ${MAX_TIMES} finite numbers ≥ 0`;
  if (!has(raw, 'times')) {
    issues.missing('times', allowed);
    return undefined;
  }
  const value = raw.times;
  if (!Array.isArray(value)) {
    issues.add('times', 'is not an array', render(value), allowed);
    return undefined;
  }
  if (value.length === 0 || value.length > MAX_TIMES) {
    issues.add('times', `has ${value.length} entries`, render(value), allowed);
    return undefined;
  }

  let valid = true;
  const times: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const t = checkNumber(value[i], `times[${i}]`, NON_NEGATIVE, issues);
    if (t === undefined) {
      valid = false;
      continue;
    }
    const previous: unknown = i > 0 ? value[i - 1] : undefined;
    if (typeof previous === 'number' && Number.isFinite(previous) && t <= previous) {
      issues.add(
        `times[${i}]`,
        `is not greater than times[${i - 1}] = ${render(previous)}`,
        render(t),
        `a number > ${render(previous)} (times must increase strictly)`,
        true,
      );
      valid = false;
    }
    times.push(t);
  }
  return valid ? times : undefined;
}

// ------------------------------------------------------------------------------------------
// Field readers

interface NumberRule {
  allowed: string;
  integer?: boolean;
  min?: number;
  minExclusive?: boolean;
  max?: number;
}

const POSITIVE: NumberRule = { allowed: 'a finite number > 0', min: 0, minExclusive: true };
const NON_NEGATIVE: NumberRule = { allowed: 'a finite number ≥ 0', min: 0 };
const UNIT_INTERVAL: NumberRule = { allowed: 'a number in [0, 1]', min: 0, max: 1 };
const DIMENSION: NumberRule = {
  allowed: 'an integer ≥ 2',
  integer: true,
  min: 2,
  max: Number.MAX_SAFE_INTEGER,
};
const INDEX_COUNT: NumberRule = {
  allowed: `an integer in [1, ${MAX_INDICES}]`,
  integer: true,
  min: 1,
  max: MAX_INDICES,
};
const BATCH_SIZE: NumberRule = {
  allowed: 'an integer in [1, n]',
  integer: true,
  min: 1,
  max: Number.MAX_SAFE_INTEGER,
};
const SEED: NumberRule = {
  allowed: 'an integer in [0, 2^53 − 1]',
  integer: true,
  min: 0,
  max: Number.MAX_SAFE_INTEGER,
};

/** The number at section[key], or undefined when absent or invalid (with an issue). */
function readNumber(
  section: Fields,
  key: string,
  path: string,
  rule: NumberRule,
  issues: Issues,
): number | undefined {
  if (!has(section, key)) return undefined;
  return checkNumber(section[key], path, rule, issues);
}

function checkNumber(
  value: unknown,
  path: string,
  rule: NumberRule,
  issues: Issues,
): number | undefined {
  if (typeof value !== 'number') {
    issues.add(path, 'is not a number', render(value), rule.allowed);
    return undefined;
  }
  if (!checkFinite(value, path, rule.allowed, issues)) return undefined;
  if (rule.integer === true && !Number.isInteger(value)) {
    issues.add(path, 'is not an integer', render(value), rule.allowed);
    return undefined;
  }
  const belowMin =
    rule.min !== undefined && (rule.minExclusive === true ? value <= rule.min : value < rule.min);
  const aboveMax = rule.max !== undefined && value > rule.max;
  if (belowMin || aboveMax) {
    issues.add(path, 'is out of range', render(value), rule.allowed);
    return undefined;
  }
  return value;
}

/** NaN and ±Infinity cannot be written in JSON, so the schema cannot reject them. */
function checkFinite(value: number, path: string, allowed: string, issues: Issues): boolean {
  if (Number.isFinite(value)) return true;
  issues.add(path, 'is not finite', render(value), allowed, true);
  return false;
}

/** An array of finite numbers (elements checked one by one), or undefined with issues. */
function readNumberArray(value: unknown, path: string, issues: Issues): number[] | undefined {
  if (!Array.isArray(value)) {
    issues.add(path, 'is not an array', render(value), 'an array of finite numbers');
    return undefined;
  }
  const entries: number[] = [];
  let valid = true;
  const anyNumber: NumberRule = { allowed: 'a finite number' };
  value.forEach((entry: unknown, i: number) => {
    const number = checkNumber(entry, `${path}[${i}]`, anyNumber, issues);
    if (number === undefined) valid = false;
    else entries.push(number);
  });
  return valid ? entries : undefined;
}

function readEnum<T extends string>(
  section: Fields,
  key: string,
  path: string,
  names: readonly T[],
  issues: Issues,
): T | undefined {
  if (!has(section, key)) return undefined;
  const value = section[key];
  if (typeof value !== 'string') {
    issues.add(path, 'is not a string', render(value), oneOf(names));
    return undefined;
  }
  if (!names.includes(value as T)) {
    const suggestion = nearestName(value, names);
    const hint = suggestion === undefined ? undefined : `did you mean '${suggestion}'?`;
    issues.add(path, 'is not a known name', render(value), oneOf(names), false, hint);
    return undefined;
  }
  return value as T;
}

/** A non-empty path string at section[key]; required ones are reported when absent. */
function readPath(
  section: Fields,
  key: string,
  required: boolean,
  issues: Issues,
): string | undefined {
  const path = `data.${key}`;
  const allowed = 'a non-empty path to a .json, .csv or .npy file';
  if (!has(section, key)) {
    if (required) issues.missing(path, allowed);
    return undefined;
  }
  const value = section[key];
  if (typeof value !== 'string' || value === '') {
    issues.add(path, 'is not a non-empty string', render(value), allowed);
    return undefined;
  }
  return value;
}

/** The object at raw[section] with its field names checked; undefined if absent or not one. */
function readSection(raw: Fields, section: Section, issues: Issues): Fields | undefined {
  if (!has(raw, section)) return undefined;
  const value = raw[section];
  if (!isFields(value)) {
    const allowed = `an object with fields ${list(section)}`;
    issues.add(section, 'is not an object', render(value), allowed);
    return undefined;
  }
  checkFieldNames(value, section, issues);
  return value;
}

/** Reports every unknown field, suggesting the nearest valid name or the right section. */
function checkFieldNames(value: Fields, section: Section, issues: Issues): void {
  const names: readonly string[] = CONFIG_FIELDS[section];
  for (const key of Object.keys(value)) {
    if (names.includes(key)) continue;
    const path = joinPath(section, key);
    const elsewhere = sectionsHolding(key);
    const suggestion = nearestName(key, names);
    let hint: string | undefined;
    if (elsewhere.length > 0) hint = `'${key}' belongs in ${elsewhere.join(' or ')}`;
    else if (suggestion !== undefined) hint = `did you mean '${suggestion}'?`;
    issues.add(path, 'is not a known field', `'${key}'`, `fields ${list(section)}`, false, hint);
  }
}

function sectionsHolding(key: string): string[] {
  const holders: string[] = [];
  for (const [section, names] of Object.entries(CONFIG_FIELDS)) {
    if ((names as readonly string[]).includes(key)) {
      holders.push(section === '' ? 'the top level' : `'${section}'`);
    }
  }
  return holders;
}

function joinPath(section: string, key: string): string {
  const simple = /^[A-Za-z_$][\w$]*$/.test(key);
  if (section === '') return simple ? key : `[${JSON.stringify(key)}]`;
  return simple ? `${section}.${key}` : `${section}[${JSON.stringify(key)}]`;
}

// ------------------------------------------------------------------------------------------
// Small helpers

class Issues {
  readonly all: ConfigIssue[] = [];

  add(
    path: string,
    problem: string,
    received: string,
    allowed: string,
    beyond = false,
    hint?: string,
  ): void {
    const tail = hint === undefined ? '' : ` (${hint})`;
    const message = `${problem}; received ${received}; allowed: ${allowed}${tail}`;
    const issue: ConfigIssue = { path, message, received, allowed };
    if (beyond) issue.beyondSchema = true;
    this.all.push(issue);
  }

  missing(path: string, allowed: string): void {
    this.add(path, 'is missing', 'nothing', allowed);
  }
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own field that is present; `undefined` from JavaScript callers counts as absent. */
function has(section: Fields, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(section, key) && section[key] !== undefined;
}

function list(section: Section): string {
  return CONFIG_FIELDS[section].join(', ');
}

function oneOf(names: readonly string[]): string {
  return `one of ${names.map((name) => `'${name}'`).join(', ')}`;
}

/** A short rendering of any value for messages: NaN and Infinity shown as such. */
function render(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  if (typeof value === 'bigint') return `${value}n (a BigInt)`;
  if (typeof value === 'function' || typeof value === 'symbol') return `a ${typeof value}`;
  let text: string;
  try {
    text =
      JSON.stringify(value, (_key, v: unknown) =>
        typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
      ) ?? String(value);
  } catch {
    text = 'an object that cannot be shown';
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
