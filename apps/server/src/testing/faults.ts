// Shared by the fault tests: clients that keep editing, what the database holds, a private
// redis-server, and free ports.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { docToBoard, nodesMap } from '@stratus/model';
import * as Y from 'yjs';
import { openDatabase } from '../db/database.ts';
import { prismaStore } from '../db/store.ts';
import { addBareNode } from './fixtures.ts';
import { isCI, quietLog, type TestClient, waitFor } from './helpers.ts';

/** Every client adds a node every `everyMs` until stop(); `made` lists every id added. */
export function keepEditing(clients: TestClient[], prefix: string, everyMs = 10) {
  const made: string[] = [];
  let on = true;
  const loops = clients.map(async (c, i) => {
    for (let k = 0; on; k++) {
      const id = `${prefix}${i}_${k}`;
      addBareNode(c.doc, 'sqs-queue', id);
      made.push(id);
      await new Promise((r) => setTimeout(r, everyMs));
    }
  });
  return {
    made,
    async stop() {
      on = false;
      await Promise.all(loops);
    },
  };
}

/** Ids in `want` that `doc` lacks. */
export const missingIn = (doc: Y.Doc, want: string[]) => {
  const m = nodesMap(doc);
  return want.filter((id) => !m.has(id));
};

/** Waits until every client holds every id in `want`. */
export async function waitConverged(clients: TestClient[], want: string[], what: string, ms = 30_000) {
  await waitFor(() => clients.every((c) => missingIn(c.doc, want).length === 0), what, ms).catch((e) => {
    const counts = clients.map((c) => want.length - missingIn(c.doc, want).length);
    throw new Error(`${(e as Error).message} (clients hold ${counts.join(', ')} of ${want.length})`);
  });
}

/** The node ids of a board as stored in the database (snapshot + log), read directly. */
export async function storedIds(databaseUrl: string, boardId: string): Promise<Set<string>> {
  const db = await openDatabase({ databaseUrl, dataDir: '', log: quietLog });
  try {
    const l = await prismaStore(db.prisma, db.ping).load(boardId);
    const d = new Y.Doc();
    for (const u of l?.updates ?? []) Y.applyUpdate(d, u);
    return new Set(docToBoard(d).nodes.map((n) => n.id));
  } finally {
    await db.close();
  }
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** A redis-server of our own (nothing on disk) on a free port, so the shared one is never disturbed. */
export async function ownRedis() {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const c = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', '/tmp'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = c;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      c.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ready to accept connections')) resolve();
      });
      c.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${out}`)));
    });
  };
  const stop = async (signal: NodeJS.Signals = 'SIGKILL') => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill(signal);
    await exited;
  };
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, start, stop };
}

/**
 * The shared test Redis (TEST_REDIS_URL), or undefined with a printed reason outside CI (`what` is
 * the test that is then skipped). With CI=true an unreachable Redis is a failure.
 */
export async function testRedisUrl(what = 'the multi-instance fault tests are'): Promise<string | undefined> {
  const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const { Redis } = await import('ioredis');
  const r = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1500,
    retryStrategy: () => null,
  });
  r.on('error', () => {});
  try {
    await r.connect();
    await r.ping();
    return url;
  } catch (e) {
    if (isCI) throw new Error(`CI=true but Redis at ${url} is unreachable: ${(e as Error).message}`);
    console.log(`[skip] no Redis at ${url}; ${what} skipped`);
    return undefined;
  } finally {
    r.disconnect();
  }
}

/** Whether redis-server can be started here (CI must have it). */
export function haveRedisServer(): boolean {
  const r = spawnSync('redis-server', ['--version']);
  if (r.status === 0) return true;
  if (isCI) throw new Error('CI=true but redis-server is not installed');
  console.log('[skip] redis-server is not installed; the Redis outage tests are skipped');
  return false;
}
