/**
 * Finds and validates a fixture of the battery (docs/oracle.md).
 *
 * `ref` is an id ("sgd-square-delta2-gamma0.5") or an id pinned to a version
 * ("sgd-square-delta2-gamma0.5@1"); the file is DIR/<id>.json with DIR the fixtures directory
 * (default: fixtures/ of this package). The file is checked against the JSON Schema
 * (src/oracle/fixtureSchema.ts) and for consistent array lengths, so the gate never reads a
 * malformed fixture. Failures are InputErrors (exit code 2) naming the id, the file and what
 * was expected; an unknown id names the nearest known one.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { nearestName } from '../model/nearestName.ts';
import { InputError } from '../solvers/trajectory.ts';
import { FIXTURE_VERSION } from './fixtureTypes.ts';
import type { Fixture } from './fixtureTypes.ts';
import { FIXTURE_SCHEMA } from './fixtureSchema.ts';

export const DEFAULT_FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

let validate: ReturnType<Ajv2020['compile']> | undefined;

export function loadFixture(
  ref: string,
  dir: string = DEFAULT_FIXTURE_DIR,
  flag = '--fixture',
): Fixture {
  if (typeof ref !== 'string' || ref === '') {
    throw new TypeError(`loadFixture: ref must be a fixture id; received ${String(ref)}`);
  }
  const [id, versionText] = ref.split('@');
  const path = join(dir, `${id}.json`);
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(id) || !existsSync(path)) {
    const known = listFixtureIds(dir);
    const near = nearestName(id, known);
    throw new InputError(
      `${flag} ${ref}: no fixture "${id}" in ${dir}` +
        (near ? `; did you mean "${near}"?` : '') +
        ` (sgd-oracle fixtures --list shows all)`,
    );
  }
  let fixture: Fixture;
  try {
    fixture = JSON.parse(readFileSync(path, 'utf8')) as Fixture;
  } catch (error) {
    throw new InputError(`fixture ${path} is not valid JSON: ${(error as Error).message}`);
  }
  validate ??= new Ajv2020({ allErrors: true, strict: false }).compile(FIXTURE_SCHEMA);
  if (!validate(fixture)) {
    const first = validate.errors?.[0];
    throw new InputError(
      `fixture ${path} does not match fixtures/schema/fixture.schema.json: ` +
        `${first?.instancePath || '(root)'} ${first?.message ?? ''}`,
    );
  }
  checkLengths(fixture, path);
  if (fixture.version !== FIXTURE_VERSION) {
    throw new InputError(
      `fixture ${path} has format version ${fixture.version}; this sgd-oracle reads version ` +
        `${FIXTURE_VERSION}: regenerate with sgd-oracle fixtures or update sgd-oracle`,
    );
  }
  if (versionText !== undefined && Number(versionText) !== fixture.version) {
    throw new InputError(
      `${flag} ${ref}: version ${versionText} requested, but ${id} is at version ` +
        `${fixture.version}`,
    );
  }
  return fixture;
}

/** Ids of the fixtures in `dir`, sorted. */
export function listFixtureIds(dir: string = DEFAULT_FIXTURE_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json') && name !== 'index.json')
    .map((name) => name.slice(0, -'.json'.length))
    .sort();
}

function checkLengths(fixture: Fixture, path: string): void {
  const T = fixture.times.length;
  for (const column of fixture.columns) {
    const entry = fixture.observables[column];
    if (entry === undefined) {
      throw new InputError(`fixture ${path}: observables.${column} is missing`);
    }
    for (const [key, series] of Object.entries(entry)) {
      if ((series as number[]).length !== T) {
        throw new InputError(
          `fixture ${path}: observables.${column}.${key} has ${(series as number[]).length} ` +
            `entries, expected one per time (${T})`,
        );
      }
    }
  }
}
