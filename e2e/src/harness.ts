/**
 * End-to-end harness: the real server process (tsx apps/server/src/main.ts, embedded PGlite in a
 * temporary directory) serving the built web app, and real headless Chromium via playwright-core.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { repoRoot } from './paths.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether the browser tests can run here. With CI=true a missing browser is a failure, not a skip. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const reason = `Chromium not found at ${CHROMIUM} (apt-get install chromium): end-to-end browser tests skipped.`;
  if (process.env.CI === 'true') throw new Error(`${reason} CI=true, so this is a failure.`);
  console.warn(`[e2e] ${reason}`);
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Board {
  id: string;
  token: string | undefined;
}

export class StratusServer {
  proc: ChildProcess | null = null;
  output = '';
  readonly dataDir: string;
  constructor(
    readonly port: number,
    dataDir?: string,
  ) {
    this.dataDir = dataDir ?? mkdtempSync(join(tmpdir(), 'stratus-e2e-'));
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Extra environment for the server process (set before `start`), e.g. OIDC_* for single sign-on. */
  env: NodeJS.ProcessEnv = {};

  async start(): Promise<this> {
    const tsx = join(repoRoot, 'node_modules/.bin/tsx');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      STRATUS_DATA_DIR: this.dataDir,
      STRATUS_WEB_DIST: join(repoRoot, 'apps/web/dist'),
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      REDIS_URL: '',
      ...this.env,
    };
    this.proc = spawn(tsx, [join(repoRoot, 'apps/server/src/main.ts')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc.stdout?.on('data', (d) => (this.output += d));
    this.proc.stderr?.on('data', (d) => (this.output += d));
    const deadline = Date.now() + 180_000; // a busy machine (STRATUS_E2E_BUSY) can take minutes
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null)
        throw new Error(`The server exited (${this.proc.exitCode}):\n${this.output}`);
      try {
        const r = await fetch(`${this.url}/health`);
        if (r.ok) return this;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`The server did not answer /health within 180 s:\n${this.output}`);
  }

  /** SIGTERM (the server flushes pending edits) and wait for the exit. */
  async stop(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => p.kill('SIGKILL'), 15_000);
      p.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      p.kill('SIGTERM');
    });
    this.proc = null;
  }

  async dispose() {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Creates a board through the API; returns its id and the owner token (if the server issues one). */
  async createBoard(body: { name?: string; board?: unknown }): Promise<Board> {
    const r = await fetch(`${this.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (r.status !== 201) throw new Error(`POST /api/boards answered ${r.status}: ${await r.text()}`);
    const j = (await r.json()) as { id: string; ownerToken?: string };
    this.tokens.set(j.id, j.ownerToken);
    return { id: j.id, token: j.ownerToken };
  }

  readonly tokens = new Map<string, string | undefined>();

  async exportBoard(id: string): Promise<{
    name: string;
    nodes: {
      id: string;
      label: string;
      parentId: string | null;
      kind: string;
      props: Record<string, unknown>;
    }[];
    edges: unknown[];
  }> {
    const token = this.tokens.get(id);
    const r = await fetch(`${this.url}/api/boards/${id}/export`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    if (!r.ok) throw new Error(`export answered ${r.status}`);
    return (await r.json()) as never;
  }
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A browser context acting as one person (their name and colour preset). */
export async function person(browser: Browser, name: string, color: string): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await ctx.addInitScript(
    ([n, c]) => localStorage.setItem('stratus.identity', JSON.stringify({ name: n, color: c })),
    [name, color],
  );
  return ctx;
}

/** Opens a board and waits until it is live (connected and synced with the server). */
export async function openBoard(ctx: BrowserContext, server: StratusServer, board: Board): Promise<Page> {
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`[browser] ${e.message}`));
  await page.goto(`${server.url}/b/${board.id}${board.token ? `#token=${board.token}` : ''}`);
  await waitLive(page);
  return page;
}

/** Waits until the page is connected and synced with the server. */
export async function waitLive(page: Page) {
  await page.locator('[data-testid="connection"][data-state="connected"]').waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => window.__stratus?.session.synced === true);
  // The board frames itself once it has arrived (framed, or free for an empty board).
  await page.locator('.canvas-wrap:not([data-framing="waiting"])').waitFor({ timeout: 30_000 });
}

/**
 * Resolves once every edit made so far in this page has been written to its offline store
 * (IndexedDB). y-indexeddb starts a read-write transaction on the "updates" store for each update;
 * transactions on one store complete in the order they were created, so a later one completing
 * means the earlier ones have.
 */
export async function offlineStoreWritten(page: Page): Promise<void> {
  await page.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('updates', 'readwrite');
          tx.objectStore('updates').count();
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    await page.evaluate(() => `stratus:${window.__stratus?.session.boardId}`),
  );
}

/** Node ids and labels as the page's view model holds them. */
export function labels(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries([...(window.__stratus?.model.board.values() ?? [])].map((n) => [n.id, n.label])),
  );
}

export const node = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
