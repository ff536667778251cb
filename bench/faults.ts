// Time to drain after a fault: how long after the database or Redis answers again until every
// edit made during the fault is durable (and, between two instances, on every client). Each
// fault is measured beside a baseline from the same run: the same workload with no fault, timed
// from the moment the edits stop.
// Run: pnpm --filter @stratus/bench exec tsx faults.ts   (about 2 minutes; needs Postgres on
// 127.0.0.1 or TEST_DATABASE_URL, and redis-server on the PATH). Server settings are defaults.
import { type ChildProcess, spawn } from 'node:child_process';
import { FaultProxy } from '../apps/server/src/testing/fault-proxy.ts';
import {
  type Client,
  client,
  createBoard,
  dropSchema,
  fmt,
  freePort,
  postgresUrl,
  sleep,
  startStratus,
  type Target,
} from './server/lib.ts';

const EDITS_PER_SEC = 100;
const CLIENTS = 4;

async function until(what: string, fn: () => Promise<boolean> | boolean, timeoutMs = 60_000) {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    try {
      if (await fn()) return;
    } catch {}
    await sleep(25);
  }
  throw new Error(`timed out: ${what}`);
}

const health = async (t: Target) => {
  const r = await fetch(`${t.httpBase}/health`);
  return { status: r.status, json: (await r.json()) as { database: { pendingUpdates: number } } };
};
const drained = async (t: Target) => {
  const h = await health(t);
  return h.status === 200 && h.json.database.pendingUpdates === 0;
};

/** CLIENTS clients spread over the targets edit at EDITS_PER_SEC in total until stop(). */
function edit(clients: Client[]) {
  const made: string[] = [];
  let on = true;
  const loop = (async () => {
    const start = performance.now();
    for (let i = 0; on; i++) {
      const key = `k${i}`;
      clients[i % clients.length]!.doc.getMap('bench').set(key, i);
      made.push(key);
      const wait = start + ((i + 1) * 1000) / EDITS_PER_SEC - performance.now();
      if (wait > 0) await sleep(wait);
    }
  })();
  return {
    made,
    stop: async () => {
      on = false;
      await loop;
    },
  };
}

const everywhere = (clients: Client[], made: string[]) =>
  clients.every((c) => {
    const m = c.doc.getMap('bench');
    return made.every((k) => m.has(k));
  });

async function board(targets: Target[]) {
  const id = await createBoard(targets[0]!, 'faults');
  const clients = Array.from({ length: CLIENTS }, (_, i) => client(targets[i % targets.length]!, id));
  await Promise.all(clients.map((c) => c.synced));
  return clients;
}

interface Row {
  fault: string;
  durationS: number;
  edits: number;
  pendingAtReturn: number;
  drainMs: number;
  baselineMs: number;
}
const rows: Row[] = [];

async function dbFault(dbUrl: string, kind: 'blackhole' | 'reset', seconds: number) {
  const target = new URL(dbUrl);
  const proxy = await new FaultProxy(target.hostname, Number(target.port || 5432)).start();
  const via = new URL(dbUrl);
  via.hostname = '127.0.0.1';
  via.port = String(proxy.port);
  const server = await startStratus({ DATABASE_URL: via.toString() });
  try {
    // Baseline: the same edits, no fault.
    let clients = await board([server]);
    let e = edit(clients);
    await sleep(seconds * 1000);
    await e.stop();
    let t0 = performance.now();
    await until('baseline drained', () => drained(server));
    const baselineMs = performance.now() - t0;
    for (const c of clients) c.destroy();

    clients = await board([server]);
    e = edit(clients);
    if (kind === 'blackhole') proxy.blackhole();
    else await proxy.refuse();
    await sleep(seconds * 1000);
    const pendingAtReturn = (await health(server)).json.database.pendingUpdates as number;
    await e.stop();
    await proxy.restore();
    t0 = performance.now();
    await until('drained after the fault', () => drained(server));
    const drainMs = performance.now() - t0;
    for (const c of clients) c.destroy();
    rows.push({
      fault: kind === 'blackhole' ? 'Postgres black-hole' : 'Postgres reset + refused',
      durationS: seconds,
      edits: e.made.length,
      pendingAtReturn,
      drainMs,
      baselineMs,
    });
  } finally {
    await server.stop('SIGKILL');
    await proxy.close();
  }
}

async function ownRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (c) => reject(new Error(`redis-server exited (${c})`)));
    child.once('error', (e) => reject(new Error(`redis-server could not start: ${e.message}`)));
  });
  return child;
}

async function redisFault(dbUrl: string, seconds: number) {
  const redisPort = await freePort();
  const redis = await ownRedis(redisPort);
  const proxy = await new FaultProxy('127.0.0.1', redisPort).start();
  const env = { DATABASE_URL: dbUrl, REDIS_URL: `redis://127.0.0.1:${proxy.port}` };
  const one = await startStratus(env);
  const two = await startStratus(env);
  const both = [one, two];
  const settled = async (clients: Client[], made: string[]) =>
    everywhere(clients, made) && (await drained(one)) && (await drained(two));
  try {
    let clients = await board(both);
    let e = edit(clients);
    await sleep(seconds * 1000);
    await e.stop();
    let t0 = performance.now();
    await until('baseline converged', () => settled(clients, e.made));
    const baselineMs = performance.now() - t0;
    for (const c of clients) c.destroy();

    clients = await board(both);
    e = edit(clients);
    await proxy.refuse();
    await sleep(seconds * 1000);
    await e.stop();
    const missing = clients.map((c) => e.made.filter((k) => !c.doc.getMap('bench').has(k)).length);
    await proxy.restore();
    t0 = performance.now();
    await until('converged after the outage', () => settled(clients, e.made));
    const drainMs = performance.now() - t0;
    for (const c of clients) c.destroy();
    rows.push({
      fault: 'Redis outage (2 instances)',
      durationS: seconds,
      edits: e.made.length,
      pendingAtReturn: Math.max(...missing),
      drainMs,
      baselineMs,
    });
  } finally {
    await Promise.all(both.map((t) => t.stop('SIGKILL')));
    await proxy.close();
    redis.kill('SIGKILL');
  }
}

const dbUrl = await postgresUrl();
if (!dbUrl) {
  console.log('No Postgres reachable (TEST_DATABASE_URL or 127.0.0.1:5432): nothing measured.');
  process.exit(0);
}
try {
  await dbFault(dbUrl, 'blackhole', 10);
  await dbFault(dbUrl, 'reset', 5);
  await redisFault(dbUrl, 5);
} finally {
  await dropSchema(dbUrl).catch(() => {});
}
console.log(
  `\nTime to drain after a fault (${CLIENTS} clients, ${EDITS_PER_SEC} edits/s during the fault; default settings)\n`,
);
console.log(
  '| fault | length | edits made | behind when it ended | drain after it ended | baseline (no fault) | ratio |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.fault} | ${r.durationS} s | ${r.edits} | ${r.pendingAtReturn} | ${fmt(r.drainMs / 1000, 2)} s | ${fmt(r.baselineMs / 1000, 2)} s | ${fmt(r.drainMs / r.baselineMs, 1)}x |`,
  );
}
process.exit(0);
