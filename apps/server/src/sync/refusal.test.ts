// Updates from view and comment connections: dropped, the socket kept open, and the client told
// with an "update refused" message (type 4). Stock y-websocket clients against a real server
// (this process, port 0) on PGlite.
import { addNode, deleteNodes, docToBoard, nodesMap, renameBoard } from '@stratus/model';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Database } from '../db/database.ts';
import { type StratusServer, startServer } from '../server.ts';
import {
  api,
  connectClient,
  pgliteDatabase,
  quietLog,
  type TestClient,
  testConfig,
  waitFor,
} from '../testing/helpers.ts';
import { threeTierTemplate, trackedClients } from '../testing/fixtures.ts';
import { MESSAGE_UPDATE_REFUSED, updateChangesDoc } from './refusal.ts';

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
        : token === 'comment-token'
          ? { ok: true, role: 'comment', userId: 'commenter-1' }
          : { ok: true, role: 'edit' },
  });
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
  await db?.close();
});

const node = (id: string) => ({
  id,
  kind: 'ec2-instance' as const,
  label: id,
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

async function newBoard() {
  const r = await api(server.url, '/api/boards', { method: 'POST', body: { board: threeTierTemplate() } });
  expect(r.status).toBe(201);
  return r.json.id as string;
}

/** Collects the reasons of "update refused" messages the client receives. */
function listenForRefusals(c: TestClient): string[] {
  const got: string[] = [];
  c.provider.messageHandlers[MESSAGE_UPDATE_REFUSED] = (_enc, dec) => {
    got.push(decoding.readVarString(dec));
  };
  return got;
}

describe('updates from read-only connections', () => {
  it.each(['view-token', 'comment-token'])(
    '%s: an added node and a deletion are refused with a message, the socket stays open, nothing is stored',
    async (token) => {
      const id = await newBoard();
      const owner = client(id);
      const reader = client(id, token);
      const refused = listenForRefusals(reader);
      await Promise.all([owner.synced(), reader.synced()]);
      const before = await storedBoard(id);

      addNode(reader.doc, node('sneaky'));
      await waitFor(() => refused.length === 1, 'refusal of the added node');
      expect(refused[0]).toMatch(/view the board but not edit it/);

      // A deletion alone (no new items, only a delete set) is refused too.
      deleteNodes(reader.doc, ['users']);
      await waitFor(() => refused.length === 2, 'refusal of the deletion');

      // The socket stayed open: the reader still receives the owner's edits.
      expect(reader.provider.wsconnected).toBe(true);
      renameBoard(owner.doc, `Renamed for ${token}`);
      await waitFor(() => reader.doc.getMap('meta').get('name') === `Renamed for ${token}`, 'live edit');
      await waitFor(async () => (await storedBoard(id)).name === `Renamed for ${token}`, 'owner edit stored');
      const after = await storedBoard(id);
      expect(after.nodes).toEqual(before.nodes);
      expect(nodesMap(owner.doc).has('sneaky')).toBe(false);
      expect(nodesMap(owner.doc).has('users')).toBe(true);
    },
  );

  it('a read-only client arriving with an edited offline copy is refused on its sync step 2', async () => {
    const id = await newBoard();
    const owner = client(id);
    await owner.synced();
    // The viewer's "IndexedDB": the server's state plus a local deletion and a rename.
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(owner.doc));
    deleteNodes(local, ['users']);
    renameBoard(local, 'Local only');
    const viewer = connectClient(server.url, id, { token: 'view-token', doc: local });
    clients.push(viewer);
    const refused = listenForRefusals(viewer);
    await waitFor(() => refused.length >= 1, 'refusal of the offline copy');
    expect(viewer.provider.wsconnected).toBe(true);
    const stored = await storedBoard(id);
    expect(stored.name).toBe('Three-tier web app');
    expect(stored.nodes.some((n) => n.id === 'users')).toBe(true);
  });

  it('a read-only client that only saw what the server has is never refused, even after deletions', async () => {
    const id = await newBoard();
    const owner = client(id);
    await owner.synced();
    deleteNodes(owner.doc, ['users']);
    const viewer = client(id, 'view-token');
    const refused = listenForRefusals(viewer);
    await viewer.synced();
    expect(nodesMap(viewer.doc).has('users')).toBe(false);
    // Reconnecting sends the server the whole delete set again: no change, no refusal.
    viewer.provider.disconnect();
    viewer.provider.connect();
    await waitFor(() => viewer.provider.synced && viewer.provider.wsconnected, 'reconnected');
    // The first refusal the viewer ever gets is the one for its own edit.
    renameBoard(viewer.doc, 'Mine');
    await waitFor(() => refused.length === 1, 'refusal of the rename');
    expect(refused).toHaveLength(1);
  });

  it('a stock client without a handler for type 4 ignores the message and stays connected', async () => {
    const id = await newBoard();
    const owner = client(id);
    const viewer = client(id, 'view-token');
    await Promise.all([owner.synced(), viewer.synced()]);
    const messages: number[] = [];
    viewer.provider.ws!.addEventListener('message', (ev: { data: unknown }) => {
      messages.push(new Uint8Array(ev.data as ArrayBuffer)[0]!);
    });
    addNode(viewer.doc, node('sneaky'));
    await waitFor(() => messages.includes(MESSAGE_UPDATE_REFUSED), 'refused message on the wire');
    renameBoard(owner.doc, 'Still live');
    await waitFor(() => viewer.doc.getMap('meta').get('name') === 'Still live', 'live edit after refusal');
    expect(viewer.provider.wsconnected).toBe(true);
  });
});

describe('updateChangesDoc', () => {
  it('sees new items and new deletions, and not what the document already has', () => {
    const server = new Y.Doc();
    addNode(server, node('a'));
    addNode(server, node('b'));
    deleteNodes(server, ['b']);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const same = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    expect(updateChangesDoc(server, same)).toBe(false);
    expect(updateChangesDoc(server, Y.encodeStateAsUpdate(client))).toBe(false);
    const del = new Y.Doc();
    Y.applyUpdate(del, Y.encodeStateAsUpdate(server));
    deleteNodes(del, ['a']);
    expect(updateChangesDoc(server, Y.encodeStateAsUpdate(del, Y.encodeStateVector(server)))).toBe(true);
    const add = new Y.Doc();
    Y.applyUpdate(add, Y.encodeStateAsUpdate(server));
    addNode(add, node('c'));
    expect(updateChangesDoc(server, Y.encodeStateAsUpdate(add, Y.encodeStateVector(server)))).toBe(true);
  });
});
