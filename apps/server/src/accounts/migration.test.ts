// The accounts migration keeps everything made before it: data written with the earlier
// migrations only (boards, updates, owner tokens, links, comments) is all there after it, and
// owner tokens and links still open their boards, over REST and the sync socket.
import { PGlite } from '@electric-sql/pglite';
import { boardToDoc, docToBoard, nodesMap } from '@stratus/model';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Database, openDatabase, pgliteRunner, pgRunner } from '../db/database.ts';
import { migrate, readMigrations, type SqlRunner } from '../db/migrate.ts';
import { hashToken, newToken } from '../review/tokens.ts';
import { addBareNode } from '../testing/fixtures.ts';
import { startServer } from '../server.ts';
import {
  api,
  connectClient,
  postgresBaseUrl,
  postgresSchema,
  quietLog,
  testConfig,
  waitFor,
} from '../testing/helpers.ts';

const ACCOUNTS = '20261207000000_accounts';
const pgBase = await postgresBaseUrl();
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of drops) await d();
});

/** Writes pre-accounts data with plain SQL (the old schema has no workspace columns). */
async function seed(runner: SqlRunner) {
  const doc = boardToDoc({ format: 'stratus.board', version: 1, name: 'Old board', nodes: [], edges: [] });
  addBareNode(doc, 'sqs-queue', 'web');
  const state = Y.encodeStateAsUpdate(doc);
  const owner = newToken('owner');
  const link = newToken('link');
  await runner.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO boards (id, name, snapshot, snapshot_seq) VALUES ('b_old1', 'Old board', NULL, 0)`,
    );
    await tx.query(`INSERT INTO board_updates (board_id, data) VALUES ('b_old1', $1)`, [state]);
    await tx.query(`INSERT INTO boards (id, name) VALUES ('b_open1', 'Unowned board')`);
    await tx.query(`INSERT INTO board_updates (board_id, data) VALUES ('b_open1', $1)`, [state]);
    await tx.query(`INSERT INTO board_owners (id, board_id, token_hash) VALUES ('own_1', 'b_old1', $1)`, [
      hashToken(owner),
    ]);
    await tx.query(
      `INSERT INTO share_links (id, board_id, role, token_hash, label) VALUES ('lnk_1', 'b_old1', 'comment', $1, 'team')`,
      [hashToken(link)],
    );
    await tx.query(
      `INSERT INTO comments (id, board_id, author_name, author_key, author_role, body, anchor_kind, node_id)
       VALUES ('cmt_1', 'b_old1', 'Ann', 'lnk_1', 'comment', 'Why EC2?', 'node', 'web')`,
    );
    await tx.query(
      `INSERT INTO comments (id, board_id, thread_id, author_name, author_key, author_role, body)
       VALUES ('cmt_2', 'b_old1', 'cmt_1', 'Bob', 'owner', 'owner', 'Legacy app')`,
    );
  });
  return { owner, link };
}

async function check(db: Database, tokens: { owner: string; link: string }) {
  const server = await startServer(testConfig(), { db, log: quietLog });
  try {
    // Still no account: setup is offered and the anonymous flow works as before.
    expect((await api(server.url, '/api/setup')).json).toEqual({ needed: true });
    const list = await api(server.url, '/api/boards');
    expect(list.json.boards.map((b: { id: string }) => b.id).sort()).toEqual(['b_old1', 'b_open1']);
    const asOwner = await api(server.url, '/api/boards/b_old1/access', { token: tokens.owner });
    expect(asOwner.json.role).toBe('owner');
    expect((await api(server.url, '/api/boards/b_old1/access', { token: tokens.link })).json.role).toBe(
      'comment',
    );
    expect((await api(server.url, '/api/boards/b_old1', { token: null })).status).toBe(401);
    expect((await api(server.url, '/api/boards/b_open1/access', { token: null })).json).toMatchObject({
      role: 'edit',
      open: true,
    });
    const comments = await api(server.url, '/api/boards/b_old1/comments', { token: tokens.owner });
    expect(comments.json.comments.map((c: { id: string; body: string }) => [c.id, c.body])).toEqual([
      ['cmt_1', 'Why EC2?'],
      ['cmt_2', 'Legacy app'],
    ]);
    const links = await api(server.url, '/api/boards/b_old1/links', { token: tokens.owner });
    expect(links.json.links).toMatchObject([
      { id: 'lnk_1', role: 'comment', label: 'team', status: 'active' },
    ]);
    const c = connectClient(server.url, 'b_old1', { token: tokens.owner });
    try {
      await c.synced();
      await waitFor(() => nodesMap(c.doc).has('web'), 'old node over sync');
      expect(docToBoard(c.doc).name).toBe('Old board');
    } finally {
      c.destroy();
    }
    // The rows have the new column, empty: no board was moved into a workspace.
    const rows = await db.prisma.board.findMany({
      select: { id: true, workspaceId: true },
      orderBy: { id: 'asc' },
    });
    expect(rows).toEqual([
      { id: 'b_old1', workspaceId: null },
      { id: 'b_open1', workspaceId: null },
    ]);
  } finally {
    await server.close();
  }
}

const before = readMigrations().filter((m) => m.name < ACCOUNTS);

// From the schema before accounts, every later migration (accounts, share-link creators, …) is
// applied by openDatabase; the data written under the old schema must all still be there.
describe('the migrations since accounts keep existing data', () => {
  it('the accounts migration comes after the two earlier ones', () => {
    expect(readMigrations().map((m) => m.name)).toContain(ACCOUNTS);
    expect(before.map((m) => m.name)).toEqual(['20261127070000_init', '20261127080000_review_links']);
  });

  it('on PGlite', async () => {
    const pglite = new PGlite('memory://');
    expect(await migrate(pgliteRunner(pglite), before)).toHaveLength(2);
    const tokens = await seed(pgliteRunner(pglite));
    const db = await openDatabase({ dataDir: 'memory://', log: quietLog, pglite });
    try {
      await check(db, tokens);
    } finally {
      await db.close();
    }
  });

  it.skipIf(!pgBase)('on Postgres', async () => {
    const s = await postgresSchema(pgBase!, 'acctmig');
    drops.push(s.drop);
    const client = new pg.Client({ connectionString: pgBase });
    await client.connect();
    let tokens: { owner: string; link: string };
    try {
      await client.query(`CREATE SCHEMA "${s.schema}"`);
      await client.query(`SET search_path TO "${s.schema}"`);
      expect(await migrate(pgRunner(client), before)).toHaveLength(2);
      tokens = await seed(pgRunner(client));
    } finally {
      await client.end();
    }
    const db = await openDatabase({ databaseUrl: s.url, dataDir: '', log: quietLog });
    try {
      await check(db, tokens);
    } finally {
      await db.close();
    }
  });
});
