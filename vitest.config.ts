import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/redis-global-setup.ts'],
    // Hang guards, not speed checks (benchmarks measure speed): generous, so a busy machine never fails a correct test.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
