import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OIDC_TEST_CLIENT, startOidcProvider } from '@stratus/server/src/testing/oidc-provider.ts';
import { chromiumAvailable, freePort, launch, person, StratusServer } from '../src/harness.ts';

describe.runIf(chromiumAvailable())('single sign-on', () => {
  let server: StratusServer;
  let idp: Awaited<ReturnType<typeof startOidcProvider>>;
  let browser: Browser;
  beforeAll(async () => {
    const port = await freePort();
    const redirect = `http://127.0.0.1:${port}/api/auth/oidc/callback`;
    // A real OpenID provider (its own login and consent pages) that vouches for anyone's email.
    idp = await startOidcProvider(redirect, (login) => ({
      email: `${login}@example.com`,
      email_verified: true,
    }));
    server = new StratusServer(port);
    server.env = {
      OIDC_ISSUER_URL: idp.issuer,
      OIDC_CLIENT_ID: OIDC_TEST_CLIENT.id,
      OIDC_CLIENT_SECRET: OIDC_TEST_CLIENT.secret,
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
