// Building generated benchmark boards: push nodes and edges by id, kind and props.
import type { BoardEdge, BoardNode } from '@stratus/model';

/**
 * Node and edge adders over fresh `nodes`/`edges` arrays. Nodes sit at (0, 0); their label is
 * `label(id)` (the id itself unless given).
 */
export function boardBuilder(label: (id: string) => string = (id) => id) {
  const nodes: BoardNode[] = [];
  const edges: BoardEdge[] = [];
  const node = (id: string, kind: string, parentId: string | null, props: Record<string, unknown> = {}) =>
    nodes.push({ id, kind, label: label(id), parentId, position: { x: 0, y: 0 }, props } as BoardNode);
  const edge = (
    id: string,
    kind: string,
    source: string,
    target: string,
    props: Record<string, unknown> = {},
  ) => edges.push({ id, kind, source, target, props } as BoardEdge);
  return { nodes, edges, node, edge };
}
