/**
 * The CSRF token of the signed-in session: the server sets it in the non-HttpOnly `stratus_csrf`
 * cookie and refuses a change made with the session cookie unless X-CSRF-Token repeats it.
 */
export function csrfHeader(): Record<string, string> {
  const m = /(?:^|;\s*)stratus_csrf=([^;]+)/.exec(typeof document === 'undefined' ? '' : document.cookie);
  return m ? { 'x-csrf-token': decodeURIComponent(m[1]!) } : {};
}
