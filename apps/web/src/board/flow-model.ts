/**
 * React Flow state derived from the board's Y.Doc.
 *
 * The document is the only source of truth. This class observes the `nodes` and `edges` maps
 * and re-derives only the entries a transaction touched, so an unchanged node keeps the same
 * object (React Flow and React.memo then skip it: re-renders stay bounded to what changed).
 * Local view state — selection, measured sizes, validation badges, other people's selections —
 * lives here and is never written to the document.
 */
import {
  type BoardEdge,
  type BoardNode,
  edgesMap,
  kindDef,
  nodesMap,
  yToEdge,
  yToNode,
} from '@stratus/model';
import { publicSubnetsOf } from '@stratus/validator';
import { type Edge, MarkerType, type Node } from '@xyflow/react';
import * as Y from 'yjs';
import { EDGE_STYLES, edgeLabel } from './edge-style.ts';
import type { RoutedEdge, RoutedNode } from './routing.ts';

export interface NodeDecor {
  errors: number;
  warnings: number;
  infos: number;
  /** Colours of other people who have this node selected. */
  remote: string[];
  /** A subnet whose route table sends 0.0.0.0/0 to an internet gateway of its own VPC. */
  publicSubnet: boolean;
}

export const NO_DECOR: NodeDecor = Object.freeze({
  errors: 0,
  warnings: 0,
  infos: 0,
  remote: [] as string[],
  publicSubnet: false,
}) as NodeDecor;

export type StratusNodeData = { node: BoardNode; decor: NodeDecor };
export type FlowNode = Node<StratusNodeData>;
export type StratusEdgeData = { edge: BoardEdge };
export type FlowEdge = Edge<StratusEdgeData>;

/** Size of an icon card (resources); containers and whiteboard boxes carry their own size. */
export const CARD = { width: 180, height: 48 } as const;

/** The React Flow node type used to draw a node kind. */
export function flowType(kind: string): string {
  const def = kindDef(kind);
  if (!def) return 'resource';
  if (def.container) return 'container';
  if (kind === 'text' || kind === 'sticky' || kind === 'frame') return kind;
  return 'resource';
}

/**
 * The stacking of everything that is not a container. React Flow draws a child above its parent
 * (z = parent's z + 1), so a subnet three levels deep sits at z 2; a security group that is a child
 * of the VPC (z 0) overlapping that subnet would be drawn under it and picked by its clicks.
 * Containers stay at -1 (+ depth), everything else above all of them.
 */
export const ABOVE_CONTAINERS = 1000;

export function nodeSize(node: BoardNode): { width: number; height: number } {
  if (node.size) return node.size;
  const def = kindDef(node.kind);
  if (def?.defaultSize) return { ...def.defaultSize };
  if (node.kind === 'text') return { width: 200, height: 40 };
  return { ...CARD };
}

/**
 * A board as the edge router sees it on the canvas (routing.ts `drawEdges`): every node but frames
 * at its absolute place and its size (cards not measured yet at the card's size), every edge with its label.
 */
export function routedBoard(board: { nodes: readonly BoardNode[]; edges: readonly BoardEdge[] }): {
  nodes: RoutedNode[];
  edges: RoutedEdge[];
} {
  const byId = new Map(board.nodes.map((n) => [n.id, n]));
  const abs = (n: BoardNode): { x: number; y: number } => {
    const p = n.parentId ? byId.get(n.parentId) : undefined;
    const o = p ? abs(p) : { x: 0, y: 0 };
    return { x: o.x + n.position.x, y: o.y + n.position.y };
  };
  return {
    nodes: board.nodes
      .filter((n) => n.kind !== 'frame')
      .map((n) => {
        const { width, height } = nodeSize(n);
        return { id: n.id, box: { ...abs(n), w: width, h: height }, container: !!kindDef(n.kind)?.container };
      }),
    edges: board.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, label: edgeLabel(e) })),
  };
}

/** Nodes whose place decides whether a subnet is public: internet gateways and containers. */
const decidesPublicSubnets = (n: BoardNode) => n.kind === 'internet-gateway' || !!kindDef(n.kind)?.container;

const sameDecor = (a: NodeDecor, b: NodeDecor) =>
  a.errors === b.errors &&
  a.warnings === b.warnings &&
  a.infos === b.infos &&
  a.publicSubnet === b.publicSubnet &&
  a.remote.length === b.remote.length &&
  a.remote.every((c, i) => c === b.remote[i]);

