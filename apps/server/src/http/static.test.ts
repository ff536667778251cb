// The built web app is served from STRATUS_WEB_DIST with SPA fallback for / and /b/:boardId.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { type StratusServer, startServer } from '../server.ts';
import { api, pgliteDatabase, quietLog, testConfig } from '../testing/helpers.ts';

let db: Database;
let server: StratusServer;
const dist = mkdtempSync(join(tmpdir(), 'stratus-dist-'));
beforeAll(async () => {
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Stratus</title><div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'console.log("app")');
  db = await pgliteDatabase();
  server = await startServer(testConfig({ webDist: dist }), { db, log: quietLog });
});
afterAll(async () => {
  await server?.close();
  await db?.close();
  rmSync(dist, { recursive: true, force: true });
});

it('serves index.html for / and /b/:boardId, assets as files, and keeps /api and /health', async () => {
  for (const path of ['/', '/b/abc123']) {
    const r = await api(server.url, path);
    expect(r.status).toBe(200);
    expect(r.text).toContain('<div id="root">');
  }
  const js = await api(server.url, '/assets/app.js');
  expect(js.status).toBe(200);
  expect(js.headers.get('content-type')).toMatch(/javascript/);
  expect((await api(server.url, '/assets/missing.js')).status).toBe(404);
  expect((await api(server.url, '/health')).json.status).toBe('ok');
  expect((await api(server.url, '/api/boards')).status).toBe(200);
});
