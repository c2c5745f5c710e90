/**
 * The self-contained report page: inline CSS, the figures' SVGs inline, no script and no
 * external reference of any kind (the only URLs in the file are the SVG and XLink namespace
 * names, which a browser never fetches). Layout: the trajectory figures with the verdict
 * table beside them, then the figures of the paper's claims, what was left out and why, and
 * how the report was made.
 */
import { escapeHtml } from './escapeHtml.ts';
import type { Figure, Omission, VerdictTable } from './types.ts';
import { verdictTableHtml } from './verdictTableHtml.ts';

export interface RenderedFigure {
  figure: Figure;
  svg: string;
}

export interface ReportPage {
  heading: string;
  /** The config as JSON that `run` accepts again. */
  configJson: string;
  command: string;
  trajectories: RenderedFigure[];
  claims: RenderedFigure[];
  verdicts: VerdictTable;
  omitted: Omission[];
  /** Lines under "How this report was made". */
  notes: string[];
}

const STYLE = `
body { font-family: "DejaVu Sans", Verdana, Arial, sans-serif; margin: 1.5rem; color: #222;
  max-width: 1500px; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.85rem; }
pre { background: #f6f6f6; padding: 0.6rem; overflow-x: auto; }
.layout { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.figures { display: flex; flex-wrap: wrap; gap: 1.5rem; flex: 3 1 640px; }
aside { flex: 2 1 420px; }
figure { margin: 0; flex: 0 1 600px; max-width: 100%; }
figure svg { width: 100%; height: auto; }
figcaption { font-size: 0.85rem; max-width: 36rem; color: #444; }
table.verdicts { border-collapse: collapse; font-size: 0.85rem; }
table.verdicts th, table.verdicts td { border: 1px solid #ccc; padding: 0.25rem 0.4rem;
  vertical-align: top; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.pass td.result { color: #006d2c; font-weight: bold; }
tr.fail td.result { color: #b30000; font-weight: bold; }
tr.inconclusive td.result { color: #8c6d00; font-weight: bold; }
tr.skipped td { color: #666; }
.note { font-size: 0.85rem; color: #444; }
`;

export function reportHtml(page: ReportPage): string {
  const figureHtml = ({ figure, svg }: RenderedFigure) =>
    `<figure id="${escapeHtml(figure.id)}">\n${svg}\n` +
    `<figcaption>${escapeHtml(figure.caption)} (<code>${escapeHtml(figure.id)}.svg</code>)` +
    '</figcaption></figure>';
  const omitted =
    page.omitted.length === 0
      ? '<p class="note">Nothing: every solver and figure ran.</p>'
      : `<ul>${page.omitted
          .map((o) => `<li><b>${escapeHtml(o.what)}</b>: ${escapeHtml(o.reason)}</li>`)
          .join('\n')}</ul>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.heading)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(page.heading)}</h1>`,
    `<p class="note">Made by <code>${escapeHtml(page.command)}</code>. Solvers and limit ` +
      'statements of arXiv 2601.21093 as implemented by sgd-oracle (docs/limits.md, ' +
      'docs/conventions.md).</p>',
    '<h2>Trajectories and limit verdicts</h2>',
    '<div class="layout"><div class="figures">',
    ...page.trajectories.map(figureHtml),
    '</div><aside><h3>Limit verdicts</h3>',
    verdictTableHtml(page.verdicts),
    '</aside></div>',
    "<h2>The paper's claims</h2>",
    '<div class="figures">',
    ...page.claims.map(figureHtml),
    '</div>',
    '<h2>Left out</h2>',
    omitted,
    '<h2>How this report was made</h2>',
    `<ul>${page.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n')}</ul>`,
    '<p class="note">The config (it runs again with <code>sgd-oracle run</code>):</p>',
    `<pre>${escapeHtml(page.configJson)}</pre>`,
    '</body></html>',
    '',
  ].join('\n');
}
