/**
 * A progress bar on stderr for runs that last more than a couple of seconds. It appears only
 * when stderr is a TTY and the CI environment variable is unset, and only after the run has
 * taken 2 s, so quick runs print nothing.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  update(fraction: number): void;
  stop(): void;
}

const SHOW_AFTER_MS = 2000;

export function createProgress(label: string): Progress {
  const enabled = Boolean(process.stderr.isTTY) && !process.env.CI;
  const start = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(fraction: number) {
      if (!enabled) return;
      if (!bar && Date.now() - start < SHOW_AFTER_MS) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: `${label} [{bar}] {percentage}% | {duration}s` },
          cliProgress.Presets.shades_classic,
        );
        bar.start(1000, 0);
      }
      bar.update(Math.round(Math.min(1, Math.max(0, fraction)) * 1000));
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
