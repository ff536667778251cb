// Faults between two real server processes sharing Postgres and Redis, with stock y-websocket
// clients editing on both: an instance SIGKILLed mid-edit (its clients fail over to the other),
// a 5 s Redis outage, and Redis restarted empty. Afterwards every edit made on every client is on
// every client, in the database, and on a fresh client once the board was unloaded.
import { describe, expect, it } from 'vitest';
import { FaultProxy } from './testing/fault-proxy.ts';
import {
  haveRedisServer,
  keepEditing,
  missingIn,
  ownRedis,
  storedIds,
  testRedisUrl,
  waitConverged,
} from './testing/faults.ts';
import { cleanupsAfterAll } from './testing/fixtures.ts';
import {
  api,
  connectClient,
  postgresBaseUrl,
  postgresSchema,
  type ServerProcess,
  spawnServer,
  type TestClient,
  waitFor,
} from './testing/helpers.ts';

const pgBase = await postgresBaseUrl();
const sharedRedis = pgBase ? await testRedisUrl() : undefined;
const redisServer = pgBase ? haveRedisServer() : false;
const cleanups = cleanupsAfterAll();

async function twoInstances(label: string, env: Record<string, string>) {
  const s = await postgresSchema(pgBase!, label);
  cleanups.push(() => s.drop());
  const all = { DATABASE_URL: s.url, STRATUS_ROOM_IDLE_MS: '300', ...env };
  // One after the other: both would migrate the new schema at once.
  const one = await spawnServer(all);
  cleanups.push(() => one.kill('SIGKILL'));
  const two = await spawnServer(all);
  cleanups.push(() => two.kill('SIGKILL'));
  return { dbUrl: s.url, one, two };
}

const health = (srv: ServerProcess) => api(srv.url, '/health');
const drained = (srv: ServerProcess) =>
  waitFor(async () => (await health(srv)).json?.database?.pendingUpdates === 0, `${srv.url} drained`);

/** Every client leaves, the board unloads, and a fresh client loads it from the database. */
async function reloadFresh(srv: ServerProcess, boardId: string, clients: TestClient[], want: string[]) {
  for (const c of clients) c.provider.disconnect();
  await waitFor(async () => (await health(srv)).json?.rooms === 0, 'the board to unload');
  const fresh = connectClient(srv.url, boardId);
  cleanups.push(() => fresh.destroy());
  await fresh.synced();
  return missingIn(fresh.doc, want);
}

describe.runIf(pgBase && sharedRedis)('an instance killed mid-edit (two processes, Redis)', () => {
  it('its clients fail over to the other instance and no edit is lost, even after a reload', async () => {
    const { dbUrl, one, two } = await twoInstances('kill', { REDIS_URL: sharedRedis! });
    // Clients of instance one reach it through a proxy that is pointed at two when one dies.
    const front = await new FaultProxy('127.0.0.1', one.port).start();
    cleanups.push(() => front.close());
    const { json } = await api(two.url, '/api/boards', { method: 'POST', body: { name: 'kill' } });
    const boardId = json.id as string;
    const clients = [
      connectClient(front.url, boardId),
      connectClient(front.url, boardId),
      connectClient(two.url, boardId),
    ];
    cleanups.push(() => clients.forEach((c) => c.destroy()));
    await Promise.all(clients.map((c) => c.synced()));

    const edits = keepEditing(clients, 'k');
    await waitFor(() => edits.made.length >= 300, '300 edits');
    front.setTarget('127.0.0.1', two.port);
    expect(await one.kill('SIGKILL')).toBe(-1);
    const atKill = edits.made.length;
    await waitFor(() => edits.made.length >= atKill + 300, '300 edits after the kill');
    await edits.stop();

    await waitConverged(clients, edits.made, 'every edit on every client');
    await drained(two);
    const stored = await storedIds(dbUrl, boardId);
    const inDb = edits.made.filter((id) => stored.has(id)).length;
    const missingFresh = await reloadFresh(two, boardId, clients, edits.made);
    console.log(
      `SIGKILL one of two instances: ${edits.made.length} edits by 3 clients (${atKill} before the kill); ` +
        `on every client: ${edits.made.length}; in the database: ${inDb}; ` +
        `on a fresh client after unload: ${edits.made.length - missingFresh.length}`,
    );
    expect(inDb).toBe(edits.made.length);
    expect(missingFresh).toEqual([]);
  }, 120_000);
});

