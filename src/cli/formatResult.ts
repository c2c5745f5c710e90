/**
 * Renders the trajectories of one `run` as a table (for people), JSON (one object, for
 * machines) or CSV (one row per solver and time).
 *
 * JSON layout (docs/cli.md): with one solver, the trajectory's fields at the top level —
 * solver, times, Q, M, trainRisk, testRisk, status, message?, stdErr?, info — plus seed and
 * the resolved config. With several solvers, { seed, config, runs: [trajectory, …] }.
 */
import type { Config } from '../model/types.ts';
import type { Matrix, Trajectory } from '../solvers/trajectory.ts';

export type Format = 'table' | 'json' | 'csv';

export function formatResult(runs: Trajectory[], config: Config, format: Format): string {
  if (format === 'json') return formatJson(runs, config);
  if (format === 'csv') return formatCsv(runs);
  return formatTable(runs, config);
}

function formatJson(runs: Trajectory[], resolved: Config): string {
  const seed = resolved.seed;
  const n = resolved.n;
  const config = rerunnable(resolved);
  if (runs.length === 1) return JSON.stringify({ ...runs[0], seed, n, config }, null, 2);
  return JSON.stringify({ seed, n, config, runs }, null, 2);
}

/**
 * The resolved config in a form `run` accepts again: defaults filled in, but without the
 * derived n and seed flag, and with the batch given once (α when the user gave α, else κ).
 */
export function rerunnable(config: Config): Record<string, unknown> {
  const { n: _n, seedDefaulted: _flag, ...rest } = config;
  const { alpha, kappa, ...algorithm } = config.algorithm;
  return {
    ...rest,
    algorithm: alpha === undefined ? { ...algorithm, kappa } : { ...algorithm, alpha },
  };
}

function formatCsv(runs: Trajectory[]): string {
  const k = runs[0].Q[0]?.length ?? 0;
  const kStar = runs[0].M?.[0]?.[0]?.length ?? 0;
  const header = ['solver', 'time', 'trainRisk', 'testRisk'];
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) header.push(`Q_${a}_${b}`);
  for (let a = 0; a < k; a++) for (let c = 0; c < kStar; c++) header.push(`M_${a}_${c}`);
  const withSe = runs.some((run) => run.stdErr);
  if (withSe) {
    header.push('trainRisk_se', 'testRisk_se');
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) header.push(`Q_${a}_${b}_se`);
    for (let a = 0; a < k; a++) for (let c = 0; c < kStar; c++) header.push(`M_${a}_${c}_se`);
  }
  const lines = [header.join(',')];
  for (const run of runs) {
    run.times.forEach((t, i) => {
      const row: (number | string)[] = [run.solver, t];
      row.push(run.trainRisk?.[i] ?? '', run.testRisk?.[i] ?? '');
      row.push(...flat(run.Q[i]), ...(run.M ? flat(run.M[i]) : []));
      if (withSe) {
        const se = run.stdErr;
        row.push(se?.trainRisk?.[i] ?? '', se?.testRisk?.[i] ?? '');
        row.push(...(se ? flat(se.Q[i]) : []), ...(se?.M ? flat(se.M[i]) : []));
      }
      lines.push(row.join(','));
    });
  }
  return lines.join('\n');
}

function flat(m: Matrix): number[] {
  return m.flat();
}

/**
 * A side-by-side table: one row per time, and for each solver its test risk, train risk, Q and
 * M (for k > 1: tr Q and the Frobenius norm of M). A ± column appears with replicates.
 */
function formatTable(runs: Trajectory[], config: Config): string {
  const k = config.student.k;
  const scalarNames = k === 1 ? ['test', 'train', 'Q', 'M'] : ['test', 'train', 'trQ', '|M|F'];
  // Online SGD and its ODE run on the online clock τ = samples / d (docs/conventions.md).
  const online = runs.every((run) => run.solver === 'online' || run.solver === 'online-ode');
  const header = [online ? 'τ' : 't'];
  for (const run of runs) for (const name of scalarNames) header.push(`${run.solver}:${name}`);
  const times = runs.reduce<number[]>((all, run) => union(all, run.times), []);
  const rows = times.map((t) => {
    const row = [fmt(t)];
    for (const run of runs) {
      const i = run.times.indexOf(t);
      if (i < 0) {
        row.push('—', '—', '—', '—');
        continue;
      }
      const se = run.stdErr;
      row.push(
        withError(run.testRisk?.[i], se?.testRisk?.[i]),
        withError(run.trainRisk?.[i], se?.trainRisk?.[i]),
        withError(summary(run.Q[i], 'trace'), se ? summary(se.Q[i], 'trace') : undefined),
        withError(
          run.M ? summary(run.M[i], 'norm') : undefined,
          se?.M ? summary(se.M[i], 'norm') : undefined,
        ),
      );
    }
    return row;
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c])).join('  ');
  const out = [line(header), ...rows.map(line)];
  for (const run of runs) {
    const facts = Object.entries(run.info)
      .map(([key, value]) => `${key}=${typeof value === 'number' ? fmt(value) : value}`)
      .join(' ');
    out.push(`${run.solver}: ${run.status}${run.message ? ` — ${run.message}` : ''} (${facts})`);
  }
  if (runs.some((run) => run.solver.startsWith('dmft-'))) {
    out.push(
      'dmft: ± is the Monte Carlo error only (±0 when the closure is deterministic); the ' +
        'O(dt) grid error is not in it: halve --dt to see its size (docs/accuracy.md)',
    );
  }
  if (online) out.push('τ: online time, samples seen / d (each sample used once)');
  out.push(`seed ${config.seed}; n = ${config.n}, d = ${config.d}, δ = ${config.delta}`);
  return out.join('\n');
}

function summary(m: Matrix, kind: 'trace' | 'norm'): number {
  if (m.length === 1 && m[0].length === 1) return m[0][0];
  if (kind === 'trace') return m.reduce((s, row, a) => s + row[a], 0);
  return Math.sqrt(m.flat().reduce((s, v) => s + v * v, 0));
}

function withError(value: number | undefined, se: number | undefined): string {
  if (value === undefined) return '—';
  return se === undefined ? fmt(value) : `${fmt(value)}±${fmt(se, 2)}`;
}

function fmt(v: number, digits = 5): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e5 || abs < 1e-4) return v.toExponential(digits - 1);
  return Number(v.toPrecision(digits)).toString();
}

function union(a: number[], b: number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}
