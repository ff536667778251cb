// Real y-websocket clients against a real server (in this process, on port 0) on PGlite.
import { addNode, docToBoard, nodesMap, updateNode } from '@stratus/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { type StratusServer, startServer } from '../server.ts';
import { api, pgliteDatabase, quietLog, testConfig, waitFor } from '../testing/helpers.ts';
import { threeTierTemplate, trackedClients } from '../testing/fixtures.ts';
import { MESSAGE_UPDATE_REFUSED } from './refusal.ts';

const template = threeTierTemplate();

let db: Database;
let server: StratusServer;
const { clients, client } = trackedClients(() => server.url);

beforeAll(async () => {
  db = await pgliteDatabase();
  server = await startServer(testConfig({ roomIdleMs: 200 }), {
    db,
    log: quietLog,
    access: ({ token }) =>
      token === 'view-token'
        ? { ok: true, role: 'view', userId: 'viewer-1' }
        : token === 'bad'
          ? { ok: false, reason: 'This link has expired.' }
          : { ok: true, role: 'edit' },
  });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
  await db?.close();
});

const node = (id: string, label: string) => ({
  id,
  kind: 'ec2-instance' as const,
  label,
  parentId: null,
  position: { x: 1, y: 2 },
  props: {},
});

async function storedBoard(id: string) {
  const loaded = await server.store.load(id);
  const doc = new Y.Doc();
  for (const u of loaded!.updates) Y.applyUpdate(doc, u);
  return docToBoard(doc);
}

