import { describe, expect, it } from 'vitest';
import { threeTier } from '../src/boards.ts';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, labels, node, openBoard, person } from '../src/harness.ts';

describe.runIf(chromiumAvailable())('keyboard editing', () => {
  const stratus = useServerAndBrowser();

  it('nudges, duplicates, deletes, finds, and copies a subnet with its contents to another board', async () => {
    const { server, browser } = stratus;
    const ctx = await person(browser, 'Ivo Gecko', '#4f46e5');
    const a = await openBoard(ctx, server, await server.createBoard({ name: 'Source', board: threeTier() }));
    const pos = (id: string) => a.evaluate((i) => window.__stratus?.model.board.get(i)?.position, id);

    await node(a, 'app_b').click();
    const start = (await pos('app_b'))!;
    await a.keyboard.press('ArrowRight');
    await a.keyboard.press('Shift+ArrowDown');
    await expect.poll(() => pos('app_b')).toEqual({ x: start.x + 1, y: start.y + 16 });

    // Duplicate: a second "App B" appears in the same subnet.
    await a.keyboard.press('Control+d');
    await expect.poll(async () => Object.values(await labels(a)).filter((l) => l === 'App B').length).toBe(2);
    const copyId = await a.evaluate(
      () =>
        [...(window.__stratus?.model.board.values() ?? [])].find(
          (n) => n.label === 'App B' && n.id !== 'app_b',
        )!.id,
    );
    expect(await a.evaluate((i) => window.__stratus?.model.board.get(i)?.parentId, copyId)).toBe('private_b');
    // Delete removes the selected duplicate.
    await a.keyboard.press('Delete');
    await expect.poll(async () => Object.values(await labels(a)).filter((l) => l === 'App B').length).toBe(1);

    // Find a node by name: Ctrl+F, type, Enter selects it.
    await a.keyboard.press('Control+f');
    await a.keyboard.type('Orders DLQ');
    await a.keyboard.press('Enter');
    await expect.poll(() => a.locator('.react-flow__node.selected[data-id="orders_dlq"]').count()).toBe(1);

    // Copy the subnet "Private A" (with its instance and database) and paste it on another board.
    await a.keyboard.press('Shift+Digit1'); // zoom to fit (the click below waits for the header to stop moving)
    await node(a, 'private_a').locator('.container-header').click();
    await a.keyboard.press('Control+c');
    const b = await openBoard(ctx, server, await server.createBoard({ name: 'Target' }));
    await b.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await b.keyboard.press('Control+v');
    await expect.poll(() => b.evaluate(() => window.__stratus?.model.board.size)).toBe(3);
    const pasted = await b.evaluate(() =>
      [...(window.__stratus?.model.board.values() ?? [])].map((n) => ({
        id: n.id,
        kind: n.kind,
        parentId: n.parentId,
      })),
    );
    const subnet = pasted.find((n) => n.kind === 'subnet')!;
    expect(subnet.parentId).toBeNull();
    expect(pasted.filter((n) => n.kind !== 'subnet').every((n) => n.parentId === subnet.id)).toBe(true);
    expect(pasted.some((n) => n.id === 'private_a')).toBe(false); // fresh ids
    await expect.poll(() => b.evaluate(() => window.__stratus?.model.boardEdges.size)).toBe(1); // app → db traffic
  });
});
