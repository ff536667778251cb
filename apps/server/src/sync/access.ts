// Who may do what on a board. Every sync connection carries a ConnectionContext; the one
// question "may this connection change the document?" is answered by canEditDocument, so the
// review links of issue 7 plug in by supplying an AccessResolver that maps a token to a role.
import { randomUUID } from 'node:crypto';

import type { Role } from '@stratus/api';

export type { Role };

export interface ConnectionContext {
  connId: string;
  boardId: string;
  role: Role;
  /** Stamped into awareness as user.id; never taken from the client. */
  userId: string;
  /** The account session that opened the socket (issue 11): revoking it closes the socket. */
  sessionId?: string | undefined;
}

/** The single place that decides whether document updates from a connection are accepted. */
export function canEditDocument(role: Role): boolean {
  return role === 'owner' || role === 'edit';
}

export interface AccessRequest {
  boardId: string;
  /** The `token` query parameter, if any. Never log it. */
  token: string | undefined;
  /** The client's address (rate limits on failed token checks). */
  client?: string | undefined;
  /** The upgrade request's Cookie, Origin and Host headers (session cookies, issue 11). */
  cookie?: string | undefined;
  origin?: string | undefined;
  host?: string | undefined;
  /** A REST request (mutations there are CSRF-checked), not a websocket upgrade. */
  rest?: boolean;
}

export type AccessDecision =
  | { ok: true; role: Role; userId?: string; sessionId?: string | undefined }
  /** `transient`: refused for now (rate limit, storage away), not because access is gone. */
  | { ok: false; reason: string; transient?: boolean };

export type AccessResolver = (req: AccessRequest) => Promise<AccessDecision> | AccessDecision;

/** Until review links exist (issue 7), everyone who knows a board id may edit it. */
export const openAccess: AccessResolver = () => ({ ok: true, role: 'edit' });

export const newConnId = () => randomUUID();
