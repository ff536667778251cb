/**
 * Board access tokens (owner tokens from creating a board, share-link tokens from `#token=…`
 * fragments), kept per board in localStorage and presented to the server on sync and API calls.
 */
const key = (boardId: string) => `stratus.token.${boardId}`;

export function getToken(boardId: string): string | null {
  const fromQuery = new URLSearchParams(location.search).get('token');
  if (fromQuery) return fromQuery;
  try {
    return localStorage.getItem(key(boardId));
  } catch {
    return null;
  }
}

export function setToken(boardId: string, token: string) {
  try {
    localStorage.setItem(key(boardId), token);
  } catch {
    // storage disabled: the link still works for this page
  }
}

/** Takes a `#token=…` share-link fragment into storage and removes it from the address bar. */
export function captureFragmentToken(boardId: string) {
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!m) return;
  setToken(boardId, decodeURIComponent(m[1]!));
  history.replaceState(null, '', location.pathname + location.search);
}
