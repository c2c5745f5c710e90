/**
 * schema/config.schema.json against parseConfig.
 *
 * Agreement, over generated JSON configurations (valid ones, single faults that JSON can
 * carry, and valid ones with one field replaced by an arbitrary JSON value):
 * - whatever parseConfig accepts, ajv accepts;
 * - whatever parseConfig rejects with at least one issue not marked `beyondSchema`, ajv
 *   rejects. Issues marked beyondSchema (cross-field rules, data-file contents, non-finite
 *   numbers; listed in the schema's top-level description) are the only allowed disagreement.
 * Structure: the schema lists exactly parseConfig's fields and names, and describes each.
 * The seed is fast-check's global one (properties/setup.ts); failures print the config.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { ConfigError } from '../../src/model/configError.ts';
import {
  ALGORITHM_NAMES,
  BATCH_RULES,
  CONFIG_FIELDS,
  LABEL_KINDS,
  LINK_NAMES,
  LOSS_NAMES,
  parseConfig,
  SME_NOISE_FORMS,
  STUDENT_LINK_NAMES,
} from '../../src/model/parseConfig.ts';
import { junkCaseArb, singleMutationArb, validCaseArb } from './arbitraries.ts';
import { suiteSeed } from '../helpers/seed.ts';
import { type Cfg, deleteAt, makeTempDir, removeTempDir, setAt, show } from './support.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const schema = JSON.parse(readFileSync(join(root, 'schema/config.schema.json'), 'utf8'));
// Strict mode (unknown keywords, type consistency, numbers) except strictRequired, which would
// ask every `required` inside anyOf/if/else to repeat the property definitions beside it.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
const validate = ajv.compile(schema);

// Relative data paths in junk configurations resolve into this empty directory.
const emptyDir = makeTempDir();
afterAll(() => removeTempDir(emptyDir));
const source = join(emptyDir, 'config.json');

type Outcome = 'accepted' | 'rejected' | 'beyond-schema';

/** parseConfig's verdict, with rejections that only the schema's blind spots explain apart. */
function parseOutcome(config: Cfg): { outcome: Outcome; detail: string } {
  try {
    parseConfig(config, source);
    return { outcome: 'accepted', detail: '' };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const expressible = error.issues.some((issue) => issue.beyondSchema !== true);
    return { outcome: expressible ? 'rejected' : 'beyond-schema', detail: error.message };
  }
}

