import { defineConfig } from 'vitest/config';

// The deep tests (deep/**, `npm run test:deep`; docs/tests.md, "Deep tests and sharding"):
// d ≥ 2000 and several seeds, minutes per file. One file per comparison case, so that
// `--shard=i/N` (which splits by file) spreads them over CI machines.
export default defineConfig({
  test: {
    include: ['deep/**/*.test.ts'],
    setupFiles: ['properties/setup.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 1_800_000,
    pool: 'forks',
  },
});
