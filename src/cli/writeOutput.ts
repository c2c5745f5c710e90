/**
 * Writes a command's result to stdout or to `--out FILE`. An existing file is never
 * overwritten unless the user passed `--force`: the refusal is an input error (exit 2).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { InputError } from '../solvers/trajectory.ts';

export function writeOutput(text: string, out: string | undefined, force: boolean): void {
  if (out === undefined) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  if (existsSync(out) && !force) {
    throw new InputError(`--out ${out}: the file exists; pass --force to overwrite it`);
  }
  writeFileSync(out, text.endsWith('\n') ? text : `${text}\n`);
}
