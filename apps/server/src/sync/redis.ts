// Fan-out between server instances through Redis pub/sub: one channel per board carrying
// document updates, awareness updates and state-vector exchanges. Each message starts with the
// sender's instance id so an instance ignores its own messages.
//
// Pub/sub drops whatever is published while a subscriber is away (a Redis outage, a restart that
// forgot everything, a publish that failed), so delivery is never trusted: after any gap, and
// every `resyncMs` besides, each instance sends every loaded board's state vector and digest
// ('query'); an instance whose state differs answers with the update the asker lacks plus its own
// state vector ('sv'), and the asker answers that with what the other lacks. Both sides converge
// whichever messages were lost, and every instance persists what it applies (see room.ts).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import type { Fanout, FanoutKind } from './service.ts';

const KINDS = { update: 1, awareness: 2, query: 3, sv: 4 } as const;

export interface RedisFanoutHandlers {
  onUpdate(boardId: string, update: Uint8Array): void;
  onAwareness(boardId: string, update: Uint8Array): void;
  /** Another instance asks for what it lacks (and offers its state: payload = sv + digest). */
  onQuery(boardId: string, payload: Uint8Array): void;
  /** Another instance's answer to our query: its state vector + digest; send what it lacks. */
  onStateVector(boardId: string, payload: Uint8Array): void;
  /** Messages may have been lost (reconnected, a publish failed, or the periodic check): resync. */
  onGap(): void;
}

export interface RedisStatus {
  ok: boolean;
  error?: string;
  /** When the current outage began (ISO), while not ok. */
  since?: string;
  /** Gaps (disconnects or failed publishes) since start; each is followed by a resync. */
  gaps: number;
  /** When the last resync after a gap ran (ISO). */
  lastResync?: string;
}

export class RedisFanout implements Fanout {
  readonly instanceId = randomUUID();
  private readonly idBytes = Buffer.from(this.instanceId);
  private readonly pub: Redis;
  private readonly sub: Redis;
  private closed = false;
  private gap = false;
  private downSince: number | undefined;
  private gaps = 0;
  private lastResync: number | undefined;
  private resyncTimers = new Set<NodeJS.Timeout>();
  private periodic: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly pinging = new Set<Redis>();
  /** When a connection was first seen connected but not ready (its handshake may hang too). */
  private readonly stuckSince = new Map<Redis, number>();
  error: string | undefined;

