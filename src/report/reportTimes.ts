/**
 * The output times of the report's runs: the config's own times plus an even grid of
 * GRID_INTERVALS steps on [0, t_max], so that the curves are drawn through enough points.
 * Every solver observes an output time at the nearest point of its own grid (η for SGD, h for
 * SME, dt for the DMFT) and refuses two outputs on one point, so a grid point is kept only
 * when it lies at least 2·step from every config time, and the grid is used only when its
 * spacing is at least 2·step, where `step` is the coarsest solver grid of the report.
 */
export const GRID_INTERVALS = 20;

export function reportTimes(times: number[], step: number): number[] {
  const tMax = times[times.length - 1];
  if (!(tMax > 0) || tMax / GRID_INTERVALS < 2 * step) return [...times];
  const grid: number[] = [];
  for (let i = 0; i <= GRID_INTERVALS; i++) {
    const t = Number(((tMax * i) / GRID_INTERVALS).toPrecision(12));
    if (times.every((s) => Math.abs(s - t) >= 2 * step)) grid.push(t);
  }
  return [...times, ...grid].sort((a, b) => a - b);
}
