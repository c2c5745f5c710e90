/**
 * Renders a Vega-Lite spec to an SVG string headless in Node: vega-lite compiles it to a Vega
 * spec, a Vega View with the 'none' renderer runs the dataflow, and View.toSVG() serialises
 * the scenegraph. Text widths are estimated (no canvas in Node), which only affects layout.
 */
import { View, parse } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
