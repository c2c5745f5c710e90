/**
 * withReproduce: runs the body of a cross-validation test so that an error thrown before the
 * assertion (a diverged replicate, a DMFT that did not finish, a bad size) still names the
 * seed, the config and the command that replays the test, as a failed assertion does.
 */
import { reproduce } from '../../helpers/configs.ts';

export interface ReproduceContext {
  seed: number;
  config: unknown;
  file: string;
  test: string;
  vitestConfig?: string;
}

export function withReproduce<T>(context: ReproduceContext, body: () => T): T {
  try {
    return body();
  } catch (error) {
    // A failed assertion already carries the replay line (assertRows); add it to the rest.
    if (error instanceof Error && !error.message.includes('reproduce: ')) {
      error.message += reproduce(
        context.seed,
        context.config,
        context.file,
        context.test,
        context.vitestConfig,
      );
    }
    throw error;
  }
}
