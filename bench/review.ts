// Review links benchmark: what the role check costs on REST and on sync joins, and how fast a
// revocation closes live sockets. Baseline in the same run: the same requests on an open board
// (no owner row, so no token is checked). Needs Postgres (the baseline board is made by deleting
// its owner row); without it the benchmark says so and exits.
// Run: pnpm --filter @stratus/bench exec tsx review.ts [--quick]
import { pg, WebSocket } from './server/deps.ts';
import {
  client,
  createBoard,
  dropSchema,
  fmt,
  pct,
  postgresUrl,
  sleep,
  startStratus,
  tokens,
} from './server/lib.ts';

const quick = process.argv.includes('--quick');
process.setMaxListeners(0);
const N = quick ? 200 : 1000;
const JOINS = quick ? 30 : 100;
const SOCKETS = quick ? 50 : 200;

const url = await postgresUrl();
if (!url) {
  console.log('[skip] review benchmark: no Postgres reachable (set BENCH_DATABASE_URL)');
  process.exit(0);
}
const t = await startStratus({ DATABASE_URL: url });
try {
  const priv = await createBoard(t, 'private');
  const open = await createBoard(t, 'open');
  const owner = tokens.get(priv)!;
  // Make `open` a board from before share links: no owner row.
  const u = new URL(url);
  const schema = u.searchParams.get('schema')!;
  u.searchParams.delete('schema');
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  await c.query(`DELETE FROM "${schema}".board_owners WHERE board_id = $1`, [open]);
  await c.end();
  tokens.delete(open);

  const post = async (path: string, body: unknown) => {
    const r = await fetch(t.httpBase + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner}` },
      body: JSON.stringify(body),
    });
    return (await r.json()) as { id: string; token: string };
  };
  const view = await post(`/api/boards/${priv}/links`, { role: 'view' });

  async function rest(board: string, token?: string) {
    const lat: number[] = [];
    for (let i = 0; i < N; i++) {
      const s = performance.now();
      const r = await fetch(`${t.httpBase}/api/boards/${board}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      await r.arrayBuffer();
      if (r.status !== 200) throw new Error(`GET answered ${r.status}`);
      lat.push(performance.now() - s);
    }
    return lat;
  }
  await rest(open); // warm up
  const base = await rest(open);
  const withOwner = await rest(priv, owner);
  const withLink = await rest(priv, view.token);

  async function joins(board: string, token?: string) {
    const lat: number[] = [];
    for (let i = 0; i < JOINS; i++) {
      if (token) tokens.set(board, token);
      const s = performance.now();
      const cl = client(t, board);
      await cl.synced;
      lat.push(performance.now() - s);
      cl.destroy();
    }
    tokens.delete(board);
    return lat;
  }
  await joins(open); // warm up
  const joinOpen = await joins(open);
  const joinLink = await joins(priv, view.token);

  // Revocation: SOCKETS live view sockets on one link; time from DELETE sent to the last close.
  const rev = await post(`/api/boards/${priv}/links`, { role: 'view' });
  const socks = await Promise.all(
    Array.from(
      { length: SOCKETS },
      () =>
        new Promise<InstanceType<typeof WebSocket>>((resolve, reject) => {
          const ws = new WebSocket(`${t.wsBase}/${priv}?token=${rev.token}`);
          ws.once('message', () => resolve(ws));
          ws.once('error', reject);
        }),
    ),
  );
  const closedAt: number[] = [];
  const allClosed = Promise.all(
    socks.map(
      (ws) => new Promise<void>((r) => ws.once('close', () => (closedAt.push(performance.now()), r()))),
    ),
  );
  const s = performance.now();
  const del = await fetch(`${t.httpBase}/api/boards/${priv}/links/${rev.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${owner}` },
  });
  const deleteMs = performance.now() - s;
  if (del.status !== 204) throw new Error(`DELETE answered ${del.status}`);
  await Promise.race([allClosed, sleep(5000)]);
  const closeMs = closedAt.map((x) => x - s);

  const row = (label: string, xs: number[], b?: number[]) =>
    console.log(
      `${label.padEnd(44)} p50 ${fmt(pct(xs, 50), 2).padStart(7)} ms  p99 ${fmt(pct(xs, 99), 2).padStart(7)} ms` +
        (b ? `  ×${fmt(pct(xs, 50) / pct(b, 50), 2)} p50 vs open board` : ''),
    );
  console.log(`\nReview links (Postgres, ${N} requests, ${JOINS} joins, ${SOCKETS} sockets)`);
  row('GET /api/boards/:id, open board (baseline)', base);
  row('GET /api/boards/:id, owner token', withOwner, base);
  row('GET /api/boards/:id, view-link token', withLink, base);
  row('sync join to synced, open board (baseline)', joinOpen);
  row('sync join to synced, view-link token', joinLink, joinOpen);
  console.log(
    `revoke: DELETE answered in ${fmt(deleteMs, 1)} ms; ${closeMs.length}/${SOCKETS} sockets closed, ` +
      `p50 ${fmt(pct(closeMs, 50), 1)} ms, last ${fmt(Math.max(...closeMs), 1)} ms after the DELETE was sent ` +
      `(×${fmt(Math.max(...closeMs) / deleteMs, 2)} the DELETE round trip)`,
  );
  for (const ws of socks) ws.terminate();
} finally {
  await t.stop();
  await dropSchema(url);
}
