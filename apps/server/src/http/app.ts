// The REST API, /health and the static web app, on Express 5.
import type { ApiIssue } from '@stratus/api';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import * as Y from 'yjs';
import { z } from 'zod';
import {
  type Board,
  boardToDoc,
  docToBoard,
  LIMITS,
  parseBoard,
  renameBoard,
  serializeBoard,
} from '@stratus/model';
import type { BoardStore } from '../db/store.ts';
import type { Logger } from '../log.ts';
import { SERVER_ORIGIN } from '../sync/room.ts';
import { BOARD_ID, type SyncService } from '../sync/service.ts';
import { reviewRouter } from '../review/routes.ts';
import type { ReviewService } from '../review/service.ts';
import { accountsRouter, sessionOf } from '../accounts/routes.ts';
import { clientOf, type TrustedProxies } from './client-address.ts';
import type { AccountService } from '../accounts/service.ts';

export interface AppOptions {
  store: BoardStore;
  sync: SyncService;
  log: Logger;
  webDist: string;
  dbKind: string;
  redis: () => { ok: boolean; error?: string } | undefined;
  /** /health is degraded while the oldest not-yet-durable update is older than this (ms). */
  pendingDegradedMs?: number;
  maxBodyBytes: number;
  /** Owner tokens, share links, comments and role checks (issue 7); absent = open boards. */
  review?: ReviewService;
  /** Test-only: `x-stratus-fault: http` throws in a handler, `http-async` rejects in one. */
  injectFaults?: boolean;
  /** Accounts, sessions and workspaces (issue 11); absent = tokens only. */
  accounts?: AccountService;
  /** Reverse proxies whose X-Forwarded-* headers are believed (see client-address.ts). */
  trustProxy?: TrustedProxies | undefined;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: ApiIssue[],
  ) {
    super(message);
  }
}

const CreateBody = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(LIMITS.nameLength).optional(),
    board: z.unknown().optional(),
    /** Signed-in callers: the workspace to create the board in (default: the first they can edit in). */
    workspaceId: z.string().min(1).max(64).optional(),
  })
  .strict();
const PatchBody = z
  .object({ name: z.string().trim().min(1, 'must not be empty').max(LIMITS.nameLength) })
  .strict();

function zodIssues(e: z.ZodError) {
  return e.issues.map((i) => ({
    path: '$' + i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join(''),
    message: i.message,
  }));
}

/** Board ids: 16 url-safe random characters. */
export const newBoardId = () => randomBytes(12).toString('base64url');

