/**
 * Editing logic that does not need React: where a dropped node lands, re-parenting, copy and
 * paste. Every change is then applied through the model's Y.Doc operations.
 */
import {
  addNodes,
  type BoardEdge,
  type BoardNode,
  canContain,
  connectableKinds,
  edgeKindDef,
  type EdgeKind,
  isNodeKind,
  kindDef,
  type NodeKind,
  newId,
  updateNodes,
} from '@stratus/model';
import { nodeSize } from './flow-model.ts';

export interface NodeLookup {
  board: ReadonlyMap<string, BoardNode>;
  absolutePosition(id: string): { x: number; y: number };
  subtree(id: string): Set<string>;
}

const depth = (m: NodeLookup, id: string) => {
  let d = 0;
  let cur = m.board.get(id);
  const seen = new Set<string>();
  while (cur?.parentId && !seen.has(cur.id)) {
    seen.add(cur.id);
    d++;
    cur = m.board.get(cur.parentId);
  }
  return d;
};

/**
 * The container a node of `kind` dropped at the canvas point `p` goes into: the deepest
 * container under the point that may hold it (`canContain`), or null for the canvas.
 * `exclude` are nodes that cannot be the target (the dragged node and what it holds).
 */
export function dropParent(
  m: NodeLookup,
  kind: NodeKind,
  p: { x: number; y: number },
  exclude: ReadonlySet<string> = new Set(),
): string | null {
  let best: string | null = null;
  let bestDepth = -1;
  for (const n of m.board.values()) {
    if (exclude.has(n.id) || !kindDef(n.kind)?.container) continue;
    if (!canContain(n.kind, kind)) continue;
    const a = m.absolutePosition(n.id);
    const s = nodeSize(n);
    if (p.x < a.x || p.y < a.y || p.x > a.x + s.width || p.y > a.y + s.height) continue;
    const d = depth(m, n.id);
    if (d > bestDepth) {
      best = n.id;
      bestDepth = d;
    }
  }
  if (best === null && !canContain(null, kind)) return null;
  return best;
}

/** Position relative to `parentId` of a point given in canvas coordinates. */
export function relativeTo(m: NodeLookup, parentId: string | null, abs: { x: number; y: number }) {
  if (parentId === null) return { x: Math.round(abs.x), y: Math.round(abs.y) };
  const a = m.absolutePosition(parentId);
  return { x: Math.round(abs.x - a.x), y: Math.round(abs.y - a.y) };
}

/**
 * After a drag: if the node's centre is now over a different container that may hold it, the
 * patch that moves it there (same place on screen, position relative to the new parent).
 */
export function reparentAfterDrag(
  m: NodeLookup,
  id: string,
): { parentId: string | null; position: { x: number; y: number } } | null {
  const node = m.board.get(id);
  if (!node) return null;
  const abs = m.absolutePosition(id);
  const size = nodeSize(node);
  const centre = { x: abs.x + size.width / 2, y: abs.y + size.height / 2 };
  const target = dropParent(m, node.kind, centre, m.subtree(id));
  if (target === node.parentId) return null;
  if (target === null && !canContain(null, node.kind)) return null;
  return { parentId: target, position: relativeTo(m, target, abs) };
}

/** Inside a container: room for its header above and a margin around its contents. */
export const CONTAINER_HEADER = 40;
export const CONTAINER_PAD = 12;
/** The free space kept between a placed node and its siblings. */
const SIBLING_GAP = 8;
const NUDGE_STEP = 16;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Box, b: Box, gap: number) =>
  a.x < b.x + b.width + gap &&
  b.x < a.x + a.width + gap &&
  a.y < b.y + b.height + gap &&
  b.y < a.y + a.height + gap;

/** Where a new node goes, or why it cannot go there. */
export type Placement =
  | {
      ok: true;
      node: BoardNode;
      /** Containers that grow to hold it (new sizes), innermost first. */
      grow: Map<string, { width: number; height: number }>;
    }
  | { ok: false; message: string };

/**
 * Places a new node dropped (or added) at the canvas point `p`: centred on the point, inside the
 * deepest container there that may hold it, wholly inside that container's content area (clamped;
 * a container too small for it grows, and so do its ancestors), and clear of its siblings (moved to
 * the nearest free spot, or below them when the container is full, which then grows).
 */
