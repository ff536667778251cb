// Review links, owner tokens, comments and the AccessResolver that maps a token to a role.
// Decisions are in docs/adr/0003-review-links.md. Tokens never reach a log line: log board
// ids, link ids and roles only.
import type { Anchor, ApiIssue, Comment, LinkRole, ReviewEvent, ShareLink } from '@stratus/api';
import type { PrismaClient } from '../db/database.ts';
import type { Logger } from '../log.ts';
import type { AccessDecision, AccessRequest, Role } from '../sync/access.ts';
import { CLOSE } from '../sync/protocol.ts';
import type { SyncService } from '../sync/service.ts';
import type { BusMessage } from './bus.ts';
import { type RateLimit, RateLimiter } from './rate-limit.ts';
import { hashToken, newReviewId, newToken, sameHash, TOKEN_SHAPE } from './tokens.ts';

export const LINK_ROLES: readonly LinkRole[] = ['view', 'comment', 'edit'];
const RANK: Record<Role, number> = { view: 0, comment: 1, edit: 2, owner: 3 };
/** True when `role` includes everything `needed` may do. */
export const atLeast = (role: Role, needed: Role) => RANK[role] >= RANK[needed];

/** Who is asking, as far as the server can tell. */
export interface Principal {
  role: Role;
  /** The board has no owner (created before share links): open to anyone with its id. */
  open: boolean;
  /** The link used, if any. */
  linkId?: string;
  expiresAt?: Date | null;
  /** Stable per credential, not secret: 'owner', a link id, or 'open'. */
  key: string;
  /** The sign-in session the role came from (issue 11; set by the accounts resolver). */
  sessionId?: string;
}

export type AccessFailure = { ok: false; status: 401 | 403 | 404 | 429; code: string; message: string };
export type AccessResult = ({ ok: true } & Principal) | AccessFailure;

export interface ReviewLimits {
  /** Failed token checks per client address. */
  failedTokens: RateLimit;
  /** Link creations per board. */
  links: RateLimit;
  /** Comment writes per client address. */
  comments: RateLimit;
}

export const DEFAULT_REVIEW_LIMITS: ReviewLimits = {
  failedTokens: { max: 20, windowMs: 60_000 },
  links: { max: 30, windowMs: 60_000 },
  comments: { max: 60, windowMs: 60_000 },
};

export interface ReviewOptions {
  prisma: PrismaClient;
  log: Logger;
  /** Used to close live sockets when a link is revoked or expires. */
  sync?: SyncService;
  limits?: Partial<ReviewLimits>;
  /** Origins other than the server's own allowed to call the API from a browser (CORS). */
  allowedOrigins?: string[];
}

export interface EventStream {
  boardId: string;
  key: string;
  /** The sign-in session the stream was opened with (issue 11), if any. */
  sessionId?: string;
  send(event: ReviewEvent): void;
  close(): void;
}

