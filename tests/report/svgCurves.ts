/**
 * Reads the curves back out of a figure's SVG, using only the SVG: the legend entries (label,
 * stroke colour, dash pattern), the line marks (their path points in page pixels), and the
 * two axes, whose tick marks and labels give the pixel → value maps. Positions are summed over the
 * translate() transforms of the ancestors (the only transform Vega puts on these elements).
 *
 * Pixel error of a recovered value, derived from how Vega writes the SVG: path coordinates
 * are printed to 1e-3 px (error ≤ 5e-4 px); tick marks sit at the scale position rounded to
 * a whole pixel (≤ 0.5 px) inside an axis group shifted by 0.5 px for crisp strokes, which
 * the mark groups are not (≤ 0.5 px more). A value is read by the straight line through the
 * two outermost ticks, so its error is at most TICK_ERROR·(|p − p₁| + |p − p₂|)/|p₂ − p₁|
 * + PATH_ERROR pixels (TICK_ERROR + PATH_ERROR between the ticks), times the axis' value per
 * pixel. Tick labels are not used for positions: Vega shifts them for the text baseline.
 */
import { allElements, textOf } from './parseXml.ts';
import type { XmlElement } from './parseXml.ts';

export const TICK_ERROR = 1;

export const PATH_ERROR = 5e-4;

export interface AxisMap {
  /** value = a + b·pixel. */
  a: number;
  b: number;
  /** Pixel positions of the two outermost ticks. */
  p1: number;
  p2: number;
}

/** The bound on the error of a value read at pixel p, in data units. */
export function valueError(axis: AxisMap, p: number): number {
  const pixels =
    (TICK_ERROR * (Math.abs(p - axis.p1) + Math.abs(p - axis.p2))) / Math.abs(axis.p2 - axis.p1) +
    PATH_ERROR;
  return pixels * Math.abs(axis.b);
}

export interface LegendEntry {
  label: string;
  stroke: string;
  dash: string;
}

export interface Line {
  stroke: string;
  dash: string;
  /** Page pixels. */
  points: { x: number; y: number }[];
}

export function classes(e: XmlElement): string[] {
  return (e.attrs.class ?? '').split(/\s+/);
}

function offset(e: XmlElement | null): { x: number; y: number } {
  let x = 0;
  let y = 0;
  for (let node = e; node; node = node.parent) {
    const t = node.attrs.transform;
    if (!t) continue;
    for (const m of t.matchAll(/translate\(\s*([-\d.e]+)[ ,]+([-\d.e]+)\s*\)/g)) {
      x += Number(m[1]);
      y += Number(m[2]);
    }
  }
  return { x, y };
}

/** The pixel → value map of the X or Y axis from its two outermost tick labels. */
export function axisMap(root: XmlElement, which: 'X' | 'Y'): AxisMap {
  const axis = allElements(root).find(
    (e) =>
      e.attrs['aria-roledescription'] === 'axis' &&
      (e.attrs['aria-label'] ?? '').startsWith(`${which}-axis`),
  );
  if (!axis) throw new Error(`no ${which}-axis in the SVG`);
  const inGroup = (role: string) => (e: XmlElement) =>
    e.parent !== null && classes(e.parent).includes(role);
  const ticks = allElements(axis)
    .filter((e) => e.name === 'line' && inGroup('role-axis-tick')(e))
    .map((e) => (which === 'X' ? offset(e).x : offset(e).y));
  const values = allElements(axis)
    .filter((e) => e.name === 'text' && inGroup('role-axis-label')(e))
    .map((e) => {
      const text = textOf(e).replace('−', '-').replace(/,/g, '').trim();
      if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`tick label "${text}" is not plain`);
      return Number(text);
    });
  if (ticks.length < 2 || ticks.length !== values.length) {
    throw new Error(`${which}-axis: ${ticks.length} ticks for ${values.length} labels`);
  }
  const last = ticks.length - 1;
  const b = (values[last] - values[0]) / (ticks[last] - ticks[0]);
  return { a: values[0] - b * ticks[0], b, p1: ticks[0], p2: ticks[last] };
}

export function legendEntries(root: XmlElement): LegendEntry[] {
  const legend = allElements(root).find((e) => classes(e).includes('role-legend'));
  if (!legend) throw new Error('no legend in the SVG');
  return allElements(legend)
    .filter((e) => classes(e).includes('role-legend-entry'))
    .flatMap((entry) => {
      const symbols = allElements(entry).filter(
        (e) => e.name === 'path' && e.parent && classes(e.parent).includes('role-legend-symbol'),
      );
      const labels = allElements(entry).filter(
        (e) => e.name === 'text' && e.parent && classes(e.parent).includes('role-legend-label'),
      );
      if (symbols.length !== labels.length) throw new Error('legend symbols ≠ legend labels');
      return symbols.map((s, i) => ({
        label: textOf(labels[i]),
        stroke: s.attrs.stroke,
        dash: s.attrs['stroke-dasharray'] ?? '',
      }));
    });
}

export function lines(root: XmlElement): Line[] {
  return allElements(root)
    .filter((e) => e.name === 'path' && e.parent && classes(e.parent).includes('mark-line'))
    .map((path) => {
      const at = offset(path);
      const d = path.attrs.d ?? '';
      if (!/^M[-\d.e,L]*$/.test(d)) throw new Error(`line path is not M/L only: ${d.slice(0, 40)}`);
      const points = [...d.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((m) => ({
        x: Number(m[1]) + at.x,
        y: Number(m[2]) + at.y,
      }));
      return { stroke: path.attrs.stroke, dash: path.attrs['stroke-dasharray'] ?? '', points };
    });
}
