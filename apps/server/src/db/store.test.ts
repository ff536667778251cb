// The migration runner and the snapshot+log store, on PGlite and on a real Postgres.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pgliteDatabase, postgresBaseUrl, postgresSchema, quietLog } from '../testing/helpers.ts';
import { type Database, openDatabase, pgliteRunner, pgRunner } from './database.ts';
import { MIGRATIONS_DIR, migrate, readMigrations, type SqlRunner } from './migrate.ts';
import { prismaStore } from './store.ts';

const pgBase = await postgresBaseUrl();
const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function migrationsDir(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'stratus-mig-'));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

async function runnerSuite(
  makeRunner: () => Promise<{ runner: SqlRunner; query: (sql: string) => Promise<any[]> }>,
) {
  const { runner, query } = await makeRunner();
  const real = readMigrations();
  expect(real.length).toBeGreaterThan(0);
  expect(await migrate(runner, real)).toEqual(real.map((m) => m.name));
  expect(await migrate(runner, real)).toEqual([]); // idempotent
  const rows = await query(
    'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"',
  );
  expect(rows).toHaveLength(real.length);
  expect(rows[0].checksum).toBe(
    createHash('sha256')
      .update(readFileSync(join(MIGRATIONS_DIR, real[0]!.name, 'migration.sql')))
      .digest('hex'),
  );
  expect(rows[0].finished_at).not.toBeNull();

  // A failing migration is rolled back and not recorded.
  const bad = readMigrations(
    migrationsDir({ '99990101000000_bad': 'CREATE TABLE t_ok (x int); SELECT * FROM no_such_table;' }),
  );
  await expect(migrate(runner, [...real, ...bad])).rejects.toThrow(/no_such_table/);
  expect(
    await query(`SELECT * FROM "_prisma_migrations" WHERE migration_name = '99990101000000_bad'`),
  ).toHaveLength(0);
  expect(await query(`SELECT to_regclass('t_ok') AS t`)).toEqual([{ t: null }]);

  // An edited, already-applied migration is refused.
  const edited = real.map((m, i) => (i === 0 ? { ...m, checksum: 'x'.repeat(64) } : m));
  await expect(migrate(runner, edited)).rejects.toThrow(/changed after it was applied/);
}

async function storeSuite(db: Database) {
  const store = prismaStore(db.prisma, db.ping);
  const id = `s${Date.now()}`;
  const src = new Y.Doc();
  src.getMap('meta').set('name', 'n');
  await store.create(id, 'n', Y.encodeStateAsUpdate(src));
  const updates: Uint8Array[] = [];
  src.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < 60; i++) {
    src.getMap('nodes').set(`k${i}`, i);
    if (i % 3 === 0) src.getMap('nodes').delete(`k${i - 1}`);
  }
  for (let i = 0; i < updates.length; i += 10) await store.append(id, updates.slice(i, i + 10));
  let loaded = await store.load(id);
  expect(loaded!.tailRows).toBe(updates.length);
  const before = new Y.Doc();
  for (const u of loaded!.updates) Y.applyUpdate(before, u);
  expect(before.getMap('nodes').toJSON()).toEqual(src.getMap('nodes').toJSON());

  expect(await store.compact(id)).toBe(updates.length);
  loaded = await store.load(id);
  expect(loaded!.tailRows).toBe(0);
  const after = new Y.Doc();
  for (const u of loaded!.updates) Y.applyUpdate(after, u);
  expect(after.getMap('nodes').toJSON()).toEqual(src.getMap('nodes').toJSON());

  // Appends racing a compaction are kept.
  src.getMap('nodes').set('late1', 1);
  const late = updates.at(-1)!;
  await Promise.all([store.compact(id), store.append(id, [late])]);
  const final = new Y.Doc();
  for (const u of (await store.load(id))!.updates) Y.applyUpdate(final, u);
  expect(final.getMap('nodes').get('late1')).toBe(1);

  expect((await store.rename(id, 'renamed'))!.name).toBe('renamed');
  expect(await store.rename('missing', 'x')).toBeNull();
  expect(await store.delete(id)).toBe(true);
  expect(await store.load(id)).toBeNull();
  await expect(store.append(id, [late])).rejects.toThrow();
}

