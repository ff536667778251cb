// Applies prisma/migrations/*/migration.sql in order, each in its own transaction, and
// records them in `_prisma_migrations` with the same columns and checksum (sha256 of the file)
// as `prisma migrate deploy`, so the real CLI agrees wherever it can run. The Prisma CLI cannot
// apply migrations on machines without its native engine (see /work/shared/prisma-offline.md).
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../config.ts';

export const MIGRATIONS_DIR = join(repoRoot, 'prisma/migrations');

/** The smallest SQL surface the runner needs; implemented for pg and for PGlite. */
export interface SqlRunner {
  /** Runs `fn` inside one transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
}
export interface SqlTx {
  /** A script of several statements, no parameters. */
  exec(sql: string): Promise<void>;
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Applies pending migrations; returns the names applied. Safe to run from several processes at once. */
export async function migrate(runner: SqlRunner, files = readMigrations()): Promise<string[]> {
  const applied: string[] = [];
  await runner.transaction(async (tx) => {
    // Serialize concurrent starters (two server instances on one database).
    await tx.query('SELECT pg_advisory_xact_lock(424242)');
    await tx.exec(CREATE_TABLE);
    const rows = await tx.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL',
    );
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    for (const m of files) {
      const prev = done.get(m.name);
      if (prev !== undefined) {
        if (prev !== m.checksum) {
          throw new Error(
            `Migration ${m.name} was changed after it was applied (checksum differs). Restore the file or reset the database.`,
          );
        }
        continue;
      }
      const id = randomUUID();
      await tx.exec(m.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [id, m.checksum, m.name],
      );
      applied.push(m.name);
    }
  });
  return applied;
}
