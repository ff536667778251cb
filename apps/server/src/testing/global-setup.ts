// Builds one migrated PGlite once per test run and dumps it to a file; test files restore it
// (about 1.5 s) instead of creating and migrating a new database each (5-7 s).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrate } from '../db/migrate.ts';
import { pgliteRunner } from '../db/database.ts';
import { spawnSync } from 'node:child_process';

export default async function setup() {
  // Make sure the generated Prisma client is current.
  const g = spawnSync(process.execPath, [join(import.meta.dirname, '../../scripts/generate.mjs')], {
    stdio: 'inherit',
  });
  if (g.status !== 0) throw new Error('prisma generate failed');
  const dir = mkdtempSync(join(tmpdir(), 'stratus-template-'));
  const db = new PGlite('memory://');
  await migrate(pgliteRunner(db));
  const dump = await db.dumpDataDir('none');
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  process.env.STRATUS_PGLITE_TEMPLATE = file;
  return () => rmSync(dir, { recursive: true, force: true });
}
