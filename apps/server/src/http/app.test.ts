// The REST API over real HTTP against a real server on PGlite.
import { parseBoard } from '@stratus/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { type StratusServer, startServer } from '../server.ts';
import { threeTierTemplate } from '../testing/fixtures.ts';
import { api, pgliteDatabase, quietLog, testConfig } from '../testing/helpers.ts';

const template = threeTierTemplate();

let db: Database;
let server: StratusServer;
beforeAll(async () => {
  db = await pgliteDatabase();
  server = await startServer(testConfig({ webDist: '/nonexistent/web/dist' }), { db, log: quietLog });
});
afterAll(async () => {
  await server?.close();
  await db?.close();
});

describe('REST API', () => {
  it('creates, lists, reads, renames, exports and deletes a board', async () => {
    const c = await api(server.url, '/api/boards', { method: 'POST', body: { name: 'My board' } });
    expect(c.status).toBe(201);
    expect(c.json).toMatchObject({ name: 'My board' });
    expect(typeof c.json.id).toBe('string');
    expect(Date.parse(c.json.createdAt)).not.toBeNaN();
    const id = c.json.id;

    const list = await api(server.url, '/api/boards');
    expect(list.json.boards.map((b: { id: string }) => b.id)).toContain(id);
    expect((await api(server.url, `/api/boards/${id}`)).json.name).toBe('My board');

    const p = await api(server.url, `/api/boards/${id}`, { method: 'PATCH', body: { name: 'Renamed' } });
    expect(p.status).toBe(200);
    expect(p.json.name).toBe('Renamed');

    const ex = await api(server.url, `/api/boards/${id}/export`);
    expect(ex.status).toBe(200);
    expect(ex.json).toMatchObject({
      format: 'stratus.board',
      version: 1,
      name: 'Renamed',
      nodes: [],
      edges: [],
    });

    expect((await api(server.url, `/api/boards/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(server.url, `/api/boards/${id}`)).status).toBe(404);
    expect((await api(server.url, `/api/boards/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('round-trips a board file: import then export gives the same board', async () => {
    const c = await api(server.url, '/api/boards', { method: 'POST', body: { board: template } });
    expect(c.status).toBe(201);
    const ex = await api(server.url, `/api/boards/${c.json.id}/export`);
    const parsed = parseBoard(ex.json);
    expect(parsed.ok).toBe(true);
    const want = parseBoard(template);
    if (!parsed.ok || !want.ok) throw new Error('unreachable');
    expect(parsed.board).toEqual(want.board);
    expect(ex.headers.get('content-disposition')).toContain('.board.json');
  });

  it('answers bad input with clear 4xx errors', async () => {
    const bad = await api(server.url, '/api/boards', { method: 'POST', raw: '{"name": ' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_json');

    const empty = await api(server.url, '/api/boards', { method: 'POST', body: { name: '   ' } });
    expect(empty.status).toBe(400);
    expect(empty.json.error.issues[0]).toMatchObject({ path: '$.name' });

    const extra = await api(server.url, '/api/boards', { method: 'POST', body: { nmae: 'typo' } });
    expect(extra.status).toBe(400);

    const broken = { ...template, nodes: [{ ...template.nodes[0], kind: 'mainframe' }] };
    const inv = await api(server.url, '/api/boards', { method: 'POST', body: { board: broken } });
    expect(inv.status).toBe(422);
    expect(inv.json.error.code).toBe('invalid_board');
    expect(inv.json.error.issues[0].path).toMatch(/^\$\.board\.nodes\[0\]/);

    expect((await api(server.url, '/api/boards/nope')).json.error.code).toBe('not_found');
    expect((await api(server.url, '/api/boards/../../etc')).status).toBe(404);
    expect((await api(server.url, '/api/nothing')).status).toBe(404);
    const patch = await api(server.url, '/api/boards/abc', { method: 'PATCH', body: { name: 5 } });
    expect(patch.status).toBe(400);
  });

  it('reports health and serves a helpful page when the web app is not built', async () => {
    const h = await api(server.url, '/health');
    expect(h.status).toBe(200);
    expect(h.json).toMatchObject({ status: 'ok', database: { kind: 'pglite', ok: true } });
    const page = await api(server.url, '/b/some-board');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/web app is not built/);
  });
});
