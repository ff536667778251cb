// The narrow persistence adapter: board rows, and a board's Y.Doc as snapshot + update log.
// Prisma over Postgres and over PGlite sit behind the same code.
import type { BoardSummary } from '@stratus/api';
import * as Y from 'yjs';
import { neutraliseUpdate } from '../sync/guard.ts';
import type { PrismaClient } from './database.ts';

/** A board row, exactly as the API hands it out. */
export type BoardMeta = BoardSummary;

export interface LoadedBoard {
  meta: BoardMeta;
  /** Snapshot first, then every update row not yet folded into it. Apply all, in any order. */
  updates: Uint8Array[];
  /** Rows in the log (the tail). */
  tailRows: number;
}

export interface BoardStore {
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  create(id: string, name: string, state: Uint8Array): Promise<BoardMeta>;
  list(): Promise<BoardMeta[]>;
  get(id: string): Promise<BoardMeta | null>;
  rename(id: string, name: string): Promise<BoardMeta | null>;
  delete(id: string): Promise<boolean>;
  load(id: string): Promise<LoadedBoard | null>;
  /**
   * Appends updates in one commit; resolves only once they are durable. With `name` the row is
   * renamed, with `touch` its updated_at is set, in the same transaction.
   */
  append(id: string, updates: Uint8Array[], opts?: { name?: string; touch?: boolean }): Promise<void>;
  /**
   * Folds the log into the snapshot. Returns the number of rows folded. One compaction per board
   * runs at a time across every instance (0 when another holds it), and none when the log has
   * fewer than `minRows` rows (default 1).
   */
  compact(id: string, opts?: { minRows?: number }): Promise<number>;
}

type Row = { id: string; name: string; createdAt: Date; updatedAt: Date };
const toMeta = (r: Row): BoardMeta => ({
  id: r.id,
  name: r.name,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});
const metaSelect = { id: true, name: true, createdAt: true, updatedAt: true } as const;

/** Prisma's Bytes type wants an ArrayBuffer-backed Uint8Array. */
const bytes = (u: Uint8Array): Uint8Array<ArrayBuffer> => u as Uint8Array<ArrayBuffer>;

const isNotFound = (e: unknown) => (e as { code?: string })?.code === 'P2025';

export function prismaStore(prisma: PrismaClient, ping: () => Promise<void>): BoardStore {
  return {
    ping,
    async create(id, name, state) {
      const r = await prisma.board.create({
        data: { id, name, snapshot: bytes(state) },
        select: metaSelect,
      });
      return toMeta(r);
    },
    async list() {
      const rows = await prisma.board.findMany({ select: metaSelect, orderBy: { updatedAt: 'desc' } });
      return rows.map(toMeta);
    },
    async get(id) {
      const r = await prisma.board.findUnique({ where: { id }, select: metaSelect });
      return r ? toMeta(r) : null;
    },
    async rename(id, name) {
      try {
        const r = await prisma.board.update({
          where: { id },
          data: { name, updatedAt: new Date() },
          select: metaSelect,
        });
        return toMeta(r);
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
    },
    async delete(id) {
      const r = await prisma.board.deleteMany({ where: { id } });
      return r.count > 0;
    },
    async load(id) {
      const b = await prisma.board.findUnique({
        where: { id },
        select: { ...metaSelect, snapshot: true },
      });
      if (!b) return null;
      const rows = await prisma.boardUpdate.findMany({
        where: { boardId: id },
        orderBy: { seq: 'asc' },
        select: { data: true },
      });
      const updates: Uint8Array[] = [];
      if (b.snapshot) updates.push(b.snapshot);
      for (const r of rows) updates.push(r.data);
      return { meta: toMeta(b), updates, tailRows: rows.length };
    },
    async append(id, updates, opts = {}) {
      const { name, touch } = opts;
      if (updates.length === 0 && name === undefined) return;
      if (name === undefined && !touch) {
        // One statement, one commit: the common case while people edit.
        await prisma.boardUpdate.createMany({
          data: updates.map((data) => ({ boardId: id, data: bytes(data) })),
        });
        return;
      }
      await prisma.$transaction([
        prisma.boardUpdate.createMany({ data: updates.map((data) => ({ boardId: id, data: bytes(data) })) }),
        prisma.board.update({
          where: { id },
          data: name === undefined ? { updatedAt: new Date() } : { updatedAt: new Date(), name },
        }),
      ]);
    },
    async compact(id, opts = {}) {
      // Only the rows read here are deleted, so rows committed concurrently (by this or another
      // instance, with any seq) survive and are applied on load: Yjs updates commute.
      return prisma.$transaction(async (tx) => {
        // A transaction-scoped advisory lock per board: another instance compacting the same board
        // right now means this one has nothing to do.
        const lock = await tx.$queryRaw<{ got: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(hashtext(${`stratus.compact:${id}`})) AS got`;
        if (!lock[0]?.got) return 0;
        const minRows = opts.minRows ?? 1;
        if (minRows > 1) {
          const n = await tx.boardUpdate.count({ where: { boardId: id } });
          if (n < minRows) return 0;
        }
        const b = await tx.board.findUnique({ where: { id }, select: { snapshot: true } });
        if (!b) return 0;
        const rows = await tx.boardUpdate.findMany({
          where: { boardId: id },
          orderBy: { seq: 'asc' },
          select: { seq: true, data: true },
        });
        if (rows.length === 0) return 0;
        const doc = new Y.Doc();
        Y.transact(doc, () => {
          // Rows written before the guard bounded nesting are neutralised as on load (issue 10).
          if (b.snapshot) Y.applyUpdate(doc, storedUpdate(b.snapshot));
          for (const r of rows) Y.applyUpdate(doc, storedUpdate(r.data));
        });
        const snapshot = Y.encodeStateAsUpdate(doc);
        doc.destroy();
        const maxSeq = rows[rows.length - 1]!.seq;
        await tx.board.update({ where: { id }, data: { snapshot: bytes(snapshot), snapshotSeq: maxSeq } });
        for (let i = 0; i < rows.length; i += 5000) {
          const seqs = rows.slice(i, i + 5000).map((r) => r.seq);
          await tx.boardUpdate.deleteMany({ where: { boardId: id, seq: { in: seqs } } });
        }
        return rows.length;
      });
    },
  };
}

/** A stored update with content nested beyond the guard's limit neutralised (see guard.ts). */
function storedUpdate(u: Uint8Array): Uint8Array {
  try {
    return neutraliseUpdate(u).update;
  } catch {
    return u; // malformed in another way: Yjs decides, as it always did
  }
}
