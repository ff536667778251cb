/** The server's HTTP API (see the contract in the project README). */
export interface BoardSummary {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly issues?: { path: string; message: string }[],
  ) {
    super(message);
  }
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      headers: { 'content-type': 'application/json', ...(init?.headers ?? {}) },
    });
  } catch {
    throw new ApiError('Cannot reach the Stratus server. Check that it is running, then retry.', 0);
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as
    | (T & { error?: { message?: string; issues?: { path: string; message: string }[] } })
    | null;
  if (!res.ok) {
    const msg = body?.error?.message ?? `The server answered ${res.status} ${res.statusText}.`;
    throw new ApiError(msg, res.status, body?.error?.issues);
  }
  return body as T;
}

export const api = {
  list: () => request<{ boards: BoardSummary[] }>('/api/boards').then((r) => r.boards),
  create: (body: { name?: string; board?: unknown }) =>
    request<BoardSummary>('/api/boards', { method: 'POST', body: JSON.stringify(body) }),
  get: (id: string) => request<BoardSummary>(`/api/boards/${encodeURIComponent(id)}`),
  rename: (id: string, name: string) =>
    request<BoardSummary>(`/api/boards/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      body: JSON.stringify({ name }),
    }),
  remove: (id: string) => request<void>(`/api/boards/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};
