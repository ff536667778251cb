import { describe, expect, it } from 'vitest';
import { smallVpc } from '../src/boards.ts';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, node, openBoard, person } from '../src/harness.ts';

/** A VPC with an AZ, two subnets and a database in the first one. */
const dbBoard = () =>
  smallVpc(
    'A board whose name is far too long to fit in the title field of the top bar at all',
    [
      { id: 'sa', label: 'Data A' },
      { id: 'sb', label: 'Data B' },
    ],
    [{ id: 'db', kind: 'rds-instance', label: 'Orders DB', parentId: 'sa' }],
  );

describe.runIf(chromiumAvailable())('the board explains itself', () => {
  const stratus = useServerAndBrowser();

  it('an empty board says where to start; the help explains connecting; Escape closes every dialog', async () => {
    const { server, browser } = stratus;
    const page = await openBoard(
      await person(browser, 'Nia First', '#2563eb'),
      server,
      await server.createBoard({ name: 'Fresh' }),
    );
    await expect
      .poll(() => page.locator('[data-testid="empty-board-hint"]').textContent())
      .toMatch(/palette/);

    // Help: lists how to connect nodes; Escape closes it.
    await page.locator('.react-flow__pane').click({ position: { x: 40, y: 40 } });
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => help.textContent()).toMatch(/dot on a node’s side/);
    await page.keyboard.press('Escape');
    await expect.poll(() => help.count()).toBe(0);

    // Share: two links made one after the other are both shown (a token is shown only once).
    await page.locator('[data-testid="share"]').click();
    const share = page.getByRole('dialog', { name: 'Share this board' });
    await page.locator('[data-testid="share-role"]').selectOption('view');
    await page.locator('[data-testid="share-create"]').click();
    await expect.poll(() => page.locator('[data-testid="share-url"]').count()).toBe(1);
    await page.locator('[data-testid="share-role"]').selectOption('comment');
    await page.locator('[data-testid="share-create"]').click();
    await expect.poll(() => page.locator('[data-testid="share-url"]').count()).toBe(2);
    const urls = await page
      .locator('[data-testid="share-url"]')
      .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(new Set(urls).size).toBe(2);
    await page.keyboard.press('Escape');
    await expect.poll(() => share.count()).toBe(0);

    // A file with several problems lists all of them; Escape closes the dialog.
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'broken.board.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          format: 'stratus.board',
          version: 1,
          nodes: [
            { id: 'x', kind: 'bogus', label: 'X', parentId: null, position: { x: 0, y: 0 }, props: {} },
          ],
          edges: [{ id: 'e', kind: 'traffic', source: 'y', target: 'z', props: {} }],
        }),
      ),
    });
    const problems = page.getByRole('alertdialog', { name: 'Import failed' });
    await expect.poll(() => problems.locator('li').count()).toBeGreaterThanOrEqual(3);
    await page.keyboard.press('Escape');
    await expect.poll(() => problems.count()).toBe(0);
  });

  it('fields, counts, names and avatars read right', async () => {
    const { server, browser } = stratus;
    const board = await server.createBoard({ name: dbBoard().name, board: dbBoard() });
    const page = await openBoard(await person(browser, 'Ola Polish', '#db2777'), server, board);
    await openBoard(await person(browser, 'Pat Second', '#0d9488'), server, board);

    // The database's subnet group offers the other subnet, not the one it is drawn in.
    await node(page, 'db').click();
    const group = page.locator('[data-field="subnetGroupSubnetIds"]');
    await expect.poll(() => group.locator('label.check').allTextContents()).toEqual(['Data B']);
    // "1 day", not "1 days".
    await expect
      .poll(() => page.locator('[data-field="backupRetentionDays"] .field-help').textContent())
      .toMatch(/Default: 1 day\b/);

    // Findings appear below the fields: typing a bad CIDR does not move the CIDR field.
    await node(page, 'sa').locator('.container-header').click();
    const cidr = page.locator('[data-field="cidr"] input');
    const y0 = (await cidr.boundingBox())!.y;
    await cidr.fill('10.9.9.0/99');
    await expect.poll(() => page.locator('[data-field="cidr"] .field-error').count()).toBe(1);
    await expect.poll(() => page.locator('.props-findings').count()).toBe(1);
    expect((await cidr.boundingBox())!.y).toBe(y0);
    await cidr.fill('10.0.1.0/24');

    // The long board name ends in an ellipsis and its full text is the field's title.
    const title = page.locator('input[aria-label="Board name"]');
    expect(await title.evaluate((e) => getComputedStyle(e).textOverflow)).toBe('ellipsis');
    expect(await title.getAttribute('title')).toMatch(/far too long/);

    // Two comments on the database: the pin draws an icon (no emoji glyph) and the button reads "Comments 2".
    for (const body of ['Is this Multi-AZ?', 'Backups?']) {
      const r = await fetch(`${server.url}/api/boards/${board.id}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${board.token}` },
        body: JSON.stringify({ body, anchor: { kind: 'node', nodeId: 'db' }, authorName: 'Ola Polish' }),
      });
      expect(r.status).toBe(201);
    }
    await expect.poll(() => page.locator('[data-testid="comments-toggle"]').textContent()).toBe('Comments 2');
    const pin = page.locator('[data-testid="comment-pin"][data-node="db"]');
    await expect.poll(() => pin.locator('svg').count()).toBe(1);
    expect(await pin.textContent()).not.toMatch(/💬/);

    // Presence avatars sit side by side.
    await expect.poll(() => page.locator('[data-testid="presence"] .avatar').count()).toBe(2);
    const [a, b] = await page
      .locator('[data-testid="presence"] .avatar')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
    expect(b.left).toBeGreaterThanOrEqual(a.right);
  });
});
