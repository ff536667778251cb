import { describe, expect, it } from 'vitest';
import { threeTier } from '../src/boards.ts';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, node, openBoard, person } from '../src/harness.ts';

describe.runIf(chromiumAvailable())('drag and drop', () => {
  const stratus = useServerAndBrowser();

  it('dragging a resource into a subnet re-parents it', async () => {
    const { server, browser } = stratus;
    const file = threeTier();
    file.nodes.push({
      id: 'loose',
      kind: 'ec2-instance',
      label: 'Loose server',
      parentId: null,
      position: { x: -260, y: 640 },
      props: {},
    });
    const board = await server.createBoard({ name: 'Drag', board: file });
    const page = await openBoard(await person(browser, 'Dana Lynx', '#16a34a'), server, board);

    const from = (await node(page, 'loose').boundingBox())!;
    const subnet = (await node(page, 'private_b').boundingBox())!;
    const target = { x: subnet.x + subnet.width * 0.7, y: subnet.y + subnet.height * 0.6 };
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x, target.y, { steps: 25 });
    await page.mouse.up();

    // The page's model and the server's copy both say: inside "Private B".
    await expect
      .poll(() => page.evaluate(() => window.__stratus?.model.board.get('loose')?.parentId))
      .toBe('private_b');
    await expect
      .poll(async () => (await server.exportBoard(board.id)).nodes.find((n) => n.id === 'loose')?.parentId, {
        timeout: 10_000,
      })
      .toBe('private_b');
    // It stayed where it was dropped: its position is now relative to the subnet, inside it.
    const pos = await page.evaluate(() => window.__stratus?.model.board.get('loose')?.position);
    expect(pos!.x).toBeGreaterThan(0);
    expect(pos!.y).toBeGreaterThan(0);
    expect(pos!.x).toBeLessThan(500);
    expect(pos!.y).toBeLessThan(250);
    // On screen it is where it was dropped: inside the subnet's box, near the pointer.
    const after = (await node(page, 'loose').boundingBox())!;
    const sub = (await node(page, 'private_b').boundingBox())!;
    const cx = after.x + after.width / 2;
    const cy = after.y + after.height / 2;
    expect(cx).toBeGreaterThan(sub.x);
    expect(cx).toBeLessThan(sub.x + sub.width);
    expect(cy).toBeGreaterThan(sub.y);
    expect(cy).toBeLessThan(sub.y + sub.height);
    expect(Math.abs(cx - target.x)).toBeLessThan(30);

    // Moving the subnet's availability zone moves the server along with it.
    const azBefore = (await node(page, 'loose').boundingBox())!;
    const az = (await node(page, 'az_b').locator('.container-header').boundingBox())!;
    const grab = { x: az.x + az.width * 0.85, y: az.y + az.height / 2 };
    await page.mouse.move(grab.x, grab.y);
    await page.mouse.down();
    await page.mouse.move(grab.x, grab.y + 40, { steps: 10 });
    await page.mouse.up();
    const moved = (await node(page, 'loose').boundingBox())!;
    expect(moved.y - azBefore.y).toBeGreaterThan(10);
    expect(await page.evaluate(() => window.__stratus?.model.board.get('loose')?.parentId)).toBe('private_b');

    // Containers resize: select the subnet and drag its bottom-right handle; the new size is in
    // the document (and so on the server).
    type Sized = { size?: { width: number; height: number } };
    const sizeOf = () =>
      page.evaluate(() => (window.__stratus?.model.board.get('private_b') as Sized | undefined)?.size);
    const before = (await sizeOf())!;
    await node(page, 'private_b').locator('.container-header').click();
    const handle = node(page, 'private_b').locator('.react-flow__resize-control.handle.bottom.right');
    const h = (await handle.boundingBox())!;
    await page.mouse.move(h.x + h.width / 2, h.y + h.height / 2);
    await page.mouse.down();
    await page.mouse.move(h.x + 40, h.y + 30, { steps: 8 });
    await page.mouse.up();
    const after2 = (await sizeOf())!;
    expect(after2.width).toBeGreaterThan(before.width + 20);
    expect(after2.height).toBeGreaterThan(before.height + 15);
    await expect
      .poll(async () => {
        const n = (await server.exportBoard(board.id)).nodes.find((x) => x.id === 'private_b') as
          | Sized
          | undefined;
        return n?.size?.width;
      })
      .toBe(after2.width);
  });
});
