import { describe, expect, it } from 'vitest';
import { threeTier } from '../src/boards.ts';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, labels, openBoard, person } from '../src/harness.ts';

describe.runIf(chromiumAvailable())('two people on one board', () => {
  const stratus = useServerAndBrowser();

  it("see each other's new node and cursor", async () => {
    const { server, browser } = stratus;
    const board = await server.createBoard({ name: 'Pair', board: threeTier() });
    const alice = await openBoard(await person(browser, 'Alice Otter', '#e11d48'), server, board);
    const bob = await openBoard(await person(browser, 'Bob Heron', '#2563eb'), server, board);

    // Each sees the other in the presence list.
    await expect
      .poll(() => alice.locator('[data-testid="presence"] .avatar[data-name="Bob Heron"]').count())
      .toBe(1);
    await expect
      .poll(() => bob.locator('[data-testid="presence"] .avatar[data-name="Alice Otter"]').count())
      .toBe(1);

    // Alice drags an SQS queue from the palette onto an empty part of the canvas.
    const pane = alice.locator('.react-flow__pane');
    const box = (await pane.boundingBox())!;
    await alice
      .locator('.palette-item[data-kind="sqs-queue"]')
      .dragTo(pane, { targetPosition: { x: box.width - 260, y: 120 } });
    await expect
      .poll(async () => Object.values(await labels(alice)).filter((l) => l === 'SQS queue').length)
      .toBe(1);
    // Bob's canvas shows it.
    await expect
      .poll(async () => Object.values(await labels(bob)).filter((l) => l === 'SQS queue').length)
      .toBe(1);
    await expect
      .poll(() => bob.locator('.react-flow__node .resource[data-label="SQS queue"]').count())
      .toBe(1);

    // Alice moves her pointer over the canvas: Bob sees her cursor with her name.
    await alice.mouse.move(box.x + 300, box.y + 300);
    await alice.mouse.move(box.x + 320, box.y + 310, { steps: 4 });
    const cursor = bob.locator('[data-testid="remote-cursor"][data-name="Alice Otter"]');
    await cursor.waitFor({ timeout: 10_000 });
    await expect.poll(() => cursor.textContent()).toContain('Alice Otter');

    // Bob selects the database: Alice sees it outlined in Bob's colour (rgb(37, 99, 235)).
    await bob.locator('.react-flow__node[data-id="db"]').click();
    await expect
      .poll(() =>
        alice
          .locator('.react-flow__node[data-id="db"] .resource')
          .evaluate((el) => getComputedStyle(el).boxShadow),
      )
      .toContain('rgb(37, 99, 235)');

    // Alice follows Bob: when Bob moves his viewport, Alice's follows.
    await alice.locator('[data-testid="presence"] .avatar[data-name="Bob Heron"]').click();
    await alice.locator('.follow-banner').waitFor();
    const viewport = (p: typeof alice) =>
      p.evaluate(() => {
        const t = document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform;
        const [x, y, zoom] = (t.match(/-?[\d.]+/g) ?? []).map(Number);
        return { x: x!, y: y!, zoom: zoom! };
      });
    const bobBefore = await viewport(bob);
    // Bob grabs an empty corner of the canvas (not a node) and pans.
    const bobPane = (await bob.locator('.react-flow__pane').boundingBox())!;
    await bob.mouse.move(bobPane.x + 12, bobPane.y + 12);
    await bob.mouse.down();
    await bob.mouse.move(bobPane.x + 152, bobPane.y + 92, { steps: 8 });
    await bob.mouse.up();
    const bobView = await viewport(bob);
    expect(Math.abs(bobView.x - bobBefore.x - 140)).toBeLessThan(2);
    expect(Math.abs(bobView.y - bobBefore.y - 80)).toBeLessThan(2);
    // Alice's view follows to the same place.
    await expect
      .poll(
        async () => {
          const a = await viewport(alice);
          return (
            Math.abs(a.x - bobView.x) < 1 &&
            Math.abs(a.y - bobView.y) < 1 &&
            Math.abs(a.zoom - bobView.zoom) < 0.001
          );
        },
        { timeout: 10_000 },
      )
      .toBe(true);
  });
});
