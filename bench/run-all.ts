/** Runs every benchmark script in turn (add yours to the list). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SCRIPTS = [
  'validator.ts',
  'server.ts',
  'attacks.ts',
  'export.ts',
  'canvas.ts',
  'routing.ts',
  'review.ts',
  'faults.ts',
  'start.ts',
];

let failed = false;
for (const script of SCRIPTS) {
  const path = new URL(script, import.meta.url);
  if (!existsSync(path)) {
    console.log(`(${script} not present, skipped)`);
    continue;
  }
  console.log(`\n=== ${script} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.pathname, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (r.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
