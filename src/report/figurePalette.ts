/**
 * Colours and dash patterns of the curves, in legend order: a colour-blind-safe categorical
 * palette (Okabe–Ito, its yellow darkened to read on white; black for the eighth and later
 * curves), solid strokes for finite (n, d) runs and the online ODE reference, dashes for the
 * n, d → ∞ limits.
 */
const COLOURS = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#7a6a00',
  '#000000',
];

export const SOLID: [number, number] = [1, 0];

export const DASHED: [number, number] = [6, 3];

export function figurePalette(index: number): string {
  return COLOURS[Math.min(index, COLOURS.length - 1)];
}
