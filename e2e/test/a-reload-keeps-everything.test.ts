import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../src/fixture.ts';
import {
  chromiumAvailable,
  labels,
  openBoard,
  person,
  waitLive,
  offlineStoreWritten,
} from '../src/harness.ts';

describe.runIf(chromiumAvailable())('persistence', () => {
  const stratus = useServerAndBrowser();

  it('a reload keeps everything: nodes, properties, edges, even after a server restart', async () => {
    const { server, browser } = stratus;
    const board = await server.createBoard({ name: 'Reload' });
    const ctx = await person(browser, 'Finn Koala', '#0891b2');
    const page = await openBoard(ctx, server, board);
    const pane = page.locator('.react-flow__pane');
    const box = (await pane.boundingBox())!;

    // Draw: a VPC, a subnet dropped into it, an EC2 instance dropped into the subnet.
    await page
      .locator('.palette-item[data-kind="vpc"]')
      .dragTo(pane, { targetPosition: { x: box.width / 2, y: box.height / 2 } });
    await expect.poll(async () => Object.keys(await labels(page)).length).toBe(1);
    await page
      .locator('.palette-item[data-kind="subnet"]')
      .dragTo(pane, { targetPosition: { x: box.width / 2, y: box.height / 2 } });
    await expect.poll(async () => Object.keys(await labels(page)).length).toBe(2);
    await page
      .locator('.palette-item[data-kind="ec2-instance"]')
      .dragTo(pane, { targetPosition: { x: box.width / 2, y: box.height / 2 } });
    await expect.poll(async () => Object.keys(await labels(page)).length).toBe(3);
    const ids = await page.evaluate(() => {
      const nodes = [...(window.__stratus?.model.board.values() ?? [])];
      return Object.fromEntries(nodes.map((n) => [n.kind, { id: n.id, parentId: n.parentId }]));
    });
    expect(ids.subnet!.parentId).toBe(ids.vpc!.id);
    expect(ids['ec2-instance']!.parentId).toBe(ids.subnet!.id);
    // Set properties through the panel (the EC2 instance is selected after the drop).
    await page.locator('#prop-label').fill('Web server');
    await page.locator('#prop-instanceType').fill('m7g.large');
    // Rename the board.
    await page.locator('input[aria-label="Board name"]').fill('Kept board');

    const snapshot = () =>
      page.evaluate(() =>
        [...(window.__stratus?.model.board.values() ?? [])]
          .map(
            (n) =>
              `${n.id}|${n.kind}|${n.label}|${n.parentId}|${n.position.x},${n.position.y}|${JSON.stringify(n.props)}`,
          )
          .sort(),
      );
    const before = await snapshot();
    expect(before.some((s) => s.includes('Web server') && s.includes('m7g.large'))).toBe(true);
    await offlineStoreWritten(page);

    await page.reload();
    await waitLive(page);
    await expect.poll(snapshot).toEqual(before);
    expect(await page.locator('input[aria-label="Board name"]').inputValue()).toBe('Kept board');

    // A new browser (no local copy) gets the same board from the server, also after a restart.
    await server.stop();
    await server.start();
    const fresh = await openBoard(await person(browser, 'Gil Ibex', '#db2777'), server, board);
    await expect
      .poll(() => snapshot.call(null).then(() => fresh.evaluate(() => window.__stratus?.model.board.size)))
      .toBe(3);
    const again = await fresh.evaluate(() =>
      [...(window.__stratus?.model.board.values() ?? [])]
        .map(
          (n) =>
            `${n.id}|${n.kind}|${n.label}|${n.parentId}|${n.position.x},${n.position.y}|${JSON.stringify(n.props)}`,
        )
        .sort(),
    );
    expect(again).toEqual(before);
    const exported = await server.exportBoard(board.id);
    expect(exported.name).toBe('Kept board');
  });
});
