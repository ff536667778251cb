import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { threeTier } from '../src/boards.ts';
import { useServerAndBrowser } from '../src/fixture.ts';
import {
  type Board,
  chromiumAvailable,
  node,
  openBoard,
  person,
  type StratusServer,
  waitLive,
} from '../src/harness.ts';

/** The parts of the page's Y.Doc and provider these tests reach around the interface with. */
interface PageSession {
  doc: {
    getMap(name: string): {
      get(k: string): unknown;
      set(k: string, v: unknown): void;
      delete(k: string): void;
    };
    transact(fn: () => void): void;
  };
  provider: { disconnect(): void };
}

/** The board as a page holds it: name, nodes and edges (domain fields only), sorted by id. */
function onPage(page: Page) {
  return page.evaluate(() => {
    const s = window.__stratus!;
    return {
      name: (s.session as unknown as PageSession).doc.getMap('meta').get('name') as string,
      nodes: [...s.model.board.values()],
      edges: [...s.model.boardEdges.values()],
    };
  });
}

type Shape = { name: string; nodes: unknown[]; edges: unknown[] };
function normal(b: Shape) {
  const pick = (o: unknown, keys: string[]) =>
    Object.fromEntries(
      keys.map((k) => [k, (o as Record<string, unknown>)[k]]).filter(([, v]) => v !== undefined),
    );
  const byId = (a: unknown, b: unknown) =>
    String((a as { id: string }).id).localeCompare(String((b as { id: string }).id));
  return {
    name: b.name,
    nodes: b.nodes
      .map((n) => pick(n, ['id', 'kind', 'label', 'parentId', 'position', 'size', 'props']))
      .sort(byId),
    edges: b.edges.map((e) => pick(e, ['id', 'kind', 'source', 'target', 'label', 'props'])).sort(byId),
  };
}

