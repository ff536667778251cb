// Accepts y-websocket connections on /sync/<boardId>, loads boards into rooms, routes
// messages, enforces limits, and (optionally) fans out through Redis between instances.
import { clientAddress, type TrustedProxies } from '../http/client-address.ts';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import type { BoardStore } from '../db/store.ts';
import type { Logger } from '../log.ts';
import {
  type AccessDecision,
  type AccessResolver,
  type ConnectionContext,
  canEditDocument,
  newConnId,
} from './access.ts';
import { type BindingOwner, type ClientIdBindings, credentialOf, LocalBindings } from './bindings.ts';
import { checkUpdate, MAX_DEPTH, type StructRefs, UpdateTooCostly } from './guard.ts';
import { CLOSE, type DecodedAwarenessEntry, decodeMessage, InvalidUpdate } from './protocol.ts';
import { encodeUpdateRefused, READ_ONLY_REASON, updateChangesDoc } from './refusal.ts';
import { DbHealth, type Peer, Room, type RoomHooks, SyncStats } from './room.ts';

export const BOARD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Room for the user.id/role the server stamps into an awareness state it relays. */
export const STAMP_ALLOWANCE = 1024;

export interface SyncLimits {
  maxMessageBytes: number;
  messagesPerSec: number;
  burst: number;
  bytesPerSec: number;
  maxConnections: number;
  maxAwarenessBytes: number;
  /** Work budget per socket: structs + delete ranges per second (burst: 3 s worth). */
  workPerSec?: number;
  /** Most structs one update may carry. */
  maxStructs?: number;
  /** Bytes of updates a board may hold waiting for missing changes (Yjs pending structs + deletes). */
  maxPendingBytes?: number;
}

/** Defaults for the work budgets (see docs/protocol.md). */
export const WORK_DEFAULTS = {
  workPerSec: 200_000,
  maxStructs: 250_000,
  maxPendingBytes: 64 * 1024,
  /** Delete ranges allowed in one update beyond the number of structs the board holds. */
  deleteRangeSlack: 10_000,
} as const;

/** Test-only fault points (STRATUS_TEST_FAULTS=1, `?fault=<point>` on the socket URL). */
export type FaultPoint = 'upgrade' | 'connection' | 'message' | 'room' | 'close';

export class InjectedFault extends Error {
  constructor(point: string) {
    super(`injected fault: ${point}`);
    this.name = 'InjectedFault';
  }
}

const pendingReason = (max: number) =>
  `Update depends on changes this server does not have (over ${Math.round(max / 1024)} KiB waiting).`;

/** Decodes a URL path segment; undefined for malformed percent-escapes instead of throwing. */
export function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

export type FanoutKind = 'update' | 'awareness' | 'query' | 'sv';

export interface Fanout {
  publish(boardId: string, kind: FanoutKind, payload: Uint8Array): void;
  subscribe(boardId: string): Promise<void>;
  unsubscribe(boardId: string): void;
}

export interface SyncServiceOptions {
  store: BoardStore;
  log: Logger;
  access: AccessResolver;
  limits: SyncLimits;
  compactEvery: number;
  presenceIntervalMs: number;
  roomIdleMs: number;
  commitLingerMs?: number;
  /** Abandon a commit attempt after this long and retry it on a fresh connection. */
  flushTimeoutMs?: number;
  /** Awareness clientID bindings (LocalBindings when omitted). */
  bindings?: ClientIdBindings;
  /** Grace period of a clientID binding after its socket left (ms). */
  presenceGraceMs?: number;
  /** Enables the test-only fault points. */
  injectFaults?: boolean;
  /** Reverse proxies whose X-Forwarded-For names the client (rate limits per client). */
  trustProxy?: TrustedProxies | undefined;
}

const DIGEST_BYTES = 20;

/**
 * What an instance offers in a state exchange: its state vector followed by a digest of its state
 * vector and delete set (a deletion does not move the state vector, so equal vectors alone do not
 * mean equal documents).
 */
