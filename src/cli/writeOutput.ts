/**
 * Writes a command's result to stdout or to `--out FILE`. The target is checked before any
 * work starts (checkOutput), so a long run is never lost to a refusal at the end: an existing
 * file is kept unless the user passed `--force`, an input of the same command (the config) is
 * never overwritten even with --force, and a folder or a missing directory is refused. Every
 * refusal is an input error (exit 2).
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../solvers/trajectory.ts';

export function checkOutput(out: string | undefined, force: boolean, inputs: string[] = []): void {
  if (out === undefined) return;
  const target = resolve(out);
  if (inputs.some((input) => resolve(input) === target)) {
    throw new InputError(`--out ${out} is this command's own input; choose another file`);
  }
  if (existsSync(target)) {
    if (statSync(target).isDirectory()) {
      throw new InputError(`--out ${out} is a directory; give a file path`);
    }
    if (!force) {
      throw new InputError(`--out ${out}: the file exists; pass --force to overwrite it`);
    }
  }
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new InputError(`--out ${out}: the directory ${folder} does not exist`);
  }
}

export function writeOutput(text: string, out: string | undefined, force: boolean): void {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  if (out === undefined) {
    process.stdout.write(body);
    return;
  }
  checkOutput(out, force);
  try {
    writeFileSync(out, body);
  } catch (error) {
    throw new InputError(`--out ${out}: cannot write: ${(error as Error).message}`);
  }
}
