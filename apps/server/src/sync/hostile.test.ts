// Issue 10, items 1-5, against the REAL server process (tsx src/main.ts on Postgres): input that
// used to end the process or wedge a board, work bombs, oversized awareness, clientID squatting.
// After every attack: the process is alive, an honest edit makes a round trip, and the stored
// board holds nothing from refused input.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { awarenessFrame, buildUpdate, type ContentKind, nestedMaps, syncFrame } from '../testing/attacks.ts';
import { p99, roundTrip as timedRoundTrip } from '../testing/bystanders.ts';
import { mainThreadCpuMs } from '../testing/cpu.ts';
import { cleanupsAfterAll } from '../testing/fixtures.ts';
import {
  api,
  connectClient,
  ownerTokens,
  postgresBaseUrl,
  postgresSchema,
  type ServerProcess,
  spawnServer,
  type TestClient,
  waitFor,
} from '../testing/helpers.ts';

const pgBase = await postgresBaseUrl();
const cleanups = cleanupsAfterAll();

let server: ServerProcess;
let schema: string;
let db: pg.Client;
const clients: TestClient[] = [];

async function startOne(env: Record<string, string> = {}, url?: string) {
  const s = await spawnServer({
    DATABASE_URL: url!,
    STRATUS_TEST_FAULTS: '1',
    STRATUS_COMMIT_LINGER_MS: '20',
    // Boards unload (and compact) soon after their last client leaves.
    STRATUS_ROOM_IDLE_MS: '1000',
    ...env,
  });
  cleanups.push(() => s.kill('SIGTERM'));
  return s;
}

beforeAll(async () => {
  if (!pgBase) return;
  const s = await postgresSchema(pgBase, 'hostile');
  cleanups.push(() => s.drop());
  schema = s.schema;
  server = await startOne({}, s.url);
  db = new pg.Client({ connectionString: pgBase });
  await db.connect();
  cleanups.push(() => db.end());
  cleanups.push(() => clients.forEach((c) => c.destroy()));
});

const wsBase = () => server.url.replace(/^http/, 'ws');
const track = (c: TestClient) => {
  clients.push(c);
  return c;
};

async function newBoard(name: string): Promise<string> {
  const r = await api(server.url, '/api/boards', { method: 'POST', body: { name } });
  expect(r.status).toBe(201);
  return r.json.id;
}

/** The board as stored in Postgres (snapshot + update rows), applied update by update. */
async function storedDoc(boardId: string): Promise<Y.Doc> {
  const b = await db.query(`SELECT snapshot FROM "${schema}".boards WHERE id = $1`, [boardId]);
  const rows = await db.query(`SELECT data FROM "${schema}".board_updates WHERE board_id = $1 ORDER BY seq`, [
    boardId,
  ]);
  const all = [b.rows[0]?.snapshot, ...rows.rows.map((r) => r.data)].filter(Boolean) as Buffer[];
  // Rows written before the guard may hold deep content that Yjs cannot apply: skip those.
  const d = new Y.Doc();
  for (const u of all) {
    try {
      Y.applyUpdate(d, new Uint8Array(u));
    } catch {}
  }
  return d;
}

/** The process has not exited and answers HTTP. */
async function expectAlive(s = server) {
  expect(s.child.exitCode, `server exited:\n${s.logs.slice(-20).join('\n')}`).toBeNull();
  expect(s.child.signalCode).toBeNull();
  const h = await fetch(`${s.url}/health`);
  expect([200, 503]).toContain(h.status);
}

/** One honest edit from `a` seen by `b`, in ms; a lost one shows the server's last log lines. */
const roundTrip = (a: TestClient, b: TestClient) =>
  timedRoundTrip(a, b, () =>
    server.logs
      .filter((l) => !l.includes('depends on changes'))
      .slice(-15)
      .join('\n'),
  );

async function pair(boardId: string): Promise<[TestClient, TestClient]> {
  const a = track(connectClient(server.url, boardId));
  const b = track(connectClient(server.url, boardId));
  await Promise.all([a.synced(), b.synced()]);
  return [a, b];
}