function stateOffer(doc: Y.Doc): { offer: Uint8Array; digest: Buffer } {
  const sv = Y.encodeStateVector(doc);
  const ds = Y.encodeStateAsUpdate(doc, sv); // no structs: just the delete set
  const digest = createHash('sha1').update(sv).update(ds).digest();
  return { offer: Buffer.concat([sv, digest]), digest };
}

function splitOffer(payload: Uint8Array): { sv: Uint8Array; digest: Uint8Array } | undefined {
  if (payload.length <= DIGEST_BYTES) return undefined;
  return {
    sv: payload.subarray(0, payload.length - DIGEST_BYTES),
    digest: payload.subarray(payload.length - DIGEST_BYTES),
  };
}

class NotFound extends Error {}

export class SyncService {
  readonly rooms = new Map<string, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  readonly health = new DbHealth();
  readonly stats = new SyncStats();
  connections = 0;
  private closing = false;
  fanout: Fanout | undefined;
  private readonly hooks: RoomHooks;
  readonly bindings: ClientIdBindings;

  constructor(private readonly opts: SyncServiceOptions) {
    this.bindings = opts.bindings ?? new LocalBindings(opts.presenceGraceMs ?? 10_000);
    this.hooks = {
      store: opts.store,
      log: opts.log,
      health: this.health,
      stats: this.stats,
      compactEvery: opts.compactEvery,
      presenceIntervalMs: opts.presenceIntervalMs,
      commitLingerMs: opts.commitLingerMs ?? 150,
      ...(opts.flushTimeoutMs ? { flushTimeoutMs: opts.flushTimeoutMs } : {}),
      publish: (id, kind, payload) => this.fanout?.publish(id, kind, payload),
    };
  }

  pendingUpdates(): number {
    let n = 0;
    for (const r of this.loadedRooms()) n += r.pendingCount;
    return n;
  }

  /** performance.now() of the oldest update on this instance not yet durable, if any. */
  oldestPendingAt(): number | undefined {
    let oldest: number | undefined;
    for (const r of this.loadedRooms()) {
      const t = r.oldestPendingAt;
      if (t !== undefined && (oldest === undefined || t < oldest)) oldest = t;
    }
    return oldest;
  }

  loadedRooms(): Room[] {
    const out: Room[] = [];
    for (const p of this.rooms.values()) {
      const r = (p as Promise<Room> & { value?: Room }).value;
      if (r) out.push(r);
    }
    return out;
  }

  /**
   * Asks the access resolver again for every open socket, with the credentials it connected with,
   * and closes those whose access is gone (4403, with the resolver's reason) or changed (1013: the
   * client reconnects with its new role). Run after this instance may have missed revocations
   * (the review bus was away); a resolver that fails (database away) leaves the socket open.
   */
  async recheckAccess(): Promise<{ checked: number; closed: number }> {
    let checked = 0;
    let closed = 0;
    const peers = this.loadedRooms().flatMap((r) => [...r.peers]);
    await Promise.all(
      peers.map(async (peer) => {
        if (!peer.recheck) return;
        checked++;
        let d: AccessDecision;
        try {
          d = await peer.recheck();
        } catch (e) {
          this.opts.log.warn('sync.recheck_failed', { boardId: peer.ctx.boardId, error: e });
          return;
        }
        if (!d.ok && d.transient) return;
        if (!d.ok) peer.close(CLOSE.forbidden, d.reason);
        else if (d.role !== peer.ctx.role)
          peer.close(CLOSE.tryAgainLater, 'Your access to this board changed; reconnecting.');
        else return;
        closed++;
      }),
    );
    return { checked, closed };
  }

  /** The room if it is loaded right now (no loading). */
  loadedRoom(boardId: string): Room | undefined {
    return (this.rooms.get(boardId) as (Promise<Room> & { value?: Room }) | undefined)?.value;
  }

