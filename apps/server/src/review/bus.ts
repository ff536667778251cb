// Review events between server instances (Redis pub/sub, one channel): a revoked link closes
// its sockets and event streams on every instance, and comments reach every instance's event
// streams. Messages carry ids and comments only, never tokens.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import type { Comment } from '@stratus/api';

export const REVIEW_CHANNEL = 'stratus:review';

export type BusMessage =
  | { type: 'revoke'; boardId: string; linkId: string; reason: string }
  | { type: 'comment'; boardId: string; comment: Comment }
  /** Accounts (issue 11): a revoked session's sockets, a changed member's sockets, everywhere. */
  | { type: 'session-revoked'; sessionId: string; reason: string }
  | { type: 'member-changed'; accountId: string; reason: string };

export interface ReviewBusHandlers {
  onRevoke(boardId: string, linkId: string, reason: string): void;
  onComment(boardId: string, comment: Comment): void;
  onSessionRevoked?(sessionId: string, reason: string): void;
  onMemberChanged?(accountId: string, reason: string): void;
  /**
   * The subscription was away (Redis down, restarted, connection lost) and is back: pub/sub keeps
   * nothing for an absent subscriber, so whatever was published meanwhile is lost. The instance
   * re-checks every live socket and stream against the database instead.
   */
  onGap?(): void;
}

/** Messages that could not be published are sent again when Redis is back (newest kept). */
const MAX_UNSENT = 1000;

export class ReviewBus {
  readonly instanceId = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private subscribedOnce = false;
  private unsent: string[] = [];

  constructor(
    url: string,
    private readonly handlers: ReviewBusHandlers,
    private readonly log: Logger,
  ) {
    const opts = { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: true } as const;
    this.pub = new Redis(url, opts);
    this.sub = new Redis(url, opts);
    for (const c of [this.pub, this.sub])
      c.on('error', (e: Error) => log.debug('review.bus_error', { error: e }));
    this.sub.on('message', (_channel: string, message: string) => this.onMessage(message));
    // ioredis emits 'ready' on the first connection and after every reconnection.
    this.sub.on('ready', () => {
      if (!this.subscribedOnce) return;
      this.sub.subscribe(REVIEW_CHANNEL).then(
        () => {
          this.log.warn('review.bus_gap', { note: 're-checking live sockets and streams' });
          this.handlers.onGap?.();
        },
        (e: Error) => this.log.warn('review.bus_resubscribe_failed', { error: e }),
      );
    });
    this.pub.on('ready', () => this.flushUnsent());
  }

  async connect() {
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    await this.sub.subscribe(REVIEW_CHANNEL);
    this.subscribedOnce = true;
  }

  publish(msg: BusMessage) {
    this.send(JSON.stringify({ from: this.instanceId, ...msg }));
  }

  private send(raw: string) {
    this.pub.publish(REVIEW_CHANNEL, raw).catch((e: Error) => {
      this.log.warn('review.bus_publish_failed', { error: e, queued: this.unsent.length + 1 });
      this.unsent.push(raw);
      if (this.unsent.length > MAX_UNSENT) this.unsent.shift();
    });
  }

  private flushUnsent() {
    for (const raw of this.unsent.splice(0)) this.send(raw);
  }

  private onMessage(raw: string) {
    try {
      const m = JSON.parse(raw) as BusMessage & { from?: string };
      if (m.from === this.instanceId) return;
      if (m.type === 'session-revoked' && typeof m.sessionId === 'string') {
        this.handlers.onSessionRevoked?.(m.sessionId, String(m.reason ?? 'This session was signed out.'));
        return;
      }
      if (m.type === 'member-changed' && typeof m.accountId === 'string') {
        this.handlers.onMemberChanged?.(m.accountId, String(m.reason ?? 'Your role changed.'));
        return;
      }
      if (m.type !== 'revoke' && m.type !== 'comment') return;
      if (typeof m.boardId !== 'string') return;
      if (m.type === 'revoke' && typeof m.linkId === 'string') {
        this.handlers.onRevoke(m.boardId, m.linkId, String(m.reason ?? 'This link was revoked.'));
      } else if (m.type === 'comment' && m.comment && typeof m.comment === 'object') {
        this.handlers.onComment(m.boardId, m.comment);
      }
    } catch (e) {
      this.log.warn('review.bus_bad_message', { error: e });
    }
  }

  close() {
    this.pub.disconnect();
    this.sub.disconnect();
  }
}