export class FlowModel {
  nodes: FlowNode[] = [];
  edges: FlowEdge[] = [];
  /** Domain nodes by id, as last read from the document. */
  readonly board = new Map<string, BoardNode>();
  readonly boardEdges = new Map<string, BoardEdge>();
  /** How many flow node objects were (re)built: for tests and the benchmark. */
  derivedNodeCount = 0;

  private order = new Map<string, number>();
  private edgeOrder = new Map<string, number>();
  private flowNodes = new Map<string, FlowNode>();
  private flowEdges = new Map<string, FlowEdge>();
  private selected = new Set<string>();
  private selectedEdges = new Set<string>();
  private measured = new Map<string, { width: number; height: number }>();
  private decor = new Map<string, NodeDecor>();
  private findingDecor = new Map<string, { errors: number; warnings: number; infos: number }>();
  private remoteSel = new Map<string, string[]>();
  private listeners = new Set<() => void>();
  private nodeOrderDirty = true;
  private edgeOrderDirty = true;

  constructor(private readonly doc: Y.Doc) {
    for (const id of nodesMap(doc).keys()) this.readNode(id);
    for (const id of edgesMap(doc).keys()) this.readEdge(id);
    this.updatePublicSubnets();
    this.rebuild(new Set(this.board.keys()), new Set(this.boardEdges.keys()));
    nodesMap(doc).observeDeep(this.onNodes);
    edgesMap(doc).observeDeep(this.onEdges);
  }

  destroy() {
    nodesMap(this.doc).unobserveDeep(this.onNodes);
    edgesMap(this.doc).unobserveDeep(this.onEdges);
    this.listeners.clear();
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emit() {
    for (const fn of this.listeners) fn();
  }

  private changedIds(events: Y.YEvent<Y.AbstractType<unknown>>[], root: Y.Map<unknown>): Set<string> {
    const ids = new Set<string>();
    for (const ev of events) {
      if (ev.target === root) for (const key of ev.changes.keys.keys()) ids.add(key);
      else if (typeof ev.path[0] === 'string') ids.add(ev.path[0]);
    }
    return ids;
  }

  private onNodes = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    const ids = this.changedIds(events, nodesMap(this.doc) as Y.Map<unknown>);
    let moved = false;
    for (const id of ids) moved = this.readNode(id) || moved;
    // A gateway or container that appeared, vanished or moved can change which VPC a route's
    // gateway is in, and so which subnets are public. Props, labels and positions cannot.
    if (moved) for (const id of this.updatePublicSubnets()) ids.add(id);
    this.rebuild(ids, new Set());
    this.emit();
  };

