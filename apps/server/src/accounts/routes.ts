// REST routes for first run, accounts, sessions, workspaces, invites and the audit log (issue
// 11), and the CSRF check for every cookie-authenticated mutation under /api.
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { ReviewError } from '../review/service.ts';
import { clientOf } from '../http/client-address.ts';
import { BOARD_ID } from '../sync/service.ts';
import { oidcRouter } from './oidc.ts';
import {
  type AccountService,
  CSRF_COOKIE,
  normalEmail,
  parseCookies,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  type SessionInfo,
  sameString,
  WORKSPACE_ROLES,
} from './service.ts';

const Email = z.string().trim().max(254).email('must be an email address');
const Password = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');
const Credentials = z.object({ email: Email, password: Password }).strict();
const SigninBody = z.object({ email: z.string().max(254), password: z.string().max(200) }).strict();
const SetupBody = z
  .object({ email: Email, password: Password, workspaceName: z.string().trim().min(1).max(80).optional() })
  .strict();
const WsRole = z.enum(WORKSPACE_ROLES as [string, ...string[]], {
  message: 'must be "admin", "editor" or "viewer"',
});
const NameBody = z.object({ name: z.string().trim().min(1).max(80) }).strict();
const RoleBody = z.object({ role: WsRole.nullable() }).strict();
const InviteBody = z
  .object({
    role: WsRole,
    email: Email.optional(),
    expiresInHours: z
      .number()
      .positive()
      .max(24 * 90)
      .optional(),
  })
  .strict();
const AcceptBody = z.object({ token: z.string().max(200) }).strict();
const ClaimBody = z.object({ workspaceId: z.string().min(1).max(64) }).strict();

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    throw new ReviewError(
      400,
      'invalid_body',
      'The request body is not valid.',
      r.error.issues.map((i) => ({
        path: '$' + i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join(''),
        message: i.message,
      })),
    );
  }
  return r.data;
}