type LinkRow = {
  id: string;
  boardId: string;
  role: string;
  tokenHash: string;
  label: string | null;
  createdBy?: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

type CommentRow = {
  id: string;
  boardId: string;
  threadId: string | null;
  authorName: string;
  authorKey: string;
  authorRole: string;
  body: string;
  anchorKind: string | null;
  nodeId: string | null;
  x: number | null;
  y: number | null;
  ruleId: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};

const linkStatus = (l: LinkRow, now = Date.now()): ShareLink['status'] =>
  l.revokedAt ? 'revoked' : l.expiresAt && l.expiresAt.getTime() <= now ? 'expired' : 'active';

export const toLinkView = (l: LinkRow): ShareLink => ({
  id: l.id,
  role: l.role as LinkRole,
  label: l.label,
  createdBy: l.createdBy ?? null,
  createdAt: l.createdAt.toISOString(),
  expiresAt: l.expiresAt?.toISOString() ?? null,
  revokedAt: l.revokedAt?.toISOString() ?? null,
  status: linkStatus(l),
});

function toAnchor(c: CommentRow): Anchor | null {
  if (c.anchorKind === 'node' && c.nodeId) return { kind: 'node', nodeId: c.nodeId };
  if (c.anchorKind === 'point' && c.x !== null && c.y !== null) return { kind: 'point', x: c.x, y: c.y };
  if (c.anchorKind === 'finding' && c.ruleId && c.nodeId)
    return { kind: 'finding', ruleId: c.ruleId, nodeId: c.nodeId };
  return null;
}

export const toCommentView = (c: CommentRow, thread?: CommentRow): Comment => ({
  id: c.id,
  boardId: c.boardId,
  threadId: c.threadId,
  author: { name: c.authorName, role: c.authorRole as Role },
  body: c.body,
  anchor: c.threadId ? null : toAnchor(c),
  resolved: Boolean((thread ?? c).resolvedAt),
  resolvedAt: c.resolvedAt?.toISOString() ?? null,
  resolvedBy: c.resolvedBy,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

/** Open comments (thread roots and replies) per node id, over unresolved threads. */
export function commentCounts(comments: Comment[]): Record<string, number> {
  const roots = new Map(comments.filter((c) => !c.threadId).map((c) => [c.id, c]));
  const counts: Record<string, number> = {};
  for (const c of comments) {
    const root = c.threadId ? roots.get(c.threadId) : c;
    if (!root || root.resolved || !root.anchor || root.anchor.kind === 'point') continue;
    const id = root.anchor.nodeId;
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}

export class ReviewError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: ApiIssue[],
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

const USER_ID_SEP = '~';

export class ReviewService {
  readonly prisma: PrismaClient;
  readonly log: Logger;
  readonly limits: ReviewLimits;
  readonly allowedOrigins: string[];
  sync: SyncService | undefined;
  /** Other server instances (Redis); set by server.ts when REDIS_URL is configured. */
  bus: { publish(msg: BusMessage): void } | undefined;
  private readonly failed: RateLimiter;
  readonly linkLimiter: RateLimiter;
  readonly commentLimiter: RateLimiter;
  private readonly streams = new Map<string, Set<EventStream>>();
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();

  constructor(o: ReviewOptions) {
    this.prisma = o.prisma;
    this.log = o.log;
    this.sync = o.sync;
    this.limits = { ...DEFAULT_REVIEW_LIMITS, ...(o.limits ?? {}) };
    this.allowedOrigins = o.allowedOrigins ?? [];
    this.failed = new RateLimiter(this.limits.failedTokens);
    this.linkLimiter = new RateLimiter(this.limits.links);
    this.commentLimiter = new RateLimiter(this.limits.comments);
  }

  // ---- ownership ------------------------------------------------------------------------

  /**
   * Owner token hashes of a board. Owners are only ever added (at creation, or by claiming an
   * unowned board), never removed, so a non-empty answer is cached; "no owner" is not (another
   * instance may have just claimed the board).
   */
  private readonly ownerCache = new Map<string, { tokenHash: string }[]>();
  private async owners(boardId: string) {
    const hit = this.ownerCache.get(boardId);
    if (hit) return hit;
    const rows = await this.prisma.boardOwner.findMany({ where: { boardId }, select: { tokenHash: true } });
    if (rows.length) {
      if (this.ownerCache.size >= 10_000) this.ownerCache.delete(this.ownerCache.keys().next().value!);
      this.ownerCache.set(boardId, rows);
    }
    return rows;
  }

  /** Makes a freshly created board owned; returns the owner token (shown once). */
  async createOwner(boardId: string): Promise<{ ownerToken: string }> {
    const ownerToken = newToken('owner');
    await this.prisma.boardOwner.create({
      data: { id: newReviewId('own'), boardId, tokenHash: hashToken(ownerToken) },
    });
    this.ownerCache.delete(boardId);
    this.log.info('review.owner_created', { boardId });
    return { ownerToken };
  }

  /** A board created before share links has no owner; the first to claim it becomes owner. */
  async claim(boardId: string): Promise<{ ownerToken: string }> {
    if (await this.prisma.boardOwner.findFirst({ where: { boardId }, select: { id: true } })) {
      throw new ReviewError(409, 'already_owned', 'This board already has an owner; ask them for a link.');
    }
    return this.createOwner(boardId);
  }

  // ---- access ---------------------------------------------------------------------------

  /**
   * The role a token grants on a board. `client` (an address) keys the failed-check limit.
   * Does not check that the board exists.
   */
  async resolve(
    boardId: string,
    token: string | undefined,
    client = 'unknown',
    opts: { workspace?: boolean } = {},
  ): Promise<AccessResult> {
    // A board in a workspace (issue 11) is never open, and its owner tokens no longer count.
    const owners = await this.owners(boardId);
    if (owners.length === 0 && !opts.workspace) return { ok: true, role: 'edit', open: true, key: 'open' };
    if (!token) {
      return {
        ok: false,
        status: 401,
        code: 'token_required',
        message: 'This board is private: open it with a share link from its owner.',
      };
    }
    if (this.failed.blocked(client)) {
      return {
        ok: false,
        status: 429,
        code: 'rate_limited',
        message: `Too many invalid links from your address; wait ${this.failed.retryAfter(client)} s and try again.`,
      };
    }
    const hash = TOKEN_SHAPE.test(token) ? hashToken(token) : undefined;
    if (hash) {
      if (owners.some((o) => sameHash(o.tokenHash, hash))) {
        if (opts.workspace) {
          return {
            ok: false,
            status: 403,
            code: 'owner_token_retired',
            message:
              'This board was moved into a workspace, so its owner token no longer works: sign in as a member of that workspace.',
          };
        }
        return { ok: true, role: 'owner', open: false, key: 'owner' };
      }
      const link = await this.prisma.shareLink.findUnique({ where: { tokenHash: hash } });
      if (link && link.boardId === boardId && sameHash(link.tokenHash, hash)) {
        const status = linkStatus(link);
        if (status === 'revoked') {
          return {
            ok: false,
            status: 403,
            code: 'link_revoked',
            message: 'This link was revoked by the board owner. Ask them for a new one.',
          };
        }
        if (status === 'expired') {
          return {
            ok: false,
            status: 401,
            code: 'link_expired',
            message: `This link expired on ${link.expiresAt!.toISOString()}. Ask the board owner for a new one.`,
          };
        }
        return {
          ok: true,
          role: link.role as LinkRole,
          open: false,
          linkId: link.id,
          expiresAt: link.expiresAt,
          key: link.id,
        };
      }
    }
    this.failed.take(client);
    this.log.warn('review.bad_token', { boardId, client });
    return {
      ok: false,
      status: 401,
      code: 'invalid_token',
      message: 'This link is not valid for this board. Check that you copied the whole link.',
    };
  }

  /**
   * Set by accounts (issue 11): resolves a request with its headers (session cookie) as well as
   * its token. Without it, only tokens count.
   */
  resolver:
    | ((req: AccessRequest & { client: string }) => Promise<AccessResult & { sessionId?: string }>)
    | undefined;

  /** The role of a request: its token and, with accounts, its session cookie. */
  resolveRequest(req: AccessRequest & { client: string }): Promise<AccessResult & { sessionId?: string }> {
    return this.resolver ? this.resolver(req) : this.resolve(req.boardId, req.token, req.client);
  }

  /** The AccessResolver for sync connections (apps/server/src/sync/access.ts). */
  readonly access = async (req: AccessRequest & { client?: string }): Promise<AccessDecision> => {
    const r = await this.resolveRequest({ ...req, client: req.client ?? `board:${req.boardId}` });
    if (!r.ok) return { ok: false, reason: r.message, transient: r.status === 429 || r.status >= 500 };
    if (r.linkId && r.expiresAt) this.scheduleExpiry(req.boardId, r.linkId, r.expiresAt);
    return {
      ok: true,
      role: r.role,
      // `u_<credential>~<random>`: the credential part lets revocation find a link's sockets.
      userId: `u_${r.key}${USER_ID_SEP}${newReviewId('own').slice(4)}`,
      sessionId: r.sessionId,
    };
  };

  /** Closes live sync sockets and event streams that use a link (or all on a board). */
  disconnect(boardId: string, linkId: string, reason: string): number {
    let n = 0;
    const room = this.sync?.loadedRoom(boardId);
    if (room) {
      for (const peer of [...room.peers]) {
        if (peer.ctx?.userId?.slice(2).split(USER_ID_SEP)[0] === linkId) {
          peer.close(CLOSE.forbidden, reason);
          n++;
        }
      }
    }
    for (const s of [...(this.streams.get(boardId) ?? [])]) {
      if (s.key === linkId) {
        s.send({ type: 'access-revoked', message: reason });
        s.close();
        n++;
      }
    }
    return n;
  }

  private scheduleExpiry(boardId: string, linkId: string, at: Date) {
    if (this.expiryTimers.has(linkId)) return;
    const ms = at.getTime() - Date.now();
    if (ms > 2 ** 31 - 1) return; // beyond setTimeout's range; checked again on next connection
    const t = setTimeout(
      () => {
        this.expiryTimers.delete(linkId);
        const n = this.disconnect(
          boardId,
          linkId,
          'This link has expired. Ask the board owner for a new one.',
        );
        this.log.info('review.link_expired', { boardId, linkId, closed: n });
      },
      Math.max(0, ms),
    );
    t.unref?.();
    this.expiryTimers.set(linkId, t);
  }

  // ---- links ----------------------------------------------------------------------------

  async createLink(
    boardId: string,
    input: { role: LinkRole; expiresAt?: Date | null; label?: string | null; createdBy?: string | null },
  ): Promise<ShareLink & { token: string }> {
    if (!this.linkLimiter.take(boardId)) {
      throw new ReviewError(
        429,
        'rate_limited',
        `Too many links created for this board; wait ${this.linkLimiter.retryAfter(boardId)} s.`,
        undefined,
        this.linkLimiter.retryAfter(boardId),
      );
    }
    const token = newToken('link');
    const row = await this.prisma.shareLink.create({
      data: {
        id: newReviewId('lnk'),
        boardId,
        role: input.role,
        tokenHash: hashToken(token),
        label: input.label ?? null,
        createdBy: input.createdBy ?? null,
        expiresAt: input.expiresAt ?? null,
      },
    });
    this.log.info('review.link_created', { boardId, linkId: row.id, role: row.role });
    return { ...toLinkView(row), token };
  }

  async listLinks(boardId: string): Promise<ShareLink[]> {
    const rows = await this.prisma.shareLink.findMany({ where: { boardId }, orderBy: { createdAt: 'desc' } });
    return rows.map(toLinkView);
  }

  /** Revokes a link and closes every live connection using it. */
  async revokeLink(boardId: string, linkId: string): Promise<ShareLink> {
    const row = await this.prisma.shareLink.findFirst({ where: { id: linkId, boardId } });
    if (!row)
      throw new ReviewError(404, 'not_found', `There is no link "${linkId.slice(0, 40)}" on this board.`);
    const updated = row.revokedAt
      ? row
      : await this.prisma.shareLink.update({ where: { id: linkId }, data: { revokedAt: new Date() } });
    const reason = 'This link was revoked by the board owner.';
    const closed = this.disconnect(boardId, linkId, reason);
    this.bus?.publish({ type: 'revoke', boardId, linkId, reason });
    clearTimeout(this.expiryTimers.get(linkId));
    this.expiryTimers.delete(linkId);
    this.log.info('review.link_revoked', { boardId, linkId, closed });
    return toLinkView(updated);
  }

  // ---- comments -------------------------------------------------------------------------

  async listComments(boardId: string): Promise<Comment[]> {
    const rows = await this.prisma.comment.findMany({ where: { boardId }, orderBy: { createdAt: 'asc' } });
    const roots = new Map(rows.filter((r) => !r.threadId).map((r) => [r.id, r]));
    return rows.map((r) => toCommentView(r, r.threadId ? roots.get(r.threadId) : undefined));
  }

  async addComment(
    boardId: string,
    who: Principal & { name: string; client: string },
    input: { body: string; anchor?: Anchor | undefined; threadId?: string | undefined },
  ): Promise<Comment> {
    if (!this.commentLimiter.take(who.client)) {
      const s = this.commentLimiter.retryAfter(who.client);
      throw new ReviewError(
        429,
        'rate_limited',
        `Too many comments; wait ${s} s and try again.`,
        undefined,
        s,
      );
    }
    let thread: CommentRow | null = null;
    if (input.threadId) {
      thread = await this.prisma.comment.findFirst({ where: { id: input.threadId, boardId } });
      if (!thread) throw new ReviewError(404, 'not_found', 'That comment thread does not exist (deleted?).');
      if (thread.threadId)
        throw new ReviewError(400, 'not_a_thread', 'Reply to the first comment of a thread.');
    }
    const a = input.anchor;
    const row = await this.prisma.comment.create({
      data: {
        id: newReviewId('cmt'),
        boardId,
        threadId: thread?.id ?? null,
        authorName: who.name,
        authorKey: who.key,
        authorRole: who.role,
        body: input.body,
        anchorKind: thread ? null : (a?.kind ?? null),
        nodeId: !thread && a && a.kind !== 'point' ? a.nodeId : null,
        x: !thread && a?.kind === 'point' ? a.x : null,
        y: !thread && a?.kind === 'point' ? a.y : null,
        ruleId: !thread && a?.kind === 'finding' ? a.ruleId : null,
      },
    });
    const view = toCommentView(row, thread ?? undefined);
    this.log.info('review.comment_added', {
      boardId,
      commentId: row.id,
      reply: Boolean(thread),
      role: who.role,
    });
    this.emit(boardId, { type: 'comment', comment: view });
    return view;
  }

  async setResolved(boardId: string, commentId: string, resolved: boolean, by: string): Promise<Comment> {
    const row = await this.prisma.comment.findFirst({ where: { id: commentId, boardId } });
    if (!row) throw new ReviewError(404, 'not_found', 'That comment does not exist (deleted?).');
    if (row.threadId) {
      throw new ReviewError(
        400,
        'not_a_thread',
        'Resolve or reopen the thread (its first comment), not a reply.',
      );
    }
    const updated = await this.prisma.comment.update({
      where: { id: commentId },
      data: resolved
        ? { resolvedAt: new Date(), resolvedBy: by, updatedAt: new Date() }
        : { resolvedAt: null, resolvedBy: null, updatedAt: new Date() },
    });
    const view = toCommentView(updated);
    this.emit(boardId, { type: 'comment', comment: view });
    return view;
  }

  // ---- live events ----------------------------------------------------------------------

  /**
   * Closes this instance's event streams that `match`; with a `reason` they are told first that
   * their access is gone (without one, a browser's EventSource simply reconnects and is answered
   * with its current role).
   */
  closeStreams(match: (s: EventStream) => boolean, reason?: string): number {
    let n = 0;
    for (const set of [...this.streams.values()]) {
      for (const s of [...set]) {
        if (!match(s)) continue;
        if (reason) s.send({ type: 'access-revoked', message: reason });
        s.close();
        n++;
      }
    }
    return n;
  }

  addStream(s: EventStream): () => void {
    let set = this.streams.get(s.boardId);
    if (!set) this.streams.set(s.boardId, (set = new Set()));
    set.add(s);
    return () => {
      set.delete(s);
      if (set.size === 0 && this.streams.get(s.boardId) === set) this.streams.delete(s.boardId);
    };
  }

  /** Sends to this instance's streams on the board and, through the bus, to other instances'. */
  emit(boardId: string, event: ReviewEvent) {
    this.emitLocal(boardId, event);
    if (event.type === 'comment') this.bus?.publish({ type: 'comment', boardId, comment: event.comment });
  }

  emitLocal(boardId: string, event: ReviewEvent) {
    for (const s of this.streams.get(boardId) ?? []) s.send(event);
  }

  /** Handlers for messages from other instances (see bus.ts). */
  readonly busHandlers = {
    onRevoke: (boardId: string, linkId: string, reason: string) => {
      const n = this.disconnect(boardId, linkId, reason);
      if (n) this.log.info('review.link_revoked_remote', { boardId, linkId, closed: n });
    },
    onComment: (boardId: string, comment: Comment) => this.emitLocal(boardId, { type: 'comment', comment }),
  };

  /** The board's owners changed (claimed into a workspace). */
  forgetOwners(boardId: string) {
    this.ownerCache.delete(boardId);
  }

  /** Board deleted: close its streams. */
  forget(boardId: string) {
    for (const s of [...(this.streams.get(boardId) ?? [])]) s.close();
    this.streams.delete(boardId);
    this.ownerCache.delete(boardId);
  }

  close() {
    for (const t of this.expiryTimers.values()) clearTimeout(t);
    this.expiryTimers.clear();
    for (const set of this.streams.values()) for (const s of [...set]) s.close();
    this.streams.clear();
  }
}
