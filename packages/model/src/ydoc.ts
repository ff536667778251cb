/**
 * The Yjs layout of a board (see docs/adr/0001-yjs-layout.md):
 *
 *   doc.getMap('meta')   schemaVersion: number, name: string, description?: string
 *   doc.getMap('nodes')  id -> Y.Map { kind, label, parentId, x, y, width?, height?, order,
 *                                      props: Y.Map<field -> JSON value>, acks: Y.Map<rule -> ack> }
 *   doc.getMap('edges')  id -> Y.Map { kind, source, target, label?, order, props: Y.Map }
 *
 * Every field of a node is its own key, so two people editing different properties of one node
 * (or one moving it while another renames it) merge instead of overwriting each other. Nodes are
 * created once with `set` and then changed in place: an edit to a node someone deleted is
 * dropped instead of bringing the node back. Only domain data is stored: never selection,
 * dragging state or measured sizes.
 */
import * as Y from 'yjs';
import {
  BOARD_FORMAT,
  BOARD_VERSION,
  type Acknowledgement,
  type Board,
  type BoardEdge,
  type BoardNode,
  type Position,
  type Size,
} from './board.ts';
import { edgeKindDef } from './edges.ts';
import type { Field } from './fields.ts';
import { kindDef } from './kinds/index.ts';
import { type Migration, MIGRATIONS, migrateBoardJson } from './migrations.ts';
import { parentsFirst, repairBoard } from './parse.ts';

export const META = 'meta';
export const NODES = 'nodes';
export const EDGES = 'edges';

export type YNode = Y.Map<unknown>;
export type YEdge = Y.Map<unknown>;

export const metaMap = (doc: Y.Doc) => doc.getMap<unknown>(META);
export const nodesMap = (doc: Y.Doc) => doc.getMap<YNode>(NODES);
export const edgesMap = (doc: Y.Doc) => doc.getMap<YEdge>(EDGES);

function maxOrder(map: Y.Map<Y.Map<unknown>>): number {
  let max = -1;
  for (const item of map.values()) {
    const o = item.get('order');
    if (typeof o === 'number' && o > max) max = o;
  }
  return max;
}

function nodeToY(node: BoardNode, order: number): YNode {
  const y = new Y.Map<unknown>();
  y.set('kind', node.kind);
  y.set('label', node.label);
  y.set('parentId', node.parentId);
  y.set('x', node.position.x);
  y.set('y', node.position.y);
  if (node.size) {
    y.set('width', node.size.width);
    y.set('height', node.size.height);
  }
  y.set('order', order);
  const props = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(node.props)) if (v !== undefined) props.set(k, structuredClone(v));
  y.set('props', props);
  const acks = new Y.Map<unknown>();
  for (const [rule, ack] of Object.entries(node.acks ?? {})) acks.set(rule, { ...ack });
  y.set('acks', acks);
  return y;
}

function edgeToY(edge: BoardEdge, order: number): YEdge {
  const y = new Y.Map<unknown>();
  y.set('kind', edge.kind);
  y.set('source', edge.source);
  y.set('target', edge.target);
  if (edge.label !== undefined) y.set('label', edge.label);
  y.set('order', order);
  const props = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(edge.props)) if (v !== undefined) props.set(k, structuredClone(v));
  y.set('props', props);
  return y;
}

// ---------------------------------------------------------------------------------------------
// Read-only documents. A client that may not change a board (a view or comment link) marks its
// document read-only: every edit below then throws ReadOnlyDocError before touching the
// document, so no gesture, shortcut or import path can change the local copy. The server refuses
// such changes too (docs/protocol.md); this keeps the browser from showing a board that is not
// the real one.

/** Thrown by every edit op on a document marked read-only; the message says why, for the user. */
export class ReadOnlyDocError extends Error {
  override name = 'ReadOnlyDocError';
}

const readOnlyDocs = new WeakMap<Y.Doc, string>();

/** Marks a document read-only (edits throw ReadOnlyDocError with `reason`), or editable with `null`. */
export function setDocReadOnly(doc: Y.Doc, reason: string | null): void {
  if (reason === null) readOnlyDocs.delete(doc);
  else readOnlyDocs.set(doc, reason);
}

