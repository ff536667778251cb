/**
 * Canvas benchmark: a 2,000-node board in headless Chromium.
 *
 * Serves apps/web/dist (build it first: `pnpm --filter @stratus/web build`) and opens
 * bench.html twice per run:
 *   - `mode=stratus`: the real board screen (palette, canvas, property panel, validation worker)
 *     on a local Y.Doc holding a generated n-node board (VPCs → AZs → subnets → resources);
 *   - `mode=bare`: the baseline, a bare React Flow page with n plain default nodes.
 * Measures time to interactive (navigation → every node rendered, measured and visible), frame
 * times while dragging one node (at zoom 1) and while panning the whole board (zoomed to fit),
 * and for Stratus how many node components re-rendered during the drag.
 *
 *   pnpm --filter @stratus/bench exec tsx canvas.ts [--n 2000] [--runs 3]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { median } from './lib/measure.ts';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const N = opt('n', 2000);
const RUNS = opt('runs', 3);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const dist = fileURLToPath(new URL('../apps/web/dist/', import.meta.url));

if (!existsSync(join(dist, 'bench.html'))) {
  console.log('apps/web/dist/bench.html is missing: building the web app first');
  execFileSync('pnpm', ['--filter', '@stratus/web', 'build'], { stdio: 'inherit' });
}
if (!existsSync(CHROMIUM)) {
  console.log(`Chromium not found at ${CHROMIUM}: canvas benchmark skipped (apt-get install chromium).`);
  process.exit(process.env.CI === 'true' ? 1 : 0);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

const server = createServer((req, res) => {
  // No Stratus server here: the board screen asks for its access role and comments; answer as
  // the owner of an open board (otherwise the canvas would be read-only).
  const api = /^\/api\/boards\/[^/]+\/(access|comments)/.exec(req.url ?? '');
  if (api) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        api[1] === 'access' ? { role: 'owner', open: true, expiresAt: null } : { comments: [], counts: {} },
      ),
    );
    return;
  }
  const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]!)).replace(/^(\.\.[/\\])+/, '');
  const file = join(dist, path === '/' ? 'index.html' : path);
  if (!file.startsWith(dist) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

interface Frames {
  mean: number;
  p95: number;
  max: number;
  fps: number;
  count: number;
}

const stats = (deltas: number[]): Frames => {
  const s = [...deltas].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / (s.length || 1);
  return {
    mean,
    p95: s[Math.floor(s.length * 0.95)] ?? 0,
    max: s[s.length - 1] ?? 0,
    fps: 1000 / (mean || 1),
    count: s.length,
  };
};

async function open(
  browser: Browser,
  mode: 'stratus' | 'bare',
): Promise<{ page: Page; tti: number; findings: number }> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // tsx compiles with keepNames: functions passed to page.evaluate reference its `__name` helper.
  await ctx.addInitScript('window.__name = (f) => f');
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`[${mode}] ${e.message}`));
  await page.goto(`${base}/bench.html?mode=${mode}&n=${N}`);
  // Interactive: every node is in the DOM, measured and visible, and a frame has been painted.
  const tti = await page.evaluate(
    (n) =>
      new Promise<number>((resolve) => {
        const check = () => {
          const all = document.querySelectorAll('.react-flow__node');
          let hidden = 0;
          for (const el of all) if ((el as HTMLElement).style.visibility === 'hidden') hidden++;
          if (all.length >= n && hidden === 0)
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
          else requestAnimationFrame(check);
        };
        check();
      }),
    N,
  );
  // The validation worker's first findings (badges on nodes) arrive after that; wait for them so
  // the drag and pan below measure steady state, and report when they appeared.
  const findings =
    mode === 'stratus'
      ? await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              const check = () => {
                const panel = document.querySelector('[data-testid="validation-panel"]');
                if (panel && !panel.textContent?.includes('Checking the board')) resolve(performance.now());
                else setTimeout(check, 20);
              };
              check();
            }),
        )
      : 0;
  await page.waitForTimeout(500);
  return { page, tti, findings };
}

/** Records frame-to-frame times in the page while `action` runs. */
async function frames(page: Page, action: () => Promise<void>): Promise<Frames> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__frames = [];
    w.__recording = true;
    let last = performance.now();
    const tick = (t: number) => {
      if (!w.__recording) return;
      w.__frames.push(t - last);
      last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame((t) => {
      last = t;
      requestAnimationFrame(tick);
    });
  });
  await action();
  const deltas = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __recording: boolean };
    w.__recording = false;
    return w.__frames;
  });
  return stats(deltas);
}

async function pan(page: Page): Promise<{ frames: Frames; renders: number }> {
  await page.evaluate(() => window.__bench?.rf?.fitView());
  await page.waitForTimeout(500);
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const x = pane.x + pane.width / 2;
  const y = pane.y + pane.height / 2;
  await page.evaluate(() => window.__bench!.renders.clear());
  const f = await frames(page, async () => {
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 60; i++) await page.mouse.move(x + i * 4, y + Math.sin(i / 6) * 40);
    await page.mouse.up();
  });
  const renders = await page.evaluate(() => [...window.__bench!.renders.values()].reduce((a, b) => a + b, 0));
  return { frames: f, renders };
}

/** Waits until an element's box stops moving (after a viewport change and re-render). */
async function settledBox(page: Page, selector: string) {
  let prev = '';
  for (let i = 0; i < 50; i++) {
    const b = await page.locator(selector).boundingBox();
    const cur = JSON.stringify(b);
    if (b && cur === prev) return b;
    prev = cur;
    await page.waitForTimeout(100);
  }
  throw new Error(`${selector} never settled`);
}

