/** Edges float between node borders (no fixed handles), styled and labelled per relation kind. */
import {
  BaseEdge,
  EdgeLabelRenderer,
  type EdgeProps,
  getBezierPath,
  type InternalNode,
  Position,
  type ReactFlowState,
  useInternalNode,
  useStore,
} from '@xyflow/react';
import { memo } from 'react';
import { EDGE_STYLES, edgeLabel } from './edge-style.ts';
import { CARD, type FlowEdge } from './flow-model.ts';

type Box = { x: number; y: number; w: number; h: number };

function box(n: InternalNode): Box {
  // A resource card not measured yet has the card's fixed size (styles.css).
  const fallback = n.type === 'resource' ? CARD : { width: 0, height: 0 };
  return {
    x: n.internals.positionAbsolute.x,
    y: n.internals.positionAbsolute.y,
    w: n.measured.width ?? n.width ?? fallback.width,
    h: n.measured.height ?? n.height ?? fallback.height,
  };
}

/** Where the line from a's centre to b's centre leaves a's rectangle. */
function intersection(a: Box, b: Box): { x: number; y: number } {
  const w = a.w / 2;
  const h = a.h / 2;
  const x2 = a.x + w;
  const y2 = a.y + h;
  const x1 = b.x + b.w / 2;
  const y1 = b.y + b.h / 2;
  if (w === 0 || h === 0) return { x: x2, y: y2 };
  const xx1 = (x1 - x2) / (2 * w) - (y1 - y2) / (2 * h);
  const yy1 = (x1 - x2) / (2 * w) + (y1 - y2) / (2 * h);
  const k = 1 / (Math.abs(xx1) + Math.abs(yy1) || 1);
  const xx3 = k * xx1;
  const yy3 = k * yy1;
  return { x: w * (xx3 + yy3) + x2, y: h * (-xx3 + yy3) + y2 };
}

function side(b: Box, p: { x: number; y: number }): Position {
  const px = Math.round(p.x);
  const py = Math.round(p.y);
  if (px <= Math.round(b.x) + 1) return Position.Left;
  if (px >= Math.round(b.x + b.w) - 1) return Position.Right;
  if (py <= Math.round(b.y) + 1) return Position.Top;
  return Position.Bottom;
}

/** A node inside another (a subnet routing to its VPC): attach to the inner node's top edge. */
const contains = (outer: Box, inner: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.w <= outer.x + outer.w &&
  inner.y + inner.h <= outer.y + outer.h;

/** Where an edge between boxes a and b runs: its end points, their sides and its bezier path. */
function geometry(a: Box, b: Box) {
  let sp = intersection(a, b);
  let tp = intersection(b, a);
  if (contains(b, a) || contains(a, b)) {
    sp = { x: a.x + a.w / 2, y: a.y };
    tp = { x: b.x + b.w / 2, y: b.y };
  }
  const sourcePosition = side(a, sp);
  const targetPosition = side(b, tp);
  const [path, lx, ly] = getBezierPath({
    sourceX: sp.x,
    sourceY: sp.y,
    sourcePosition,
    targetX: tp.x,
    targetY: tp.y,
    targetPosition,
  });
  return { sp, tp, sourcePosition, targetPosition, path, mid: { x: lx, y: ly } };
}

/** React Flow's bezier control point (its getBezierPath, curvature 0.25). */
function control(pos: Position, x1: number, y1: number, x2: number, y2: number): [number, number] {
  const offset = (d: number) => (d >= 0 ? 0.5 * d : 0.25 * 25 * Math.sqrt(-d));
  switch (pos) {
    case Position.Left:
      return [x1 - offset(x1 - x2), y1];
    case Position.Right:
      return [x1 + offset(x2 - x1), y1];
    case Position.Top:
      return [x1, y1 - offset(y1 - y2)];
    default:
      return [x1, y1 + offset(y2 - y1)];
  }
}

type Rect = { x0: number; y0: number; x1: number; y1: number };
/** Height of a container's header (styles.css .container-header): labels keep off it. */
const HEADER = 32;
/** Where along the edge a label may sit, best first. */
const ALONG = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85];
/** Sideways nudges tried when no point on the edge itself is free. */
const NUDGE = [0, 14, -14, 26, -26];

/** The size of an edge label (styles.css .edge-label: 10.5 px monospace, 7 px padding). */
export function labelBox(text: string): { w: number; h: number } {
  return { w: Math.ceil(text.length * 6.4 + 18), h: 19 };
}

const area = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) *
  Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));

