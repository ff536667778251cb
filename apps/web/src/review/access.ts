/**
 * Roles on a board and what each may do in the interface. The server enforces the same rules
 * (apps/server/src/review); this only hides what would be refused.
 */
import type { ApiErrorBody, Role } from '@stratus/api';
import { useSyncExternalStore } from 'react';
import type { BoardSession } from '../board/session.ts';
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
  /** The server could not be reached (offline): the role is not known. */
  unreachable?: boolean;
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
    return {
      role: null,
      open: false,
      error: 'Cannot reach the Stratus server to check your access.',
      unreachable: true,
    };
  }
}

/** The board session's access (the session asks the server; see BoardSession.refreshAccess). */
export function useAccess(session: BoardSession): AccessState {
  return useSyncExternalStore(
    (fn) => session.subscribe(fn),
    () => session.access,
  );
}
