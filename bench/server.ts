// Sync server benchmark: Stratus (persisting to Postgres, or PGlite when none is reachable)
// against the reference in-memory @y/websocket-server 0.1.1, same workloads, same run.
// Run: pnpm --filter @stratus/bench exec tsx server.ts   (about 4 minutes on 2 cores)
// Both servers run as child processes; the clients (stock y-websocket) run here.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boardToDoc } from '@stratus/model';
import { decoding, encoding, WebSocket, Y } from './server/deps.ts';
import {
  type Client,
  client,
  createBoard,
  dropSchema,
  fmt,
  pct,
  postgresUrl,
  heapMiB,
  rssMiB,
  sleep,
  startReference,
  startStratus,
  type Target,
  tokenQuery,
} from './server/lib.ts';

const quick = process.argv.includes('--quick');
process.setMaxListeners(0); // each y-websocket client adds an exit listener
const SECONDS = quick ? 2 : 4;
const results: Record<string, Record<string, number>> = {};
const record = (key: string, target: string, value: number) => {
  results[key] ??= {};
  results[key]![target] = value;
};

/** Fan-out: random writers set a key to their send time; every other client records arrival. */
async function fanout(
  t: Target,
  rooms: number,
  perRoom: number,
  updatesPerSec: number,
  label: string,
  keep = true,
) {
  const boardIds = await Promise.all(Array.from({ length: rooms }, (_, i) => createBoard(t, `fan${i}`)));
  const clients: Client[][] = boardIds.map((id) => Array.from({ length: perRoom }, () => client(t, id)));
  await Promise.all(clients.flat().map((c) => c.synced));
  const lat: number[] = [];
  let measuring = false;
  for (const c of clients.flat()) {
    c.doc.getMap('bench').observe((ev: any) => {
      if (ev.transaction.local || !measuring) return;
      const now = performance.now();
      for (const k of ev.keysChanged) lat.push(now - (c.doc.getMap('bench').get(k) as number));
    });
  }
  await sleep(300);
  measuring = true;
  const total = updatesPerSec * SECONDS;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const room = clients[i % rooms]!;
    const w = room[Math.floor(Math.random() * room.length)]!;
    w.doc.getMap('bench').set(`k${i}`, performance.now());
    const due = start + ((i + 1) * 1000) / updatesPerSec;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
  }
  const expected = total * (perRoom - 1);
  const end = performance.now() + 10_000;
  while (lat.length < expected && performance.now() < end) await sleep(20);
  const rss = rssMiB(t.child.pid!);
  for (const c of clients.flat()) c.destroy();
  const p50 = pct(lat, 50);
  const p99 = pct(lat, 99);
  if (keep) {
    record(`${label} fan-out p50 ms`, t.name, p50);
    record(`${label} fan-out p99 ms`, t.name, p99);
    record(`${label} delivered %`, t.name, (100 * lat.length) / expected);
  }
  console.log(
    `  [${t.name}] ${label}: ${total} updates at ${updatesPerSec}/s, ${lat.length}/${expected} deliveries, p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms, server RSS ${fmt(rss)} MiB`,
  );
  await sleep(300);
}

/** Sustained throughput: 10 clients write as fast as the slowest receiver keeps up. */
async function sustained(t: Target) {
  const id = await createBoard(t, 'sustained');
  const clients = Array.from({ length: 10 }, () => client(t, id));
  await Promise.all(clients.map((c) => c.synced));
  const N = quick ? 3000 : 8000;
  const got = clients.map(() => 0);
  clients.forEach((c, i) =>
    c.doc.getMap('s').observe((ev: any) => {
      if (!ev.transaction.local) got[i]! += ev.keysChanged.size;
    }),
  );
  const start = performance.now();
  for (let i = 0; i < N; i++) {
    const w = clients[i % 10]!;
    w.doc.getMap('s').set(`k${i}`, i);
    if (i % 50 === 49) await new Promise((r) => setImmediate(r));
  }
  const target = N - N / 10;
  const end = performance.now() + 30_000;
  while (got.some((g) => g < target) && performance.now() < end) await sleep(10);
  const secs = (performance.now() - start) / 1000;
  const rate = Math.min(...got) === target ? N / secs : Number.NaN;
  record('sustained updates/s (10 clients)', t.name, rate);
  console.log(
    `  [${t.name}] sustained: ${N} updates delivered to 10 clients in ${fmt(secs, 2)} s = ${fmt(rate, 0)} updates/s`,
  );
  for (const c of clients) c.destroy();
}

