/**
 * Regression: on the README's example config (its times start at 0) L5 and L6 once failed,
 * because every solver gives the same value at t = 0, so the required gap there was 0 > 0.
 * Both must pass on it, and L6 must still refuse a config without a time on its grid.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkStatement } from '../../src/limits/checkStatement.ts';
import { parseConfig } from '../../src/model/parseConfig.ts';

// The README's example, exactly as written (tests/config checks the file against the README).
const README_CONFIG = JSON.parse(readFileSync('examples/configs/linear-sgd.json', 'utf8'));

describe('limit statements on the README example config', () => {
  for (const id of ['L5', 'L6'] as const) {
    it(`${id} passes and compares no t = 0 row`, () => {
      const verdict = checkStatement(id, parseConfig(README_CONFIG, 'README'), {});
      const failed = verdict.comparisons
        .filter((c) => !c.pass)
        .map((c) => `${c.label} t=${c.time}`);
      expect(verdict.pass, failed.join('; ')).toBe(true);
      expect(verdict.comparisons.every((c) => c.time > 0)).toBe(true);
    });
  }

  it('L6 refuses a config with no positive time on its coarsest grid, saying why', () => {
    const config = parseConfig({ ...README_CONFIG, times: [0, 0.25] }, 'README');
    expect(() => checkStatement('L6', config, {})).toThrow(/multiple of 0.1|none of the config/);
  });
});
