// REST routes for review links and comments, the role guard for the board routes in
// http/app.ts, CORS for /api, and the live comment stream (server-sent events).
import type { ReviewEvent } from '@stratus/api';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Role } from '../sync/access.ts';
import { clientOf } from '../http/client-address.ts';
import { BOARD_ID } from '../sync/service.ts';
import {
  type AccessResult,
  atLeast,
  commentCounts,
  LINK_ROLES,
  type Principal,
  ReviewError,
  type ReviewService,
} from './service.ts';

/** The presented token: `Authorization: Bearer <token>`, or `?token=` (EventSource cannot set headers). */
export function tokenOf(req: Request): string | undefined {
  const h = req.headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) return h.replace(/^Bearer\s+/i, '').trim() || undefined;
  const q = req.query.token;
  return typeof q === 'string' && q ? q : undefined;
}

const LinkBody = z
  .object({
    role: z.enum(LINK_ROLES as [string, ...string[]], { message: 'must be "view", "comment" or "edit"' }),
    expiresAt: z
      .string()
      .datetime({ offset: true, message: 'must be an ISO date-time' })
      .nullable()
      .optional(),
    expiresInHours: z
      .number()
      .positive()
      .max(24 * 366)
      .optional(),
    label: z.string().trim().max(80).nullable().optional(),
  })
  .strict();

const Anchor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('node'), nodeId: z.string().min(1).max(64) }).strict(),
  z.object({ kind: z.literal('point'), x: z.number().finite(), y: z.number().finite() }).strict(),
  z
    .object({
      kind: z.literal('finding'),
      ruleId: z.string().min(1).max(64),
      nodeId: z.string().min(1).max(64),
    })
    .strict(),
]);
const CommentBody = z
  .object({
    body: z.string().trim().min(1, 'must not be empty').max(4000),
    authorName: z.string().trim().min(1).max(60).optional(),
    anchor: Anchor.optional(),
  })
  .strict();
const ReplyBody = CommentBody.omit({ anchor: true });
const ResolveBody = z.object({ resolved: z.boolean() }).strict();

function zodIssues(e: z.ZodError) {
  return e.issues.map((i) => ({
    path: '$' + i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join(''),
    message: i.message,
  }));
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success)
    throw new ReviewError(400, 'invalid_body', 'The request body is not valid.', zodIssues(r.error));
  return r.data;
}

const ROLE_NAMES: Record<Role, string> = {
  view: 'view-only',
  comment: 'comment',
  edit: 'edit',
  owner: 'owner',
};

export interface ReviewRouterOptions {
  /** Does the board exist? */
  exists(boardId: string): Promise<boolean>;
  /** Records a security event (accounts, issue 11). */
  audit?(req: Request, event: string, boardId: string, detail: Record<string, unknown>): Promise<void>;
  /** The signed-in account making a request (its email), if any (accounts, issue 11). */
  signedIn?(req: Request): Promise<string | null>;
}

/** How the share dialog names a link's creator when no account made it. */
export const OWNER_TOKEN_CREATOR = 'Board owner';

