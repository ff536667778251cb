#!/usr/bin/env node
// Adds up the JSON reports every package's `vitest run` writes to .vitest/report.json and prints
// one closing line for the whole suite: "N passed, N failed" (", N skipped" when any were).
// `--clean` removes old reports first, so a package that did not run is not counted.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dirs = ['packages', 'apps'].flatMap((d) => readdirSync(join(root, d)).map((p) => join(root, d, p)));
dirs.push(join(root, 'e2e'), join(root, 'bench'));
const reports = dirs.map((d) => join(d, '.vitest', 'report.json'));

if (process.argv.includes('--clean')) {
  for (const r of reports) rmSync(r, { force: true });
  process.exit(0);
}

let passed = 0;
let failed = 0;
let skipped = 0;
const lines = [];
for (const r of reports) {
  if (!existsSync(r)) continue;
  const j = JSON.parse(readFileSync(r, 'utf8'));
  passed += j.numPassedTests;
  failed += j.numFailedTests;
  skipped += j.numPendingTests + (j.numTodoTests ?? 0);
  lines.push(
    `  ${r.slice(root.length).replace('/.vitest/report.json', '').padEnd(20)} ${j.numPassedTests} passed, ${j.numFailedTests} failed`,
  );
}
console.log(`\nTest summary (${lines.length} packages):\n${lines.join('\n')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