/** After an attack on `boardId`: alive, honest edits relay and are stored, new joins work. */
async function boardStillWorks(boardId: string, label: string) {
  await expectAlive();
  const [a, b] = await pair(boardId);
  a.doc.getMap('ok').set(label, 1);
  await waitFor(() => b.doc.getMap('ok').has(label), `${label} relayed`);
  await waitFor(async () => (await storedDoc(boardId)).getMap('ok').has(label), `${label} stored`);
  // A sync step 1 after joining is answered (it used to crash the process on a wedged room).
  const raw = await rawSocket(boardId);
  const answer = raw.next((m) => m[0] === 0 && m[1] === 1);
  raw.ws.send(new Uint8Array([0, 0, 1, 0]));
  await answer;
  raw.ws.close();
  a.provider.disconnect();
  b.provider.disconnect();
}

interface Raw {
  ws: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves with the next message that matches (or rejects when the socket closes first). */
  next(match: (m: Buffer) => boolean): Promise<Buffer>;
}

function rawSocket(boardId: string, query = '', token = ownerTokens.get(boardId)): Promise<Raw> {
  const q = new URLSearchParams(query);
  if (token) q.set('token', token);
  const ws = new WebSocket(`${wsBase()}/sync/${boardId}?${q}`);
  ws.binaryType = 'nodebuffer';
  const closed = new Promise<{ code: number; reason: string }>((r) =>
    ws.once('close', (code, reason) => r({ code, reason: reason.toString() })),
  );
  ws.on('error', () => {});
  const next = (match: (m: Buffer) => boolean) =>
    new Promise<Buffer>((resolve, reject) => {
      const on = (m: Buffer) => {
        if (!match(m)) return;
        ws.off('message', on);
        resolve(m);
      };
      ws.on('message', on);
      closed.then((c) => reject(new Error(`closed ${c.code} ${c.reason}`)));
    });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, closed, next }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('close', (code) => reject(new Error(`closed ${code} before open`)));
  });
}

/**
 * Round trips between two honest clients: first 30 with no attack (the baseline), then until
 * `attack()` resolves. Returns both p99s in ms.
 */
async function bystander(boardId: string, attack: () => Promise<unknown>) {
  const [a, b] = await pair(boardId);
  const base: number[] = [];
  for (let i = 0; i < 30; i++) base.push(await roundTrip(a, b));
  const lat: number[] = [];
  let done = false;
  const cpu0 = mainThreadCpuMs(server.child.pid!);
  const running = attack().finally(() => {
    done = true;
  });
  while (!done || lat.length < 20) {
    lat.push(await roundTrip(a, b));
    // Stay well inside the per-connection message budget (300/s) on a fast machine.
    await new Promise((r) => setTimeout(r, 5));
  }
  await running;
  const cpuMs = mainThreadCpuMs(server.child.pid!) - cpu0;
  a.provider.disconnect();
  b.provider.disconnect();
  return { p99: p99(lat), baseline: p99(base), n: lat.length, cpuMs };
}

/**
 * Bystander p99 during an attack. Unguarded, these attacks stalled bystanders for 1-30 s (the
 * clock-gap flood with its budgets lifted: 6.0 s p99); the bound here only has to catch such a
 * stall on a CI machine where other tasks (the web build, other test files) compete for the 2
 * cores and the test process itself builds the attack, so it is 1 s or 5x the quiet baseline
 * measured just before (a 300 ms floor was once within 10 ms of a guarded run under load). The
 * real figures on an idle machine come from bench/attacks.ts (docs/benchmarks.md); the server's
 * main-thread CPU during the attack is printed beside them.
 */
