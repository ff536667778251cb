// Bad input over real sockets: the offending connection is closed with a reason, the server
// and the other clients of the board carry on, and the stored board is untouched.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { addNode, docToBoard, nodesMap } from '@stratus/model';
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { Database } from '../db/database.ts';
import { type StratusServer, startServer } from '../server.ts';
import {
  api,
  connectClient,
  ownerTokens,
  pgliteDatabase,
  quietLog,
  type TestClient,
  testConfig,
  waitFor,
} from '../testing/helpers.ts';
import { encodeSync, SYNC_UPDATE } from './protocol.ts';

let db: Database;
let server: StratusServer;
let boardId: string;
let watcher: TestClient;
const clients: TestClient[] = [];

beforeAll(async () => {
  db = await pgliteDatabase();
  server = await startServer(
    testConfig({ limits: { maxMessageBytes: 64 * 1024, messagesPerSec: 100, burst: 200 } as never }),
    { db, log: quietLog },
  );
  const { json } = await api(server.url, '/api/boards', { method: 'POST', body: { name: 'target' } });
  boardId = json.id;
  watcher = connectClient(server.url, boardId);
  clients.push(watcher);
  await watcher.synced();
  addNode(watcher.doc, {
    id: 'n1',
    kind: 's3-bucket',
    label: 'assets',
    parentId: null,
    position: { x: 0, y: 0 },
    props: {},
  });
  await waitFor(async () => (await stored()).nodes.length === 1, 'initial write');
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
  await db?.close();
});

async function stored() {
  const l = await server.store.load(boardId);
  const d = new Y.Doc();
  for (const u of l!.updates) Y.applyUpdate(d, u);
  return docToBoard(d);
}

function attacker(board = boardId): Promise<WebSocket> {
  // The attacker holds the owner token (boards have owners since issue 7): what is tested is the input.
  const ws = new WebSocket(
    `${server.url.replace('http', 'ws')}/sync/${board}?token=${ownerTokens.get(board) ?? ''}`,
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}
const closed = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string }>((r) =>
    ws.once('close', (code, reason) => r({ code, reason: reason.toString() })),
  );

/** After an attack: the board is stored unchanged, and honest clients still edit and sync. */
async function boardStillWorks(label: string) {
  const before = await stored();
  expect(before.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['n1']));
  const fresh = connectClient(server.url, boardId);
  clients.push(fresh);
  await fresh.synced();
  addNode(fresh.doc, {
    id: `ok_${label}`,
    kind: 'sqs-queue',
    label,
    parentId: null,
    position: { x: 1, y: 1 },
    props: {},
  });
  await waitFor(() => nodesMap(watcher.doc).has(`ok_${label}`), `watcher sees ${label}`);
  // Durable before the next case compares stored boards (group commits linger ~150 ms).
  await waitFor(async () => (await stored()).nodes.some((n) => n.id === `ok_${label}`), `${label} stored`);
  fresh.provider.disconnect();
}

function bomb(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, 2 ** 31);
  encoding.writeVarUint(e, 7);
  encoding.writeVarUint(e, 0);
  return encodeSync(SYNC_UPDATE, encoding.toUint8Array(e));
}

describe('malformed and hostile input', () => {
  const cases: [string, () => Uint8Array | string, number, RegExp][] = [
    ['an oversized message', () => new Uint8Array(100 * 1024), 1009, /^$/],
    ['a truncated frame', () => new Uint8Array([0, 2, 50, 1, 2]), 4400, /Malformed message/],
    ['a struct-count bomb (yjs #687)', bomb, 4400, /struct count/],
    ['a text frame', () => 'hello', 4400, /text frames/],
    ['an unknown message type', () => new Uint8Array([9, 0]), 4400, /unknown message type/],
    [
      'an update with garbage content',
      () => encodeSync(SYNC_UPDATE, new Uint8Array([1, 1, 9, 0, 31, 0])),
      4400,
      /Malformed/,
    ],
    [
      'awareness that is not JSON',
      () => {
        const inner = encoding.createEncoder();
        encoding.writeVarUint(inner, 1);
        encoding.writeVarUint(inner, 42);
        encoding.writeVarUint(inner, 1);
        encoding.writeVarString(inner, '{oops');
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
        return encoding.toUint8Array(e);
      },
      4400,
      /not JSON/,
    ],
  ];
  for (const [label, frame, code, reason] of cases) {
    it(`closes a connection that sends ${label}`, async () => {
      const before = await stored();
      const ws = await attacker();
      const c = closed(ws);
      ws.send(frame());
      const ev = await c;
      expect(ev.code).toBe(code);
      expect(ev.reason).toMatch(reason);
      expect(await stored()).toEqual(before);
      await boardStillWorks(label.replace(/\W+/g, '_'));
    });
  }

  it('closes a flooding connection (per-connection rate budget) and keeps serving others', async () => {
    const ws = await attacker();
    const c = closed(ws);
    const query = new Uint8Array([3]);
    for (let i = 0; i < 1000 && ws.readyState === ws.OPEN; i++) ws.send(query);
    const ev = await c;
    expect(ev.code).toBe(4429);
    await boardStillWorks('flood');
  });

  it('survives property-based fuzzing of the message handler without stalling the event loop', async () => {
    const { json } = await api(server.url, '/api/boards', { method: 'POST', body: { name: 'fuzz' } });
    const valid = [
      encodeSync(0, Y.encodeStateVector(new Y.Doc())),
      (() => {
        const d = new Y.Doc();
        d.getMap('nodes').set('x', new Y.Map());
        d.getText('t').insert(0, 'hi');
        return encodeSync(SYNC_UPDATE, Y.encodeStateAsUpdate(d));
      })(),
      bomb(),
    ];
    const frames = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc
        .tuple(
          fc.constantFrom(...valid),
          fc.array(fc.tuple(fc.nat(400), fc.integer({ min: 0, max: 255 })), { maxLength: 5 }),
        )
        .map(([v, muts]) => {
          const b = v.slice();
          for (const [i, x] of muts) b[i % b.length] = x;
          return b;
        }),
      fc.tuple(fc.constantFrom(...valid), fc.nat(60)).map(([v, n]) => v.subarray(0, Math.min(n, v.length))),
    );
    const samples = fc.sample(frames, { numRuns: 400, seed: 4242 });
    const h = monitorEventLoopDelay({ resolution: 5 });
    h.enable();
    let ws = await attacker(json.id);
    let closes = 0;
    for (const frame of samples) {
      if (ws.readyState !== ws.OPEN) {
        closes++;
        ws = await attacker(json.id);
      }
      ws.send(frame);
      await new Promise((r) => setTimeout(r, 1));
    }
    ws.close();
    h.disable();
    const maxStallMs = h.max / 1e6;
    console.log(
      `fuzz: ${samples.length} frames, ${closes} connections closed by the server, max event-loop delay ${maxStallMs.toFixed(1)} ms`,
    );
    expect(closes).toBeGreaterThan(10);
    // The bench measures this on a quiet process (target < 100 ms); here other test files share
    // the 2 cores, so the bound only catches a real lock-up.
    expect(maxStallMs).toBeLessThan(500);
    const health = await api(server.url, '/health');
    expect(health.status).toBe(200);
    await boardStillWorks('after_fuzz');
  });
});
