import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { largeBoard, templates } from '../src/boards.ts';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, person, waitLive } from '../src/harness.ts';

/** Ids of the nodes whose box is not wholly inside the canvas (1 px tolerance). */
const outsideViewport = (page: Page) =>
  page.evaluate(() => {
    const c = document.querySelector('.react-flow')!.getBoundingClientRect();
    return [...document.querySelectorAll<HTMLElement>('.react-flow__node')]
      .map((e) => ({ id: e.dataset.id, r: e.getBoundingClientRect() }))
      .filter(
        ({ r }) =>
          r.left < c.left - 1 || r.right > c.right + 1 || r.top < c.top - 1 || r.bottom > c.bottom + 1,
      )
      .map(({ id }) => id);
  });

describe.runIf(chromiumAvailable())('boards open framed whole', () => {
  const stratus = useServerAndBrowser();

  it('every template and a 300-node board open whole, 10 times each', async () => {
    const { server, browser } = stratus;
    const ctx = await person(browser, 'Opal Frame', '#7c3aed');
    const page = await ctx.newPage();
    const boards = [...templates(), { file: '300 nodes', board: largeBoard(300) }];
    for (const { file, board } of boards) {
      const { id, token } = await server.createBoard({ name: file, board });
      for (let i = 0; i < 10; i++) {
        await page.goto(`${server.url}/b/${id}${token ? `#token=${token}` : ''}`);
        await waitLive(page);
        // The owner's palette appears once the role is known: wait for it, then for the frame.
        await page.locator('.palette').waitFor();
        await expect.poll(() => page.locator('.react-flow__node').count()).toBe(board.nodes.length);
        expect(await outsideViewport(page), `${file}, open ${i + 1}`).toEqual([]);
      }
    }
  });

  it('stays whole when the canvas narrows after the first frame, until the person takes over the view', async () => {
    const { server, browser } = stratus;
    const { id, token } = await server.createBoard({ name: 'Narrowing', board: templates()[0]!.board });
    const page = await (await person(browser, 'Lu Late', '#b45309')).newPage();
    await page.goto(`${server.url}/b/${id}${token ? `#token=${token}` : ''}`);
    await waitLive(page);
    await page.locator('.palette').waitFor();
    await expect.poll(() => outsideViewport(page)).toEqual([]);
    // The window narrows (a panel opens, the window is resized): the board is framed again.
    await page.setViewportSize({ width: 1000, height: 700 });
    await expect.poll(() => outsideViewport(page)).toEqual([]);
    expect(await page.locator('.canvas-wrap').getAttribute('data-framing')).toBe('framed');
    // Once the person scrolls, the view is theirs: nothing moves it by itself any more.
    await page.mouse.move(500, 400);
    await page.mouse.wheel(0, -200);
    await expect.poll(() => page.locator('.canvas-wrap').getAttribute('data-framing')).toBe('free');
  });

  it('an empty board is left alone: the first node dropped on it does not move the view', async () => {
    const { server, browser } = stratus;
    const { id, token } = await server.createBoard({ name: 'Empty' });
    const page = await (await person(browser, 'Ed Empty', '#0f766e')).newPage();
    await page.goto(`${server.url}/b/${id}${token ? `#token=${token}` : ''}`);
    await waitLive(page);
    await page.locator('.palette').waitFor();
    const viewport = () =>
      page.locator('.react-flow__viewport').evaluate((e) => (e as HTMLElement).style.transform);
    const before = await viewport();
    const pane = page.locator('.react-flow__pane');
    const box = (await pane.boundingBox())!;
    await page
      .locator('.palette-item[data-kind="sqs-queue"]')
      .dragTo(pane, { targetPosition: { x: box.width / 2, y: box.height / 2 } });
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(1);
    expect(await viewport()).toBe(before);
  });
});
