import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, freePort, launch, person, StratusServer } from '../src/harness.ts';

/**
 * A real OpenID provider (the `oidc-provider` package with its own login and consent pages) on
 * 127.0.0.1, and a Stratus server configured for it through OIDC_* variables.
 */
async function startProvider(redirectUri: string) {
  const http: Server = createServer();
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'stratus-e2e',
        client_secret: 'stratus-e2e-secret-0123456789abcdef',
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    pkce: { required: () => true },
    cookies: { keys: ['e2e-cookie-key-0123456789'] },
    findAccount: async (_ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, email: `${id}@example.com`, email_verified: true }),
    }),
  });
  http.on('request', provider.callback());
  return { issuer, close: () => new Promise((r) => http.close(r)) };
}

describe.runIf(chromiumAvailable())('single sign-on', () => {
  let server: StratusServer;
  let idp: Awaited<ReturnType<typeof startProvider>>;
  let browser: Browser;
  beforeAll(async () => {
    const port = await freePort();
    const redirect = `http://127.0.0.1:${port}/api/auth/oidc/callback`;
    idp = await startProvider(redirect);
    server = new StratusServer(port);
    server.env = {
      OIDC_ISSUER_URL: idp.issuer,
      OIDC_CLIENT_ID: 'stratus-e2e',
      OIDC_CLIENT_SECRET: 'stratus-e2e-secret-0123456789abcdef',
      OIDC_REDIRECT_URL: redirect,
      OIDC_LABEL: 'Acme ID',
    };
    await server.start();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
    await idp?.close();
  });

  it('the sign-in page’s SSO button signs in through the provider’s own pages and lands signed in', async () => {
    const page = await (await person(browser, 'Sam SSO', '#db2777')).newPage();
    page.on('pageerror', (e) => console.error(`[browser] ${e.message}`));
    await page.goto(`${server.url}/signin`);
    const button = page.locator('[data-testid="sso-signin"]');
    await button.getByText('Sign in with Acme ID').waitFor();
    await button.click();

    // The provider's login page, then its consent page.
    await page.waitForURL((u) => u.origin === idp.issuer && u.pathname.startsWith('/interaction/'));
    await page.locator('input[name="login"]').fill('sam');
    await page.locator('input[name="password"]').fill('anything');
    await page.locator('button[type="submit"]').click();
    await page.locator('input[name="prompt"][value="consent"]').waitFor({ state: 'attached' });
    await page.locator('button[type="submit"]').click();

    // Back at Stratus, signed in as the provider's verified email.
    await page.waitForURL((u) => u.origin === server.url && u.pathname === '/');
    await page.locator('[data-testid="account-bar"]').getByText('Signed in as sam@example.com').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
    expect(me.account.email).toBe('sam@example.com');
  });

  it('a server without OIDC_* shows no SSO button', async () => {
    const plain = await new StratusServer(await freePort()).start();
    try {
      const page = await (await person(browser, 'Nia Plain', '#0f766e')).newPage();
      await page.goto(`${plain.url}/signin`);
      await page.locator('[data-testid="signin-form"]').waitFor();
      // The page has its answer from /api/auth/providers, and it said no single sign-on.
      await page.locator('[data-testid="sso-none"]').waitFor({ state: 'attached' });
      expect(await page.locator('[data-testid="sso-signin"]').count()).toBe(0);
    } finally {
      await plain.dispose();
    }
  });
});
