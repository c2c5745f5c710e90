/**
 * Collects the observables of an exact oracle time by time and assembles the Trajectory
 * (src/solvers/trajectory.ts). A divergence stops the record: the times after it are not
 * reported, and the status, time and cause are set.
 */
import type { Matrix, Trajectory } from '../trajectory.ts';

export class ExactRecorder {
  private readonly times: number[] = [];
  private readonly Q: Matrix[] = [];
  private readonly M: Matrix[] = [];
  private readonly trainRisk: number[] = [];
  private readonly testRisk: number[] = [];
  private divergence: { at: number; message: string } | null = null;

  /** Whether a divergence was recorded. */
  get diverged(): boolean {
    return this.divergence !== null;
  }

  /** Appends one time; trainRisk is null exactly for online solvers (no training set). */
  push(t: number, Q: Matrix, M: Matrix, trainRisk: number | null, testRisk: number): void {
    this.times.push(t);
    this.Q.push(Q);
    this.M.push(M);
    if (trainRisk !== null) this.trainRisk.push(trainRisk);
    this.testRisk.push(testRisk);
  }

  /** Records a divergence at time `at` with its cause. */
  diverge(at: number, message: string): void {
    this.divergence = { at, message };
  }

  /** The Trajectory; `online` solvers have no training set, so their trainRisk is null. */
  finish(
    solver: string,
    info: Record<string, number | string | boolean>,
    online = false,
  ): Trajectory {
    const trajectory: Trajectory = {
      solver,
      times: this.times,
      Q: this.Q,
      M: this.M,
      trainRisk: online ? null : this.trainRisk,
      testRisk: this.testRisk,
      status: this.divergence ? 'diverged' : 'ok',
      info,
    };
    if (this.divergence) {
      trajectory.divergedAt = this.divergence.at;
      trajectory.message = this.divergence.message;
    }
    return trajectory;
  }
}
