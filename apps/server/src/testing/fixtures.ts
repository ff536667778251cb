// Setup shared by the server's integration tests: the three-tier template, a tracked set of
// y-websocket clients, and a board with one client on each of two server URLs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addNode, type BoardNode, type NodeKind } from '@stratus/model';
import { afterAll } from 'vitest';
import type * as Y from 'yjs';
import { startServer } from '../server.ts';
import { FaultProxy } from './fault-proxy.ts';
import { api, connectClient, postgresSchema, quietLog, type TestClient, testConfig } from './helpers.ts';

/** The model's three-tier template file. */
export const THREE_TIER_PATH = join(
  import.meta.dirname,
  '../../../../packages/model/templates/three-tier.board.json',
);

/** The three-tier template as parsed JSON (a fresh copy on every call). */
export const threeTierTemplate = () => JSON.parse(readFileSync(THREE_TIER_PATH, 'utf8'));

/**
 * Clients connected through `client(boardId, token?)` against the server at `baseUrl()` are kept in
 * `clients` (tests may push others); destroy them all in `afterAll`.
 */
export function trackedClients(baseUrl: () => string) {
  const clients: TestClient[] = [];
  const client = (boardId: string, token?: string) => {
    const c = connectClient(baseUrl(), boardId, token ? { token } : {});
    clients.push(c);
    return c;
  };
  return { clients, client };
}

/**
 * Creates a board named `name` through `urlA`, connects client `a` through `urlA` and `b` through
 * `urlB` (they may be the same server), registers their teardown in `cleanups` and waits until
 * both are synced.
 */
export async function boardWithTwoClients(
  urlA: string,
  urlB: string,
  name: string,
  cleanups: Cleanup[],
): Promise<{ boardId: string; a: TestClient; b: TestClient }> {
  const { json } = await api(urlA, '/api/boards', { method: 'POST', body: { name } });
  const a = connectClient(urlA, json.id);
  const b = connectClient(urlB, json.id);
  const clients: TestClient[] = [a, b];
  cleanups.push(() => clients.forEach((c) => c.destroy()));
  await Promise.all([a.synced(), b.synced()]);
  return { boardId: json.id, a, b };
}

/** A teardown step; awaited when it returns a promise. */
export type Cleanup = () => unknown;

/** Teardown steps run after the file's tests, the last registered first. Call at module level. */
export function cleanupsAfterAll(): Cleanup[] {
  const cleanups: Cleanup[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  return cleanups;
}

/** Adds a root-level node of `kind` with id and label `id`, no props. */
export const addBareNode = (doc: Y.Doc, kind: NodeKind, id: string) =>
  addNode(doc, { id, kind, label: id, parentId: null, position: { x: 0, y: 0 }, props: {} } as BoardNode);

/**
 * A server (in this process) on a fresh Postgres schema that it reaches only through a fault
 * proxy, so a test can cut the database. Proxy, schema and server are torn down by `cleanups`.
 */
export async function serverBehindFaultProxy(
  pgBase: string,
  schemaName: string,
  cleanups: (() => unknown)[],
) {
  const target = new URL(pgBase);
  const proxy = await new FaultProxy(target.hostname, Number(target.port || 5432)).start();
  cleanups.push(() => proxy.close());
  const schema = await postgresSchema(pgBase, schemaName);
  cleanups.push(() => schema.drop());
  const viaProxy = new URL(schema.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  const server = await startServer(testConfig({ databaseUrl: viaProxy.toString() }), { log: quietLog });
  cleanups.push(() => server.close());
  return { proxy, schema, server };
}
