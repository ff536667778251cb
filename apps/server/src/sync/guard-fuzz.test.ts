// Property-based fuzzing of the update guard over a real socket to the REAL server process:
// deep and wide structures of every content type Yjs can carry, huge delete sets and clock gaps.
// While it runs, two honest clients time edit round trips on the same server. Asserts: the
// process stays alive, no input costs its event loop more than 100 ms of CPU (so bystanders stay
// fast), and refused input never reaches the stored board (nothing of a refused sender's client
// id is in the database).
import fc from 'fast-check';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { buildUpdate, type ContentKind, type StructSpec, syncFrame } from '../testing/attacks.ts';
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

beforeAll(async () => {
  if (!pgBase) return;
  const s = await postgresSchema(pgBase, 'fuzz');
  cleanups.push(() => s.drop());
  schema = s.schema;
  server = await spawnServer({ DATABASE_URL: s.url, STRATUS_COMMIT_LINGER_MS: '20' });
  cleanups.push(() => server.kill('SIGTERM'));
  db = new pg.Client({ connectionString: pgBase });
  await db.connect();
  cleanups.push(() => db.end());
});

async function storedClients(boardId: string): Promise<Map<number, number>> {
  const b = await db.query(`SELECT snapshot FROM "${schema}".boards WHERE id = $1`, [boardId]);
  const rows = await db.query(`SELECT data FROM "${schema}".board_updates WHERE board_id = $1`, [boardId]);
  const all = [b.rows[0]?.snapshot, ...rows.rows.map((r) => r.data)].filter(Boolean) as Buffer[];
  const d = new Y.Doc();
  for (const u of all) Y.applyUpdate(d, new Uint8Array(u));
  return Y.decodeStateVector(Y.encodeStateVector(d));
}

const KINDS: ContentKind[] = [
  'json',
  'embed',
  'format',
  'any',
  'string',
  'type',
  'doc',
  'binary',
  'deleted',
  'gc',
  'skip',
];

const structSpec: fc.Arbitrary<StructSpec> = fc.record({
  kind: fc.constantFrom(...KINDS),
  // Mostly around the limit (64) and far beyond it.
  depth: fc.oneof(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 65, max: 20_000 })),
  width: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1000, max: 60_000 })),
  key: fc.option(fc.constantFrom('a', 'b', 'nodes'), { nil: undefined }),
});

const attack = fc.record({
  structs: fc.array(structSpec, { maxLength: 4 }),
  /** 0 = no gap; else structs start this far beyond what the server has of the client. */
  gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1_000_000 })),
  deletes: fc.oneof(
    fc.constant(0),
    fc.integer({ min: 1, max: 2000 }),
    fc.integer({ min: 20_000, max: 400_000 }),
  ),
  step2: fc.boolean(),
});

