/** The board screen: top bar, palette, canvas, property panel and validation sidebar. */
import {
  addEdges,
  addNodes,
  deleteEdges,
  deleteNodes,
  docToBoard,
  kindDef,
  metaMap,
  type NodeKind,
  type NodePatch,
  ReadOnlyDocError,
  renameBoard,
  updateNodes,
} from '@stratus/model';
import type { ExportChoices } from '@stratus/export';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { api } from '../api.ts';
import { Dialog } from '../Dialog.tsx';
import { type Identity, initials, loadIdentity, saveIdentity } from '../identity.ts';
import { Canvas, GRID } from './Canvas.tsx';
import { addPlacedNode, copyNodes, instantiate, newNode, parseClipboard, placeNewNode } from './edit.ts';
import { ExportDialog, type IacTarget } from './ExportDialog.tsx';
import { downloadBoardJson, downloadIac, downloadImage } from './exports.ts';
import { countsByNode, type Finding } from './findings.ts';
import { FlowModel, type FlowEdge, type FlowNode } from './flow-model.ts';
import { ImportIssues, importBoardFile } from './import-file.tsx';
import { boardBounds, frameViewport, useOpeningFrame } from './framing.ts';
import { Palette } from './Palette.tsx';
import { EdgeProperties, NodeProperties } from './PropertyPanel.tsx';
import { BoardSession, type Peer } from './session.ts';
import { useValidation } from './useValidation.ts';
import { ValidationPanel } from './ValidationPanel.tsx';
import { ReviewButtons, ReviewLayer } from '../review/Review.tsx';
import { findingCommenter, useReview } from '../review/useReview.ts';

declare global {
  interface Window {
    /** Handle for end-to-end tests and debugging: the open board's session and view model. */
    __stratus?: { session: BoardSession; model: FlowModel };
  }
}

const CLIPBOARD_KEY = 'stratus.clipboard';

const SHORTCUTS: [string, string][] = [
  ['Ctrl/⌘ Z', 'Undo your last change'],
  ['Ctrl/⌘ Shift Z, Ctrl Y', 'Redo'],
  ['Ctrl/⌘ C / X / V', 'Copy, cut, paste (also between boards)'],
  ['Ctrl/⌘ D', 'Duplicate the selection'],
  ['Delete, Backspace', 'Delete the selection (with what it contains)'],
  ['Arrow keys', 'Nudge by 1 px (Shift: one grid step)'],
  ['Ctrl/⌘ A', 'Select everything'],
  ['Double-click a note', 'Edit its text in place (Ctrl/⌘ Enter or click away: done; Esc: cancel)'],
  ['Drag from a dot on a node’s side', 'Connect it to another node (the dots show when you point at a node)'],
  ['Shift 1', 'Zoom to fit'],
  ['Ctrl/⌘ F, /', 'Find a node by name'],
  ['G', 'Snap to grid on/off'],
  ['L', 'Auto-layout'],
  ['?', 'This help'],
  ['Esc', 'Clear the selection, close dialogs'],
];

const isEditable = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

let sessionCount = 0;

function useSession(boardId: string, identity: Identity) {
  const [open, setOpen] = useState<{ session: BoardSession; model: FlowModel; key: string } | null>(null);
  // Bumped when the server refused an update from here: the board is opened afresh from the server.
  const [generation, setGeneration] = useState(0);
  const [discarded, setDiscarded] = useState<string | null>(null);
  // The identity is applied through awareness when it changes; it does not need a new session.
  // biome-ignore lint/correctness/useExhaustiveDependencies: see above
  useEffect(() => {
    void generation;
    const s = new BoardSession(boardId, identity);
    const m = new FlowModel(s.doc);
    s.onDiscard((notice) => {
      setDiscarded(notice);
      setGeneration((g) => g + 1);
    });
    setOpen({ session: s, model: m, key: `${boardId}:${++sessionCount}` });
    window.__stratus = { session: s, model: m };
    return () => {
      m.destroy();
      s.destroy();
      window.__stratus = undefined;
    };
  }, [boardId, generation]);
  return { ...open, discarded, dismissDiscarded: () => setDiscarded(null) };
}