export function placeNewNode(
  m: NodeLookup,
  node: BoardNode,
  p: { x: number; y: number },
  snap?: number,
): Placement {
  const def = kindDef(node.kind);
  const parentId = dropParent(m, node.kind, p);
  if (parentId === null && !def.parents.includes('root')) {
    const where = def.parents.map((k) => kindDef(k as NodeKind)?.title ?? k).join(' or ');
    return { ok: false, message: `A ${def.title} goes inside a ${where}: drop it onto one.` };
  }
  const size = nodeSize(node);
  const round = (v: number) => (snap ? Math.round(v / snap) * snap : Math.round(v));
  const parent = parentId === null ? undefined : m.board.get(parentId);
  const parentSize = parent ? nodeSize(parent) : undefined;
  // Work in the parent's coordinates.
  const origin = parentId === null ? { x: 0, y: 0 } : m.absolutePosition(parentId);
  let at = { x: round(p.x - size.width / 2 - origin.x), y: round(p.y - size.height / 2 - origin.y) };
  const grow = new Map<string, { width: number; height: number }>();
  const room = parentSize ? { ...parentSize } : undefined;
  if (room) {
    // Big enough for the node, and the node clamped into the content area.
    room.width = Math.max(room.width, size.width + 2 * CONTAINER_PAD);
    room.height = Math.max(room.height, size.height + CONTAINER_HEADER + CONTAINER_PAD);
    at.x = Math.max(CONTAINER_PAD, Math.min(at.x, room.width - CONTAINER_PAD - size.width));
    at.y = Math.max(CONTAINER_HEADER, Math.min(at.y, room.height - CONTAINER_PAD - size.height));
  }
  const siblings: Box[] = [];
  for (const n of m.board.values())
    if (n.parentId === parentId && n.id !== node.id) siblings.push({ ...n.position, ...nodeSize(n) });
  const free = (q: { x: number; y: number }) =>
    !siblings.some((b) => overlaps({ ...q, ...size }, b, SIBLING_GAP - 0.5)) &&
    (!room ||
      (q.x >= CONTAINER_PAD &&
        q.y >= CONTAINER_HEADER &&
        q.x + size.width <= room.width - CONTAINER_PAD &&
        q.y + size.height <= room.height - CONTAINER_PAD));
  if (!free(at)) {
    // The nearest free spot, ring by ring around the drop point.
    let found: { x: number; y: number } | null = null;
    const rings = room ? Math.ceil(Math.max(room.width, room.height) / NUDGE_STEP) : 40;
    for (let r = 1; r <= rings && !found; r++) {
      let best: { x: number; y: number; d: number } | null = null;
      for (let i = -r; i <= r; i++)
        for (const [dx, dy] of [
          [i, -r],
          [i, r],
          [-r, i],
          [r, i],
        ] as const) {
          const q = { x: at.x + dx * NUDGE_STEP, y: at.y + dy * NUDGE_STEP };
          const d = Math.hypot(dx, dy);
          if ((!best || d < best.d) && free(q)) best = { ...q, d };
        }
      if (best) found = { x: best.x, y: best.y };
    }
    if (found) at = found;
    else {
      // Full: below everything already there, and the container grows to hold it.
      const bottom = Math.max(CONTAINER_HEADER - SIBLING_GAP, ...siblings.map((b) => b.y + b.height));
      at = { x: room ? CONTAINER_PAD : at.x, y: bottom + SIBLING_GAP };
      if (room) room.height = Math.max(room.height, at.y + size.height + CONTAINER_PAD);
    }
  }
  if (
    parent &&
    parentSize &&
    room &&
    (room.width !== parentSize.width || room.height !== parentSize.height)
  ) {
    grow.set(parent.id, room);
    growAncestors(m, parent, room, grow);
  }
  return { ok: true, node: { ...node, parentId, position: at }, grow };
}

/** Adds a placed node and grows its containers, as one change (one undo step). */
export function addPlacedNode(
  doc: Parameters<typeof addNodes>[0],
  placed: Extract<Placement, { ok: true }>,
  origin: unknown,
): void {
  doc.transact(() => {
    if (placed.grow.size)
      updateNodes(doc, new Map([...placed.grow].map(([id, size]) => [id, { size }])), origin);
    addNodes(doc, [placed.node], origin);
  }, origin);
}

/** Grows each ancestor of `child` (now `childSize`) that no longer holds it. */
function growAncestors(
  m: NodeLookup,
  child: BoardNode,
  childSize: { width: number; height: number },
  grow: Map<string, { width: number; height: number }>,
) {
  let c = child;
  let cs = childSize;
  const seen = new Set<string>([c.id]);
  while (c.parentId !== null) {
    const up = m.board.get(c.parentId);
    if (!up || seen.has(up.id)) return;
    seen.add(up.id);
    const size = nodeSize(up);
    const need = {
      width: Math.max(size.width, c.position.x + cs.width + CONTAINER_PAD),
      height: Math.max(size.height, c.position.y + cs.height + CONTAINER_PAD),
    };
    if (need.width === size.width && need.height === size.height) return;
    grow.set(up.id, need);
    c = up;
    cs = need;
  }
}

/** A new node of a kind with its documented defaults (props stay unset = defaults). */
export function newNode(
  kind: NodeKind,
  parentId: string | null,
  position: { x: number; y: number },
  label?: string,
): BoardNode {
  const def = kindDef(kind);
  const node = {
    id: newId('n'),
    kind,
    label: label ?? def.title,
    parentId,
    position,
    props: {},
  } as BoardNode;
  if (def.defaultSize) node.size = { ...def.defaultSize };
  if (kind === 'text') (node.props as { text?: string }).text = 'Text';
  return node;
}

