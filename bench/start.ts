// Starting the app the README's way: `npm start` in a fresh clone (install from the lockfile,
// build the web app, start the server on the embedded database) until the printed URL answers,
// then a restart with the tree unchanged (no rebuild), against a baseline from the same run: the
// server process alone (`tsx src/main.ts`) in the same clone, start to first answer.
// Run: pnpm --filter @stratus/bench exec tsx start.ts   (a few minutes: one full web build).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = new URL('..', import.meta.url).pathname;
const clone = mkdtempSync(join(tmpdir(), 'stratus-start-'));
const port = 3917;

/** Runs `cmd` in its own process group; resolves with ms until `url` answers 200, and the process. */
async function timeToServe(cmd: string, args: string[], cwd: string, url: string) {
  const t0 = performance.now();
  const p = spawn(cmd, args, {
    cwd,
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, PORT: String(port), STRATUS_DATA_DIR: join(clone, '.data'), CI: '' },
  });
  for (;;) {
    if (p.exitCode !== null) throw new Error(`${cmd} ${args.join(' ')} exited ${p.exitCode}`);
    try {
      if ((await fetch(url)).ok) return { ms: performance.now() - t0, p };
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Ctrl-C as a terminal sends it (the whole group); resolves with the exit code. */
function interrupt(p: ChildProcess): Promise<number | string | null> {
  return new Promise((resolve) => {
    p.once('exit', (code, signal) => resolve(code ?? signal));
    process.kill(-p.pid!, 'SIGINT');
  });
}

const url = `http://127.0.0.1:${port}/`;
try {
  execFileSync('git', ['clone', '-q', repo, clone]);
  const fresh = await timeToServe('npm', ['start'], clone, url);
  const freshExit = await interrupt(fresh.p);
  const restart = await timeToServe('npm', ['start'], clone, url);
  await interrupt(restart.p);
  const server = join(clone, 'apps/server');
  const base = await timeToServe(join(server, 'node_modules/.bin/tsx'), ['src/main.ts'], server, url);
  await interrupt(base.p);
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log('npm start, measured on this machine (git clone of HEAD; the pnpm store may be warm):');
  console.log(
    `  fresh clone -> page served   ${s(fresh.ms)}   (${(fresh.ms / base.ms).toFixed(1)}x baseline)`,
  );
  console.log(
    `  restart, tree unchanged      ${s(restart.ms)}   (${(restart.ms / base.ms).toFixed(1)}x baseline)`,
  );
  console.log(`  baseline: server alone       ${s(base.ms)}`);
  console.log(`  npm after Ctrl-C: ${freshExit} (the server flushed and exited 0; npm reports the signal)`);
} finally {
  rmSync(clone, { recursive: true, force: true });
}
