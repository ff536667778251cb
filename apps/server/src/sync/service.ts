// Accepts y-websocket connections on /sync/<boardId>, loads boards into rooms, routes
// messages, enforces limits, and (optionally) fans out through Redis between instances.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import type { BoardStore } from '../db/store.ts';
import type { Logger } from '../log.ts';
import { type AccessResolver, type ConnectionContext, canEditDocument, newConnId } from './access.ts';
import { checkUpdate } from './guard.ts';
import { CLOSE, decodeMessage, InvalidUpdate } from './protocol.ts';
import { encodeUpdateRefused, READ_ONLY_REASON, updateChangesDoc } from './refusal.ts';
import { DbHealth, type Peer, Room, type RoomHooks, SyncStats } from './room.ts';

export const BOARD_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface SyncLimits {
  maxMessageBytes: number;
  messagesPerSec: number;
  burst: number;
  bytesPerSec: number;
  maxConnections: number;
  maxAwarenessBytes: number;
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

  constructor(private readonly opts: SyncServiceOptions) {
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
        room.applyRemote(update);
      } catch (e) {
        this.opts.log.warn('fanout.bad_update', { boardId, error: e });
      }
    },
    onAwareness: (boardId: string, payload: Uint8Array) => {
      const room = this.loadedRoom(boardId);
      if (!room) return;
      const msg = decodeMessage(payload, this.opts.limits.maxAwarenessBytes);
      if (msg.type !== 'awareness') return;
      for (const en of msg.entries) room.setPresence(en, 'remote');
    },
    onQuery: (boardId: string, payload: Uint8Array) => {
      const room = this.loadedRoom(boardId);
      const theirs = splitOffer(payload);
      if (!room || !theirs) return;
      const mine = stateOffer(room.doc);
      if (!mine.digest.equals(theirs.digest)) {
        this.fanout?.publish(boardId, 'update', Y.encodeStateAsUpdate(room.doc, theirs.sv));
        // ... and ask for what we lack in return.
        this.fanout?.publish(boardId, 'sv', mine.offer);
      }
      if (room.peers.size > 0) this.fanout?.publish(boardId, 'awareness', room.presenceSnapshot());
    },
    onStateVector: (boardId: string, payload: Uint8Array) => {
      const room = this.loadedRoom(boardId);
      const theirs = splitOffer(payload);
      if (!room || !theirs) return;
      if (stateOffer(room.doc).digest.equals(theirs.digest)) return;
      this.fanout?.publish(boardId, 'update', Y.encodeStateAsUpdate(room.doc, theirs.sv));
    },
    /** Messages between instances may have been lost: offer every loaded board's state. */
    onGap: () => {
      for (const room of this.loadedRooms())
        this.fanout?.publish(room.id, 'query', stateOffer(room.doc).offer);
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
    if (room.peers.size > 0 || room.idleTimer || this.closing) return;
    room.idleTimer = setTimeout(() => {
      room.idleTimer = undefined;
      if (room.peers.size > 0) return;
      this.rooms.delete(room.id);
      this.fanout?.unsubscribe(room.id);
      const p = room
        .shutdown(CLOSE.goingAway, 'board unloaded')
        .finally(() => this.unloading.delete(room.id));
      this.unloading.set(room.id, p);
    }, this.opts.roomIdleMs);
    room.idleTimer.unref?.();
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
    const url = new URL(req.url ?? '/', 'http://x');
    const boardId = decodeURIComponent(url.pathname.slice('/sync/'.length));
    const token = url.searchParams.get('token') ?? undefined;
    const log = this.opts.log;
    const limits = this.opts.limits;
    if (this.closing) {
      ws.close(CLOSE.restarting, 'Server is restarting; reconnect shortly.');
      return;
    }
    if (this.connections >= limits.maxConnections) {
      ws.close(CLOSE.serverFull, 'Server is full; try again later.');
      return;
    }
    if (!BOARD_ID.test(boardId)) {
      ws.close(CLOSE.notFound, 'Invalid board id in the URL (/sync/<boardId>).');
      return;
    }
    this.connections++;
    const connId = newConnId();
    let ctx: ConnectionContext | undefined;
    let room: Room | undefined;
    let closed = false;
    const queue: Uint8Array[] = [];
    // Token bucket: messages and bytes.
    let msgTokens = limits.burst;
    let byteTokens = limits.bytesPerSec * 2;
    let last = performance.now();

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

    const handle = (data: Uint8Array) => {
      if (!room || !ctx || closed) return;
      let msg: ReturnType<typeof decodeMessage>;
      try {
        msg = decodeMessage(data, limits.maxAwarenessBytes);
      } catch (e) {
        const why = e instanceof InvalidUpdate ? e.message : 'undecodable';
        reject(CLOSE.malformed, `Malformed message: ${why}`.slice(0, 120));
        return;
      }
      switch (msg.type) {
        case 'sync-step1':
          peer.send(room.syncStep2For(msg.stateVector));
          return;
        case 'sync-step2':
        case 'sync-update': {
          if (!canEditDocument(ctx.role)) {
            // Dropped; the socket stays open and the client is told, so it can return to the
            // server's state (docs/protocol.md, "update refused"). An update that changes nothing
            // (a read-only client's sync step 2) is ignored quietly.
            if (updateChangesDoc(room.doc, msg.update)) {
              this.stats.rejected++;
              log.warn('sync.update-refused', { boardId, connId, role: ctx.role });
              peer.send(encodeUpdateRefused(READ_ONLY_REASON));
            }
            return;
          }
          try {
            room.applyFromPeer(msg.update, peer);
          } catch (e) {
            reject(CLOSE.malformed, 'Invalid document update.', { error: e });
          }
          return;
        }
        case 'awareness': {
          for (const en of msg.entries) {
            if (peer.awarenessClientId === undefined) {
              const owner = room.presenceOwner(en.clientId);
              if (owner && owner !== peer && owner !== 'remote' && owner.ctx.userId !== ctx.userId) {
                // Another live socket holds this id: ignore rather than let one user steal another's cursor.
                continue;
              }
              peer.awarenessClientId = en.clientId;
            }
            if (en.clientId !== peer.awarenessClientId) continue;
            let state = 'null';
            if (en.state !== 'null') {
              let parsed: unknown;
              try {
                parsed = JSON.parse(en.state);
              } catch {
                reject(CLOSE.malformed, 'Malformed message: awareness state is not JSON');
                return;
              }
              if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
                reject(CLOSE.malformed, 'Malformed message: awareness state must be an object');
                return;
              }
              const s = parsed as Record<string, unknown>;
              const user = s.user && typeof s.user === 'object' && !Array.isArray(s.user) ? s.user : {};
              s.user = { ...user, id: ctx.userId, role: ctx.role };
              state = JSON.stringify(s);
            }
            room.setPresence({ clientId: en.clientId, clock: en.clock, state }, peer);
          }
          return;
        }
        case 'query-awareness':
          peer.send(room.presenceSnapshot());
          return;
        case 'auth':
          return;
      }
    };

    ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
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
    });

    ws.on('close', () => {
      closed = true;
      this.connections--;
      if (room) {
        room.leave(peer);
        this.scheduleIdle(room);
      }
    });
    ws.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
        this.stats.rejected++;
        log.warn('sync.rejected', {
          boardId,
          connId,
          code: CLOSE.tooBig,
          reason: 'message over the size limit',
        });
      } else log.debug('sync.socket_error', { connId, error: e });
    });

    (async () => {
      const decision = await this.opts.access({
        boardId,
        token,
        client: req.socket.remoteAddress,
        cookie: req.headers.cookie,
        origin: req.headers.origin,
        host: req.headers.host,
      });
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
      room.join(peer);
      log.debug('sync.joined', { boardId, connId, role: ctx.role });
      for (const m of queue.splice(0)) handle(m);
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
  }
}
