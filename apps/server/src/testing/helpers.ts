// Test helpers: databases (shared PGlite template, real Postgres with a unique schema), real
// y-websocket clients, a real server process, polling.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type Config, loadConfig } from '../config.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { createLogger } from '../log.ts';

export const serverDir = join(import.meta.dirname, '../..');
export const isCI = process.env.CI === 'true' || process.env.CI === '1';
export const quietLog = createLogger((process.env.TEST_LOG_LEVEL as 'debug') ?? 'silent');

export function testConfig(over: Partial<Config> = {}, env: NodeJS.ProcessEnv = {}): Config {
  const base = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env });
  return { ...base, databaseUrl: undefined, ...over, limits: { ...base.limits, ...(over.limits ?? {}) } };
}

/** A migrated in-memory PGlite restored from the run's template. */
export async function pgliteDatabase(): Promise<Database> {
  const file = process.env.STRATUS_PGLITE_TEMPLATE;
  const pglite = file
    ? await PGlite.create({ loadDataDir: new Blob([readFileSync(file)]) })
    : new PGlite('memory://');
  return openDatabase({ dataDir: 'memory://', log: quietLog, pglite });
}

/** The Postgres base URL to test against, or undefined (with a printed reason) outside CI. */
export async function postgresBaseUrl(): Promise<string | undefined> {
  const url = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return url;
  } catch (e) {
    if (isCI) throw new Error(`CI=true but Postgres at ${url} is unreachable: ${(e as Error).message}`);
    console.log(`[skip] no Postgres reachable at ${url} (${(e as Error).message}); Postgres tests skipped`);
    return undefined;
  } finally {
    await c.end().catch(() => {});
  }
}

/** A fresh schema on the test Postgres; returns its URL (Prisma `?schema=` convention) and a dropper. */
export async function postgresSchema(base: string, label: string) {
  const schema = `t_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const u = new URL(base);
  u.searchParams.set('schema', schema);
  return {
    url: u.toString(),
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}

export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  synced(): Promise<void>;
  destroy(): void;
}

/** A stock y-websocket client (the npm package) on /sync/<boardId>. */
export function connectClient(
  baseUrl: string,
  boardId: string,
  opts: { token?: string; doc?: Y.Doc } = {},
): TestClient {
  const doc = opts.doc ?? new Y.Doc();
  const token = opts.token ?? ownerTokens.get(boardId);
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/sync', boardId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
    ...(token ? { params: { token } } : {}),
  });
  return {
    doc,
    provider,
    synced: () =>
      new Promise<void>((resolve) => {
        if (provider.synced) resolve();
        else provider.once('sync', (s: boolean) => s && resolve());
      }),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

export async function waitFor<T>(
  fn: () => T | Promise<T>,
  what: string,
  timeoutMs = 15_000,
  everyMs = 25,
): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/**
 * Owner tokens returned by `POST /api/boards` (boards have owners since issue 7), by board id:
 * `api` and `connectClient` present them for the board unless told otherwise.
 */
export const ownerTokens = new Map<string, string>();

export async function api(
  base: string,
  path: string,
  init: {
    method?: string;
    body?: unknown;
    raw?: string;
    token?: string | null;
    headers?: Record<string, string>;
  } = {},
) {
  const boardId = /^\/api\/boards\/([^/?#]+)/.exec(path)?.[1];
  const token =
    init.token === null ? undefined : (init.token ?? (boardId ? ownerTokens.get(boardId) : undefined));
  const res = await fetch(base + path, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body !== undefined || init.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...init.headers,
    },
    body: init.raw ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (res.status === 201 && path === '/api/boards' && json?.ownerToken)
    ownerTokens.set(json.id, json.ownerToken);
  return { status: res.status, json, text, headers: res.headers };
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  logs: string[];
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Spawns the real server (`tsx src/main.ts`) and waits for its listening log line. */
export async function spawnServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code, sig) => r(code ?? (sig ? -1 : null))),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error(`server did not start:\n${logs.join('\n')}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        logs.push(line);
        try {
          const rec = JSON.parse(line);
          if (rec.event === 'server.listening') {
            clearTimeout(t);
            resolve(rec.url);
          }
        } catch {}
      }
    });
    child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
    exited.then((c) => reject(new Error(`server exited (${c}) before listening:\n${logs.join('\n')}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    logs,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