  constructor(
    url: string,
    private readonly handlers: RedisFanoutHandlers,
    private readonly log: Logger,
    resyncMs = 15_000,
    heartbeatMs = 2000,
  ) {
    const opts = {
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      lazyConnect: true,
      keepAlive: 5000,
      connectTimeout: 3000,
      retryStrategy: (times: number) => Math.min(times * 100, 1000),
    } as const;
    this.pub = new Redis(url, opts);
    this.sub = new Redis(url, opts);
    for (const c of [this.pub, this.sub]) {
      c.on('error', (e: Error) => {
        this.error = e.message;
      });
      c.on('close', () => this.markGap('connection closed'));
      c.on('ready', () => this.onReady());
    }
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel, message));
    // A path that drops packets closes nothing: without an answer to a ping the connection is
    // treated as lost (reconnected, then resynced) and /health says so.
    this.heartbeat = setInterval(() => this.beat(heartbeatMs), heartbeatMs);
    this.heartbeat.unref();
    if (resyncMs > 0) {
      this.periodic = setInterval(() => this.ok && this.handlers.onGap(), resyncMs);
      this.periodic.unref();
    }
  }

  private beat(timeoutMs: number) {
    for (const c of [this.pub, this.sub]) {
      if (c.status === 'connect') {
        const since = this.stuckSince.get(c) ?? Date.now();
        this.stuckSince.set(c, since);
        if (Date.now() - since >= timeoutMs) {
          this.stuckSince.delete(c);
          this.error = `Redis did not complete the handshake within ${timeoutMs} ms`;
          c.disconnect(true);
        }
        continue;
      }
      this.stuckSince.delete(c);
      if (this.closed || c.status !== 'ready' || this.pinging.has(c)) continue;
      this.pinging.add(c);
      const timer = setTimeout(() => {
        this.pinging.delete(c);
        if (this.closed || c.status !== 'ready') return;
        this.error = `Redis did not answer a ping within ${timeoutMs} ms`;
        this.markGap('ping timeout');
        c.disconnect(true);
      }, timeoutMs);
      c.ping().then(
        () => {
          clearTimeout(timer);
          this.pinging.delete(c);
        },
        () => {
          clearTimeout(timer);
          this.pinging.delete(c);
        },
      );
    }
  }

  /** Both connections are up (the subscriber has re-subscribed its channels). */
  get ok() {
    return this.pub.status === 'ready' && this.sub.status === 'ready';
  }

  status(): RedisStatus {
    const ok = this.ok;
    return {
      ok,
      ...(!ok && this.error ? { error: this.error } : {}),
      ...(!ok && this.downSince ? { since: new Date(this.downSince).toISOString() } : {}),
      gaps: this.gaps,
      ...(this.lastResync ? { lastResync: new Date(this.lastResync).toISOString() } : {}),
    };
  }

  async connect() {
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    this.gap = false;
    this.log.info('redis.connected', { instanceId: this.instanceId });
  }

  private markGap(why: string) {
    if (this.closed) return;
    if (!this.gap) {
      this.gap = true;
      this.gaps++;
      this.downSince ??= Date.now();
      this.log.warn('redis.gap', { why, error: this.error });
    }
  }

  private onReady() {
    if (this.closed || !this.ok) return;
    this.downSince = undefined;
    this.error = undefined;
    if (!this.gap) return;
    this.gap = false;
    this.log.info('redis.reconnected', { resync: true });
    // Resync now, and again shortly: another instance may not have re-subscribed yet.
    this.resync();
    for (const ms of [500, 2000]) {
      const t = setTimeout(() => {
        this.resyncTimers.delete(t);
        this.resync();
      }, ms);
      this.resyncTimers.add(t);
    }
  }

  private resync() {
    if (this.closed || !this.ok) return;
    this.lastResync = Date.now();
    this.handlers.onGap();
  }

  private channel(boardId: string) {
    return `stratus:board:${boardId}`;
  }

  publish(boardId: string, kind: FanoutKind, payload: Uint8Array) {
    if (this.closed) return;
    if (this.pub.status !== 'ready') {
      // Not queued: a resync after the reconnect carries whatever this would have.
      this.markGap('publish while disconnected');
      return;
    }
    const msg = Buffer.concat([this.idBytes, Buffer.from([KINDS[kind]]), payload]);
    this.pub.publish(this.channel(boardId), msg).catch((e: Error) => {
      this.log.warn('redis.publish_failed', { error: e });
      this.markGap('publish failed');
      if (this.ok) this.onReady();
    });
  }

  async subscribe(boardId: string) {
    await this.sub.subscribe(this.channel(boardId));
  }

  unsubscribe(boardId: string) {
    this.sub.unsubscribe(this.channel(boardId)).catch(() => {});
  }

  private onMessage(channel: Buffer, message: Buffer) {
    const n = this.idBytes.length;
    if (message.length <= n || message.subarray(0, n).equals(this.idBytes)) return;
    const boardId = channel.toString().slice('stratus:board:'.length);
    const kind = message[n];
    const payload = new Uint8Array(message.subarray(n + 1));
    try {
      if (kind === KINDS.update) this.handlers.onUpdate(boardId, payload);
      else if (kind === KINDS.awareness) this.handlers.onAwareness(boardId, payload);
      else if (kind === KINDS.query) this.handlers.onQuery(boardId, payload);
      else if (kind === KINDS.sv) this.handlers.onStateVector(boardId, payload);
    } catch (e) {
      this.log.warn('redis.bad_message', { boardId, error: e });
    }
  }

  async close() {
    this.closed = true;
    clearInterval(this.heartbeat);
    if (this.periodic) clearInterval(this.periodic);
    for (const t of this.resyncTimers) clearTimeout(t);
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
