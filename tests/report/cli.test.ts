/**
 * `sgd-oracle report` input handling, in process: every refusal is exit 2 with a message that
 * names the problem, and --out is checked before anything runs (no stage line on stderr, no
 * file written). The report itself is exercised in report.test.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

let stderr = '';
let dir = '';

beforeEach(() => {
  stderr = '';
  dir = mkdtempSync(join(tmpdir(), 'sgd-oracle-report-cli-'));
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

const config = {
  d: 50,
  delta: 2,
  teacher: { link: 'linear', noise: 0.3 },
  student: { k: 1 },
  loss: 'square',
  algorithm: { name: 'sgd', gamma: 0.5, alpha: 0.5 },
  times: [0, 0.5],
  seed: 3,
};

function configFile(): string {
  const path = join(dir, 'config.json');
  writeFileSync(path, JSON.stringify(config));
  return path;
}

describe('sgd-oracle report: bad input is refused before any run (exit 2)', () => {
  it('keeps an existing report file unless --force, and says how to overwrite', async () => {
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'report.html'), 'mine');

    const code = await main(['report', configFile(), '--out', out]);

    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(/report\.html/);
    expect(stderr).toMatch(/--force/);
    expect(stderr).not.toMatch(/report: sgd/);
    expect(readdirSync(out)).toEqual(['report.html']);
  });

  it('with no CONFIG plans the default case: report.html and its nine figures', async () => {
    const out = join(dir, 'out');
    mkdirSync(out);
    const figures = [
      'trajectory-testRisk',
      'trajectory-trainRisk',
      'trajectory-Q',
      'trajectory-M',
      'claim-a-alpha-collapse',
      'claim-b-gamma-to-gf',
      'claim-c-delta-to-online',
      'claim-d-sgd-sme-gf-linear',
      'claim-d-sgd-sme-gf-nonlinear',
    ];
    for (const name of ['report.html', ...figures.map((f) => `${f}.svg`)]) {
      writeFileSync(join(out, name), 'mine');
    }
    writeFileSync(join(out, 'unrelated.svg'), 'mine');

    expect(await main(['report', '--out', out])).toBe(2);

    expect(stderr).toMatch(/already holds report\.html, trajectory-testRisk\.svg, .* and 7 more/);
    expect(stderr).not.toMatch(/report: sgd/);
  });

  it('refuses an existing figure file too, naming it', async () => {
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'trajectory-Q.svg'), '<svg/>');
    expect(await main(['report', configFile(), '--out', out])).toBe(2);
    expect(stderr).toMatch(/trajectory-Q\.svg/);
  });

  it('refuses an --out that is a file, or whose parent is missing', async () => {
    const file = join(dir, 'file.txt');
    writeFileSync(file, 'x');
    expect(await main(['report', configFile(), '--out', file])).toBe(2);
    expect(stderr).toMatch(/is a file/);
    stderr = '';
    expect(await main(['report', configFile(), '--out', join(dir, 'no', 'such')])).toBe(2);
    expect(stderr).toMatch(/does not exist/);
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });

  it.each([
    [['--replicates', '0'], /--replicates takes a positive integer/],
    [['--paths', '3', '--batches', '4'], /--paths 3 must be at least --batches/],
    [['--batches', '1'], /--batches must be at least 2/],
    [['--statements', 'L1,L9'], /--statements takes .*L1.*received "L9"/],
    [['--statements', 'L1', '--no-limits'], /contradict/],
    [['--seed', '-1'], /--seed takes a non-negative integer/],
    [['--bogus'], /unknown option '--bogus'/],
  ])('flags %j exit 2 with a clear message', async (flags, message) => {
    const code = await main(['report', configFile(), '--out', join(dir, 'r'), ...flags]);
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(message);
    expect(existsSync(join(dir, 'r'))).toBe(false);
  });

  it('a missing or malformed config is bad input', async () => {
    expect(await main(['report', join(dir, 'none.json'), '--out', join(dir, 'r')])).toBe(2);
    expect(stderr).toMatch(/no such file/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...config, delta: -1 }));
    stderr = '';
    expect(await main(['report', bad, '--out', join(dir, 'r')])).toBe(2);
    expect(stderr).toMatch(/delta/);
  });
});
