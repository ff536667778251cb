import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, person, waitLive } from '../src/harness.ts';

describe.runIf(chromiumAvailable())('first run and sign-in', () => {
  const stratus = useServerAndBrowser();

  it('a fresh server asks for the first account, lands in a new board, draws a node that is stored, and signs in again later', async () => {
    const { server, browser } = stratus;
    const ctx = await person(browser, 'Ada Admin', '#2563eb');
    const page = await ctx.newPage();
    await page.goto(server.url);
    const setup = page.locator('[data-testid="setup-form"]');
    await setup.waitFor();
    await page.locator('#setup-form-email').fill('ada@example.com');
    await page.locator('#setup-form-password').fill('short');
    await setup.getByRole('button', { name: 'Create admin account' }).click();
    // The browser's own check (minlength) keeps the form from being sent; the form stays.
    expect(
      await page.locator('#setup-form-password').evaluate((e: HTMLInputElement) => e.validity.valid),
    ).toBe(false);
    await page.locator('#setup-form-password').fill('a long enough password');
    await page.locator('#setup-form-workspace').fill('Ada Inc');
    await setup.getByRole('button', { name: 'Create admin account' }).click();
    await page.waitForURL(/\/b\/[^/]+$/);
    await waitLive(page);
    const boardId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]!);

    // Right away a working board: draw a VPC from the palette and the server has stored it (its
    // export API, read with the admin's session as the page would).
    const pane = page.locator('.react-flow__pane');
    const box = (await pane.boundingBox())!;
    await page
      .locator('.palette-item[data-kind="vpc"]')
      .dragTo(pane, { targetPosition: { x: box.width / 2, y: box.height / 2 } });
    await expect
      .poll(() =>
        page.evaluate(async (id) => {
          const r = await fetch(`/api/boards/${id}/export`);
          if (!r.ok) return `export answered ${r.status}`;
          const b = (await r.json()) as { nodes: { kind: string }[] };
          return b.nodes.map((n) => n.kind).join(',');
        }, boardId),
      )
      .toBe('vpc');
    // Not only in this page: a server-side read without the page (the board has no owner token,
    // so the admin's session cookie is what lets it through).
    const cookie = (await ctx.cookies(server.url)).map((c) => `${c.name}=${c.value}`).join('; ');
    const stored = await fetch(`${server.url}/api/boards/${boardId}/export`, { headers: { cookie } });
    expect(stored.status).toBe(200);
    expect(((await stored.json()) as { nodes: { kind: string }[] }).nodes.map((n) => n.kind)).toEqual([
      'vpc',
    ]);
    expect((await fetch(`${server.url}/api/boards/${boardId}/export`)).status).toBe(401);

    // The board belongs to the workspace: listed for the admin, not for an anonymous visitor.
    await page.locator('button.brand').click();
    await page.locator('[data-testid="account-bar"]').getByText('Signed in as ada@example.com').waitFor();
    expect(await page.locator('[data-testid="setup-panel"]').count()).toBe(0);
    await page.locator(`[data-testid="board-list"] a[href="/b/${boardId}"]`).waitFor();
    const anon = await (await person(browser, 'Visitor', '#16a34a')).newPage();
    await anon.goto(server.url);
    await anon.locator('[data-testid="signin-link"]').waitFor();
    expect(await anon.locator(`a[href="/b/${boardId}"]`).count()).toBe(0);

    // Sign out, sign in on the sign-in page, and the board is listed again.
    await page.locator('[data-testid="account-bar"]').getByRole('button', { name: 'Sign out' }).click();
    await page.locator('[data-testid="signin-link"]').click();
    await page.waitForURL(/\/signin$/);
    await page.locator('#signin-form-email').fill('ada@example.com');
    await page.locator('#signin-form-password').fill('not the password');
    await page.locator('[data-testid="signin-form"]').getByRole('button', { name: 'Sign in' }).click();
    await page
      .locator('[data-testid="signin-form"] .banner-error')
      .getByText('Wrong email or password.')
      .waitFor();
    await page.locator('#signin-form-password').fill('a long enough password');
    await page.locator('[data-testid="signin-form"]').getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.locator(`[data-testid="board-list"] a[href="/b/${boardId}"]`).waitFor();

    // The admin invites by link (the API, as the page would, with the CSRF header); a newcomer
    // opens the link, creates an account and sees the workspace's board.
    const inviteUrl = await page.evaluate(async () => {
      const csrf = decodeURIComponent(/stratus_csrf=([^;]+)/.exec(document.cookie)![1]!);
      const me = await (await fetch('/api/auth/me')).json();
      const r = await fetch(`/api/workspaces/${me.workspaces[0].id}/invites`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ role: 'viewer' }),
      });
      return (await r.json()).url as string;
    });
    expect(inviteUrl).toMatch(/\/invite#token=si_/);
    await anon.goto(inviteUrl);
    await anon.getByRole('button', { name: 'No account yet? Create one' }).click();
    await anon.locator('#signup-form-email').fill('newcomer@example.com');
    await anon.locator('#signup-form-password').fill('newcomer password');
    await anon.locator('[data-testid="signup-form"]').getByRole('button', { name: 'Create account' }).click();
    await anon.waitForURL((u) => u.pathname === '/');
    await anon
      .locator('[data-testid="account-bar"]')
      .getByText('Signed in as newcomer@example.com')
      .waitFor();
    await anon.locator(`[data-testid="board-list"] a[href="/b/${boardId}"]`).waitFor();
  });
});
