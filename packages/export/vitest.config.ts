import { defineConfig } from 'vitest/config';

// The CDK tests type-check generated apps with tsc and synthesize them with the CloudFormation
// checker (≈2 s to start): generous timeouts so a loaded 2-core machine does not fail them.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
