// Accounts, sessions, workspaces, invites and the audit log (issue 11). Decisions and the exact
// access rules are in ./README.md. Secrets (passwords, session and invite tokens) never reach a
// log line or the audit log.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { OidcConfig } from '../config.ts';
import type { PrismaClient } from '../db/database.ts';
import type { Logger } from '../log.ts';
import type { BusMessage } from '../review/bus.ts';
import { type RateLimit, RateLimiter } from '../review/rate-limit.ts';
import { type AccessResult, atLeast, ReviewError, type ReviewService } from '../review/service.ts';
import type { Role } from '../sync/access.ts';
import { CLOSE } from '../sync/protocol.ts';
import type { SyncService } from '../sync/service.ts';
import { OidcClient } from './oidc.ts';

export type WorkspaceRole = 'admin' | 'editor' | 'viewer';
export const WORKSPACE_ROLES: readonly WorkspaceRole[] = ['admin', 'editor', 'viewer'];
/** What a workspace role may do on the workspace's boards, in the board-role vocabulary of issue 7. */
export const BOARD_ROLE_OF: Record<WorkspaceRole, Role> = { admin: 'owner', editor: 'edit', viewer: 'view' };

export const SESSION_COOKIE = 'stratus_session';
export const CSRF_COOKIE = 'stratus_csrf';
export const SESSION_TTL_MS = 30 * 24 * 3600_000;

// argon2id, OWASP's second recommended setting (19 MiB, 2 passes, 1 lane).
const ARGON = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const rid = (prefix: string) => `${prefix}_${randomBytes(9).toString('base64url')}`;
const secret = (prefix: string) => `${prefix}_${randomBytes(32).toString('base64url')}`;

export const normalEmail = (e: string) => e.trim().toLowerCase();

export interface AccountLimits {
  /** Sign-in attempts per email address (known or not). */
  signinPerEmail: RateLimit;
  /** Sign-in and sign-up attempts per client address. */
  signinPerClient: RateLimit;
}
export const DEFAULT_ACCOUNT_LIMITS: AccountLimits = {
  signinPerEmail: { max: 5, windowMs: 15 * 60_000 },
  signinPerClient: { max: 30, windowMs: 60_000 },
};

export interface SessionInfo {
  sessionId: string;
  accountId: string;
  email: string;
  csrfToken: string;
}

export interface AuditInput {
  event: string;
  workspaceId?: string | null;
  accountId?: string | null;
  boardId?: string | null;
  detail?: Record<string, unknown> | null;
  client?: string | null;
}

export class AccountService {
  readonly prisma: PrismaClient;
  readonly log: Logger;
  sync: SyncService | undefined;
  /** Other server instances (Redis), set by server.ts when REDIS_URL is configured. */
  bus: { publish(msg: BusMessage): void } | undefined;
  readonly review: ReviewService;
  /** Single sign-on, when configured (OIDC_* environment). */
  readonly oidc: OidcClient | undefined;
  readonly limits: AccountLimits;
  private readonly perEmail: RateLimiter;
  private readonly perClient: RateLimiter;
  /** A real argon2id hash of a random password: unknown emails are verified against it (same timing). */
  private dummyHash: Promise<string>;
  /** Cached "an account exists" (never goes back to false: accounts are not deleted). */
  private anyAccount = false;

  constructor(o: {
    prisma: PrismaClient;
    log: Logger;
    review: ReviewService;
    limits?: Partial<AccountLimits>;
    oidc?: OidcConfig | undefined;
  }) {
    this.oidc = o.oidc ? new OidcClient(o.oidc) : undefined;
    this.prisma = o.prisma;
    this.log = o.log;
    this.review = o.review;
    this.limits = { ...DEFAULT_ACCOUNT_LIMITS, ...(o.limits ?? {}) };
    this.perEmail = new RateLimiter(this.limits.signinPerEmail);
    this.perClient = new RateLimiter(this.limits.signinPerClient);
    this.dummyHash = argonHash(randomBytes(16).toString('hex'), ARGON);
  }

  // ---- setup ----------------------------------------------------------------------------

  async hasAccounts(): Promise<boolean> {
    if (this.anyAccount) return true;
    this.anyAccount = (await this.prisma.account.count()) > 0;
    return this.anyAccount;
  }

