/**
 * Takes the README screenshots (docs/screenshots/*.png) against a real server and Chromium:
 * `pnpm --filter @stratus/e2e screenshots` (build the web app first).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { freePort, launch, openBoard, StratusServer } from '../src/harness.ts';
import { repoRoot } from '../src/paths.ts';

const out = join(repoRoot, 'docs/screenshots');
mkdirSync(out, { recursive: true });
const template = (name: string) =>
  JSON.parse(readFileSync(join(repoRoot, `packages/model/templates/${name}.board.json`), 'utf8'));

/** A wide window for the README pictures. */
async function person(browser: Browser, name: string, color: string) {
  const ctx = await browser.newContext({ viewport: { width: 1680, height: 1000 }, deviceScaleFactor: 1 });
  await ctx.addInitScript(
    ([n, c]) => localStorage.setItem('stratus.identity', JSON.stringify({ name: n, color: c })),
    [name, color],
  );
  return ctx;
}

const server = await new StratusServer(await freePort()).start();
const browser = await launch();
try {
  const board = await server.createBoard({ name: 'Three-tier web app', board: template('three-tier') });
  await server.createBoard({ name: 'Queue worker', board: template('queue-worker') });
  await server.createBoard({ name: 'Static site behind CloudFront', board: template('static-site') });

  const alice = await person(browser, 'Alice Otter', '#e11d48');
  const home = await alice.newPage();
  await home.goto(server.url);
  await home.locator('[data-testid="board-list"]').waitFor();
  await home.screenshot({ path: join(out, 'home.png') });

  const bob = await openBoard(await person(browser, 'Bob Heron', '#2563eb'), server, board);
  const page = await openBoard(alice, server, board);
  await page.waitForTimeout(800);
  // Bob selects the database and points at the load balancer.
  await bob.locator('.react-flow__node[data-id="db"]').click();
  const lb = (await bob.locator('.react-flow__node[data-id="alb"]').boundingBox())!;
  await bob.mouse.move(lb.x + lb.width + 30, lb.y + lb.height + 20, { steps: 5 });
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(out, 'board.png') });

  // Validation: break the VPC CIDR and a subnet.
  await page.locator('.react-flow__node[data-id="vpc_main"] .container-header').click();
  await page.locator('#prop-cidr').fill('10.0.0.0/33');
  await page.locator('[data-testid="issues-tab"]').click();
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(out, 'validation.png') });
  await page
    .locator('#prop-cidr')
    .fill('10.0.0.0/16')
    .catch(() => {});

  // Property panel of the RDS instance.
  await page.locator('.react-flow__node[data-id="db"]').click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, 'properties.png') });

  // Each template as it opens (framed whole, so zoomed out: edge labels drawn larger), canvas only:
  // to check that edges go round containers and every label can be read.
  for (const name of ['three-tier', 'queue-worker', 'static-site']) {
    const opened = await openBoard(alice, server, await server.createBoard({ name, board: template(name) }));
    await opened.locator('.palette').waitFor();
    await opened.locator('.canvas-wrap[data-framing="framed"]').waitFor();
    await opened.locator('.react-flow').screenshot({ path: join(out, `template-${name}.png`) });
    await opened.close();
  }
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await server.dispose();
}
