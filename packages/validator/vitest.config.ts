import { defineConfig } from 'vitest/config';

// Property tests run hundreds of random boards; give them room on a busy 2-core machine.
export default defineConfig({ test: { testTimeout: 60_000 } });