describe('migration runner', () => {
  it('applies, records like the Prisma CLI, refuses edits and rolls back failures on PGlite', async () => {
    const db = new PGlite('memory://');
    cleanups.push(() => db.close());
    await runnerSuite(async () => ({
      runner: pgliteRunner(db),
      query: async (sql) => (await db.query(sql)).rows,
    }));
  });

  it.runIf(pgBase)('does the same on Postgres', async () => {
    const s = await postgresSchema(pgBase!, 'mig');
    cleanups.push(() => s.drop());
    const c = new pg.Client({ connectionString: pgBase });
    await c.connect();
    cleanups.push(() => c.end());
    await c.query(`CREATE SCHEMA "${s.schema}"`);
    await c.query(`SET search_path TO "${s.schema}"`);
    await runnerSuite(async () => ({ runner: pgRunner(c), query: async (sql) => (await c.query(sql)).rows }));
  });
});

describe('snapshot + log store', () => {
  it('appends, loads, compacts and keeps racing appends on PGlite', async () => {
    const db = await pgliteDatabase();
    cleanups.push(() => db.close());
    await storeSuite(db);
  });

  it.runIf(pgBase)('does the same on Postgres', async () => {
    const s = await postgresSchema(pgBase!, 'store');
    cleanups.push(() => s.drop());
    const db = await openDatabase({ databaseUrl: s.url, dataDir: '', log: quietLog });
    cleanups.push(() => db.close());
    await storeSuite(db);
  });
});

describe.runIf(pgBase)('compaction with several instances (Postgres)', () => {
  it('runs on one instance at a time per board and skips a log another instance just folded', async () => {
    const s = await postgresSchema(pgBase!, 'compactlock');
    cleanups.push(() => s.drop());
    // Two pools, as two server instances on one database.
    const dbs = await Promise.all(
      [0, 1].map(() => openDatabase({ databaseUrl: s.url, dataDir: '', log: quietLog })),
    );
    cleanups.push(() => Promise.all(dbs.map((d) => d.close())));
    const [a, b] = dbs.map((d) => prismaStore(d.prisma, d.ping));
    const src = new Y.Doc();
    const updates: Uint8Array[] = [];
    src.on('update', (u: Uint8Array) => updates.push(u));
    await a!.create('lockboard', 'lock', Y.encodeStateAsUpdate(src));
    for (let i = 0; i < 40; i++) src.getMap('nodes').set(`n${i}`, i);
    await a!.append('lockboard', updates.splice(0));

    // Instance a is compacting (holds the board's lock): b does nothing and keeps every row.
    const holder = new pg.Client({ connectionString: pgBase });
    await holder.connect();
    cleanups.push(() => holder.end());
    await holder.query('BEGIN');
    await holder.query("SELECT pg_advisory_xact_lock(hashtext('stratus.compact:lockboard'))");
    expect(await b!.compact('lockboard')).toBe(0);
    expect((await b!.load('lockboard'))!.tailRows).toBe(40);
    await holder.query('COMMIT');

    // A log shorter than the threshold (another instance just folded it) is left alone.
    expect(await b!.compact('lockboard', { minRows: 50 })).toBe(0);
    expect(await b!.compact('lockboard', { minRows: 40 })).toBe(40);
    // Racing compactions fold each row once between them.
    for (let i = 0; i < 30; i++) {
      src.getMap('nodes').set(`m${i}`, i);
      await a!.append('lockboard', updates.splice(0));
    }
    const folded = await Promise.all([a!.compact('lockboard'), b!.compact('lockboard')]);
    expect(folded[0]! + folded[1]!).toBe(30);
    const d = new Y.Doc();
    for (const u of (await a!.load('lockboard'))!.updates) Y.applyUpdate(d, u);
    expect(Object.keys(d.getMap('nodes').toJSON()).length).toBe(70);
  });
});