describe.runIf(pgBase && redisServer)('Redis faults between two instances (own redis-server)', () => {
  async function scenario(fault: 'outage' | 'blackhole' | 'restart-empty') {
    const redis = await ownRedis();
    cleanups.push(() => redis.stop());
    const rp = await new FaultProxy('127.0.0.1', redis.port).start();
    cleanups.push(() => rp.close());
    // No periodic anti-entropy: convergence must come from the resync after the reconnect.
    const { dbUrl, one, two } = await twoInstances(`redis_${fault.replace('-', '_')}`, {
      REDIS_URL: `redis://127.0.0.1:${rp.port}`,
      STRATUS_RESYNC_MS: '0',
    });
    const { json } = await api(one.url, '/api/boards', { method: 'POST', body: { name: fault } });
    const boardId = json.id as string;
    const clients = [connectClient(one.url, boardId), connectClient(two.url, boardId)];
    cleanups.push(() => clients.forEach((c) => c.destroy()));
    await Promise.all(clients.map((c) => c.synced()));

    const edits = keepEditing(clients, 'r');
    await waitFor(() => edits.made.length >= 200, '200 edits');
    await waitConverged(clients, edits.made.slice(0, 100), 'fan-out before the fault');

    const before = edits.made.length;
    if (fault === 'outage') await rp.refuse();
    else if (fault === 'blackhole') rp.blackhole();
    else await redis.stop('SIGKILL');
    const faultAt = performance.now();
    for (const srv of [one, two]) {
      const h = await waitFor(async () => {
        const r = await health(srv);
        return r.status === 503 ? r.json : undefined;
      }, '/health to report Redis down');
      expect(h.redis.ok).toBe(false);
    }
    // A 5 s outage; Redis restarted empty comes back as soon as it is up again.
    if (fault !== 'restart-empty') {
      await new Promise((r) => setTimeout(r, Math.max(0, 5000 - (performance.now() - faultAt))));
      await rp.restore();
    } else {
      await redis.start();
    }
    const restoredAt = performance.now();
    const inFault = edits.made.length - before;
    await waitFor(
      async () => (await health(one)).status === 200 && (await health(two)).status === 200,
      'healthy',
    );
    await waitFor(() => edits.made.length >= before + inFault + 100, '100 edits after Redis returned');
    await edits.stop();
    await waitConverged(clients, edits.made, 'both instances to reconverge', 20_000);
    const convergedMs = performance.now() - restoredAt;
    await Promise.all([drained(one), drained(two)]);
    const stored = await storedIds(dbUrl, boardId);
    const inDb = edits.made.filter((id) => stored.has(id)).length;
    const missingFresh = await reloadFresh(one, boardId, clients, edits.made);
    const h = (await health(one)).json;
    console.log(
      `Redis ${fault}: ${edits.made.length} edits on 2 instances (${inFault} during the fault); ` +
        `on every client: ${edits.made.length} (${(convergedMs / 1000).toFixed(1)} s after Redis returned); ` +
        `in the database: ${inDb}; on a fresh client after unload: ${edits.made.length - missingFresh.length}; ` +
        `gaps reported: ${h.redis.gaps}`,
    );
    expect(inDb).toBe(edits.made.length);
    expect(missingFresh).toEqual([]);
    expect(h.redis.gaps).toBeGreaterThan(0);
  }

  it(
    'a 5 s Redis outage during edits: both sides reconverge, /health reports it',
    () => scenario('outage'),
    120_000,
  );
  it(
    'Redis black-holed for 5 s (nothing closed) during edits: detected, reported, both sides reconverge',
    () => scenario('blackhole'),
    120_000,
  );
  it('Redis restarted empty during edits: both sides reconverge', () => scenario('restart-empty'), 120_000);
});