/** Why the document is read-only, or `null` when it may be edited. */
export function docReadOnlyReason(doc: Y.Doc): string | null {
  return readOnlyDocs.get(doc) ?? null;
}

function assertEditable(doc: Y.Doc): void {
  const reason = readOnlyDocs.get(doc);
  if (reason !== undefined) throw new ReadOnlyDocError(reason);
}

/** Replaces the document's content with the board, in one transaction. */
export function boardToDoc(board: Board, doc: Y.Doc = new Y.Doc(), origin: unknown = null): Y.Doc {
  assertEditable(doc);
  doc.transact(() => {
    const meta = metaMap(doc);
    const nodes = nodesMap(doc);
    const edges = edgesMap(doc);
    nodes.clear();
    edges.clear();
    meta.set('schemaVersion', BOARD_VERSION);
    meta.set('name', board.name);
    if (board.description !== undefined) meta.set('description', board.description);
    else meta.delete('description');
    board.nodes.forEach((n, i) => nodes.set(n.id, nodeToY(n, i)));
    board.edges.forEach((e, i) => edges.set(e.id, edgeToY(e, i)));
  }, origin);
  return doc;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Props that pass their field's type check; anything else (a bad or foreign write) is left out. */
function typedProps(fields: Readonly<Record<string, Field>>, props: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!(props instanceof Y.Map)) return out;
  for (const [key, value] of props.entries()) {
    const f = fields[key];
    if (f && value !== undefined && f.schema.safeParse(value).success) out[key] = value;
  }
  return out;
}

function readAcks(acks: unknown): Record<string, Acknowledgement> | undefined {
  if (!(acks instanceof Y.Map) || acks.size === 0) return undefined;
  const out: Record<string, Acknowledgement> = {};
  for (const [rule, a] of acks.entries()) {
    if (a && typeof a === 'object' && typeof (a as Acknowledgement).reason === 'string') {
      const ack = a as Acknowledgement;
      out[rule] = {
        reason: ack.reason,
        ...(typeof ack.by === 'string' && { by: ack.by }),
        ...(typeof ack.at === 'string' && { at: ack.at }),
      };
    }
  }
  return Object.keys(out).length ? out : undefined;
}

/** Reads one node out of the document; undefined when it is missing or malformed. */
export function readNode(doc: Y.Doc, id: string): BoardNode | undefined {
  const y = nodesMap(doc).get(id);
  return y instanceof Y.Map ? yToNode(id, y) : undefined;
}

export function yToNode(id: string, y: YNode): BoardNode | undefined {
  const def = kindDef(str(y.get('kind')) ?? '');
  if (!def) return undefined;
  const node = {
    id,
    kind: def.kind,
    label: str(y.get('label')) ?? '',
    parentId: str(y.get('parentId')) ?? null,
    position: { x: num(y.get('x')) ?? 0, y: num(y.get('y')) ?? 0 },
    props: typedProps(def.fields, y.get('props')),
  } as BoardNode;
  const width = num(y.get('width'));
  const height = num(y.get('height'));
  if (width !== undefined && height !== undefined && width > 0 && height > 0) node.size = { width, height };
  const acks = readAcks(y.get('acks'));
  if (acks) node.acks = acks;
  return node;
}

export function yToEdge(id: string, y: YEdge): BoardEdge | undefined {
  const def = edgeKindDef(str(y.get('kind')) ?? '');
  const source = str(y.get('source'));
  const target = str(y.get('target'));
  if (!def || !source || !target) return undefined;
  const edge = {
    id,
    kind: def.kind,
    source,
    target,
    props: typedProps(def.fields, y.get('props')),
  } as BoardEdge;
  const label = str(y.get('label'));
  if (label !== undefined) edge.label = label;
  return edge;
}

const byOrder = <T extends { id: string }>(items: [T, number][]): T[] =>
  items.sort((a, b) => a[1] - b[1] || (a[0].id < b[0].id ? -1 : a[0].id > b[0].id ? 1 : 0)).map(([t]) => t);

/**
 * The board the document holds, always structurally valid: whatever concurrent edits left
 * inconsistent (an edge whose node was deleted, a node inside a deleted container) is repaired
 * in the returned copy, not in the document.
 */
