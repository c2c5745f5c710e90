/**
 * `sgd-oracle fixtures [--out DIR] [--list] [--only IDS] [--force]`: generates the reference
 * battery (src/oracle/battery.ts) into DIR (default fixtures/), one DIR/<id>.json per case,
 * plus DIR/index.json and DIR/schema/fixture.schema.json (docs/oracle.md). Regeneration is
 * deterministic: each case seeds its streams from its id. Existing files are kept unless
 * --force is given (exit 2 otherwise, as `run --out`). --list prints the ids and exits.
 * Progress goes to stderr, one line per case.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BATTERY } from '../oracle/battery.ts';
import { FIXTURE_VERSION } from '../oracle/fixtureTypes.ts';
import { FIXTURE_SCHEMA } from '../oracle/fixtureSchema.ts';
import { generateFixture } from '../oracle/generateFixture.ts';
import { InputError } from '../solvers/trajectory.ts';

export interface FixturesOptions {
  out?: string;
  list?: boolean;
  only?: string;
  force?: boolean;
}

export async function fixturesCommand(options: FixturesOptions): Promise<number> {
  try {
    return generate(options);
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function generate(options: FixturesOptions): number {
  if (options.list) {
    const width = Math.max(...BATTERY.map((c) => c.id.length));
    const lines = BATTERY.map(
      (c) => `${c.id.padEnd(width)}  ${c.solver.padEnd(6)}  ${c.description}`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }
  const dir = options.out ?? 'fixtures';
  const wanted =
    options.only === undefined ? undefined : options.only.split(',').map((s) => s.trim());
  const unknown = (wanted ?? []).filter((id) => !BATTERY.some((c) => c.id === id));
  if (unknown.length > 0) {
    throw new InputError(`--only: unknown case id(s) ${unknown.join(', ')} (see --list)`);
  }
  const cases = BATTERY.filter((c) => wanted === undefined || wanted.includes(c.id));

  const targets = cases.map((c) => join(dir, `${c.id}.json`));
  const schemaPath = join(dir, 'schema', 'fixture.schema.json');
  const indexPath = join(dir, 'index.json');
  const all = wanted === undefined ? [...targets, schemaPath, indexPath] : targets;
  const existing = all.filter((path) => existsSync(path));
  if (existing.length > 0 && !options.force) {
    throw new InputError(
      `--out ${dir}: ${existing.length} file(s) exist (${existing[0]}, …); pass --force to ` +
        'overwrite them',
    );
  }

  mkdirSync(join(dir, 'schema'), { recursive: true });
  if (wanted === undefined) {
    writeFileSync(schemaPath, `${JSON.stringify(FIXTURE_SCHEMA, null, 2)}\n`);
    const index = {
      version: FIXTURE_VERSION,
      cases: BATTERY.map((c) => ({ id: c.id, solver: c.solver, description: c.description })),
    };
    writeFileSync(indexPath, `${JSON.stringify(index, null, 2)}\n`);
  }
  cases.forEach((spec, j) => {
    const started = performance.now();
    const fixture = generateFixture(spec);
    writeFileSync(targets[j], `${JSON.stringify(fixture, null, 2)}\n`);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stderr.write(`[${j + 1}/${cases.length}] ${spec.id} (${seconds} s)\n`);
  });
  return 0;
}
