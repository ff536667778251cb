// The operator's command-line password reset (`pnpm --filter @stratus/server reset-password`),
// run as a real process against the same database as a real server.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../server.ts';
import { postgresBaseUrl, postgresSchema, quietLog, serverDir, testConfig } from '../testing/helpers.ts';

const pgBase = await postgresBaseUrl();
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function childEnv(env: NodeJS.ProcessEnv) {
  const e: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'silent' };
  delete e.DATABASE_URL;
  delete e.STRATUS_DATA_DIR;
  return { ...e, ...env };
}

function run(args: string[], env: NodeJS.ProcessEnv, stdin?: string) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/accounts/reset-password.ts', ...args], {
      cwd: serverDir,
      env: childEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.stdin.end(stdin ?? '');
    child.once('exit', (code) => resolve({ code, out, err }));
  });
}

async function signin(url: string, email: string, password: string) {
  const r = await fetch(`${url}/api/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return {
    status: r.status,
    cookie: r.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
  };
}

/** `full`: also the unknown-email and --stdin runs (each run opens the database: slow on PGlite). */
async function scenario(env: NodeJS.ProcessEnv, config: Parameters<typeof testConfig>[0], full: boolean) {
  // A server sets up the first admin, then stops (PGlite allows one process per data directory).
  let server = await startServer(testConfig(config), { log: quietLog });
  const setup = await fetch(`${server.url}/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'root@example.com', password: 'forgotten password' }),
  });
  expect(setup.status).toBe(201);
  const oldCookie = setup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  await server.close();

  const usage = await run([], env);
  expect(usage.code).toBe(2);
  expect(usage.err).toMatch(/Usage: reset-password <email>/);
  if (full) {
    const unknown = await run(['nobody@example.com'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no account with the email nobody@example.com/);
  }

  const printed = await run(['Root@Example.com'], env);
  expect(printed.err).toBe('');
  expect(printed.code).toBe(0);
  const password = /New password for Root@Example.com: (\S+)/.exec(printed.out)?.[1];
  expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);

  server = await startServer(testConfig(config), { log: quietLog });
  try {
    expect((await signin(server.url, 'root@example.com', 'forgotten password')).status).toBe(401);
    expect((await signin(server.url, 'root@example.com', password!)).status).toBe(200);
    // The sessions from before the reset are signed out.
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: oldCookie } });
    expect(me.status).toBe(401);
  } finally {
    await server.close();
  }

  if (!full) return;
  const fromStdin = await run(['root@example.com', '--stdin'], env, 'chosen by the operator\n');
  expect(fromStdin.code).toBe(0);
  expect(fromStdin.out).not.toMatch(/chosen by the operator/);
  server = await startServer(testConfig(config), { log: quietLog });
  try {
    expect((await signin(server.url, 'root@example.com', 'chosen by the operator')).status).toBe(200);
  } finally {
    await server.close();
  }
}

describe('reset-password', () => {
  it('is the package script', () => {
    const pkg = JSON.parse(readFileSync(join(serverDir, 'package.json'), 'utf8'));
    expect(pkg.scripts['reset-password']).toMatch(/src\/accounts\/reset-password\.ts$/);
  });

  it('resets a lost admin password on the embedded database (PGlite)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-reset-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dataDir = join(dir, 'data');
    await scenario({ STRATUS_DATA_DIR: dataDir }, { dataDir }, false);
  });

  it.skipIf(!pgBase)('resets a lost admin password on Postgres', async () => {
    const s = await postgresSchema(pgBase!, 'reset');
    cleanups.push(s.drop);
    await scenario({ DATABASE_URL: s.url }, { databaseUrl: s.url }, true);
  });
});
