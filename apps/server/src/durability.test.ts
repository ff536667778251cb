// Crash and restart: the real server process is SIGKILLed while real y-websocket clients edit;
// after a restart on the same port the clients reconnect, and every edit ends up on every
// client and in the database. Runs on PGlite (data dir) and on a real Postgres.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addNode, docToBoard, nodesMap } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase } from './db/database.ts';
import { prismaStore } from './db/store.ts';
import {
  api,
  connectClient,
  postgresBaseUrl,
  postgresSchema,
  quietLog,
  type ServerProcess,
  spawnServer,
  type TestClient,
  waitFor,
} from './testing/helpers.ts';
import { cleanupsAfterAll } from './testing/fixtures.ts';

const pgBase = await postgresBaseUrl();
const cleanups = cleanupsAfterAll();

async function storedNodeIds(env: { DATABASE_URL?: string; STRATUS_DATA_DIR?: string }) {
  const db = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.STRATUS_DATA_DIR ?? '',
    log: quietLog,
  });
  try {
    const store = prismaStore(db.prisma, db.ping);
    const boards = await store.list();
    const out = new Map<string, Set<string>>();
    for (const b of boards) {
      const l = await store.load(b.id);
      const d = new Y.Doc();
      for (const u of l!.updates) Y.applyUpdate(d, u);
      out.set(b.id, new Set(docToBoard(d).nodes.map((n) => n.id)));
    }
    return out;
  } finally {
    await db.close();
  }
}

async function crashScenario(env: { DATABASE_URL?: string; STRATUS_DATA_DIR?: string }) {
  let server: ServerProcess = await spawnServer(env);
  cleanups.push(() => void server.kill('SIGKILL'));
  const port = String(server.port);
  const { json } = await api(server.url, '/api/boards', { method: 'POST', body: { name: 'crash' } });
  const boardId = json.id as string;
  const clients: TestClient[] = [0, 1, 2].map(() => connectClient(server.url, boardId));
  cleanups.push(() => clients.forEach((c) => c.destroy()));
  await Promise.all(clients.map((c) => c.synced()));

  const made: string[] = [];
  let editing = true;
  const editors = clients.map(async (c, i) => {
    for (let k = 0; editing; k++) {
      const id = `c${i}_${k}`;
      addNode(c.doc, {
        id,
        kind: 'ec2-instance',
        label: id,
        parentId: null,
        position: { x: k, y: i },
        props: {},
      });
      made.push(id);
      await new Promise((r) => setTimeout(r, 4 + i));
    }
  });
  await new Promise((r) => setTimeout(r, 700));
  const code = await server.kill('SIGKILL'); // mid-editing
  expect(code).toBe(-1);
  await new Promise((r) => setTimeout(r, 400)); // clients keep editing offline
  server = await spawnServer({ ...env, PORT: port });
  await new Promise((r) => setTimeout(r, 500));
  editing = false;
  await Promise.all(editors);
  expect(made.length).toBeGreaterThan(100);

  // Every edit on every client.
  await waitFor(
    () => clients.every((c) => made.every((id) => nodesMap(c.doc).has(id))),
    'all edits on all clients',
    30_000,
  );
  // ... and durable: wait for the write queue to drain, then kill without a chance to flush.
  await waitFor(
    async () => (await api(server.url, '/health')).json?.database?.pendingUpdates === 0,
    'queue drained',
  );
  await new Promise((r) => setTimeout(r, 200));
  await server.kill('SIGKILL');
  const stored = await storedNodeIds(env);
  const ids = stored.get(boardId)!;
  const missing = made.filter((id) => !ids.has(id));
  expect(missing).toEqual([]);
  return made.length;
}

describe('crash and restart', () => {
  it('loses no edit on PGlite after SIGKILL mid-editing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-crash-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const n = await crashScenario({ STRATUS_DATA_DIR: join(dir, 'data') });
    console.log(`PGlite crash test: ${n} edits, all on every client and stored`);
  }, 120_000);

  it.runIf(pgBase)(
    'loses no edit on Postgres after SIGKILL mid-editing',
    async () => {
      const s = await postgresSchema(pgBase!, 'crash');
      cleanups.push(() => s.drop());
      const n = await crashScenario({ DATABASE_URL: s.url });
      console.log(`Postgres crash test: ${n} edits, all on every client and stored`);
    },
    120_000,
  );

  it('flushes every edit on SIGTERM and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-term-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const env = { STRATUS_DATA_DIR: join(dir, 'data') };
    const server = await spawnServer(env);
    cleanups.push(() => void server.kill('SIGKILL'));
    const { json } = await api(server.url, '/api/boards', { method: 'POST', body: { name: 'term' } });
    const c = connectClient(server.url, json.id);
    cleanups.push(() => c.destroy());
    await c.synced();
    for (let k = 0; k < 200; k++) {
      addNode(c.doc, {
        id: `t${k}`,
        kind: 's3-bucket',
        label: `b${k}`,
        parentId: null,
        position: { x: k, y: 0 },
        props: {},
      });
    }
    // Give the frames time to reach the server, then stop it at once.
    await waitFor(() => server.logs.length > 0, 'logs');
    await new Promise((r) => setTimeout(r, 300));
    expect(await server.kill('SIGTERM')).toBe(0);
    expect(server.logs.some((l) => l.includes('"server.closed"'))).toBe(true);
    c.provider.disconnect();
    const ids = (await storedNodeIds(env)).get(json.id)!;
    expect(ids.size).toBe(200);
  }, 60_000);
});
