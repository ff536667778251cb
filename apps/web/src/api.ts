/** The server's HTTP API (see the contract in the project README). */
import type { ApiErrorBody, ApiIssue, BoardSummary, LinkRole } from '@stratus/api';
import { csrfHeader } from './account/csrf.ts';
import { getToken } from './tokens.ts';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly issues?: ApiIssue[],
  ) {
    super(message);
  }
}

async function request<T>(path: string, init?: RequestInit, boardId?: string): Promise<T> {
  let res: Response;
  const token = boardId ? getToken(boardId) : null;
  try {
    res = await fetch(path, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...csrfHeader(),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init?.headers ?? {}),
      },
    });
  } catch {
    throw new ApiError('Cannot reach the Stratus server. Check that it is running, then retry.', 0);
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as (T & Partial<ApiErrorBody>) | null;
  if (!res.ok) {
    const msg = body?.error?.message ?? `The server answered ${res.status} ${res.statusText}.`;
    throw new ApiError(msg, res.status, body?.error?.issues);
  }
  return body as T;
}

export const api = {
  list: () => request<{ boards: BoardSummary[] }>('/api/boards').then((r) => r.boards),
  /** Creates a board; the owner token the server returns (if any) is kept for this browser. */
  create: (body: { name?: string; board?: unknown }) =>
    request<BoardSummary & { ownerToken?: string }>('/api/boards', {
      method: 'POST',
      body: JSON.stringify(body),
    }),
  get: (id: string) => request<BoardSummary>(`/api/boards/${encodeURIComponent(id)}`, undefined, id),
  rename: (id: string, name: string) =>
    request<BoardSummary>(
      `/api/boards/${encodeURIComponent(id)}`,
      { method: 'PATCH', body: JSON.stringify({ name }) },
      id,
    ),
  remove: (id: string) => request<void>(`/api/boards/${encodeURIComponent(id)}`, { method: 'DELETE' }, id),
  /** A share link (owner only): the URL carries the token in its fragment. */
  shareLink: (id: string, role: LinkRole) =>
    request<{ url: string }>(
      `/api/boards/${encodeURIComponent(id)}/links`,
      { method: 'POST', body: JSON.stringify({ role }) },
      id,
    ),
};
