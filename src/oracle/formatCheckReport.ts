/**
 * Renders the gate's verdicts: a table for people (per case, one line per observable and
 * time: measured, limit, allowed, verdict), one JSON object for machines, and JUnit XML for
 * CI dashboards (one testsuite per fixture, one testcase per comparison, or a single testcase
 * carrying the failure reason when the case produced no comparisons).
 */
import type { CaseReport } from './checkReport.ts';

export function formatTable(reports: CaseReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    const size = r.d !== undefined ? ` d=${r.d} R=${r.replicates}` : '';
    out.push(
      `${r.pass ? 'PASS' : 'FAIL'} ${r.id}@${r.version} (${r.solver}${size})` +
        (r.reason ? `: ${r.reason}` : ''),
    );
    if (r.rows.length === 0) continue;
    const header = ['observable', 't', 'measured', 'limit', 'allowed', '|diff|/allowed', 'verdict'];
    const cells = r.rows.map((row) => [
      row.observable,
      fmt(row.time),
      fmt(row.measured),
      fmt(row.limit),
      fmt(row.allowed),
      row.allowed > 0 ? (row.distance / row.allowed).toFixed(2) : row.distance === 0 ? '0' : 'inf',
      row.pass ? 'ok' : 'FAIL',
    ]);
    const widths = header.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
    const line = (row: string[]) => `  ${row.map((v, c) => v.padStart(widths[c])).join('  ')}`;
    out.push(line(header), ...cells.map(line));
  }
  const failed = reports.filter((r) => !r.pass).length;
  out.push(`${reports.length - failed} of ${reports.length} fixture(s) passed`);
  return out.join('\n');
}

export function formatJson(reports: CaseReport[]): string {
  return JSON.stringify({ pass: reports.every((r) => r.pass), cases: reports }, null, 2);
}

export function formatJunit(reports: CaseReport[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failures = reports.filter((r) => !r.pass).length;
  lines.push(
    `<testsuites name="sgd-oracle check" tests="${reports.length}" ` + `failures="${failures}">`,
  );
  for (const r of reports) {
    const cases = r.rows.length === 0 ? 1 : r.rows.length;
    const failed = r.rows.length === 0 ? (r.pass ? 0 : 1) : r.rows.filter((x) => !x.pass).length;
    lines.push(
      `  <testsuite name="${xml(`${r.id}@${r.version}`)}" tests="${cases}" ` +
        `failures="${failed}" time="${(r.seconds ?? 0).toFixed(3)}">`,
    );
    if (r.rows.length === 0) {
      lines.push(
        `    <testcase classname="${xml(r.id)}" name="run">` +
          (r.pass ? '' : `<failure message="${xml(r.reason ?? 'failed')}"/>`) +
          '</testcase>',
      );
    }
    for (const row of r.rows) {
      const name = `${row.observable} t=${row.time}`;
      const detail =
        `measured ${row.measured}, limit ${row.limit}, |diff| ${row.distance} ` +
        `> allowed ${row.allowed} (d=${r.d}, R=${r.replicates})`;
      lines.push(
        `    <testcase classname="${xml(r.id)}" name="${xml(name)}">` +
          (row.pass ? '' : `<failure message="${xml(detail)}"/>`) +
          '</testcase>',
      );
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n');
}

function fmt(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e5 || abs < 1e-3) return v.toExponential(3);
  return Number(v.toPrecision(5)).toString();
}

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
