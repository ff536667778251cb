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
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
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
  root.edges = board.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target)
    // A route to the VPC itself (peering) would tie a child to its own ancestor.
    .filter(
      (e) => !isAncestor(board.nodes, e.target, e.source) && !isAncestor(board.nodes, e.source, e.target),
    )
    .map((e): ElkExtendedEdge => ({ id: e.id, sources: [e.source], targets: [e.target] }));
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

function isAncestor(nodes: readonly BoardNode[], maybeAncestor: string, id: string): boolean {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let cur = byId.get(id)?.parentId ?? null;
  const seen = new Set<string>();
  while (cur !== null && !seen.has(cur)) {
    if (cur === maybeAncestor) return true;
    seen.add(cur);
    cur = byId.get(cur)?.parentId ?? null;
  }
  return false;
}
