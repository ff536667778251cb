// Database faults on the real server process: Postgres is reached through a fault-injection
// proxy (testing/fault-proxy.ts) that resets, pauses or black-holes the path (stops answering
// without closing anything) while stock y-websocket clients keep editing. /health must say so
// while writes are stuck; once the path answers again every edit drains within seconds and is in
// the database and on every client; SIGTERM then exits cleanly.
import { describe, expect, it } from 'vitest';
import { FaultProxy } from './testing/fault-proxy.ts';
import { keepEditing, storedIds, waitConverged } from './testing/faults.ts';
import { cleanupsAfterAll } from './testing/fixtures.ts';
import { api, postgresBaseUrl, postgresSchema, spawnServer, waitFor } from './testing/helpers.ts';
import { connectClient } from './testing/helpers.ts';

const pgBase = await postgresBaseUrl();
const cleanups = cleanupsAfterAll();

type Fault = 'reset' | 'pause' | 'blackhole';
const FAULT_MS: Record<Fault, number> = { reset: 5000, pause: 5000, blackhole: 10_000 };

async function faultScenario(fault: Fault, opts: { sigtermAtRestore?: boolean } = {}) {
  const target = new URL(pgBase!);
  const proxy = await new FaultProxy(target.hostname, Number(target.port || 5432)).start();
  cleanups.push(() => proxy.close());
  const s = await postgresSchema(pgBase!, `db_${fault}`);
  cleanups.push(() => s.drop());
  const viaProxy = new URL(s.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  const server = await spawnServer({
    DATABASE_URL: viaProxy.toString(),
    STRATUS_DB_QUERY_TIMEOUT_MS: '2000',
    STRATUS_DB_CONNECT_TIMEOUT_MS: '1500',
    STRATUS_PENDING_DEGRADED_MS: '3000',
  });
  cleanups.push(() => server.kill('SIGKILL'));
  const health = () => api(server.url, '/health');

  const { json } = await api(server.url, '/api/boards', { method: 'POST', body: { name: fault } });
  const boardId = json.id as string;
  const clients = [connectClient(server.url, boardId), connectClient(server.url, boardId)];
  cleanups.push(() => clients.forEach((c) => c.destroy()));
  await Promise.all(clients.map((c) => c.synced()));

  const edits = keepEditing(clients, `${fault}_`);
  await waitFor(async () => (await health()).json.updatesStored >= 20, 'writes before the fault');

  if (fault === 'reset') await proxy.refuse();
  else if (fault === 'pause') proxy.pause();
  else proxy.blackhole();
  const faultAt = performance.now();
  const duringFault = edits.made.length;
  const degraded = await waitFor(
    async () => {
      const h = await health();
      return h.status === 503 ? h.json : undefined;
    },
    '/health to report the fault',
    FAULT_MS[fault],
  );
  expect(degraded.status).toBe('degraded');
  expect(degraded.database.ok).toBe(false);
  expect(degraded.database.pendingUpdates).toBeGreaterThan(0);
  // The fault lasts its full length (the scenario, not a wait for a condition).
  await new Promise((r) => setTimeout(r, Math.max(0, FAULT_MS[fault] - (performance.now() - faultAt))));
  const madeInFault = edits.made.length - duringFault;

  if (fault === 'pause') proxy.resume();
  else await proxy.restore();
  const restoredAt = performance.now();
  await edits.stop();
  if (opts.sigtermAtRestore) {
    // Stopped as soon as the path is back: shutdown itself must get every edit written.
    await waitConverged(clients, edits.made, 'every edit on the server before it is stopped');
    expect(await server.kill('SIGTERM')).toBe(0);
    const stored = await storedIds(s.url, boardId);
    const missing = edits.made.filter((id) => !stored.has(id));
    console.log(
      `db ${fault} then SIGTERM as the path returned: ${edits.made.length} edits (${madeInFault} during the fault); ` +
        `in the database after exit: ${edits.made.length - missing.length}; stopped in ` +
        `${((performance.now() - restoredAt) / 1000).toFixed(1)} s`,
    );
    expect(missing).toEqual([]);
    expect(server.logs.some((l) => l.includes('persist.shutdown_unflushed'))).toBe(false);
    return;
  }
  await waitFor(
    async () => {
      const h = await health();
      return h.status === 200 && h.json.database.pendingUpdates === 0;
    },
    'every pending update to drain after the database answers again',
    20_000,
  );
  const drainMs = performance.now() - restoredAt;

  await waitConverged(clients, edits.made, 'every edit on every client');
  const stored = await storedIds(s.url, boardId);
  const missing = edits.made.filter((id) => !stored.has(id));
  console.log(
    `db ${fault} (${FAULT_MS[fault] / 1000} s): ${edits.made.length} edits by ${clients.length} clients ` +
      `(${madeInFault} during the fault); on every client: ${edits.made.length}; in the database: ` +
      `${edits.made.length - missing.length}; drained ${(drainMs / 1000).toFixed(1)} s after the path returned`,
  );
  expect(missing).toEqual([]);
  expect(drainMs).toBeLessThan(10_000);
  expect(await server.kill('SIGTERM')).toBe(0);
  expect(server.logs.some((l) => l.includes('persist.shutdown_unflushed'))).toBe(false);
}

/** SIGTERM while the path is black-holed: the process still exits, and the edits it could not
 * write come back from the clients when they reconnect to the next server process. */
async function sigtermDuringBlackhole() {
  const target = new URL(pgBase!);
  const proxy = await new FaultProxy(target.hostname, Number(target.port || 5432)).start();
  cleanups.push(() => proxy.close());
  const s = await postgresSchema(pgBase!, 'db_term');
  cleanups.push(() => s.drop());
  const viaProxy = new URL(s.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  const env = {
    DATABASE_URL: viaProxy.toString(),
    STRATUS_DB_QUERY_TIMEOUT_MS: '2000',
    STRATUS_DB_CONNECT_TIMEOUT_MS: '1500',
  };
  const first = await spawnServer(env);
  cleanups.push(() => first.kill('SIGKILL'));
  const { json } = await api(first.url, '/api/boards', { method: 'POST', body: { name: 'term' } });
  const boardId = json.id as string;
  const clients = [connectClient(first.url, boardId), connectClient(first.url, boardId)];
  cleanups.push(() => clients.forEach((c) => c.destroy()));
  await Promise.all(clients.map((c) => c.synced()));
  const edits = keepEditing(clients, 'term_');
  await waitFor(async () => (await api(first.url, '/health')).json.updatesStored >= 20, 'writes');
  proxy.blackhole();
  await waitFor(async () => (await api(first.url, '/health')).status === 503, '/health degraded');
  await waitConverged(clients, edits.made, 'edits on the server before SIGTERM');
  const t = performance.now();
  expect(await first.kill('SIGTERM')).toBe(0);
  const exitMs = performance.now() - t;
  expect(first.logs.some((l) => l.includes('persist.shutdown_unflushed'))).toBe(true);
  await proxy.restore();
  await edits.stop();
  const second = await spawnServer({ ...env, PORT: String(first.port) });
  cleanups.push(() => second.kill('SIGKILL'));
  await waitConverged(clients, edits.made, 'every edit on every client');
  await waitFor(async () => {
    const h = await api(second.url, '/health');
    return h.status === 200 && h.json.database.pendingUpdates === 0 && h.json.updatesStored > 0;
  }, 'the next server to write what the clients handed back');
  const stored = await storedIds(s.url, boardId);
  const missing = edits.made.filter((id) => !stored.has(id));
  console.log(
    `db blackhole, SIGTERM during it: exited in ${(exitMs / 1000).toFixed(1)} s with edits unflushed; ` +
      `${edits.made.length} edits; in the database after the clients reconnected to the next process: ` +
      `${edits.made.length - missing.length}`,
  );
  expect(missing).toEqual([]);
  expect(exitMs).toBeLessThan(30_000);
}

describe.runIf(pgBase)('database faults (real server process, real Postgres behind a fault proxy)', () => {
  it(
    'black-hole for 10 s: /health degraded, a hung commit is retried on a fresh connection, nothing lost',
    () => faultScenario('blackhole'),
    90_000,
  );
  it(
    'black-hole, then SIGTERM as soon as the path returns: exits 0 with every edit stored',
    () => faultScenario('blackhole', { sigtermAtRestore: true }),
    90_000,
  );
  it(
    'SIGTERM during a black-hole: the process exits, and the next one gets every edit back from the clients',
    () => sigtermDuringBlackhole(),
    120_000,
  );
  it('connection reset and 5 s outage: nothing lost', () => faultScenario('reset'), 90_000);
  it('pause for 5 s: nothing lost', () => faultScenario('pause'), 90_000);
});
