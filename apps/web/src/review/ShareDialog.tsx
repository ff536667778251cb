/** The owner's share dialog: create links with a role and an expiry, copy, list, revoke. */
import { useCallback, useEffect, useState } from 'react';
import { ROLE_LABEL } from './access.ts';
import type { LinkRole, ShareLink } from '@stratus/api';
import { Dialog } from '../Dialog.tsx';
import { reviewApi } from './api.ts';

const EXPIRY: [string, number | undefined][] = [
  ['Never', undefined],
  ['1 hour', 1],
  ['1 day', 24],
  ['7 days', 24 * 7],
  ['30 days', 24 * 30],
];

export function ShareDialog({ boardId, onClose }: { boardId: string; onClose: () => void }) {
  const [links, setLinks] = useState<ShareLink[]>([]);
  const [role, setRole] = useState<LinkRole>('view');
  const [expiry, setExpiry] = useState(0);
  const [label, setLabel] = useState('');
  // Every link made while the dialog is open, newest first: a token is shown only once, so a
  // second link must not take the first one's place before it was copied.
  const [created, setCreated] = useState<{ id: string; url: string; role: LinkRole; label: string | null }[]>(
    [],
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    reviewApi.listLinks(boardId).then(setLinks, (e: Error) => setError(e.message));
  }, [boardId]);
  useEffect(load, [load]);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const hours = EXPIRY[expiry]?.[1];
      const l = await reviewApi.createLink(boardId, {
        role,
        ...(hours ? { expiresInHours: hours } : {}),
        ...(label.trim() ? { label: label.trim() } : {}),
      });
      setCreated((c) => [{ id: l.id, url: l.url, role: l.role, label: l.label ?? null }, ...c]);
      setLabel('');
      try {
        await navigator.clipboard.writeText(l.url);
      } catch {
        // the link is shown below to copy by hand
      }
      load();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (l: ShareLink) => {
    setError(null);
    try {
      await reviewApi.revokeLink(boardId, l.id);
      load();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <Dialog title="Share this board" className="review-share" onClose={onClose}>
      <div className="review-share-form">
        <label>
          Access
          <select data-testid="share-role" value={role} onChange={(e) => setRole(e.target.value as LinkRole)}>
            <option value="view">View only</option>
            <option value="comment">Can comment</option>
            <option value="edit">Can edit</option>
          </select>
        </label>
        <label>
          Expires
          <select
            data-testid="share-expiry"
            value={expiry}
            onChange={(e) => setExpiry(Number(e.target.value))}
          >
            {EXPIRY.map(([t], i) => (
              <option key={t} value={i}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Label (optional)
          <input
            value={label}
            maxLength={80}
            placeholder="e.g. Security review"
            onChange={(e) => setLabel(e.target.value)}
          />
        </label>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="share-create"
          disabled={busy}
          onClick={() => void create()}
        >
          Create link
        </button>
      </div>
      {created.map((c, i) => (
        <div className="review-created" key={c.id} data-testid="share-created">
          <div className="small">
            {ROLE_LABEL[c.role]} link{c.label ? ` “${c.label}”` : ''}
            {i === 0 ? ' created and copied' : ' created'}. It is shown only once: keep it now.
          </div>
          <div className="review-created-row">
            <input readOnly data-testid="share-url" value={c.url} onFocus={(e) => e.currentTarget.select()} />
            <button
              type="button"
              className="btn"
              onClick={() => void navigator.clipboard.writeText(c.url).catch(() => {})}
            >
              Copy
            </button>
          </div>
        </div>
      ))}
      {error ? (
        <div className="review-error" role="alert">
          {error}
        </div>
      ) : null}
      <h3 className="review-h3">Links</h3>
      {links.length === 0 ? <div className="muted small">No links yet.</div> : null}
      <ul className="review-links" data-testid="share-links">
        {links.map((l) => (
          <li key={l.id} data-status={l.status}>
            <span className={`review-role role-${l.role}`}>{ROLE_LABEL[l.role]}</span>
            <span className="review-link-label">{l.label ?? 'Untitled link'}</span>
            {l.createdBy ? (
              <span className="muted small" data-testid="share-link-creator">
                by {l.createdBy}
              </span>
            ) : null}
            <span className="muted small">
              {l.status === 'revoked'
                ? 'revoked'
                : l.status === 'expired'
                  ? 'expired'
                  : l.expiresAt
                    ? `until ${new Date(l.expiresAt).toLocaleString()}`
                    : 'no expiry'}
            </span>
            {l.status === 'active' ? (
              <button type="button" className="link-btn" onClick={() => void revoke(l)}>
                Revoke
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      <p className="muted small">
        Revoking a link disconnects everyone using it at once. Links carry the token after “#”, so it never
        reaches a server log.
      </p>
    </Dialog>
  );
}
