// One loaded board: its Y.Doc, the sockets on it, presence, and the write-behind log that
// makes every document change durable (group commits, retried with backoff).
import * as Y from 'yjs';
import { metaMap } from '@stratus/model';
import type { BoardStore } from '../db/store.ts';
import type { Logger } from '../log.ts';
import type { AccessDecision, ConnectionContext } from './access.ts';
import { neutraliseUpdate, type StructRefs, type UpdateStats } from './guard.ts';
import {
  type AwarenessEntry,
  CLOSE,
  encodeAwareness,
  encodeSync,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
} from './protocol.ts';

/**
 * Origin used for updates that arrived from another server instance: relayed to this instance's
 * clients and persisted here too (not published again). The sending instance may die before its
 * own commit, and a client that then reconnects here has nothing new to send, so every instance
 * makes durable whatever it holds; a duplicate row is harmless (Yjs updates are idempotent) and
 * compaction folds it away.
 */
export const REMOTE_ORIGIN = Symbol('remote');
export const SERVER_ORIGIN = Symbol('server');

export interface Peer {
  ctx: ConnectionContext;
  awarenessClientId: number | undefined;
  /** Asks the access resolver again with the credentials the socket connected with. */
  recheck?: () => Promise<AccessDecision>;
  send(msg: Uint8Array): void;
  close(code: number, reason: string): void;
}

interface PresenceEntry extends AwarenessEntry {
  owner: Peer | 'remote';
}

export interface RoomHooks {
  store: BoardStore;
  log: Logger;
  health: DbHealth;
  stats: SyncStats;
  compactEvery: number;
  presenceIntervalMs: number;
  /** Wait this long before a commit so that more updates join it (group commit). */
  commitLingerMs: number;
  /** Abandon a commit attempt that has not finished after this long and retry it (fresh connection). */
  flushTimeoutMs?: number;
  publish?: (boardId: string, kind: 'update' | 'awareness', payload: Uint8Array) => void;
}

export class DbHealth {
  ok = true;
  lastError: string | undefined;
  since = Date.now();
  failures = 0;
  markOk() {
    if (!this.ok) this.since = Date.now();
    this.ok = true;
    this.failures = 0;
  }
  markFailed(e: unknown) {
    if (this.ok) this.since = Date.now();
    this.ok = false;
    this.failures++;
    this.lastError = e instanceof Error ? e.message.split('\n').slice(-1)[0]!.slice(0, 300) : String(e);
  }
}