function expectBystanderOk(
  label: string,
  by: { p99: number; baseline: number; n: number; cpuMs: number },
  floorMs = 1000,
  times = 5,
) {
  console.log(
    `${label}: bystander p99 ${by.p99.toFixed(1)} ms over ${by.n} round trips (baseline p99 ${by.baseline.toFixed(1)} ms, ratio ${(by.p99 / by.baseline).toFixed(2)}), server CPU ${by.cpuMs} ms`,
  );
  expect(by.p99).toBeLessThan(Math.max(floorMs, times * by.baseline));
}

const rssMiB = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

describe.skipIf(!pgBase)('hostile input against the real server process', () => {
  it('1. malformed percent-escapes in the upgrade URL close that socket with 4404; the process serves on', async () => {
    const boardId = await newBoard('escapes');
    const [a, b] = await pair(boardId);
    for (const path of ['%', '%E0%A4%A', '%C0%AE', '%%', 'a%2', '%ZZ', '%E0%A4%A/..', '%ED%A0%80']) {
      const ws = new WebSocket(`${wsBase()}/sync/${path}`);
      ws.on('error', () => {});
      const ev = await new Promise<{ code: number; reason: string }>((r) =>
        ws.once('close', (code, reason) => r({ code, reason: reason.toString() })),
      );
      expect(ev.code, path).toBe(4404);
      expect(ev.reason).toMatch(/Invalid board id/);
      await expectAlive();
      await roundTrip(a, b);
    }
    // A stock WebsocketProvider does not encode its room name.
    const stock = track(connectClient(server.url, '50%off'));
    const ev = await new Promise<{ code: number }>((r) =>
      stock.provider.once('connection-close', (e) => r(e as unknown as { code: number })),
    );
    expect(ev.code).toBe(4404);
    stock.provider.disconnect();
    await expectAlive();
    await roundTrip(a, b);
  });

  it('1. a throw in any handler (upgrade, connection, message, room, close, HTTP) is contained to its socket or request', async () => {
    const boardId = await newBoard('faults');
    const [a, b] = await pair(boardId);
    // upgrade listener
    await expect(rawSocket(boardId, 'fault=upgrade')).rejects.toThrow(/HTTP 500/);
    await expectAlive();
    await roundTrip(a, b);
    // connection setup
    expect((await (await rawSocket(boardId, 'fault=connection')).closed).code).toBe(1011);
    await expectAlive();
    // message handler
    const m = await rawSocket(boardId, 'fault=message');
    m.ws.send(new Uint8Array([3]));
    expect((await m.closed).code).toBe(1011);
    await expectAlive();
    await roundTrip(a, b);
    // close handler
    const c = await rawSocket(boardId, 'fault=close');
    c.ws.close();
    await c.closed;
    await expectAlive();
    await roundTrip(a, b);
    // HTTP routes, sync and async
    for (const f of ['http', 'http-async']) {
      const r = await fetch(`${server.url}/health`, { headers: { 'x-stratus-fault': f } });
      // The app's error handler answers unexpected errors with 503 and a JSON reason.
      expect(r.status).toBe(503);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('unavailable');
      await expectAlive();
    }
    // A room operation that throws: the room is rebuilt from the store, its sockets closed with
    // 1012 (stock clients reconnect), and what the failed operation did is not stored.
    const aClosed = new Promise<{ code: number }>((r) =>
      a.provider.once('connection-close', (e) => r(e as unknown as { code: number })),
    );
    const bad = await rawSocket(boardId, 'fault=room');
    const doc = new Y.Doc();
    doc.getMap('ok').set('faulted', 1);
    bad.ws.send(syncFrame(2, Y.encodeStateAsUpdate(doc)));
    expect((await bad.closed).code).toBe(1012);
    expect((await aClosed).code).toBe(1012);
    await waitFor(() => a.provider.wsconnected && b.provider.wsconnected, 'clients reconnected');
    await roundTrip(a, b);
    expect((await storedDoc(boardId)).getMap('ok').has('faulted')).toBe(false);
    expect(server.logs.some((l) => l.includes('room.rebuild'))).toBe(true);
    await boardStillWorks(boardId, 'after_faults');
  });

  const deepKinds: ContentKind[] = ['json', 'embed', 'format', 'any', 'doc'];
  for (const kind of deepKinds) {
    it(`2. content ${kind} nested 10,000 deep is refused; the board keeps relaying, storing and accepting joins`, async () => {
      const boardId = await newBoard(`deep-${kind}`);
      const [a, b] = await pair(boardId);
      const atk = await rawSocket(boardId);
      const update = buildUpdate({ client: 4242, structs: [{ kind, depth: 10_000, key: 'x' }] });
      expect(update.length).toBeGreaterThan(19_000);
      atk.ws.send(syncFrame(2, update));
      const ev = await atk.closed;
      // The board first (what used to break), then how the sender was told.
      await roundTrip(a, b);
      await boardStillWorks(boardId, `after_${kind}`);
      expect(ev.code).toBe(4400);
      expect(ev.reason).toMatch(/nested too deeply/);
      const stored = await storedDoc(boardId);
      expect(Y.decodeStateVector(Y.encodeStateVector(stored)).has(4242)).toBe(false);
    });
  }

  it('2. shared types nested beyond 64 levels are refused, in one update or one level per update', async () => {
    const boardId = await newBoard('nested-types');
    const [a, b] = await pair(boardId);
    // 10,000 Y.Maps, each inside the previous: Yjs recurses when such a type is deleted.
    const atk = await rawSocket(boardId);
    atk.ws.send(syncFrame(2, nestedMaps(4343, 10_000)));
    const ev = await atk.closed;
    await roundTrip(a, b);
    expect(ev.code).toBe(4400);
    expect(ev.reason).toMatch(/shared types nested too deeply/);
    // One level at a time: 64 levels are fine, the 65th is refused.
    const c = 4444;
    const s = await rawSocket(boardId);
    const accepted = async (frame: Uint8Array) => {
      const reply = s.next((m) => m[0] === 1);
      s.ws.send(frame);
      s.ws.send(new Uint8Array([3]));
      await reply;
    };
    await accepted(syncFrame(2, nestedMaps(c, 60)));
    for (let level = 60; level < 64; level++)
      await accepted(syncFrame(2, nestedMaps(c, 1, level, [c, level - 1])));
    s.ws.send(syncFrame(2, nestedMaps(c, 1, 64, [c, 63])));
    const ev2 = await s.closed;
    expect(ev2.code).toBe(4400);
    expect(ev2.reason).toMatch(/shared types nested too deeply/);
    await waitFor(() => Y.getState(b.doc.store, c) === 64, 'the 64 accepted levels relayed');
    await boardStillWorks(boardId, 'after_nested');
    const stored = await storedDoc(boardId);
    expect(Y.getState(stored.store, 4343)).toBe(0);
    expect(Y.getState(stored.store, c)).toBe(64);
  });

  it('2. a board already poisoned in the database loads with the bad content neutralised and a warning', async () => {
    const boardId = await newBoard('poisoned');
    // Rows as an old server would have stored them: deep content beside honest content.
    for (const [i, kind] of (['json', 'format', 'any'] as const).entries()) {
      const u = buildUpdate({
        client: 5000 + i,
        structs: [
          { kind, depth: 10_000, key: 'bad' },
          { kind: 'any', key: `kept${i}` },
        ],
      });
      await db.query(`INSERT INTO "${schema}".board_updates (board_id, data) VALUES ($1, $2)`, [
        boardId,
        Buffer.from(u),
      ]);
    }
    const c = track(connectClient(server.url, boardId));
    await c.synced();
    const m = c.doc.getMap('m');
    expect(m.has('kept0') && m.has('kept1') && m.has('kept2')).toBe(true);
    expect(m.has('bad')).toBe(false);
    expect(server.logs.some((l) => l.includes('board.content_neutralised'))).toBe(true);
    c.provider.disconnect();
    await boardStillWorks(boardId, 'after_poison');
    // Once everyone left, the board unloads and compacts its rows, poisoned ones included.
    const compacted = await waitFor(
      () =>
        server.logs.find(
          (l) => l.includes(boardId) && (l.includes('board.compacted') || l.includes('board.compact_failed')),
        ),
      'compaction of the poisoned board',
    );
    expect(compacted).toContain('board.compacted');
    const rows = await db.query(
      `SELECT count(*)::int AS n FROM "${schema}".board_updates WHERE board_id = $1`,
      [boardId],
    );
    expect(rows.rows[0].n).toBe(0);
    const reloaded = track(connectClient(server.url, boardId));
    await reloaded.synced();
    expect(reloaded.doc.getMap('m').has('kept2')).toBe(true);
    expect(reloaded.doc.getMap('ok').has('after_poison')).toBe(true);
    reloaded.provider.disconnect();
  });

  it('3. a sync step 2 with a 1M-range delete set is refused (4413) and bystanders keep their latency', async () => {
    const boardId = await newBoard('deleteset');
    const rss0 = rssMiB(server.child.pid!);
    const frame = syncFrame(1, buildUpdate({ client: 1, deletes: { client: 99, ranges: 1_000_000 } }));
    expect(frame.length).toBeGreaterThan(3_800_000);
    const by = await bystander(boardId, async () => {
      for (let i = 0; i < 3; i++) {
        const atk = await rawSocket(boardId);
        atk.ws.send(frame);
        const ev = await atk.closed;
        expect(ev.code).toBe(4413);
        expect(ev.reason).toMatch(/delete ranges/);
      }
    });
    const grew = rssMiB(server.child.pid!) - rss0;
    // Each attack message is 4 MB that must cross the socket before it can be refused.
    expectBystanderOk(`delete-set attack (RSS +${grew.toFixed(0)} MiB)`, by);
    expect(grew).toBeLessThan(100);
    await boardStillWorks(boardId, 'after_ds');
  });

  it('3. updates with clock gaps cannot make a board hold more than its pending budget', async () => {
    const boardId = await newBoard('gaps');
    const rss0 = rssMiB(server.child.pid!);
    let closes = 0;
    const by = await bystander(boardId, async () => {
      const end = performance.now() + 4000;
      let client = 7_000_000;
      while (performance.now() < end) {
        const atk = await rawSocket(boardId);
        client++;
        let clock = 1000;
        // 8 KB updates at ~250/s, each leaving a gap (clocks from 1000 on for an unknown client).
        while (atk.ws.readyState === atk.ws.OPEN && performance.now() < end) {
          atk.ws.send(
            syncFrame(2, buildUpdate({ client, clock, structs: [{ kind: 'string', width: 8000 }] })),
          );
          clock += 10_000;
          await new Promise((r) => setTimeout(r, 4));
        }
        const ev = await Promise.race([
          atk.closed,
          new Promise<undefined>((r) => setTimeout(() => r(undefined), 500)),
        ]);
        if (ev) {
          expect(ev.code).toBe(4413);
          expect(ev.reason).toMatch(/depends on changes/);
          closes++;
        } else atk.ws.close();
      }
    });
    const grew = rssMiB(server.child.pid!) - rss0;
    expectBystanderOk(`clock-gap flood (${closes} attacker sockets closed, RSS +${grew.toFixed(0)} MiB)`, by);
    expect(closes).toBeGreaterThan(0);
    expect(grew).toBeLessThan(100);
    const stored = await storedDoc(boardId);
    for (const id of Y.decodeStateVector(Y.encodeStateVector(stored)).keys())
      expect(id < 7_000_000 || id > 7_100_000, `attacker client ${id} stored`).toBe(true);
    await boardStillWorks(boardId, 'after_gaps');
  });

  it('4. an 8,150-byte awareness state from a view link is relayed; the echoes of stock clients close nobody', async () => {
    const boardId = await newBoard('awareness');
    const link = await api(server.url, `/api/boards/${boardId}/links`, {
      method: 'POST',
      body: { role: 'view' },
    });
    expect(link.status).toBe(201);
    const honest = [0, 1, 2].map(() => track(connectClient(server.url, boardId)));
    const viewer = track(connectClient(server.url, boardId, { token: link.json.token }));
    const all = [...honest, viewer];
    await Promise.all(all.map((c) => c.synced()));
    const closes: number[] = [];
    for (const c of all)
      c.provider.on('connection-close', (e) => {
        if (e) closes.push((e as unknown as { code: number }).code);
      });
    for (const [i, c] of honest.entries()) c.provider.awareness.setLocalStateField('user', { name: `h${i}` });
    const state = { user: { name: 'viewer' }, pad: '' };
    state.pad = 'x'.repeat(8150 - JSON.stringify(state).length);
    expect(JSON.stringify(state).length).toBe(8150);
    viewer.provider.awareness.setLocalState(state);
    const vid = viewer.doc.clientID;
    await waitFor(
      () =>
        honest.every((c) => (c.provider.awareness.getStates().get(vid) as typeof state)?.pad?.length > 8000),
      'every client sees the viewer',
    );
    // Fence: a later change by each honest client reaches every other client, so the echoes of
    // the big state were all processed by the server before we look.
    for (const [i, c] of honest.entries())
      c.provider.awareness.setLocalStateField('user', { name: `h${i}!` });
    await waitFor(
      () =>
        honest.every((c) =>
          honest.every((o) =>
            (
              c.provider.awareness.getStates().get(o.doc.clientID) as { user?: { name?: string } }
            )?.user?.name?.endsWith('!'),
          ),
        ),
      'fence',
    );
    expect(closes).toEqual([]);
    expect(all.every((c) => c.provider.wsconnected)).toBe(true);
    // The stamped identity is the server's, not the client's.
    const seen = honest[0]!.provider.awareness.getStates().get(vid) as { user: { role: string } };
    expect(seen.user.role).toBe('view');

    // A socket whose OWN state is over the limit is closed; nobody else is.
    const big = await rawSocket(boardId);
    big.ws.send(awarenessFrame([[123_456, 1, JSON.stringify({ pad: 'y'.repeat(8300) })]]));
    const ev = await big.closed;
    expect(ev.code).toBe(4400);
    expect(ev.reason).toMatch(/awareness state over/);
    // A relayed bad entry for someone else's id does not close the relaying socket.
    const relay = await rawSocket(boardId);
    relay.ws.send(
      awarenessFrame([
        [654_321, 1, JSON.stringify({ user: { name: 'relay' } })],
        [vid, 99, '{not json'],
        [honest[0]!.doc.clientID, 99, JSON.stringify({ pad: 'z'.repeat(9000) })],
      ]),
    );
    await waitFor(
      () =>
        (honest[1]!.provider.awareness.getStates().get(654_321) as { user?: { name?: string } })?.user
          ?.name === 'relay',
      'relay state seen',
    );
    expect(relay.ws.readyState).toBe(WebSocket.OPEN);
    relay.ws.close();
    expect(closes).toEqual([]);
    for (const c of all) c.provider.disconnect();
    await expectAlive();
  });

  it("5. a socket cannot take another user's awareness clientID, connected or reconnecting", async () => {
    const boardId = await newBoard('squat');
    const link = await api(server.url, `/api/boards/${boardId}/links`, {
      method: 'POST',
      body: { role: 'edit' },
    });
    const victim = track(connectClient(server.url, boardId));
    const observer = track(connectClient(server.url, boardId));
    await Promise.all([victim.synced(), observer.synced()]);
    victim.provider.awareness.setLocalStateField('user', { name: 'victim' });
    const vid = victim.doc.clientID;
    const nameOf = (id: number) =>
      (observer.provider.awareness.getStates().get(id) as { user?: { name?: string } } | undefined)?.user
        ?.name;
    await waitFor(() => nameOf(vid) === 'victim', 'victim visible');

    const squat = async (ownId: number) => {
      const atk = await rawSocket(boardId, '', link.json.token);
      atk.ws.send(
        awarenessFrame([
          [vid, 1000, JSON.stringify({ user: { name: 'attacker' } })],
          [ownId, 1, JSON.stringify({ user: { name: `own${ownId}` } })],
        ]),
      );
      // Fence: the attacker's own id (sent in the same message) reached the observer.
      await waitFor(() => nameOf(ownId) === `own${ownId}`, 'attacker own state');
      return atk;
    };
    // While the victim is connected.
    const a1 = await squat(111_111);
    expect(nameOf(vid)).toBe('victim');
    // While the victim reconnects.
    victim.provider.disconnect();
    await waitFor(() => nameOf(vid) === undefined, 'victim gone');
    const a2 = await squat(222_222);
    expect(nameOf(vid)).toBeUndefined();
    victim.provider.connect();
    victim.provider.awareness.setLocalStateField('user', { name: 'victim-back' });
    await waitFor(() => nameOf(vid) === 'victim-back', "the victim's own updates get through");
    a1.ws.close();
    a2.ws.close();
    victim.provider.disconnect();
    observer.provider.disconnect();
  });
});

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisUp = await (async () => {
  try {
    const { Redis } = await import('ioredis');
    const r = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000 });
    await r.connect();
    await r.ping();
    r.disconnect();
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`CI=true but Redis at ${redisUrl} is unreachable`);
    console.log(`[skip] no Redis at ${redisUrl}; cross-instance squatting test skipped`);
    return false;
  }
})();