export function reviewRouter(review: ReviewService, o: ReviewRouterOptions) {
  const r = express.Router();

  // CORS: the app's own origin (same host) and configured origins only.
  r.use((req, res, next) => {
    const origin = req.headers.origin;
    if (!origin) return next();
    const own = `${req.protocol}://${req.headers.host}`;
    const allowed = origin === own || review.allowedOrigins.includes(origin);
    if (allowed) {
      res.vary('Origin');
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Access-Control-Allow-Headers', 'authorization, content-type, x-csrf-token');
      res.set('Access-Control-Allow-Methods', 'GET, POST, PATCH, DELETE');
      res.set('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.status(allowed ? 204 : 403).end();
      return;
    }
    next();
  });

  /** Resolves the caller's role on :id; throws 401/403/404/429 as JSON errors. */
  async function principal(req: Request, needed: Role): Promise<Principal & { boardId: string }> {
    const p = await principalIfExists(req, needed);
    if (!p) {
      throw new ReviewError(
        404,
        'not_found',
        `There is no board with id "${String(req.params.id).slice(0, 80)}".`,
      );
    }
    return p;
  }

  /** As `principal`, but null when the board does not exist. */
  async function principalIfExists(
    req: Request,
    needed: Role,
  ): Promise<(Principal & { boardId: string }) | null> {
    const boardId = String(req.params.id);
    if (!BOARD_ID.test(boardId)) return null;
    // Existence and the token are looked up at the same time (one round trip less).
    const [exists, a]: [boolean, AccessResult] = await Promise.all([
      o.exists(boardId),
      review.resolveRequest({
        boardId,
        token: tokenOf(req),
        client: clientOf(req),
        cookie: req.headers.cookie,
        origin: req.headers.origin,
        host: req.headers.host,
        rest: true,
      }),
    ]);
    if (!exists) return null;
    if (!a.ok) throw new ReviewError(a.status, a.code, a.message);
    if (!atLeast(a.role, needed)) {
      throw new ReviewError(
        403,
        'forbidden',
        needed === 'owner'
          ? 'Only the board owner can do this.'
          : `Your ${ROLE_NAMES[a.role]} link does not allow this; it needs ${ROLE_NAMES[needed]} access.`,
      );
    }
    return { ...a, boardId };
  }

  // Role checks for the board routes defined in http/app.ts (they run after this router and
  // answer 400/404 themselves for bad bodies and unknown boards).
  r.get(['/boards/:id', '/boards/:id/export'], async (req, _res, next) => {
    await principalIfExists(req, 'view');
    next();
  });
  r.patch('/boards/:id', async (req, _res, next) => {
    await principalIfExists(req, 'edit');
    next();
  });
  r.delete('/boards/:id', async (req, _res, next) => {
    const p = await principalIfExists(req, 'edit');
    if (!p) return next();
    if (!p.open && p.role !== 'owner')
      throw new ReviewError(403, 'forbidden', 'Only the board owner can delete it.');
    review.forget(p.boardId);
    next();
  });

  r.get('/boards/:id/access', async (req, res) => {
    const p = await principal(req, 'view');
    res.json({ role: p.role, open: p.open, expiresAt: p.expiresAt?.toISOString() ?? null });
  });

  r.post('/boards/:id/claim', async (req, res) => {
    const boardId = String(req.params.id);
    if (!BOARD_ID.test(boardId) || !(await o.exists(boardId)))
      throw new ReviewError(404, 'not_found', `There is no board with id "${boardId.slice(0, 80)}".`);
    res.status(201).json(await review.claim(boardId));
  });

  // ---- links (owner only) ----
  r.post('/boards/:id/links', async (req, res) => {
    const p = await principal(req, 'owner');
    if (p.open) {
      throw new ReviewError(
        409,
        'no_owner',
        'This board has no owner yet (it predates share links), so anyone with its address can edit it. Claim it first (POST /api/boards/:id/claim).',
      );
    }
    const body = parse(LinkBody, req.body);
    let expiresAt: Date | null = null;
    if (body.expiresAt) expiresAt = new Date(body.expiresAt);
    else if (body.expiresInHours) expiresAt = new Date(Date.now() + body.expiresInHours * 3600_000);
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new ReviewError(400, 'invalid_body', 'The expiry is in the past; pick a later time.', [
        { path: body.expiresAt ? '$.expiresAt' : '$.expiresInHours', message: 'must be in the future' },
      ]);
    }
    const link = await review.createLink(p.boardId, {
      role: body.role as 'view',
      expiresAt,
      label: body.label ?? null,
      createdBy: (await o.signedIn?.(req)) ?? OWNER_TOKEN_CREATOR,
    });
    await o.audit?.(req, 'link.created', p.boardId, { linkId: link.id, role: link.role });
    // The token travels in the fragment: never sent to a server, so never in an access log.
    const url = `${req.protocol}://${req.headers.host}/b/${encodeURIComponent(p.boardId)}#token=${link.token}`;
    res.status(201).json({ ...link, url });
  });
  r.get('/boards/:id/links', async (req, res) => {
    const p = await principal(req, 'owner');
    res.json({ links: await review.listLinks(p.boardId) });
  });
  r.delete('/boards/:id/links/:linkId', async (req, res) => {
    const p = await principal(req, 'owner');
    await review.revokeLink(p.boardId, String(req.params.linkId));
    await o.audit?.(req, 'link.revoked', p.boardId, { linkId: String(req.params.linkId) });
    res.status(204).end();
  });

  // ---- comments ----
  r.get('/boards/:id/comments', async (req, res) => {
    const p = await principal(req, 'view');
    const comments = await review.listComments(p.boardId);
    res.json({ comments, counts: commentCounts(comments) });
  });
  r.post('/boards/:id/comments', async (req, res) => {
    const p = await principal(req, 'comment');
    const body = parse(CommentBody, req.body);
    const c = await review.addComment(
      p.boardId,
      { ...p, name: body.authorName ?? 'Anonymous', client: clientOf(req) },
      { body: body.body, anchor: body.anchor },
    );
    res.status(201).json(c);
  });
  r.post('/boards/:id/comments/:commentId/replies', async (req, res) => {
    const p = await principal(req, 'comment');
    const body = parse(ReplyBody, req.body);
    const c = await review.addComment(
      p.boardId,
      { ...p, name: body.authorName ?? 'Anonymous', client: clientOf(req) },
      { body: body.body, threadId: String(req.params.commentId) },
    );
    res.status(201).json(c);
  });
  r.patch('/boards/:id/comments/:commentId', async (req, res) => {
    const p = await principal(req, 'comment');
    const body = parse(ResolveBody, req.body);
    res.json(await review.setResolved(p.boardId, String(req.params.commentId), body.resolved, p.role));
  });

  // ---- live events (server-sent events) ----
  r.get('/boards/:id/events', async (req, res) => {
    const p = await principal(req, 'view');
    res.status(200).set({
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const write = (event: ReviewEvent) =>
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    res.write(`event: ready\ndata: ${JSON.stringify({ role: p.role })}\n\n`);
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    ping.unref?.();
    const remove = review.addStream({
      boardId: p.boardId,
      key: p.key,
      ...(p.sessionId ? { sessionId: p.sessionId } : {}),
      send: write,
      close: () => res.end(),
    });
    res.on('close', () => {
      clearInterval(ping);
      remove();
    });
  });

  // JSON errors for this router (same shape as the rest of the API).
  r.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!(err instanceof ReviewError)) return next(err);
    if (err.retryAfter) res.set('Retry-After', String(err.retryAfter));
    if (err.status === 429 && !err.retryAfter) res.set('Retry-After', '60');
    res.status(err.status).json({
      error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) },
    });
  });
  return r;
}
