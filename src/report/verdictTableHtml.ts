/**
 * The verdict table as HTML: one row per statement with PASS/FAIL, its title, how many of its
 * assertions passed, the tightest margin (worstRatio: ≤ 1 passes), the wall time and the
 * command that reproduces it; skipped statements with their reasons; or, with --no-limits,
 * the reason there is no table.
 */
import { escapeHtml } from './escapeHtml.ts';
import type { VerdictTable } from './types.ts';
import { worstRatio } from './worstRatio.ts';

export function verdictTableHtml(table: VerdictTable): string {
  if (table.disabled !== undefined) {
    return `<p class="note">${escapeHtml(table.disabled)}</p>`;
  }
  const rows = table.verdicts.map((v) => {
    const assertions = [...v.comparisons, ...v.rates];
    const passed = assertions.filter((a) => a.pass).length;
    const ratio = worstRatio(v);
    return (
      `<tr class="${v.status}"><td>${v.statement}</td>` +
      `<td class="result">${v.status.toUpperCase()}</td><td>${escapeHtml(v.title)}` +
      v.inconclusive.map((r) => `<br><small>${escapeHtml(r)}</small>`).join('') +
      '</td>' +
      `<td class="num">${passed}/${assertions.length}</td>` +
      `<td class="num">${Number.isNaN(ratio) ? '–' : ratio.toFixed(2)}</td>` +
      `<td class="num">${v.seconds.toFixed(1)}</td>` +
      `<td><code>${escapeHtml(table.statementCommand?.(v.statement) ?? v.command)}</code></td></tr>`
    );
  });
  const skipped = table.skipped.map(
    (s) =>
      `<tr class="skipped"><td>${escapeHtml(s.statement)}</td><td class="result">SKIPPED</td>` +
      `<td colspan="5">${escapeHtml(s.reason)}</td></tr>`,
  );
  return [
    `<p class="note">The statements of docs/limits.md: ${escapeHtml(table.source)}; ` +
      `reproduce with <code>${escapeHtml(table.command)}</code> ` +
      `(${table.seconds.toFixed(1)} s in all). "worst" is the tightest ` +
      'distance/tolerance (or its inverse for a required gap, or rate error/tolerance): an ' +
      'assertion passes when it is ≤ 1.</p>',
    '<table class="verdicts"><thead><tr><th>#</th><th>verdict</th><th>statement</th>' +
      '<th>passed</th><th>worst</th><th>s</th><th>reproduce</th></tr></thead><tbody>',
    ...rows,
    ...skipped,
    '</tbody></table>',
  ].join('\n');
}
