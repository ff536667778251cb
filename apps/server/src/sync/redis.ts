// Fan-out between server instances through Redis pub/sub: one channel per board carrying
// document updates, awareness updates and state-vector queries. Each message starts with the
// sender's instance id so an instance ignores its own messages. Document updates from other
// instances are applied but not persisted here (their instance persists them).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import type { Fanout } from './service.ts';

const KINDS = { update: 1, awareness: 2, query: 3 } as const;
type Kind = keyof typeof KINDS;

export interface RedisFanoutHandlers {
  onUpdate(boardId: string, update: Uint8Array): void;
  onAwareness(boardId: string, update: Uint8Array): void;
  /** Another instance loaded the board and asks for what it lacks. */
  onQuery(boardId: string, stateVector: Uint8Array): void;
}

export class RedisFanout implements Fanout {
  readonly instanceId = randomUUID();
  private readonly idBytes = Buffer.from(this.instanceId);
  private readonly pub: Redis;
  private readonly sub: Redis;
  ok = false;
  error: string | undefined;

  constructor(
    url: string,
    private readonly handlers: RedisFanoutHandlers,
    private readonly log: Logger,
  ) {
    const opts = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: true } as const;
    this.pub = new Redis(url, opts);
    this.sub = new Redis(url, opts);
    for (const c of [this.pub, this.sub]) {
      c.on('error', (e: Error) => {
        this.ok = false;
        this.error = e.message;
      });
      c.on('ready', () => {
        this.ok = true;
        this.error = undefined;
      });
    }
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.onMessage(channel, message));
  }

  async connect() {
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    this.ok = true;
    this.log.info('redis.connected', { instanceId: this.instanceId });
  }

  private channel(boardId: string) {
    return `stratus:board:${boardId}`;
  }

  publish(boardId: string, kind: Kind, payload: Uint8Array) {
    const msg = Buffer.concat([this.idBytes, Buffer.from([KINDS[kind]]), payload]);
    this.pub
      .publish(this.channel(boardId), msg)
      .catch((e: Error) => this.log.warn('redis.publish_failed', { error: e }));
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
    } catch (e) {
      this.log.warn('redis.bad_message', { boardId, error: e });
    }
  }

  async close() {
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
