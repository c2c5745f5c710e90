/**
 * The `run` command end to end, in process: output formats and fields, exit codes (0 ok,
 * 1 diverged, 2 bad input), --out never overwriting, --replicates, --seed, and the built-in
 * default. One test spawns the real binary to check the entry point and --help.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

let stdout = '';
let stderr = '';
let dir = '';

beforeEach(() => {
  stdout = '';
  stderr = '';
  dir = mkdtempSync(join(tmpdir(), 'sgd-oracle-cli-'));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function writeConfig(config: unknown, name = 'config.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof config === 'string' ? config : JSON.stringify(config));
  return path;
}

const small = {
  d: 100,
  delta: 2,
  teacher: { link: 'linear', noise: 0.5 },
  student: { k: 1 },
  loss: 'square',
  lambda: 0,
  init: { scale: 0 },
  algorithm: { name: 'sgd', gamma: 0.8, alpha: 0.5 },
  times: [0, 0.5, 1],
  seed: 7,
};

describe('sgd-oracle run', () => {
  it('prints one JSON object with the documented fields', async () => {
    const code = await main(['run', writeConfig(small), '--format', 'json']);
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout);
    for (const key of ['times', 'Q', 'M', 'trainRisk', 'testRisk', 'status', 'seed', 'config']) {
      expect(out, key).toHaveProperty(key);
    }
    expect(out.times).toEqual([0, 0.5, 1]);
    expect(out.Q[1]).toHaveLength(1);
    expect(out.status).toBe('ok');
    expect(out.seed).toBe(7);
    expect(out.n).toBe(200);
    expect(out.info.kappa).toBe(Math.ceil(Math.sqrt(200)));
    expect(out.stdErr).toBeUndefined();
  });

  it('the config in the JSON output runs again and reproduces the result', async () => {
    expect(await main(['run', writeConfig(small), '--format', 'json'])).toBe(0);
    const first = JSON.parse(stdout);
    stdout = '';
    expect(await main(['run', writeConfig(first.config, 'again.json'), '--format', 'json'])).toBe(
      0,
    );
    const second = JSON.parse(stdout);
    expect(second.Q).toEqual(first.Q);
    expect(second.testRisk).toEqual(first.testRisk);
  });

  it('checks --out before running: a missing directory and the config itself are refused', async () => {
    const config = writeConfig(small);
    expect(await main(['run', config, '--out', join(dir, 'no', 'such', 'x.json')])).toBe(2);
    expect(stderr).toMatch(/does not exist/);
    expect(await main(['run', config, '--out', config, '--force'])).toBe(2);
    expect(stderr).toMatch(/own input/);
    expect(JSON.parse(readFileSync(config, 'utf8'))).toEqual(small);
  });

  it('--replicates gives means with standard errors, and replicate 0 is the plain run', async () => {
    const path = writeConfig(small);
    expect(await main(['run', path, '--format', 'json', '--replicates', '4'])).toBe(0);
    const averaged = JSON.parse(stdout);
    expect(averaged.stdErr.testRisk).toHaveLength(3);
    expect(averaged.stdErr.testRisk[2]).toBeGreaterThan(0);
    expect(averaged.info.replicates).toBe(4);
    stdout = '';
    expect(await main(['run', path, '--format', 'json', '--replicates', '1'])).toBe(0);
    const plain = JSON.parse(stdout);
    stdout = '';
    expect(await main(['run', path, '--format', 'json'])).toBe(0);
    expect(JSON.parse(stdout).Q).toEqual(plain.Q);
  });

  it('--seed overrides the config and changes the draw', async () => {
    const path = writeConfig(small);
    await main(['run', path, '--format', 'json']);
    const a = JSON.parse(stdout);
    stdout = '';
    await main(['run', path, '--format', 'json', '--seed', '8']);
    const b = JSON.parse(stdout);
    expect(b.seed).toBe(8);
    expect(b.testRisk[2]).not.toBe(a.testRisk[2]);
  });

  it('writes CSV with a header and one row per time', async () => {
    expect(await main(['run', writeConfig(small), '--format', 'csv'])).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('solver,time,trainRisk,testRisk,Q_0_0,M_0_0');
    expect(lines).toHaveLength(4);
    expect(lines[1].split(',')).toHaveLength(6);
  });

  it('--out writes the file and refuses to overwrite it without --force', async () => {
    const config = writeConfig(small);
    const out = join(dir, 'result.json');
    expect(await main(['run', config, '--format', 'json', '--out', out])).toBe(0);
    const first = readFileSync(out, 'utf8');
    writeFileSync(out, 'the user wrote this');
    expect(await main(['run', config, '--format', 'json', '--out', out])).toBe(2);
    expect(stderr).toMatch(/exists.*--force/);
    expect(readFileSync(out, 'utf8')).toBe('the user wrote this');
    expect(await main(['run', config, '--format', 'json', '--out', out, '--force'])).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(first);
  });

  it('a diverging run stops, says why, prints no NaN and exits 1', async () => {
    const config = writeConfig({
      ...small,
      algorithm: { name: 'sgd', gamma: 2.5, kappa: 1 },
      times: [0, 5, 20],
    });
    expect(await main(['run', config, '--format', 'json'])).toBe(1);
    expect(stdout).not.toMatch(/NaN|Infinity|null,\s*null/);
    const out = JSON.parse(stdout);
    expect(out.status).toBe('diverged');
    expect(out.message).toMatch(/γ = 2.5 is at or beyond the square-loss stability limit γ < 2/);
    expect(out.times.length).toBeLessThan(3);
    expect(stderr).toMatch(/diverged at t = /);
  });

  const badInputs: [string, string[], RegExp][] = [
    ['a missing file', ['run', '/nonexistent/config.json'], /cannot read config.*no such file/],
    ['invalid JSON', ['run', 'BAD_JSON'], /not valid JSON/],
    ['an unknown field', ['run', 'TYPO'], /delt.*did you mean 'delta'/],
    ['an unknown solver', ['run', 'SMALL', '--solver', 'adam'], /--solver must be one of/],
    ['an unknown format', ['run', 'SMALL', '--format', 'xml'], /--format must be one of/],
    ['a negative replicate count', ['run', 'SMALL', '--replicates', '-3'], /positive integer/],
    ['a fractional seed', ['run', 'SMALL', '--seed', '1.5'], /--seed takes a non-negative/],
    ['an unknown flag', ['run', 'SMALL', '--gamma', '1'], /unknown option/],
    [
      '--paths on a finite solver',
      ['run', 'SMALL', '--paths', '10'],
      /--paths applies to the DMFT/,
    ],
    [
      'replicates on a DMFT solver',
      ['run', 'SMALL', '--solver', 'dmft-gf', '--replicates', '2'],
      /--replicates applies to the finite/,
    ],
    ['exact on a nonlinear model', ['run', 'LOGISTIC', '--solver', 'exact'], /no closed form/],
    ['an X too large to hold', ['run', 'HUGE'], /the finite solvers allow n·d ≤ 1073741824/],
    [
      'the SGD limit of reshuffled batches',
      ['run', 'RESHUFFLE', '--solver', 'dmft-sgd'],
      /algorithm\.batch "reshuffle" uses each sample once per epoch/,
    ],
  ];
  for (const [what, args, message] of badInputs) {
    it(`exits 2 on ${what}, naming the problem`, async () => {
      const paths: Record<string, string> = {
        SMALL: writeConfig(small, 'small.json'),
        BAD_JSON: writeConfig('{"d": 100, "delta": ', 'bad.json'),
        TYPO: writeConfig({ ...small, delta: undefined, delt: 2 }, 'typo.json'),
        LOGISTIC: writeConfig({ ...small, loss: 'logistic' }, 'logistic.json'),
        HUGE: writeConfig({ ...small, d: 100_000_000 }, 'huge.json'),
        RESHUFFLE: writeConfig(
          { ...small, algorithm: { ...small.algorithm, batch: 'reshuffle' } },
          'reshuffle.json',
        ),
      };
      const code = await main(args.map((a) => paths[a] ?? a));
      expect(code, `stderr: ${stderr}`).toBe(2);
      expect(stderr).toMatch(message);
      expect(stdout).toBe('');
    });
  }

  it('a DMFT solver runs through the same command and reports its Monte Carlo error', async () => {
    const logistic = { ...small, loss: 'logistic', teacher: { labels: 'sign', noise: 0.3 } };
    const code = await main([
      'run',
      writeConfig(logistic),
      '--solver',
      'dmft-sgd',
      '--paths',
      '800',
      '--format',
      'json',
    ]);
    expect(code, stderr).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.solver).toBe('dmft-sgd');
    expect(out.stdErr.Q[2][0][0]).toBeGreaterThan(0);
  });
});

describe('the built-in default', () => {
  it('is the config in examples/configs/logistic-default.json', async () => {
    const { DEFAULT_CONFIG } = await import('../../src/cli/defaultConfig.ts');
    const { parseConfig } = await import('../../src/model/parseConfig.ts');
    const example = JSON.parse(readFileSync('examples/configs/logistic-default.json', 'utf8'));
    expect(parseConfig(example, 'example')).toEqual(parseConfig(DEFAULT_CONFIG, 'example'));
  });
});

describe('the installed entry point', () => {
  it('runs the built-in default and answers --help on every command', () => {
    const bin = join(process.cwd(), 'bin', 'sgd-oracle.mjs');
    const help = spawnSync(process.execPath, [bin, 'run', '--help'], { encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--replicates/);
    const top = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/Exit codes/);
    const none = spawnSync(process.execPath, [bin, 'frobnicate'], { encoding: 'utf8' });
    expect(none.status).toBe(2);
    const out = execFileSync(process.execPath, [bin, 'run', '--format', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, CI: 'true' },
    });
    const result = JSON.parse(out);
    expect(result.runs.map((run: { solver: string }) => run.solver)).toEqual(['sgd', 'sme', 'gf']);
    expect(result.config.loss).toBe('logistic');
    expect(result.n).toBe(2000);
    expect(result.runs[0].info.kappa).toBe(45);
  });
});
