#!/usr/bin/env node
// Generates the Prisma client into src/generated/prisma without network access: the Prisma
// CLI wants to download a native schema engine before `generate`, which this project does not
// need (queries run through driver adapters, migrations through src/db/migrate.ts). Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips that download (see
// /work/shared/prisma-offline.md). Skips the work when the schema has not changed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const schema = join(pkg, '../../prisma/schema.prisma');
const out = join(pkg, 'src/generated/prisma');
const stamp = join(out, '.schema-hash');
const hash = createHash('sha256').update(readFileSync(schema)).digest('hex');
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash && existsSync(join(out, 'client.ts'))) {
  process.exit(0);
}
const bin = join(pkg, 'node_modules/.bin/prisma');
const r = spawnSync(bin, ['generate', '--schema', schema], {
  cwd: pkg,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: join(pkg, 'package.json'),
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
});
if (r.status !== 0) {
  console.error('[stratus] prisma generate failed; see the output above');
  process.exit(r.status ?? 1);
}
writeFileSync(stamp, hash);
