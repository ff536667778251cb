#!/usr/bin/env node
// `npm start` / `npm test` on a machine that has only Node and npm: brings the pinned pnpm
// (through npx when it is not installed), installs the workspace from the lockfile, then runs
// the real command. Prints what it does; exits with the command's code.
//
// `start` rebuilds the web app only when its inputs changed (a hash of them is kept beside the
// build), then runs the server process itself: Ctrl-C reaches the server, which flushes every
// pending edit and exits 0, and so does this script, without a package manager's error lines.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function pnpmCommand() {
  const r = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (!r.error && r.status === 0 && r.stdout.trim() === pinned) return ['pnpm', []];
  console.log(`[stratus] pnpm ${pinned} is not installed; using it through npx`);
  return ['npx', ['-y', `pnpm@${pinned}`]];
}

/** Everything the web build reads: its sources, the workspace packages it bundles, the lockfile. */
const WEB_INPUTS = [
  'apps/web/src',
  'apps/web/public',
  'apps/web/index.html',
  'apps/web/bench.html',
  'apps/web/vite.config.ts',
  'apps/web/package.json',
  'packages/model/src',
  'packages/validator/src',
  'packages/export/src',
  'packages/api/src',
  'pnpm-lock.yaml',
];

function hashInputs(paths) {
  const h = createHash('sha256');
  const walk = (rel) => {
    const abs = join(root, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) {
      for (const e of readdirSync(abs).sort()) if (e !== 'node_modules') walk(join(rel, e));
    } else {
      h.update(`${rel}\0`);
      h.update(readFileSync(abs));
    }
  };
  for (const p of paths) walk(p);
  return h.digest('hex');
}

function buildWebIfChanged(pn) {
  const stamp = join(root, 'apps/web/dist/.inputs-hash');
  const hash = hashInputs(WEB_INPUTS);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
    console.log('[stratus] the web app is built and unchanged; not rebuilding');
    return 0;
  }
  console.log('[stratus] building the web app');
  const code = pn('--filter', '@stratus/web', 'build');
  if (code === 0) writeFileSync(stamp, hash);
  return code;
}

/** Runs the server in the foreground; resolves with its exit code. */
function serve() {
  const server = join(root, 'apps/server');
  const gen = run('node', ['scripts/generate.mjs'], { cwd: server });
  if (gen !== 0) return Promise.resolve(gen);
  const child = spawn(join(server, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: server,
    stdio: 'inherit',
    env: { ...process.env, npm_lifecycle_event: 'start' },
  });
  // A terminal's Ctrl-C reaches the whole process group, the server included; a signal sent to
  // this script alone is passed on. Either way the server decides when it is done.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      if (child.exitCode === null) child.kill(sig);
    });
  }
  return new Promise((resolve) => {
    child.on('exit', (code, signal) =>
      resolve(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)),
    );
  });
}

const [task, ...rest] = process.argv.slice(2);
const [pnpm, pre] = pnpmCommand();
const pn = (...args) => run(pnpm, [...pre, ...args]);

console.log('[stratus] installing dependencies from the lockfile');
let code = pn('install', '--frozen-lockfile');
if (code !== 0) process.exit(code);

if (task === 'start') {
  code = buildWebIfChanged(pn);
  if (code === 0) code = await serve();
} else if (task === 'test') {
  run('node', ['tooling/test-summary.mjs', '--clean']);
  code = pn('run', 'check', ...rest);
  run('node', ['tooling/test-summary.mjs']);
} else {
  console.error(`usage: node tooling/run.mjs start|test`);
  code = 2;
}
process.exit(code);