export function createApp(o: AppOptions) {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // The client address (clientOf) and, through X-Forwarded-Proto, req.secure for cookies.
  app.locals.trustProxy = o.trustProxy;
  app.set('trust proxy', (addr: string) => o.trustProxy?.(addr) ?? false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'connect-src': ["'self'", 'ws:', 'wss:'], 'img-src': ["'self'", 'data:', 'blob:'] },
      },
    }),
  );
  app.use(express.json({ limit: o.maxBodyBytes }));
  if (o.injectFaults) {
    app.use(async (req, _res, next) => {
      const f = req.get('x-stratus-fault');
      if (f === 'http') throw new Error('injected fault: http');
      if (f === 'http-async') await Promise.reject(new Error('injected fault: http-async'));
      next();
    });
  }

  app.get('/health', async (_req, res) => {
    let dbOk = o.sync.health.ok;
    let error = o.sync.health.lastError;
    try {
      await Promise.race([
        o.store.ping(),
        new Promise((_r, rej) =>
          setTimeout(() => rej(new Error('database did not answer within 2 s')), 2000),
        ),
      ]);
    } catch (e) {
      dbOk = false;
      error = e instanceof Error ? e.message.split('\n').slice(-1)[0] : String(e);
    }
    const pending = o.sync.pendingUpdates();
    const oldest = o.sync.oldestPendingAt();
    const oldestMs = oldest === undefined ? 0 : Math.round(performance.now() - oldest);
    // A write that hangs without failing (the network path drops packets) is trouble too.
    const stalled = oldestMs > (o.pendingDegradedMs ?? 5000);
    const redis = o.redis();
    const dbHealthy = dbOk && o.sync.health.ok && !stalled;
    const ok = dbHealthy && (redis?.ok ?? true);
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ok' : 'degraded',
      database: {
        kind: o.dbKind,
        ok: dbHealthy,
        ...(dbHealthy
          ? {}
          : {
              error: dbOk && o.sync.health.ok ? `writes have not completed for ${oldestMs} ms` : error,
              since: new Date(o.sync.health.since).toISOString(),
            }),
        pendingUpdates: pending,
        oldestPendingMs: oldestMs,
        message: dbOk
          ? pending > 0 && (!o.sync.health.ok || stalled)
            ? `Writes are failing or stalled and being retried (${pending} updates held in memory, oldest ${(oldestMs / 1000).toFixed(1)} s).`
            : 'Connected.'
          : `The database is unreachable: ${error}. Edits are kept in memory and written when it returns.`,
      },
      ...(redis ? { redis } : {}),
      rooms: o.sync.rooms.size,
      connections: o.sync.connections,
      updatesStored: o.sync.stats.updatesStored,
    });
  });

  const api = express.Router();
  const accounts = o.accounts;
  if (accounts) api.use(accountsRouter(accounts, o.review?.allowedOrigins ?? []));
  if (o.review)
    api.use(
      reviewRouter(o.review, {
        exists: async (id) => (await o.store.get(id)) !== null,
        ...(accounts
          ? {
              audit: async (req, event, boardId, detail) => {
                const s = await sessionOf(accounts, req);
                await accounts.audit({
                  event,
                  boardId,
                  detail,
                  workspaceId: await accounts.boardWorkspace(boardId),
                  accountId: s?.accountId ?? null,
                  client: clientOf(req),
                });
              },
              signedIn: async (req) => (await sessionOf(accounts, req))?.email ?? null,
            }
          : {}),
      }),
    );
  api.get('/boards', async (req, res) => {
    // Before the first account exists the list is open, as before accounts (README). After,
    // only the boards of the caller's workspaces; anonymous callers see none (owner-token and
    // link holders open their boards by id).
    if (!accounts || !(await accounts.hasAccounts())) {
      res.json({ boards: await o.store.list() });
      return;
    }
    const s = await sessionOf(accounts, req);
    if (!s) {
      res.json({ boards: [] });
      return;
    }
    const ws = (await accounts.memberships(s.accountId)).map((m) => m.id);
    const mine = new Set(
      (
        await accounts.prisma.board.findMany({
          where: { workspaceId: { in: ws } },
          select: { id: true },
        })
      ).map((b) => b.id),
    );
    res.json({ boards: (await o.store.list()).filter((b) => mine.has(b.id)) });
  });
  api.post('/boards', async (req, res) => {
    const body = CreateBody.safeParse(req.body ?? {});
    if (!body.success)
      throw new HttpError(400, 'invalid_body', 'The request body is not valid.', zodIssues(body.error));
    let board: Board | undefined;
    if (body.data.board !== undefined) {
      const parsed = parseBoard(body.data.board);
      if (!parsed.ok) {
        throw new HttpError(
          422,
          'invalid_board',
          `The board file is not valid (${parsed.issues.length} problem${parsed.issues.length === 1 ? '' : 's'}); see issues for where.`,
          parsed.issues.map((i) => ({ ...i, path: i.path.replace(/^\$/, '$.board') })),
        );
      }
      board = parsed.board;
    }
    // A signed-in caller creates the board in a workspace (no owner token); others get an
    // owner-token board as before accounts.
    let workspaceId: string | null = null;
    if (accounts) {
      const s = await sessionOf(accounts, req);
      if (s) {
        const ms = await accounts.memberships(s.accountId);
        if (body.data.workspaceId) {
          const m = ms.find((x) => x.id === body.data.workspaceId);
          if (!m)
            throw new HttpError(404, 'not_found', 'There is no such workspace (or you are not a member).');
          if (m.role === 'viewer')
            throw new HttpError(403, 'forbidden', 'Viewers cannot create boards in this workspace.');
          workspaceId = m.id;
        } else workspaceId = ms.find((x) => x.role !== 'viewer')?.id ?? null;
      }
    } else if (body.data.workspaceId) {
      throw new HttpError(400, 'invalid_body', 'This server has no workspaces.');
    }
    const name = body.data.name ?? board?.name ?? 'Untitled board';
    board = {
      ...(board ?? { format: 'stratus.board' as const, version: 1 as const, nodes: [], edges: [] }),
      name,
    };
    const doc = boardToDoc(board);
    const id = newBoardId();
    const meta = await o.store.create(id, name, Y.encodeStateAsUpdate(doc));
    doc.destroy();
    if (workspaceId && accounts) await accounts.prisma.board.update({ where: { id }, data: { workspaceId } });
    // The creator owns the board: the owner token is returned once, only its hash is stored.
    const owner = o.review && !workspaceId ? await o.review.createOwner(id) : {};
    o.log.info('board.created', { boardId: id, nodes: board.nodes.length });
    res.status(201).json({ ...meta, ...owner, ...(workspaceId ? { workspaceId } : {}) });
  });
  const boardId = (req: Request) => {
    const id = String(req.params.id);
    if (!BOARD_ID.test(id))
      throw new HttpError(404, 'not_found', `There is no board with id "${id.slice(0, 80)}".`);
    return id;
  };
  api.get('/boards/:id', async (req, res) => {
    const id = boardId(req);
    const meta = await o.store.get(id);
    if (!meta) throw new HttpError(404, 'not_found', `There is no board with id "${id}".`);
    res.json(meta);
  });
  api.patch('/boards/:id', async (req, res) => {
    const id = boardId(req);
    const body = PatchBody.safeParse(req.body ?? {});
    if (!body.success)
      throw new HttpError(400, 'invalid_body', 'The request body is not valid.', zodIssues(body.error));
    const meta = await o.store.rename(id, body.data.name);
    if (!meta) throw new HttpError(404, 'not_found', `There is no board with id "${id}".`);
    // Keep the name in the document (what clients show) in step with the row.
    await o.sync.withRoom(id, (room) => renameBoard(room.doc, body.data.name, SERVER_ORIGIN));
    res.json(meta);
  });
  api.delete('/boards/:id', async (req, res) => {
    const id = boardId(req);
    const workspaceId = accounts ? await accounts.boardWorkspace(id) : null;
    await o.sync.discard(id);
    const gone = await o.store.delete(id);
    accounts?.forgetBoard(id);
    if (!gone) throw new HttpError(404, 'not_found', `There is no board with id "${id}".`);
    o.log.info('board.deleted', { boardId: id });
    if (accounts) {
      const s = await sessionOf(accounts, req);
      await accounts.audit({
        event: 'board.deleted',
        boardId: id,
        workspaceId,
        accountId: s?.accountId ?? null,
        client: clientOf(req),
      });
    }
    res.status(204).end();
  });
  api.get('/boards/:id/export', async (req, res) => {
    const id = boardId(req);
    const meta = await o.store.get(id);
    if (!meta) throw new HttpError(404, 'not_found', `There is no board with id "${id}".`);
    const board = await o.sync.withRoom(id, (room) => docToBoard(room.doc));
    const safe = meta.name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'board';
    res
      .type('application/json')
      .set('Content-Disposition', `attachment; filename="${safe}.board.json"`)
      .send(serializeBoard(board));
  });
  api.use((_req, _res) => {
    throw new HttpError(404, 'not_found', 'No such API endpoint.');
  });
  app.use('/api', api);

  // The web app, with SPA fallback.
  const index = join(o.webDist, 'index.html');
  if (existsSync(index)) {
    app.use(express.static(o.webDist, { index: false }));
    app.get(['/', '/b/:boardId', '/signin', '/invite'], (_req, res) => res.sendFile(index));
  } else {
    app.get(['/', '/b/:boardId', '/signin', '/invite'], (_req, res) => {
      res
        .type('text/plain')
        .send(
          `Stratus server is running, but the web app is not built (looked in ${o.webDist}).\nRun \`pnpm --filter @stratus/web build\` (or \`pnpm start\` at the repository root), then reload.\n`,
        );
    });
  }

  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof HttpError) {
      res.status(err.status).json({
        error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) },
      });
      return;
    }
    const e = err as { type?: string; status?: number; message?: string };
    if (e?.type === 'entity.parse.failed') {
      res
        .status(400)
        .json({ error: { code: 'invalid_json', message: 'The request body is not valid JSON.' } });
      return;
    }
    if (e?.type === 'entity.too.large') {
      res.status(413).json({
        error: { code: 'too_large', message: `The request body is larger than ${o.maxBodyBytes} bytes.` },
      });
      return;
    }
    if (e?.status && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: { code: 'bad_request', message: e.message ?? 'Bad request.' } });
      return;
    }
    o.log.error('http.error', { error: err });
    res.status(503).json({
      error: {
        code: 'unavailable',
        message: 'The server could not complete the request (storage unavailable?). Try again shortly.',
      },
    });
  });
  return app;
}
