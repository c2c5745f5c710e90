/**
 * The font of every figure: DejaVu Sans (Bitstream Vera licence with DejaVu's public-domain
 * changes; free to use and redistribute), read from the system's Debian location for the
 * PNGs, named first in the SVGs with generic fall-backs for viewers that lack it.
 */
import { existsSync } from 'node:fs';

export const FONT_FAMILY = 'DejaVu Sans, Verdana, Arial, sans-serif';

export const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/** The font file for resvg, or null when the system does not have it. */
export function figureFont(): string | null {
  return existsSync(FONT_FILE) ? FONT_FILE : null;
}