export class SyncStats {
  updatesReceived = 0;
  updatesStored = 0;
  commits = 0;
  rejected = 0;
  /** Edit-to-durable-write latencies in ms (ring buffer of the last 100k). */
  durableMs: number[] = [];
  recordDurable(ms: number) {
    if (this.durableMs.length >= 100_000) this.durableMs.shift();
    this.durableMs.push(ms);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds a board's document from its stored updates without ever throwing on bad content:
 * content nested beyond the guard's limit (boards written before the limit existed) is
 * neutralised to deleted content of the same length, an update that is malformed or that Yjs
 * refuses is skipped, each with a logged warning.
 */
export function loadDoc(boardId: string, initial: Uint8Array[], log: Logger): Y.Doc {
  const usable: Uint8Array[] = [];
  for (const [i, u] of initial.entries()) {
    try {
      const n = neutraliseUpdate(u);
      if (n.neutralised > 0)
        log.warn('board.content_neutralised', { boardId, row: i, structs: n.neutralised });
      usable.push(n.update);
    } catch (e) {
      log.warn('board.update_skipped', { boardId, row: i, error: e });
    }
  }
  // Apply one by one; if Yjs throws on one, start over without it (a throw can leave a doc
  // half-applied). Bounded: each round drops one update.
  for (;;) {
    const doc = new Y.Doc();
    let bad = -1;
    for (let i = 0; i < usable.length && bad < 0; i++) {
      try {
        Y.applyUpdate(doc, usable[i]!, SERVER_ORIGIN);
      } catch (e) {
        bad = i;
        log.warn('board.update_skipped', { boardId, error: e });
      }
    }
    if (bad < 0) {
      try {
        // Everything the room does later encodes the document: make sure that works now.
        Y.encodeStateAsUpdate(doc);
        return doc;
      } catch (e) {
        log.error('board.unencodable', { boardId, error: e });
        doc.destroy();
        return new Y.Doc();
      }
    }
    doc.destroy();
    usable.splice(bad, 1);
  }
}

export class Room {
  readonly doc: Y.Doc;
  /** Taken out of service after a document operation threw (see SyncService.roomOp). */
  retired = false;
  private structCountCache: number | undefined;
  readonly peers = new Set<Peer>();
  private presence = new Map<number, PresenceEntry>();
  private dirtyPresence = new Map<number, PresenceEntry>();
  private presenceTimer: NodeJS.Timeout | undefined;
  private pending: Uint8Array[] = [];
  private pendingAt: number[] = [];
  private flushing: Promise<void> | undefined;
  private rowsSinceCompact = 0;
  private compacting: Promise<void> | undefined;
  private persistedName: string;
  private touchedAt = 0;
  private fullState: Uint8Array | undefined;
  private destroyed = false;
  private stopRetrying = false;
  idleTimer: NodeJS.Timeout | undefined;
  readonly log: Logger;

  constructor(
    readonly id: string,
    name: string,
    initial: Uint8Array[],
    tailRows: number,
    private readonly hooks: RoomHooks,
  ) {
    this.log = hooks.log.child({ boardId: id });
    this.persistedName = name;
    this.doc = loadDoc(id, initial, this.log);
    this.rowsSinceCompact = tailRows;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onDocUpdate(update, origin));
    if (tailRows >= hooks.compactEvery) this.compactSoon(hooks.compactEvery);
  }

  private inFlight = 0;
  /** performance.now() of the oldest update of the batch being committed. */
  private inFlightSince: number | undefined;

  /** performance.now() of the oldest update not yet durable, if any. */
  get oldestPendingAt(): number | undefined {
    const queued = this.pendingAt[0];
    if (this.inFlightSince === undefined) return queued;
    return queued === undefined ? this.inFlightSince : Math.min(queued, this.inFlightSince);
  }

  /** Updates not yet durable: queued plus being committed right now. */
  get pendingCount() {
    return this.pending.length + this.inFlight;
  }

  private onDocUpdate(update: Uint8Array, origin: unknown) {
    this.fullState = undefined;
    this.structCountCache = undefined;
    const msg = encodeSync(SYNC_UPDATE, update);
    for (const p of this.peers) if (p !== origin) p.send(msg);
    if (origin !== REMOTE_ORIGIN) this.hooks.publish?.(this.id, 'update', update);
    this.pending.push(update);
    this.pendingAt.push(performance.now());
    this.flush();
  }

  /**
   * Applies an update from a peer (already checked by the guard and the role). If Yjs throws,
   * what the failed operation queued for the database is dropped (the room is then rebuilt by
   * the caller); `fault` is the test-only fault point, thrown after the update was applied.
   */
  applyFromPeer(update: Uint8Array, peer: Peer, fault?: () => Error) {
    this.hooks.stats.updatesReceived++;
    this.guarded(() => {
      Y.applyUpdate(this.doc, update, peer);
      if (fault) throw fault();
    });
  }

  applyRemote(update: Uint8Array) {
    this.guarded(() => Y.applyUpdate(this.doc, update, REMOTE_ORIGIN));
  }

  private guarded(fn: () => void) {
    const mark = this.pending.length;
    try {
      fn();
    } catch (e) {
      this.retired = true;
      this.pending.length = Math.min(mark, this.pending.length);
      this.pendingAt.length = Math.min(mark, this.pendingAt.length);
      throw e;
    }
  }

  /** Structs the document holds (bounds the delete ranges an update may sensibly carry). */
  structCount(): number {
    if (this.structCountCache === undefined) {
      let n = 0;
      for (const structs of this.doc.store.clients.values()) n += structs.length;
      this.structCountCache = n;
    }
    return this.structCountCache;
  }

  /** Bytes Yjs holds for updates that wait for changes this server does not have. */
  pendingBytes(): number {
    const s = this.doc.store;
    return (s.pendingStructs?.update.length ?? 0) + (s.pendingDs?.length ?? 0);
  }

  /**
   * True when Yjs would hold part of the update pending: structs that start beyond what the
   * document has of their client, or deletes of items neither the document nor the update has.
   */
  leavesGap(stats: Pick<UpdateStats, 'firstClock' | 'structEnd' | 'deleteEnd'>): boolean {
    const store = this.doc.store;
    for (const [client, clock] of stats.firstClock) if (clock > Y.getState(store, client)) return true;
    for (const [client, end] of stats.deleteEnd) {
      const have = Math.max(Y.getState(store, client), stats.structEnd.get(client) ?? 0);
      if (end > have) return true;
    }
    return false;
  }

  /**
   * The deepest nesting of a shared type the update would create (a Y.Map in a Y.Map … counts
   * one level each), following parents and origins through the update itself and the document.
   * Linear in the update's structs (memoised); the document is walked at most `max + 1` up.
   */
  typeNesting(refs: StructRefs, max: number): number {
    if (!refs.isType.includes(true)) return 0;
    const store = this.doc.store;
    const byClient = new Map<number, number[]>();
    for (let i = 0; i < refs.client.length; i++) {
      const c = refs.client[i]!;
      let list = byClient.get(c);
      if (!list) byClient.set(c, (list = []));
      list.push(i);
    }
    for (const list of byClient.values()) list.sort((a, b) => refs.clock[a]! - refs.clock[b]!);
    const find = (c: number, k: number): number => {
      const list = byClient.get(c);
      if (!list) return -1;
      let lo = 0;
      let hi = list.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const i = list[mid]!;
        if (k < refs.clock[i]!) hi = mid - 1;
        else if (k >= refs.clock[i]! + refs.len[i]!) lo = mid + 1;
        else return i;
      }
      return -1;
    };
    const docLevel = (c: number, k: number): number => {
      if (k >= Y.getState(store, c)) return 0; // not known: Yjs keeps it pending
      const item = Y.getItem(store, Y.createID(c, k)) as Y.Item | Y.GC;
      let n = 0;
      let t = (item as Y.Item).parent as Y.AbstractType<unknown> | null;
      while (t?._item && n <= max + 1) {
        n++;
        t = t._item.parent as Y.AbstractType<unknown> | null;
      }
      return n;
    };
    const memo = new Map<number, number>();
    const levelOf = (start: number): number => {
      const idxs: number[] = [];
      const adds: number[] = [];
      let cur = start;
      let level: number;
      for (;;) {
        const m = memo.get(cur);
        if (m !== undefined) {
          level = m;
          break;
        }
        const kind = refs.parentKind[cur]!;
        if (kind === 0) {
          level = 0;
          break;
        }
        const add = kind === 1 ? 1 : 0;
        const j = find(refs.pc[cur]!, refs.pk[cur]!);
        if (j < 0 || j === cur || idxs.length > refs.client.length) {
          level = (j < 0 ? docLevel(refs.pc[cur]!, refs.pk[cur]!) : 0) + add;
          break;
        }
        idxs.push(cur);
        adds.push(add);
        cur = j;
      }
      memo.set(cur, level);
      for (let n = idxs.length - 1; n >= 0; n--) {
        level += adds[n]!;
        memo.set(idxs[n]!, level);
      }
      return memo.get(start)!;
    };
    let deepest = 0;
    for (let i = 0; i < refs.client.length; i++) {
      if (refs.isType[i]) deepest = Math.max(deepest, levelOf(i) + 1);
      if (deepest > max) break;
    }
    return deepest;
  }

