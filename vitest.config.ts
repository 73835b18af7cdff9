import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Integration tests start real daemons; two cores run them comfortably two at a time.
    maxWorkers: 2,
    // Tests must never write into the developer's real OS keychain.
    env: { COWORK_NO_KEYCHAIN: '1' },
    // Temp folders, daemons and servers the tests make are removed when their test or file ends.
    setupFiles: ['test/helpers/vitest-cleanup.ts'],
  },
});
