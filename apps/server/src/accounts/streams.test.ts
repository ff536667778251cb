// Event streams (SSE, live comments) follow the session and the membership they were opened with
// (issue 11): revoking the session ends its streams at once, with an `access-revoked` event;
// removing a member ends their streams, and reopening one is refused. Real server, real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/database.ts';
import { type StratusServer, startServer } from '../server.ts';
import { pgliteDatabase, postgresBaseUrl, postgresSchema, quietLog, testConfig } from '../testing/helpers.ts';

const pgBase = await postgresBaseUrl();
const kinds = ['pglite', ...(pgBase ? ['postgres'] : [])] as const;

class Agent {
  cookies = new Map<string, string>();
  constructor(readonly base: () => string) {}
  get cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async req(path: string, method = 'GET', body?: unknown) {
    const res = await fetch(this.base() + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookies.size ? { cookie: this.cookie } : {}),
        ...(method !== 'GET' && this.cookies.get('stratus_csrf')
          ? { 'x-csrf-token': this.cookies.get('stratus_csrf')! }
          : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const i = kv!.indexOf('=');
      if (/Expires=Thu, 01 Jan 1970/i.test(c) || !kv!.slice(i + 1)) this.cookies.delete(kv!.slice(0, i));
      else this.cookies.set(kv!.slice(0, i), kv!.slice(i + 1));
    }
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: test JSON
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as any };
  }
  /** Opens the board's event stream; resolves once `ready` arrived. */
  async events(boardId: string) {
    const res = await fetch(`${this.base()}/api/boards/${boardId}/events`, {
      headers: { cookie: this.cookie },
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let text = '';
    while (!text.includes('event: ready')) {
      const r = await reader.read();
      if (r.done) throw new Error('stream ended before ready');
      text += dec.decode(r.value);
    }
    const more = async () => {
      const r = await reader.read();
      if (!r.done) text += dec.decode(r.value);
      return r.done;
    };
    return {
      /** Resolves once `what` has arrived; throws if the stream ends first. */
      async until(what: string) {
        while (!text.includes(what)) if (await more()) throw new Error(`stream ended before ${what}`);
      },
      /** Reads to the end; resolves with everything received and when it ended. */
      async ended() {
        while (!(await more()));
        return { text, at: performance.now() };
      },
    };
  }
}

for (const kind of kinds) {
  describe(`event streams follow sessions and memberships on ${kind}`, () => {
    let db: Database;
    let server: StratusServer;
    let drop: (() => Promise<void>) | undefined;
    const base = () => server.url;
    const admin = new Agent(base);
    let ws = '';
    let boardId = '';

    beforeAll(async () => {
      if (kind === 'pglite') db = await pgliteDatabase();
      else {
        const s = await postgresSchema(pgBase!, 'streams');
        drop = s.drop;
        db = await openDatabase({ databaseUrl: s.url, dataDir: '', log: quietLog });
      }
      server = await startServer(testConfig(), { db, log: quietLog });
      const setup = await admin.req('/api/setup', 'POST', {
        email: 'ada@example.com',
        password: 'ada password 123',
      });
      expect(setup.status).toBe(201);
      ws = setup.json.workspace.id;
      const b = await admin.req('/api/boards', 'POST', { name: 'Streams', workspaceId: ws });
      expect(b.status).toBe(201);
      boardId = b.json.id;
    });
    afterAll(async () => {
      await server?.close();
      await db?.close();
      await drop?.();
    });

    it('revoking a session ends the event streams opened with it within 1 s, saying why', async () => {
      const laptop = new Agent(base);
      expect(
        (
          await laptop.req('/api/auth/signin', 'POST', {
            email: 'ada@example.com',
            password: 'ada password 123',
          })
        ).status,
      ).toBe(200);
      const stream = await laptop.events(boardId);
      const other = await admin.events(boardId); // another session of the same account: stays open
      const sessions = (await admin.req('/api/auth/sessions')).json.sessions as {
        id: string;
        current: boolean;
      }[];
      const victim = sessions.find((s) => !s.current)!;
      const t0 = performance.now();
      expect((await admin.req(`/api/auth/sessions/${victim.id}`, 'DELETE')).status).toBe(204);
      const end = await stream.ended();
      const ms = end.at - t0;
      console.log(`[streams] revoked session's event stream ended ${ms.toFixed(0)} ms after the revocation`);
      expect(ms).toBeLessThan(1000);
      expect(end.text).toContain('event: access-revoked');
      expect(end.text).toContain('This session was signed out.');
      // The admin's own stream is untouched: a comment made afterwards still arrives on it.
      const c = await admin.req(`/api/boards/${boardId}/comments`, 'POST', { body: 'still here' });
      expect(c.status).toBe(201);
      await other.until('still here');
    });

    it('removing a member ends their event streams, and a new one is refused', async () => {
      const inv = await admin.req(`/api/workspaces/${ws}/invites`, 'POST', { role: 'editor' });
      const eve = new Agent(base);
      const creds = { email: 'eve@example.com', password: 'eve password 123' };
      expect((await eve.req('/api/auth/signup', 'POST', creds)).status).toBe(202);
      expect((await eve.req('/api/auth/signin', 'POST', creds)).status).toBe(200);
      expect((await eve.req('/api/invites/accept', 'POST', { token: inv.json.token })).status).toBe(200);
      const eveId = (await eve.req('/api/auth/me')).json.account.id;
      const stream = await eve.events(boardId);
      const t0 = performance.now();
      expect(
        (await admin.req(`/api/workspaces/${ws}/members/${eveId}`, 'PATCH', { role: null })).status,
      ).toBe(200);
      const end = await stream.ended();
      console.log(
        `[streams] removed member's event stream ended ${(end.at - t0).toFixed(0)} ms after the removal`,
      );
      expect(end.at - t0).toBeLessThan(1000);
      const again = await fetch(`${server.url}/api/boards/${boardId}/events`, {
        headers: { cookie: eve.cookie },
      });
      expect(again.status).toBe(403);
      await again.body?.cancel();
    });
  });
}
