import type { EdgeKind, EdgePropsOf } from './edges.ts';
import type { NodeKind, NodePropsOf } from './kinds/index.ts';

/** The `format` field of a board file. */
export const BOARD_FORMAT = 'stratus.board';
/** The schema version this code writes. Older files are migrated on import (see migrations.ts). */
export const BOARD_VERSION = 1;

export interface Position {
  x: number;
  y: number;
}
export interface Size {
  width: number;
  height: number;
}

/** A finding the team decided to live with; the validator keeps listing it as acknowledged. */
export interface Acknowledgement {
  reason: string;
  by?: string;
  /** ISO 8601 time. */
  at?: string;
}

interface NodeBase<K extends NodeKind> {
  id: string;
  kind: K;
  label: string;
  /** The containing node, or null for the canvas. */
  parentId: string | null;
  /** Relative to the parent's top-left corner (or the canvas origin). */
  position: Position;
  /** Containers and boxes; icon nodes have a fixed size. */
  size?: Size;
  props: NodePropsOf<K>;
  /** Acknowledged findings on this node, by rule ID. */
  acks?: Record<string, Acknowledgement>;
}

/** A node of the board: a discriminated union on `kind`, so `props` is typed per kind. */
export type BoardNode = { [K in NodeKind]: NodeBase<K> }[NodeKind];
export type BoardNodeOf<K extends NodeKind> = NodeBase<K>;

interface EdgeBase<K extends EdgeKind> {
  id: string;
  kind: K;
  source: string;
  target: string;
  label?: string;
  props: EdgePropsOf<K>;
}

export type BoardEdge = { [K in EdgeKind]: EdgeBase<K> }[EdgeKind];
export type BoardEdgeOf<K extends EdgeKind> = EdgeBase<K>;

/**
 * A board as plain data: what the file format holds, what the validator and exporters read.
 * Nodes are listed parents before children; list order is paint order.
 */
export interface Board {
  format: typeof BOARD_FORMAT;
  version: typeof BOARD_VERSION;
  name: string;
  description?: string;
  nodes: BoardNode[];
  edges: BoardEdge[];
}

export function emptyBoard(name = 'Untitled board'): Board {
  return { format: BOARD_FORMAT, version: BOARD_VERSION, name, nodes: [], edges: [] };
}

/** Id shape accepted for nodes and edges: URL- and DOM-safe. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A new random id like `n_k3x9…` (prefix `n` for nodes, `e` for edges). */
export function newId(prefix: 'n' | 'e' | string = 'n'): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let out = `${prefix}_`;
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** Index of a board's nodes by id, and children by parent (null = root). */
export interface BoardIndex {
  nodes: Map<string, BoardNode>;
  edges: Map<string, BoardEdge>;
  children: Map<string | null, BoardNode[]>;
}

export function indexBoard(board: Pick<Board, 'nodes' | 'edges'>): BoardIndex {
  const nodes = new Map<string, BoardNode>();
  const children = new Map<string | null, BoardNode[]>();
  for (const n of board.nodes) nodes.set(n.id, n);
  for (const n of board.nodes) {
    const parent = n.parentId !== null && nodes.has(n.parentId) ? n.parentId : null;
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(n);
  }
  return { nodes, edges: new Map(board.edges.map((e) => [e.id, e])), children };
}

/** The chain of containers of a node, nearest first. Stops at a cycle. */
export function ancestors(index: BoardIndex, id: string): BoardNode[] {
  const out: BoardNode[] = [];
  const seen = new Set<string>([id]);
  let current = index.nodes.get(id)?.parentId ?? null;
  while (current !== null && !seen.has(current)) {
    const node = index.nodes.get(current);
    if (!node) break;
    out.push(node);
    seen.add(current);
    current = node.parentId;
  }
  return out;
}

/** The nearest container of the given kind, if any. */
export function nearestAncestor<K extends NodeKind>(
  index: BoardIndex,
  id: string,
  kind: K,
): BoardNodeOf<K> | undefined {
  return ancestors(index, id).find((n) => n.kind === kind) as BoardNodeOf<K> | undefined;
}

/** All nodes inside a node, at any depth. */
export function descendants(index: BoardIndex, id: string): BoardNode[] {
  const out: BoardNode[] = [];
  const stack = [...(index.children.get(id) ?? [])];
  while (stack.length) {
    const n = stack.pop()!;
    out.push(n);
    stack.push(...(index.children.get(n.id) ?? []));
  }
  return out;
}
