/**
 * The one divergence rule (src/solvers/sanitize.ts): outputs whose tr Q has left the bound are
 * cut, and when a solver stopped by its own criterion later than that, the message says that
 * the earlier outputs were cut too, so the message matches the times that remain.
 */
import { describe, expect, it } from 'vitest';
import { sanitize } from '../../src/solvers/sanitize.ts';
import type { Trajectory } from '../../src/solvers/trajectory.ts';

function run(q: number[], extra: Partial<Trajectory> = {}): Trajectory {
  return {
    solver: 'dmft-sgd',
    times: q.map((_, i) => i * 2),
    Q: q.map((v) => [[v]]),
    M: q.map(() => [[0.5]]),
    trainRisk: q.map(() => 1),
    testRisk: q.map(() => 1),
    status: 'ok',
    info: {},
    ...extra,
  };
}

describe('sanitize', () => {
  it('keeps a bounded run unchanged', () => {
    const ok = run([0, 1, 2]);
    expect(sanitize(ok)).toBe(ok);
  });

  it('cuts from the first output beyond the bound and names its time', () => {
    const out = sanitize(run([0, 1, 2e8, 3]));
    expect(out.times).toEqual([0, 2]);
    expect(out.status).toBe('diverged');
    expect(out.divergedAt).toBe(4);
    expect(out.message).toMatch(/^diverged at t = 4: .*left the bound 1e\+8/);
  });

  it("adds to a solver's own later stop that earlier outputs were cut as well", () => {
    const own = 'DMFT (sgd) diverged at t = 8.6: C_theta diagonal exceeded 1e10';
    const out = sanitize(
      run([0, 1, 2, 3, 5e8], { status: 'diverged', divergedAt: 8.6, message: own }),
    );
    expect(out.times).toEqual([0, 2, 4, 6]);
    expect(out.divergedAt).toBe(8);
    expect(out.message).toContain(own);
    expect(out.message).toMatch(/the outputs from t = 8 on are cut as well/);
  });

  it("keeps a solver's own message when nothing before its stop is cut", () => {
    const own = 'stopped at t = 3';
    const out = sanitize(
      run([0, 1, Number.NaN], { status: 'diverged', divergedAt: 3, message: own }),
    );
    expect(out.times).toEqual([0, 2]);
    expect(out.message).toBe(own);
  });
});
