/**
 * One open board: the Y.Doc, its offline copy in IndexedDB, the y-websocket connection to the
 * server, presence (awareness) and this user's undo history.
 */
import type { Role } from '@stratus/api';
import { edgesMap, metaMap, nodesMap, setDocReadOnly } from '@stratus/model';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Identity } from '../identity.ts';
import { type AccessState, fetchAccess } from '../review/access.ts';
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

/**
 * Server → client "update refused" (docs/protocol.md): `varUint 4`, `varString reason`. The server
 * dropped an update from this client (its role may not edit); the client drops it too.
 */
export const MESSAGE_UPDATE_REFUSED = 4;

/** lib0's varString, read off y-websocket's decoder (lib0 is not a dependency of the web app). */
function readVarString(d: { arr: Uint8Array; pos: number }): string {
  let len = 0;
  let mult = 1;
  for (;;) {
    const b = d.arr[d.pos++];
    if (b === undefined) throw new Error('truncated message');
    len += (b & 0x7f) * mult;
    mult *= 128;
    if (b < 0x80) break;
  }
  const text = new TextDecoder().decode(d.arr.subarray(d.pos, d.pos + len));
  d.pos += len;
  return text;
}

const ROLE_KEY = (boardId: string) => `stratus.role.${boardId}`;

/** Close codes after which this browser no longer has the board: forbidden, not found, deleted. */
const GONE = new Set([4403, 4404, 4410]);

/** Why a role may not change the board, in words for the person holding it; null when it may. */
export function readOnlyReason(access: AccessState): string | null {
  switch (access.role) {
    case 'owner':
    case 'edit':
      return null;
    case 'view':
      return 'This link can view the board but not edit it.';
    case 'comment':
      return 'This link can comment on the board but not edit it.';
    default:
      return access.error ?? 'Checking what this link may do…';
  }
}