  /** Forgets updates waiting for missing changes (their senders still hold them and resend on resync). */
  dropPendingStructs() {
    this.doc.store.pendingStructs = null;
    this.doc.store.pendingDs = null;
  }

  /** The answer to a sync step 1. Joiners with an empty state share one encoding per doc version. */
  syncStep2For(stateVector: Uint8Array): Uint8Array {
    if (stateVector.length === 1 && stateVector[0] === 0) {
      this.fullState ??= encodeSync(SYNC_STEP2, Y.encodeStateAsUpdate(this.doc));
      return this.fullState;
    }
    return encodeSync(SYNC_STEP2, Y.encodeStateAsUpdate(this.doc, stateVector));
  }

  join(peer: Peer) {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.peers.add(peer);
    peer.send(encodeSync(SYNC_STEP1, Y.encodeStateVector(this.doc)));
    if (this.presence.size > 0) peer.send(this.presenceSnapshot());
  }

  leave(peer: Peer) {
    if (!this.peers.delete(peer)) return;
    const id = peer.awarenessClientId;
    if (id !== undefined) {
      const cur = this.presence.get(id);
      if (cur && cur.owner === peer)
        this.setPresence({ clientId: id, clock: cur.clock + 1, state: 'null' }, peer, true);
    }
  }