describe('sync with stock y-websocket clients', () => {
  it('syncs a board created from a template, relays edits both ways, and stores them', async () => {
    const created = await api(server.url, '/api/boards', { method: 'POST', body: { board: template } });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect(created.json.name).toBe('Three-tier web app');

    const a = client(id);
    const b = client(id);
    await Promise.all([a.synced(), b.synced()]);
    expect(docToBoard(a.doc).nodes.length).toBe(template.nodes.length);

    addNode(a.doc, node('n_web1', 'web-1'));
    updateNode(b.doc, 'users', { label: 'Customers' });
    await waitFor(
      () =>
        nodesMap(b.doc).has('n_web1') &&
        docToBoard(a.doc).nodes.find((n) => n.id === 'users')?.label === 'Customers',
      'convergence',
    );
    expect(Y.encodeStateAsUpdate(a.doc)).toEqual(Y.encodeStateAsUpdate(b.doc));

    // Durable: what the database holds equals what the clients see.
    await waitFor(async () => {
      const b = await storedBoard(id);
      return (
        b.nodes.some((n) => n.id === 'n_web1') && b.nodes.find((n) => n.id === 'users')?.label === 'Customers'
      );
    }, 'durable write');
    const stored = await storedBoard(id);
    expect(stored.nodes.find((n) => n.id === 'users')?.label).toBe('Customers');
    expect(stored).toEqual(docToBoard(a.doc));
  });

  it('relays presence with a server-stamped identity and removes it when the socket closes', async () => {
    const { json } = await api(server.url, '/api/boards', { method: 'POST', body: { name: 'presence' } });
    const a = client(json.id);
    const b = client(json.id);
    await Promise.all([a.synced(), b.synced()]);
    a.provider.awareness.setLocalState({
      user: { name: 'Ann', color: '#f00', id: 'forged' },
      cursor: { x: 3, y: 4 },
      selection: [],
    });
    const seen = await waitFor(
      () => b.provider.awareness.getStates().get(a.doc.clientID) as any,
      'presence at b',
    );
    expect(seen.user.name).toBe('Ann');
    expect(seen.cursor).toEqual({ x: 3, y: 4 });
    expect(seen.user.id).not.toBe('forged');
    expect(seen.user.role).toBe('edit');
    a.provider.disconnect();
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 'presence removed');
  });

  it('gives each socket one awareness id: states it sends for other ids are ignored', async () => {
    const { json } = await api(server.url, '/api/boards', { method: 'POST', body: { name: 'one-id' } });
    const honest = client(json.id);
    const watcher = client(json.id);
    await Promise.all([honest.synced(), watcher.synced()]);
    honest.provider.awareness.setLocalState({
      user: { name: 'Honest', color: '#0f0' },
      cursor: null,
      selection: [],
    });
    await waitFor(() => watcher.provider.awareness.getStates().has(honest.doc.clientID), 'honest presence');
    // A raw socket announces itself, then tries to overwrite the honest user's state.
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/sync/${json.id}`);
    await new Promise((r) => ws.once('open', r));
    const frame = (clientId: number, clock: number, state: unknown) => {
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, 1);
      encoding.writeVarUint(inner, clientId);
      encoding.writeVarUint(inner, clock);
      encoding.writeVarString(inner, JSON.stringify(state));
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
      return encoding.toUint8Array(e);
    };
    ws.send(frame(777_001, 1, { user: { name: 'Mallory' }, cursor: { x: 1, y: 1 }, selection: [] }));
    ws.send(frame(honest.doc.clientID, 999, { user: { name: 'Hijacked' }, cursor: null, selection: [] }));
    await waitFor(() => watcher.provider.awareness.getStates().has(777_001), 'mallory presence');
    await new Promise((r) => setTimeout(r, 200));
    expect((watcher.provider.awareness.getStates().get(honest.doc.clientID) as any).user.name).toBe('Honest');
    ws.close();
    await waitFor(() => !watcher.provider.awareness.getStates().has(777_001), 'mallory removed on close');
  });

  it('closes connections to unknown boards with 4404 and to refused tokens with 4403', async () => {
    const c = client('does-not-exist');
    const code = await new Promise<number>((r) => c.provider.on('connection-close', (ev: any) => r(ev.code)));
    expect(code).toBe(4404);
    c.provider.disconnect();
    const { json } = await api(server.url, '/api/boards', { method: 'POST', body: {} });
    const d = client(json.id, 'bad');
    const ev = await new Promise<any>((r) => d.provider.on('connection-close', (e: any) => r(e)));
    expect(ev.code).toBe(4403);
    expect(ev.reason).toBe('This link has expired.');
    d.provider.disconnect();
  });

  it('lets a view-only connection read but rejects its edits; the stored board is untouched', async () => {
    const { json } = await api(server.url, '/api/boards', { method: 'POST', body: { board: template } });
    const viewer = client(json.id, 'view-token');
    await viewer.synced();
    expect(docToBoard(viewer.doc).nodes.length).toBe(template.nodes.length);
    const before = await storedBoard(json.id);
    // Dropped, and the viewer told so (refusal.test.ts has the details).
    const refused = new Promise<number>((r) => {
      viewer.provider.messageHandlers[MESSAGE_UPDATE_REFUSED] = (_e, _d, _p, _s, type) => r(type);
    });
    addNode(viewer.doc, node('n_sneaky', 'sneaky'));
    expect(await refused).toBe(MESSAGE_UPDATE_REFUSED);
    viewer.provider.disconnect();
    const editor = client(json.id);
    await editor.synced();
    expect(nodesMap(editor.doc).has('n_sneaky')).toBe(false);
    expect(await storedBoard(json.id)).toEqual(before);
  });

  it('keeps the board name in the database row and in the document in step', async () => {
    const { json } = await api(server.url, '/api/boards', { method: 'POST', body: { name: 'Before' } });
    const a = client(json.id);
    await a.synced();
    const r = await api(server.url, `/api/boards/${json.id}`, { method: 'PATCH', body: { name: 'After' } });
    expect(r.status).toBe(200);
    expect(r.json.name).toBe('After');
    await waitFor(() => a.doc.getMap('meta').get('name') === 'After', 'rename reaches the client');
    // A client renaming through the document updates the row.
    a.doc.getMap('meta').set('name', 'From client');
    await waitFor(
      async () => (await api(server.url, `/api/boards/${json.id}`)).json.name === 'From client',
      'row renamed',
    );
  });
});

it('config reads the environment once, with clear errors', () => {
  expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
  const c = loadConfig({ STRATUS_DATA_DIR: 'x/y', INIT_CWD: '/tmp/repo' });
  expect(c.dataDir).toBe('/tmp/repo/x/y');
  expect(c.port).toBe(3000);
});
