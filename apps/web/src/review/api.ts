/** The review API: share links (owner), comments, and the live comment stream. */
import type { Anchor, ApiErrorBody, Comment, LinkRole, ShareLink } from '@stratus/api';
import { csrfHeader } from '../account/csrf.ts';
import { getToken } from '../tokens.ts';

export class ReviewApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function call<T>(
  boardId: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const token = getToken(boardId);
  let res: Response;
  try {
    res = await fetch(`/api/boards/${encodeURIComponent(boardId)}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...csrfHeader(),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  } catch {
    throw new ReviewApiError('Cannot reach the Stratus server. Check your connection, then retry.', 0);
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as (T & Partial<ApiErrorBody>) | null;
  if (!res.ok)
    throw new ReviewApiError(body?.error?.message ?? `The server answered ${res.status}.`, res.status);
  return body as T;
}

export const reviewApi = {
  createLink: (boardId: string, input: { role: LinkRole; expiresInHours?: number; label?: string }) =>
    call<ShareLink & { token: string; url: string }>(boardId, '/links', { method: 'POST', body: input }),
  listLinks: (boardId: string) => call<{ links: ShareLink[] }>(boardId, '/links').then((r) => r.links),
  revokeLink: (boardId: string, linkId: string) =>
    call<void>(boardId, `/links/${encodeURIComponent(linkId)}`, { method: 'DELETE' }),
  comments: (boardId: string) =>
    call<{ comments: Comment[]; counts: Record<string, number> }>(boardId, '/comments'),
  addComment: (boardId: string, input: { body: string; authorName: string; anchor?: Anchor }) =>
    call<Comment>(boardId, '/comments', { method: 'POST', body: input }),
  reply: (boardId: string, threadId: string, input: { body: string; authorName: string }) =>
    call<Comment>(boardId, `/comments/${encodeURIComponent(threadId)}/replies`, {
      method: 'POST',
      body: input,
    }),
  setResolved: (boardId: string, threadId: string, resolved: boolean) =>
    call<Comment>(boardId, `/comments/${encodeURIComponent(threadId)}`, {
      method: 'PATCH',
      body: { resolved },
    }),
  /** Server-sent events; the token goes in the query (EventSource cannot send headers). */
  events: (boardId: string): EventSource => {
    const token = getToken(boardId);
    return new EventSource(
      `/api/boards/${encodeURIComponent(boardId)}/events${token ? `?token=${encodeURIComponent(token)}` : ''}`,
    );
  },
};