/**
 * Presence: 100 users move cursors at 10 Hz; p95 delivery to everyone else. The users are raw
 * sockets speaking the awareness protocol (encode/decode as y-protocols does), because 100 full
 * y-websocket Awareness instances in this one process saturate it before either server does.
 */
async function presence(t: Target) {
  const id = await createBoard(t, 'presence');
  const users = 100;
  const lat: number[] = [];
  let measuring = false;
  const sockets = await Promise.all(
    Array.from({ length: users }, (_, i) => {
      const ws = new WebSocket(`${t.wsBase}/${id}${tokenQuery(id)}`);
      ws.binaryType = 'nodebuffer';
      const clientId = 1000 + i;
      ws.on('message', (m: Buffer) => {
        if (!measuring || m[0] !== 1) return;
        const now = performance.now();
        const d = decoding.createDecoder(decoding.readVarUint8Array(decoding.createDecoder(m.subarray(1))));
        const n = decoding.readVarUint(d);
        for (let k = 0; k < n; k++) {
          const cid = decoding.readVarUint(d);
          decoding.readVarUint(d);
          const state = decoding.readVarString(d);
          if (cid === clientId || state === 'null') continue;
          const s = JSON.parse(state) as { cursor?: { t: number } };
          if (s.cursor) lat.push(now - s.cursor.t);
        }
      });
      ws.on('error', () => {});
      return new Promise<{ ws: typeof ws; clientId: number }>((resolve) =>
        ws.once('open', () => {
          ws.send(new Uint8Array([0, 0, 1, 0]));
          resolve({ ws, clientId });
        }),
      );
    }),
  );
  await sleep(500);
  measuring = true;
  const intervals: NodeJS.Timeout[] = [];
  sockets.forEach(({ ws, clientId }, i) => {
    let clock = 0;
    setTimeout(() => {
      intervals.push(
        setInterval(() => {
          const inner = encoding.createEncoder();
          encoding.writeVarUint(inner, 1);
          encoding.writeVarUint(inner, clientId);
          encoding.writeVarUint(inner, ++clock);
          encoding.writeVarString(
            inner,
            JSON.stringify({
              user: { name: `u${i}`, color: '#123456' },
              cursor: { x: clock, y: i, t: performance.now() },
              selection: [],
            }),
          );
          const e = encoding.createEncoder();
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
          if (ws.readyState === ws.OPEN) ws.send(encoding.toUint8Array(e));
        }, 100),
      );
    }, i); // stagger
  });
  await sleep(SECONDS * 1000);
  measuring = false;
  for (const x of intervals) clearInterval(x);
  const p50 = pct(lat, 50);
  const p95 = pct(lat, 95);
  const expected = users * (users - 1) * 10 * SECONDS;
  record('presence 100 users x 10 Hz p50 ms', t.name, p50);
  record('presence 100 users x 10 Hz p95 ms', t.name, p95);
  console.log(
    `  [${t.name}] presence: ${lat.length} cursor deliveries (~${expected} sent; merged states count once), p50 ${fmt(p50)} ms, p95 ${fmt(p95)} ms`,
  );
  for (const { ws } of sockets) ws.terminate();
  await sleep(500);
}