describe.skipIf(!pgBase || !redisUp)('clientID binding across instances (Redis)', () => {
  it('5. a socket on instance B cannot take the clientID of a user connected to instance A', async () => {
    const s = await postgresSchema(pgBase!, 'squat2');
    cleanups.push(() => s.drop());
    const A = await startOne({ REDIS_URL: redisUrl }, s.url);
    const B = await startOne({ REDIS_URL: redisUrl }, s.url);
    const r = await api(A.url, '/api/boards', { method: 'POST', body: { name: 'squat2' } });
    const boardId = r.json.id as string;
    const link = await api(A.url, `/api/boards/${boardId}/links`, { method: 'POST', body: { role: 'edit' } });
    const victim = track(connectClient(A.url, boardId));
    const obsA = track(connectClient(A.url, boardId));
    const obsB = track(connectClient(B.url, boardId));
    await Promise.all([victim.synced(), obsA.synced(), obsB.synced()]);
    victim.provider.awareness.setLocalStateField('user', { name: 'victim' });
    const vid = victim.doc.clientID;
    const nameOf = (o: TestClient, id: number) =>
      (o.provider.awareness.getStates().get(id) as { user?: { name?: string } } | undefined)?.user?.name;
    await waitFor(() => nameOf(obsA, vid) === 'victim' && nameOf(obsB, vid) === 'victim', 'victim visible');
    const ws = new WebSocket(`${B.url.replace(/^http/, 'ws')}/sync/${boardId}?token=${link.json.token}`);
    ws.on('error', () => {});
    await new Promise((res) => ws.once('open', () => res(undefined)));
    ws.send(
      awarenessFrame([
        [vid, 5000, JSON.stringify({ user: { name: 'attacker' } })],
        [333_333, 1, JSON.stringify({ user: { name: 'own' } })],
      ]),
    );
    await waitFor(() => nameOf(obsA, 333_333) === 'own' && nameOf(obsB, 333_333) === 'own', 'fence');
    expect(nameOf(obsA, vid)).toBe('victim');
    expect(nameOf(obsB, vid)).toBe('victim');
    victim.provider.awareness.setLocalStateField('user', { name: 'victim2' });
    await waitFor(() => nameOf(obsB, vid) === 'victim2', "victim's updates still relayed");
    ws.close();
    for (const c of [victim, obsA, obsB]) c.provider.disconnect();
    await expectAlive(A);
    await expectAlive(B);
  });
});