  /** Creates the first account (admin of a first workspace). 409 when any account exists. */
  async setup(email: string, password: string, workspaceName: string, client: string) {
    const e = normalEmail(email);
    const passwordHash = await argonHash(password, ARGON);
    const accountId = rid('acc');
    const workspaceId = rid('ws');
    const created = await this.prisma.$transaction(async (tx) => {
      // Serialize two concurrent setups; the loser sees the winner's account.
      await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(424243)');
      if ((await tx.account.count()) > 0) return false;
      await tx.account.create({ data: { id: accountId, email: e, passwordHash } });
      await tx.workspace.create({ data: { id: workspaceId, name: workspaceName } });
      await tx.workspaceMember.create({ data: { workspaceId, accountId, role: 'admin' } });
      return true;
    });
    if (!created) {
      throw new ReviewError(409, 'already_set_up', 'This instance is already set up; sign in instead.');
    }
    this.anyAccount = true;
    await this.audit({ event: 'setup.completed', workspaceId, accountId, client });
    this.log.info('accounts.setup', { accountId, workspaceId });
    return { accountId, workspaceId };
  }

  // ---- sign up / sign in ----------------------------------------------------------------

  private throttle(email: string, client: string) {
    const keys: [RateLimiter, string][] = [
      [this.perClient, client],
      [this.perEmail, email],
    ];
    for (const [l, k] of keys) {
      if (l.blocked(k)) {
        const s = l.retryAfter(k);
        throw new ReviewError(
          429,
          'rate_limited',
          `Too many sign-in attempts; wait ${s} s and try again.`,
          undefined,
          s,
        );
      }
    }
    this.perClient.take(client);
  }

  /**
   * Always answers the same way (see README: no enumeration). Creates the account only when the
   * email is new; an existing account is left untouched. Never signs in.
   */
  async signup(email: string, password: string, client: string): Promise<void> {
    const e = normalEmail(email);
    this.throttle(e, client);
    const passwordHash = await argonHash(password, ARGON);
    const accountId = rid('acc');
    try {
      await this.prisma.account.create({ data: { id: accountId, email: e, passwordHash } });
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002') return; // exists: same answer, same work done
      throw err;
    }
    this.anyAccount = true;
    await this.acceptEmailInvites(accountId, e);
    this.log.info('accounts.signed_up', { accountId });
  }

  /** Verifies; null on any failure (unknown email or wrong password, same work and answer). */
  async signin(email: string, password: string, client: string): Promise<{ accountId: string } | null> {
    const e = normalEmail(email);
    this.throttle(e, client);
    const acc = await this.prisma.account.findUnique({ where: { email: e } });
    const ok = await argonVerify(acc?.passwordHash ?? (await this.dummyHash), password).catch(() => false);
    if (!acc || !ok) {
      this.perEmail.take(e);
      await this.audit({
        event: 'signin.failed',
        accountId: acc?.id ?? null,
        detail: acc ? { reason: 'wrong_password' } : { reason: 'unknown_email' },
        client,
      });
      return null;
    }
    await this.acceptEmailInvites(acc.id, e);
    return { accountId: acc.id };
  }

  /**
   * Single sign-on (OIDC): the provider vouches for `email` (email_verified). Links to the account
   * with that email, or creates one (no usable password: a random one, hashed). Not throttled:
   * the provider did the authentication.
   */
  async signinVerifiedEmail(email: string, sso: { issuer: string; subject: string }, client: string) {
    const e = normalEmail(email);
    let acc = await this.prisma.account.findUnique({ where: { email: e } });
    let created = false;
    if (!acc) {
      const passwordHash = await argonHash(randomBytes(32).toString('base64url'), ARGON);
      try {
        acc = await this.prisma.account.create({ data: { id: rid('acc'), email: e, passwordHash } });
        created = true;
        this.anyAccount = true;
      } catch (err) {
        if ((err as { code?: string }).code !== 'P2002') throw err;
        acc = await this.prisma.account.findUniqueOrThrow({ where: { email: e } }); // a concurrent first sign-in
      }
    }
    await this.acceptEmailInvites(acc.id, e);
    await this.audit({
      event: 'signin.sso',
      accountId: acc.id,
      detail: { issuer: sso.issuer, subject: sso.subject, created },
      client,
    });
    return { accountId: acc.id, email: e, created };
  }

