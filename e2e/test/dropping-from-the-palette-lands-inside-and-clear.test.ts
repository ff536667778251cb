import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { smallVpc } from '../src/boards.ts';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, node, openBoard, person } from '../src/harness.ts';

/** A VPC holding an AZ holding a public subnet with a NAT gateway, and nothing else. */
const board = () =>
  smallVpc(
    'Drops',
    [{ id: 'sub', label: 'Public' }],
    [{ id: 'nat', kind: 'nat-gateway', label: 'NAT', parentId: 'sub' }],
  );

type Box = { x: number; y: number; width: number; height: number };
const within = (a: Box, b: Box) =>
  a.x >= b.x - 1 &&
  a.y >= b.y - 1 &&
  a.x + a.width <= b.x + b.width + 1 &&
  a.y + a.height <= b.y + b.height + 1;
const apart = (a: Box, b: Box) =>
  a.x >= b.x + b.width || b.x >= a.x + a.width || a.y >= b.y + b.height || b.y >= a.y + a.height;

async function drop(page: Page, kind: string, at: { x: number; y: number }): Promise<string> {
  const before = new Set(await page.evaluate(() => [...(window.__stratus?.model.board.keys() ?? [])]));
  const pane = (await page.locator('.react-flow').boundingBox())!;
  await page
    .locator(`.palette-item[data-kind="${kind}"]`)
    .dragTo(page.locator('.react-flow__pane'), { targetPosition: { x: at.x - pane.x, y: at.y - pane.y } });
  let id = '';
  await expect
    .poll(async () => {
      const now = await page.evaluate(() => [...(window.__stratus?.model.board.keys() ?? [])]);
      id = now.find((k) => !before.has(k)) ?? '';
      return id;
    })
    .not.toBe('');
  return id;
}

describe.runIf(chromiumAvailable())('dropping from the palette', () => {
  const stratus = useServerAndBrowser();

  it('lands inside the container under the pointer, clear of siblings, above every container', async () => {
    const { server, browser } = stratus;
    const page = await openBoard(
      await person(browser, 'Pia Drop', '#9333ea'),
      server,
      await server.createBoard({ name: 'Drops', board: board() }),
    );

    // An AZ dropped on the VPC's left edge ends up wholly inside the VPC, beside the other AZ.
    const vpc = (await node(page, 'vpc').boundingBox())!;
    const az2 = await drop(page, 'az', { x: vpc.x + 4, y: vpc.y + vpc.height / 2 });
    await expect
      .poll(() => page.evaluate((i) => window.__stratus?.model.board.get(i)?.parentId, az2))
      .toBe('vpc');
    const az2Box = (await node(page, az2).boundingBox())!;
    expect(within(az2Box, (await node(page, 'vpc').boundingBox())!)).toBe(true);
    expect(apart(az2Box, (await node(page, 'az').boundingBox())!)).toBe(true);

    // An Elastic IP dropped on the NAT gateway goes into the subnet, not on top of the gateway.
    const nat = (await node(page, 'nat').boundingBox())!;
    const eip = await drop(page, 'elastic-ip', { x: nat.x + nat.width / 2, y: nat.y + nat.height / 2 });
    await expect
      .poll(() => page.evaluate((i) => window.__stratus?.model.board.get(i)?.parentId, eip))
      .toBe('sub');
    const eipBox = (await node(page, eip).boundingBox())!;
    expect(apart(eipBox, (await node(page, 'nat').boundingBox())!)).toBe(true);
    expect(within(eipBox, (await node(page, 'sub').boundingBox())!)).toBe(true);

    // A security group dropped on the subnet's right edge belongs to the VPC and is drawn above
    // the subnet: the point at its centre is the group, and dragging it moves the group alone.
    const sub = (await node(page, 'sub').boundingBox())!;
    const sg = await drop(page, 'security-group', { x: sub.x + sub.width - 4, y: sub.y + sub.height / 2 });
    await expect
      .poll(() => page.evaluate((i) => window.__stratus?.model.board.get(i)?.parentId, sg))
      .toBe('vpc');
    const sgBox = (await node(page, sg).boundingBox())!;
    const centre = { x: sgBox.x + sgBox.width / 2, y: sgBox.y + sgBox.height / 2 };
    const hit = await page.evaluate(
      ({ x, y }) =>
        (document.elementFromPoint(x, y)?.closest('.react-flow__node') as HTMLElement | null)?.dataset.id,
      centre,
    );
    expect(hit).toBe(sg);
    const subBefore = await page.evaluate(() => window.__stratus?.model.board.get('sub')?.position);
    const sgBefore = await page.evaluate((i) => window.__stratus?.model.board.get(i)?.position, sg);
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.down();
    await page.mouse.move(centre.x + 10, centre.y + 60, { steps: 10 });
    await page.mouse.up();
    await expect
      .poll(() => page.evaluate((i) => window.__stratus?.model.board.get(i)?.position, sg))
      .not.toEqual(sgBefore);
    expect(await page.evaluate(() => window.__stratus?.model.board.get('sub')?.position)).toEqual(subBefore);
  });
});