async function drag(
  page: Page,
  id: string,
): Promise<{ frames: Frames; rendered: number; renders: number; derived: number }> {
  await page.evaluate((nodeId) => {
    const b = window.__bench!;
    const n = b.rf!.getInternalNode(nodeId)!;
    const p = n.internals.positionAbsolute;
    b.rf!.setCenter(p.x + (n.measured.width ?? 0) / 2, p.y + (n.measured.height ?? 0) / 2, { zoom: 1 });
  }, id);
  const box = await settledBox(page, `.react-flow__node[data-id="${id}"]`);
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  const hit = await page.evaluate(
    ([px, py]) => {
      const el = document.elementFromPoint(px!, py!);
      return `${el?.tagName}.${el?.className} in ${el?.closest('.react-flow__node')?.getAttribute('data-id')}`;
    },
    [x, y],
  );
  if (process.env.BENCH_DEBUG) console.log(`drag starts on ${hit}`);
  const derivedBefore = await page.evaluate(() => window.__bench?.derived?.() ?? 0);
  await page.evaluate(() => window.__bench!.renders.clear());
  const f = await frames(page, async () => {
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let i = 1; i <= 60; i++) {
      await page.mouse.move(x + i * 3, y + i);
      if (i === 30 && process.env.BENCH_DEBUG)
        console.log(
          'mid-drag:',
          await page.evaluate(
            (nodeId) => document.querySelector(`.react-flow__node[data-id="${nodeId}"]`)?.className,
            id,
          ),
        );
    }
    await page.mouse.up();
  });
  const { rendered, renders, derived } = await page.evaluate(
    (before) => ({
      rendered: window.__bench!.renders.size,
      renders: [...window.__bench!.renders.values()].reduce((a, b) => a + b, 0),
      derived: (window.__bench?.derived?.() ?? 0) - before,
    }),
    derivedBefore,
  );
  return { frames: f, rendered, renders, derived };
}

declare global {
  interface Window {
    __bench?: {
      rf?: {
        fitView(): void;
        setCenter(x: number, y: number, o: { zoom: number }): void;
        getInternalNode(id: string):
          | {
              internals: { positionAbsolute: { x: number; y: number } };
              measured: { width?: number; height?: number };
            }
          | undefined;
      };
      renders: Map<string, number>;
      derived?: () => number;
    };
  }
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const fmt = (f: Frames) =>
  `mean ${f.mean.toFixed(1)} ms (${f.fps.toFixed(0)} fps), p95 ${f.p95.toFixed(1)} ms, max ${f.max.toFixed(1)} ms, ${f.count} frames`;
try {
  const tti: Record<'bare' | 'stratus', number[]> = { bare: [], stratus: [] };
  const panF: Partial<Record<'bare' | 'stratus', Frames>> = {};
  let panRenders = 0;
  const findingsAt: number[] = [];
  const dragF: Partial<Record<'bare' | 'stratus', Frames>> = {};
  let renderInfo = { rendered: 0, renders: 0, derived: 0 };
  for (let run = 0; run < RUNS; run++) {
    for (const mode of ['bare', 'stratus'] as const) {
      const { page, tti: t, findings } = await open(browser, mode);
      tti[mode].push(t);
      if (mode === 'stratus') findingsAt.push(findings);
      if (run === RUNS - 1) {
        let d = await drag(page, mode === 'bare' ? 'b1234' : 'vpc20az1s1r4');
        if (mode === 'stratus' && d.derived === 0) {
          console.log('(the first drag did not take; measuring a second one)');
          d = await drag(page, 'vpc21az0s0r7');
        }
        dragF[mode] = d.frames;
        if (mode === 'stratus') {
          if (d.derived === 0) throw new Error('The drag did not move the node: the measurement is void.');
          renderInfo = d;
        }
        const p = await pan(page);
        panF[mode] = p.frames;
        if (mode === 'stratus') panRenders = p.renders;
      }
      await page.context().close();
    }
  }
  const tb = median(tti.bare);
  const ts = median(tti.stratus);
  console.log(
    `Canvas benchmark: ${N} nodes, headless Chromium (${browser.version()}), ${new Date().toISOString()}`,
  );
  console.log(`Time to interactive (median of ${RUNS}):`);
  console.log(`  bare React Flow   ${tb.toFixed(0)} ms   [${tti.bare.map((x) => x.toFixed(0)).join(', ')}]`);
  console.log(
    `  Stratus board     ${ts.toFixed(0)} ms   [${tti.stratus.map((x) => x.toFixed(0)).join(', ')}]   ratio ${(ts / tb).toFixed(2)}× bare`,
  );
  console.log(
    `  validation findings shown (worker) at ${median(findingsAt).toFixed(0)} ms   [${findingsAt.map((x) => x.toFixed(0)).join(', ')}]`,
  );
  console.log('Panning the whole board (zoomed to fit, 60 pointer moves):');
  console.log(`  bare React Flow   ${fmt(panF.bare!)}`);
  console.log(
    `  Stratus board     ${fmt(panF.stratus!)}   mean ratio ${(panF.stratus!.mean / panF.bare!.mean).toFixed(2)}× bare`,
  );
  console.log(`  node components re-rendered while panning (Stratus): ${panRenders}`);
  console.log('Dragging one node (zoom 1, 60 pointer moves):');
  console.log(`  bare React Flow   ${fmt(dragF.bare!)}`);
  console.log(
    `  Stratus board     ${fmt(dragF.stratus!)}   mean ratio ${(dragF.stratus!.mean / dragF.bare!.mean).toFixed(2)}× bare`,
  );
  console.log(
    `Re-renders during the Stratus drag: ${renderInfo.rendered} distinct node component(s) rendered (${renderInfo.renders} renders), ${renderInfo.derived} flow node object(s) re-derived from the Y.Doc, out of ${N} nodes.`,
  );
} finally {
  await browser.close();
  server.close();
}
