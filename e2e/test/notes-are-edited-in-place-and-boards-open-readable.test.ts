import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { threeTier } from '../src/boards.ts';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, openBoard, person } from '../src/harness.ts';

const zoomOf = (page: Page) =>
  page
    .locator('.react-flow__viewport')
    .evaluate((el) => Number(/scale\(([\d.]+)\)/.exec((el as HTMLElement).style.transform)?.[1] ?? 'NaN'));

describe.runIf(chromiumAvailable())('notes on the canvas and the first view of a board', () => {
  const stratus = useServerAndBrowser();

  it('a sticky and a text note are edited by double-clicking them, one undo step each; Escape cancels', async () => {
    const board = await stratus.server.createBoard({ name: 'Notes in place' });
    const page = await openBoard(
      await person(stratus.browser, 'Ines Wren', '#0891b2'),
      stratus.server,
      board,
    );
    const pane = page.locator('.react-flow__pane');
    await page
      .locator('.palette-item[data-kind="sticky"]')
      .dragTo(pane, { targetPosition: { x: 300, y: 250 } });
    await page
      .locator('.palette-item[data-kind="text"]')
      .dragTo(pane, { targetPosition: { x: 300, y: 520 } });

    // The shortcut help tells people about it.
    await page.keyboard.press('?');
    await page.getByText('Double-click a note').waitFor();
    await page.keyboard.press('Escape');

    // Sticky: double-click, type two lines, Ctrl+Enter writes it.
    await page.locator('.sticky').dblclick();
    const editor = page.locator('[data-testid="note-editor"]');
    await expect.poll(() => editor.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Ask the DBA');
    await page.keyboard.press('Enter');
    await page.keyboard.type('about backups');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => editor.count()).toBe(0);
    expect(await page.locator('.sticky').textContent()).toBe('Ask the DBA\nabout backups');

    // Text note: double-click, type, click away writes it.
    await page.locator('.text-note').dblclick();
    await page.keyboard.type('Draft, not reviewed');
    await pane.click({ position: { x: 700, y: 120 } });
    await expect.poll(() => page.locator('.text-note').textContent()).toBe('Draft, not reviewed');
    // Nothing selected now: the empty panel draws its pointer icon as an SVG (the ⌖ character it
    // used was missing from common fonts and showed as an empty box).
    await page.getByText('Nothing selected').waitFor();
    expect(await page.locator('.empty-state .empty-icon svg').count()).toBe(1);

    // Both edits went through the document (the server has them).
    await expect
      .poll(async () =>
        (await stratus.server.exportBoard(board.id)).nodes
          .map((n) => `${n.kind}:${n.props.text}`)
          .sort()
          .join('|'),
      )
      .toBe('sticky:Ask the DBA\nabout backups|text:Draft, not reviewed');

    // Escape puts the old text back and writes nothing.
    await page.locator('.sticky').dblclick();
    await page.keyboard.type('scribble');
    await page.keyboard.press('Escape');
    await expect.poll(() => editor.count()).toBe(0);
    expect(await page.locator('.sticky').textContent()).toBe('Ask the DBA\nabout backups');

    // One undo removes exactly the text-note edit (not a letter, not the edits made just before it:
    // this test runs faster than the undo manager's 500 ms merge window).
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.text-note').textContent()).toBe('Text');
    expect(await page.locator('.sticky').textContent()).toBe('Ask the DBA\nabout backups');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.sticky').textContent()).toBe('Sticky note');
    expect(await page.locator('.text-note').count()).toBe(1);
  });

  it('the three-tier template opens whole, with names large enough to read', async () => {
    const board = await stratus.server.createBoard({ name: 'Three tier', board: threeTier() });
    const page = await openBoard(
      await person(stratus.browser, 'Ines Wren', '#0891b2'),
      stratus.server,
      board,
    );
    // All of it is framed (once the board has settled), without magnifying it...
    const canvas = (await page.locator('.react-flow').boundingBox())!;
    const outside = () =>
      page.locator('.react-flow__node').evaluateAll(
        (els, c) =>
          els
            .map((e) => ({ id: (e as HTMLElement).dataset.id, r: e.getBoundingClientRect() }))
            .filter(
              ({ r }) =>
                r.left < c.x - 1 ||
                r.right > c.x + c.width + 1 ||
                r.top < c.y - 1 ||
                r.bottom > c.y + c.height + 1,
            )
            .map(({ id }) => id),
        canvas,
      );
    // (an owner's palette appears once the role is known; the board stays framed through that)
    await page.locator('.palette').waitFor();
    await expect.poll(outside).toEqual([]);
    const zoom = await zoomOf(page);
    expect(zoom).toBeLessThanOrEqual(1);
    // ...and every resource name is drawn at least 8 px on screen (it was about 5.5 px).
    const sizes = await page
      .locator('.resource-label')
      .evaluateAll((els) => els.map((e) => Number.parseFloat(getComputedStyle(e).fontSize)));
    expect(sizes.length).toBeGreaterThan(10);
    for (const px of sizes) expect(px * zoom).toBeGreaterThanOrEqual(7.9);
    // Zoomed in, the names are back to their normal size.
    for (let i = 0; i < 4 && (await zoomOf(page)) < 0.8; i++) {
      const z = await zoomOf(page);
      await page.locator('.react-flow__controls-zoomin').click();
      await expect.poll(() => zoomOf(page)).toBeGreaterThan(z * 1.1);
    }
    expect(await zoomOf(page)).toBeGreaterThanOrEqual(0.8);
    await expect
      .poll(() =>
        page
          .locator('.resource-label')
          .first()
          .evaluate((e) => getComputedStyle(e).fontSize),
      )
      .toBe('12.5px');
  });
});
