/**
 * The committed battery is what `sgd-oracle fixtures` generates: one cheap case is
 * regenerated and must equal the committed file byte for byte; every committed fixture
 * matches the JSON Schema, and the committed schema equals the one in the code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { fixturesCommand } from '../../src/cli/fixturesCommand.ts';
import { BATTERY } from '../../src/oracle/battery.ts';
import { FIXTURE_SCHEMA } from '../../src/oracle/fixtureSchema.ts';
import { generateFixture } from '../../src/oracle/generateFixture.ts';
import { DEFAULT_FIXTURE_DIR, listFixtureIds, loadFixture } from '../../src/oracle/loadFixture.ts';

describe('fixtures', () => {
  it('regenerates sgd-square-delta0.5-gamma0.5 byte for byte', () => {
    const spec = BATTERY.find((c) => c.id === 'sgd-square-delta0.5-gamma0.5');
    if (spec === undefined) throw new Error('case sgd-square-delta0.5-gamma0.5 left the battery');
    const text = `${JSON.stringify(generateFixture(spec), null, 2)}\n`;
    const committed = readFileSync(join(DEFAULT_FIXTURE_DIR, `${spec.id}.json`), 'utf8');
    expect(text).toBe(committed);
  });

  it('holds one valid fixture per battery case (≥ 20), and the committed schema', () => {
    const ids = listFixtureIds();
    expect(ids).toEqual(BATTERY.map((c) => c.id).sort());
    expect(ids.length).toBeGreaterThanOrEqual(20);
    for (const id of ids) expect(loadFixture(id).id).toBe(id);
    const schema = JSON.parse(
      readFileSync(join(DEFAULT_FIXTURE_DIR, 'schema', 'fixture.schema.json'), 'utf8'),
    );
    expect(schema).toEqual(FIXTURE_SCHEMA);
  });

  it('lists the cases, and refuses to overwrite the battery without --force', async () => {
    let stdout = '';
    let stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
      stdout += String(s);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
      stderr += String(s);
      return true;
    });
    try {
      expect(await fixturesCommand({ list: true })).toBe(0);
      expect(stdout.trim().split('\n')).toHaveLength(BATTERY.length);
      expect(await fixturesCommand({ out: DEFAULT_FIXTURE_DIR })).toBe(2);
      expect(stderr).toMatch(/file\(s\) exist .*pass --force/);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
