import { defineConfig } from 'vitest/config';

// The CLI tests spawn real processes (tsx start-up is ~0.5-1 s each on a busy 2-core machine).
export default defineConfig({ test: { testTimeout: 60_000 } });