async function link(server: StratusServer, board: Board, role: 'view' | 'comment') {
  const r = await fetch(`${server.url}/api/boards/${board.id}/links`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${board.token}` },
    body: JSON.stringify({ role }),
  });
  expect(r.status).toBe(201);
  return ((await r.json()) as { url: string }).url;
}

/** Opens a share link in a fresh browser context and waits until the board is live with that role. */
async function openLink(page: Page, url: string, role: string) {
  page.on('pageerror', (e) => console.error(`[${role}] ${e.message}`));
  await page.goto(url);
  await waitLive(page);
  await page.locator(`[data-testid="role"][data-role="${role}"]`).waitFor();
}

/**
 * The owner renames the board to `name` from the page; returns once the server and `pages` have it.
 * Anything a reader's browser kept for itself would still show then.
 */
async function settle(server: StratusServer, board: Board, owner: Page, pages: Page[], name: string) {
  await owner.locator('input[aria-label="Board name"]').fill(name);
  await expect.poll(async () => (await server.exportBoard(board.id)).name, { timeout: 15_000 }).toBe(name);
  for (const p of pages)
    await expect.poll(async () => (await onPage(p)).name, { timeout: 15_000 }).toBe(name);
}

async function expectSameBoard(server: StratusServer, board: Board, owner: Page, reader: Page) {
  const ownerBoard = normal(await onPage(owner));
  expect(ownerBoard.nodes.length).toBeGreaterThan(5);
  expect(normal(await onPage(reader))).toEqual(ownerBoard);
  expect(normal(await server.exportBoard(board.id))).toEqual(ownerBoard);
}

/** The number of stored updates in the board's offline copy (y-indexeddb) in this page's browser. */
function storedUpdates(page: Page, boardId: string) {
  return page.evaluate(
    (id) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(`stratus:${id}`);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('updates')) {
            db.close();
            resolve(0);
            return;
          }
          const count = db.transaction('updates').objectStore('updates').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
    boardId,
  );
}

describe.runIf(chromiumAvailable())('read-only links', () => {
  const stratus = useServerAndBrowser();

  for (const role of ['view', 'comment'] as const) {
    it(`a ${role} link tries every editing gesture: its screen, a reload and the server keep the owner's board`, async () => {
      const { server, browser } = stratus;
      const file = threeTier();
      // One finding on the VPC, to check that "Acknowledge…" is not offered.
      (file.nodes.find((n) => n.id === 'vpc_main') as { props: Record<string, unknown> }).props.cidr =
        '10.0.0.0/33';
      const board = await server.createBoard({ name: `Read-only ${role}`, board: file });
      const owner = await openBoard(await person(browser, 'Olga Owner', '#16a34a'), server, board);
      const reader = await (await person(browser, `Rita ${role}`, '#d97706')).newPage();
      await openLink(reader, await link(server, board, role), role);
      reader.on('dialog', (d) => void d.accept());
      await expectSameBoard(server, board, owner, reader);

      // The interface says read-only, and why.
      await node(reader, 'users').click();
      const props = reader.locator('[data-testid="properties"]');
      await props.waitFor();
      expect(await props.locator('[data-testid="readonly-reason"]').textContent()).toMatch(/not edit/);
      expect(await reader.locator('button[title="Undo (Ctrl+Z)"]').isDisabled()).toBe(true);
      expect(
        await reader.locator('button[title="Auto-layout (L)"], button[title*="not edit"]').isDisabled(),
      ).toBe(true);

      // The finding on the VPC is shown without "Acknowledge…".
      await node(reader, 'vpc_main').locator('.container-header').click();
      await reader.locator('[data-testid="property-panel"] .inline-finding').first().waitFor();
      expect(await reader.getByRole('button', { name: /Acknowledge/ }).count()).toBe(0);
      // Every gesture, each checked on its own: the reader's board must not change at all.
      let last = normal(await onPage(reader));
      const gesture = async (what: string, act: () => Promise<unknown>) => {
        await act();
        const now = normal(await onPage(reader));
        expect.soft(now, `${what} changed the ${role} link's board`).toEqual(last);
        last = now;
      };
      const press =
        (id: string, ...keys: string[]) =>
        async () => {
          await node(reader, id).click();
          for (const k of keys) await reader.keyboard.press(k);
        };
      await gesture('Delete', press('users', 'Delete'));
      await gesture('Backspace', press('cdn', 'Backspace'));
      await gesture('arrow keys', press('app_a', 'ArrowRight', 'Shift+ArrowDown'));
      // Copy is allowed (it changes nothing); cut, paste and duplicate are not.
      await gesture('Ctrl+C', press('sessions', 'Control+c'));
      await gesture('Ctrl+X (cut)', press('orders_queue', 'Control+x'));
      await gesture('Ctrl+V (paste)', press('assets', 'Control+v'));
      await gesture('Ctrl+D (duplicate)', press('orders_dlq', 'Control+d'));
      await gesture(
        'Ctrl+Z / Ctrl+Y / Ctrl+Shift+Z',
        press('app_b', 'Control+z', 'Control+y', 'Control+Shift+z'),
      );
      // (Layout and import finish asynchronously; the comparison after `settle` below covers them.)
      await gesture('L (auto-layout)', async () => {
        await reader.keyboard.press('l');
      });
      await gesture('dragging a node', async () => {
        const box = (await node(reader, 'alb').boundingBox())!;
        const pane = (await reader.locator('.react-flow__pane').boundingBox())!;
        await reader.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await reader.mouse.down();
        await reader.mouse.move(pane.x + pane.width - 150, pane.y + 150, { steps: 8 });
        await reader.mouse.up();
        await reader.keyboard.press('Shift+Digit1'); // zoom to fit again
      });
      await gesture('typing in a property field', async () => {
        await node(reader, 'db').click();
        await reader.locator('#prop-label').click({ force: true });
        await reader.keyboard.type('Renamed by a reader');
      });
      // Around the disabled field: its value written from script, as an input event.
      await gesture('writing a property field from script', () =>
        reader.locator('#prop-label').evaluate((el) => {
          const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
          set.call(el, 'Renamed from script');
          el.dispatchEvent(new Event('input', { bubbles: true }));
        }),
      );
      // Import a board file (the menu item is not offered; the file input is used directly).
      await gesture('importing a board file', async () => {
        await reader.locator('[data-testid="import-file"]').setInputFiles({
          name: 'other.board.json',
          mimeType: 'application/json',
          buffer: Buffer.from(
            JSON.stringify({
              format: 'stratus.board',
              version: 1,
              name: 'Imported by a reader',
              nodes: [
                {
                  id: 'q',
                  kind: 'sqs-queue',
                  label: 'Only queue',
                  parentId: null,
                  position: { x: 0, y: 0 },
                  props: {},
                },
              ],
              edges: [],
            }),
          ),
        });
      });
      // The empty panel does not tell a reader to drag from a palette they do not have.
      await reader.keyboard.press('Escape');
      await reader.getByRole('tab', { name: 'Properties' }).click();
      const empty = reader.locator('.empty-state');
      await empty.waitFor();
      expect(await empty.textContent()).not.toContain('palette');
      expect(await empty.textContent()).toMatch(/not edit/);

      // Nothing changed: on the reader's screen, at the owner and on the server.
      await settle(server, board, owner, [reader], `Checked ${role}`);
      await expectSameBoard(server, board, owner, reader);
      expect(await reader.locator('[data-testid="connection"]').getAttribute('data-state')).toBe('connected');
      expect(await reader.locator('[data-testid="discard-notice"]').count()).toBe(0);

      // A reload shows the same board, live.
      await reader.reload();
      await waitLive(reader);
      await expectSameBoard(server, board, owner, reader);
    });
  }

  it('a change the server refuses is dropped: the page and its offline copy return to the server board, with a notice', async () => {
    const { server, browser } = stratus;
    const board = await server.createBoard({ name: 'Refused', board: threeTier() });
    const owner = await openBoard(await person(browser, 'Olga Owner', '#16a34a'), server, board);
    const viewer = await (await person(browser, 'Vic Viewer', '#2563eb')).newPage();
    await openLink(viewer, await link(server, board, 'view'), 'view');

    // Around every guard of the interface and the model: a raw Yjs edit on the page's document.
    await viewer.evaluate(() => {
      const doc = (window.__stratus!.session as unknown as PageSession).doc;
      doc.transact(() => {
        doc.getMap('nodes').delete('users');
        doc.getMap('meta').set('name', 'Changed by a viewer');
      });
    });
    const notice = viewer.locator('[data-testid="discard-notice"]');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toMatch(/did not accept a change.*view the board but not edit it/);
    await waitLive(viewer);
    await expect.poll(() => viewer.evaluate(() => window.__stratus?.model.board.has('users'))).toBe(true);
    await settle(server, board, owner, [viewer], 'After the refusal');
    await expectSameBoard(server, board, owner, viewer);
    // The offline copy was replaced too: a reload shows the server's board, and no new refusal.
    await viewer.reload();
    await waitLive(viewer);
    await expectSameBoard(server, board, owner, viewer);
    expect(await viewer.locator('[data-testid="discard-notice"]').count()).toBe(0);
  });

  it('an offline copy holding a change a view link may not make is dropped when the board is opened again', async () => {
    const { server, browser } = stratus;
    const board = await server.createBoard({ name: 'Stale copy', board: threeTier() });
    const owner = await openBoard(await person(browser, 'Olga Owner', '#16a34a'), server, board);
    const viewer = await (await person(browser, 'Vic Viewer', '#2563eb')).newPage();
    await openLink(viewer, await link(server, board, 'view'), 'view');

    // While disconnected, a change lands in this browser's offline copy (IndexedDB) only.
    await viewer.evaluate(() => (window.__stratus!.session as unknown as PageSession).provider.disconnect());
    await viewer.locator('[data-testid="connection"][data-state="offline"]').waitFor();
    const before = await storedUpdates(viewer, board.id);
    await viewer.evaluate(() =>
      (window.__stratus!.session as unknown as PageSession).doc.getMap('nodes').delete('users'),
    );
    await expect.poll(() => storedUpdates(viewer, board.id)).toBeGreaterThan(before);

    // Opening the board again sends that copy to the server, which refuses it; the page drops it.
    await viewer.reload();
    const notice = viewer.locator('[data-testid="discard-notice"]');
    await notice.waitFor({ timeout: 15_000 });
    await waitLive(viewer);
    await expect.poll(() => viewer.evaluate(() => window.__stratus?.model.board.has('users'))).toBe(true);
    await settle(server, board, owner, [viewer], 'After the stale copy');
    await expectSameBoard(server, board, owner, viewer);
    await viewer.reload();
    await waitLive(viewer);
    await expectSameBoard(server, board, owner, viewer);
    expect(await viewer.locator('[data-testid="discard-notice"]').count()).toBe(0);
    expect(await viewer.locator('[data-testid="connection"]').getAttribute('data-state')).toBe('connected');
  });
});
