/** Edges float between node borders (no fixed handles), styled and labelled per relation kind. */
import {
  BaseEdge,
  EdgeLabelRenderer,
  type EdgeProps,
  getBezierPath,
  type InternalNode,
  Position,
  type ReactFlowState,
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

type Pt = { x: number; y: number };
type Rect = { x0: number; y0: number; x1: number; y1: number };

/** A path to draw: its SVG `d`, and the point at a fraction t (0..1) of the way along it. */
interface Route {
  d: string;
  at(t: number): Pt;
  /** Mostly left-right (labels are then nudged up and down), else up-down. */
  horizontal: boolean;
}

/** The bezier React Flow would draw between boxes a and b (floating: border to border). */
function bezier(a: Box, b: Box): Route {
  let sp = intersection(a, b);
  let tp = intersection(b, a);
  if (contains(b, a) || contains(a, b)) {
    sp = { x: a.x + a.w / 2, y: a.y };
    tp = { x: b.x + b.w / 2, y: b.y };
  }
  const sourcePosition = side(a, sp);
  const targetPosition = side(b, tp);
  const [d] = getBezierPath({
    sourceX: sp.x,
    sourceY: sp.y,
    sourcePosition,
    targetX: tp.x,
    targetY: tp.y,
    targetPosition,
  });
  const [c1x, c1y] = control(sourcePosition, sp.x, sp.y, tp.x, tp.y);
  const [c2x, c2y] = control(targetPosition, tp.x, tp.y, sp.x, sp.y);
  return {
    d,
    horizontal: Math.abs(tp.x - sp.x) >= Math.abs(tp.y - sp.y),
    at(t) {
      const u = 1 - t;
      return {
        x: u * u * u * sp.x + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * tp.x,
        y: u * u * u * sp.y + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * tp.y,
      };
    },
  };
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

/** A polyline of right angles with rounded corners. */
function orthogonal(pts: Pt[]): Route {
  const lens = pts.slice(1).map((p, i) => Math.hypot(p.x - pts[i]!.x, p.y - pts[i]!.y));
  const total = lens.reduce((a, b) => a + b, 0) || 1;
  let d = `M ${pts[0]!.x},${pts[0]!.y}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const p = pts[i]!;
    const r = Math.min(8, lens[i - 1]! / 2, lens[i]! / 2);
    const before = toward(p, pts[i - 1]!, r);
    const after = toward(p, pts[i + 1]!, r);
    d += ` L ${before.x},${before.y} Q ${p.x},${p.y} ${after.x},${after.y}`;
  }
  const last = pts[pts.length - 1]!;
  d += ` L ${last.x},${last.y}`;
  let dx = 0;
  let dy = 0;
  for (let i = 1; i < pts.length; i++) {
    dx += Math.abs(pts[i]!.x - pts[i - 1]!.x);
    dy += Math.abs(pts[i]!.y - pts[i - 1]!.y);
  }
  return {
    d,
    horizontal: dx >= dy,
    at(t) {
      let left = t * total;
      for (let i = 0; i < lens.length; i++) {
        if (left <= lens[i]! || i === lens.length - 1) {
          const f = lens[i] ? Math.min(1, left / lens[i]!) : 0;
          const a = pts[i]!;
          const b = pts[i + 1]!;
          return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
        }
        left -= lens[i]!;
      }
      return last;
    },
  };
}

function toward(from: Pt, to: Pt, r: number): Pt {
  const len = Math.hypot(to.x - from.x, to.y - from.y) || 1;
  return { x: from.x + ((to.x - from.x) * r) / len, y: from.y + ((to.y - from.y) * r) / len };
}

/** Height of a container's header (styles.css .container-header): labels keep off it. */
const HEADER = 32;
/** Distance from a card to an edge running past it (half the layout's gap between rows). */
const CHANNEL = 22;
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
type Entry = { r: Rect; id: string };
/** Rectangles in a coarse grid, for asking what is near a point. */
class Index {
  private cells = new Map<string, Entry[]>();
  add(r: Rect, id = '') {
    const e = { r, id };
    for (let i = Math.floor(r.x0 / CELL); i <= Math.floor(r.x1 / CELL); i++)
      for (let j = Math.floor(r.y0 / CELL); j <= Math.floor(r.y1 / CELL); j++) {
        const k = `${i},${j}`;
        const list = this.cells.get(k);
        if (list) list.push(e);
        else this.cells.set(k, [e]);
      }
  }
  private near(r: Rect): Set<Entry> {
    const out = new Set<Entry>();
    for (let i = Math.floor(r.x0 / CELL); i <= Math.floor(r.x1 / CELL); i++)
      for (let j = Math.floor(r.y0 / CELL); j <= Math.floor(r.y1 / CELL); j++)
        for (const e of this.cells.get(`${i},${j}`) ?? []) out.add(e);
    return out;
  }
  /** How much of `r` is covered by indexed rectangles (each counted once). */
  covered(r: Rect): number {
    let sum = 0;
    for (const e of this.near(r)) sum += area(r, e.r);
    return sum;
  }
  /** Whether the segment p-q passes through an indexed rectangle other than those of `skip`. */
  blocks(p: Pt, q: Pt, skip: readonly string[]): boolean {
    const box = {
      x0: Math.min(p.x, q.x),
      y0: Math.min(p.y, q.y),
      x1: Math.max(p.x, q.x),
      y1: Math.max(p.y, q.y),
    };
    for (const e of this.near(box)) {
      if (skip.includes(e.id)) continue;
      // Slab test of the segment against the rectangle, shrunk by a pixel (touching is fine).
      const r = { x0: e.r.x0 + 1, y0: e.r.y0 + 1, x1: e.r.x1 - 1, y1: e.r.y1 - 1 };
      let t0 = 0;
      let t1 = 1;
      const dx = q.x - p.x;
      const dy = q.y - p.y;
      const clip = (den: number, num: number) => {
        if (den === 0) return num >= 0;
        const t = num / den;
        if (den > 0) t1 = Math.min(t1, t);
        else t0 = Math.max(t0, t);
        return t0 <= t1;
      };
      if (clip(-dx, p.x - r.x0) && clip(dx, r.x1 - p.x) && clip(-dy, p.y - r.y0) && clip(dy, r.y1 - p.y))
        return true;
    }
    return false;
  }
}

const clear = (index: Index, route: Route, skip: readonly string[], steps = 24) => {
  let prev = route.at(0);
  for (let i = 1; i <= steps; i++) {
    const next = route.at(i / steps);
    if (index.blocks(prev, next, skip)) return false;
    prev = next;
  }
  return true;
};

/**
 * How an edge from a to b runs: React Flow's bezier when it passes through no other card, else a
 * right-angled path through the free lane just above or below one end's row (or beside its
 * column), else the bezier after all.
 */
function route(a: Box, b: Box, index: Index, heads: Index, skip: readonly string[]): Route {
  const curve = bezier(a, b);
  if (contains(a, b) || contains(b, a) || clear(index, curve, skip)) return curve;
  const acx = a.x + a.w / 2;
  const acy = a.y + a.h / 2;
  const bcx = b.x + b.w / 2;
  const bcy = b.y + b.h / 2;
  const candidates: Pt[][] = [];
  const endY = (box: Box, cx: number, cy: number, c: number, other: number): Pt =>
    c > box.y && c < box.y + box.h
      ? { x: other < cx ? box.x : box.x + box.w, y: c }
      : { x: cx, y: c > cy ? box.y + box.h : box.y };
  for (const c of [a.y + a.h + CHANNEL, a.y - CHANNEL, b.y + b.h + CHANNEL, b.y - CHANNEL]) {
    const s = endY(a, acx, acy, c, bcx);
    // A target wholly beside the source is entered from the side facing it, level with its middle.
    const beside = b.x > a.x + a.w ? -1 : b.x + b.w < a.x ? 1 : 0;
    if (beside && !(c > b.y && c < b.y + b.h)) {
      const lane = beside < 0 ? b.x - CHANNEL : b.x + b.w + CHANNEL;
      const t = { x: beside < 0 ? b.x : b.x + b.w, y: bcy };
      candidates.push([s, { x: s.x, y: c }, { x: lane, y: c }, { x: lane, y: bcy }, t]);
    }
    const t = endY(b, bcx, bcy, c, acx);
    candidates.push([s, { x: s.x === acx ? acx : s.x, y: c }, { x: t.x === bcx ? bcx : t.x, y: c }, t]);
  }
  const endX = (box: Box, cx: number, cy: number, c: number, other: number): Pt =>
    c > box.x && c < box.x + box.w
      ? { x: c, y: other < cy ? box.y : box.y + box.h }
      : { x: c > cx ? box.x + box.w : box.x, y: cy };
  for (const c of [a.x + a.w + CHANNEL, a.x - CHANNEL, b.x - CHANNEL, b.x + b.w + CHANNEL]) {
    const s = endX(a, acx, acy, c, bcy);
    const t = endX(b, bcx, bcy, c, acy);
    candidates.push([s, { x: c, y: s.y === acy ? acy : s.y }, { x: c, y: t.y === bcy ? bcy : t.y }, t]);
  }
  for (const pts of candidates) {
    // Drop repeated points (an end already in the lane).
    const path = pts.filter((p, i) => i === 0 || p.x !== pts[i - 1]!.x || p.y !== pts[i - 1]!.y);
    const r = orthogonal(path);
    // A lane also keeps off containers' names (a line over a name would take its clicks).
    if (path.length >= 2 && clear(index, r, skip, 8) && clear(heads, r, skip, 8)) return r;
  }
  return curve;
}

type Drawn = { d: string; label?: Pt };

/**
 * Every edge's path and label: paths around other cards where a straight curve would cross them;
 * each label on its edge, at the first point (from the middle outwards) where it covers no node,
 * no container header and no label placed before it (edges in board order), failing that where it
 * covers least. Computed once per change of the nodes or edges.
 */
function drawEdges(s: ReactFlowState): Map<string, Drawn> {
  const cards = new Index();
  const heads = new Index();
  const taken = new Index();
  for (const n of s.nodeLookup.values()) {
    if (n.hidden || n.type === 'frame') continue;
    const b = box(n);
    if (n.type === 'container') {
      const r = { x0: b.x, y0: b.y, x1: b.x + b.w, y1: b.y + HEADER };
      taken.add(r);
      heads.add(r, n.id);
    } else {
      const r = { x0: b.x, y0: b.y, x1: b.x + b.w, y1: b.y + b.h };
      taken.add(r);
      cards.add(r, n.id);
    }
  }
  const out = new Map<string, Drawn>();
  for (const e of s.edges as FlowEdge[]) {
    if (!e.data) continue;
    const sn = s.nodeLookup.get(e.source);
    const tn = s.nodeLookup.get(e.target);
    if (!sn || !tn) continue;
    const r = route(box(sn), box(tn), cards, heads, [e.source, e.target]);
    const text = edgeLabel(e.data.edge);
    if (!text) {
      out.set(e.id, { d: r.d });
      continue;
    }
    const { w, h } = labelBox(text);
    let best = { ...r.at(0.5), cost: Number.POSITIVE_INFINITY };
    search: for (const d of NUDGE)
      for (const t of ALONG) {
        const p = r.at(t);
        const at = r.horizontal ? { x: p.x, y: p.y + d } : { x: p.x + d * 2, y: p.y };
        const cost = taken.covered({
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
    taken.add({ x0: x - w / 2, y0: y - h / 2, x1: x + w / 2, y1: y + h / 2 });
    out.set(e.id, { d: r.d, label: { x, y } });
  }
  return out;
}

const drawn = new WeakMap<object, { edges: unknown; map: Map<string, Drawn> }>();
/** The drawing of the store's current nodes and edges (computed once per change). */
function drawingOf(s: ReactFlowState) {
  const hit = drawn.get(s.nodes);
  if (hit && hit.edges === s.edges) return hit.map;
  const entry = { edges: s.edges as unknown, map: drawEdges(s) };
  drawn.set(s.nodes, entry);
  return entry.map;
}

export const StratusEdge = memo(function StratusEdge({ id, data, selected, markerEnd }: EdgeProps<FlowEdge>) {
  // One string, so the edge re-renders only when its own path or label moves.
  const key = useStore((st) => {
    const r = drawingOf(st).get(id);
    return r ? `${r.label ? `${r.label.x},${r.label.y}` : ''}|${r.d}` : '';
  });
  if (!key || !data) return null;
  const bar = key.indexOf('|');
  const path = key.slice(bar + 1);
  const [lx, ly] = bar > 0 ? key.slice(0, bar).split(',').map(Number) : [0, 0];
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
