// Single sign-on through OpenID Connect (issue 11) against a REAL OpenID provider started here
// (the `oidc-provider` package, its built-in login and consent pages), over real HTTP: the test
// follows every redirect with its own cookie jar, submits the provider's forms, and ends with a
// session cookie that GET /api/auth/me recognises. Plus the refusals (state, issuer, unverified
// email, a callback in a browser that never started the sign-in).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/database.ts';
import { openDatabase } from '../db/database.ts';
import { type StratusServer, startServer } from '../server.ts';
import { freePort } from '../testing/faults.ts';
import { pgliteDatabase, postgresBaseUrl, postgresSchema, quietLog, testConfig } from '../testing/helpers.ts';
import { OIDC_TEST_CLIENT, startOidcProvider } from '../testing/oidc-provider.ts';

const pgBase = await postgresBaseUrl();
const kinds = ['pglite', ...(pgBase ? ['postgres'] : [])] as const;

/** People known to the provider: login name → claims. */
const PEOPLE: Record<string, { email: string; email_verified: boolean }> = {
  alice: { email: 'Alice@Example.com', email_verified: true },
  bob: { email: 'bob@example.com', email_verified: true },
  mallory: { email: 'mallory@example.com', email_verified: false },
};

/** One browser: a cookie jar (by name; the test's hosts differ only by port, as browsers ignore). */
class Browser {
  cookies = new Map<string, string>();
  get header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const res = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: {
        ...(this.cookies.size ? { cookie: this.header } : {}),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const i = kv!.indexOf('=');
      const k = kv!.slice(0, i);
      const v = kv!.slice(i + 1);
      if (!v || /Expires=Thu, 01 Jan 1970/i.test(c) || /Max-Age=0\b/i.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    const location = res.headers.get('location');
    return {
      status: res.status,
      location: location ? new URL(location, url).href : undefined,
      text: await res.text(),
    };
  }
}

describe('OIDC configuration', () => {
  it('is off without OIDC_* variables, and a partial configuration is refused with the missing names', () => {
    expect(loadConfig({}).oidc).toBeUndefined();
    expect(() => loadConfig({ OIDC_ISSUER_URL: 'https://id.example.com' })).toThrow(
      /OIDC_CLIENT_ID, OIDC_REDIRECT_URL: required/,
    );
    expect(
      loadConfig({
        OIDC_ISSUER_URL: 'https://id.example.com',
        OIDC_CLIENT_ID: 'c',
        OIDC_REDIRECT_URL: 'https://stratus.example.com/api/auth/oidc/callback',
      }).oidc,
    ).toMatchObject({ issuer: 'https://id.example.com', clientId: 'c', clientSecret: undefined });
  });
});

for (const kind of kinds) {
  describe(`OIDC single sign-on against a local oidc-provider on ${kind}`, () => {
    let db: Database;
    let server: StratusServer;
    let plain: StratusServer;
    let idp: Awaited<ReturnType<typeof startOidcProvider>>;
    let drop: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      if (kind === 'pglite') db = await pgliteDatabase();
      else {
        const s = await postgresSchema(pgBase!, 'oidc');
        drop = s.drop;
        db = await openDatabase({ databaseUrl: s.url, dataDir: '', log: quietLog });
      }
      const port = await freePort();
      const redirect = `http://127.0.0.1:${port}/api/auth/oidc/callback`;
      idp = await startOidcProvider(redirect, (login) => PEOPLE[login]);
      server = await startServer(
        testConfig(
          {},
          {
            PORT: String(port),
            OIDC_ISSUER_URL: idp.issuer,
            OIDC_CLIENT_ID: OIDC_TEST_CLIENT.id,
            OIDC_CLIENT_SECRET: OIDC_TEST_CLIENT.secret,
            OIDC_REDIRECT_URL: redirect,
            OIDC_LABEL: 'Test IdP',
          },
        ),
        { db, log: quietLog },
      );
      plain = await startServer(testConfig(), { db, log: quietLog });
    });
    afterAll(async () => {
      await plain?.close();
      await server?.close();
      await idp?.close();
      await db?.close();
      await drop?.();
    });

    /**
     * Starts SSO at Stratus, signs in at the provider as `login` and consents, following every
     * redirect. `tamper` may rewrite the provider's redirect back to Stratus. Returns where Stratus
     * finally sends the browser.
     */
    async function sso(
      b: Browser,
      login: string,
      tamper?: (callback: URL) => URL,
      next = '/b/abcdefghijklmnop',
    ) {
      let r = await b.go(`${server.url}/api/auth/oidc/start?next=${encodeURIComponent(next)}`);
      expect(r.status).toBe(303);
      const seen: string[] = [];
      for (let hops = 0; hops < 20; hops++) {
        if (r.location) {
          let to = new URL(r.location);
          seen.push(to.href);
          if (to.origin === server.url && to.pathname === '/api/auth/oidc/callback') {
            if (tamper) to = tamper(to);
            const done = await b.go(to.href);
            return { ...done, callback: to, seen };
          }
          r = await b.go(to.href);
          continue;
        }
        expect(r.status).toBe(200);
        // The provider's own interaction page: its login form, then its consent form.
        const action = /<form[^>]*action="([^"]+)"/.exec(r.text)?.[1];
        const prompt = /name="prompt" value="(\w+)"/.exec(r.text)?.[1];
        expect(action, r.text.slice(0, 500)).toBeTruthy();
        const url = new URL(action!.replace(/&amp;/g, '&'), idp.issuer).href;
        r = await b.go(url, {
          method: 'POST',
          form: prompt === 'login' ? { prompt, login, password: 'any password' } : { prompt: prompt! },
        });
        seen.push(`${prompt} form submitted`);
      }
      throw new Error(`no callback after 20 hops: ${seen.join(' → ')}`);
    }

    const me = async (b: Browser) => {
      const res = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: b.header } });
      return {
        status: res.status,
        json: (await res.json()) as { account: { id: string; email: string }; csrfToken: string },
      };
    };

    it('advertises the provider only when configured', async () => {
      expect(await (await fetch(`${server.url}/api/auth/providers`)).json()).toEqual({
        oidc: { label: 'Test IdP', start: '/api/auth/oidc/start' },
      });
      expect(await (await fetch(`${plain.url}/api/auth/providers`)).json()).toEqual({ oidc: null });
      expect((await fetch(`${plain.url}/api/auth/oidc/start`, { redirect: 'manual' })).status).toBe(404);
    });

    it('the first SSO sign-in creates the account (by verified email) and ends in a session /api/auth/me recognises', async () => {
      const b = new Browser();
      const r = await sso(b, 'alice');
      // The provider's redirect back carried code, state and (RFC 9207) its issuer.
      expect(r.callback.searchParams.get('code')).toBeTruthy();
      expect(r.callback.searchParams.get('iss')).toBe(idp.issuer);
      expect(
        r.seen.some((s) => s.startsWith(`${idp.issuer}/auth?`) && s.includes('code_challenge_method=S256')),
      ).toBe(true);
      expect(r.seen.some((s) => /[?&]nonce=/.test(s))).toBe(true);
      expect(r.status).toBe(303);
      expect(r.location).toBe(`${server.url}/b/abcdefghijklmnop`);
      expect(b.cookies.get('stratus_session')).toMatch(/^ss_/);
      expect(b.cookies.has('stratus_oidc')).toBe(false);
      const m = await me(b);
      expect(m.status).toBe(200);
      expect(m.json.account.email).toBe('alice@example.com');
      expect(m.json.csrfToken).toBe(b.cookies.get('stratus_csrf'));
      // Signing in again reaches the same account, not a second one.
      const again = new Browser();
      await sso(again, 'alice');
      expect((await me(again)).json.account.id).toBe(m.json.account.id);
      expect(await db.prisma.account.count({ where: { email: 'alice@example.com' } })).toBe(1);
    });

    it('links to the existing account with that email, which keeps its password', async () => {
      const signup = await fetch(`${server.url}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'bob@example.com', password: 'bob password 123' }),
      });
      expect(signup.status).toBe(202);
      const before = await db.prisma.account.findUniqueOrThrow({ where: { email: 'bob@example.com' } });
      const b = new Browser();
      await sso(b, 'bob', undefined, '/');
      const m = await me(b);
      expect(m.status).toBe(200);
      expect(m.json.account.id).toBe(before.id);
      const pw = await fetch(`${server.url}/api/auth/signin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'bob@example.com', password: 'bob password 123' }),
      });
      expect(pw.status).toBe(200);
    });

    it('refuses a callback whose state was changed, and signs nobody in', async () => {
      const b = new Browser();
      const r = await sso(b, 'alice', (u) => {
        u.searchParams.set('state', 'x'.repeat(43));
        return u;
      });
      expect(r.status).toBe(303);
      expect(r.location).toBe(`${server.url}/signin?sso_error=state`);
      expect(b.cookies.has('stratus_session')).toBe(false);
      expect((await me(b)).status).toBe(401);
    });

    it('refuses an answer that claims another issuer', async () => {
      const b = new Browser();
      const r = await sso(b, 'alice', (u) => {
        u.searchParams.set('iss', 'http://127.0.0.1:9/');
        return u;
      });
      expect(r.location).toBe(`${server.url}/signin?sso_error=refused`);
      expect(b.cookies.has('stratus_session')).toBe(false);
      expect((await me(b)).status).toBe(401);
    });

    it('refuses a callback in a browser that never started the sign-in (login CSRF)', async () => {
      const victim = new Browser();
      const attacker = new Browser();
      // The attacker completes a sign-in at the provider but hands the callback URL to the victim.
      const r = await sso(attacker, 'alice', (u) => u);
      expect(r.location).toBe(`${server.url}/b/abcdefghijklmnop`);
      const a2 = new Browser();
      let stolen: URL | undefined;
      await sso(a2, 'alice', (u) => {
        stolen = new URL(u);
        u.searchParams.set('state', 'y'.repeat(43)); // a2 itself does not finish
        return u;
      });
      const v = await victim.go(stolen!.href);
      expect(v.location).toBe(`${server.url}/signin?sso_error=state`);
      expect(victim.cookies.has('stratus_session')).toBe(false);
    });

    it('refuses an email address the provider does not vouch for, and creates no account', async () => {
      const b = new Browser();
      const r = await sso(b, 'mallory');
      expect(r.location).toBe(`${server.url}/signin?sso_error=email`);
      expect(b.cookies.has('stratus_session')).toBe(false);
      expect(await db.prisma.account.count({ where: { email: 'mallory@example.com' } })).toBe(0);
    });

    it('never redirects off-site after sign-in', async () => {
      const b = new Browser();
      const r = await sso(b, 'alice', undefined, '//evil.example.com/x');
      expect(r.location).toBe(`${server.url}/`);
      expect((await me(b)).status).toBe(200);
    });
  });
}
