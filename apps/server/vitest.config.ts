import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./src/testing/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // Server processes and PGlite instances are heavy on 2 cores.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