export function docToBoard(doc: Y.Doc): Board {
  const meta = metaMap(doc);
  const nodes: [BoardNode, number][] = [];
  for (const [id, y] of nodesMap(doc).entries()) {
    if (!(y instanceof Y.Map)) continue;
    const n = yToNode(id, y);
    if (n) nodes.push([n, num(y.get('order')) ?? 0]);
  }
  const edges: [BoardEdge, number][] = [];
  for (const [id, y] of edgesMap(doc).entries()) {
    if (!(y instanceof Y.Map)) continue;
    const e = yToEdge(id, y);
    if (e) edges.push([e, num(y.get('order')) ?? 0]);
  }
  const board: Board = {
    format: BOARD_FORMAT,
    version: BOARD_VERSION,
    name: str(meta.get('name')) ?? 'Untitled board',
    nodes: parentsFirst(byOrder(nodes)),
    edges: byOrder(edges),
  };
  const description = str(meta.get('description'));
  if (description !== undefined) board.description = description;
  return repairBoard(board).board;
}

/** The schema version stored in the document (0 for a document never initialised). */
export function docSchemaVersion(doc: Y.Doc): number {
  return num(metaMap(doc).get('schemaVersion')) ?? 0;
}

/**
 * Brings a stored document up to the current schema. A new document gets the version stamped; an
 * older one is read out as JSON, migrated step by step and written back in one transaction.
 * Returns the migrations applied.
 */
export function migrateDoc(
  doc: Y.Doc,
  migrations: readonly Migration[] = MIGRATIONS,
  target = BOARD_VERSION,
): Migration[] {
  const version = docSchemaVersion(doc);
  if (version === target) return [];
  assertEditable(doc);
  if (version === 0) {
    doc.transact(() => metaMap(doc).set('schemaVersion', target));
    return [];
  }
  const raw: Record<string, unknown> = {
    format: BOARD_FORMAT,
    version,
    ...(metaMap(doc).toJSON() as Record<string, unknown>),
    nodes: Object.entries(nodesMap(doc).toJSON()).map(([id, n]) => ({ id, ...(n as object) })),
    edges: Object.entries(edgesMap(doc).toJSON()).map(([id, e]) => ({ id, ...(e as object) })),
  };
  const { board, applied } = migrateBoardJson(raw, migrations, target);
  doc.transact(() => {
    const meta = metaMap(doc);
    const nodes = nodesMap(doc);
    const edges = edgesMap(doc);
    nodes.clear();
    edges.clear();
    for (const [k, v] of Object.entries(board)) {
      if (k !== 'nodes' && k !== 'edges' && k !== 'format' && k !== 'version') meta.set(k, v);
    }
    meta.set('schemaVersion', target);
    for (const raw of board.nodes as Record<string, unknown>[]) {
      const { id, props, acks, ...rest } = raw as { id: string; props?: object; acks?: object };
      const y = new Y.Map<unknown>();
      for (const [k, v] of Object.entries(rest)) y.set(k, v);
      y.set('props', new Y.Map(Object.entries(props ?? {})));
      y.set('acks', new Y.Map(Object.entries(acks ?? {})));
      nodes.set(id, y);
    }
    for (const raw of board.edges as Record<string, unknown>[]) {
      const { id, props, ...rest } = raw as { id: string; props?: object };
      const y = new Y.Map<unknown>();
      for (const [k, v] of Object.entries(rest)) y.set(k, v);
      y.set('props', new Y.Map(Object.entries(props ?? {})));
      edges.set(id, y);
    }
  });
  return applied;
}

// ---------------------------------------------------------------------------------------------
// Edits. Every change to a board goes through these: each is one transaction with the given
// origin (so a per-user UndoManager can track its own), and changes fields in place.

/** Adds nodes (in the given order, parents first). Ids must be new. */
export function addNodes(doc: Y.Doc, nodes: readonly BoardNode[], origin: unknown = null): void {
  assertEditable(doc);
  doc.transact(() => {
    const map = nodesMap(doc);
    let order = maxOrder(map);
    for (const n of nodes) map.set(n.id, nodeToY(n, ++order));
  }, origin);
}

