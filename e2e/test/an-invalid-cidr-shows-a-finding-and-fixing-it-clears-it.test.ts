import { describe, expect, it } from 'vitest';
import { threeTier } from '../src/boards.ts';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, node, openBoard, person } from '../src/harness.ts';

describe.runIf(chromiumAvailable())('validation sidebar', () => {
  const stratus = useServerAndBrowser();

  it('typing an invalid CIDR shows the finding in the sidebar, and fixing it clears it', async () => {
    const { server, browser } = stratus;
    const board = await server.createBoard({ name: 'CIDR', board: threeTier() });
    const page = await openBoard(await person(browser, 'Eve Orca', '#9333ea'), server, board);
    const errors = page.locator('[data-testid="count-error"]');
    await expect.poll(() => errors.textContent()).toBe('0');

    await node(page, 'vpc_main').locator('.container-header').click();
    const cidr = page.locator('#prop-cidr');
    await cidr.fill('10.0.0.0/33');
    // The field says so at once…
    await expect.poll(() => page.locator('[data-field="cidr"] .field-error').count()).toBe(1);
    // …the finding is listed under its rule in the sidebar, and the VPC carries a badge.
    await page.locator('[data-testid="issues-tab"]').click();
    const group = page.locator('[data-rule-group="VPC_CIDR_INVALID"]');
    await group.waitFor({ timeout: 10_000 });
    expect(await group.textContent()).toContain('10.0.0.0/33');
    await expect.poll(() => errors.textContent()).toBe('1');
    await expect.poll(() => node(page, 'vpc_main').locator('[data-testid="badge"]').count()).toBe(1);

    // Clicking the finding selects the VPC (and zooms to it).
    await group.locator('.finding').click();
    await expect.poll(() => page.locator('.react-flow__node.selected[data-id="vpc_main"]').count()).toBe(1);

    // Fixing the CIDR clears the finding and the badge.
    await page.getByRole('tab', { name: 'Properties' }).click();
    await page.locator('#prop-cidr').fill('10.0.0.0/16');
    await page.locator('[data-testid="issues-tab"]').click();
    await expect.poll(() => group.count()).toBe(0);
    await expect.poll(() => errors.textContent()).toBe('0');
    await expect.poll(() => node(page, 'vpc_main').locator('[data-testid="badge"]').count()).toBe(0);
  });
});