  /**
   * Sets a new password and signs out every session of the account: their live sockets and event
   * streams here close, and other instances are told over the bus (when there is one). Returns
   * the revoked session ids, or null when there is no such account.
   */
  async setPassword(email: string, password: string): Promise<{ revoked: string[] } | null> {
    const e = normalEmail(email);
    const acc = await this.prisma.account.findUnique({ where: { email: e } });
    if (!acc) return null;
    await this.prisma.account.update({
      where: { id: acc.id },
      data: { passwordHash: await argonHash(password, ARGON) },
    });
    const live = await this.prisma.session.findMany({
      where: { accountId: acc.id, revokedAt: null },
      select: { id: true },
    });
    await this.prisma.session.updateMany({
      where: { accountId: acc.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const reason = 'The password of this account was reset; sign in again.';
    for (const { id } of live) {
      this.closeSessionSockets(id, reason);
      this.bus?.publish({ type: 'session-revoked', sessionId: id, reason });
    }
    await this.audit({ event: 'password.reset', accountId: acc.id });
    return { revoked: live.map((x) => x.id) };
  }

  // ---- sessions -------------------------------------------------------------------------

  async createSession(accountId: string, userAgent: string | undefined) {
    const token = secret('ss');
    const csrfToken = randomBytes(24).toString('base64url');
    const row = await this.prisma.session.create({
      data: {
        id: rid('ses'),
        accountId,
        tokenHash: sha256(token),
        csrfToken,
        userAgent: userAgent?.slice(0, 200) ?? null,
        expiresAt: new Date(Date.now() + SESSION_TTL_MS),
      },
    });
    this.log.info('accounts.signed_in', { accountId, sessionId: row.id });
    return { token, csrfToken, sessionId: row.id, expiresAt: row.expiresAt };
  }

  /** The live session a cookie value names, or null. Updates last-seen at most once a minute. */
  async session(token: string | undefined): Promise<SessionInfo | null> {
    if (!token || !/^ss_[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const s = await this.prisma.session.findUnique({ where: { tokenHash: sha256(token) } });
    if (!s || s.revokedAt || s.expiresAt.getTime() <= Date.now()) return null;
    const acc = await this.prisma.account.findUnique({ where: { id: s.accountId } });
    if (!acc) return null;
    if (Date.now() - s.lastSeenAt.getTime() > 60_000) {
      await this.prisma.session
        .update({ where: { id: s.id }, data: { lastSeenAt: new Date() } })
        .catch(() => {});
    }
    return { sessionId: s.id, accountId: s.accountId, email: acc.email, csrfToken: s.csrfToken };
  }

  async listSessions(accountId: string, current: string) {
    const rows = await this.prisma.session.findMany({
      where: { accountId, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
    });
    return rows.map((s) => ({
      id: s.id,
      userAgent: s.userAgent,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      current: s.id === current,
    }));
  }

  /** Revokes a session of `accountId` and closes its live sync sockets. False when not theirs. */
  async revokeSession(accountId: string, sessionId: string): Promise<boolean> {
    const r = await this.prisma.session.updateMany({
      where: { id: sessionId, accountId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (r.count === 0) return false;
    const reason = 'This session was signed out.';
    const closed = this.closeSessionSockets(sessionId, reason);
    this.bus?.publish({ type: 'session-revoked', sessionId, reason });
    this.log.info('accounts.session_revoked', { accountId, sessionId, closed });
    return true;
  }

  closeSessionSockets(sessionId: string, reason: string): number {
    let n = 0;
    for (const room of this.sync?.loadedRooms() ?? []) {
      for (const peer of [...room.peers]) {
        if (peer.ctx?.sessionId === sessionId) {
          peer.close(CLOSE.forbidden, reason);
          n++;
        }
      }
    }
    // Event streams (comments) opened with that session end too.
    n += this.review.closeStreams((st) => st.sessionId === sessionId, reason);
    return n;
  }

  /** Sockets whose role came from `accountId`'s membership (key `m_<accountId>`, see resolveBoard). */
  closeMemberSockets(accountId: string, reason: string): number {
    let n = 0;
    const prefix = `u_m_${accountId}~`;
    for (const room of this.sync?.loadedRooms() ?? []) {
      for (const peer of [...room.peers]) {
        if (peer.ctx?.userId?.startsWith(prefix)) {
          peer.close(CLOSE.tryAgainLater, reason);
          n++;
        }
      }
    }
    // Event streams whose role came from the membership end; a browser's EventSource reconnects
    // and is answered with the new role (or refused).
    n += this.review.closeStreams((st) => st.key === `m_${accountId}`);
    return n;
  }

  // ---- workspaces -----------------------------------------------------------------------

  async memberships(accountId: string) {
    const rows = await this.prisma.workspaceMember.findMany({ where: { accountId } });
    const ws = await this.prisma.workspace.findMany({
      where: { id: { in: rows.map((r) => r.workspaceId) } },
    });
    const names = new Map(ws.map((w) => [w.id, w.name]));
    return rows.map((r) => ({
      id: r.workspaceId,
      name: names.get(r.workspaceId) ?? '',
      role: r.role as WorkspaceRole,
    }));
  }

  async roleIn(workspaceId: string, accountId: string): Promise<WorkspaceRole | null> {
    const m = await this.prisma.workspaceMember.findUnique({
      where: { workspaceId_accountId: { workspaceId, accountId } },
    });
    return (m?.role as WorkspaceRole | undefined) ?? null;
  }

  /** Throws 404 for non-members (the workspace's existence is not revealed) and 403 below `needed`. */
  async requireRole(workspaceId: string, accountId: string, needed: WorkspaceRole) {
    const role = await this.roleIn(workspaceId, accountId);
    if (!role)
      throw new ReviewError(404, 'not_found', 'There is no such workspace (or you are not a member).');
    const rank = { viewer: 0, editor: 1, admin: 2 };
    if (rank[role] < rank[needed])
      throw new ReviewError(
        403,
        'forbidden',
        `This needs the ${needed} role in the workspace; you are ${role}.`,
      );
    return role;
  }

  async createWorkspace(accountId: string, name: string) {
    const id = rid('ws');
    await this.prisma.$transaction([
      this.prisma.workspace.create({ data: { id, name } }),
      this.prisma.workspaceMember.create({ data: { workspaceId: id, accountId, role: 'admin' } }),
    ]);
    return { id, name, role: 'admin' as const };
  }

  async listMembers(workspaceId: string) {
    const rows = await this.prisma.workspaceMember.findMany({ where: { workspaceId } });
    const accs = await this.prisma.account.findMany({ where: { id: { in: rows.map((r) => r.accountId) } } });
    const email = new Map(accs.map((a) => [a.id, a.email]));
    return rows.map((r) => ({ accountId: r.accountId, email: email.get(r.accountId) ?? '', role: r.role }));
  }

  async setMemberRole(
    workspaceId: string,
    by: string,
    accountId: string,
    role: WorkspaceRole | null,
    client: string,
  ) {
    const prev = await this.roleIn(workspaceId, accountId);
    if (!prev) throw new ReviewError(404, 'not_found', 'That account is not a member of this workspace.');
    if (prev === 'admin' && role !== 'admin') {
      const admins = await this.prisma.workspaceMember.count({ where: { workspaceId, role: 'admin' } });
      if (admins <= 1)
        throw new ReviewError(
          409,
          'last_admin',
          'A workspace needs at least one admin; make someone else admin first.',
        );
    }
    if (role) {
      await this.prisma.workspaceMember.update({
        where: { workspaceId_accountId: { workspaceId, accountId } },
        data: { role },
      });
    } else {
      await this.prisma.workspaceMember.delete({
        where: { workspaceId_accountId: { workspaceId, accountId } },
      });
    }
    // Live sockets opened under the old role are closed; clients reconnect with the new one.
    const reason = 'Your role in this workspace changed; reconnecting.';
    const closed = this.closeMemberSockets(accountId, reason);
    this.bus?.publish({ type: 'member-changed', accountId, reason });
    this.log.info('accounts.member_changed', { workspaceId, accountId, role, closed });
    await this.audit({
      event: role ? 'member.role_changed' : 'member.removed',
      workspaceId,
      accountId: by,
      detail: { member: accountId, from: prev, to: role },
      client,
    });
  }

  // ---- invites --------------------------------------------------------------------------

  async createInvite(
    workspaceId: string,
    by: string,
    input: { role: WorkspaceRole; email?: string | undefined; expiresAt: Date | null },
    client: string,
  ) {
    const token = input.email ? undefined : secret('si');
    const row = await this.prisma.workspaceInvite.create({
      data: {
        id: rid('inv'),
        workspaceId,
        role: input.role,
        tokenHash: token ? sha256(token) : null,
        email: input.email ? normalEmail(input.email) : null,
        createdBy: by,
        expiresAt: input.expiresAt,
      },
    });
    await this.audit({
      event: 'invite.created',
      workspaceId,
      accountId: by,
      detail: { inviteId: row.id, role: row.role, byEmail: Boolean(row.email) },
      client,
    });
    return {
      id: row.id,
      role: row.role,
      email: row.email,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      ...(token ? { token } : {}),
    };
  }

  private async join(workspaceId: string, accountId: string, role: string, inviteId: string) {
    const existing = await this.roleIn(workspaceId, accountId);
    // An invite never lowers a role the account already has.
    const rank: Record<string, number> = { viewer: 0, editor: 1, admin: 2 };
    if (!existing) await this.prisma.workspaceMember.create({ data: { workspaceId, accountId, role } });
    else if (rank[role]! > rank[existing]!)
      await this.prisma.workspaceMember.update({
        where: { workspaceId_accountId: { workspaceId, accountId } },
        data: { role },
      });
    await this.prisma.workspaceInvite.update({
      where: { id: inviteId },
      data: { acceptedAt: new Date(), acceptedBy: accountId },
    });
    await this.audit({ event: 'invite.accepted', workspaceId, accountId, detail: { inviteId, role } });
  }

  async acceptInviteToken(accountId: string, token: string) {
    const inv = /^si_[A-Za-z0-9_-]{43}$/.test(token)
      ? await this.prisma.workspaceInvite.findUnique({ where: { tokenHash: sha256(token) } })
      : null;
    if (!inv || inv.revokedAt || inv.acceptedAt)
      throw new ReviewError(404, 'invalid_invite', 'This invite is not valid (already used or revoked).');
    if (inv.expiresAt && inv.expiresAt.getTime() <= Date.now())
      throw new ReviewError(410, 'invite_expired', 'This invite has expired; ask for a new one.');
    await this.join(inv.workspaceId, accountId, inv.role, inv.id);
    return { workspaceId: inv.workspaceId, role: inv.role };
  }

  async acceptEmailInvites(accountId: string, email: string) {
    const invs = await this.prisma.workspaceInvite.findMany({
      where: { email, acceptedAt: null, revokedAt: null },
    });
    for (const inv of invs) {
      if (inv.expiresAt && inv.expiresAt.getTime() <= Date.now()) continue;
      await this.join(inv.workspaceId, accountId, inv.role, inv.id);
    }
  }

  // ---- boards ---------------------------------------------------------------------------

  /**
   * Last known workspace of each board. A board only ever moves from no workspace into one
   * (claiming), so a workspace answer is reused as is; "none" is asked again each time (another
   * instance may have claimed the board) but reused when the database cannot answer, so owner-token
   * boards keep opening during a database outage as they did before accounts.
   */
  private readonly workspaceCache = new Map<string, string | null>();

  async boardWorkspace(boardId: string): Promise<string | null> {
    const known = this.workspaceCache.get(boardId);
    if (known) return known;
    let ws: string | null;
    try {
      const b = await this.prisma.board.findUnique({ where: { id: boardId }, select: { workspaceId: true } });
      ws = b?.workspaceId ?? null;
    } catch (e) {
      if (known === null) return null;
      throw e;
    }
    if (this.workspaceCache.size >= 10_000)
      this.workspaceCache.delete(this.workspaceCache.keys().next().value!);
    this.workspaceCache.set(boardId, ws);
    return ws;
  }

  /** The board was deleted. */
  forgetBoard(boardId: string) {
    this.workspaceCache.delete(boardId);
  }

  /**
   * The caller's role on a board (README: "Who gets which role"). Boards without a workspace are
   * decided by the owner-token/link rules of issue 7 alone. On a workspace board owner tokens no
   * longer count; a member's role and a presented link combine as the more restrictive of the two.
   */
  async resolveBoard(
    boardId: string,
    token: string | undefined,
    client: string,
    sessionOf: SessionInfo | null | (() => Promise<SessionInfo | null>),
  ): Promise<AccessResult & { sessionId?: string; accountId?: string }> {
    const workspaceId = await this.boardWorkspace(boardId);
    if (!workspaceId) return this.review.resolve(boardId, token, client);
    // The session is looked up only for workspace boards (owner-token boards never need it).
    const session = typeof sessionOf === 'function' ? await sessionOf() : sessionOf;
    const member = session ? await this.roleIn(workspaceId, session.accountId) : null;
    const memberRole = member ? BOARD_ROLE_OF[member] : null;
    const who = session ? { sessionId: session.sessionId, accountId: session.accountId } : {};
    if (token) {
      const link = await this.review.resolve(boardId, token, client, { workspace: true });
      if (!link.ok) return link;
      if (memberRole && atLeast(link.role, memberRole)) {
        return { ok: true, role: memberRole, open: false, key: `m_${session!.accountId}`, ...who };
      }
      return { ...link, ...who };
    }
    if (memberRole)
      return { ok: true, role: memberRole, open: false, key: `m_${session!.accountId}`, ...who };
    if (!session) {
      return {
        ok: false,
        status: 401,
        code: 'signin_required',
        message: 'This board belongs to a workspace: sign in, or open it with a share link.',
      };
    }
    return {
      ok: false,
      status: 403,
      code: 'not_a_member',
      message: 'You are not a member of the workspace this board belongs to; ask an admin for an invite.',
    };
  }

  /** Moves a board with no workspace into `workspaceId` (the caller holds its owner token). */
  async claimBoard(boardId: string, workspaceId: string, accountId: string, client: string) {
    await this.prisma.board.update({ where: { id: boardId }, data: { workspaceId } });
    this.workspaceCache.set(boardId, workspaceId);
    await this.prisma.boardOwner.updateMany({ where: { boardId }, data: { accountId } });
    this.review.forgetOwners(boardId);
    await this.audit({ event: 'board.claimed', workspaceId, accountId, boardId, client });
    this.log.info('accounts.board_claimed', { boardId, workspaceId, accountId });
  }

  // ---- audit ----------------------------------------------------------------------------

  async audit(a: AuditInput) {
    try {
      await this.prisma.auditEvent.create({
        data: {
          event: a.event,
          workspaceId: a.workspaceId ?? null,
          accountId: a.accountId ?? null,
          boardId: a.boardId ?? null,
          detail: a.detail ? JSON.stringify(a.detail) : null,
          client: a.client ?? null,
        },
      });
    } catch (e) {
      // Auditing must not turn a completed action into an error; it is logged instead.
      this.log.error('audit.write_failed', { event: a.event, error: e });
    }
  }

  /** The workspace's events plus sign-in failures of its members' accounts, newest first. */
  async auditFor(workspaceId: string, limit = 200) {
    const members = await this.prisma.workspaceMember.findMany({ where: { workspaceId } });
    const rows = await this.prisma.auditEvent.findMany({
      where: {
        OR: [
          { workspaceId },
          { workspaceId: null, accountId: { in: members.map((m) => m.accountId) }, event: 'signin.failed' },
        ],
      },
      orderBy: { id: 'desc' },
      take: limit,
    });
    return rows.map((r) => ({
      id: String(r.id),
      event: r.event,
      workspaceId: r.workspaceId,
      accountId: r.accountId,
      boardId: r.boardId,
      detail: r.detail ? JSON.parse(r.detail) : null,
      client: r.client,
      createdAt: r.createdAt.toISOString(),
    }));
  }
}

/** Constant-time string equality (CSRF tokens). */
export function sameString(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    if (!k || k in out) continue;
    try {
      out[k] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {}
  }
  return out;
}
