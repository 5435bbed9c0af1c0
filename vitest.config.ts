import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start real git repos and a real moto server: generous hang guards, not speed limits.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    setupFiles: ['test/setup/yield-between-tests.ts'],
    // The default report, then the ten slowest tests and files (test/setup/slowest-reporter.ts).
    reporters: ['default', './test/setup/slowest-reporter.ts'],
  },
});
