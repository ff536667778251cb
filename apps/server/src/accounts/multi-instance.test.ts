// Two server instances on one Postgres and one Redis: revoking a session through one instance
// closes that session's sockets on the other within a second; a role change too.
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type StratusServer, startServer } from '../server.ts';
import {
  postgresBaseUrl,
  postgresSchema,
  quietLog,
  serverDir,
  testConfig,
  waitFor,
} from '../testing/helpers.ts';
import { testRedisUrl } from '../testing/faults.ts';

const pgBase = await postgresBaseUrl();
const redisUrl = pgBase ? await testRedisUrl('the two-instance accounts test is') : undefined;
const ready = redisUrl !== undefined;
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function call(
  base: string,
  path: string,
  init: { method?: string; body?: unknown; cookie?: string } = {},
) {
  const csrf = /stratus_csrf=([^;]+)/.exec(init.cookie ?? '')?.[1];
  const r = await fetch(base + path, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.cookie ? { cookie: init.cookie } : {}),
      ...(csrf && init.method && init.method !== 'GET' ? { 'x-csrf-token': decodeURIComponent(csrf) } : {}),
    },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
  });
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : undefined, cookie };
}

function socketWithCookie(base: string, boardId: string, cookie: string) {
  class WS extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  const doc = new Y.Doc();
  const closes: { code: number; at: number }[] = [];
  const provider = new WebsocketProvider(base.replace(/^http/, 'ws') + '/sync', boardId, doc, {
    WebSocketPolyfill: WS as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  provider.on('connection-close', (e: { code: number } | null) => {
    if (e) closes.push({ code: e.code, at: performance.now() });
    provider.shouldConnect = false;
  });
  cleanups.push(() => {
    provider.destroy();
    doc.destroy();
  });
  return { provider, closes };
}

describe.runIf(ready)('accounts across two instances (Postgres + Redis)', () => {
  it('revoking a session or changing a role on one instance closes the sockets on the other', async () => {
    const s = await postgresSchema(pgBase!, 'acct2');
    cleanups.push(() => s.drop());
    const cfg = testConfig({ databaseUrl: s.url, redisUrl });
    const a: StratusServer = await startServer(cfg, { log: quietLog });
    cleanups.push(() => a.close());
    const b: StratusServer = await startServer(cfg, { log: quietLog });
    cleanups.push(() => b.close());

    const setup = await call(a.url, '/api/setup', {
      method: 'POST',
      body: { email: 'root@example.com', password: 'root password!' },
    });
    expect(setup.status).toBe(201);
    const ws = setup.json.workspace.id;
    const board = await call(a.url, '/api/boards', {
      method: 'POST',
      body: { name: 'Shared' },
      cookie: setup.cookie,
    });
    expect(board.status).toBe(201);
    const second = await call(b.url, '/api/auth/signin', {
      method: 'POST',
      body: { email: 'root@example.com', password: 'root password!' },
    });
    const onB = socketWithCookie(b.url, board.json.id, second.cookie);
    await waitFor(() => onB.provider.synced, 'socket on b synced');
    const sessions = await call(a.url, '/api/auth/sessions', { cookie: setup.cookie });
    const target = sessions.json.sessions.find((x: { current: boolean }) => !x.current);
    const t0 = performance.now();
    expect(
      (await call(a.url, `/api/auth/sessions/${target.id}`, { method: 'DELETE', cookie: setup.cookie }))
        .status,
    ).toBe(204);
    const c = await waitFor(() => onB.closes[0], 'socket on b closed', 5000);
    console.log(`[revoke across instances] closed after ${(c.at - t0).toFixed(0)} ms`);
    expect(c.code).toBe(4403);
    expect(c.at - t0).toBeLessThan(1000);

    // A member whose role changes on A is disconnected on B (to reconnect with the new role).
    await call(a.url, '/api/auth/signup', {
      method: 'POST',
      body: { email: 'ed@example.com', password: 'editor password' },
    });
    const inv = await call(a.url, `/api/workspaces/${ws}/invites`, {
      method: 'POST',
      body: { role: 'editor', email: 'ed@example.com' },
      cookie: setup.cookie,
    });
    expect(inv.status).toBe(201);
    const ed = await call(b.url, '/api/auth/signin', {
      method: 'POST',
      body: { email: 'ed@example.com', password: 'editor password' },
    });
    expect(ed.json.workspaces).toEqual([{ id: ws, name: 'My workspace', role: 'editor' }]);
    const edOnB = socketWithCookie(b.url, board.json.id, ed.cookie);
    await waitFor(() => edOnB.provider.synced, 'editor socket on b synced');
    const t1 = performance.now();
    expect(
      (
        await call(a.url, `/api/workspaces/${ws}/members/${ed.json.account.id}`, {
          method: 'PATCH',
          body: { role: 'viewer' },
          cookie: setup.cookie,
        })
      ).status,
    ).toBe(200);
    const c2 = await waitFor(() => edOnB.closes[0], 'editor socket on b closed', 5000);
    expect(c2.code).toBe(1013);
    expect(c2.at - t1).toBeLessThan(1000);
  });

  it('the command-line password reset closes the account’s open sockets on a running server (over Redis)', async () => {
    const s = await postgresSchema(pgBase!, 'acct3');
    cleanups.push(() => s.drop());
    const a: StratusServer = await startServer(testConfig({ databaseUrl: s.url, redisUrl }), {
      log: quietLog,
    });
    cleanups.push(() => a.close());
    const setup = await call(a.url, '/api/setup', {
      method: 'POST',
      body: { email: 'root@example.com', password: 'root password!' },
    });
    expect(setup.status).toBe(201);
    const board = await call(a.url, '/api/boards', {
      method: 'POST',
      body: { name: 'Open' },
      cookie: setup.cookie,
    });
    expect(board.status).toBe(201);
    const open = socketWithCookie(a.url, board.json.id, setup.cookie);
    await waitFor(() => open.provider.synced, 'socket synced');

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/accounts/reset-password.ts', 'root@example.com', '--stdin'],
      {
        cwd: serverDir,
        env: {
          ...process.env,
          LOG_LEVEL: 'silent',
          DATABASE_URL: s.url,
          REDIS_URL: redisUrl,
          STRATUS_DATA_DIR: '',
        },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.stdin.end('a brand new password\n');
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    const exitedAt = performance.now();
    expect(code, out).toBe(0);
    const c = await waitFor(() => open.closes[0], 'socket closed after the reset', 5000);
    console.log(
      `[reset-password] socket closed ${(c.at - exitedAt).toFixed(0)} ms relative to the CLI's exit`,
    );
    expect(c.code).toBe(4403);
    expect(c.at - exitedAt).toBeLessThan(1000);
    expect((await call(a.url, '/api/auth/me', { cookie: setup.cookie })).status).toBe(401);
  });
});
