/**
 * How the report announces its long steps: the caller (the CLI) passes a StageRunner that
 * labels a unit of work and hands it a progress callback (fraction in [0, 1]); the report's
 * modules never write to the terminal themselves.
 */
export type StageRunner = <T>(label: string, work: (onProgress: (f: number) => void) => T) => T;

/** A runner that only runs the work: for tests and library callers. */
export const silentStages: StageRunner = (_label, work) => work(() => {});
