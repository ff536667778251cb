// The HTTP/SSE contract between apps/server and apps/web: the JSON shapes on the wire.
// Types only: no runtime code, nothing imported but @stratus/model types.

/** A problem in a request body, located by JSON path (e.g. `$.board.nodes[0].kind`). */
export interface ApiIssue {
  path: string;
  message: string;
}

/** Every 4xx/5xx answer: `{ error: { code, message, issues? } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; issues?: ApiIssue[] };
}

/** A board as listed by `GET /api/boards` and returned by the board endpoints. */
export interface BoardSummary {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

/** What a connection may do on a board, from most to least. */
export type Role = 'owner' | 'edit' | 'comment' | 'view';

/** The roles a share link can grant. */
export type LinkRole = Exclude<Role, 'owner'>;

/** A share link as the owner sees it (`GET/POST /api/boards/:id/links`); never carries the token. */
export interface ShareLink {
  id: string;
  role: LinkRole;
  label: string | null;
  /** Who made it: the account's email, or "Board owner" (owner token); null for older links. */
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

/** Where a comment thread is pinned. */
export type Anchor =
  | { kind: 'node'; nodeId: string }
  | { kind: 'point'; x: number; y: number }
  | { kind: 'finding'; ruleId: string; nodeId: string };

export interface Comment {
  id: string;
  boardId: string;
  /** null for a thread's first comment; otherwise the thread (first comment) id. */
  threadId: string | null;
  author: { name: string; role: Role };
  body: string;
  /** Set on thread roots only. */
  anchor: Anchor | null;
  resolved: boolean;
  resolvedAt: string | null;
  resolvedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Events on `GET /api/boards/:id/events` (server-sent events; `type` is the SSE event name). */
export type ReviewEvent = { type: 'comment'; comment: Comment } | { type: 'access-revoked'; message: string };