  /** Applies what another instance published (see redis.ts). */
  remote = {
    onUpdate: (boardId: string, update: Uint8Array) => {
      const room = this.loadedRoom(boardId);
      if (!room) return;
      try {
        checkUpdate(update);
      } catch (e) {
        this.opts.log.warn('fanout.bad_update', { boardId, error: e });
        return;
      }
      this.roomOp(room, () => room.applyRemote(update));
    },
    onAwareness: (boardId: string, payload: Uint8Array) => {
      const room = this.loadedRoom(boardId);
      if (!room) return;
      try {
        // Other instances relay states they stamped (user.id/role added): allow for that.
        const msg = decodeMessage(payload, this.opts.limits.maxAwarenessBytes + STAMP_ALLOWANCE);
        if (msg.type !== 'awareness') return;
        for (const en of msg.entries) if (!en.tooBig) room.setPresence(en, 'remote');
      } catch (e) {
        this.opts.log.warn('fanout.bad_awareness', { boardId, error: e });
      }
    },
    onQuery: (boardId: string, payload: Uint8Array) => {
      const room = this.loadedRoom(boardId);
      const theirs = splitOffer(payload);
      if (!room || !theirs) return;
      this.roomOp(room, () => {
        const mine = stateOffer(room.doc);
        if (!mine.digest.equals(theirs.digest)) {
          this.fanout?.publish(boardId, 'update', Y.encodeStateAsUpdate(room.doc, theirs.sv));
          // ... and ask for what we lack in return.
          this.fanout?.publish(boardId, 'sv', mine.offer);
        }
        if (room.peers.size > 0) this.fanout?.publish(boardId, 'awareness', room.presenceSnapshot());
      });
    },
    onStateVector: (boardId: string, payload: Uint8Array) => {
      const room = this.loadedRoom(boardId);
      const theirs = splitOffer(payload);
      if (!room || !theirs) return;
      this.roomOp(room, () => {
        if (stateOffer(room.doc).digest.equals(theirs.digest)) return;
        this.fanout?.publish(boardId, 'update', Y.encodeStateAsUpdate(room.doc, theirs.sv));
      });
    },
    /** Messages between instances may have been lost: offer every loaded board's state. */
    onGap: () => {
      for (const room of this.loadedRooms())
        this.roomOp(room, () => this.fanout?.publish(room.id, 'query', stateOffer(room.doc).offer));
    },
  };

  /** Loads a board into memory (or returns the loaded one). Rejects with NotFound. */
  room(boardId: string): Promise<Room> {
    let p = this.rooms.get(boardId);
    if (!p) {
      const loading = (async () => {
        await this.unloading.get(boardId);
        const t = performance.now();
        const loaded = await this.opts.store.load(boardId);
        if (!loaded) throw new NotFound(boardId);
        const room = new Room(boardId, loaded.meta.name, loaded.updates, loaded.tailRows, this.hooks);
        await this.fanout?.subscribe(boardId);
        // Ask other instances for anything they hold that is not yet in the database.
        this.fanout?.publish(boardId, 'query', stateOffer(room.doc).offer);
        this.opts.log.info('board.loaded', {
          boardId,
          ms: Math.round(performance.now() - t),
          tailRows: loaded.tailRows,
        });
        return room;
      })();
      p = loading;
      const tagged = p as Promise<Room> & { value?: Room };
      p.then(
        (r) => {
          tagged.value = r;
        },
        () => {
          if (this.rooms.get(boardId) === p) this.rooms.delete(boardId);
        },
      );
      this.rooms.set(boardId, p);
    }
    return p;
  }

  /** Runs fn on a loaded board (loading it if needed); the room unloads later if nobody is on it. */
  async withRoom<T>(boardId: string, fn: (room: Room) => T): Promise<T> {
    const room = await this.room(boardId);
    try {
      return fn(room);
    } finally {
      this.scheduleIdle(room);
    }
  }

  private scheduleIdle(room: Room) {
    if (room.retired) return; // being rebuilt: rebuild() unloads it
    if (room.peers.size > 0 || room.idleTimer || this.closing) return;
    room.idleTimer = setTimeout(() => {
      room.idleTimer = undefined;
      if (room.peers.size > 0 || room.retired) return;
      if ((this.rooms.get(room.id) as { value?: Room } | undefined)?.value !== room) return;
      this.rooms.delete(room.id);
      this.fanout?.unsubscribe(room.id);
      const p = room
        .shutdown(CLOSE.goingAway, 'board unloaded')
        .finally(() => this.unloading.delete(room.id));
      this.unloading.set(room.id, p);
    }, this.opts.roomIdleMs);
    room.idleTimer.unref?.();
  }