function bigBoard(n: number) {
  const nodes = [];
  for (let i = 0; i < n; i++) {
    nodes.push({
      id: `n${i}`,
      kind: 'ec2-instance',
      label: `instance-${i}`,
      parentId: null,
      position: { x: (i % 100) * 200, y: Math.floor(i / 100) * 120 },
      props: { instanceType: 't3.micro' },
    });
  }
  return { format: 'stratus.board', version: 1, name: `${n} nodes`, nodes, edges: [] };
}

/** 150 clients join a 5,000-node board at once: p99 time to synced. */
async function joinStorm(t: Target) {
  const board = bigBoard(5000);
  let seed: Client | undefined;
  let id: string;
  if (t.name === 'stratus') id = await createBoard(t, 'big', board);
  else {
    id = await createBoard(t, 'big');
    const doc = boardToDoc(board as never);
    seed = client(t, id, doc);
    await seed.synced;
    await sleep(1000);
  }
  // Warm the board (a first client loads it), as a live board would be.
  const warm = client(t, id);
  await warm.synced;
  // Joiners are raw sockets doing the client's side of the handshake (sync step 1, then wait
  // for the server's step 2), so 150 Yjs decodes in this process do not mask the server's time.
  const n = 150;
  const start = performance.now();
  const times: number[] = [];
  const sizes: number[] = [];
  const sockets = Array.from({ length: n }, () => {
    const ws = new WebSocket(`${t.wsBase}/${id}${tokenQuery(id)}`);
    ws.binaryType = 'nodebuffer';
    ws.on('open', () => ws.send(new Uint8Array([0, 0, 1, 0])));
    let done = false;
    ws.on('message', (m: Buffer) => {
      if (!done && m[0] === 0 && m[1] === 1) {
        done = true;
        times.push(performance.now() - start);
        sizes.push(m.length);
      }
    });
    ws.on('error', () => {});
    return ws;
  });
  const end = performance.now() + 60_000;
  while (times.length < n && performance.now() < end) await sleep(20);
  const ok = times.length === n && sizes.every((x) => x > 100_000);
  const p50 = pct(times, 50);
  const p99 = pct(times, 99);
  record('150 joiners on 5,000-node board p99 ms', t.name, p99);
  console.log(
    `  [${t.name}] join storm: ${times.length}/${n} received the full state (${ok ? `${Math.round(sizes[0]! / 1024)} KiB each` : 'INCOMPLETE'}), p50 ${fmt(p50, 0)} ms, p99 ${fmt(p99, 0)} ms`,
  );
  // One stock client checks the content.
  const check = client(t, id);
  await check.synced;
  if (check.doc.getMap('nodes').size !== 5000) console.log(`  [${t.name}] join storm: WRONG CONTENT`);
  check.destroy();
  for (const ws of sockets) ws.terminate();
  warm.destroy();
  seed?.destroy();
  await sleep(500);
  return id;
}

/** Idle connections: raw sockets that did a sync step 1; memory per connection. */
async function idleConnections(t: Target, n: number) {
  const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => createBoard(t, `idle${i}`)));
  // Load the boards first so the figure is per connection, not per board.
  const holders: Client[] = [];
  for (const id of ids) {
    const c = client(t, id);
    await c.synced;
    holders.push(c); // kept connected so the boards stay loaded
  }
  await sleep(500);
  const before = await heapMiB(t.child);
  const step1 = new Uint8Array([0, 0, 1, 0]);
  const sockets: InstanceType<typeof WebSocket>[] = [];
  let answered = 0;
  for (let i = 0; i < n; i++) {
    const ws = new WebSocket(`${t.wsBase}/${ids[i % 10]}${tokenQuery(ids[i % 10]!)}`);
    let got = false;
    ws.on('open', () => ws.send(step1));
    ws.on('message', () => {
      if (!got) {
        got = true;
        answered++;
      }
    });
    ws.on('error', () => {});
    sockets.push(ws);
    if (i % 100 === 99) await sleep(20);
  }
  const end = performance.now() + 30_000;
  while (answered < n && performance.now() < end) await sleep(50);
  await sleep(1000);
  const open = sockets.filter((s) => s.readyState === s.OPEN).length;
  const after = await heapMiB(t.child);
  const perConnKiB = ((after - before) * 1024) / n;
  record(`${n} connections held (open)`, t.name, open);
  record('memory per idle connection KiB', t.name, perConnKiB);
  console.log(
    `  [${t.name}] ${n} connections: ${open} open, ${answered} answered, live heap ${fmt(before)} -> ${fmt(after)} MiB = ${fmt(perConnKiB)} KiB/connection`,
  );
  for (const s of sockets) s.terminate();
  for (const c of holders) c.destroy();
  await sleep(1000);
}

