import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { threeTier } from '../src/boards.ts';
import { useServerAndBrowser } from '../src/fixture.ts';
import { chromiumAvailable, openBoard, person, waitLive } from '../src/harness.ts';

describe.runIf(chromiumAvailable())('exports and imports', () => {
  const stratus = useServerAndBrowser();

  it('downloads PNG, SVG and the board file, imports a board file, and explains a bad one', async () => {
    const { server, browser } = stratus;
    const person1 = await person(browser, 'Jo Falcon', '#0891b2');
    // The diagram drawn left of and above the origin: a picture that took the positions of nodes
    // inside containers (relative to them) for canvas positions got a wide empty margin.
    const drawing = threeTier();
    for (const n of drawing.nodes) {
      if (n.parentId !== null) continue;
      const p = n.position as { x: number; y: number };
      n.position = { x: p.x - 3000, y: p.y - 2000 };
    }
    const board = await server.createBoard({ name: 'Exports', board: drawing });
    const page = await openBoard(person1, server, board);

    const download = async (item: string) => {
      await page.getByRole('button', { name: 'Export ▾' }).click();
      const [d] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('menuitem', { name: item }).click(),
      ]);
      return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
    };
    const png = await download('PNG image');
    expect(png.name).toBe('Exports.png');
    expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(png.bytes.length).toBeGreaterThan(20_000);
    // The picture has the same margin on every side (it had a wide empty right margin).
    const margins = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const g = c.getContext('2d')!;
      g.drawImage(img, 0, 0);
      const { data } = g.getImageData(0, 0, c.width, c.height);
      let x0 = c.width;
      let y0 = c.height;
      let x1 = -1;
      let y1 = -1;
      for (let y = 0; y < c.height; y++)
        for (let x = 0; x < c.width; x++) {
          const i = (y * c.width + x) * 4;
          if (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240) {
            x0 = Math.min(x0, x);
            x1 = Math.max(x1, x);
            y0 = Math.min(y0, y);
            y1 = Math.max(y1, y);
          }
        }
      return { left: x0, right: c.width - 1 - x1, top: y0, bottom: c.height - 1 - y1 };
    }, png.bytes.toString('base64'));
    // 40 board units at pixel ratio 2, give or take a shadow or an edge's arrow.
    for (const m of Object.values(margins)) expect(m, JSON.stringify(margins)).toBeGreaterThanOrEqual(60);
    for (const m of Object.values(margins)) expect(m, JSON.stringify(margins)).toBeLessThanOrEqual(100);
    const svg = await download('SVG image');
    expect(svg.bytes.toString('utf8')).toContain('<svg');
    // Terraform and CDK come as zip files of the generated sources.
    // Each first asks for the export choices (deletion protection on by default; a CloudFront
    // certificate must come from us-east-1).
    for (const [item, expectName] of [
      ['Terraform (.zip)…', 'main.tf'],
      ['AWS CDK app (.zip)…', '.ts'],
    ] as const) {
      await page.getByRole('button', { name: 'Export ▾' }).click();
      await page.getByRole('menuitem', { name: item }).click();
      expect(await page.locator('[data-testid="export-deletion-protection"]').isChecked()).toBe(true);
      await page
        .locator('[data-testid="export-cloudfront-certificate"]')
        .fill('arn:aws:acm:eu-west-1:123456789012:certificate/abc');
      await expect.poll(() => page.locator('.export-form .field-error').textContent()).toMatch(/us-east-1/);
      expect(await page.locator('[data-testid="export-go"]').isDisabled()).toBe(true);
      await page
        .locator('[data-testid="export-cloudfront-certificate"]')
        .fill('arn:aws:acm:us-east-1:123456789012:certificate/abc');
      const [d] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('[data-testid="export-go"]').click(),
      ]);
      const zip = { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
      expect(zip.name).toMatch(/\.zip$/);
      expect(zip.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      expect(zip.bytes.toString('latin1')).toContain(expectName);
    }
    const file = await download('Board file (.board.json)');
    const json = JSON.parse(file.bytes.toString('utf8'));
    expect(json).toMatchObject({ format: 'stratus.board', version: 1, name: 'Exports' });
    expect(json.nodes).toHaveLength(threeTier().nodes.length);

    // Import: a bad file is refused with its problems listed; nothing changes.
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'broken.board.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          format: 'stratus.board',
          version: 1,
          name: 'x',
          nodes: [{ id: 'a', kind: 'space-elevator' }],
          edges: [],
        }),
      ),
    });
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('$.nodes[0]');
    await dialog.locator('.icon-btn').click();
    expect(await page.evaluate(() => window.__stratus?.model.board.size)).toBe(threeTier().nodes.length);

    // A good file becomes a new board, opened at once; the board that was open is left as it was.
    const small = {
      format: 'stratus.board',
      version: 1,
      name: 'Imported',
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
    };
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'small.board.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(small)),
    });
    await expect.poll(() => page.url()).not.toContain(board.id);
    await waitLive(page);
    await expect
      .poll(() =>
        page.evaluate(() => [...(window.__stratus?.model.board.values() ?? [])].map((n) => n.label)),
      )
      .toEqual(['Only queue']);
    expect(await page.locator('input[aria-label="Board name"]').inputValue()).toBe('Imported');
    expect((await server.exportBoard(board.id)).nodes).toHaveLength(threeTier().nodes.length);
  });

  it('auto-layout keeps every node inside its container', async () => {
    const { server, browser } = stratus;
    // The template is laid out already: move the database out of place for the layout to fix.
    const messy = threeTier();
    const db = messy.nodes.find((n) => n.id === 'db')!;
    db.position = { x: 3, y: 5 };
    const page = await openBoard(
      await person(browser, 'Kai Badger', '#16a34a'),
      server,
      await server.createBoard({ name: 'Layout', board: messy }),
    );
    const before = await page.evaluate(() => window.__stratus?.model.board.get('db')?.position);
    await page.getByTitle('Auto-layout (L)').click();
    await expect
      .poll(() => page.evaluate(() => window.__stratus?.model.board.get('db')?.position))
      .not.toEqual(before);
    const bad = await page.evaluate(() => {
      const nodes = window.__stratus!.model.board;
      const sizeOf = (n: { kind: string; size?: { width: number; height: number } }) =>
        n.size ?? { width: 180, height: 48 };
      const out: string[] = [];
      for (const n of nodes.values()) {
        if (!n.parentId) continue;
        const p = nodes.get(n.parentId) as unknown as { size: { width: number; height: number } };
        const s = sizeOf(n as never);
        if (
          n.position.x < 0 ||
          n.position.y < 0 ||
          n.position.x + s.width > p.size.width ||
          n.position.y + s.height > p.size.height
        )
          out.push(n.id);
      }
      return out;
    });
    expect(bad).toEqual([]);
  });

  it('an imported board whose drawing is piled up arrives laid out', async () => {
    const { server, browser } = stratus;
    const page = await openBoard(
      await person(browser, 'Ira Import', '#9333ea'),
      server,
      await server.createBoard({ name: 'Import target' }),
    );
    // Every node of the three-tier design at (0, 0): overlapping, on its containers' names.
    const piled = threeTier();
    for (const n of piled.nodes) n.position = { x: 0, y: 0 };
    page.on('dialog', (d) => void d.accept());
    await page.locator('[data-testid="import-file"]').setInputFiles({
      name: 'piled.board.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(piled)),
    });
    const problems = () =>
      page.evaluate(() => {
        const nodes = window.__stratus?.model.board;
        if (!nodes?.size) return ['no board yet'];
        const sizeOf = (n: { size?: { width: number; height: number } }) =>
          n.size ?? { width: 180, height: 48 };
        const out: string[] = [];
        const all = [...nodes.values()] as (typeof nodes extends Map<string, infer N> ? N : never)[];
        for (const n of all) {
          const s = sizeOf(n as never);
          if (n.parentId) {
            const p = sizeOf(nodes.get(n.parentId) as never);
            if (
              n.position.x < 0 ||
              n.position.y < 32 ||
              n.position.x + s.width > p.width ||
              n.position.y + s.height > p.height
            )
              out.push(`${n.id} outside ${n.parentId} or on its name`);
          }
          for (const m of all) {
            if (m.id >= n.id || m.parentId !== n.parentId) continue;
            const t = sizeOf(m as never);
            if (
              m.position.x < n.position.x + s.width &&
              n.position.x < m.position.x + t.width &&
              m.position.y < n.position.y + s.height &&
              n.position.y < m.position.y + t.height
            )
              out.push(`${m.id} overlaps ${n.id}`);
          }
        }
        return out;
      });
    await expect.poll(problems).toEqual([]);
    expect(await page.evaluate(() => window.__stratus?.model.board.size)).toBe(piled.nodes.length);
  });
});
