import type { BrowserContext } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, person, waitLive } from '../src/harness.ts';

/** A JSON call from inside a person's browser context (their cookies, their CSRF token). */
async function call(ctx: BrowserContext, url: string, method: string, body?: unknown) {
  const csrf = (await ctx.cookies(url)).find((c) => c.name === 'stratus_csrf')?.value;
  const res = await ctx.request.fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    ...(body !== undefined ? { data: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status(), json: text ? JSON.parse(text) : undefined };
}

describe.runIf(chromiumAvailable())('removing a member', () => {
  const stratus = useServerAndBrowser();

  it('takes the board away from the removed member’s open page, live, without a reload', async () => {
    const { server, browser } = stratus;
    const api = (p: string) => `${server.url}${p}`;

    // An admin (first run), a board in the workspace, and an editor who joined by invite link.
    const admin = await person(browser, 'Ada Admin', '#2563eb');
    const setup = await call(admin, api('/api/setup'), 'POST', {
      email: 'ada@example.com',
      password: 'a long enough password',
      workspaceName: 'Ada Inc',
    });
    expect(setup.status).toBe(201);
    const ws = setup.json.workspace.id as string;
    const created = await call(admin, api('/api/boards'), 'POST', { name: 'Shared plan', workspaceId: ws });
    expect(created.status).toBe(201);
    const boardId = created.json.id as string;
    const invite = await call(admin, api(`/api/workspaces/${ws}/invites`), 'POST', { role: 'editor' });
    expect(invite.status).toBe(201);

    const member = await person(browser, 'Eve Editor', '#16a34a');
    const creds = { email: 'eve@example.com', password: 'eve password 123' };
    expect((await call(member, api('/api/auth/signup'), 'POST', creds)).status).toBe(202);
    expect((await call(member, api('/api/auth/signin'), 'POST', creds)).status).toBe(200);
    expect(
      (await call(member, api('/api/invites/accept'), 'POST', { token: invite.json.token })).status,
    ).toBe(200);
    const memberId = (await call(member, api('/api/auth/me'), 'GET')).json.account.id as string;

    // The member has the board open and live, as an editor.
    const page = await member.newPage();
    page.on('pageerror', (e) => console.error(`[browser] ${e.message}`));
    await page.goto(api(`/b/${boardId}`));
    await waitLive(page);
    await page.locator('.palette-item').first().waitFor();
    expect(await page.locator('input.board-name').inputValue()).toBe('Shared plan');
    await page.evaluate(() => {
      (window as unknown as { loadedOnce: string }).loadedOnce = 'this page was not reloaded';
    });
    expect(await page.locator('[data-testid="board-refused"]').count()).toBe(0);

    // The admin removes the member.
    const removedAt = Date.now();
    const removed = await call(admin, api(`/api/workspaces/${ws}/members/${memberId}`), 'PATCH', {
      role: null,
    });
    expect(removed.status).toBe(200);

    // The member's page goes to the no-access state by itself.
    const refused = page.locator('[data-testid="board-refused"]');
    await refused.waitFor({ timeout: 15_000 });
    const tookMs = Date.now() - removedAt;
    console.log(`[e2e] the removed member's page showed no access ${tookMs} ms after the removal`);
    await refused.getByText('You no longer have access to this board').waitFor();
    await refused.getByText('You are not a member of the workspace').waitFor();
    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: string }).loadedOnce)).toBe(
      'this page was not reloaded',
    );
    // Nothing can be edited any more, and the server agrees that there is no access.
    await page.locator('.palette-item').first().waitFor({ state: 'detached' });
    expect(await page.locator('input.board-name').getAttribute('readonly')).not.toBeNull();
    expect((await call(member, api(`/api/boards/${boardId}/access`), 'GET')).status).toBe(403);
    // The page stays refused (no reconnect storm that would bring the board back).
    await expect
      .poll(() => page.locator('[data-testid="connection"]').getAttribute('data-state'))
      .toBe('offline');
    expect(await refused.isVisible()).toBe(true);
  });
});