  private onEdges = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    const ids = this.changedIds(events, edgesMap(this.doc) as Y.Map<unknown>);
    const touched = new Set<string>();
    for (const id of ids) {
      const before = this.boardEdges.get(id);
      this.readEdge(id);
      const after = this.boardEdges.get(id);
      if (before?.kind === 'route' || after?.kind === 'route') {
        if (before) touched.add(before.source);
        if (after) touched.add(after.source);
      }
    }
    const nodeIds = touched.size ? this.updatePublicSubnets() : new Set<string>();
    this.rebuild(nodeIds, ids);
    this.emit();
  };

  /** Reads a node from the document; true when a gateway or container was added, removed or re-parented. */
  private readNode(id: string): boolean {
    const y = nodesMap(this.doc).get(id);
    const node = y instanceof Y.Map ? yToNode(id, y) : undefined;
    const prev = this.board.get(id);
    if (!node) {
      if (prev) {
        this.board.delete(id);
        this.order.delete(id);
        this.selected.delete(id);
        this.nodeOrderDirty = true;
      }
      return !!prev && decidesPublicSubnets(prev);
    }
    const order = (y as Y.Map<unknown>).get('order');
    const o = typeof order === 'number' ? order : 0;
    if (!prev || prev.parentId !== node.parentId || this.order.get(id) !== o) this.nodeOrderDirty = true;
    this.board.set(id, node);
    this.order.set(id, o);
    return decidesPublicSubnets(node) && prev?.parentId !== node.parentId;
  }

  private readEdge(id: string) {
    const y = edgesMap(this.doc).get(id);
    const edge = y instanceof Y.Map ? yToEdge(id, y) : undefined;
    if (!edge) {
      if (this.boardEdges.delete(id)) {
        this.edgeOrder.delete(id);
        this.selectedEdges.delete(id);
        this.edgeOrderDirty = true;
      }
      return;
    }
    if (!this.boardEdges.has(id)) this.edgeOrderDirty = true;
    this.boardEdges.set(id, edge);
    const order = (y as Y.Map<unknown>).get('order');
    this.edgeOrder.set(id, typeof order === 'number' ? order : 0);
  }

  /**
   * Sets each subnet's public flag from the validator's definition (`publicSubnetsOf`: a 0.0.0.0/0
   * route to an internet gateway of the subnet's own VPC), so the face never disagrees with the
   * findings. Returns the subnets whose flag changed.
   */
  private updatePublicSubnets(): Set<string> {
    const pub = publicSubnetsOf(this.board, this.boardEdges.values());
    const changed = new Set<string>();
    for (const [id, n] of this.board) {
      if (n.kind !== 'subnet') continue;
      const d = this.decor.get(id) ?? NO_DECOR;
      if (d.publicSubnet !== pub.has(id)) {
        this.decor.set(id, { ...d, publicSubnet: pub.has(id) });
        changed.add(id);
      }
    }
    return changed;
  }

  private buildNode(id: string): FlowNode | undefined {
    const node = this.board.get(id);
    if (!node) return undefined;
    this.derivedNodeCount++;
    const def = kindDef(node.kind);
    const type = flowType(node.kind);
    const sized = type !== 'resource' || !!node.size;
    const size = nodeSize(node);
    const parent = node.parentId !== null && this.board.has(node.parentId) ? node.parentId : undefined;
    const fn: FlowNode = {
      id,
      type,
      position: node.position,
      data: { node, decor: this.decor.get(id) ?? NO_DECOR },
      selected: this.selected.has(id),
      ...(parent && { parentId: parent }),
      ...(sized ? { width: size.width, height: size.height } : {}),
      zIndex: def?.container || node.kind === 'frame' ? -1 : ABOVE_CONTAINERS,
    };
    const m = this.measured.get(id);
    if (m) fn.measured = m;
    return fn;
  }

  private buildEdge(id: string): FlowEdge | undefined {
    const edge = this.boardEdges.get(id);
    if (!edge) return undefined;
    return {
      id,
      type: 'stratus',
      source: edge.source,
      target: edge.target,
      data: { edge },
      selected: this.selectedEdges.has(id),
      markerEnd: {
        type: MarkerType.ArrowClosed,
        color: EDGE_STYLES[edge.kind]?.color ?? '#475569',
        width: 18,
        height: 18,
      },
    };
  }

  private sortedNodeIds(): string[] {
    // Parents before children (React Flow needs it), otherwise by document order.
    const byParent = new Map<string | null, string[]>();
    const ids = [...this.board.keys()].sort(
      (a, b) => (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0),
    );
    for (const id of ids) {
      const p = this.board.get(id)!.parentId;
      const parent = p !== null && this.board.has(p) ? p : null;
      let list = byParent.get(parent);
      if (!list) byParent.set(parent, (list = []));
      list.push(id);
    }
    const out: string[] = [];
    const seen = new Set<string>();
    const visit = (parent: string | null) => {
      for (const id of byParent.get(parent) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        out.push(id);
        visit(id);
      }
    };
    visit(null);
    // Nodes caught in a parent cycle (a concurrent-edit leftover): show them at the root.
    for (const id of ids) if (!seen.has(id)) out.push(id);
    return out;
  }

  private rebuild(nodeIds: Set<string>, edgeIds: Set<string>) {
    for (const id of nodeIds) {
      const fn = this.buildNode(id);
      if (fn) this.flowNodes.set(id, fn);
      else this.flowNodes.delete(id);
    }
    for (const id of edgeIds) {
      const fe = this.buildEdge(id);
      if (fe) this.flowEdges.set(id, fe);
      else this.flowEdges.delete(id);
    }
    if (nodeIds.size || this.nodeOrderDirty) {
      if (this.nodeOrderDirty) {
        // A parent that appeared or vanished changes its children's parentId in React Flow.
        for (const [id, fn] of this.flowNodes) {
          const p = this.board.get(id)?.parentId ?? null;
          const want = p !== null && this.board.has(p) ? p : undefined;
          if (fn.parentId !== want) this.flowNodes.set(id, this.buildNode(id)!);
        }
        this.sorted = this.sortedNodeIds();
        this.nodeOrderDirty = false;
      }
      this.nodes = this.sorted.map((id) => this.flowNodes.get(id)!).filter(Boolean);
    }
    if (edgeIds.size || this.edgeOrderDirty) {
      const ids = [...this.boardEdges.keys()];
      if (this.edgeOrderDirty)
        ids.sort((a, b) => (this.edgeOrder.get(a) ?? 0) - (this.edgeOrder.get(b) ?? 0));
      this.edgeOrderDirty = false;
      this.edges = ids.map((id) => this.flowEdges.get(id)!).filter(Boolean);
    }
  }

  private sorted: string[] = [];

  /** Rebuilds the given nodes (after a view-state change) and notifies. */
  private refresh(ids: Iterable<string>, edgeIds: Iterable<string> = []) {
    const n = new Set([...ids].filter((id) => this.board.has(id)));
    const e = new Set([...edgeIds].filter((id) => this.boardEdges.has(id)));
    if (!n.size && !e.size) return;
    this.rebuild(n, e);
    this.emit();
  }

  getSelection(): string[] {
    return [...this.selected].filter((id) => this.board.has(id));
  }

  getEdgeSelection(): string[] {
    return [...this.selectedEdges].filter((id) => this.boardEdges.has(id));
  }

  setSelection(ids: Iterable<string>, edgeIds: Iterable<string> = []) {
    const next = new Set(ids);
    const nextEdges = new Set(edgeIds);
    const changed = new Set<string>();
    for (const id of this.selected) if (!next.has(id)) changed.add(id);
    for (const id of next) if (!this.selected.has(id)) changed.add(id);
    const changedEdges = new Set<string>();
    for (const id of this.selectedEdges) if (!nextEdges.has(id)) changedEdges.add(id);
    for (const id of nextEdges) if (!this.selectedEdges.has(id)) changedEdges.add(id);
    this.selected = next;
    this.selectedEdges = nextEdges;
    this.refresh(changed, changedEdges);
  }

  setMeasured(sizes: Iterable<[string, { width: number; height: number }]>) {
    const changed: string[] = [];
    for (const [id, size] of sizes) {
      const prev = this.measured.get(id);
      if (prev && prev.width === size.width && prev.height === size.height) continue;
      this.measured.set(id, size);
      changed.push(id);
    }
    this.refresh(changed);
  }

  /** Validation counts per node (from the sidebar's findings, unacknowledged only). */
  setFindingCounts(counts: Map<string, { errors: number; warnings: number; infos: number }>) {
    const changed: string[] = [];
    const ids = new Set([...this.findingDecor.keys(), ...counts.keys()]);
    for (const id of ids) {
      const c = counts.get(id) ?? { errors: 0, warnings: 0, infos: 0 };
      const d = this.decor.get(id) ?? NO_DECOR;
      const next = { ...d, ...c };
      if (!sameDecor(d, next)) {
        this.decor.set(id, next);
        changed.push(id);
      }
    }
    this.findingDecor = counts;
    this.refresh(changed);
  }

  /** Other people's selections: node id → their colours. */
  setRemoteSelections(sel: Map<string, string[]>) {
    const changed: string[] = [];
    const ids = new Set([...this.remoteSel.keys(), ...sel.keys()]);
    for (const id of ids) {
      const d = this.decor.get(id) ?? NO_DECOR;
      const next = { ...d, remote: sel.get(id) ?? [] };
      if (!sameDecor(d, next)) {
        this.decor.set(id, next);
        changed.push(id);
      }
    }
    this.remoteSel = sel;
    this.refresh(changed);
  }

  /** Absolute (canvas) position of a node's top-left corner. */
  absolutePosition(id: string): { x: number; y: number } {
    let x = 0;
    let y = 0;
    const seen = new Set<string>();
    let cur = this.board.get(id);
    while (cur && !seen.has(cur.id)) {
      seen.add(cur.id);
      x += cur.position.x;
      y += cur.position.y;
      cur = cur.parentId !== null ? this.board.get(cur.parentId) : undefined;
    }
    return { x, y };
  }

  /** Ids of the node and everything inside it. */
  subtree(id: string): Set<string> {
    const out = new Set<string>([id]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const n of this.board.values()) {
        if (n.parentId !== null && out.has(n.parentId) && !out.has(n.id)) {
          out.add(n.id);
          grew = true;
        }
      }
    }
    return out;
  }
}