/** The per-user undo history; undo and redo do nothing while the board is read-only. */
class GuardedUndoManager extends Y.UndoManager {
  constructor(
    types: ConstructorParameters<typeof Y.UndoManager>[0],
    opts: ConstructorParameters<typeof Y.UndoManager>[1],
    private readonly editable: () => boolean,
  ) {
    super(types, opts);
  }
  override undo() {
    return this.editable() ? super.undo() : null;
  }
  override redo() {
    return this.editable() ? super.redo() : null;
  }
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = req.onerror = () => resolve();
    // Another tab holds it open: it is deleted once that tab lets go; do not wait for it.
    req.onblocked = () => resolve();
  });
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
  /** Set when the refusal means this browser has lost the board (4403, 4404, 4410): shown instead of it. */
  accessLost: string | null = null;
  /**
   * True once the server's copy has been merged in and the server has said what this browser may
   * do with it (so nothing is shown as editable that is not).
   */
  synced = false;
  private providerSynced = false;
  /**
   * What the server says this browser may do on the board. Until it has answered (or, offline,
   * until the role last seen here is known) the board is read-only.
   */
  access: AccessState = { role: null, open: false, error: null };
  private accessFresh = false;
  /** Set once the server refused an update from here and this copy is being thrown away. */
  discarding = false;
  private listeners = new Set<() => void>();
  private discardListeners = new Set<(notice: string) => void>();

  constructor(
    readonly boardId: string,
    identity: Identity,
    opts: { offlineStore?: boolean; connect?: boolean } = {},
  ) {
    this.undo = new GuardedUndoManager(
      [nodesMap(this.doc), edgesMap(this.doc), metaMap(this.doc)],
      { trackedOrigins: new Set([this.origin]), captureTimeout: 400 },
      () => this.canEdit,
    );
    this.local =
      opts.offlineStore === false ? null : new IndexeddbPersistence(`stratus:${boardId}`, this.doc);
    this.local?.on('synced', () => this.emit());
    if (opts.connect === false) {
      // A board only in this browser (benchmarks): nobody to ask, nobody to refuse.
      this.provider = null;
      this.awareness = null;
      this.state = 'offline';
      this.synced = true;
      this.access = { role: 'owner', open: true, error: null };
      return;
    }
    // Read-only until the server says otherwise: no gesture can change this copy meanwhile.
    this.applyAccess(this.access);
    captureFragmentToken(boardId);
    void this.refreshAccess();
    const token = getToken(boardId);
    this.provider = new WebsocketProvider(syncUrl(), boardId, this.doc, {
      params: token ? { token } : {},
      maxBackoffTime: 2000,
    });
    this.awareness = this.provider.awareness;
    this.provider.messageHandlers[MESSAGE_UPDATE_REFUSED] = (_enc, dec) => {
      let reason = '';
      try {
        reason = readVarString(dec as unknown as { arr: Uint8Array; pos: number });
      } catch {
        // a reason is a courtesy; the refusal stands without it
      }
      void this.discardLocalCopy(reason);
    };
    this.awareness.setLocalState({ user: identity, cursor: null, selection: [] } satisfies PresenceState);
    this.provider.on('status', ({ status }: { status: string }) => {
      this.state = status === 'connected' ? 'connected' : status === 'connecting' ? 'connecting' : 'offline';
      // Offline the role last seen here stood in: ask again now that the server is reachable.
      if (status === 'connected' && !this.accessFresh) void this.refreshAccess();
      if (status !== 'connected' && this.state === 'connecting' && this.synced) this.state = 'offline';
      this.emit();
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) this.providerSynced = true;
      this.synced ||= this.providerSynced && this.accessFresh;
      this.emit();
    });
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      this.state = 'offline';
      if (event && event.code >= 4400 && event.code < 4500)
        this.refused = event.reason || 'The server refused access to this board.';
      if (event && GONE.has(event.code)) {
        // Refused for good (no access any more: removed from the workspace, link revoked, signed
        // out; or the board is gone): stop reconnecting, change nothing more, ask what remains.
        this.accessLost = this.refused;
        if (this.provider) this.provider.shouldConnect = false;
        setDocReadOnly(this.doc, this.accessLost ?? '');
        void this.refreshAccess();
      }
      this.emit();
    });
  }

  /** Owners and edit links may change the board; view and comment links, and unknown roles, not. */
  get canEdit(): boolean {
    return readOnlyReason(this.access) === null;
  }

  /** Why this browser may not change the board (for the interface), or null when it may. */
  get readOnlyReason(): string | null {
    return readOnlyReason(this.access);
  }

  private applyAccess(access: AccessState) {
    this.access = access;
    const reason = readOnlyReason(access);
    // The document layer refuses every edit op while read-only (packages/model setDocReadOnly).
    setDocReadOnly(this.doc, reason);
    if (reason !== null) this.undo.clear();
    this.emit();
  }

  /** Asks the server which role this browser's token grants; offline, the role last seen here. */
  async refreshAccess() {
    const got = await fetchAccess(this.boardId);
    if (this.destroyed) return;
    if (got.unreachable) {
      let cached: Role | null = null;
      try {
        cached = (localStorage.getItem(ROLE_KEY(this.boardId)) as Role | null) ?? null;
      } catch {}
      // The server answers for itself when it is back; a wrong guess is refused then and dropped.
      if (cached && this.access.role === null) this.applyAccess({ role: cached, open: false, error: null });
      else if (!cached && this.access.role === null) this.applyAccess(got);
      return;
    }
    this.accessFresh = true;
    this.synced ||= this.providerSynced;
    try {
      if (got.role) localStorage.setItem(ROLE_KEY(this.boardId), got.role);
      else localStorage.removeItem(ROLE_KEY(this.boardId));
    } catch {}
    this.applyAccess(got);
  }

  /**
   * Called when a board copy must be thrown away (the server refused an update from here): `fn`
   * gets the notice to show; the caller opens a fresh session, which loads the server's state.
   */
  onDiscard(fn: (notice: string) => void) {
    this.discardListeners.add(fn);
    return () => this.discardListeners.delete(fn);
  }

  /**
   * The server refused an update from this browser, so this copy holds something the board does
   * not: stop syncing, delete the offline copy (IndexedDB) and tell the page to reopen the board.
   */
  async discardLocalCopy(reason: string) {
    if (this.discarding || this.destroyed) return;
    this.discarding = true;
    setDocReadOnly(this.doc, 'This copy of the board is being replaced with the server’s.');
    this.provider?.disconnect();
    this.emit();
    if (this.local) {
      const name = this.local.name;
      await this.local.destroy();
      await deleteDatabase(name);
    }
    const why = reason.trim().replace(/\.?$/, '.');
    const notice = `The server did not accept a change made in this browser${
      reason.trim() ? `: ${why.charAt(0).toLowerCase()}${why.slice(1)}` : '.'
    } The change was discarded; the board shows what the server has.`;
    for (const fn of this.discardListeners) fn(notice);
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

  private destroyed = false;

  destroy() {
    this.destroyed = true;
    this.listeners.clear();
    this.discardListeners.clear();
    this.undo.destroy();
    this.provider?.destroy();
    this.local?.destroy();
    this.doc.destroy();
  }
}
