// Hostile input (issue 10, items 2-4): bystander edit round-trip p99 on the same server while
// one attacker sends each class of hostile input, against a baseline (no attack) measured in
// the same run on the same server. The server is the real process (tsx src/main.ts).
// Run: pnpm --filter @stratus/bench exec tsx attacks.ts   (about 1 minute; --quick: shorter)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  awarenessFrame,
  buildUpdate,
  type ContentKind,
  syncFrame,
} from '../apps/server/src/testing/attacks.ts';
import { WebSocket } from './server/deps.ts';
import {
  type Client,
  client,
  createBoard,
  dropSchema,
  fmt,
  lastEventLoopMaxMs,
  heapMiB,
  pct,
  postgresUrl,
  rssMiB,
  sleep,
  startStratus,
  type Target,
  tokenQuery,
} from './server/lib.ts';

const quick = process.argv.includes('--quick');
process.setMaxListeners(0);
const SECONDS = quick ? 3 : 6;

type Ws = InstanceType<typeof WebSocket>;
const open = (t: Target, boardId: string, token?: string): Promise<Ws | undefined> =>
  new Promise((resolve) => {
    const q = token ? `?token=${encodeURIComponent(token)}` : tokenQuery(boardId);
    const ws = new WebSocket(`${t.wsBase}/${boardId}${q}`);
    ws.binaryType = 'nodebuffer';
    ws.on('error', () => {});
    ws.once('open', () => resolve(ws));
    ws.once('close', () => resolve(undefined));
  });

/** Sends frames from `next()` over attacker sockets (reconnecting when closed) until `until`. */
async function attacker(
  t: Target,
  boardId: string,
  next: (i: number) => Uint8Array,
  perSec: number,
  stop: () => boolean,
): Promise<{ sent: number; closes: Map<number, number> }> {
  const closes = new Map<number, number>();
  let sent = 0;
  while (!stop()) {
    const ws = await open(t, boardId);
    if (!ws) continue;
    const closed = new Promise<void>((r) =>
      ws.once('close', (code: number) => {
        closes.set(code, (closes.get(code) ?? 0) + 1);
        r();
      }),
    );
    const start = performance.now();
    let k = 0;
    while (ws.readyState === ws.OPEN && !stop()) {
      ws.send(next(sent++));
      k++;
      const wait = start + (k * 1000) / perSec - performance.now();
      if (wait > 0) await sleep(wait);
      else await new Promise((r) => setImmediate(r));
    }
    if (ws.readyState === ws.OPEN) ws.close();
    await Promise.race([closed, sleep(1000)]);
  }
  return { sent, closes };
}

/** Honest edit round trips (a -> server -> b) for `ms`; returns the latencies. */
async function roundTrips(a: Client, b: Client, ms: number): Promise<number[]> {
  const lat: number[] = [];
  const end = performance.now() + ms;
  let i = 0;
  while (performance.now() < end) {
    const key = `k${i++}`;
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const m = b.doc.getMap('rt');
      const timer = setTimeout(resolve, 10_000); // counted as 10 s if lost
      const obs = () => {
        if (!m.has(key)) return;
        m.unobserve(obs);
        clearTimeout(timer);
        resolve();
      };
      m.observe(obs);
      a.doc.getMap('rt').set(key, t0);
    });
    lat.push(performance.now() - t0);
    await sleep(5);
  }
  return lat;
}

interface Row {
  name: string;
  p50: number;
  p99: number;
  n: number;
  note: string;
  rssDelta: number;
  eldMax: number;
}

