/**
 * Edges float between node borders (no fixed handles), styled and labelled per relation kind; their
 * paths and label places come from routing.ts, computed once per change of the nodes, the edges or
 * the edge labels' size (which grows as the view zooms out).
 */
import {
  BaseEdge,
  EdgeLabelRenderer,
  type EdgeProps,
  type InternalNode,
  type ReactFlowState,
  useStore,
} from '@xyflow/react';
import { memo } from 'react';
import { EDGE_STYLES, edgeLabel, edgeLabelScale } from './edge-style.ts';
import { CARD, type FlowEdge } from './flow-model.ts';
import { type Box, type Drawn, drawEdges, RouteCache, type RoutedEdge, type RoutedNode } from './routing.ts';

/** Where a node is drawn (absolute), with a resource card not measured yet at the card's size. */
function box(n: InternalNode): Box {
  const fallback = n.type === 'resource' ? CARD : { width: 0, height: 0 };
  return {
    x: n.internals.positionAbsolute.x,
    y: n.internals.positionAbsolute.y,
    w: n.measured.width ?? n.width ?? fallback.width,
    h: n.measured.height ?? n.height ?? fallback.height,
  };
}

/** Searches for paths round containers, shared by every board view (see RouteCache). */
const searches = new RouteCache();

/** The store's nodes and edges as the router sees them (frames and hidden nodes left out). */
function drawStore(s: ReactFlowState, labelScale: number): Map<string, Drawn> {
  const nodes: RoutedNode[] = [];
  for (const n of s.nodeLookup.values())
    if (!n.hidden && n.type !== 'frame')
      nodes.push({ id: n.id, box: box(n), container: n.type === 'container' });
  const edges: RoutedEdge[] = [];
  for (const e of s.edges as FlowEdge[])
    if (e.data) edges.push({ id: e.id, source: e.source, target: e.target, label: edgeLabel(e.data.edge) });
  return drawEdges(nodes, edges, { labelScale, cache: searches });
}

const drawn = new WeakMap<object, { edges: unknown; scale: number; map: Map<string, Drawn> }>();
/** The drawing of the store's current nodes and edges at the current label size (computed once per change). */
function drawingOf(s: ReactFlowState) {
  const scale = edgeLabelScale(s.transform[2]);
  const hit = drawn.get(s.nodes);
  if (hit && hit.edges === s.edges && hit.scale === scale) return hit.map;
  const entry = { edges: s.edges as unknown, scale, map: drawStore(s, scale) };
  drawn.set(s.nodes, entry);
  return entry.map;
}

export const StratusEdge = memo(function StratusEdge({ id, data, selected, markerEnd }: EdgeProps<FlowEdge>) {
  // One string, so the edge re-renders only when its own path or label moves.
  const key = useStore((st) => {
    const r = drawingOf(st).get(id);
    return r ? `${r.kind}|${r.label ? `${r.label.x},${r.label.y}` : ''}|${r.d}` : '';
  });
  if (!key || !data) return null;
  const [kind, at] = key.split('|', 2) as [string, string];
  const path = key.slice(kind.length + at.length + 2);
  const [lx, ly] = at ? at.split(',').map(Number) : [0, 0];
  const style = EDGE_STYLES[data.edge.kind] ?? EDGE_STYLES.traffic!;
  const label = edgeLabel(data.edge);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={style.arrow ? markerEnd : undefined}
        interactionWidth={18}
        data-route={kind}
        style={{
          stroke: selected ? '#4f46e5' : style.color,
          strokeWidth: selected ? style.width + 1 : style.width,
          strokeDasharray: style.dash,
        }}
      />
      {label ? (
        <EdgeLabelRenderer>
          <div
            className={`edge-label edge-${data.edge.kind}${selected ? ' is-selected' : ''}`}
            style={{
              transform: `translate(-50%, -50%) translate(${lx}px, ${ly}px)`,
              borderColor: style.color,
            }}
            data-edge-kind={data.edge.kind}
          >
            {label}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
});

export const EDGE_TYPES = { stratus: StratusEdge };