export function BoardPage({
  boardId,
  onHome,
  onOpenBoard,
}: {
  boardId: string;
  onHome: () => void;
  /** Opens another board (an imported file becomes a new board). */
  onOpenBoard: (id: string) => void;
}) {
  const [identity, setIdentity] = useState(loadIdentity);
  const { session, model, key, discarded, dismissDiscarded } = useSession(boardId, identity);
  if (!session || !model) return <div className="loading">Opening board…</div>;
  return (
    <ReactFlowProvider key={key}>
      <BoardScreen
        key={key}
        session={session}
        model={model}
        identity={identity}
        discarded={discarded}
        onDismissDiscarded={dismissDiscarded}
        onIdentity={(id) => {
          saveIdentity(id);
          setIdentity(id);
          session.setIdentity(id);
        }}
        onHome={onHome}
        onOpenBoard={onOpenBoard}
      />
    </ReactFlowProvider>
  );
}

function useSessionState(session: BoardSession) {
  const version = useSyncExternalStore(
    (fn) => session.subscribe(fn),
    () =>
      `${session.state}:${session.synced}:${session.refused}:${session.accessLost}:${session.readOnlyReason}`,
  );
  return {
    state: session.state,
    synced: session.synced,
    refused: session.refused,
    accessLost: session.accessLost,
    /** Why this browser may not change the board (view/comment link, role not known yet), or null. */
    readOnly: session.readOnlyReason,
    version,
  };
}

function usePeers(session: BoardSession, model: FlowModel) {
  const [peers, setPeers] = useState<Peer[]>([]);
  useEffect(() => {
    const aw = session.awareness;
    if (!aw) return;
    const update = () => {
      const list = session.peers();
      setPeers(list);
      const sel = new Map<string, string[]>();
      for (const p of list) for (const id of p.selection) sel.set(id, [...(sel.get(id) ?? []), p.user.color]);
      model.setRemoteSelections(sel);
    };
    aw.on('change', update);
    update();
    return () => aw.off('change', update);
  }, [session, model]);
  return peers;
}

function useBoardName(session: BoardSession) {
  const meta = metaMap(session.doc);
  return useSyncExternalStore(
    (fn) => {
      meta.observe(fn);
      return () => meta.unobserve(fn);
    },
    () => (typeof meta.get('name') === 'string' ? (meta.get('name') as string) : ''),
  );
}

function useUndoState(session: BoardSession) {
  const [state, setState] = useState({ undo: false, redo: false });
  useEffect(() => {
    const u = session.undo;
    const update = () => setState({ undo: u.canUndo(), redo: u.canRedo() });
    u.on('stack-item-added', update);
    u.on('stack-item-popped', update);
    u.on('stack-cleared', update);
    return () => {
      u.off('stack-item-added', update);
      u.off('stack-item-popped', update);
      u.off('stack-cleared', update);
    };
  }, [session]);
  return state;
}

