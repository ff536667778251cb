// Database outage: Postgres is reached through the tests' fault proxy (testing/fault-proxy.ts).
// While the proxy refuses, connected clients keep working, /health says what is wrong, writes are retried with
// backoff; once it is back, nothing is lost.
import { docToBoard, nodesMap } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase } from './db/database.ts';
import { prismaStore } from './db/store.ts';
import { api, postgresBaseUrl, quietLog, type TestClient, waitFor } from './testing/helpers.ts';
import {
  addBareNode,
  boardWithTwoClients,
  cleanupsAfterAll,
  serverBehindFaultProxy,
} from './testing/fixtures.ts';

const pgBase = await postgresBaseUrl();
const cleanups = cleanupsAfterAll();

describe.runIf(pgBase)('database outage (real Postgres behind a proxy)', () => {
  it('keeps clients working, reports it on /health, retries, and loses nothing', async () => {
    const { proxy, schema: s, server } = await serverBehindFaultProxy(pgBase!, 'outage', cleanups);
    const { boardId, a, b } = await boardWithTwoClients(server.url, server.url, 'outage', cleanups);
    const add = (c: TestClient, id: string) => addBareNode(c.doc, 'sqs-queue', id);

    add(a, 'before');
    await waitFor(async () => (await api(server.url, '/health')).json.updatesStored >= 1, 'first write');

    await proxy.refuse();
    for (let i = 0; i < 50; i++) add(i % 2 ? a : b, `during_${i}`);
    // Clients keep working: edits still reach the other client.
    await waitFor(
      () => nodesMap(a.doc).has('during_48') && nodesMap(b.doc).has('during_49'),
      'fan-out during outage',
    );
    const down = await waitFor(async () => {
      const h = await api(server.url, '/health');
      return h.status === 503 ? h : undefined;
    }, '/health to report the outage');
    expect(down.json.status).toBe('degraded');
    expect(down.json.database.ok).toBe(false);
    expect(down.json.database.pendingUpdates).toBeGreaterThan(0);
    expect(down.json.database.message).toMatch(/unreachable|failing/);
    // Retried with backoff, visible in the logs as well.
    await new Promise((r) => setTimeout(r, 1500));
    expect(server.sync.health.failures).toBeGreaterThanOrEqual(2);
    add(a, 'late');

    await proxy.restore();
    await waitFor(
      async () => {
        const h = await api(server.url, '/health');
        return h.status === 200 && h.json.database.pendingUpdates === 0;
      },
      'recovery',
      30_000,
    );

    const direct = await openDatabase({ databaseUrl: s.url, dataDir: '', log: quietLog });
    cleanups.push(() => direct.close());
    const l = await prismaStore(direct.prisma, direct.ping).load(boardId);
    const d = new Y.Doc();
    for (const u of l!.updates) Y.applyUpdate(d, u);
    const ids = new Set(docToBoard(d).nodes.map((n) => n.id));
    const want = ['before', 'late', ...Array.from({ length: 50 }, (_, i) => `during_${i}`)];
    expect(want.filter((id) => !ids.has(id))).toEqual([]);
  }, 90_000);
});
