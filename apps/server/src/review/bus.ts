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
}

export class ReviewBus {
  readonly instanceId = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;

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
  }

  async connect() {
    await Promise.all([this.pub.connect(), this.sub.connect()]);
    await this.sub.subscribe(REVIEW_CHANNEL);
  }

  publish(msg: BusMessage) {
    this.pub
      .publish(REVIEW_CHANNEL, JSON.stringify({ from: this.instanceId, ...msg }))
      .catch((e: Error) => this.log.warn('review.bus_publish_failed', { error: e }));
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
