import type { Board, BoardEdge, BoardNode } from './board.ts';
import { edgeKindDef } from './edges.ts';
import type { Field } from './fields.ts';
import { kindDef } from './kinds/index.ts';

/** Props in the order their fields are declared (unknown keys last, sorted), undefined dropped. */
function orderedProps(fields: Readonly<Record<string, Field>> | undefined, props: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  const declared = fields ? Object.keys(fields) : [];
  for (const key of declared)
    if (props[key] !== undefined) out[key] = orderedValue(fields?.[key], props[key]);
  for (const key of Object.keys(props).sort())
    if (!(key in out) && props[key] !== undefined) out[key] = props[key];
  return out;
}

function orderedValue(f: Field | undefined, value: unknown): unknown {
  if (f?.meta.type === 'list' && Array.isArray(value) && f.meta.item) {
    return value.map((row) => orderedProps(f.meta.item, row as Record<string, unknown>));
  }
  return value;
}

export function canonicalNode(n: BoardNode): BoardNode {
  const out: Record<string, unknown> = {
    id: n.id,
    kind: n.kind,
    label: n.label,
    parentId: n.parentId,
    position: { x: n.position.x, y: n.position.y },
  };
  if (n.size) out.size = { width: n.size.width, height: n.size.height };
  out.props = orderedProps(kindDef(n.kind)?.fields, n.props as Record<string, unknown>);
  if (n.acks && Object.keys(n.acks).length) {
    const acks: Record<string, unknown> = {};
    for (const rule of Object.keys(n.acks).sort()) {
      const a = n.acks[rule]!;
      acks[rule] = {
        reason: a.reason,
        ...(a.by !== undefined && { by: a.by }),
        ...(a.at !== undefined && { at: a.at }),
      };
    }
    out.acks = acks;
  }
  return out as unknown as BoardNode;
}

export function canonicalEdge(e: BoardEdge): BoardEdge {
  const out: Record<string, unknown> = { id: e.id, kind: e.kind, source: e.source, target: e.target };
  if (e.label !== undefined) out.label = e.label;
  out.props = orderedProps(edgeKindDef(e.kind)?.fields, e.props as Record<string, unknown>);
  return out as unknown as BoardEdge;
}

/** The board with a fixed key order everywhere, so equal boards serialize to equal bytes. */
export function canonicalBoard(board: Board): Board {
  const out: Record<string, unknown> = { format: board.format, version: board.version, name: board.name };
  if (board.description !== undefined) out.description = board.description;
  out.nodes = board.nodes.map(canonicalNode);
  out.edges = board.edges.map(canonicalEdge);
  return out as unknown as Board;
}

/** The board file's text: canonical, two-space indented, with a final newline. */
export function serializeBoard(board: Board): string {
  return `${JSON.stringify(canonicalBoard(board), null, 2)}\n`;
}