const sessions = new WeakMap<Request, Promise<SessionInfo | null>>();
/** The request's live session (cookie), looked up once per request. */
export function sessionOf(accounts: AccountService, req: Request): Promise<SessionInfo | null> {
  let p = sessions.get(req);
  if (!p) {
    p = accounts.session(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
    sessions.set(req, p);
  }
  return p;
}

async function requireSession(accounts: AccountService, req: Request): Promise<SessionInfo> {
  const s = await sessionOf(accounts, req);
  if (!s) throw new ReviewError(401, 'signin_required', 'Sign in first.');
  return s;
}

export function isOwnOrigin(origin: string, host: string | undefined, allowed: string[]) {
  return origin === `http://${host}` || origin === `https://${host}` || allowed.includes(origin);
}

function setSessionCookies(req: Request, res: Response, token: string, csrf: string) {
  const base = { path: '/', sameSite: 'lax' as const, secure: req.secure, maxAge: SESSION_TTL_MS };
  res.cookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
  res.cookie(CSRF_COOKIE, csrf, { ...base, httpOnly: false });
}
function clearSessionCookies(res: Response) {
  res.clearCookie(SESSION_COOKIE, { path: '/' });
  res.clearCookie(CSRF_COOKIE, { path: '/' });
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Where no session exists yet: checked by Origin instead of a token (login CSRF). */
const PRE_SESSION = new Set(['/setup', '/auth/signin', '/auth/signup']);

export function accountsRouter(accounts: AccountService, allowedOrigins: string[]) {
  const r = express.Router();

  // CSRF: a mutation carrying a live session cookie must echo the session's CSRF token (also in
  // the non-HttpOnly `stratus_csrf` cookie) in X-CSRF-Token. Token-only callers (owner tokens,
  // share links in Authorization) send no cookie and are not affected.
  r.use(async (req, _res, next) => {
    if (!MUTATING.has(req.method)) return next();
    if (PRE_SESSION.has(req.path)) {
      const origin = req.headers.origin;
      if (origin && !isOwnOrigin(origin, req.headers.host, allowedOrigins))
        throw new ReviewError(403, 'csrf', `Requests from ${origin.slice(0, 100)} are not accepted here.`);
      return next();
    }
    const s = await sessionOf(accounts, req);
    if (!s) return next();
    const header = req.headers['x-csrf-token'];
    if (typeof header !== 'string' || !sameString(header, s.csrfToken)) {
      throw new ReviewError(
        403,
        'csrf',
        'Missing or wrong X-CSRF-Token header: send the value of the stratus_csrf cookie with every change made while signed in.',
      );
    }
    next();
  });

  // ---- single sign-on (OpenID Connect; off unless configured) ----
  r.use(oidcRouter(accounts, accounts.oidc, accounts.log, setSessionCookies));

  // ---- first run ----
  r.get('/setup', async (_req, res) => {
    res.json({ needed: !(await accounts.hasAccounts()) });
  });
  r.post('/setup', async (req, res) => {
    const body = parse(SetupBody, req.body);
    const { accountId, workspaceId } = await accounts.setup(
      body.email,
      body.password,
      body.workspaceName ?? 'My workspace',
      clientOf(req),
    );
    const s = await accounts.createSession(accountId, req.headers['user-agent']);
    setSessionCookies(req, res, s.token, s.csrfToken);
    res.status(201).json({
      account: { id: accountId, email: normalEmail(body.email) },
      workspace: { id: workspaceId, name: body.workspaceName ?? 'My workspace', role: 'admin' },
      csrfToken: s.csrfToken,
    });
  });

  // ---- accounts ----
  r.post('/auth/signup', async (req, res) => {
    const body = parse(Credentials, req.body);
    await accounts.signup(body.email, body.password, clientOf(req));
    // The same answer whether or not the address already had an account (README: enumeration).
    res.status(202).json({
      status: 'accepted',
      message: 'If this address can be used, its account is ready: sign in with it.',
    });
  });
  r.post('/auth/signin', async (req, res) => {
    const body = parse(SigninBody, req.body);
    const ok = await accounts.signin(body.email, body.password, clientOf(req));
    if (!ok) throw new ReviewError(401, 'invalid_credentials', 'Wrong email or password.');
    const s = await accounts.createSession(ok.accountId, req.headers['user-agent']);
    setSessionCookies(req, res, s.token, s.csrfToken);
    res.json({
      account: { id: ok.accountId, email: normalEmail(body.email) },
      workspaces: await accounts.memberships(ok.accountId),
      csrfToken: s.csrfToken,
    });
  });
  r.post('/auth/signout', async (req, res) => {
    const s = await sessionOf(accounts, req);
    if (s) await accounts.revokeSession(s.accountId, s.sessionId);
    clearSessionCookies(res);
    res.status(204).end();
  });
  r.get('/auth/me', async (req, res) => {
    const s = await requireSession(accounts, req);
    res.json({
      account: { id: s.accountId, email: s.email },
      workspaces: await accounts.memberships(s.accountId),
      csrfToken: s.csrfToken,
    });
  });
  r.get('/auth/sessions', async (req, res) => {
    const s = await requireSession(accounts, req);
    res.json({ sessions: await accounts.listSessions(s.accountId, s.sessionId) });
  });
  r.delete('/auth/sessions/:sessionId', async (req, res) => {
    const s = await requireSession(accounts, req);
    const id = String(req.params.sessionId);
    if (!(await accounts.revokeSession(s.accountId, id)))
      throw new ReviewError(404, 'not_found', 'You have no live session with that id.');
    if (id === s.sessionId) clearSessionCookies(res);
    res.status(204).end();
  });

  // ---- workspaces ----
  r.get('/workspaces', async (req, res) => {
    const s = await requireSession(accounts, req);
    res.json({ workspaces: await accounts.memberships(s.accountId) });
  });
  r.post('/workspaces', async (req, res) => {
    const s = await requireSession(accounts, req);
    const body = parse(NameBody, req.body);
    res.status(201).json(await accounts.createWorkspace(s.accountId, body.name));
  });
  r.get('/workspaces/:wsId/members', async (req, res) => {
    const s = await requireSession(accounts, req);
    const ws = String(req.params.wsId);
    await accounts.requireRole(ws, s.accountId, 'viewer');
    res.json({ members: await accounts.listMembers(ws) });
  });
  r.patch('/workspaces/:wsId/members/:accountId', async (req, res) => {
    const s = await requireSession(accounts, req);
    const ws = String(req.params.wsId);
    await accounts.requireRole(ws, s.accountId, 'admin');
    const body = parse(RoleBody, req.body);
    await accounts.setMemberRole(
      ws,
      s.accountId,
      String(req.params.accountId),
      body.role as 'admin' | null,
      clientOf(req),
    );
    res.json({ members: await accounts.listMembers(ws) });
  });
  r.post('/workspaces/:wsId/invites', async (req, res) => {
    const s = await requireSession(accounts, req);
    const ws = String(req.params.wsId);
    await accounts.requireRole(ws, s.accountId, 'admin');
    const body = parse(InviteBody, req.body);
    const inv = await accounts.createInvite(
      ws,
      s.accountId,
      {
        role: body.role as 'viewer',
        email: body.email,
        expiresAt: new Date(Date.now() + (body.expiresInHours ?? 24 * 7) * 3600_000),
      },
      clientOf(req),
    );
    const url = inv.token ? `${req.protocol}://${req.headers.host}/invite#token=${inv.token}` : undefined;
    res.status(201).json({ ...inv, ...(url ? { url } : {}) });
  });
  r.post('/invites/accept', async (req, res) => {
    const s = await requireSession(accounts, req);
    const body = parse(AcceptBody, req.body);
    res.json(await accounts.acceptInviteToken(s.accountId, body.token));
  });
  r.get('/workspaces/:wsId/audit', async (req, res) => {
    const s = await requireSession(accounts, req);
    const ws = String(req.params.wsId);
    await accounts.requireRole(ws, s.accountId, 'admin');
    res.json({ events: await accounts.auditFor(ws) });
  });

  // The issue-7 claim of an unowned board (routes in review/routes.ts) does not apply to a
  // workspace board: it has no owner token by design, and one would not count anyway.
  r.post('/boards/:id/claim', async (req, _res, next) => {
    const boardId = String(req.params.id);
    if (BOARD_ID.test(boardId) && (await accounts.boardWorkspace(boardId)))
      throw new ReviewError(409, 'in_workspace', 'This board belongs to a workspace; its admins manage it.');
    next();
  });

  // ---- claiming an owner-token board into a workspace ----
  r.post('/boards/:id/workspace', async (req, res) => {
    const boardId = String(req.params.id);
    const s = await requireSession(accounts, req);
    const body = parse(ClaimBody, req.body);
    await accounts.requireRole(body.workspaceId, s.accountId, 'editor');
    if (!BOARD_ID.test(boardId)) throw new ReviewError(404, 'not_found', 'There is no such board.');
    const current = await accounts.prisma.board.findUnique({
      where: { id: boardId },
      select: { workspaceId: true },
    });
    if (!current) throw new ReviewError(404, 'not_found', `There is no board with id "${boardId}".`);
    if (current.workspaceId)
      throw new ReviewError(409, 'already_claimed', 'This board already belongs to a workspace.');
    // Only the owner token proves ownership (an unowned "open" board must be claimed first).
    const a = await accounts.review.resolve(boardId, tokenFrom(req), clientOf(req));
    if (!a.ok) throw new ReviewError(a.status, a.code, a.message);
    if (a.role !== 'owner' || a.open)
      throw new ReviewError(
        403,
        'forbidden',
        'Only the holder of the board’s owner token can move it into a workspace.',
      );
    await accounts.claimBoard(boardId, body.workspaceId, s.accountId, clientOf(req));
    res.json({ boardId, workspaceId: body.workspaceId });
  });

  r.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!(err instanceof ReviewError)) return next(err);
    if (err.retryAfter) res.set('Retry-After', String(err.retryAfter));
    res.status(err.status).json({
      error: { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) },
    });
  });
  return r;
}

function tokenFrom(req: Request): string | undefined {
  const h = req.headers.authorization;
  if (h && /^Bearer\s+/i.test(h)) return h.replace(/^Bearer\s+/i, '').trim() || undefined;
  return undefined;
}
