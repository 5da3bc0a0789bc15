import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/check-observed-statuses.ts'],
    testTimeout: 60_000,
  },
});
