#!/usr/bin/env node
// `npm start` / `npm test` on a machine that has only Node and npm: brings the pinned pnpm
// (through npx when it is not installed), installs the workspace from the lockfile, then runs
// the real command. Prints what it does; exits with the command's code.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const pinned = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).packageManager.split('@')[1];

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

const [task, ...rest] = process.argv.slice(2);
const [pnpm, pre] = pnpmCommand();
const pn = (...args) => run(pnpm, [...pre, ...args]);

console.log('[stratus] installing dependencies from the lockfile');
let code = pn('install', '--frozen-lockfile');
if (code !== 0) process.exit(code);

if (task === 'start') code = pn('run', 'serve', ...rest);
else if (task === 'test') {
  run('node', ['tooling/test-summary.mjs', '--clean']);
  code = pn('run', 'check', ...rest);
  run('node', ['tooling/test-summary.mjs']);
} else {
  console.error(`usage: node tooling/run.mjs start|test`);
  code = 2;
}
process.exit(code);
