import { describe, expect, it } from 'vitest';
import { threeTier } from '../src/boards.ts';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, person, waitLive } from '../src/harness.ts';

describe.runIf(chromiumAvailable())('home page', () => {
  const stratus = useServerAndBrowser();

  it('lists the boards on the server and creates one from a starter template or empty', async () => {
    const { server, browser } = stratus;
    await server.createBoard({ name: 'Existing board' });
    const page = await (await person(browser, 'Hana Panda', '#d97706')).newPage();
    await page.goto(server.url);
    await page.locator('[data-testid="board-list"]').getByText('Existing board').waitFor();
    for (const t of ['three-tier', 'queue-worker', 'static-site'])
      expect(await page.locator(`[data-template="${t}"]`).count()).toBe(1);

    await page.locator('[data-template="three-tier"]').click();
    await page.waitForURL(/\/b\/[^/]+$/);
    await waitLive(page);
    const expected = threeTier().nodes.length;
    await expect.poll(() => page.evaluate(() => window.__stratus?.model.board.size)).toBe(expected);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(expected);
    expect(await page.locator('input[aria-label="Board name"]').inputValue()).toBe('Three-tier web app');

    // Back home: the new board is listed; an empty board opens empty.
    await page.locator('button.brand').click();
    await page.locator('[data-testid="board-list"]').getByText('Three-tier web app').waitFor();
    await page.locator('[data-testid="new-empty"]').click();
    await page.waitForURL(/\/b\/[^/]+$/);
    await waitLive(page);
    expect(await page.evaluate(() => window.__stratus?.model.board.size)).toBe(0);
  });
});
