/**
 * Auto-layout with ELK's layered algorithm. Containers are ELK compound nodes, so children
 * stay inside their VPC / AZ / subnet and containers grow to fit what they hold.
 */
import { type Board, type BoardNode, kindDef, type NodePatch } from '@stratus/model';
import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { nodeSize } from './flow-model.ts';

const elk = new ELK();

const LAYOUT = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '40',
  'elk.layered.spacing.nodeNodeBetweenLayers': '70',
  // Each container is laid out on its own, inside out, so children never leave it.
  'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

export async function autoLayout(board: Pick<Board, 'nodes' | 'edges'>): Promise<Map<string, NodePatch>> {
  const ids = new Set(board.nodes.map((n) => n.id));
  const elkNodes = new Map<string, ElkNode>();
  const root: ElkNode = { id: '__root', layoutOptions: LAYOUT, children: [], edges: [] };
  const childrenOf = (n: BoardNode) => board.nodes.filter((c) => c.parentId === n.id);
  for (const n of board.nodes) {
    const container = !!kindDef(n.kind)?.container;
    const hasChildren = container && childrenOf(n).length > 0;
    const size = nodeSize(n);
    const e: ElkNode = {
      id: n.id,
      ...(hasChildren
        ? { layoutOptions: { ...LAYOUT, 'elk.padding': '[top=56,left=28,bottom=28,right=28]' }, children: [] }
        : { width: size.width, height: size.height }),
    };
    elkNodes.set(n.id, e);
  }
  for (const n of board.nodes) {
    const parent = n.parentId !== null && ids.has(n.parentId) ? elkNodes.get(n.parentId)! : root;
    (parent.children ??= []).push(elkNodes.get(n.id)!);
  }
  // Edges guide the layout where both ends share a container (an edge across containers cannot
  // move either end out of its container anyway). Each goes into that container's edge list.
  const parentOf = new Map(
    board.nodes.map((n) => [n.id, n.parentId !== null && ids.has(n.parentId) ? n.parentId : null]),
  );
  for (const e of board.edges) {
    if (!ids.has(e.source) || !ids.has(e.target) || e.source === e.target) continue;
    const p = parentOf.get(e.source);
    if (p !== parentOf.get(e.target)) continue;
    const owner = p === null || p === undefined ? root : elkNodes.get(p)!;
    (owner.edges ??= []).push({
      id: e.id,
      sources: [e.source],
      targets: [e.target],
    } satisfies ElkExtendedEdge);
  }
  const out = await elk.layout(root);
  const patches = new Map<string, NodePatch>();
  const walk = (n: ElkNode) => {
    for (const c of n.children ?? []) {
      const patch: NodePatch = { position: { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) } };
      const node = board.nodes.find((b) => b.id === c.id);
      if (node && (kindDef(node.kind)?.container || node.size) && c.width && c.height)
        patch.size = { width: Math.round(c.width), height: Math.round(c.height) };
      patches.set(c.id, patch);
      walk(c);
    }
  };
  walk(out);
  return patches;
}