const CELL = 256;
/** Rectangles in a coarse grid, for asking what is near a point. */
class Index {
  private cells = new Map<string, Rect[]>();
  add(r: Rect) {
    for (let i = Math.floor(r.x0 / CELL); i <= Math.floor(r.x1 / CELL); i++)
      for (let j = Math.floor(r.y0 / CELL); j <= Math.floor(r.y1 / CELL); j++) {
        const k = `${i},${j}`;
        const list = this.cells.get(k);
        if (list) list.push(r);
        else this.cells.set(k, [r]);
      }
  }
  /** How much of `r` is covered by indexed rectangles (overlaps counted once per rectangle). */
  covered(r: Rect): number {
    const seen = new Set<Rect>();
    let sum = 0;
    for (let i = Math.floor(r.x0 / CELL); i <= Math.floor(r.x1 / CELL); i++)
      for (let j = Math.floor(r.y0 / CELL); j <= Math.floor(r.y1 / CELL); j++)
        for (const o of this.cells.get(`${i},${j}`) ?? []) {
          if (seen.has(o)) continue;
          seen.add(o);
          sum += area(r, o);
        }
    return sum;
  }
}

/**
 * Where every edge label goes: on its edge, at the first point (from the middle outwards) where it
 * covers no node, no container header and no label placed before it (edges in board order);
 * failing that, where it covers least. Computed once per change of the nodes or edges.
 */
function placeLabels(s: ReactFlowState): Map<string, { x: number; y: number }> {
  const index = new Index();
  for (const n of s.nodeLookup.values()) {
    if (n.hidden || n.type === 'frame') continue;
    const b = box(n);
    if (n.type === 'container') index.add({ x0: b.x, y0: b.y, x1: b.x + b.w, y1: b.y + HEADER });
    else index.add({ x0: b.x, y0: b.y, x1: b.x + b.w, y1: b.y + b.h });
  }
  const out = new Map<string, { x: number; y: number }>();
  for (const e of s.edges as FlowEdge[]) {
    if (!e.data) continue;
    const text = edgeLabel(e.data.edge);
    const sn = s.nodeLookup.get(e.source);
    const tn = s.nodeLookup.get(e.target);
    if (!text || !sn || !tn) continue;
    const g = geometry(box(sn), box(tn));
    const [c1x, c1y] = control(g.sourcePosition, g.sp.x, g.sp.y, g.tp.x, g.tp.y);
    const [c2x, c2y] = control(g.targetPosition, g.tp.x, g.tp.y, g.sp.x, g.sp.y);
    const { w, h } = labelBox(text);
    let best = { x: g.mid.x, y: g.mid.y, cost: Number.POSITIVE_INFINITY };
    search: for (const d of NUDGE)
      for (const t of ALONG) {
        const u = 1 - t;
        const x = u * u * u * g.sp.x + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * g.tp.x;
        const y = u * u * u * g.sp.y + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * g.tp.y;
        // Nudged across the edge's general direction.
        const horizontal = Math.abs(g.tp.x - g.sp.x) >= Math.abs(g.tp.y - g.sp.y);
        const at = horizontal ? { x, y: y + d } : { x: x + d * 2, y };
        const cost = index.covered({
          x0: at.x - w / 2,
          y0: at.y - h / 2,
          x1: at.x + w / 2,
          y1: at.y + h / 2,
        });
        if (cost < best.cost) best = { ...at, cost };
        if (cost === 0) break search;
      }
    const x = Math.round(best.x);
    const y = Math.round(best.y);
    index.add({ x0: x - w / 2, y0: y - h / 2, x1: x + w / 2, y1: y + h / 2 });
    out.set(e.id, { x, y });
  }
  return out;
}

const placed = new WeakMap<object, { edges: unknown; labels: Map<string, { x: number; y: number }> }>();
/** The label positions for the store's current nodes and edges (computed once per change). */
function labelsOf(s: ReactFlowState) {
  const hit = placed.get(s.nodes);
  if (hit && hit.edges === s.edges) return hit.labels;
  const entry = { edges: s.edges as unknown, labels: placeLabels(s) };
  placed.set(s.nodes, entry);
  return entry.labels;
}

export const StratusEdge = memo(function StratusEdge({
  id,
  source,
  target,
  data,
  selected,
  markerEnd,
}: EdgeProps<FlowEdge>) {
  const s = useInternalNode(source);
  const t = useInternalNode(target);
  const at = useStore((st) => {
    const p = labelsOf(st).get(id);
    return p ? `${p.x},${p.y}` : '';
  });
  if (!s || !t || !data) return null;
  const { path, mid } = geometry(box(s), box(t));
  const [lx, ly] = at ? at.split(',').map(Number) : [mid.x, mid.y];
  const style = EDGE_STYLES[data.edge.kind] ?? EDGE_STYLES.traffic!;
  const label = edgeLabel(data.edge);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={style.arrow ? markerEnd : undefined}
        interactionWidth={18}
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
