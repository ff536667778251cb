import { describe, expect, it } from 'vitest';
import { threeTier } from '../src/boards.ts';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, labels, node, openBoard, person, offlineStoreWritten } from '../src/harness.ts';

describe.runIf(chromiumAvailable())('offline editing', () => {
  const stratus = useServerAndBrowser();

  it('edits made while the server is unreachable merge after reconnecting', async () => {
    const { server, browser } = stratus;
    const board = await server.createBoard({ name: 'Offline', board: threeTier() });
    let alice = await openBoard(await person(browser, 'Alice Otter', '#e11d48'), server, board);
    const bob = await openBoard(await person(browser, 'Bob Heron', '#2563eb'), server, board);

    await server.stop();
    for (const p of [alice, bob])
      await p.locator('[data-testid="connection"][data-state="offline"]').waitFor({ timeout: 15_000 });
    expect(await alice.locator('[data-testid="connection"]').textContent()).toContain('Offline');

    // Both keep working while offline, on different things.
    await node(alice, 'db').click();
    await alice.locator('#prop-label').fill('Edited offline by Alice');
    const pane = alice.locator('.react-flow__pane');
    const box = (await pane.boundingBox())!;
    await alice
      .locator('.palette-item[data-kind="sns-topic"]')
      .dragTo(pane, { targetPosition: { x: box.width - 150, y: 80 } });
    await node(bob, 'alb').click();
    await bob.locator('#prop-label').fill('Edited offline by Bob');
    await expect.poll(async () => Object.values(await labels(alice)).includes('SNS topic')).toBe(true);
    // Alice even closes her tab while offline: her edits live on in the browser (IndexedDB)…
    await offlineStoreWritten(alice);
    const aliceCtx = alice.context();
    await alice.close();

    await server.start();
    // …and reach the server when she opens the board again.
    alice = await aliceCtx.newPage();
    await alice.goto(`${server.url}/b/${board.id}`);
    for (const p of [alice, bob])
      await p.locator('[data-testid="connection"][data-state="connected"]').waitFor({ timeout: 30_000 });

    for (const p of [alice, bob]) {
      await expect
        .poll(async () => (await labels(p)).db, { timeout: 15_000 })
        .toBe('Edited offline by Alice');
      await expect.poll(async () => (await labels(p)).alb, { timeout: 15_000 }).toBe('Edited offline by Bob');
      await expect
        .poll(async () => Object.values(await labels(p)).includes('SNS topic'), { timeout: 15_000 })
        .toBe(true);
    }
    await expect
      .poll(async () => (await server.exportBoard(board.id)).nodes.map((n) => n.label), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['Edited offline by Alice', 'Edited offline by Bob', 'SNS topic']));
  });
});
