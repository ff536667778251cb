import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, openBoard, person } from '../src/harness.ts';

describe.runIf(chromiumAvailable())('whiteboarding', () => {
  const stratus = useServerAndBrowser();

  it('text, sticky notes and frames are drawn and edited, and the validator ignores them', async () => {
    const { server, browser } = stratus;
    const page = await openBoard(
      await person(browser, 'Lea Heron', '#db2777'),
      server,
      await server.createBoard({ name: 'Notes' }),
    );
    const pane = page.locator('.react-flow__pane');
    const box = (await pane.boundingBox())!;
    const drop = async (kind: string, x: number, y: number) => {
      await page.locator(`.palette-item[data-kind="${kind}"]`).dragTo(pane, { targetPosition: { x, y } });
    };
    await drop('frame', box.width / 2, box.height / 2);
    await page.locator('#prop-label').fill('Phase 2');
    await drop('sticky', 160, 140);
    await page.locator('#prop-text').fill('Ask the DBA about backups');
    await page.locator('#prop-color').selectOption('pink');
    await drop('text', 160, 360);
    await page.locator('#prop-text').fill('Draft — not reviewed');

    await expect.poll(() => page.locator('.sticky').textContent()).toBe('Ask the DBA about backups');
    expect(await page.locator('.sticky').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(252, 231, 243)',
    );
    expect(await page.locator('.text-note').textContent()).toBe('Draft — not reviewed');
    expect(await page.locator('.frame .frame-label').textContent()).toBe('Phase 2');

    // A whiteboard-only board has no findings at all.
    await page.locator('[data-testid="issues-tab"]').click();
    await page.getByText('No problems found.').waitFor();
    const exported = await server.exportBoard(
      (await page.evaluate(() => location.pathname)).split('/').pop()!,
    );
    expect(exported.nodes.map((n) => n.kind).sort()).toEqual(['frame', 'sticky', 'text']);
  });
});
