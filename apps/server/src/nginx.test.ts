// Scale-out as deployed: Debian's nginx with the repository's proxy configuration
// (deploy/nginx/stratus.conf, the file docker-compose.yml mounts) in front of two real server
// processes sharing Postgres and Redis. Stock y-websocket clients connect through nginx only;
// clients on both instances converge, and when one instance is SIGKILLed its clients fail over
// through nginx to the other with nothing lost.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './config.ts';
import {
  freePort,
  keepEditing,
  missingIn,
  storedIds,
  testRedisUrl,
  waitConverged,
} from './testing/faults.ts';
import { cleanupsAfterAll } from './testing/fixtures.ts';
import {
  api,
  connectClient,
  isCI,
  postgresBaseUrl,
  postgresSchema,
  spawnServer,
  type TestClient,
  waitFor,
} from './testing/helpers.ts';

const NGINX = '/usr/sbin/nginx';
function haveNginx(): boolean {
  if (spawnSync(NGINX, ['-v']).status === 0) return true;
  if (isCI) throw new Error(`CI=true but nginx is not installed at ${NGINX} (.ci/run installs it)`);
  console.log(`[skip] no nginx at ${NGINX}; the reverse-proxy test is skipped`);
  return false;
}

const pgBase = await postgresBaseUrl();
const redis = pgBase ? await testRedisUrl() : undefined;
const nginx = pgBase && redis ? haveNginx() : false;
const cleanups = cleanupsAfterAll();

/** Runs nginx with deploy/nginx/stratus.conf, upstreams rewritten to the given ports. */
async function startNginx(upstreamPorts: [number, number]) {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-nginx-'));
  chmodSync(dir, 0o755);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  const original = readFileSync(join(repoRoot, 'deploy/nginx/stratus.conf'), 'utf8');
  const site = original
    .replace('server stratus-1:3000', `server 127.0.0.1:${upstreamPorts[0]}`)
    .replace('server stratus-2:3000', `server 127.0.0.1:${upstreamPorts[1]}`)
    .replace(/listen 80;/, `listen 127.0.0.1:${port};`);
  // The test must break if the deployed file changes shape.
  expect(site.match(/server 127\.0\.0\.1:\d+ /g)?.length).toBe(2);
  expect(site).toContain(`listen 127.0.0.1:${port};`);
  writeFileSync(join(dir, 'stratus.conf'), site);
  const temp = ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((t) => `${t === 'body' ? 'client_body' : t}_temp_path ${join(dir, t)};`)
    .join('\n  ');
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log stderr warn;
events { worker_connections 512; }
http {
  access_log off;
  ${temp}
  include ${join(dir, 'stratus.conf')};
}
`,
  );
  const child: ChildProcess = spawn(
    NGINX,
    ['-e', 'stderr', '-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const logs: string[] = [];
  child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
  const exited = new Promise((r) => child.once('exit', r));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${logs.join('')}`);
    return (await fetch(`${url}/health`)).ok;
  }, 'nginx to answer');
  return { url, logs };
}

describe.runIf(pgBase && redis && nginx)('two instances behind nginx (deploy/nginx/stratus.conf)', () => {
  it('clients on both instances converge, and clients of a killed instance fail over with nothing lost', async () => {
    const s = await postgresSchema(pgBase!, 'nginx');
    cleanups.push(() => s.drop());
    const env = { DATABASE_URL: s.url, REDIS_URL: redis!, STRATUS_ROOM_IDLE_MS: '300' };
    const one = await spawnServer(env);
    cleanups.push(() => one.kill('SIGKILL'));
    const two = await spawnServer(env);
    cleanups.push(() => two.kill('SIGKILL'));
    const proxy = await startNginx([one.port, two.port]);

    const { json } = await api(proxy.url, '/api/boards', { method: 'POST', body: { name: 'nginx' } });
    const boardId = json.id as string;
    // Connect through nginx until both instances hold clients (round robin spreads them).
    const clients: TestClient[] = [];
    cleanups.push(() => clients.forEach((c) => c.destroy()));
    const conns = async () => [
      (await api(one.url, '/health')).json.connections as number,
      (await api(two.url, '/health')).json.connections as number,
    ];
    while (clients.length < 8) {
      const c = connectClient(proxy.url, boardId);
      clients.push(c);
      await c.synced();
      const [n1, n2] = await conns();
      if (clients.length >= 4 && n1! > 0 && n2! > 0) break;
    }
    const [onOne, onTwo] = await conns();
    expect(onOne).toBeGreaterThan(0);
    expect(onTwo).toBeGreaterThan(0);

    const edits = keepEditing(clients, 'n', 20);
    await waitFor(() => edits.made.length >= 300, '300 edits');
    await waitConverged(clients, edits.made.slice(0, 250), 'clients on both instances to converge');

    expect(await one.kill('SIGKILL')).toBe(-1);
    const atKill = edits.made.length;
    await waitFor(
      async () => (await api(two.url, '/health')).json.connections === clients.length,
      'failover to two',
    );
    await waitFor(() => edits.made.length >= atKill + 300, '300 edits after the kill');
    await edits.stop();

    await waitConverged(clients, edits.made, 'every edit on every client after the failover');
    await waitFor(
      async () => (await api(proxy.url, '/health')).json?.database?.pendingUpdates === 0,
      'drained',
    );
    const stored = await storedIds(s.url, boardId);
    const inDb = edits.made.filter((id) => stored.has(id)).length;
    for (const c of clients) c.provider.disconnect();
    await waitFor(async () => (await api(proxy.url, '/health')).json?.rooms === 0, 'the board to unload');
    const fresh = connectClient(proxy.url, boardId);
    cleanups.push(() => fresh.destroy());
    await fresh.synced();
    const missingFresh = missingIn(fresh.doc, edits.made);
    console.log(
      `nginx + 2 instances: ${clients.length} clients (${onOne} on one, ${onTwo} on two), ${edits.made.length} edits ` +
        `(${atKill} before one was SIGKILLed); on every client: ${edits.made.length}; in the database: ${inDb}; ` +
        `on a fresh client through nginx after unload: ${edits.made.length - missingFresh.length}`,
    );
    expect(inDb).toBe(edits.made.length);
    expect(missingFresh).toEqual([]);
  }, 150_000);
});