export const addNode = (doc: Y.Doc, node: BoardNode, origin: unknown = null) => addNodes(doc, [node], origin);

export interface NodePatch {
  label?: string;
  parentId?: string | null;
  position?: Position;
  size?: Size | null;
}

/** Changes a node's own fields in place. A node someone else deleted stays deleted. */
export function updateNode(doc: Y.Doc, id: string, patch: NodePatch, origin: unknown = null): boolean {
  assertEditable(doc);
  const y = nodesMap(doc).get(id);
  if (!(y instanceof Y.Map)) return false;
  doc.transact(() => applyNodePatch(y, patch), origin);
  return true;
}

function applyNodePatch(y: YNode, patch: NodePatch) {
  if (patch.label !== undefined && y.get('label') !== patch.label) y.set('label', patch.label);
  if (patch.parentId !== undefined && y.get('parentId') !== patch.parentId) y.set('parentId', patch.parentId);
  if (patch.position) {
    if (y.get('x') !== patch.position.x) y.set('x', patch.position.x);
    if (y.get('y') !== patch.position.y) y.set('y', patch.position.y);
  }
  if (patch.size === null) {
    y.delete('width');
    y.delete('height');
  } else if (patch.size) {
    if (y.get('width') !== patch.size.width) y.set('width', patch.size.width);
    if (y.get('height') !== patch.size.height) y.set('height', patch.size.height);
  }
}

/** Several node patches in one transaction (a multi-node drag is one undo step). */
export function updateNodes(
  doc: Y.Doc,
  patches: ReadonlyMap<string, NodePatch>,
  origin: unknown = null,
): void {
  assertEditable(doc);
  const map = nodesMap(doc);
  doc.transact(() => {
    for (const [id, patch] of patches) {
      const y = map.get(id);
      if (y instanceof Y.Map) applyNodePatch(y, patch);
    }
  }, origin);
}

function setPropsOn(y: Y.Map<unknown> | undefined, patch: Record<string, unknown>) {
  if (!(y instanceof Y.Map)) return false;
  let props = y.get('props');
  if (!(props instanceof Y.Map)) {
    props = new Y.Map<unknown>();
    y.set('props', props);
  }
  const p = props as Y.Map<unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) p.delete(k);
    else if (JSON.stringify(p.get(k)) !== JSON.stringify(v)) p.set(k, structuredClone(v));
  }
  return true;
}

/** Sets (or, with `undefined`, unsets) properties in one transaction; false when the item is gone. */
function setPropsIn(
  doc: Y.Doc,
  map: Y.Map<Y.Map<unknown>>,
  id: string,
  patch: Record<string, unknown>,
  origin: unknown,
): boolean {
  assertEditable(doc);
  let ok = false;
  doc.transact(() => {
    ok = setPropsOn(map.get(id), patch);
  }, origin);
  return ok;
}

/** Sets (or, with `undefined`, unsets) properties of a node, each key on its own. */
export const setNodeProps = (
  doc: Y.Doc,
  id: string,
  patch: Record<string, unknown>,
  origin: unknown = null,
): boolean => setPropsIn(doc, nodesMap(doc), id, patch, origin);

/**
 * Deletes nodes with everything inside them, the edges touching any of them, and references
 * to them held in other nodes' properties. Returns the ids removed.
 */