export function BoardScreen({
  session,
  model,
  identity,
  onIdentity,
  onHome,
  onOpenBoard,
  discarded = null,
  onDismissDiscarded,
}: {
  session: BoardSession;
  model: FlowModel;
  identity: Identity;
  onIdentity: (id: Identity) => void;
  onHome: () => void;
  onOpenBoard: (id: string) => void;
  /** Shown when this browser's copy was replaced with the server's (an update was refused). */
  discarded?: string | null;
  onDismissDiscarded?: () => void;
}) {
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const conn = useSessionState(session);
  const peers = usePeers(session, model);
  const name = useBoardName(session);
  const undoState = useUndoState(session);
  const validation = useValidation(session.doc);
  const [selection, setSelection] = useState<{ nodes: string[]; edges: string[] }>({ nodes: [], edges: [] });
  const [tab, setTab] = useState<'props' | 'issues'>('issues');
  const [snap, setSnap] = useState(true);
  const [notice, setNotice] = useState<string | null>(null);
  const [help, setHelp] = useState(false);
  const [find, setFind] = useState(false);
  const [menu, setMenu] = useState<'export' | 'me' | null>(null);
  const [iacDialog, setIacDialog] = useState<IacTarget | null>(null);
  const [importIssues, setImportIssues] = useState<{ path: string; message: string }[] | null>(null);
  const [follow, setFollow] = useState<number | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const toast = useCallback((text: string) => {
    setNotice(text);
    window.setTimeout(() => setNotice((n) => (n === text ? null : n)), 4500);
  }, []);
  // Roles from share links (view/comment/edit/owner), comments and the share dialog (issue 7).
  const review = useReview(session, toast);

  // Read-only (a view or comment link, or the role not known yet): the document itself refuses
  // every edit (session.ts marks it read-only); gestures say why instead of trying.
  const refuseEdit = useCallback(() => {
    const reason = session.readOnlyReason;
    if (reason === null) return false;
    toast(reason);
    return true;
  }, [session, toast]);
  // Safety net for a path that still tried: say why instead of failing silently.
  useEffect(() => {
    const onError = (e: ErrorEvent | PromiseRejectionEvent) => {
      const err = 'error' in e ? e.error : e.reason;
      if (!(err instanceof ReadOnlyDocError)) return;
      e.preventDefault();
      toast(err.message);
    };
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    return () => {
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onError);
    };
  }, [toast]);

  // Validation badges on nodes.
  useEffect(() => model.setFindingCounts(countsByNode(validation.findings)), [model, validation.findings]);

  // Share the selection with others.
  const onSelectionChange = useCallback(
    (nodes: string[], edges: string[]) => {
      setSelection({ nodes, edges });
      if (nodes.length || edges.length) setTab('props');
      session.setPresence({ selection: nodes });
    },
    [session],
  );

  const select = useCallback(
    (nodes: string[], edges: string[] = []) => {
      model.setSelection(nodes, edges);
      onSelectionChange(nodes, edges);
    },
    [model, onSelectionChange],
  );

  // Keep the server's board list name in step with the document's name.
  const renameTimer = useRef<number | null>(null);
  const rename = (next: string) => {
    if (refuseEdit()) return;
    renameBoard(session.doc, next, session.origin);
    if (renameTimer.current) window.clearTimeout(renameTimer.current);
    renameTimer.current = window.setTimeout(() => {
      if (next.trim()) api.rename(session.boardId, next.trim()).catch(() => {});
    }, 600);
  };

  useEffect(() => {
    document.title = name ? `${name} · Stratus` : 'Stratus';
  }, [name]);

  // Once the board has arrived from the server, frame all of it, and keep it framed until the
  // person takes over the view (framing.ts: computed from the model, no timers).
  const framing = useOpeningFrame(model, conn.synced);

  // Follow someone's viewport.
  useEffect(() => {
    if (follow === null) return;
    const p = peers.find((x) => x.clientId === follow);
    if (!p) {
      setFollow(null);
      return;
    }
    if (p.viewport) rf.setViewport(p.viewport, { duration: 250 });
  }, [follow, peers, rf]);

  const centre = () => {
    const el = document.querySelector('.canvas')?.getBoundingClientRect();
    return rf.screenToFlowPosition({
      x: (el?.left ?? 0) + (el?.width ?? 800) / 2,
      y: (el?.top ?? 0) + (el?.height ?? 600) / 2,
    });
  };

  const addAtCentre = (kind: string) => {
    if (refuseEdit()) return;
    const placed = placeNewNode(
      model,
      newNode(kind as NodeKind, null, { x: 0, y: 0 }),
      centre(),
      snap ? GRID : undefined,
    );
    if (!placed.ok) {
      toast(placed.message);
      return;
    }
    addPlacedNode(session.doc, placed, session.origin);
    select([placed.node.id]);
  };

  const order = (id: string) => model.nodes.findIndex((n) => n.id === id);

  const copy = (): string | null => {
    const ids = model.getSelection();
    if (!ids.length) return null;
    const payload = copyNodes(model, model.boardEdges.values(), ids, order);
    const text = JSON.stringify(payload);
    try {
      localStorage.setItem(CLIPBOARD_KEY, text);
    } catch {
      // storage full or disabled: the system clipboard still has it
    }
    return text;
  };

  const paste = (text: string | null, offset = 32) => {
    const payload = parseClipboard(text ?? '') ?? parseClipboard(localStorage.getItem(CLIPBOARD_KEY) ?? '');
    if (!payload?.nodes.length) return;
    if (refuseEdit()) return;
    const { nodes, edges } = instantiate(model, payload, { x: offset, y: offset });
    session.doc.transact(() => {
      addNodes(session.doc, nodes, session.origin);
      addEdges(session.doc, edges, session.origin);
    }, session.origin);
    select(nodes.filter((n) => !nodes.some((p) => p.id === n.parentId)).map((n) => n.id));
  };

  const removeSelection = () => {
    const nodes = model.getSelection();
    const edges = model.getEdgeSelection();
    if (!nodes.length && !edges.length) return;
    if (refuseEdit()) return;
    session.doc.transact(() => {
      if (edges.length) deleteEdges(session.doc, edges, session.origin);
      if (nodes.length) deleteNodes(session.doc, nodes, session.origin);
    }, session.origin);
    select([]);
  };

  const nudge = (dx: number, dy: number) => {
    const ids = model.getSelection();
    if (refuseEdit()) return;
    const patches = new Map<string, NodePatch>();
    for (const id of ids) {
      const n = model.board.get(id);
      // Children of a moved container move with it.
      if (!n || (n.parentId && ids.includes(n.parentId))) continue;
      patches.set(id, { position: { x: n.position.x + dx, y: n.position.y + dy } });
    }
    if (patches.size) updateNodes(session.doc, patches, session.origin);
  };

  /** Frames the whole board from the model at once (React Flow has not measured moved nodes yet). */
  const refit = () => {
    const pane = document.querySelector('.react-flow')?.getBoundingClientRect();
    const bounds = boardBounds(model.board);
    if (pane && bounds) rf.setViewport(frameViewport(bounds, pane.width, pane.height), { duration: 250 });
  };

  const runLayout = async () => {
    const board = docToBoard(session.doc);
    if (!board.nodes.length) return;
    if (refuseEdit()) return;
    try {
      const { autoLayout } = await import('./layout.ts');
      const patches = autoLayout(board);
      // The role may have changed since the key was pressed.
      if (refuseEdit()) return;
      // One undo step of its own: an edit made just before or after does not merge into it.
      session.undo.stopCapturing();
      updateNodes(session.doc, patches, session.origin);
      session.undo.stopCapturing();
      refit();
    } catch (e) {
      toast(`Auto-layout failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const focusFinding = (f: Finding) => {
    const ids = f.nodeIds.filter((id) => model.board.has(id));
    select(ids.slice(0, 1), f.edgeIds);
    setTab('issues');
    if (ids.length)
      rf.fitView({ nodes: ids.map((id) => ({ id })), duration: 400, padding: 0.6, maxZoom: 1.4 });
  };

  // Keyboard shortcuts.
  // biome-ignore lint/correctness/useExhaustiveDependencies: handlers read current state through refs/model
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (e.key === 'Escape') {
        setHelp(false);
        setFind(false);
        setMenu(null);
        setFollow(null);
        if (!isEditable(e.target)) select([]);
        return;
      }
      if (isEditable(e.target)) return;
      const k = e.key.toLowerCase();
      if (mod && k === 'z') {
        e.preventDefault();
        if (refuseEdit()) return;
        if (e.shiftKey) session.undo.redo();
        else session.undo.undo();
      } else if (mod && k === 'y') {
        e.preventDefault();
        if (refuseEdit()) return;
        session.undo.redo();
      } else if (mod && k === 'd') {
        e.preventDefault();
        paste(copy(), 32);
      } else if (mod && k === 'a') {
        e.preventDefault();
        select(model.nodes.map((n) => n.id));
      } else if ((mod && k === 'f') || (!mod && e.key === '/')) {
        e.preventDefault();
        setFind(true);
      } else if (e.key === 'Delete' || e.key === 'Backspace') {
        e.preventDefault();
        removeSelection();
      } else if (e.key.startsWith('Arrow')) {
        if (!model.getSelection().length) return;
        e.preventDefault();
        const step = e.shiftKey ? GRID : 1;
        const d = { ArrowUp: [0, -step], ArrowDown: [0, step], ArrowLeft: [-step, 0], ArrowRight: [step, 0] }[
          e.key
        ] as [number, number] | undefined;
        if (d) nudge(d[0], d[1]);
      } else if (e.key === '!' || (e.shiftKey && e.code === 'Digit1')) {
        rf.fitView({ padding: 0.12, duration: 300 });
      } else if (e.key === '?') {
        setHelp((h) => !h);
      } else if (!mod && k === 'g') {
        setSnap((s) => !s);
      } else if (!mod && k === 'l') {
        void runLayout();
      }
    };
    const onCopy = (e: ClipboardEvent) => {
      if (isEditable(e.target)) return;
      const text = copy();
      if (!text) return;
      e.clipboardData?.setData('text/plain', text);
      e.preventDefault();
      if (e.type === 'cut') removeSelection();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isEditable(e.target)) return;
      e.preventDefault();
      paste(e.clipboardData?.getData('text/plain') ?? null);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [session, model, rf]);

  const onUpload = async (file: File) => {
    if (refuseEdit()) return;
    try {
      const result = await importBoardFile(file);
      if (!result.ok) setImportIssues(result.issues);
      else onOpenBoard(result.id);
    } catch (e) {
      toast(`Import failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const share = async () => {
    let url = location.href;
    try {
      url = (await api.shareLink(session.boardId, 'edit')).url;
    } catch {
      // Not the owner, or an open board: the board's address is the link.
    }
    try {
      await navigator.clipboard.writeText(url);
      toast('Edit link copied: anyone with it can edit this board.');
    } catch {
      window.prompt('Copy this link to share the board:', url);
    }
  };

  const exportAs = async (what: 'json' | 'png' | 'svg' | IacTarget, choices?: ExportChoices) => {
    setMenu(null);
    if ((what === 'terraform' || what === 'cdk') && !choices) {
      setIacDialog(what);
      return;
    }
    const board = docToBoard(session.doc);
    try {
      if (what === 'json') downloadBoardJson(board);
      else if (what === 'png' || what === 'svg') await downloadImage(board, rf.getNodes(), what);
      else {
        setIacDialog(null);
        const warnings = await downloadIac(board, what, choices);
        if (warnings.length) toast(`Exported with ${warnings.length} note(s): ${warnings[0]}`);
      }
    } catch (e) {
      toast(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  // The panels re-render when the selected node or edge changes, not on every document change.
  const selNode = useSyncExternalStore(
    (fn) => model.subscribe(fn),
    () => (selection.nodes.length === 1 ? model.board.get(selection.nodes[0]!) : undefined),
  );
  const selEdge = useSyncExternalStore(
    (fn) => model.subscribe(fn),
    () => (!selNode && selection.edges.length === 1 ? model.boardEdges.get(selection.edges[0]!) : undefined),
  );
  const openCount = validation.findings.filter((f) => !f.acknowledged && f.severity !== 'info').length;
  const stateLabel =
    conn.state === 'connected'
      ? 'Live'
      : conn.state === 'connecting'
        ? 'Connecting…'
        : 'Offline · edits kept in this browser';

  return (
    <div className="board-screen">
      <header className="topbar">
        <button type="button" className="brand" onClick={onHome} title="All boards">
          <img src="/favicon.svg" alt="" />
          <span>Stratus</span>
        </button>
        <span className="sep" />
        <input
          className="board-name"
          aria-label="Board name"
          title={conn.readOnly ? `${name}. ${conn.readOnly}` : name}
          value={name}
          placeholder="Untitled board"
          readOnly={conn.readOnly !== null}
          onChange={(e) => rename(e.target.value)}
        />
        <span className={`conn conn-${conn.state}`} data-testid="connection" data-state={conn.state}>
          <span className="dot" />
          {stateLabel}
        </span>
        <div className="spacer" />
        <div className="toolbar">
          <button
            type="button"
            className="tool"
            title="Undo (Ctrl+Z)"
            disabled={!undoState.undo || conn.readOnly !== null}
            onClick={() => session.undo.undo()}
          >
            ↶
          </button>
          <button
            type="button"
            className="tool"
            title="Redo (Ctrl+Shift+Z)"
            disabled={!undoState.redo || conn.readOnly !== null}
            onClick={() => session.undo.redo()}
          >
            ↷
          </button>
          <button
            type="button"
            className={`tool${snap ? ' is-on' : ''}`}
            title="Snap to grid (G)"
            onClick={() => setSnap((s) => !s)}
          >
            #
          </button>
          <button
            type="button"
            className="tool"
            title={conn.readOnly ?? 'Auto-layout (L)'}
            disabled={conn.readOnly !== null}
            onClick={() => void runLayout()}
          >
            ⊞
          </button>
          <button
            type="button"
            className="tool"
            title="Zoom to fit (Shift+1)"
            onClick={() => rf.fitView({ padding: 0.12, duration: 300 })}
          >
            ⤢
          </button>
          <button type="button" className="tool" title="Find a node (Ctrl+F)" onClick={() => setFind(true)}>
            ⌕
          </button>
          <button type="button" className="tool" title="Keyboard shortcuts (?)" onClick={() => setHelp(true)}>
            ?
          </button>
        </div>
        <span className="sep" />
        <div className="avatars" data-testid="presence">
          {peers.map((p) => (
            <button
              type="button"
              key={p.clientId}
              className={`avatar${follow === p.clientId ? ' is-following' : ''}`}
              style={{ background: p.user.color }}
              title={
                follow === p.clientId
                  ? `Following ${p.user.name} (click to stop)`
                  : `${p.user.name}: click to follow`
              }
              data-name={p.user.name}
              onClick={() => setFollow((f) => (f === p.clientId ? null : p.clientId))}
            >
              {initials(p.user.name)}
            </button>
          ))}
          <div className="menu-anchor">
            <button
              type="button"
              className="avatar me"
              style={{ background: identity.color }}
              title={`You: ${identity.name}`}
              onClick={() => setMenu(menu === 'me' ? null : 'me')}
            >
              {initials(identity.name)}
            </button>
            {menu === 'me' ? (
              <div className="menu menu-right">
                <div className="menu-title">Your name on this board</div>
                <input
                  className="menu-input"
                  defaultValue={identity.name}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      onIdentity({ ...identity, name: e.currentTarget.value.trim() || identity.name });
                      setMenu(null);
                    }
                  }}
                />
                <div className="muted small">Press Enter to save.</div>
              </div>
            ) : null}
          </div>
        </div>
        <ReviewButtons review={review} onShareFallback={() => void share()} />
        {conn.readOnly === null ? (
          <button
            type="button"
            className="btn"
            title="Import a board file (.board.json) as a new board"
            onClick={() => fileInput.current?.click()}
          >
            Import…
          </button>
        ) : null}
        <div className="menu-anchor">
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setMenu(menu === 'export' ? null : 'export')}
          >
            Export ▾
          </button>
          {menu === 'export' ? (
            <div className="menu menu-right" role="menu">
              <button type="button" role="menuitem" onClick={() => void exportAs('png')}>
                PNG image
              </button>
              <button type="button" role="menuitem" onClick={() => void exportAs('svg')}>
                SVG image
              </button>
              <button type="button" role="menuitem" onClick={() => void exportAs('json')}>
                Board file (.board.json)
              </button>
              <div className="menu-sep" />
              <button type="button" role="menuitem" onClick={() => void exportAs('terraform')}>
                Terraform (.zip)…
              </button>
              <button type="button" role="menuitem" onClick={() => void exportAs('cdk')}>
                AWS CDK app (.zip)…
              </button>
            </div>
          ) : null}
        </div>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="import-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void onUpload(f);
            e.target.value = '';
          }}
        />
      </header>
      <div className="board-body">
        {conn.readOnly === null ? <Palette onAdd={addAtCentre} /> : null}
        <main className="canvas-wrap" data-framing={framing}>
          <Canvas
            session={session}
            model={model}
            peers={peers}
            snap={snap}
            onNotice={toast}
            onSelectionChange={onSelectionChange}
            readOnly={conn.readOnly !== null}
          />
          <ReviewLayer
            review={review}
            nodes={model.board}
            selectedNode={selection.nodes.length === 1 ? selection.nodes[0]! : null}
            findings={validation.findings}
            onSelectNode={(id) => select([id])}
          />
          {conn.synced ? <EmptyBoardHint model={model} canEdit={review.can.edit} /> : null}
          {!conn.synced && conn.state !== 'offline' ? (
            <div className="canvas-loading">Loading board…</div>
          ) : null}
          {conn.accessLost ? (
            <div className="board-refused" role="alert" data-testid="board-refused">
              <h2>You no longer have access to this board</h2>
              <p>{conn.accessLost}</p>
              <button type="button" className="btn btn-primary" onClick={onHome}>
                All boards
              </button>
            </div>
          ) : null}
          {discarded ? (
            <div className="discard-notice" role="alert" data-testid="discard-notice">
              <span>{discarded}</span>
              <button type="button" className="link-btn" onClick={onDismissDiscarded}>
                Dismiss
              </button>
            </div>
          ) : null}
          {notice ? (
            <div className="toast" role="status">
              {notice}
            </div>
          ) : null}
          {follow !== null ? (
            <div className="follow-banner">
              Following {peers.find((p) => p.clientId === follow)?.user.name}
              <button type="button" className="link-btn" onClick={() => setFollow(null)}>
                Stop
              </button>
            </div>
          ) : null}
          {find ? (
            <FindDialog
              model={model}
              onClose={() => setFind(false)}
              onPick={(id) => {
                setFind(false);
                select([id]);
                rf.fitView({ nodes: [{ id }], duration: 400, padding: 0.6, maxZoom: 1.4 });
              }}
            />
          ) : null}
          {help ? <HelpOverlay onClose={() => setHelp(false)} /> : null}
          {iacDialog ? (
            <ExportDialog
              target={iacDialog}
              onExport={(c) => void exportAs(iacDialog, c)}
              onClose={() => setIacDialog(null)}
            />
          ) : null}
          {importIssues ? <ImportIssues issues={importIssues} onClose={() => setImportIssues(null)} /> : null}
        </main>
        <aside className="sidebar">
          <div className="tabs" role="tablist">
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'props'}
              className={tab === 'props' ? 'is-active' : ''}
              onClick={() => setTab('props')}
            >
              Properties
            </button>
            <button
              type="button"
              role="tab"
              aria-selected={tab === 'issues'}
              className={tab === 'issues' ? 'is-active' : ''}
              onClick={() => setTab('issues')}
              data-testid="issues-tab"
            >
              Issues {openCount ? <span className="tab-count">{openCount}</span> : null}
            </button>
          </div>
          <div className="sidebar-scroll">
            {tab === 'issues' ? (
              <ValidationPanel
                validation={validation}
                nodes={model.board}
                onFocus={focusFinding}
                onComment={findingCommenter(review)}
              />
            ) : selNode ? (
              <fieldset
                className="review-readonly"
                disabled={conn.readOnly !== null}
                data-testid="properties"
              >
                <NodeProperties
                  session={session}
                  node={selNode}
                  nodes={model.board}
                  findings={validation.findings}
                  readOnly={conn.readOnly}
                />
              </fieldset>
            ) : selEdge ? (
              <fieldset
                className="review-readonly"
                disabled={conn.readOnly !== null}
                data-testid="properties"
              >
                <EdgeProperties
                  session={session}
                  edge={selEdge}
                  nodes={model.board}
                  readOnly={conn.readOnly}
                />
              </fieldset>
            ) : (
              <div className="empty-state">
                <div className="empty-icon">
                  {/* An SVG, not a symbol character: fonts without U+2316 drew an empty box. */}
                  <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
                    <path
                      d="M5 3l13 7-6 1.5L9 18z"
                      fill="none"
                      stroke="currentColor"
                      strokeWidth="1.8"
                      strokeLinejoin="round"
                    />
                  </svg>
                </div>
                <div>
                  {selection.nodes.length > 1
                    ? `${selection.nodes.length} nodes selected`
                    : 'Nothing selected'}
                </div>
                {conn.readOnly === null ? (
                  <div className="muted small">
                    Select a node or an edge to edit its properties. Drag resources from the palette; connect
                    nodes by dragging from the dots on their sides.
                  </div>
                ) : (
                  <div className="muted small" data-testid="readonly-reason">
                    Select a node or an edge to see its properties. {conn.readOnly}
                  </div>
                )}
              </div>
            )}
          </div>
        </aside>
      </div>
    </div>
  );
}

