// Background compaction on a live server: the log is folded into the snapshot while clients
// edit, and a board unloaded and loaded again (snapshot + tail) is identical.
import { addNode, docToBoard, nodesMap } from '@stratus/model';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Database } from '../db/database.ts';
import { type StratusServer, startServer } from '../server.ts';
import {
  api,
  connectClient,
  pgliteDatabase,
  quietLog,
  type TestClient,
  testConfig,
  waitFor,
} from '../testing/helpers.ts';

let db: Database;
let server: StratusServer;
const clients: TestClient[] = [];
beforeAll(async () => {
  db = await pgliteDatabase();
  server = await startServer(testConfig({ compactEvery: 5, roomIdleMs: 100, commitLingerMs: 0 }), {
    db,
    log: quietLog,
    access: () => ({ ok: true, role: 'edit' }),
  });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
  await db?.close();
});

it('compacts the update log in the background and reloads snapshot + tail identically', async () => {
  const { json } = await api(server.url, '/api/boards', { method: 'POST', body: { name: 'compact' } });
  const a = connectClient(server.url, json.id);
  clients.push(a);
  await a.synced();
  for (let i = 0; i < 40; i++) {
    addNode(a.doc, {
      id: `n${i}`,
      kind: 'ec2-instance',
      label: `i${i}`,
      parentId: null,
      position: { x: i, y: 0 },
      props: {},
    });
    if (i % 3 === 0) nodesMap(a.doc).delete(`n${i - 1}`);
    await new Promise((r) => setTimeout(r, 15)); // separate commits
  }
  await waitFor(async () => (await api(server.url, '/health')).json.database.pendingUpdates === 0, 'drained');
  const rows = await db.prisma.boardUpdate.count({ where: { boardId: json.id } });
  const row = await db.prisma.board.findUnique({ where: { id: json.id } });
  expect(row!.snapshotSeq).toBeGreaterThan(0n); // compaction ran
  expect(rows).toBeLessThan(40);

  a.provider.disconnect();
  await waitFor(() => !server.sync.rooms.has(json.id), 'board unloaded', 10_000);
  const loaded = await server.store.load(json.id);
  const d = new Y.Doc();
  for (const u of loaded!.updates) Y.applyUpdate(d, u);
  expect(docToBoard(d)).toEqual(docToBoard(a.doc));
  const b = connectClient(server.url, json.id);
  clients.push(b);
  await b.synced();
  expect(docToBoard(b.doc)).toEqual(docToBoard(a.doc));
});
