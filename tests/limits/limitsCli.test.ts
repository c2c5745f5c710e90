/**
 * `sgd-oracle limits` lists L4 among its statements and prints its verdict as a table and as
 * JSON. The config is square loss with a linear student, where L4 runs on the deterministic
 * closure: the verdict is exact, so it cannot fail by chance.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { limitsCommand } from '../../src/cli/limitsCommand.ts';
import { IMPLEMENTED } from '../../src/limits/checkStatement.ts';
import { STATEMENTS } from '../../src/limits/verdict.ts';

const raw = {
  d: 200,
  delta: 2,
  teacher: { link: 'linear', noise: 0.3 },
  student: { k: 1 },
  loss: 'square',
  algorithm: { name: 'sgd', gamma: 0.5, alpha: 0.5 },
  times: [0.5, 1],
  seed: 3,
};

describe('sgd-oracle limits with L4', () => {
  it('every statement L1–L7 is implemented', () => {
    expect([...IMPLEMENTED]).toEqual([...STATEMENTS]);
  });

  it('prints the L4 verdict as a table and as JSON, exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgd-oracle-limits-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify(raw));

    const table = join(dir, 'l4.txt');
    const code = await limitsCommand(config, {
      statement: 'L4',
      format: 'table',
      out: table,
      force: false,
    });
    expect(code).toBe(0);
    const text = readFileSync(table, 'utf8');
    expect(text).toMatch(/^L4 PASS {2}affine ℓ: the SGD and SME limits coincide/);
    expect(text).toMatch(/SME vs GF at γ=1, dt=0\.015625: distinct {2}Q t=1/);
    expect(text).toMatch(/--statement L4 --seed 3/);

    const json = join(dir, 'l4.json');
    expect(
      await limitsCommand(config, { statement: 'L4', format: 'json', out: json, force: false }),
    ).toBe(0);
    const verdict = JSON.parse(readFileSync(json, 'utf8'));
    expect(verdict.statement).toBe('L4');
    expect(verdict.pass).toBe(true);
    expect(verdict.comparisons.length).toBeGreaterThan(0);
    for (const c of verdict.comparisons) {
      expect(Object.keys(c.parts).sort()).toEqual(
        ['alpha', 'biasBound', 'comparisons', 'finiteSe', 'gridBound', 'mcSe', 'z'].sort(),
      );
    }
  });

  it('refuses a config with data files before running anything, naming the field', async () => {
    await expect(
      limitsCommand('examples/configs/data-files.json', { format: 'table', force: false }),
    ).rejects.toThrow(/this config names data files \(field "data"\): remove "data"/);
  });
});