function FindDialog({
  model,
  onClose,
  onPick,
}: {
  model: FlowModel;
  onClose: () => void;
  onPick: (id: string) => void;
}) {
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const results = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return [...model.board.values()]
      .filter((n) => !needle || `${n.label} ${kindDef(n.kind)?.title ?? ''}`.toLowerCase().includes(needle))
      .slice(0, 50);
  }, [q, model]);
  return (
    <Dialog label="Find a node" className="find" onClose={onClose}>
      <input
        // biome-ignore lint/a11y/noAutofocus: the dialog exists to type into
        autoFocus
        placeholder="Find a node by name…"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, results.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter' && results[active]) onPick(results[active]!.id);
        }}
      />
      <ul className="find-results">
        {results.map((n, i) => (
          <li key={n.id}>
            <button type="button" className={i === active ? 'is-active' : ''} onClick={() => onPick(n.id)}>
              <span>{n.label || '(no name)'}</span>
              <span className="muted small">{kindDef(n.kind)?.title}</span>
            </button>
          </li>
        ))}
        {!results.length ? <li className="muted pad">No node is called “{q}”.</li> : null}
      </ul>
    </Dialog>
  );
}

/** What an empty canvas says: where to start, and how connecting works. */
function EmptyBoardHint({ model, canEdit }: { model: FlowModel; canEdit: boolean }) {
  const empty = useSyncExternalStore(
    (fn) => model.subscribe(fn),
    () => model.board.size === 0,
  );
  if (!empty) return null;
  return (
    <div className="empty-board-hint" data-testid="empty-board-hint">
      {canEdit ? (
        <>
          <strong>Start by dragging a resource from the palette</strong>
          <span>
            A VPC first, then availability zones and subnets inside it. Connect two nodes by dragging from the
            dot on a node’s side to the other node. Press ? for every shortcut.
          </span>
        </>
      ) : (
        <strong>This board is empty.</strong>
      )}
    </div>
  );
}

function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([k, v]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
