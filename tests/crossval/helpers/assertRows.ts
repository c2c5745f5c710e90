/**
 * assertRows: the one assertion of a cross-validation test. Every row must pass; a failure
 * prints the whole comparison table (measured difference, tolerance and its parts), the seed,
 * the config and the command that replays the test (tests/helpers/configs.ts `reproduce`).
 * A one-line summary (largest |z|, rows) goes to stderr either way, for the record, and with
 * `table` the whole table too (the deep tests keep their agreement tables in the log).
 */
import { expect } from 'vitest';
import { reproduce } from '../../helpers/configs.ts';
import type { ComparisonRow } from './compareTrajectories.ts';
import { formatRows } from './compareTrajectories.ts';

export interface RowsContext {
  label: string;
  seed: number;
  config: unknown;
  file: string;
  test: string;
  /** Vitest config of the replay command, when not the default (deep/: vitest.deep.config.ts). */
  vitestConfig?: string;
  /** Print every row to stderr, not only the summary line. */
  table?: boolean;
}

export function assertRows(rows: ComparisonRow[], context: RowsContext): void {
  const worst = rows.reduce((m, r) => Math.max(m, Math.abs(r.z)), 0);
  const failing = rows.filter((r) => !r.pass);
  process.stderr.write(
    `${context.label}: ${rows.length} comparisons, max |z| ` +
      `${worst.toFixed(2)}, ${failing.length} outside tolerance\n`,
  );
  if (context.table) process.stderr.write(`${formatRows(rows)}\n`);
  expect(rows.length, 'no comparison was made').toBeGreaterThan(0);
  expect(
    failing.length,
    `${context.label}: ${failing.length} of ${rows.length} comparisons ` +
      `outside tolerance\n${formatRows(rows)}` +
      reproduce(context.seed, context.config, context.file, context.test, context.vitestConfig),
  ).toBe(0);
}
