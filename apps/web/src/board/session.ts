/**
 * One open board: the Y.Doc, its offline copy in IndexedDB, the y-websocket connection to the
 * server, presence (awareness) and this user's undo history.
 */
import { edgesMap, metaMap, nodesMap } from '@stratus/model';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Identity } from '../identity.ts';
import { captureFragmentToken, getToken } from '../tokens.ts';

export type ConnectionState = 'connecting' | 'connected' | 'offline';

export interface PresenceState {
  user: { name: string; color: string; id?: string };
  cursor: { x: number; y: number } | null;
  selection: string[];
  /** Where this person is looking (for "follow"). */
  viewport?: { x: number; y: number; zoom: number };
}

export interface Peer extends PresenceState {
  clientId: number;
}

export function syncUrl(): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/sync`;
}

export class BoardSession {
  readonly doc = new Y.Doc();
  /** Every edit made here carries this origin; the undo manager tracks only it. */
  readonly origin = { user: 'local' };
  readonly undo: Y.UndoManager;
  readonly provider: WebsocketProvider | null;
  readonly awareness: Awareness | null;
  readonly local: IndexeddbPersistence | null;
  state: ConnectionState = 'connecting';
  /** Set when the server refused the connection for good (no access, board deleted…). */
  refused: string | null = null;
  /** True once the server's copy has been merged in (or the local copy, when offline). */
  synced = false;
  private listeners = new Set<() => void>();

  constructor(
    readonly boardId: string,
    identity: Identity,
    opts: { offlineStore?: boolean; connect?: boolean } = {},
  ) {
    this.undo = new Y.UndoManager([nodesMap(this.doc), edgesMap(this.doc), metaMap(this.doc)], {
      trackedOrigins: new Set([this.origin]),
      captureTimeout: 400,
    });
    this.local =
      opts.offlineStore === false ? null : new IndexeddbPersistence(`stratus:${boardId}`, this.doc);
    this.local?.on('synced', () => this.emit());
    if (opts.connect === false) {
      this.provider = null;
      this.awareness = null;
      this.state = 'offline';
      this.synced = true;
      return;
    }
    captureFragmentToken(boardId);
    const token = getToken(boardId);
    this.provider = new WebsocketProvider(syncUrl(), boardId, this.doc, {
      params: token ? { token } : {},
      maxBackoffTime: 2000,
    });
    this.awareness = this.provider.awareness;
    this.awareness.setLocalState({ user: identity, cursor: null, selection: [] } satisfies PresenceState);
    this.provider.on('status', ({ status }: { status: string }) => {
      this.state = status === 'connected' ? 'connected' : status === 'connecting' ? 'connecting' : 'offline';
      if (status !== 'connected' && this.state === 'connecting' && this.synced) this.state = 'offline';
      this.emit();
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) this.synced = true;
      this.emit();
    });
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      this.state = 'offline';
      if (event && event.code >= 4400 && event.code < 4500)
        this.refused = event.reason || 'The server refused access to this board.';
      this.emit();
    });
  }

  subscribe(fn: () => void) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit() {
    for (const fn of this.listeners) fn();
  }

  setPresence(patch: Partial<PresenceState>) {
    if (!this.awareness) return;
    const cur = this.awareness.getLocalState() as PresenceState | null;
    if (!cur) return;
    this.awareness.setLocalState({ ...cur, ...patch });
  }

  setIdentity(identity: Identity) {
    this.setPresence({ user: identity });
  }

  peers(): Peer[] {
    if (!this.awareness) return [];
    const out: Peer[] = [];
    for (const [clientId, st] of this.awareness.getStates()) {
      if (clientId === this.doc.clientID) continue;
      const s = st as Partial<PresenceState>;
      if (!s?.user?.name) continue;
      out.push({
        clientId,
        user: s.user,
        cursor: s.cursor ?? null,
        selection: Array.isArray(s.selection) ? s.selection : [],
        ...(s.viewport && { viewport: s.viewport }),
      });
    }
    return out.sort((a, b) => a.clientId - b.clientId);
  }

  destroy() {
    this.listeners.clear();
    this.undo.destroy();
    this.provider?.destroy();
    this.local?.destroy();
    this.doc.destroy();
  }
}
