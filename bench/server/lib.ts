// Helpers for bench/server.ts: spawn the Stratus server and the reference @y/websocket-server
// as child processes, stock y-websocket clients, percentiles, process memory.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { pg, referenceBin, serverDir, WebSocket, WebsocketProvider, Y } from './deps.ts';

export interface Target {
  name: 'stratus' | 'reference';
  /** serverUrl for WebsocketProvider (room appended by the provider). */
  wsBase: string;
  httpBase: string;
  child: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

function waitForLine(child: ChildProcess, test: (line: string) => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const logs: string[] = [];
    const t = setTimeout(() => reject(new Error(`${what} did not start:\n${logs.join('\n')}`)), 90_000);
    const on = (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        logs.push(line);
        if (test(line)) {
          clearTimeout(t);
          resolve();
        }
      }
    };
    child.stdout?.on('data', on);
    child.stderr?.on('data', (d: Buffer) => logs.push(d.toString()));
    child.once('exit', (c) => reject(new Error(`${what} exited (${c}):\n${logs.join('\n')}`)));
  });
}

const stopper =
  (child: ChildProcess) =>
  async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const done = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await done;
  };

/** Extra node flags for the Stratus process (e.g. `--cpu-prof`), from BENCH_SERVER_NODE_ARGS. */
const extraNodeArgs = () => process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

export async function startStratus(env: Record<string, string>, port?: number): Promise<Target> {
  const p = port ?? (await freePort());
  const child = spawn(
    process.execPath,
    [...extraNodeArgs(), '--expose-gc', '--import', probe, '--import', 'tsx', 'src/main.ts'],
    {
      cwd: serverDir,
      env: {
        ...process.env,
        PORT: String(p),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        STRATUS_MAX_CONNECTIONS: '5000',
        STRATUS_RATE_MESSAGES_PER_SEC: '1000',
        STRATUS_RATE_BURST: '2000',
        STRATUS_ROOM_IDLE_MS: '2000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // LOG_LEVEL=warn hides the listening line; poll /health instead.
  watchHeap(child);
  child.stderr?.resume();
  const httpBase = `http://127.0.0.1:${p}`;
  const end = Date.now() + 90_000;
  for (;;) {
    try {
      const r = await fetch(httpBase + '/health');
      if (r.status === 200) break;
    } catch {}
    if (child.exitCode !== null) throw new Error('stratus server exited during start');
    if (Date.now() > end) throw new Error('stratus server did not start');
    await sleep(100);
  }
  return { name: 'stratus', wsBase: `ws://127.0.0.1:${p}/sync`, httpBase, child, stop: stopper(child) };
}

export async function startReference(): Promise<Target> {
  const p = await freePort();
  const child = spawn(process.execPath, ['--expose-gc', '--import', probe, referenceBin], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(p) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForLine(child, (l) => l.includes('running at'), 'reference server');
  watchHeap(child);
  return {
    name: 'reference',
    wsBase: `ws://127.0.0.1:${p}`,
    httpBase: `http://127.0.0.1:${p}`,
    child,
    stop: stopper(child),
  };
}

export interface Client {
  doc: InstanceType<typeof Y.Doc>;
  provider: InstanceType<typeof WebsocketProvider>;
  synced: Promise<void>;
  destroy(): void;
}

/** Owner tokens of boards created here (boards are private to their owner since issue 7). */
export const tokens = new Map<string, string>();
/** Query string that authorises a raw socket on a board. */
export const tokenQuery = (room: string) =>
  tokens.has(room) ? `?token=${encodeURIComponent(tokens.get(room)!)}` : '';

export function client(target: Target, room: string, doc = new Y.Doc()): Client {
  const token = tokens.get(room);
  const provider = new WebsocketProvider(target.wsBase, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    ...(token ? { params: { token } } : {}),
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.on('sync', (s: boolean) => s && resolve());
  });
  return {
    doc,
    provider,
    synced,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Creates a board on the target: REST for Stratus; for the reference, any room name exists. */
export async function createBoard(target: Target, name: string, board?: unknown): Promise<string> {
  if (target.name === 'reference') return `${name}-${Math.random().toString(36).slice(2, 8)}`;
  const r = await fetch(target.httpBase + '/api/boards', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(board ? { board } : { name }),
  });
  if (r.status !== 201) throw new Error(`create board: ${r.status} ${await r.text()}`);
  const j = (await r.json()) as { id: string; ownerToken?: string };
  if (j.ownerToken) tokens.set(j.id, j.ownerToken);
  return j.id;
}

export function pct(xs: number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

const probe = new URL('./heap-probe.mjs', import.meta.url).href;
/** Largest event-loop delay in the server between the last two probes. */
export const lastEventLoopMaxMs = new WeakMap<ChildProcess, number>();
const heapWaiters = new WeakMap<ChildProcess, ((bytes: number) => void)[]>();

function watchHeap(child: ChildProcess) {
  if (heapWaiters.has(child)) return;
  heapWaiters.set(child, []);
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.startsWith('HEAP ')) {
        const [, bytes, eld] = line.split(' ');
        lastEventLoopMaxMs.set(child, Number(eld));
        heapWaiters.get(child)!.shift()?.(Number(bytes));
      }
    }
  });
}

/** Live heap (after a full GC) of a server started here, in MiB. */
export async function heapMiB(child: ChildProcess): Promise<number> {
  const v = await new Promise<number>((resolve) => {
    heapWaiters.get(child)!.push(resolve);
    child.kill('SIGUSR2');
  });
  return v / (1024 * 1024);
}

export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

export async function postgresUrl(): Promise<string | undefined> {
  const base =
    process.env.TEST_DATABASE_URL ??
    process.env.BENCH_DATABASE_URL ??
    'postgresql://postgres@127.0.0.1:5432/test';
  const c = new pg.Client({ connectionString: base, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    const schema = `bench_${process.pid}`;
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    const u = new URL(base);
    u.searchParams.set('schema', schema);
    return u.toString();
  } catch {
    return undefined;
  } finally {
    await c.end().catch(() => {});
  }
}

export async function dropSchema(url: string) {
  const u = new URL(url);
  const schema = u.searchParams.get('schema');
  u.searchParams.delete('schema');
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
}

export const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
