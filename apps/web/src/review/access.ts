/**
 * Roles on a board and what each may do in the interface. The server enforces the same rules
 * (apps/server/src/review); this only hides what would be refused.
 */
import type { ApiErrorBody, Role } from '@stratus/api';
import { useEffect, useState } from 'react';
import { getToken } from '../tokens.ts';

export interface Capabilities {
  /** Change the document: palette, canvas editing, properties, rename, import. */
  edit: boolean;
  /** Write comments, reply, resolve and reopen. */
  comment: boolean;
  /** Create, list and revoke share links. */
  manageLinks: boolean;
}

/** `null` = not known yet: nothing may be changed until the server says so. */
export function capabilities(role: Role | null): Capabilities {
  return {
    edit: role === 'owner' || role === 'edit',
    comment: role === 'owner' || role === 'edit' || role === 'comment',
    manageLinks: role === 'owner',
  };
}

export const ROLE_LABEL: Record<Role, string> = {
  owner: 'Owner',
  edit: 'Can edit',
  comment: 'Can comment',
  view: 'View only',
};

export interface AccessState {
  role: Role | null;
  /** The board has no owner (made before share links): anyone with its address can edit. */
  open: boolean;
  error: string | null;
}

/** Asks the server which role the stored token (owner or share link) grants on the board. */
export async function fetchAccess(boardId: string): Promise<AccessState> {
  const token = getToken(boardId);
  try {
    const res = await fetch(`/api/boards/${encodeURIComponent(boardId)}/access`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    const body = (await res.json().catch(() => null)) as
      | ({ role?: Role; open?: boolean } & Partial<ApiErrorBody>)
      | null;
    if (!res.ok) {
      return {
        role: null,
        open: false,
        error: body?.error?.message ?? `The server answered ${res.status}.`,
      };
    }
    return { role: body?.role ?? null, open: Boolean(body?.open), error: null };
  } catch {
    return { role: null, open: false, error: 'Cannot reach the Stratus server to check your access.' };
  }
}

export function useAccess(boardId: string): AccessState {
  const [state, setState] = useState<AccessState>({ role: null, open: false, error: null });
  useEffect(() => {
    let live = true;
    // The share-link fragment is taken into storage by the board session; wait a tick for it.
    const t = window.setTimeout(() => {
      void fetchAccess(boardId).then((s) => live && setState(s));
    }, 0);
    return () => {
      live = false;
      window.clearTimeout(t);
    };
  }, [boardId]);
  return state;
}

interface ProviderLike {
  doc: {
    on(ev: 'update', fn: (u: Uint8Array, origin: unknown) => void): void;
    off(ev: 'update', fn: (u: Uint8Array, origin: unknown) => void): void;
  };
  _updateHandler?: (u: Uint8Array, origin: unknown) => void;
}

/**
 * Safety net for read-only roles: local document changes are not sent to the server (which
 * would refuse them and close the connection); `onBlocked` tells the user. Returns an undo.
 */
export function holdLocalEdits(provider: ProviderLike | null, onBlocked: () => void): () => void {
  const handler = provider?._updateHandler;
  if (!provider || !handler) return () => {};
  provider.doc.off('update', handler);
  const notify = (_u: Uint8Array, origin: unknown) => {
    if (origin !== provider) onBlocked();
  };
  provider.doc.on('update', notify);
  return () => {
    provider.doc.off('update', notify);
    provider.doc.on('update', handler);
  };
}
