/**
 * Runs an external implementation on one case, under the protocol of docs/oracle.md:
 *
 *   sh -c "COMMAND 'CONFIG_PATH'"   (cwd unchanged; SGD_ORACLE_FIXTURE=<id> in the environment)
 *
 * The program reads the config (a plain sgd-oracle config, schema/config.schema.json), runs
 * the algorithm named in `algorithm.name`, and prints one JSON object in the layout of
 * `run --format json` on stdout, with config.d and info.replicates set; anything on stderr
 * is kept for the report.
 *
 * Robustness. The child runs in its own process group; after `timeoutMs` the whole group is
 * sent SIGKILL, so a hung program and its children cannot outlive the case. stdout beyond
 * `maxBytes` is cut off and the case fails, so a program that floods output cannot exhaust
 * memory. A spawn error, a non-zero exit, a signal or a timeout each come back as the
 * `failure` of the result; parsing stdout is the caller's job.
 */
import { spawn } from 'node:child_process';

export interface ImplementationResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  seconds: number;
  /** Why the run cannot be used, when it cannot. */
  failure?: string;
}

export interface ImplementationOptions {
  timeoutMs: number;
  maxBytes?: number;
  env?: Record<string, string>;
}

export function runImplementation(
  command: string,
  configPath: string,
  options: ImplementationOptions,
): Promise<ImplementationResult> {
  if (typeof command !== 'string' || command.trim() === '') {
    throw new TypeError(
      `runImplementation: command must be a non-empty string; received ${JSON.stringify(command)}`,
    );
  }
  if (!(options.timeoutMs > 0)) {
    throw new RangeError(
      `runImplementation: timeoutMs must be positive; received ${options.timeoutMs}`,
    );
  }
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const started = performance.now();
  const quoted = `'${configPath.replace(/'/g, `'\\''`)}'`;

  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', `${command} ${quoted}`], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let overflow = false;
    let timedOut = false;
    let settled = false;

    const killGroup = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone: nothing left to stop.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxBytes) {
        if (!overflow) killGroup();
        overflow = true;
        return;
      }
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errBytes += chunk.length;
      if (errBytes <= maxBytes) err.push(chunk);
    });

    const finish = (exitCode: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killGroup();
      const stderr = Buffer.concat(err).toString('utf8');
      const result: ImplementationResult = {
        stdout: Buffer.concat(out).toString('utf8'),
        stderr,
        exitCode,
        signal,
        timedOut,
        seconds: (performance.now() - started) / 1000,
      };
      const tail = lastLines(stderr);
      if (spawnError) result.failure = `could not start: ${spawnError.message}`;
      else if (timedOut) result.failure = `timed out after ${options.timeoutMs / 1000} s (killed)`;
      else if (overflow) result.failure = `printed more than ${maxBytes} bytes on stdout (killed)`;
      else if (signal !== null) result.failure = `killed by signal ${signal}${tail}`;
      else if (exitCode !== 0) result.failure = `exited with code ${exitCode}${tail}`;
      resolve(result);
    };
    child.on('error', (error) => finish(null, null, error));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

function lastLines(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines.length === 0 ? '' : `; stderr ends: ${lines.slice(-3).join(' | ').slice(0, 400)}`;
}
