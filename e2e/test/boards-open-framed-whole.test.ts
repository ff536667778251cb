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

/**
 * What makes a board hard to read, measured on the drawn page (bounding boxes of the elements):
 * two node or container names overlapping (.resource-label, .container-label), an edge label
 * (.edge-label) over a node or over a container's name, and a container's name covered by
 * something drawn on top of it (a child container or node: the topmost element at points along
 * the name must be the name's own node). Only what is visible counts (far out, names are hidden).
 * Returns one line per problem.
 */
const readabilityProblems = (page: Page) =>
  page.evaluate(() => {
    const shown = (e: Element) => {
      const r = e.getBoundingClientRect();
      return (
        r.width > 0 && r.height > 0 && e.checkVisibility({ visibilityProperty: true, opacityProperty: true })
      );
    };
    const nodeOf = (e: Element) => e.closest<HTMLElement>('.react-flow__node');
    const name = (e: Element) => `${nodeOf(e)?.dataset.id ?? '?'} "${e.textContent}"`;
    const hit = (a: DOMRect, b: DOMRect) =>
      Math.min(a.right, b.right) - Math.max(a.left, b.left) > 0.5 &&
      Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 0.5;
    const problems: string[] = [];
    const labels = [...document.querySelectorAll('.resource-label, .container-label')].filter(shown);
    const rects = labels.map((e) => e.getBoundingClientRect());
    for (let i = 0; i < labels.length; i++)
      for (let j = i + 1; j < labels.length; j++)
        if (hit(rects[i]!, rects[j]!))
          problems.push(`labels ${name(labels[i]!)} and ${name(labels[j]!)} overlap`);
    const cards = [
      ...document.querySelectorAll(
        '.react-flow__node-resource, .react-flow__node-sticky, .react-flow__node-text',
      ),
    ].filter(shown);
    const containerLabels = labels.filter((e) => e.classList.contains('container-label'));
    for (const l of [...document.querySelectorAll('.edge-label')].filter(shown)) {
      const r = l.getBoundingClientRect();
      for (const n of cards)
        if (hit(r, n.getBoundingClientRect()))
          problems.push(`edge label "${l.textContent}" overlaps node ${(n as HTMLElement).dataset.id}`);
      for (const c of containerLabels)
        if (hit(r, c.getBoundingClientRect()))
          problems.push(`edge label "${l.textContent}" overlaps the name ${name(c)}`);
    }
    const viewport = document.querySelector('.react-flow__viewport')!;
    for (const c of containerLabels) {
      const r = c.getBoundingClientRect();
      const own = nodeOf(c);
      // The name must also lie inside its own container's box.
      const box = own!.getBoundingClientRect();
      if (r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5)
        problems.push(`the name ${name(c)} spills out of its container`);
      for (const f of [0.1, 0.5, 0.9]) {
        const x = r.left + r.width * f;
        const y = r.top + r.height / 2;
        // The topmost thing drawn there, leaving out edges' lines (SVG) and what is not the diagram.
        const top = document
          .elementsFromPoint(x, y)
          .find((e) => viewport.contains(e) && !(e instanceof SVGElement));
        const by = top && (top.closest('.edge-label') ?? nodeOf(top));
        if (by !== own) {
          const what = by?.classList.contains('edge-label')
            ? `edge label "${by.textContent}"`
            : `node ${(by as HTMLElement | null | undefined)?.dataset.id ?? 'nothing'}`;
          problems.push(`the name ${name(c)} is covered by ${what}`);
          break;
        }
      }
    }
    return problems;
  });

/**
 * How the edges are drawn, measured on the page: edges that pass through a container holding
 * neither of their ends (points along the drawn path, every 4 px, strictly inside the container's
 * box), edges the canvas could not route round containers (`data-route="fallback"`, reported so the
 * test can require there are none), and edge labels whose text is under 9 px on screen.
 */
