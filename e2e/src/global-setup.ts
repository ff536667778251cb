// Builds the web app once before the end-to-end run when its build is missing or older than
// its sources (turbo builds it first in `npm test`; this covers running the package alone).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { busyCount, keepCoresBusy } from './busy.ts';
import { repoRoot } from './paths.ts';

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export default function setup() {
  const web = join(repoRoot, 'apps/web');
  const built = join(web, 'dist/index.html');
  const sources = Math.max(
    newest(join(web, 'src')),
    newest(join(repoRoot, 'packages/model/src')),
    newest(join(repoRoot, 'packages/validator/src')),
  );
  if (!existsSync(built) || statSync(built).mtimeMs < sources) {
    console.log('[e2e] building the web app (apps/web/dist is missing or older than its sources)');
    execFileSync(join(web, 'node_modules/.bin/vite'), ['build'], { cwd: web, stdio: 'inherit' });
  }
  // Started after the build: the busy mode is about the tests' waits, not the build's speed.
  return keepCoresBusy(busyCount());
}
