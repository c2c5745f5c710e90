/**
 * expectReportedDivergence: an unstable run must end the way docs/cli.md promises — status
 * 'diverged', a positive time, a message that says "diverged at t = …", fewer output times
 * than were requested, and no NaN or ±∞ in anything it returns.
 */
import { expect } from 'vitest';
import type { Trajectory } from '../../src/solvers/trajectory.ts';

export function expectReportedDivergence(run: Trajectory, requestedTimes: number): void {
  expect(run.status).toBe('diverged');
  expect(run.divergedAt).toBeGreaterThan(0);
  expect(run.message).toMatch(/diverged at t = /);
  const numbers = [
    ...run.Q.flat(2),
    ...(run.M ?? []).flat(2),
    ...(run.trainRisk ?? []),
    ...(run.testRisk ?? []),
  ];
  expect(numbers.every(Number.isFinite)).toBe(true);
  expect(run.times.length).toBeLessThan(requestedTimes);
}
