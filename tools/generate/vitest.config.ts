import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The end-to-end test builds, lints and tests a generated context in a copy of the repository.
    testTimeout: 900_000,
    hookTimeout: 900_000,
  },
});