export function deleteNodes(
  doc: Y.Doc,
  ids: Iterable<string>,
  origin: unknown = null,
): { nodes: string[]; edges: string[] } {
  assertEditable(doc);
  const nodes = nodesMap(doc);
  const edges = edgesMap(doc);
  const doomed = new Set<string>();
  const children = new Map<string, string[]>();
  for (const [id, y] of nodes.entries()) {
    const p = y instanceof Y.Map ? y.get('parentId') : null;
    if (typeof p === 'string') {
      let list = children.get(p);
      if (!list) children.set(p, (list = []));
      list.push(id);
    }
  }
  const stack = [...ids].filter((id) => nodes.has(id));
  while (stack.length) {
    const id = stack.pop()!;
    if (doomed.has(id)) continue;
    doomed.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  const doomedEdges: string[] = [];
  for (const [id, y] of edges.entries()) {
    if (
      y instanceof Y.Map &&
      (doomed.has(y.get('source') as string) || doomed.has(y.get('target') as string))
    )
      doomedEdges.push(id);
  }
  doc.transact(() => {
    for (const id of doomedEdges) edges.delete(id);
    for (const id of doomed) nodes.delete(id);
    // References held in the remaining nodes' properties.
    for (const y of nodes.values()) {
      if (!(y instanceof Y.Map)) continue;
      const def = kindDef(str(y.get('kind')) ?? '');
      const props = y.get('props');
      if (!def || !(props instanceof Y.Map)) continue;
      for (const [key, f] of Object.entries(def.fields)) {
        const v = props.get(key);
        if (f.meta.type === 'ref' && typeof v === 'string' && doomed.has(v)) props.delete(key);
        else if (f.meta.type === 'refs' && Array.isArray(v) && v.some((x) => doomed.has(x)))
          props.set(
            key,
            v.filter((x) => !doomed.has(x)),
          );
        else if (f.meta.type === 'list' && Array.isArray(v) && f.meta.item) {
          const refKeys = Object.entries(f.meta.item)
            .filter(([, rf]) => rf.meta.type === 'ref')
            .map(([k]) => k);
          if (v.some((row) => refKeys.some((k) => doomed.has(row?.[k])))) {
            props.set(
              key,
              v.map((row) => {
                const copy = { ...row };
                for (const k of refKeys) if (doomed.has(copy[k])) delete copy[k];
                return copy;
              }),
            );
          }
        }
      }
    }
  }, origin);
  return { nodes: [...doomed], edges: doomedEdges };
}

export function addEdges(doc: Y.Doc, edges: readonly BoardEdge[], origin: unknown = null): void {
  assertEditable(doc);
  doc.transact(() => {
    const map = edgesMap(doc);
    let order = maxOrder(map);
    for (const e of edges) map.set(e.id, edgeToY(e, ++order));
  }, origin);
}

export const addEdge = (doc: Y.Doc, edge: BoardEdge, origin: unknown = null) => addEdges(doc, [edge], origin);

export function updateEdge(
  doc: Y.Doc,
  id: string,
  patch: { label?: string | null; source?: string; target?: string },
  origin: unknown = null,
): boolean {
  assertEditable(doc);
  const y = edgesMap(doc).get(id);
  if (!(y instanceof Y.Map)) return false;
  doc.transact(() => {
    if (patch.label === null) y.delete('label');
    else if (patch.label !== undefined) y.set('label', patch.label);
    if (patch.source !== undefined) y.set('source', patch.source);
    if (patch.target !== undefined) y.set('target', patch.target);
  }, origin);
  return true;
}

/** Sets (or, with `undefined`, unsets) properties of an edge, each key on its own. */
export const setEdgeProps = (
  doc: Y.Doc,
  id: string,
  patch: Record<string, unknown>,
  origin: unknown = null,
): boolean => setPropsIn(doc, edgesMap(doc), id, patch, origin);

export function deleteEdges(doc: Y.Doc, ids: Iterable<string>, origin: unknown = null): void {
  assertEditable(doc);
  doc.transact(() => {
    const map = edgesMap(doc);
    for (const id of ids) map.delete(id);
  }, origin);
}

/** Acknowledges a finding on a node (or withdraws the acknowledgement with `null`). */
export function setAck(
  doc: Y.Doc,
  nodeId: string,
  ruleId: string,
  ack: Acknowledgement | null,
  origin: unknown = null,
): boolean {
  assertEditable(doc);
  const y = nodesMap(doc).get(nodeId);
  if (!(y instanceof Y.Map)) return false;
  doc.transact(() => {
    let acks = y.get('acks');
    if (!(acks instanceof Y.Map)) {
      acks = new Y.Map<unknown>();
      y.set('acks', acks);
    }
    if (ack === null) (acks as Y.Map<unknown>).delete(ruleId);
    else (acks as Y.Map<unknown>).set(ruleId, { ...ack });
  }, origin);
  return true;
}

export function renameBoard(doc: Y.Doc, name: string, origin: unknown = null): void {
  assertEditable(doc);
  doc.transact(() => metaMap(doc).set('name', name), origin);
}