/** The edge kind drawn when the user connects two nodes, or null when none fits. */
export function edgeKindFor(from: NodeKind, to: NodeKind): EdgeKind | null {
  const kinds = connectableKinds(from, to);
  // Specific relations before the generic traffic flow.
  return kinds.find((k) => k !== 'traffic') ?? kinds[0] ?? null;
}

export function newEdge(kind: EdgeKind, source: string, target: string): BoardEdge {
  return { id: newId('e'), kind, source, target, props: {} } as BoardEdge;
}

/** What copy puts on the clipboard: plain board JSON fragments. */
export interface ClipboardPayload {
  format: 'stratus.clipboard';
  nodes: BoardNode[];
  edges: BoardEdge[];
}

/** The selection with everything inside it and the edges among those nodes. */
export function copyNodes(
  m: NodeLookup,
  edges: Iterable<BoardEdge>,
  ids: Iterable<string>,
  order: (id: string) => number = () => 0,
): ClipboardPayload {
  const all = new Set<string>();
  for (const id of ids) for (const d of m.subtree(id)) all.add(d);
  const nodes = [...all]
    .map((id) => m.board.get(id)!)
    .filter(Boolean)
    .sort((a, b) => order(a.id) - order(b.id));
  // Top-level copied nodes keep their absolute position, so pasting elsewhere works.
  const out = nodes.map((n) => {
    const copy = structuredClone(n);
    if (n.parentId === null || !all.has(n.parentId)) {
      copy.position = m.absolutePosition(n.id);
    }
    return copy;
  });
  const es = [...edges].filter((e) => all.has(e.source) && all.has(e.target)).map((e) => structuredClone(e));
  return { format: 'stratus.clipboard', nodes: parentsFirstList(out), edges: es };
}

function parentsFirstList(nodes: BoardNode[]): BoardNode[] {
  const ids = new Set(nodes.map((n) => n.id));
  const out: BoardNode[] = [];
  const placed = new Set<string>();
  let pending = nodes;
  while (pending.length) {
    const next: BoardNode[] = [];
    for (const n of pending) {
      if (n.parentId === null || !ids.has(n.parentId) || placed.has(n.parentId)) {
        out.push(n);
        placed.add(n.id);
      } else next.push(n);
    }
    if (next.length === pending.length) {
      out.push(...next);
      break;
    }
    pending = next;
  }
  return out;
}

export function parseClipboard(text: string): ClipboardPayload | null {
  try {
    const v = JSON.parse(text) as ClipboardPayload;
    if (v?.format !== 'stratus.clipboard' || !Array.isArray(v.nodes) || !Array.isArray(v.edges)) return null;
    const nodes = v.nodes.filter(
      (n) => n && typeof n.id === 'string' && isNodeKind(n.kind) && typeof n.position?.x === 'number',
    );
    const edges = v.edges.filter((e) => e && typeof e.id === 'string' && !!edgeKindDef(e.kind));
    return { format: 'stratus.clipboard', nodes, edges };
  } catch {
    return null;
  }
}

/**
 * Fresh copies of a clipboard payload for pasting: new ids, references inside the pasted set
 * remapped, top-level nodes placed at the root (or inside `into`) shifted by `offset`.
 */
export function instantiate(
  m: NodeLookup,
  payload: ClipboardPayload,
  offset: { x: number; y: number },
): { nodes: BoardNode[]; edges: BoardEdge[] } {
  const ids = new Map<string, string>();
  for (const n of payload.nodes) ids.set(n.id, newId('n'));
  const remap = (v: unknown): unknown => {
    if (typeof v === 'string') return ids.get(v) ?? v;
    if (Array.isArray(v)) return v.map(remap);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, remap(x)]));
    return v;
  };
  const nodes: BoardNode[] = [];
  for (const n of payload.nodes) {
    const copy = structuredClone(n) as BoardNode;
    copy.id = ids.get(n.id)!;
    const top = n.parentId === null || !ids.has(n.parentId);
    if (top) {
      const abs = { x: n.position.x + offset.x, y: n.position.y + offset.y };
      const size = nodeSize(n);
      const parent = dropParent(m, n.kind, { x: abs.x + size.width / 2, y: abs.y + size.height / 2 });
      copy.parentId = parent;
      copy.position = relativeTo(m, parent, abs);
    } else copy.parentId = ids.get(n.parentId!)!;
    copy.props = remap(copy.props) as typeof copy.props;
    delete copy.acks;
    nodes.push(copy);
  }
  const edges = payload.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => ({
      ...structuredClone(e),
      id: newId('e'),
      source: ids.get(e.source)!,
      target: ids.get(e.target)!,
    }));
  return { nodes, edges };
}
