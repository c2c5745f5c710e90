/**
 * verdictFailures: the failing comparisons and rate fits of a limit verdict (src/limits), one
 * per line, for the message of a test that expects the verdict to pass.
 */
import type { Verdict } from '../../src/limits/verdict.ts';

export function verdictFailures(v: Verdict): string {
  const bad = [
    ...v.comparisons
      .filter((c) => !c.pass)
      .map((c) => `${c.label} ${c.observable} t=${c.time}: ${c.distance} vs ${c.tolerance}`),
    ...v.rates
      .filter((r) => !r.pass)
      .map((r) => `${r.label}: ${r.fitted} ± ${r.se}, tolerance ${r.tolerance}`),
  ];
  return bad.join('\n  ');
}