describe('schema agreement', () => {
  const counts = { accepted: 0, rejected: 0, 'beyond-schema': 0 };
  afterAll(() => {
    // Keeps the comparison from passing vacuously: both verdicts must have been exercised.
    expect(counts.accepted).toBeGreaterThan(0);
    expect(counts.rejected).toBeGreaterThan(0);
  });

  const jsonFaults = singleMutationArb
    .filter(({ mutations }) => mutations.every((m) => m.json))
    .map(({ config }) => JSON.parse(JSON.stringify(config)) as Cfg);
  const anyConfig = fc.oneof(
    validCaseArb.map(({ config }) => config),
    jsonFaults,
    junkCaseArb,
  );

  test('ajv and parseConfig agree on generated configurations', () => {
    fc.assert(
      fc.property(anyConfig, (config) => {
        const { outcome, detail } = parseOutcome(config);
        counts[outcome] += 1;
        const schemaValid = validate(config);
        const context = `config ${show(config)}\nparseConfig: ${outcome} ${detail}\najv: ${show(
          validate.errors,
        )}`;
        if (outcome === 'accepted') expect(schemaValid, context).toBe(true);
        if (outcome === 'rejected') expect(schemaValid, context).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  test('boundary values of every numeric rule agree, exhaustively', () => {
    // Random draws hit an exact boundary (gamma = 0, alpha = 1, seed = 2^53) too rarely to
    // be relied on, so every listed value is tried on each of 5 valid base configurations.
    const tiny = Number.MIN_VALUE;
    const boundaries: Record<string, number[]> = {
      d: [1, 2, 2.5, 2 ** 53 - 1, 2 ** 53],
      delta: [0, -0, tiny, -tiny],
      'teacher.k': [0, 1, 8, 9, 1.5],
      'teacher.noise': [0, -tiny],
      'student.k': [0, 1, 8, 9],
      lambda: [0, -tiny],
      'init.scale': [0, -tiny],
      'algorithm.gamma': [0, -0, tiny, -tiny],
      'algorithm.alpha': [0, 1, -tiny, 1 + Number.EPSILON],
      'algorithm.kappa': [0, 1, 1.5, 2 ** 53],
      'algorithm.h': [0, tiny],
      'times[0]': [0, -0, -tiny],
      seed: [0, -1, 0.5, 2 ** 53 - 1, 2 ** 53],
    };
    const bases = fc.sample(validCaseArb, { numRuns: 5, seed: suiteSeed() });
    let compared = 0;
    for (const { config: base } of bases) {
      for (const [path, values] of Object.entries(boundaries)) {
        for (const value of values) {
          const config = structuredClone(base);
          if (path === 'algorithm.kappa') deleteAt(config, 'algorithm.alpha');
          if (path === 'algorithm.alpha') deleteAt(config, 'algorithm.kappa');
          setAt(config, path, value);
          const { outcome, detail } = parseOutcome(config);
          const schemaValid = validate(config);
          const context = `${path} = ${value} in ${show(base)}\n${detail}\n${show(
            validate.errors,
          )}`;
          if (outcome === 'accepted') expect(schemaValid, context).toBe(true);
          if (outcome === 'rejected') expect(schemaValid, context).toBe(false);
          if (outcome !== 'beyond-schema') compared += 1;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  test('the example configurations are schema-valid', () => {
    for (const name of ['linear-sgd', 'logistic-default', 'committee-relu', 'data-files']) {
      const config = JSON.parse(
        readFileSync(join(root, 'examples/configs', `${name}.json`), 'utf8'),
      );
      expect(validate(config), `${name}: ${show(validate.errors)}`).toBe(true);
    }
  });
});

describe('schema structure', () => {
  const sections = schema.properties as Record<string, { properties?: Record<string, unknown> }>;

  test("the fields of every section are exactly parseConfig's", () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...CONFIG_FIELDS['']].sort());
    for (const section of ['teacher', 'student', 'init', 'algorithm', 'data'] as const) {
      expect(Object.keys(sections[section].properties ?? {}).sort(), section).toEqual(
        [...CONFIG_FIELDS[section]].sort(),
      );
    }
  });

  test("the name lists are exactly parseConfig's", () => {
    const enumOf = (path: string): unknown => {
      const [section, field] = path.split('.');
      const node = field === undefined ? sections[section] : sections[section].properties?.[field];
      return (node as { enum?: unknown }).enum;
    };
    expect(enumOf('teacher.link')).toEqual(LINK_NAMES);
    expect(enumOf('student.link')).toEqual(STUDENT_LINK_NAMES);
    expect(enumOf('teacher.labels')).toEqual(LABEL_KINDS);
    expect(enumOf('loss')).toEqual(LOSS_NAMES);
    expect(enumOf('algorithm.name')).toEqual(ALGORITHM_NAMES);
    expect(enumOf('algorithm.batch')).toEqual(BATCH_RULES);
    expect(enumOf('algorithm.smeNoise')).toEqual(SME_NOISE_FORMS);
  });

  test('every field has a description', () => {
    const undescribed: string[] = [];
    const visit = (node: Record<string, unknown>, path: string): void => {
      if (typeof node.description !== 'string' || node.description.length < 10) {
        undescribed.push(path);
      }
      const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [key, child] of Object.entries(properties ?? {})) {
        visit(child, path === '' ? key : `${path}.${key}`);
      }
    };
    visit(schema, '');
    expect(undescribed).toEqual([]);
  });
});
