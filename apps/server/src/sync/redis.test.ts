// Two real server processes on different ports, one Postgres, one Redis: a y-websocket client
// on each; document edits and presence cross between them, and both instances persist.
import { docToBoard, nodesMap } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase } from '../db/database.ts';
import { prismaStore } from '../db/store.ts';
import {
  api,
  postgresBaseUrl,
  postgresSchema,
  quietLog,
  spawnServer,
  type TestClient,
  waitFor,
} from '../testing/helpers.ts';
import { addBareNode, boardWithTwoClients, cleanupsAfterAll } from '../testing/fixtures.ts';
import { testRedisUrl } from '../testing/faults.ts';

const pgBase = await postgresBaseUrl();
const redis = pgBase ? await testRedisUrl('the multi-instance test is') : undefined;
const cleanups = cleanupsAfterAll();

describe.runIf(pgBase && redis)('two instances through Redis', () => {
  it('converges edits and presence across instances and persists them', async () => {
    const s = await postgresSchema(pgBase!, 'redis');
    cleanups.push(() => s.drop());
    const env = { DATABASE_URL: s.url, REDIS_URL: redis };
    const one = await spawnServer(env);
    cleanups.push(() => one.kill('SIGKILL'));
    const two = await spawnServer(env);
    cleanups.push(() => two.kill('SIGKILL'));
    expect(one.port).not.toBe(two.port);

    const { boardId, a, b } = await boardWithTwoClients(one.url, two.url, 'multi', cleanups);

    const add = (c: TestClient, id: string) => addBareNode(c.doc, 'sns-topic', id);
    for (let i = 0; i < 20; i++) add(i % 2 ? a : b, `m${i}`);
    await waitFor(
      () =>
        [a, b].every((c) =>
          Array.from({ length: 20 }, (_, i) => `m${i}`).every((id) => nodesMap(c.doc).has(id)),
        ),
      'edits on both instances',
    );
    expect(Y.encodeStateAsUpdate(a.doc)).toEqual(Y.encodeStateAsUpdate(b.doc));

    a.provider.awareness.setLocalState({
      user: { name: 'Ann', color: '#0a0' },
      cursor: { x: 1, y: 2 },
      selection: [],
    });
    const seen = await waitFor(
      () =>
        b.provider.awareness.getStates().get(a.doc.clientID) as
          | { user: { name: string; id: string } }
          | undefined,
      'presence across instances',
    );
    expect(seen.user.name).toBe('Ann');
    expect(seen.user.id).toMatch(/^u_/);

    // Both instances wrote their own clients' edits; the database holds all of them.
    await waitFor(
      async () => (await api(one.url, '/health')).json.database.pendingUpdates === 0,
      'one drained',
    );
    await waitFor(
      async () => (await api(two.url, '/health')).json.database.pendingUpdates === 0,
      'two drained',
    );
    const db = await openDatabase({ databaseUrl: s.url, dataDir: '', log: quietLog });
    cleanups.push(() => db.close());
    const l = await prismaStore(db.prisma, db.ping).load(boardId);
    const d = new Y.Doc();
    for (const u of l!.updates) Y.applyUpdate(d, u);
    expect(docToBoard(d).nodes.length).toBe(20);
  }, 90_000);
});
