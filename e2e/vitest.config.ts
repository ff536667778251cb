import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['src/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 240_000,
    // Each file starts its own server and browser; two cores do not run many at once well.
    fileParallelism: false,
    // expect.poll waits for a condition; on a busy machine (STRATUS_E2E_BUSY) that can take seconds.
    expect: { poll: { timeout: 20_000, interval: 50 } },
  },
});
