// Opens the database: Postgres when a URL is given, otherwise an embedded PGlite in a data
// directory. Both are migrated at start and reached through the same Prisma client.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.ts';
import type { Logger } from '../log.ts';
import { migrate, type SqlRunner } from './migrate.ts';

export type { PrismaClient };

export interface Database {
  kind: 'postgres' | 'pglite';
  prisma: PrismaClient;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir: string;
  log: Logger;
  /** An already-created PGlite (tests restore one from a template); closed with the Database. */
  pglite?: PGlite;
  /** Postgres only: per-query/statement timeout and connect/acquire timeout (defaults 5 s and 3 s). */
  timeouts?: { queryTimeoutMs: number; connectTimeoutMs: number };
}

const QUERY_TIMEOUT = /Query read timeout/;

/**
 * A hung connection (the network path drops packets without resetting anything) must never be
 * reused: when a query on it times out, its socket is destroyed so the pool discards it, and every
 * idle connection opened before that moment is discarded too (they went through the same path and
 * would each hang for a full timeout). The next query then runs on a fresh connection.
 */
function guardPool(pool: pg.Pool, log: Logger) {
  const idle = new Set<pg.PoolClient>();
  const kill = (c: pg.PoolClient, why: string) => {
    const stream = (c as unknown as { connection?: { stream?: { destroy(e?: Error): void } } }).connection
      ?.stream;
    stream?.destroy(new Error(why));
  };
  pool.on('connect', (client) => {
    // Errors of a dropped socket surface through the query that was running; never unhandled.
    client.on('error', () => {});
    const query = client.query.bind(client) as (...a: unknown[]) => unknown;
    const onTimeout = (e: unknown) => {
      if (!(e instanceof Error) || !QUERY_TIMEOUT.test(e.message)) return;
      log.warn('db.query_timeout', { idleDiscarded: idle.size });
      kill(client, 'query timed out; connection discarded');
      for (const c of idle) kill(c, 'discarded after another connection hung');
    };
    (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const last = args[args.length - 1];
      if (typeof last === 'function') {
        args[args.length - 1] = (err: unknown, res: unknown) => {
          if (err) onTimeout(err);
          (last as (e: unknown, r: unknown) => void)(err, res);
        };
        return query(...args);
      }
      const r = query(...args);
      if (r && typeof (r as Promise<unknown>).then === 'function') (r as Promise<unknown>).catch(onTimeout);
      return r;
    };
  });
  pool.on('acquire', (c) => idle.delete(c));
  pool.on('release', (_e, c) => idle.add(c));
  pool.on('remove', (c) => idle.delete(c));
}

/** Splits Prisma's `?schema=name` convention off a Postgres URL. */
export function splitSchema(url: string): { url: string; schema: string | undefined } {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? undefined;
  u.searchParams.delete('schema');
  return { url: u.toString(), schema };
}

const quoteIdent = (s: string) => `"${s.replaceAll('"', '""')}"`;

export function pgRunner(client: pg.Client): SqlRunner {
  return {
    async transaction(fn) {
      await client.query('BEGIN');
      try {
        const r = await fn({
          exec: async (sql) => {
            await client.query(sql);
          },
          query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
        });
        await client.query('COMMIT');
        return r;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      }
    },
  };
}

export function pgliteRunner(db: PGlite): SqlRunner {
  return {
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          exec: async (sql) => {
            await tx.exec(sql);
          },
          query: async <R>(sql: string, params?: unknown[]) => (await tx.query<R>(sql, params)).rows,
        }),
      ),
  };
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const { log } = opts;
  if (opts.databaseUrl) {
    const { url, schema } = splitSchema(opts.databaseUrl);
    const t = opts.timeouts ?? { queryTimeoutMs: 5000, connectTimeoutMs: 3000 };
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      if (schema) {
        // Two instances starting at once may both create it: the loser's duplicate is harmless.
        await client
          .query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`)
          .catch((e: { code?: string }) => {
            if (e.code !== '23505' && e.code !== '42P06') throw e;
          });
        await client.query(`SET search_path TO ${quoteIdent(schema)}`);
      }
      const applied = await migrate(pgRunner(client));
      log.info('db.migrated', { kind: 'postgres', applied, schema: schema ?? 'public' });
    } finally {
      await client.end().catch(() => {});
    }
    // Every wait on the database is bounded: acquiring or opening a connection, each query (client
    // side, for a path that stops answering) and each statement and idle transaction (server side,
    // so a dead client's locks are released). TCP keepalive finds dead peers on idle connections.
    const serverOpts = [
      `-c statement_timeout=${t.queryTimeoutMs}`,
      `-c idle_in_transaction_session_timeout=${t.queryTimeoutMs * 2}`,
      ...(schema ? [`-c search_path=${schema}`] : []),
    ];
    const pool = new pg.Pool({
      connectionString: url,
      max: 10,
      connectionTimeoutMillis: t.connectTimeoutMs,
      idleTimeoutMillis: 10_000,
      query_timeout: t.queryTimeoutMs + 500,
      keepAlive: true,
      keepAliveInitialDelayMillis: 5000,
      options: serverOpts.join(' '),
    });
    guardPool(pool, log);
    // An idle client losing its connection (database restarted) must not crash the process.
    pool.on('error', (e) => log.warn('db.pool_error', { error: e }));
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
    return {
      kind: 'postgres',
      prisma,
      ping: async () => {
        await prisma.$queryRawUnsafe('SELECT 1');
      },
      close: async () => {
        await prisma.$disconnect().catch(() => {});
        // Ending a connection whose path is black-holed never completes: do not wait for it.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          pool.end().catch(() => {}),
          new Promise((r) => {
            timer = setTimeout(r, t.connectTimeoutMs);
          }),
        ]);
        clearTimeout(timer);
      },
    };
  }
  const started = Date.now();
  let db = opts.pglite;
  if (!db) {
    mkdirSync(dirname(opts.dataDir), { recursive: true });
    db = new PGlite(opts.dataDir);
  }
  const pgl = db;
  await db.waitReady;
  const applied = await migrate(pgliteRunner(db));
  log.info('db.migrated', { kind: 'pglite', dataDir: opts.dataDir, applied, ms: Date.now() - started });
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    kind: 'pglite',
    prisma,
    ping: async () => {
      await pgl.query('SELECT 1');
    },
    close: async () => {
      await prisma.$disconnect().catch(() => {});
      await pgl.close().catch(() => {});
    },
  };
}