  presenceSnapshot(): Uint8Array {
    return encodeAwareness(this.presence.values());
  }

  /**
   * Records a presence change. `state` is JSON text (already stamped). Changes are merged and
   * sent at most every presenceIntervalMs, one message per interval for the whole room.
   */
  setPresence(entry: AwarenessEntry, owner: Peer | 'remote', immediate = false) {
    const cur = this.presence.get(entry.clientId);
    if (cur && entry.clock <= cur.clock && !(entry.clock === cur.clock && entry.state === 'null')) return;
    const e: PresenceEntry = { ...entry, owner };
    if (entry.state === 'null') this.presence.delete(entry.clientId);
    else this.presence.set(entry.clientId, e);
    this.dirtyPresence.set(entry.clientId, e);
    if (owner !== 'remote') {
      // Forward to other instances right away; they throttle on their side.
      this.hooks.publish?.(this.id, 'awareness', encodeAwareness([entry]));
    }
    if (immediate) this.flushPresence();
    else this.presenceTimer ??= setTimeout(() => this.flushPresence(), this.hooks.presenceIntervalMs);
  }

  presenceOwner(clientId: number): Peer | 'remote' | undefined {
    return this.presence.get(clientId)?.owner;
  }

  flushPresence() {
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.presenceTimer = undefined;
    if (this.dirtyPresence.size === 0) return;
    const entries = [...this.dirtyPresence.values()];
    this.dirtyPresence.clear();
    const msg = encodeAwareness(entries);
    // A client does not need its own state echoed, but y-websocket ignores it anyway; skipping
    // would need one encoding per peer, which costs more than the bytes saved.
    for (const p of this.peers) p.send(msg);
  }

  /** Starts (or joins) a flush of pending updates. Resolves when everything queued so far is durable. */
  flush(): Promise<void> {
    if (!this.flushing) {
      this.flushing = this.runFlush().finally(() => {
        this.flushing = undefined;
      });
    }
    return this.flushing;
  }

