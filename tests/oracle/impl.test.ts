/**
 * `check --impl`: the protocol survives programs that hang, crash, print garbage or stop
 * half-way; each such case is reported as failed with its reason, and the exit code is 1.
 * The programs are the tiny scripts in tests/oracle/scripts/. Deterministic: no sampling.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkCommand } from '../../src/cli/checkCommand.ts';

const ID = 'sgd-square-delta2-gamma0.5';
const scripts = join(import.meta.dirname, 'scripts');
let stdout = '';

beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    stdout += String(s);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

async function gate(script: string, timeout = 20) {
  const code = await checkCommand({
    impl: `sh ${join(scripts, script)}`,
    cases: ID,
    timeout,
    format: 'json',
  });
  return { code, report: JSON.parse(stdout).cases[0] };
}

/**
 * Whether `pid` is still running after up to `ms` of polling. A killed grandchild is
 * re-parented and reaped by whoever adopts it, so it may linger briefly as a zombie ('Z' in
 * /proc/PID/stat): a zombie runs no code and counts as gone.
 */
async function runningAfter(pid: number, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  for (;;) {
    let state: string | undefined;
    try {
      state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    } catch {
      return false;
    }
    if (state === 'Z' || state === 'X') return false;
    if (performance.now() > deadline) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('check --impl', () => {
  it('kills a hung program and its process group at the timeout', async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'sgd-oracle-hang-')), 'pid');
    process.env.HANG_PIDFILE = pidFile;
    const started = performance.now();
    const { code, report } = await gate('hang.sh', 1);
    const seconds = (performance.now() - started) / 1000;
    delete process.env.HANG_PIDFILE;
    expect(code).toBe(1);
    expect(report.reason).toMatch(/timed out after 1 s \(killed\)/);
    // 1 s timeout plus process start-up and teardown; the program itself would run 600 s.
    expect(seconds).toBeLessThan(10);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(await runningAfter(pid, 2000), `pid ${pid} still running`).toBe(false);
  });

  it('reports a crash with its exit code and the end of its stderr', async () => {
    const { code, report } = await gate('crash.sh');
    expect(code).toBe(1);
    expect(report.reason).toMatch(/exited with code 139; stderr ends: segmentation fault/);
  });

  it('reports garbage on stdout as unusable output', async () => {
    const { code, report } = await gate('garbage.sh');
    expect(code).toBe(1);
    expect(report.reason).toMatch(/unusable output: stdout of case .*: invalid JSON/);
  });

  it('reports a truncated answer as unusable output', async () => {
    const { code, report } = await gate('partial.sh');
    expect(code).toBe(1);
    expect(report.reason).toMatch(/unusable output: .*truncated/);
  });

  it('reports a command that does not exist', async () => {
    const code = await checkCommand({
      impl: 'no-such-program-sgd-oracle',
      cases: ID,
      format: 'json',
    });
    expect(code).toBe(1);
    expect(JSON.parse(stdout).cases[0].reason).toMatch(/exited with code 127/);
  });
});