describe.skipIf(!pgBase)('guard fuzzing over a real socket', () => {
  it('refuses what it must, never lets refused input reach the database, and no input holds the event loop', async () => {
    const r = await api(server.url, '/api/boards', { method: 'POST', body: { name: 'fuzz' } });
    const boardId = r.json.id as string;
    const a: TestClient = connectClient(server.url, boardId);
    const b: TestClient = connectClient(server.url, boardId);
    cleanups.push(() => [a, b].forEach((c) => c.destroy()));
    await Promise.all([a.synced(), b.synced()]);
    a.doc.getMap('nodes').set('honest', { label: 'kept' });
    await waitFor(() => b.doc.getMap('nodes').has('honest'), 'honest node');

    const roundTrip = () => timedRoundTrip(a, b, () => server.logs.slice(-10).join('\n'));
    /**
     * p99 of 100 round trips with no attack, paced like the bystander's: how loaded the machine is
     * right now, over about as many samples as an attack round takes (a p99 of fewer samples is
     * lower by sampling alone).
     */
    const quietP99 = async () => {
      const base: number[] = [];
      for (let i = 0; i < 100; i++) {
        base.push(await roundTrip());
        await new Promise((r) => setTimeout(r, 5));
      }
      return p99(base);
    };

    const samples = fc.sample(attack, { numRuns: 120, seed: 1010 });
    const refused = new Set<number>();
    const codes = new Map<number, number>();
    const open = () =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(
          `${server.url.replace(/^http/, 'ws')}/sync/${boardId}?token=${ownerTokens.get(boardId)}`,
        );
        ws.binaryType = 'nodebuffer';
        ws.on('error', () => {});
        ws.once('open', () => resolve(ws));
        ws.once('close', (c) => reject(new Error(`closed ${c} before open`)));
      });
    let client = 8_000_000;
    /** Main-thread CPU of the server from sending each sample until its verdict. */
    const cpuPer: { ms: number; bytes: number; refused: boolean }[] = [];
    /** Sends every sample once while the bystanders time round trips; their p99 in ms. */
    const attackRound = async () => {
      let fuzzing = true;
      const during: number[] = [];
      const bystander = (async () => {
        while (fuzzing) {
          during.push(await roundTrip());
          await new Promise((r) => setTimeout(r, 5)); // inside the 300 messages/s budget
        }
      })();
      let ws = await open();
      for (const s of samples) {
        if (ws.readyState !== WebSocket.OPEN) ws = await open();
        client++;
        const update = buildUpdate({
          client,
          clock: s.gap,
          structs: s.structs,
          deletes: s.deletes ? { client: client + 500_000, ranges: s.deletes } : undefined,
        });
        if (update.length > 4 * 1024 * 1024 - 16) continue; // the websocket layer refuses these (1009)
        // Fence: a query-awareness after the update is answered only if the update was accepted.
        const verdict = new Promise<number | 'ok'>((resolve) => {
          const onMsg = (m: Buffer) => {
            if (m[0] !== 1) return;
            ws.off('message', onMsg);
            resolve('ok');
          };
          ws.on('message', onMsg);
          ws.once('close', (code) => resolve(code));
        });
        const cpu0 = mainThreadCpuMs(server.child.pid!);
        ws.send(syncFrame(s.step2 ? 1 : 2, update));
        ws.send(new Uint8Array([3]));
        const v = await verdict;
        cpuPer.push({
          ms: mainThreadCpuMs(server.child.pid!) - cpu0,
          bytes: update.length,
          refused: v !== 'ok',
        });
        if (v !== 'ok') {
          refused.add(client);
          codes.set(v, (codes.get(v) ?? 0) + 1);
        }
      }
      ws.close();
      fuzzing = false;
      await bystander;
      return { p99: p99(during), n: during.length };
    };
    // One round: every sample sent once while the bystanders time round trips.
    const round = await attackRound();
    const quiet = await quietP99();

    // Alive and serving.
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    // Everything accepted so far is durable once a later honest edit is.
    a.doc.getMap('nodes').set('after', 1);
    let stored = new Map<number, number>();
    await waitFor(async () => {
      stored = await storedClients(boardId);
      return (
        stored.has(a.doc.clientID) &&
        (stored.get(a.doc.clientID) ?? 0) >= Y.getState(a.doc.store, a.doc.clientID)
      );
    }, 'honest edits stored');
    for (const id of refused) expect(stored.has(id), `refused client ${id} stored`).toBe(false);
    expect(b.doc.getMap('nodes').get('honest')).toEqual({ label: 'kept' });

    const costliest = cpuPer.reduce((m, c) => (c.ms > m.ms ? c : m));
    console.log(
      `guard fuzz: ${samples.length} attacks, ${refused.size} refused (close codes ${JSON.stringify(Object.fromEntries(codes))}); server CPU per attack at most ${costliest.ms} ms (${costliest.bytes} bytes, ${costliest.refused ? 'refused' : 'accepted'}), ${cpuPer.reduce((a, c) => a + c.ms, 0)} ms in all; bystander p99 ${round.p99.toFixed(1)} ms over ${round.n} round trips (quiet ${quiet.toFixed(1)} ms)`,
    );
    expect(refused.size).toBeGreaterThan(20);
    // Bystanders stay fast when no input holds the event loop: the target is a bystander
    // p99 under 50 ms, which bench/attacks.ts measures on an idle machine (docs/benchmarks.md).
    // Wall-clock latency here would measure the CI machine (2 cores shared with the web build and
    // other test files: quiet p99s of 26-268 ms were seen), so the test bounds the cause instead:
    // the main-thread CPU each input costs the server, which competing work hardly inflates.
    // Seen on an idle machine: 20-40 ms at most (10 ms steps), 370-440 ms for all 120 samples.
    expect(costliest.ms).toBeLessThanOrEqual(100);
    // And a stall that wall-clock cannot hide: unguarded, bystanders waited 1-2.5 s.
    expect(round.p99).toBeLessThan(Math.max(1000, 5 * quiet));
  });
});