/** Memory per loaded board: 100 boards with one small doc each, one client each then gone. */
async function perBoard(t: Target) {
  await sleep(3000); // boards of earlier workloads unload (STRATUS_ROOM_IDLE_MS=2000 here)
  const base = await heapMiB(t.child);
  const ids = await Promise.all(Array.from({ length: 100 }, (_, i) => createBoard(t, `mem${i}`)));
  const clients = ids.map((id) => client(t, id));
  await Promise.all(clients.map((c) => c.synced));
  clients.forEach((c, i) => c.doc.getMap('nodes').set('x', i));
  await sleep(1500);
  const after = await heapMiB(t.child);
  const per = ((after - base) * 1024) / 100;
  record('memory per board (+1 connection) KiB', t.name, per);
  console.log(
    `  [${t.name}] 100 boards with one client each: live heap ${fmt(base)} -> ${fmt(after)} MiB = ${fmt(per)} KiB/board`,
  );
  for (const c of clients) c.destroy();
}

async function main() {
  const pgUrl = await postgresUrl();
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-bench-'));
  const env: Record<string, string> = pgUrl
    ? { DATABASE_URL: pgUrl }
    : { STRATUS_DATA_DIR: join(dataDir, 'data') };
  console.log(
    `Sync server benchmark (${quick ? 'quick' : 'full'}); Stratus persists to ${pgUrl ? 'Postgres' : 'PGlite'}; reference: @y/websocket-server 0.1.1 in memory`,
  );
  const t0 = performance.now();

  const workloads: [string, (t: Target) => Promise<unknown>][] = [
    ['fan-out 10 clients', (t) => fanout(t, 1, 10, 100, '10 clients')],
    ['fan-out 50 clients', (t) => fanout(t, 1, 50, 50, '50 clients')],
    ['fan-out 200 clients', (t) => fanout(t, 1, 200, 20, '200 clients')],
    ['100 boards x 10 clients', (t) => fanout(t, 100, 10, 200, '100 boards x 10')],
    ['sustained', sustained],
    ['presence', presence],
    ['join storm', joinStorm],
    ['per board', perBoard],
    ['idle connections', (t) => idleConnections(t, 1000)],
  ];
  // Both servers run side by side; each workload runs on one then the other, so that load from
  // elsewhere on this shared machine hits both alike.
  const targets = [await startStratus(env), await startReference()];
  // Warm-up (JIT, first database connections and query plans), not recorded.
  for (const t of targets) await fanout(t, 1, 5, 50, 'warm-up', false);
  for (const [name, run] of workloads) {
    console.log(`\n== ${name}`);
    for (const t of targets) {
      try {
        await Promise.race([
          run(t),
          sleep(120_000).then(() => {
            throw new Error('timed out after 120 s');
          }),
        ]);
      } catch (e) {
        console.log(`  [${t.name}] ${name} failed: ${(e as Error).message}`);
      }
    }
  }
  for (const t of targets) await t.stop();

  // Stratus only: cold load of a 5,000-node board after a restart.
  {
    let t = await startStratus(env);
    const id = await createBoard(t, 'cold', bigBoard(5000));
    const port = Number(new URL(t.httpBase).port);
    await t.stop();
    t = await startStratus(env, port);
    const start = performance.now();
    const c = client(t, id);
    await c.synced;
    const ms = performance.now() - start;
    record('cold load 5,000-node board ms', 'stratus', ms);
    console.log(
      `\n  [stratus] cold load of a 5,000-node board after restart: ${fmt(ms, 0)} ms to synced (${c.doc.getMap('nodes').size} nodes)`,
    );
    c.destroy();
    await t.stop();
  }

  // In-process Stratus: edit-to-durable-write latency and event-loop delay under fuzzing.
  {
    const { startServer } = await import('../apps/server/src/server.ts');
    const { loadConfig } = await import('../apps/server/src/config.ts');
    const { createLogger } = await import('../apps/server/src/log.ts');
    const cfg = { ...loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env }) };
    const s = await startServer(cfg, { log: createLogger('silent') });
    const t: Target = {
      name: 'stratus',
      wsBase: `ws://127.0.0.1:${s.port}/sync`,
      httpBase: s.url.replace('localhost', '127.0.0.1'),
      child: process as never,
      stop: async () => {},
    };
    const id = await createBoard(t, 'durable');
    const clients = Array.from({ length: 10 }, () => client(t, id));
    await Promise.all(clients.map((c) => c.synced));
    s.sync.stats.durableMs.length = 0;
    const N = 100 * SECONDS;
    for (let i = 0; i < N; i++) {
      clients[i % 10]!.doc.getMap('nodes').set(`d${i}`, i);
      await sleep(10);
    }
    await sleep(1500);
    const d = s.sync.stats.durableMs;
    const within = (100 * d.filter((x) => x <= 600).length) / d.length;
    record('durable write p50 ms', 'stratus', pct(d, 50));
    record('durable write p95 ms', 'stratus', pct(d, 95));
    record('durable within 600 ms %', 'stratus', within);
    console.log(
      `\n  [stratus] edit to durable write: ${d.length} updates, p50 ${fmt(pct(d, 50))} ms, p95 ${fmt(pct(d, 95))} ms, p99 ${fmt(pct(d, 99))} ms, ${fmt(within)}% within 600 ms (${s.sync.stats.commits} commits)`,
    );
    for (const c of clients) c.destroy();

    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    let closes = 0;
    const fuzzStart = performance.now();
    let frames = 0;
    while (performance.now() - fuzzStart < SECONDS * 1000) {
      const ws = new WebSocket(`${t.wsBase}/${id}${tokenQuery(id)}`);
      await new Promise((r) => ws.once('open', r));
      ws.on('close', () => closes++);
      for (let k = 0; k < 20 && ws.readyState === ws.OPEN; k++) {
        const len = Math.floor(Math.random() * 300);
        const b = new Uint8Array(len);
        for (let j = 0; j < len; j++) b[j] = Math.floor(Math.random() * 256);
        if (k % 5 === 0) {
          b[0] = 0;
          b[1] = 2;
        }
        ws.send(b);
        frames++;
        await new Promise((r) => setImmediate(r));
      }
      ws.terminate();
    }
    h.disable();
    record('event-loop max delay under fuzz ms', 'stratus', h.max / 1e6);
    console.log(
      `  [stratus] fuzzing: ${frames} random frames, ${closes} closes, event-loop delay p99 ${fmt(h.percentile(99) / 1e6)} ms, max ${fmt(h.max / 1e6)} ms (server and fuzzer share this process)`,
    );
    await s.close();
  }

  rmSync(dataDir, { recursive: true, force: true });
  if (pgUrl) await dropSchema(pgUrl);

  console.log('\n| metric | Stratus | reference | ratio (Stratus / reference) |\n|---|---|---|---|');
  for (const [k, v] of Object.entries(results)) {
    const a = v.stratus ?? Number.NaN;
    const b = v.reference ?? Number.NaN;
    console.log(`| ${k} | ${fmt(a)} | ${fmt(b)} | ${Number.isFinite(a / b) ? fmt(a / b, 2) + 'x' : '-'} |`);
  }
  console.log(`\ntotal ${fmt((performance.now() - t0) / 1000, 0)} s`);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
