/**
 * Rasterises a figure's SVG to PNG with resvg at `scale` times its size. Text uses DejaVu
 * Sans from the system (figureFont) so the PNG looks the same on every machine that has it;
 * without that file resvg falls back to the system's fonts, and `fontNote` says so.
 */
import { Resvg } from '@resvg/resvg-js';
import { figureFont } from './figureFont.ts';

export interface Png {
  png: Buffer;
  /** Set when the PNG was drawn with system fonts instead of DejaVu Sans. */
  fontNote?: string;
}

export function renderPng(svg: string, scale = 2): Png {
  const file = figureFont();
  const font = file
    ? { fontFiles: [file], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }
    : { loadSystemFonts: true };
  const resvg = new Resvg(svg, { font, fitTo: { mode: 'zoom', value: scale } });
  const png = resvg.render().asPng();
  return file
    ? { png }
    : { png, fontNote: 'DejaVu Sans not found: the PNGs use the system fonts resvg found' };
}
