// Accounts, sessions, CSRF, workspaces, roles, audit log and first run (issue 11) against a real
// server (port 0) over real HTTP and stock y-websocket clients, on PGlite and, when reachable,
// real Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import type { Database } from '../db/database.ts';
import { MESSAGE_UPDATE_REFUSED } from '../sync/refusal.ts';
import { openDatabase } from '../db/database.ts';
import { type StratusServer, startServer } from '../server.ts';
import {
  pgliteDatabase,
  postgresBaseUrl,
  postgresSchema,
  quietLog,
  testConfig,
  waitFor,
} from '../testing/helpers.ts';

const pgBase = await postgresBaseUrl();
const kinds = ['pglite', ...(pgBase ? ['postgres'] : [])] as const;

/** A cookie jar per simulated browser. */
class Agent {
  cookies = new Map<string, string>();
  constructor(readonly base: () => string) {}
  get csrf() {
    return this.cookies.get('stratus_csrf');
  }
  get cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async req(
    path: string,
    init: { method?: string; body?: unknown; token?: string; csrf?: boolean | string; origin?: string } = {},
  ) {
    const method = init.method ?? 'GET';
    const csrf = init.csrf ?? method !== 'GET';
    const res = await fetch(this.base() + path, {
      method,
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookies.size ? { cookie: this.cookieHeader } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(csrf && this.csrf ? { 'x-csrf-token': typeof csrf === 'string' ? csrf : this.csrf } : {}),
        ...(init.origin ? { origin: init.origin } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const i = kv!.indexOf('=');
      const k = kv!.slice(0, i);
      const v = kv!.slice(i + 1);
      if (!v || /Expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: res.status, json, headers: res.headers };
  }
}

function socket(
  base: string,
  boardId: string,
  opts: { agent?: Agent; token?: string; origin?: string } = {},
) {
  const doc = new Y.Doc();
  const headers: Record<string, string> = {};
  if (opts.agent?.cookies.size) headers.cookie = opts.agent.cookieHeader;
  if (opts.origin) headers.origin = opts.origin;
  class WS extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const closes: { code: number; reason: string; at: number }[] = [];
  const provider = new WebsocketProvider(base.replace(/^http/, 'ws') + '/sync', boardId, doc, {
    WebSocketPolyfill: WS as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: true,
    maxBackoffTime: 60_000,
    ...(opts.token ? { params: { token: opts.token } } : {}),
  });
  provider.on('connection-close', (e: any) => {
    if (e) closes.push({ code: e.code, reason: e.reason, at: performance.now() });
    provider.shouldConnect = false;
  });
  return {
    doc,
    provider,
    closes,
    synced: () => waitFor(() => provider.synced, 'socket synced'),
    /** The first close code, once closed. */
    closed: () => waitFor(() => closes[0], 'socket closed'),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

for (const kind of kinds) {
  describe(`accounts on ${kind}`, () => {
    let db: Database;
    let server: StratusServer;
    let drop: (() => Promise<void>) | undefined;
    const base = () => server.url;
    const sockets: ReturnType<typeof socket>[] = [];

    beforeAll(async () => {
      if (kind === 'pglite') db = await pgliteDatabase();
      else {
        const s = await postgresSchema(pgBase!, 'accounts');
        drop = s.drop;
        db = await openDatabase({ databaseUrl: s.url, dataDir: '', log: quietLog });
      }
      server = await startServer(testConfig({ roomIdleMs: 300 }), {
        db,
        log: quietLog,
        accountLimits: {
          signinPerEmail: { max: 3, windowMs: 60_000 },
          signinPerClient: { max: 1000, windowMs: 60_000 },
        },
      });
    });
    afterAll(async () => {
      for (const s of sockets) s.destroy();
      await server?.close();
      await db?.close();
      await drop?.();
    });

    // Shared state built up by the tests below, in order.
    const admin = new Agent(base);
    const editor = new Agent(base);
    const viewer = new Agent(base);
    const outsider = new Agent(base);
    const anon = new Agent(base);
    let ws = '';
    let legacyId = '';
    let legacyOwner = '';

    it('a fresh instance keeps the anonymous owner-token flow and offers setup', async () => {
      expect((await anon.req('/api/setup')).json).toEqual({ needed: true });
      const b = await anon.req('/api/boards', { method: 'POST', body: { name: 'Legacy' } });
      expect(b.status).toBe(201);
      legacyId = b.json.id;
      legacyOwner = b.json.ownerToken;
      // Before any account, the list is as before accounts.
      const list = await anon.req('/api/boards');
      expect(list.json.boards.map((x: any) => x.id)).toContain(legacyId);
    });

    it('setup creates the first admin, signs in, and cannot run twice', async () => {
      const bad = await admin.req('/api/setup', { method: 'POST', body: { email: 'x', password: 'short' } });
      expect(bad.status).toBe(400);
      const r = await admin.req('/api/setup', {
        method: 'POST',
        body: { email: 'Admin@Example.com', password: 'correct horse battery', workspaceName: 'Acme' },
      });
      expect(r.status).toBe(201);
      expect(r.json.workspace.role).toBe('admin');
      ws = r.json.workspace.id;
      const setCookie = r.headers.getSetCookie().join('\n');
      expect(setCookie).toMatch(/stratus_session=ss_[^;]+;.*HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      expect(setCookie).not.toMatch(/stratus_csrf=[^;]+;[^\n]*HttpOnly/);
      expect((await admin.req('/api/auth/me')).json.account.email).toBe('admin@example.com');
      expect((await anon.req('/api/setup')).json).toEqual({ needed: false });
      const again = await anon.req('/api/setup', {
        method: 'POST',
        body: { email: 'evil@example.com', password: 'another password' },
      });
      expect(again.status).toBe(409);
    });

    it('sign-up gives the same answer for new and existing emails; sign-in does not enumerate', async () => {
      const fresh = await anon.req('/api/auth/signup', {
        method: 'POST',
        body: { email: 'ed@example.com', password: 'editor password 1' },
      });
      const taken = await anon.req('/api/auth/signup', {
        method: 'POST',
        body: { email: 'admin@example.com', password: 'attacker password' },
      });
      expect(fresh.status).toBe(202);
      expect(taken.status).toBe(202);
      expect(taken.json).toEqual(fresh.json);
      expect(taken.headers.getSetCookie()).toEqual([]);
      // The existing account's password was not changed.
      const a2 = new Agent(base);
      expect(
        (
          await a2.req('/api/auth/signin', {
            method: 'POST',
            body: { email: 'admin@example.com', password: 'correct horse battery' },
          })
        ).status,
      ).toBe(200);

      const time = async (email: string) => {
        const t = performance.now();
        const r = await anon.req('/api/auth/signin', {
          method: 'POST',
          body: { email, password: 'wrong password!' },
        });
        return { r, ms: performance.now() - t };
      };
      const unknown = await time('nobody@example.com');
      const wrong = await time('ed@example.com');
      expect(unknown.r.status).toBe(401);
      expect(wrong.r.status).toBe(401);
      expect(unknown.r.json).toEqual(wrong.r.json);
      // Both paths run one argon2id verification: neither is an order of magnitude faster.
      const ratio = Math.max(unknown.ms, wrong.ms) / Math.min(unknown.ms, wrong.ms);
      console.log(
        `[timing] unknown email ${unknown.ms.toFixed(1)} ms, wrong password ${wrong.ms.toFixed(1)} ms`,
      );
      expect(ratio).toBeLessThan(5);
    });

    it('throttles sign-in per email, for known and unknown emails alike', async () => {
      for (const email of ['throttle@example.com', 'ed@example.com']) {
        const codes: number[] = [];
        for (let i = 0; i < 4; i++) {
          codes.push(
            (
              await anon.req('/api/auth/signin', {
                method: 'POST',
                body: { email, password: 'wrong password?' },
              })
            ).status,
          );
        }
        // ed@ already failed once above: 3 failures allowed per window in this test server.
        expect(codes.at(-1)).toBe(429);
        expect(codes.filter((c) => c === 401).length).toBeGreaterThan(0);
      }
      // The right password is refused too while throttled.
      const r = await editor.req('/api/auth/signin', {
        method: 'POST',
        body: { email: 'ed@example.com', password: 'editor password 1' },
      });
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
    });

    it('admin invites by link and by email; invites become memberships', async () => {
      const link = await admin.req(`/api/workspaces/${ws}/invites`, {
        method: 'POST',
        body: { role: 'viewer', expiresInHours: 1 },
      });
      expect(link.status).toBe(201);
      expect(link.json.token).toMatch(/^si_/);
      const byEmail = await admin.req(`/api/workspaces/${ws}/invites`, {
        method: 'POST',
        body: { role: 'editor', email: 'Edna@example.com' },
      });
      expect(byEmail.status).toBe(201);
      expect(byEmail.json.token).toBeUndefined();
      // Editor: signs up with the invited email, then signs in: matched.
      await anon.req('/api/auth/signup', {
        method: 'POST',
        body: { email: 'edna@example.com', password: 'editor password 2' },
      });
      const si = await editor.req('/api/auth/signin', {
        method: 'POST',
        body: { email: 'edna@example.com', password: 'editor password 2' },
      });
      expect(si.status).toBe(200);
      expect(si.json.workspaces).toEqual([{ id: ws, name: 'Acme', role: 'editor' }]);
      // Viewer: accepts the link invite.
      await anon.req('/api/auth/signup', {
        method: 'POST',
        body: { email: 'vic@example.com', password: 'viewer password' },
      });
      await viewer.req('/api/auth/signin', {
        method: 'POST',
        body: { email: 'vic@example.com', password: 'viewer password' },
      });
      const acc = await viewer.req('/api/invites/accept', {
        method: 'POST',
        body: { token: link.json.token },
      });
      expect(acc.json).toEqual({ workspaceId: ws, role: 'viewer' });
      const reuse = await outsider.req('/api/invites/accept', {
        method: 'POST',
        body: { token: link.json.token },
      });
      expect(reuse.status).toBe(401); // not signed in
      await anon.req('/api/auth/signup', {
        method: 'POST',
        body: { email: 'out@example.com', password: 'outsider password' },
      });
      await outsider.req('/api/auth/signin', {
        method: 'POST',
        body: { email: 'out@example.com', password: 'outsider password' },
      });
      expect(
        (await outsider.req('/api/invites/accept', { method: 'POST', body: { token: link.json.token } }))
          .status,
      ).toBe(404);
      // Members are listed to members only; only admins change roles or invite.
      expect((await viewer.req(`/api/workspaces/${ws}/members`)).json.members).toHaveLength(3);
      expect((await outsider.req(`/api/workspaces/${ws}/members`)).status).toBe(404);
      expect(
        (await editor.req(`/api/workspaces/${ws}/invites`, { method: 'POST', body: { role: 'admin' } }))
          .status,
      ).toBe(403);
    });

    it('CSRF: a cookie-authenticated mutation without the token is refused with 403', async () => {
      const none = await admin.req('/api/workspaces', { method: 'POST', body: { name: 'X' }, csrf: false });
      expect(none.status).toBe(403);
      expect(none.json.error.code).toBe('csrf');
      expect(none.json.error.message).toMatch(/X-CSRF-Token/);
      const wrong = await admin.req('/api/boards', { method: 'POST', body: { name: 'X' }, csrf: 'nope' });
      expect(wrong.status).toBe(403);
      const wrongSignout = await admin.req('/api/auth/signout', { method: 'POST', csrf: false });
      expect(wrongSignout.status).toBe(403);
      // Sign-in from a foreign origin is refused (login CSRF).
      const foreign = await anon.req('/api/auth/signin', {
        method: 'POST',
        body: { email: 'a@b.c', password: 'x' },
        origin: 'https://evil.example',
      });
      expect(foreign.status).toBe(403);
      // Token-only callers (no cookie) are unaffected.
      const legacy = await anon.req(`/api/boards/${legacyId}`, {
        method: 'PATCH',
        body: { name: 'Legacy 2' },
        token: legacyOwner,
      });
      expect(legacy.status).toBe(200);
    });

    let wsBoard = '';
    const links: Record<string, string> = {};

    it('a signed-in member creates workspace boards; GET /api/boards lists only what each may see', async () => {
      const b = await editor.req('/api/boards', { method: 'POST', body: { name: 'Team board' } });
      expect(b.status).toBe(201);
      expect(b.json.workspaceId).toBe(ws);
      expect(b.json.ownerToken).toBeUndefined();
      wsBoard = b.json.id;
      expect(
        (await viewer.req('/api/boards', { method: 'POST', body: { name: 'v', workspaceId: ws } })).status,
      ).toBe(403);
      const ids = async (a: Agent) => ((await a.req('/api/boards')).json.boards as any[]).map((x) => x.id);
      expect(await ids(admin)).toEqual([wsBoard]);
      expect(await ids(viewer)).toEqual([wsBoard]);
      expect(await ids(outsider)).toEqual([]);
      expect(await ids(anon)).toEqual([]);
      for (const role of ['view', 'comment', 'edit']) {
        const l = await admin.req(`/api/boards/${wsBoard}/links`, { method: 'POST', body: { role } });
        expect(l.status).toBe(201);
        links[role] = l.json.token;
      }
      // The share dialog names who made each link: the signed-in admin here.
      const made = (await admin.req(`/api/boards/${wsBoard}/links`)).json.links as { createdBy: string }[];
      expect(made.map((l) => l.createdBy)).toEqual([
        'admin@example.com',
        'admin@example.com',
        'admin@example.com',
      ]);
      expect(
        (await editor.req(`/api/boards/${wsBoard}/links`, { method: 'POST', body: { role: 'view' } })).status,
      ).toBe(403);
      // A workspace board has no owner token, and nobody can claim one for it.
      const claim = await anon.req(`/api/boards/${wsBoard}/claim`, { method: 'POST' });
      expect(claim.status).toBe(409);
      expect(claim.json.error.code).toBe('in_workspace');
    });

    it('every caller gets exactly its role on a workspace board (REST), member and link combined', async () => {
      type Who = { agent: Agent; token?: string };
      const who: Record<string, Who> = {
        admin: { agent: admin },
        editor: { agent: editor },
        viewer: { agent: viewer },
        nonMember: { agent: outsider },
        anonymous: { agent: anon },
        'view link': { agent: anon, token: links.view! },
        'comment link': { agent: anon, token: links.comment! },
        'edit link': { agent: anon, token: links.edit! },
        'admin + view link': { agent: admin, token: links.view! },
        'viewer + edit link': { agent: viewer, token: links.edit! },
        'editor + comment link': { agent: editor, token: links.comment! },
        'nonMember + edit link': { agent: outsider, token: links.edit! },
      };
      // [caller, role reported by /access, read, comment, rename, list links]
      const table: [string, string | number, number, number, number, number][] = [
        ['admin', 'owner', 200, 201, 200, 200],
        ['editor', 'edit', 200, 201, 200, 403],
        ['viewer', 'view', 200, 403, 403, 403],
        ['nonMember', 403, 403, 403, 403, 403],
        ['anonymous', 401, 401, 401, 401, 401],
        ['view link', 'view', 200, 403, 403, 403],
        ['comment link', 'comment', 200, 201, 403, 403],
        ['edit link', 'edit', 200, 201, 200, 403],
        ['admin + view link', 'view', 200, 403, 403, 403],
        ['viewer + edit link', 'view', 200, 403, 403, 403],
        ['editor + comment link', 'comment', 200, 201, 403, 403],
        ['nonMember + edit link', 'edit', 200, 201, 200, 403],
      ];
      for (const [name, role, read, comment, rename, listLinks] of table) {
        const { agent, token } = who[name]!;
        const t = token ? { token } : {};
        const access = await agent.req(`/api/boards/${wsBoard}/access`, t);
        const got = [
          access.status === 200 ? access.json.role : access.status,
          (await agent.req(`/api/boards/${wsBoard}`, t)).status,
          (await agent.req(`/api/boards/${wsBoard}/comments`, { ...t, method: 'POST', body: { body: name } }))
            .status,
          (await agent.req(`/api/boards/${wsBoard}`, { ...t, method: 'PATCH', body: { name: 'Team board' } }))
            .status,
          (await agent.req(`/api/boards/${wsBoard}/links`, t)).status,
        ];
        expect([name, ...got]).toEqual([name, role, read, comment, rename, listLinks]);
      }
    });

    it('a board without a workspace keeps the owner-token rules; a session adds nothing', async () => {
      const b = await anon.req('/api/boards', { method: 'POST', body: { name: 'Tokens only' } });
      expect(b.status).toBe(201);
      expect(b.json.ownerToken).toMatch(/^so_/);
      const id = b.json.id as string;
      const owner = b.json.ownerToken as string;
      const view = (
        await anon.req(`/api/boards/${id}/links`, { method: 'POST', body: { role: 'view' }, token: owner })
      ).json.token as string;
      // [caller, agent, token, role or status from /access, rename status]
      const table: [string, Agent, string | undefined, string | number, number][] = [
        ['anonymous', anon, undefined, 401, 401],
        ['admin session only', admin, undefined, 401, 401],
        ['owner token', anon, owner, 'owner', 200],
        ['admin + owner token', admin, owner, 'owner', 200],
        ['view link', anon, view, 'view', 403],
        ['admin + view link', admin, view, 'view', 403],
      ];
      for (const [name, agent, token, role, rename] of table) {
        const t = token ? { token } : {};
        const access = await agent.req(`/api/boards/${id}/access`, t);
        const got = [
          access.status === 200 ? access.json.role : access.status,
          (await agent.req(`/api/boards/${id}`, { ...t, method: 'PATCH', body: { name: 'Tokens only' } }))
            .status,
        ];
        expect([name, ...got]).toEqual([name, role, rename]);
      }
      const s = socket(base(), id, { token: owner });
      sockets.push(s);
      await s.synced();
      const denied = socket(base(), id, { agent: admin });
      sockets.push(denied);
      expect((await denied.closed()).code).toBe(4403);
    });

    it('every caller gets exactly its role on the sync socket', async () => {
      // [caller, may connect, may edit]
      const table: [string, Agent, string | undefined, boolean, boolean][] = [
        ['admin', admin, undefined, true, true],
        ['editor', editor, undefined, true, true],
        ['viewer', viewer, undefined, true, false],
        ['nonMember', outsider, undefined, false, false],
        ['anonymous', anon, undefined, false, false],
        ['view link', anon, links.view, true, false],
        ['comment link', anon, links.comment, true, false],
        ['edit link', anon, links.edit, true, true],
        ['admin + view link', admin, links.view, true, false],
        ['viewer + edit link', viewer, links.edit, true, false],
      ];
      const watcher = socket(base(), wsBoard, { agent: admin });
      sockets.push(watcher);
      await watcher.synced();
      for (const [name, agent, token, connects, edits] of table) {
        const s = socket(base(), wsBoard, { agent, ...(token ? { token } : {}) });
        sockets.push(s);
        if (!connects) {
          const c = await s.closed();
          expect([name, c.code]).toEqual([name, 4403]);
          continue;
        }
        const refused: string[] = [];
        s.provider.messageHandlers[MESSAGE_UPDATE_REFUSED] = (_e, dec) => {
          refused.push(decoding.readVarString(dec));
        };
        await s.synced();
        s.doc.getMap('probe').set(name, 1);
        if (edits) {
          await waitFor(() => watcher.doc.getMap('probe').get(name) === 1, `${name}'s edit arrives`);
        } else {
          // The server refuses the update (refusal.ts) and never forwards it.
          await waitFor(() => refused.length > 0, `${name}'s edit is refused`);
          const mark = `after-${name}`;
          watcher.doc.getMap('probe').set(mark, 1);
          await waitFor(() => s.doc.getMap('probe').get(mark) === 1, 'later edit arrives');
          expect(watcher.doc.getMap('probe').has(name)).toBe(false);
        }
        s.destroy();
      }
      // A session cookie on a socket opened from a foreign origin does not count.
      const hijack = socket(base(), wsBoard, { agent: admin, origin: 'https://evil.example' });
      sockets.push(hijack);
      expect((await hijack.closed()).code).toBe(4403);
    });

    it('revoking a session closes its live sockets within 1 s; other sessions stay', async () => {
      const laptop = new Agent(base);
      await laptop.req('/api/auth/signin', {
        method: 'POST',
        body: { email: 'edna@example.com', password: 'editor password 2' },
      });
      const mine = socket(base(), wsBoard, { agent: laptop });
      const other = socket(base(), wsBoard, { agent: editor });
      sockets.push(mine, other);
      await Promise.all([mine.synced(), other.synced()]);
      const list = await editor.req('/api/auth/sessions');
      expect(list.json.sessions).toHaveLength(2);
      const target = list.json.sessions.find((s: any) => !s.current);
      const t0 = performance.now();
      const r = await editor.req(`/api/auth/sessions/${target.id}`, { method: 'DELETE' });
      expect(r.status).toBe(204);
      const c = await mine.closed();
      const ms = c.at - t0;
      console.log(`[revoke] socket closed ${ms.toFixed(0)} ms after the revoke request`);
      expect(c.code).toBe(4403);
      expect(ms).toBeLessThan(1000);
      expect(other.closes).toEqual([]);
      expect((await laptop.req('/api/auth/me')).status).toBe(401);
      expect((await editor.req('/api/auth/sessions')).json.sessions).toHaveLength(1);
      // Someone else's session id is not found.
      expect((await outsider.req(`/api/auth/sessions/${target.id}`, { method: 'DELETE' })).status).toBe(404);
    });

    it('claiming an owner-token board into a workspace; owner tokens work until then', async () => {
      // Not the owner token holder: refused.
      expect(
        (await editor.req(`/api/boards/${legacyId}/workspace`, { method: 'POST', body: { workspaceId: ws } }))
          .status,
      ).toBe(401);
      // A viewer cannot claim into the workspace even with the token.
      expect(
        (
          await viewer.req(`/api/boards/${legacyId}/workspace`, {
            method: 'POST',
            body: { workspaceId: ws },
            token: legacyOwner,
          })
        ).status,
      ).toBe(403);
      expect((await anon.req(`/api/boards/${legacyId}/access`, { token: legacyOwner })).json.role).toBe(
        'owner',
      );
      const c = await editor.req(`/api/boards/${legacyId}/workspace`, {
        method: 'POST',
        body: { workspaceId: ws },
        token: legacyOwner,
      });
      expect(c.status).toBe(200);
      const after = await anon.req(`/api/boards/${legacyId}/access`, { token: legacyOwner });
      expect(after.status).toBe(403);
      expect(after.json.error.code).toBe('owner_token_retired');
      expect((await viewer.req(`/api/boards/${legacyId}/access`)).json.role).toBe('view');
      expect(
        (
          await editor.req(`/api/boards/${legacyId}/workspace`, {
            method: 'POST',
            body: { workspaceId: ws },
            token: legacyOwner,
          })
        ).status,
      ).toBe(409);
    });

    it('deleting, role changes and the audit log (admins only)', async () => {
      expect((await editor.req(`/api/boards/${legacyId}`, { method: 'DELETE' })).status).toBe(403);
      expect((await admin.req(`/api/boards/${legacyId}`, { method: 'DELETE' })).status).toBe(204);
      const members = (await admin.req(`/api/workspaces/${ws}/members`)).json.members as any[];
      const vic = members.find((m) => m.email === 'vic@example.com');
      expect(
        (
          await editor.req(`/api/workspaces/${ws}/members/${vic.accountId}`, {
            method: 'PATCH',
            body: { role: 'editor' },
          })
        ).status,
      ).toBe(403);
      const vicSocket = socket(base(), wsBoard, { agent: viewer });
      sockets.push(vicSocket);
      await vicSocket.synced();
      const up = await admin.req(`/api/workspaces/${ws}/members/${vic.accountId}`, {
        method: 'PATCH',
        body: { role: 'editor' },
      });
      expect(up.status).toBe(200);
      // The socket opened as a viewer is closed so that it reconnects with the new role.
      expect((await vicSocket.closed()).code).toBe(1013);
      const me = members.find((m) => m.email === 'admin@example.com');
      expect(
        (
          await admin.req(`/api/workspaces/${ws}/members/${me.accountId}`, {
            method: 'PATCH',
            body: { role: 'viewer' },
          })
        ).status,
      ).toBe(409);
      // A failed sign-in to a member's account is an event of the member's workspaces.
      expect(
        (
          await anon.req('/api/auth/signin', {
            method: 'POST',
            body: { email: 'admin@example.com', password: 'wrong password?' },
          })
        ).status,
      ).toBe(401);
      const linkId = (await admin.req(`/api/boards/${wsBoard}/links`)).json.links[0].id;
      expect((await admin.req(`/api/boards/${wsBoard}/links/${linkId}`, { method: 'DELETE' })).status).toBe(
        204,
      );

      for (const a of [editor, viewer, outsider, anon]) {
        expect([401, 403, 404]).toContain((await a.req(`/api/workspaces/${ws}/audit`)).status);
      }
      const log = await admin.req(`/api/workspaces/${ws}/audit`);
      expect(log.status).toBe(200);
      const events = (log.json.events as any[]).map((e) => e.event);
      for (const e of [
        'signin.failed',
        'link.created',
        'link.revoked',
        'member.role_changed',
        'board.deleted',
        'board.claimed',
        'invite.created',
      ]) {
        expect(events).toContain(e);
      }
      const failed = (log.json.events as any[]).find((e) => e.event === 'signin.failed');
      expect(JSON.stringify(failed)).not.toMatch(/password!|wrong password\?/);
      const changed = (log.json.events as any[]).find((e) => e.event === 'member.role_changed');
      expect(changed.detail).toEqual({ member: vic.accountId, from: 'viewer', to: 'editor' });
    });

    it('sign-out ends the session and clears the cookies', async () => {
      const r = await viewer.req('/api/auth/signout', { method: 'POST' });
      expect(r.status).toBe(204);
      expect(viewer.cookies.has('stratus_session')).toBe(false);
      expect((await viewer.req('/api/auth/me')).status).toBe(401);
    });

    it('bad input gets clear errors', async () => {
      const r = await anon.req('/api/auth/signup', {
        method: 'POST',
        body: { email: 'nope', password: 'x' },
      });
      expect(r.status).toBe(400);
      expect(r.json.error.issues.map((i: any) => i.path).sort()).toEqual(['$.email', '$.password']);
      expect(
        (await admin.req(`/api/workspaces/${ws}/invites`, { method: 'POST', body: { role: 'god' } })).status,
      ).toBe(400);
      expect(
        (await admin.req('/api/invites/accept', { method: 'POST', body: { token: 'si_bogus' } })).status,
      ).toBe(404);
    });
  });
}
