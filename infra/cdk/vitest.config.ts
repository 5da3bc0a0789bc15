import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    // Every file synthesises with aws-cdk-lib, whose import costs seconds: load it once per worker.
    isolate: false,
  },
});
