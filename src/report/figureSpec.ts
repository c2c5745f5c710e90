/**
 * The Vega-Lite specification of one figure: a line per series (solid for finite runs and
 * the online ODE, dashed for the n, d → ∞ limits), a translucent band layer for series with
 * standard errors, linear axes titled with their units, and one legend below the plot that
 * names each curve's solver and parameters. The data are embedded in the spec (dataset
 * "curves", one row per series and time), so the SVG is a pure function of the figure.
 */
import type { TopLevelSpec } from 'vega-lite';
import { FONT_FAMILY } from './figureFont.ts';
import { DASHED, SOLID, figurePalette } from './figurePalette.ts';
import type { Figure } from './types.ts';

export const PLOT_WIDTH = 460;
export const PLOT_HEIGHT = 280;

export function figureSpec(figure: Figure): TopLevelSpec {
  const labels = figure.series.map((s) => s.label);
  if (new Set(labels).size !== labels.length) {
    throw new RangeError(`figure ${figure.id}: two series share a legend label`);
  }
  const rows = figure.series.flatMap((s) =>
    s.points.map((p) => ({
      series: s.label,
      t: p.t,
      value: p.value,
      ...(p.lower !== undefined ? { lower: p.lower, upper: p.upper } : {}),
    })),
  );
  const colours = figure.series.map((_, i) => figurePalette(i));
  const dashes = figure.series.map((s) => (s.limit ? DASHED : SOLID));
  const legendScale = { domain: labels, range: colours };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: `${figure.title}. ${figure.caption}`,
    title: { text: figure.title, anchor: 'start', fontSize: 14 },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    datasets: { curves: rows },
    data: { name: 'curves' },
    config: {
      font: FONT_FAMILY,
      axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
      legend: { labelFontSize: 11, labelLimit: 0, symbolStrokeWidth: 2.5 },
    },
    encoding: {
      x: { field: 't', type: 'quantitative', title: figure.xTitle },
      color: {
        field: 'series',
        type: 'nominal',
        scale: legendScale,
        legend: {
          title: null,
          orient: 'bottom',
          direction: 'vertical',
          symbolType: 'stroke',
          symbolOpacity: 1,
        },
      },
    },
    layer: [
      {
        transform: [{ filter: 'isValid(datum.lower)' }],
        mark: { type: 'area', opacity: 0.18 },
        encoding: {
          y: { field: 'lower', type: 'quantitative', title: figure.yTitle },
          y2: { field: 'upper' },
        },
      },
      {
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          strokeDash: {
            field: 'series',
            type: 'nominal',
            scale: { domain: labels, range: dashes },
          },
          y: {
            field: 'value',
            type: 'quantitative',
            title: figure.yTitle,
            scale: { zero: false },
          },
        },
      },
    ],
  };
}
