/**
 * The verdict of the gate on one fixture: every comparison with its parts, or the reason the
 * case failed without comparisons (a crash, a timeout, unusable output). Read by the table,
 * JSON and JUnit renderers (src/oracle/formatCheckReport.ts).
 */
import type { Allowed } from './allowedDeviation.ts';

export interface ComparisonRow extends Allowed {
  observable: string;
  time: number;
  measured: number;
  limit: number;
  distance: number;
  pass: boolean;
}

export interface CaseReport {
  id: string;
  version: number;
  solver: string;
  pass: boolean;
  /** Set when the case failed before any comparison could be made. */
  reason?: string;
  d?: number;
  replicates?: number;
  z?: number;
  rows: ComparisonRow[];
  seconds?: number;
}
