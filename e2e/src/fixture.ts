/**
 * The setup every end-to-end file shares: one real server (fresh PGlite data directory) and one
 * headless Chromium for the whole `describe` block, torn down after it (browser first).
 * Call it inside the `describe` callback; read `server` and `browser` inside the tests.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { freePort, launch, StratusServer } from './harness.ts';

export interface StratusFixture {
  /** The running server; throws if read before `beforeAll` has started it. */
  readonly server: StratusServer;
  /** The launched browser; throws if read before `beforeAll` has launched it. */
  readonly browser: Browser;
}

export function useServerAndBrowser(): StratusFixture {
  let server: StratusServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await new StratusServer(await freePort()).start();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });
  return {
    get server() {
      if (!server) throw new Error('The e2e server is not started: read it inside a test.');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('The e2e browser is not launched: read it inside a test.');
      return browser;
    },
  };
}
