import { describe, expect, it } from 'vitest';
import { threeTier } from '../src/boards.ts';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, labels, node, openBoard, person } from '../src/harness.ts';

describe.runIf(chromiumAvailable())('per-user undo', () => {
  const stratus = useServerAndBrowser();

  it("undo undoes only your own edit, not someone else's", async () => {
    const { server, browser } = stratus;
    const board = await server.createBoard({ name: 'Undo', board: threeTier() });
    const alice = await openBoard(await person(browser, 'Alice Otter', '#e11d48'), server, board);
    const bob = await openBoard(await person(browser, 'Bob Heron', '#2563eb'), server, board);
    const original = (await labels(alice)).db;

    await node(alice, 'db').click();
    await alice.locator('#prop-label').fill('Renamed by Alice');
    await expect.poll(async () => (await labels(bob)).db).toBe('Renamed by Alice');

    // Bob edits after Alice.
    await node(bob, 'alb').click();
    await bob.locator('#prop-label').fill('Renamed by Bob');
    await expect.poll(async () => (await labels(alice)).alb).toBe('Renamed by Bob');

    // Alice presses Ctrl+Z on the canvas: her rename is undone, Bob's stays.
    await alice.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await alice.keyboard.press('Control+z');
    await expect.poll(async () => (await labels(alice)).db).toBe(original);
    await expect.poll(async () => (await labels(bob)).db).toBe(original);
    expect((await labels(alice)).alb).toBe('Renamed by Bob');
    expect((await labels(bob)).alb).toBe('Renamed by Bob');

    // A second undo has nothing of Alice's left to undo: Bob's edit survives it.
    expect(await alice.evaluate(() => window.__stratus?.session.undo.undoStack.length)).toBe(0);
    await alice.keyboard.press('Control+z');
    expect((await labels(alice)).alb).toBe('Renamed by Bob');
    expect((await labels(bob)).alb).toBe('Renamed by Bob');

    // Redo brings Alice's rename back.
    await alice.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await labels(bob)).db).toBe('Renamed by Alice');
  });
});