const edgeProblems = (page: Page) =>
  page.evaluate(() => {
    const problems: string[] = [];
    const boxes = new Map(
      [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((e) => [
        e.dataset.id!,
        { r: e.getBoundingClientRect(), container: e.classList.contains('react-flow__node-container') },
      ]),
    );
    const holds = (c: DOMRect, id: string) => {
      const r = boxes.get(id)?.r;
      if (!r) return false;
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      return x > c.left && x < c.right && y > c.top && y < c.bottom;
    };
    const zoom = Number(
      /scale\(([\d.]+)\)/.exec(
        document.querySelector<HTMLElement>('.react-flow__viewport')!.style.transform,
      )?.[1],
    );
    for (const e of window.__stratus!.model.boardEdges.values()) {
      const path = document.querySelector<SVGPathElement>(
        `.react-flow__edge[data-id="${CSS.escape(e.id)}"] path.react-flow__edge-path`,
      );
      if (!path) continue;
      if (path.dataset.route === 'fallback') {
        problems.push(`edge ${e.id} (${e.source} → ${e.target}) found no route round containers`);
        continue;
      }
      const m = path.getScreenCTM()!;
      const foreign = [...boxes]
        .filter(([id, b]) => b.container && id !== e.source && id !== e.target)
        .filter(([, b]) => !holds(b.r, e.source) && !holds(b.r, e.target));
      const length = path.getTotalLength();
      const crossed = new Set<string>();
      for (let l = 0; l <= length; l += 4) {
        const p = path.getPointAtLength(l).matrixTransform(m);
        for (const [id, { r }] of foreign)
          if (p.x > r.left + 2 && p.x < r.right - 2 && p.y > r.top + 2 && p.y < r.bottom - 2) crossed.add(id);
      }
      for (const id of crossed)
        problems.push(`edge ${e.id} (${e.source} → ${e.target}) crosses container ${id}`);
    }
    for (const l of document.querySelectorAll<HTMLElement>('.edge-label')) {
      if (!l.checkVisibility({ visibilityProperty: true })) continue;
      const px = Number.parseFloat(getComputedStyle(l).fontSize) * zoom;
      if (px < 8.95) problems.push(`edge label "${l.textContent}" is ${px.toFixed(1)} px on screen`);
    }
    return problems;
  });

/** Node positions as the document has them. */
const positions = (page: Page) =>
  page.evaluate(() =>
    Object.fromEntries([...window.__stratus!.model.board.values()].map((n) => [n.id, n.position])),
  );

/** A board drawn carelessly: every node moved off its place (deterministic), none removed. */
function scrambled<B extends { nodes: Record<string, unknown>[] }>(board: B): B {
  return {
    ...board,
    nodes: board.nodes.map((n, i) => {
      const p = n.position as { x: number; y: number };
      return { ...n, position: { x: p.x + ((i * 137) % 300) - 90, y: p.y + ((i * 71) % 200) - 60 } };
    }),
  };
}

describe.runIf(chromiumAvailable())('boards open framed whole', () => {
  const stratus = useServerAndBrowser();

  it('every template and a 300-node board open whole and readable, edges round containers, 10 times each', async () => {
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
        // Edges (and their labels) are drawn once both ends are measured.
        await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(board.edges.length);
        expect(await outsideViewport(page), `${file}, open ${i + 1}`).toEqual([]);
        expect(await readabilityProblems(page), `${file}, open ${i + 1}`).toEqual([]);
        expect(await edgeProblems(page), `${file}, open ${i + 1}`).toEqual([]);
      }
    }
  });

  it('auto-layout (L) leaves every board whole and readable, and one Ctrl+Z puts it back', async () => {
    const { server, browser } = stratus;
    const ctx = await person(browser, 'Lee Layout', '#0369a1');
    const page = await ctx.newPage();
    const boards = [
      ...templates().map(({ file, board }) => ({ file, board: scrambled(board) })),
      { file: '300 nodes', board: scrambled(largeBoard(300)) },
    ];
    for (const { file, board } of boards) {
      const { id, token } = await server.createBoard({ name: file, board });
      await page.goto(`${server.url}/b/${id}${token ? `#token=${token}` : ''}`);
      await waitLive(page);
      await page.locator('.palette').waitFor();
      await expect.poll(() => page.locator('.react-flow__node').count()).toBe(board.nodes.length);
      await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(board.edges.length);
      const before = await positions(page);
      await page.keyboard.press('l');
      await expect.poll(() => positions(page), { message: file }).not.toEqual(before);
      const laid = await positions(page);
      // The view is refitted to the new drawing (it animates: wait until it shows all of it).
      await expect.poll(() => outsideViewport(page), { message: file }).toEqual([]);
      await expect.poll(() => readabilityProblems(page), { message: file }).toEqual([]);
      await expect.poll(() => edgeProblems(page), { message: file }).toEqual([]);
      // One undo step: a single Ctrl+Z restores every position.
      await page.keyboard.press('Control+z');
      await expect.poll(() => positions(page), { message: file }).toEqual(before);
      await page.keyboard.press('Control+Shift+z');
      await expect.poll(() => positions(page), { message: file }).toEqual(laid);
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