  /**
   * Runs a document operation on a room. If it throws (something the guard did not foresee),
   * the room may be half-applied: it is taken out of service (every socket closed with 1012 so
   * stock clients reconnect and resync, pending edits of earlier operations flushed) and the
   * next connection loads it again from the database. Returns undefined when it threw.
   */
  roomOp<T>(room: Room, fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.rebuild(room, e);
      return undefined;
    }
  }

  private readonly rebuilding = new WeakSet<Room>();

  private rebuild(room: Room, error: unknown) {
    if (this.rebuilding.has(room)) return;
    this.rebuilding.add(room);
    room.retired = true;
    this.opts.log.error('room.rebuild', { boardId: room.id, error });
    if ((this.rooms.get(room.id) as { value?: Room } | undefined)?.value === room) {
      this.rooms.delete(room.id);
      this.fanout?.unsubscribe(room.id);
    }
    const p = room
      .shutdown(CLOSE.restarting, 'The board is reloading after an internal error; reconnect.')
      .catch((e) => this.opts.log.error('room.rebuild_failed', { boardId: room.id, error: e }))
      .finally(() => {
        if (this.unloading.get(room.id) === p) this.unloading.delete(room.id);
      });
    this.unloading.set(room.id, p);
  }

  /** Board deleted through the API: disconnect everyone, forget the room. */
  async discard(boardId: string) {
    const p = this.rooms.get(boardId);
    if (!p) return;
    this.rooms.delete(boardId);
    this.fanout?.unsubscribe(boardId);
    try {
      (await p).discard('This board was deleted.');
    } catch {}
  }

  handleConnection(ws: WebSocket, req: IncomingMessage) {
    try {
      this.connect(ws, req);
    } catch (e) {
      // Nothing about one socket may end the process: close just this one.
      this.opts.log.error('sync.connection_failed', { error: e });
      try {
        ws.close(CLOSE.internalError, 'Internal error; reconnect.');
      } catch {
        ws.terminate();
      }
    }
  }

  private connect(ws: WebSocket, req: IncomingMessage) {
    const log = this.opts.log;
    // Until the connection is counted, errors on the raw socket are only logged.
    ws.on('error', (e: Error) => log.debug('sync.socket_error', { error: e }));
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://x');
    } catch {
      ws.close(CLOSE.notFound, 'Invalid URL (/sync/<boardId>).');
      return;
    }
    const fault = this.opts.injectFaults ? url.searchParams.get('fault') : null;
    const boardId = safeDecode(url.pathname.slice('/sync/'.length));
    const token = url.searchParams.get('token') ?? undefined;
    const limits = this.opts.limits;
    const workPerSec = limits.workPerSec ?? WORK_DEFAULTS.workPerSec;
    const maxStructs = limits.maxStructs ?? WORK_DEFAULTS.maxStructs;
    const maxPendingBytes = limits.maxPendingBytes ?? WORK_DEFAULTS.maxPendingBytes;
    if (this.closing) {
      ws.close(CLOSE.restarting, 'Server is restarting; reconnect shortly.');
      return;
    }
    if (this.connections >= limits.maxConnections) {
      ws.close(CLOSE.serverFull, 'Server is full; try again later.');
      return;
    }
    if (boardId === undefined || !BOARD_ID.test(boardId)) {
      ws.close(CLOSE.notFound, 'Invalid board id in the URL (/sync/<boardId>).');
      return;
    }
    if (fault === 'connection') throw new InjectedFault(fault);
    this.connections++;
    const connId = newConnId();
    let ctx: ConnectionContext | undefined;
    let room: Room | undefined;
    let closed = false;
    const queue: Uint8Array[] = [];
    // Token buckets: messages, bytes, and work (structs + delete ranges the document must process).
    let msgTokens = limits.burst;
    let byteTokens = limits.bytesPerSec * 2;
    let workTokens = workPerSec * 3;
    let last = performance.now();
    let owner: BindingOwner | undefined;
    /** Bytes of this socket's updates that left a gap (Yjs holds them pending). */
    let gapBytes = 0;
    /** A clientID claim in flight (Redis bindings) and the latest entries that wait for it. */
    let claiming: number | undefined;
    let waiting: DecodedAwarenessEntry[] | undefined;

    const peer: Peer = {
      ctx: undefined as unknown as ConnectionContext,
      awarenessClientId: undefined,
      send(msg) {
        if (closed || ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > 64 * 1024 * 1024) {
          peer.close(CLOSE.tooSlow, 'Connection too slow to keep up; reconnect.');
          return;
        }
        ws.send(msg);
      },
      close(code, reason) {
        if (closed) return;
        closed = true;
        try {
          ws.close(code, reason);
        } catch {
          ws.terminate();
        }
      },
    };

    const reject = (code: number, reason: string, fields: Record<string, unknown> = {}) => {
      this.stats.rejected++;
      log.warn('sync.rejected', { boardId, connId, code, reason, ...fields });
      peer.close(code, reason);
    };

    /** Applies this socket's own awareness entry (the others it relays are not its business). */
    const ownPresence = (r: Room, c: ConnectionContext, en: DecodedAwarenessEntry): boolean => {
      if (en.tooBig) {
        reject(CLOSE.malformed, `Malformed message: awareness state over ${limits.maxAwarenessBytes} bytes`);
        return false;
      }
      let state = 'null';
      if (en.state !== 'null') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(en.state);
        } catch {
          reject(CLOSE.malformed, 'Malformed message: awareness state is not JSON');
          return false;
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
          reject(CLOSE.malformed, 'Malformed message: awareness state must be an object');
          return false;
        }
        const s = parsed as Record<string, unknown>;
        const user = s.user && typeof s.user === 'object' && !Array.isArray(s.user) ? s.user : {};
        s.user = { ...user, id: c.userId, role: c.role };
        state = JSON.stringify(s);
      }
      this.roomOp(r, () => r.setPresence({ clientId: en.clientId, clock: en.clock, state }, peer));
      return true;
    };

    const awareness = (r: Room, c: ConnectionContext, entries: DecodedAwarenessEntry[]) => {
      if (peer.awarenessClientId === undefined) {
        if (claiming !== undefined) {
          waiting = entries;
          return;
        }
        // The first id this socket may bind is its own; ids bound to others are relayed echoes.
        for (const en of entries) {
          const got = this.bindings.claim(boardId, en.clientId, owner!);
          if (got === true) {
            peer.awarenessClientId = en.clientId;
            break;
          }
          if (got === false) continue;
          claiming = en.clientId;
          waiting = entries;
          got.then(
            (ok) => {
              const id = claiming;
              claiming = undefined;
              if (closed) {
                if (ok && id !== undefined) this.bindings.release(boardId, id, owner!);
                return;
              }
              if (ok) peer.awarenessClientId = id;
              const w = waiting ?? [];
              waiting = undefined;
              // Try the remaining ids only if this one was refused.
              const rest = ok ? w : w.filter((e) => e.clientId !== id);
              if (rest.length > 0) awareness(r, c, rest);
            },
            (e) => log.warn('presence.claim_failed', { boardId, error: e }),
          );
          return;
        }
        if (peer.awarenessClientId === undefined) return;
      }
      for (const en of entries) {
        if (en.clientId !== peer.awarenessClientId) continue;
        if (!ownPresence(r, c, en)) return;
      }
    };

    const handle = (data: Uint8Array) => {
      const r = room;
      const c = ctx;
      if (!r || !c || closed) return;
      if (r.retired) {
        peer.close(CLOSE.restarting, 'The board is reloading; reconnect.');
        return;
      }
      if (fault === 'message') throw new InjectedFault(fault);
      let msg: ReturnType<typeof decodeMessage>;
      const refs: StructRefs = { client: [], clock: [], len: [], isType: [], parentKind: [], pc: [], pk: [] };
      try {
        msg = decodeMessage(data, limits.maxAwarenessBytes, {
          maxStructs,
          maxDeleteRanges: WORK_DEFAULTS.deleteRangeSlack + r.structCount(),
          refs,
        });
      } catch (e) {
        if (e instanceof UpdateTooCostly) {
          reject(CLOSE.tooCostly, `Update too costly: ${e.message}`.slice(0, 120));
          return;
        }
        const why = e instanceof InvalidUpdate ? e.message : 'undecodable';
        reject(CLOSE.malformed, `Malformed message: ${why}`.slice(0, 120));
        return;
      }
      switch (msg.type) {
        case 'sync-step1': {
          const answer = this.roomOp(r, () => r.syncStep2For(msg.stateVector));
          if (answer) peer.send(answer);
          return;
        }
        case 'sync-step2':
        case 'sync-update': {
          if (!canEditDocument(c.role)) {
            // Dropped; the socket stays open and the client is told, so it can return to the
            // server's state (docs/protocol.md, "update refused"). An update that changes nothing
            // (a read-only client's sync step 2) is ignored quietly.
            if (this.roomOp(r, () => updateChangesDoc(r.doc, msg.update))) {
              this.stats.rejected++;
              log.warn('sync.update-refused', { boardId, connId, role: c.role });
              peer.send(encodeUpdateRefused(READ_ONLY_REASON));
            }
            return;
          }
          workTokens -= msg.stats.structs + msg.stats.deletes;
          if (workTokens < 0) {
            reject(CLOSE.rateLimited, 'Too much document work; slow down and reconnect.', {
              structs: msg.stats.structs,
              deletes: msg.stats.deletes,
            });
            return;
          }
          // Updates that depend on changes the server does not have wait inside Yjs, and every
          // later update re-merges them: cap what a board may hold that way, refusing before
          // applying when this update would leave a gap and overflow it.
          // Shared types nested too deeply make Yjs recurse (deleting, GC, toJSON).
          let nesting: number;
          try {
            nesting = r.typeNesting(refs, MAX_DEPTH);
          } catch {
            nesting = Number.POSITIVE_INFINITY; // references Yjs cannot resolve: refuse
          }
          if (nesting > MAX_DEPTH) {
            reject(
              CLOSE.malformed,
              `Malformed message: shared types nested too deeply (at most ${MAX_DEPTH} levels)`,
            );
            return;
          }
          // Each socket may add at most a quarter of the board's budget (every gap-leaving
          // update costs a merge of everything pending, so a flood must end quickly).
          const pendingBefore = r.pendingBytes();
          if (r.leavesGap(msg.stats)) {
            gapBytes += msg.update.length;
            if (pendingBefore + msg.update.length > maxPendingBytes || gapBytes > maxPendingBytes / 4) {
              if (pendingBefore + msg.update.length > maxPendingBytes) r.dropPendingStructs();
              reject(CLOSE.tooCostly, pendingReason(maxPendingBytes), {
                pendingBytes: pendingBefore,
                gapBytes,
              });
              return;
            }
          }
          let threw = false;
          this.roomOp(r, () => {
            try {
              if (fault === 'room') r.applyFromPeer(msg.update, peer, () => new InjectedFault('room'));
              else r.applyFromPeer(msg.update, peer);
            } catch (e) {
              threw = true;
              throw e;
            }
          });
          if (threw) return;
          const pending = r.pendingBytes();
          if (pending > maxPendingBytes) {
            r.dropPendingStructs();
            reject(CLOSE.tooCostly, pendingReason(maxPendingBytes), { pendingBytes: pending });
          }
          return;
        }
        case 'awareness':
          awareness(r, c, msg.entries);
          return;
        case 'query-awareness':
          peer.send(r.presenceSnapshot());
          return;
        case 'auth':
          return;
      }
    };

    /** Every handler body runs through this: a throw closes this socket only. */
    const contained = (what: string, fn: () => void) => {
      try {
        fn();
      } catch (e) {
        this.stats.rejected++;
        log.error('sync.handler_failed', { boardId, connId, handler: what, error: e });
        peer.close(CLOSE.internalError, 'Internal error; reconnect.');
      }
    };

    ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) =>
      contained('message', () => {
        if (closed) return;
        const data = Array.isArray(raw)
          ? new Uint8Array(Buffer.concat(raw))
          : raw instanceof ArrayBuffer
            ? new Uint8Array(raw)
            : new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
        const now = performance.now();
        const dt = (now - last) / 1000;
        last = now;
        msgTokens = Math.min(limits.burst, msgTokens + dt * limits.messagesPerSec);
        byteTokens = Math.min(limits.bytesPerSec * 2, byteTokens + dt * limits.bytesPerSec);
        workTokens = Math.min(workPerSec * 3, workTokens + dt * workPerSec);
        msgTokens -= 1;
        byteTokens -= data.byteLength;
        if (msgTokens < 0 || byteTokens < 0) {
          reject(CLOSE.rateLimited, 'Too many messages; slow down and reconnect.');
          return;
        }
        if (!isBinary) {
          reject(CLOSE.malformed, 'Malformed message: text frames are not part of the protocol');
          return;
        }
        if (!room) {
          if (queue.length > 1000) {
            reject(CLOSE.rateLimited, 'Too many messages before the board loaded.');
            return;
          }
          queue.push(data.slice());
          return;
        }
        handle(data);
      }),
    );

    ws.on('close', () =>
      contained('close', () => {
        closed = true;
        this.connections--;
        if (owner && peer.awarenessClientId !== undefined)
          this.bindings.release(boardId, peer.awarenessClientId, owner);
        if (fault === 'close') throw new InjectedFault(fault);
        if (room) {
          const r = room;
          this.roomOp(r, () => r.leave(peer));
          this.scheduleIdle(r);
        }
      }),
    );
    ws.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        this.stats.rejected++;
        log.warn('sync.rejected', {
          boardId,
          connId,
          code: CLOSE.tooBig,
          reason: 'message over the size limit',
        });
      }
    });

    (async () => {
      const accessRequest = {
        boardId,
        token,
        client: clientAddress(req, this.opts.trustProxy),
        cookie: req.headers.cookie,
        origin: req.headers.origin,
        host: req.headers.host,
      };
      const decision = await this.opts.access(accessRequest);
      if (!decision.ok) {
        reject(CLOSE.forbidden, decision.reason);
        return;
      }
      ctx = {
        connId,
        boardId,
        role: decision.role,
        userId: decision.userId ?? `u_${connId.slice(0, 8)}`,
        sessionId: decision.sessionId,
      };
      peer.ctx = ctx;
      peer.recheck = async () => this.opts.access(accessRequest);
      owner = { connId, credential: credentialOf(ctx.userId) };
      let r: Room;
      try {
        r = await this.room(boardId);
      } catch (e) {
        if (e instanceof NotFound) reject(CLOSE.notFound, `Board ${boardId} does not exist.`);
        else {
          this.health.markFailed(e);
          reject(CLOSE.tryAgainLater, 'Storage is unavailable; retrying.', { error: e });
        }
        return;
      }
      if (closed) {
        this.scheduleIdle(r);
        return;
      }
      room = r;
      this.roomOp(r, () => r.join(peer));
      log.debug('sync.joined', { boardId, connId, role: ctx.role });
      for (const m of queue.splice(0)) {
        contained('message', () => handle(m));
        if (closed) break;
      }
    })().catch((e) => {
      log.error('sync.connection_failed', { boardId, error: e });
      peer.close(CLOSE.tryAgainLater, 'Internal error; retrying.');
    });
  }

  /** SIGTERM: stop accepting, flush every board, close sockets. */
  async close(timeoutMs = 10_000) {
    this.closing = true;
    const rooms = await Promise.allSettled([...this.rooms.values()]);
    this.rooms.clear();
    await Promise.all(
      rooms.map((r) =>
        r.status === 'fulfilled'
          ? r.value.shutdown(CLOSE.restarting, 'Server is restarting; reconnect shortly.', timeoutMs)
          : undefined,
      ),
    );
    await Promise.all(this.unloading.values());
    await this.bindings.close();
  }
}