  private async runFlush() {
    let backoff = 100;
    while (this.pending.length > 0 && !this.stopRetrying) {
      // Let updates that arrive meanwhile join this commit (fewer, larger commits under load).
      if (this.hooks.commitLingerMs > 0 && !this.stopRetrying) await sleep(this.hooks.commitLingerMs);
      else await new Promise((r) => setImmediate(r));
      const batch = this.pending;
      const at = this.pendingAt;
      this.pending = [];
      this.pendingAt = [];
      this.inFlight = batch.length;
      this.inFlightSince = at[0];
      const name = this.currentName();
      const merged = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch);
      try {
        const touch = Date.now() - this.touchedAt > 5000;
        const write = this.hooks.store.append(this.id, [merged], {
          ...(name !== this.persistedName ? { name } : {}),
          touch,
        });
        await withDeadline(write, this.hooks.flushTimeoutMs);
        this.persistedName = name;
        if (touch) this.touchedAt = Date.now();
        const now = performance.now();
        for (const t of at) this.hooks.stats.recordDurable(now - t);
        this.inFlight = 0;
        this.inFlightSince = undefined;
        this.hooks.stats.updatesStored += batch.length;
        this.hooks.stats.commits++;
        this.hooks.health.markOk();
        backoff = 100;
        this.rowsSinceCompact++;
        if (this.rowsSinceCompact >= this.hooks.compactEvery) this.compactSoon(this.hooks.compactEvery);
      } catch (e) {
        this.inFlightSince = undefined;
        if (isMissingBoard(e)) {
          this.inFlight = 0;
          this.log.warn('persist.board_gone', { dropped: batch.length });
          return;
        }
        // Put the batch back in front and retry; nothing is dropped.
        this.inFlight = 0;
        this.pending = batch.concat(this.pending);
        this.pendingAt = at.concat(this.pendingAt);
        this.hooks.health.markFailed(e);
        this.log.warn('persist.retry', { pending: this.pending.length, backoffMs: backoff, error: e });
        await sleep(backoff);
        // Capped low: once the database answers again everything drains within a couple of seconds.
        backoff = Math.min(backoff * 2, 2000);
      }
    }
  }

  private currentName(): string {
    const n = metaMap(this.doc).get('name');
    return typeof n === 'string' && n.trim() !== '' ? n.slice(0, 200) : this.persistedName;
  }

  /**
   * Folds the board's log. With several instances on one board, the store lets one compaction run
   * at a time and skips it when the log is shorter than `minRows` (another instance just did it).
   */
  compactSoon(minRows = 1) {
    if (this.compacting || this.destroyed) return;
    this.rowsSinceCompact = 0;
    this.compacting = (async () => {
      await sleep(0);
      try {
        const t = performance.now();
        const rows = await this.hooks.store.compact(this.id, { minRows });
        if (rows > 0) this.log.info('board.compacted', { rows, ms: Math.round(performance.now() - t) });
      } catch (e) {
        this.log.warn('board.compact_failed', { error: e });
      } finally {
        this.compacting = undefined;
      }
    })();
  }

  /** Flushes (retrying up to `timeoutMs`), compacts, closes peers. */
  async shutdown(code: number, reason: string, timeoutMs = 10_000) {
    this.flushPresence();
    for (const p of this.peers) p.close(code, reason);
    this.peers.clear();
    const done = this.flush();
    const timedOut = await Promise.race([done.then(() => false), sleep(timeoutMs).then(() => true)]);
    if (timedOut) {
      this.stopRetrying = true;
      this.log.error('persist.shutdown_unflushed', { pending: this.pending.length });
    }
    await this.compacting;
    if (!timedOut && this.rowsSinceCompact > 0) {
      this.compactSoon();
      await this.compacting;
    }
    this.destroyed = true;
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.doc.destroy();
  }

  /** Drops everything without flushing (board deleted). */
  discard(reason: string) {
    this.stopRetrying = true;
    for (const p of this.peers) p.close(CLOSE.boardDeleted, reason);
    this.peers.clear();
    this.pending = [];
    this.destroyed = true;
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.doc.destroy();
  }
}

class FlushTimeout extends Error {}

/** Rejects when `p` has not settled within `ms` (no deadline when ms is undefined or 0). */
function withDeadline<T>(p: Promise<T>, ms: number | undefined): Promise<T> {
  if (!ms) return p;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(new FlushTimeout(`commit did not finish within ${ms} ms`)), ms);
  });
  p.catch(() => {}); // an abandoned attempt may still fail later
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

function isMissingBoard(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  // P2025: record to update not found; P2003: foreign key (board deleted meanwhile).
  return code === 'P2025' || code === 'P2003';
}