async function main() {
  const pgUrl = await postgresUrl();
  const dataDir = mkdtempSync(join(tmpdir(), 'stratus-attacks-'));
  const env: Record<string, string> = pgUrl
    ? { DATABASE_URL: pgUrl }
    : { STRATUS_DATA_DIR: join(dataDir, 'data') };
  console.log(
    `Hostile-input benchmark (${quick ? 'quick' : 'full'}); Stratus on ${pgUrl ? 'Postgres' : 'PGlite'}; ${SECONDS} s per phase`,
  );
  const t = await startStratus({ ...env, STRATUS_RATE_MESSAGES_PER_SEC: '300', STRATUS_RATE_BURST: '600' });
  const rows: Row[] = [];
  const boardId = await createBoard(t, 'bystanders');
  const a = client(t, boardId);
  const b = client(t, boardId);
  await Promise.all([a.synced, b.synced]);
  await roundTrips(a, b, 1000); // warm-up

  const phase = async (name: string, run: ((stop: () => boolean) => Promise<string>) | undefined) => {
    await heapMiB(t.child); // resets the event-loop max
    const rss0 = rssMiB(t.child.pid!);
    let stopped = false;
    const attack = run?.(() => stopped);
    const lat = await roundTrips(a, b, SECONDS * 1000);
    stopped = true;
    const note = (await attack) ?? '';
    await heapMiB(t.child);
    const row: Row = {
      name,
      p50: pct(lat, 50),
      p99: pct(lat, 99),
      n: lat.length,
      note,
      rssDelta: rssMiB(t.child.pid!) - rss0,
      eldMax: lastEventLoopMaxMs.get(t.child) ?? Number.NaN,
    };
    rows.push(row);
    console.log(
      `  ${name}: bystander p50 ${fmt(row.p50)} ms, p99 ${fmt(row.p99)} ms over ${row.n} round trips; server event-loop max ${fmt(row.eldMax)} ms, RSS ${row.rssDelta >= 0 ? '+' : ''}${fmt(row.rssDelta, 0)} MiB${note ? `; ${note}` : ''}`,
    );
  };
  const describeCloses = (r: { sent: number; closes: Map<number, number> }) =>
    `${r.sent} attack messages, attacker closed ${[...r.closes].map(([c, n]) => `${n}x ${c}`).join(', ') || 'never'}`;

  // The attacks target the bystanders' own board: the worst case (same room, same process).
  await phase('baseline (no attack)', undefined);
  const kinds: ContentKind[] = ['json', 'embed', 'format', 'any', 'doc'];
  await phase('deep content (10,000 levels, 5 kinds)', async (stop) =>
    describeCloses(
      await attacker(
        t,
        boardId,
        (i) =>
          syncFrame(
            2,
            buildUpdate({ client: 900_000 + i, structs: [{ kind: kinds[i % 5]!, depth: 10_000, key: 'x' }] }),
          ),
        50,
        stop,
      ),
    ),
  );
  const ds = syncFrame(1, buildUpdate({ client: 1, deletes: { client: 99, ranges: 1_000_000 } }));
  await phase(`huge delete set (1M ranges, ${fmt(ds.length / 1e6, 1)} MB)`, async (stop) =>
    describeCloses(await attacker(t, boardId, () => ds, 2, stop)),
  );
  let gapClient = 7_000_000;
  let clock = 1000;
  await phase('clock-gap pending flood (8 KB at 250/s)', async (stop) =>
    describeCloses(
      await attacker(
        t,
        boardId,
        (i) => {
          if (i % 200 === 0) gapClient++;
          clock += 10_000;
          return syncFrame(
            2,
            buildUpdate({ client: gapClient, clock, structs: [{ kind: 'string', width: 8000 }] }),
          );
        },
        250,
        stop,
      ),
    ),
  );
  // Awareness: a view-link client with an 8,150-byte state; three stock clients echo it.
  {
    const link = await fetch(`${t.httpBase}/api/boards/${boardId}/links`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${decodeURIComponent(tokenQuery(boardId).slice('?token='.length))}`,
      },
      body: JSON.stringify({ role: 'view' }),
    });
    const viewToken = link.status === 201 ? ((await link.json()) as { token: string }).token : undefined;
    const echoers = [0, 1, 2].map(() => client(t, boardId));
    await Promise.all(echoers.map((c) => c.synced));
    let honestCloses = 0;
    for (const c of [...echoers, a, b])
      c.provider.on('connection-close', (e: unknown) => {
        if (e && (e as { code: number }).code >= 4400) honestCloses++;
      });
    await phase('awareness oversize (8,150-byte state from a view link)', async (stop) => {
      let n = 0;
      while (!stop()) {
        const ws = await open(t, boardId, viewToken);
        if (!ws) continue;
        const id = 600_000 + n;
        const pad = 'x'.repeat(8150 - JSON.stringify({ user: { name: 'v' }, pad: '' }).length);
        for (let clock = 1; ws.readyState === ws.OPEN && !stop(); clock++) {
          ws.send(awarenessFrame([[id, clock, JSON.stringify({ user: { name: 'v' }, pad })]]));
          n++;
          await sleep(20);
        }
        ws.close();
      }
      return `${n} awareness messages; honest clients closed with 44xx: ${honestCloses}`;
    });
    for (const c of echoers) c.destroy();
  }
  a.destroy();
  b.destroy();
  await t.stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (pgUrl) await dropSchema(pgUrl);

  const base = rows[0]!;
  console.log(
    '\n| bystander round trip during | p50 ms | p99 ms | p99 / baseline | server RSS change MiB | what happened to the attacker |\n|---|---|---|---|---|---|',
  );
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.p99 / base.p99, 2)}x | ${r.rssDelta >= 0 ? '+' : ''}${fmt(r.rssDelta, 0)} | ${r.note || '-'} |`,
    );
  }
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
