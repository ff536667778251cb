/**
 * How edges are drawn on the canvas: their paths and where their labels sit (pure geometry:
 * boxes in, SVG paths and label points out; no React, so bench/routing.ts can time it in Node).
 *
 * An edge is React Flow's bezier when that passes through no other card and no container that
 * holds neither end; else a right-angled path through a free lane next to one end (cheap, and
 * what most edges of a laid-out board need); else the shortest path with few bends through the
 * gaps between cards and containers (`routeAround`, an A* over an orthogonal grid); when none
 * exists, the lane or curve the router drew before it knew about containers (`legacyRoute`).
 * Then the edges meeting one side of a node get ports of their own along it (`spreadPorts`), and
 * each label its place on its own path, off other labels and other paths' lines (`placeLabels`).
 */

export type Pt = { x: number; y: number };
export type Box = { x: number; y: number; w: number; h: number };
export type Rect = { x0: number; y0: number; x1: number; y1: number };
type Side = 'left' | 'right' | 'top' | 'bottom';

/** A node as the router sees it: a card (anything drawn on top) or a container (VPC, AZ, subnet). */
export interface RoutedNode {
  id: string;
  box: Box;
  container: boolean;
}

export interface RoutedEdge {
  id: string;
  source: string;
  target: string;
  /** Its label text, if it has one. */
  label?: string;
}

/**
 * How an edge's path was found: `curve` (the bezier is clear), `around` (a right-angled path clear
 * of other cards and of containers holding neither end), `fallback` (no such path: drawn as before).
 */
export type RouteKind = 'curve' | 'around' | 'fallback';

export interface Drawn {
  d: string;
  kind: RouteKind;
  /** The path as a polyline (a right-angled path's corners; points along a curve). */
  points: readonly Pt[];
  label?: Pt;
}

export interface DrawOptions {
  /** Edge labels' size relative to their normal size (they grow when zoomed out). */
  labelScale?: number;
  /** `legacy`: the router before it avoided containers (the benchmark's baseline). */
  router?: 'around' | 'legacy';
  /** Searches done before, reused when nothing in their window has moved (see RouteCache). */
  cache?: RouteCache;
}

/**
 * Results of `routeAround` by their inputs. While a node is dragged the canvas draws every edge
 * again on every frame; only the searches whose window holds the moved node (or whose ends moved)
 * run again. Bounded: emptied when it grows past `limit` entries. Also what the last `drawEdges`
 * given it spread and placed (`frame`): only the ends and labels near what changed are redone.
 */
export class RouteCache {
  private map = new Map<string, Pt[] | null>();
  /**
   * What `drawEdges` computed in the call before (any board): the moved paths of spread ports and
   * the label places, each with the inputs that decided it, reused when those are unchanged.
   */
  frame?: Frame;
  constructor(private readonly limit = 5000) {}
  route(a: Rect, b: Rect, obstacles: readonly Rect[], bounds: Rect, borders: readonly Rect[]): Pt[] | null {
    const key = [a, b, bounds, ...obstacles, ...borders]
      .map((r) => `${r.x0},${r.y0},${r.x1},${r.y1}`)
      .join(';');
    const hit = this.map.get(key);
    if (hit !== undefined) return hit;
    if (this.map.size >= this.limit) this.map.clear();
    const found = routeAround(a, b, obstacles, bounds, borders);
    this.map.set(key, found);
    return found;
  }
}

/** Height of a container's header (styles.css .container-header): labels and lanes keep off it. */
export const HEADER = 32;
/** Distance from a card to an edge running past it (half the layout's gap between rows). */
const CHANNEL = 22;
/** What a bend costs, in units of length: a path one bend shorter may be this much longer. */
const BEND = 60;
/** A path running along a box's border costs this many times its length (it would hide the border). */
const HUG = 4;
/** Where along a curve a label may sit, best first. */
const ALONG = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85];

/** The size of an edge label (styles.css .edge-label: 10.5 px monospace, 7 px padding) at a scale. */
export function labelBox(text: string, scale = 1): { w: number; h: number } {
  return { w: Math.ceil((text.length * 6.4 + 18) * scale), h: Math.ceil(19 * scale) };
}

const rectOf = (b: Box): Rect => ({ x0: b.x, y0: b.y, x1: b.x + b.w, y1: b.y + b.h });
const centre = (b: Box): Pt => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });
const inside = (r: Rect, p: Pt) => p.x > r.x0 && p.x < r.x1 && p.y > r.y0 && p.y < r.y1;
const union = (a: Rect, b: Rect): Rect => ({
  x0: Math.min(a.x0, b.x0),
  y0: Math.min(a.y0, b.y0),
  x1: Math.max(a.x1, b.x1),
  y1: Math.max(a.y1, b.y1),
});
const grow = (r: Rect, m: number): Rect => ({ x0: r.x0 - m, y0: r.y0 - m, x1: r.x1 + m, y1: r.y1 + m });
const overlaps = (a: Rect, b: Rect) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** A node inside another (a subnet routing to its VPC). */
const contains = (outer: Box, inner: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.w <= outer.x + outer.w &&
  inner.y + inner.h <= outer.y + outer.h;

/** Where the line from a's centre to b's centre leaves a's rectangle. */
function intersection(a: Box, b: Box): Pt {
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

function sideOf(b: Box, p: Pt): Side {
  const px = Math.round(p.x);
  const py = Math.round(p.y);
  if (px <= Math.round(b.x) + 1) return 'left';
  if (px >= Math.round(b.x + b.w) - 1) return 'right';
  if (py <= Math.round(b.y) + 1) return 'top';
  return 'bottom';
}

/**
 * A path to draw: its SVG `d` (built when asked for: a path moved afterwards is never drawn) and its
 * points (a right-angled path's corners; points along a curve).
 */
interface Route {
  d(): string;
  points(): Pt[];
}

/** React Flow's bezier control point (its getBezierPath, curvature 0.25). */
function control(side: Side, x1: number, y1: number, x2: number, y2: number): Pt {
  const offset = (d: number) => (d >= 0 ? 0.5 * d : 0.25 * 25 * Math.sqrt(-d));
  switch (side) {
    case 'left':
      return { x: x1 - offset(x1 - x2), y: y1 };
    case 'right':
      return { x: x1 + offset(x2 - x1), y: y1 };
    case 'top':
      return { x: x1, y: y1 - offset(y1 - y2) };
    default:
      return { x: x1, y: y1 + offset(y2 - y1) };
  }
}

/** The bezier React Flow would draw between boxes a and b (floating: border to border). */
function bezier(a: Box, b: Box): Route {
  let sp = intersection(a, b);
  let tp = intersection(b, a);
  if (contains(b, a) || contains(a, b)) {
    // A node inside another (a subnet routing to its VPC): attach to both top edges.
    sp = { x: a.x + a.w / 2, y: a.y };
    tp = { x: b.x + b.w / 2, y: b.y };
  }
  return curveBetween(sp, sideOf(a, sp), tp, sideOf(b, tp));
}

/** React Flow's bezier from a port on one side of a box to a port on a side of another. */
function curveBetween(sp: Pt, from: Side, tp: Pt, to: Side): Route {
  const c1 = control(from, sp.x, sp.y, tp.x, tp.y);
  const c2 = control(to, tp.x, tp.y, sp.x, sp.y);
  const at = (t: number): Pt => {
    const u = 1 - t;
    return {
      x: u * u * u * sp.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * tp.x,
      y: u * u * u * sp.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * tp.y,
    };
  };
  return {
    d: () => `M${sp.x},${sp.y} C${c1.x},${c1.y} ${c2.x},${c2.y} ${tp.x},${tp.y}`,
    points: () => Array.from({ length: 25 }, (_, i) => at(i / 24)),
  };
}

function toward(from: Pt, to: Pt, r: number): Pt {
  const len = Math.hypot(to.x - from.x, to.y - from.y) || 1;
  return { x: from.x + ((to.x - from.x) * r) / len, y: from.y + ((to.y - from.y) * r) / len };
}

/** A polyline of right angles drawn with rounded corners. */
function orthogonal(pts: Pt[]): Route {
  const d = () => {
    const lens = pts.slice(1).map((p, i) => Math.hypot(p.x - pts[i]!.x, p.y - pts[i]!.y));
    let d = `M ${pts[0]!.x},${pts[0]!.y}`;
    for (let i = 1; i < pts.length - 1; i++) {
      const p = pts[i]!;
      const r = Math.min(8, lens[i - 1]! / 2, lens[i]! / 2);
      const before = toward(p, pts[i - 1]!, r);
      const after = toward(p, pts[i + 1]!, r);
      d += ` L ${before.x},${before.y} Q ${p.x},${p.y} ${after.x},${after.y}`;
    }
    const last = pts[pts.length - 1]!;
    return `${d} L ${last.x},${last.y}`;
  };
  return { d, points: () => pts };
}

/** Points of a polyline without repeats and without middle points of straight runs. */
function simplify(pts: Pt[]): Pt[] {
  const out: Pt[] = [];
  for (const p of pts) {
    const last = out[out.length - 1];
    if (last && last.x === p.x && last.y === p.y) continue;
    const prev = out[out.length - 2];
    if (prev && last && ((prev.x === last.x && last.x === p.x) || (prev.y === last.y && last.y === p.y)))
      out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}

const area = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) *
  Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));

/** Whether the segment p-q passes through the interior of r (touching its border is fine). */
export function crosses(p: Pt, q: Pt, r: Rect): boolean {
  // Liang-Barsky clipping of the segment against the rectangle shrunk by a pixel (no closures:
  // this runs for every step of every candidate path).
  const x0 = r.x0 + 1;
  const y0 = r.y0 + 1;
  const x1 = r.x1 - 1;
  const y1 = r.y1 - 1;
  if (x0 >= x1 || y0 >= y1) return false;
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  let t0 = 0;
  let t1 = 1;
  const dens = [-dx, dx, -dy, dy];
  const nums = [p.x - x0, x1 - p.x, p.y - y0, y1 - p.y];
  for (let k = 0; k < 4; k++) {
    const den = dens[k]!;
    const num = nums[k]!;
    if (den === 0) {
      if (num < 0) return false;
      continue;
    }
    const t = num / den;
    if (den > 0) t1 = Math.min(t1, t);
    else t0 = Math.max(t0, t);
    if (t0 > t1) return false;
  }
  return true;
}

type Entry = { r: Rect; id: string; n: number; seen: number };
/** A grid cell's key (cells are numbered from -32768 to 32767 each way). */
const cellKey = (i: number, j: number) => (i + 32768) * 65536 + (j + 32768);
/** Rectangles in a coarse grid, for asking what is near a point or a box. */
class Index {
  private cells = new Map<number, Entry[]>();
  private stamp = 0;
  /** `cell`: the grid's cell size (small for many small rectangles, such as the segments of paths). */
  constructor(private readonly cell = 256) {}
  /** `id`: what the rectangle is (a node's id); `n`: a number for it (a segment's). */
  add(r: Rect, id = '', n = 0) {
    const e = { r, id, n, seen: 0 };
    const CELL = this.cell;
    for (let i = Math.floor(r.x0 / CELL); i <= Math.floor(r.x1 / CELL); i++)
      for (let j = Math.floor(r.y0 / CELL); j <= Math.floor(r.y1 / CELL); j++) {
        const k = cellKey(i, j);
        const list = this.cells.get(k);
        if (list) list.push(e);
        else this.cells.set(k, [e]);
      }
  }
  /**
   * Calls `visit` with each indexed rectangle in grid cells that `r` touches (once each), until it
   * returns true: `near` without building a list.
   */
  each(r: Rect, visit: (e: Entry) => boolean | undefined): void {
    const stamp = ++this.stamp;
    const CELL = this.cell;
    for (let i = Math.floor(r.x0 / CELL); i <= Math.floor(r.x1 / CELL); i++)
      for (let j = Math.floor(r.y0 / CELL); j <= Math.floor(r.y1 / CELL); j++) {
        const list = this.cells.get(cellKey(i, j));
        if (list)
          for (const e of list)
            if (e.seen !== stamp) {
              e.seen = stamp;
              if (visit(e)) return;
            }
      }
  }
  /** The indexed rectangles in grid cells that `r` touches (a superset of those overlapping it). */
  near(r: Rect): Entry[] {
    const out: Entry[] = [];
    const stamp = ++this.stamp;
    const CELL = this.cell;
    for (let i = Math.floor(r.x0 / CELL); i <= Math.floor(r.x1 / CELL); i++)
      for (let j = Math.floor(r.y0 / CELL); j <= Math.floor(r.y1 / CELL); j++)
        for (const e of this.cells.get(cellKey(i, j)) ?? [])
          if (e.seen !== stamp) {
            e.seen = stamp;
            out.push(e);
          }
    return out;
  }
}

/**
 * Right-angled paths from a to b through the lane just above or below one end's row, or beside
 * its column (one or two bends): what a grid layout's edges mostly need.
 */
function laneCandidates(a: Box, b: Box): Pt[][] {
  const { x: acx, y: acy } = centre(a);
  const { x: bcx, y: bcy } = centre(b);
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
    candidates.push([s, { x: s.x, y: c }, { x: t.x, y: c }, t]);
  }
  const endX = (box: Box, cx: number, cy: number, c: number, other: number): Pt =>
    c > box.x && c < box.x + box.w
      ? { x: c, y: other < cy ? box.y : box.y + box.h }
      : { x: c > cx ? box.x + box.w : box.x, y: cy };
  for (const c of [a.x + a.w + CHANNEL, a.x - CHANNEL, b.x - CHANNEL, b.x + b.w + CHANNEL]) {
    const s = endX(a, acx, acy, c, bcy);
    const t = endX(b, bcx, bcy, c, acy);
    candidates.push([s, { x: c, y: s.y }, { x: c, y: t.y }, t]);
  }
  return candidates.map(simplify).filter((p) => p.length >= 2);
}

/** Binary min-heap of numbers keyed by a priority (A*'s open set). */
class Heap {
  private keys: number[] = [];
  private vals: number[] = [];
  get size() {
    return this.vals.length;
  }
  push(key: number, val: number) {
    const { keys, vals } = this;
    let i = vals.length;
    keys.push(key);
    vals.push(val);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p]! <= key) break;
      keys[i] = keys[p]!;
      vals[i] = vals[p]!;
      i = p;
    }
    keys[i] = key;
    vals[i] = val;
  }
  pop(): number {
    const { keys, vals } = this;
    const top = vals[0]!;
    const key = keys.pop()!;
    const val = vals.pop()!;
    const n = vals.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && keys[r]! < keys[l]! ? r : l;
        if (keys[c]! >= key) break;
        keys[i] = keys[c]!;
        vals[i] = vals[c]!;
        i = c;
      }
      keys[i] = key;
      vals[i] = val;
    }
    return top;
  }
}

/** Sorted distinct values within [lo, hi]. */
function axis(values: number[], lo: number, hi: number): number[] {
  const out = [...new Set(values.map(Math.round))].filter((v) => v >= lo && v <= hi);
  return out.sort((p, q) => p - q);
}

/**
 * Lanes along one axis: every obstacle's border, a lane CHANNEL away from each border where the gap
 * to the next border allows, else the middle of the gap.
 */
function lanes(borders: number[], extra: number[], lo: number, hi: number): number[] {
  const sorted = axis([...borders, lo, hi], lo, hi);
  const out = [...sorted, ...extra];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const p = sorted[i]!;
    const q = sorted[i + 1]!;
    if (q - p <= 2 * CHANNEL) out.push((p + q) / 2);
    else out.push(p + CHANNEL, q - CHANNEL);
  }
  return axis(out, lo, hi);
}

// Directions of travel: +x, -x, +y, -y.
const DX = [1, -1, 0, 0];
const DY = [0, 0, 1, -1];
const SIDES: { side: Side; dir: number }[] = [
  { side: 'right', dir: 0 },
  { side: 'left', dir: 1 },
  { side: 'bottom', dir: 2 },
  { side: 'top', dir: 3 },
];
const port = (r: Rect, side: Side): Pt => {
  const cx = Math.round((r.x0 + r.x1) / 2);
  const cy = Math.round((r.y0 + r.y1) / 2);
  if (side === 'right') return { x: Math.round(r.x1), y: cy };
  if (side === 'left') return { x: Math.round(r.x0), y: cy };
  if (side === 'bottom') return { x: cx, y: Math.round(r.y1) };
  return { x: cx, y: Math.round(r.y0) };
};

/**
 * The cheapest right-angled path from box a to box b (length, plus BEND per bend, plus HUG times
 * the length run along a border) that crosses no obstacle's interior and stays within `bounds`:
 * it leaves a from the middle of one side, outwards, and enters b the same way. Null when there is
 * none. `borders`: boxes the path may cross (the containers holding an end) but should not run
 * along. An A* over the grid of lines through every box's borders and the lanes between them (an
 * orthogonal visibility grid: a shortest path with fewest bends runs along these lines). Boxes are
 * taken to whole pixels.
 */
export function routeAround(
  from: Rect,
  to: Rect,
  obstacles: readonly Rect[],
  bounds: Rect,
  borders: readonly Rect[] = [],
): Pt[] | null {
  const px = (r: Rect): Rect => ({
    x0: Math.round(r.x0),
    y0: Math.round(r.y0),
    x1: Math.round(r.x1),
    y1: Math.round(r.y1),
  });
  const a = px(from);
  const b = px(to);
  // What lies inside another obstacle changes nothing but would add grid lines (of two equal
  // boxes, the first is kept).
  const within = (r: Rect, o: Rect) => o.x0 <= r.x0 && o.y0 <= r.y0 && o.x1 >= r.x1 && o.y1 >= r.y1;
  const outer = obstacles
    .filter((r, k) => !obstacles.some((o, l) => l !== k && within(r, o) && (l < k || !within(o, r))))
    .map(px);
  const all = [a, b, ...outer];
  const lined = [...all, ...borders.map(px)];
  const xs = lanes(
    lined.flatMap((r) => [r.x0, r.x1]),
    [(a.x0 + a.x1) / 2, (b.x0 + b.x1) / 2].map(Math.round),
    bounds.x0,
    bounds.x1,
  );
  const ys = lanes(
    lined.flatMap((r) => [r.y0, r.y1]),
    [(a.y0 + a.y1) / 2, (b.y0 + b.y1) / 2].map(Math.round),
    bounds.y0,
    bounds.y1,
  );
  const nx = xs.length;
  const ny = ys.length;
  // Every obstacle border is a grid line, so a step between neighbouring grid points is either
  // wholly inside an obstacle or wholly outside it, and either runs along a border or not. Each
  // step's state is rasterised once: bit 1 blocked, bit 2 along a border; `along[0]` for steps
  // from (i, j) to (i + 1, j), `along[1]` from (i, j) to (i, j + 1).
  const along = [new Uint8Array(nx * ny), new Uint8Array(nx * ny)] as const;
  const mark = (steps: Uint8Array, is: [number, number], js: [number, number], bit: number) => {
    for (let i = is[0]; i < is[1]; i++) for (let j = js[0]; j < js[1]; j++) steps[i * ny + j]! |= bit;
  };
  for (const [k, r] of lined.entries()) {
    // Index ranges: of the lines on or within the box's borders, and strictly inside them.
    const ix: [number, number] = [lowerBound(xs, r.x0), upperBound(xs, r.x1)];
    const iy: [number, number] = [lowerBound(ys, r.y0), upperBound(ys, r.y1)];
    const inX: [number, number] = [upperBound(xs, r.x0), lowerBound(xs, r.x1)];
    const inY: [number, number] = [upperBound(ys, r.y0), lowerBound(ys, r.y1)];
    // Steps inside an obstacle (horizontal: from line i to i + 1, both within [x0, x1]).
    if (k < all.length) {
      mark(along[0], [ix[0], ix[1] - 1], inY, 1);
      mark(along[1], inX, [iy[0], iy[1] - 1], 1);
    }
    // Steps along a border.
    for (const y of [r.y0, r.y1]) {
      const j = lowerBound(ys, y);
      if (ys[j] === y) mark(along[0], [ix[0], ix[1] - 1], [j, j + 1], 2);
    }
    for (const x of [r.x0, r.x1]) {
      const i = lowerBound(xs, x);
      if (xs[i] === x) mark(along[1], [i, i + 1], [iy[0], iy[1] - 1], 2);
    }
  }
  const xi = new Map(xs.map((v, i) => [v, i]));
  const yi = new Map(ys.map((v, i) => [v, i]));
  const cost = new Float64Array(nx * ny * 4).fill(Number.POSITIVE_INFINITY);
  const prev = new Int32Array(nx * ny * 4).fill(-1);
  // The heuristic (never more than what is left to pay): the L1 distance to b (the sum of one
  // term per grid line), plus a bend unless b's port lies straight ahead.
  const hx = xs.map((x) => Math.max(0, b.x0 - x, x - b.x1));
  const hy = ys.map((y) => Math.max(0, b.y0 - y, y - b.y1));
  const mid = port(b, 'top').x;
  const level = port(b, 'left').y;
  const ahead = (x: number, y: number, dir: number) =>
    dir === 0
      ? y === level && x <= b.x0
      : dir === 1
        ? y === level && x >= b.x1
        : dir === 2
          ? x === mid && y <= b.y0
          : x === mid && y >= b.y1;
  const h = (i: number, j: number, dir: number) => hx[i]! + hy[j]! + (ahead(xs[i]!, ys[j]!, dir) ? 0 : BEND);
  const heap = new Heap();
  for (const { side, dir } of SIDES) {
    const p = port(a, side);
    const i = xi.get(p.x);
    const j = yi.get(p.y);
    if (i === undefined || j === undefined) continue;
    const s = (i * ny + j) * 4 + dir;
    cost[s] = 0;
    heap.push(h(i, j, dir), s);
  }
  // The goal: one of b's ports, entered moving inwards (the reverse of leaving it): the state's number.
  const goals = new Set<number>();
  for (const { side, dir } of SIDES) {
    const p = port(b, side);
    const i = xi.get(p.x);
    const j = yi.get(p.y);
    if (i !== undefined && j !== undefined) goals.add((i * ny + j) * 4 + (dir ^ 1));
  }
  while (heap.size > 0) {
    const s = heap.pop();
    const dir = s & 3;
    const cell = s >> 2;
    const i = (cell / ny) | 0;
    const j = cell - i * ny;
    if (goals.has(s)) {
      const pts: Pt[] = [];
      for (let k = s; k >= 0; k = prev[k]!) {
        const c = k >> 2;
        pts.push({ x: xs[Math.floor(c / ny)]!, y: ys[c % ny]! });
      }
      return simplify(pts.reverse());
    }
    const g = cost[s]!;
    for (let d = 0; d < 4; d++) {
      if (d === (dir ^ 1)) continue;
      const ni = i + DX[d]!;
      const nj = j + DY[d]!;
      if (ni < 0 || nj < 0 || ni >= nx || nj >= ny) continue;
      // The step's state is stored at its lower-left end.
      const step = along[d < 2 ? 0 : 1][Math.min(i, ni) * ny + Math.min(j, nj)]!;
      if (step & 1) continue;
      const len = Math.abs(xs[ni]! - xs[i]!) + Math.abs(ys[nj]! - ys[j]!);
      const next = (ni * ny + nj) * 4 + d;
      const c = g + len * (step & 2 ? HUG : 1) + (d === dir ? 0 : BEND);
      if (c >= cost[next]!) continue;
      cost[next] = c;
      prev[next] = s;
      heap.push(c + h(ni, nj, d), next);
    }
  }
  return null;
}

/** The first index of a sorted array whose value is at least v (`after`: more than v). */
function firstIndex(xs: readonly number[], v: number, after = false): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (xs[m]! < v || (after && xs[m] === v)) lo = m + 1;
    else hi = m;
  }
  return lo;
}
const lowerBound = (xs: readonly number[], v: number) => firstIndex(xs, v);
const upperBound = (xs: readonly number[], v: number) => firstIndex(xs, v, true);

interface Obstacles {
  /** Cards (resources, notes): nothing runs through them. */
  cards: Index;
  /** Containers: an edge runs through those holding one of its ends, and no others. */
  containers: Index;
  /** Containers' headers (their names): lanes keep off them. */
  heads: Index;
}

/** What is in the way of one edge near its ends, by what it may not cross. */
interface Near {
  cards: Rect[];
  /** Containers holding neither end. */
  foreign: Rect[];
  /** Containers holding an end (not the ends themselves). */
  holding: Rect[];
  heads: Rect[];
}

/** How close to a border, in board units, a line counts as running along it (drawn over it). */
const HUG_DISTANCE = 6;

/** How much of the span p0-p1 (either way round) lies within q0-q1 (q0 ≤ q1): 0 or less when none. */
const spanOverlap = (p0: number, p1: number, q0: number, q1: number) =>
  Math.min(Math.max(p0, p1), q1) - Math.max(Math.min(p0, p1), q0);

/** Whether a right-angled path runs along one of the rectangles' borders for more than a bend's length. */
function runsAlong(pts: readonly Pt[], rects: readonly Rect[]): boolean {
  for (let i = 1; i < pts.length; i++) {
    const p = pts[i - 1]!;
    const q = pts[i]!;
    for (const r of rects)
      if (p.y === q.y) {
        const near = Math.abs(p.y - r.y0) < HUG_DISTANCE || Math.abs(p.y - r.y1) < HUG_DISTANCE;
        if (near && spanOverlap(p.x, q.x, r.x0, r.x1) > 2 * HUG_DISTANCE) return true;
      } else {
        const near = Math.abs(p.x - r.x0) < HUG_DISTANCE || Math.abs(p.x - r.x1) < HUG_DISTANCE;
        if (near && spanOverlap(p.y, q.y, r.y0, r.y1) > 2 * HUG_DISTANCE) return true;
      }
  }
  return false;
}

/** Whether no segment of a polyline passes through one of the rectangles. */
const clearOf = (pts: readonly Pt[], rects: readonly Rect[]) => {
  for (let i = 1; i < pts.length; i++)
    for (const r of rects) if (crosses(pts[i - 1]!, pts[i]!, r)) return false;
  return true;
};

/** The route the canvas drew before it knew about containers: bezier, else a lane, else bezier. */
function legacyRoute(a: Box, b: Box, near: Near): Route {
  const curve = bezier(a, b);
  if (contains(a, b) || contains(b, a) || clearOf(curve.points(), near.cards)) return curve;
  // A lane also keeps off containers' names (a line over a name would take its clicks).
  for (const path of laneCandidates(a, b))
    if (clearOf(path, near.cards) && clearOf(path, near.heads)) return orthogonal(path);
  return curve;
}

/** The bounding box of points. */
function extent(pts: readonly Pt[]): Rect {
  const r = { x0: Number.POSITIVE_INFINITY, y0: Number.POSITIVE_INFINITY, x1: -Infinity, y1: -Infinity };
  for (const p of pts) {
    if (p.x < r.x0) r.x0 = p.x;
    if (p.x > r.x1) r.x1 = p.x;
    if (p.y < r.y0) r.y0 = p.y;
    if (p.y > r.y1) r.y1 = p.y;
  }
  return r;
}

/**
 * Which boxes an edge between a and b (nodes `ids`) may pass through: `ends` (its own nodes) and
 * `own` (its nodes and the containers holding one of them).
 */
function owners(a: Box, b: Box, ids: readonly [string, string]) {
  const ends = (e: Entry) => e.id === ids[0] || e.id === ids[1];
  const ca = centre(a);
  const cb = centre(b);
  const own = (e: Entry) => ends(e) || inside(e.r, ca) || inside(e.r, cb);
  return { ends, own };
}

/** Entries of an index overlapping `area`, but those `skip` names, as rectangles. */
const gather = (index: Index, skip: (e: Entry) => boolean, area: Rect) =>
  index
    .near(area)
    .filter((e) => !skip(e) && overlaps(e.r, area))
    .map((e) => e.r);

function route(
  a: Box,
  b: Box,
  ids: [string, string],
  o: Obstacles,
  { router, cache }: Pick<DrawOptions, 'router' | 'cache'>,
): { r: Route; kind: RouteKind } {
  const { ends, own } = owners(a, b, ids);
  const curve = bezier(a, b);
  const bends = curve.points();
  // Everything the curve and the lanes next to the ends could meet, gathered once for this edge.
  const reach = union(grow(union(rectOf(a), rectOf(b)), CHANNEL + 2), extent(bends));
  const near: Near = {
    cards: gather(o.cards, ends, reach),
    foreign: gather(o.containers, own, reach),
    holding: gather(o.containers, (e) => ends(e) || !own(e), reach),
    heads: gather(o.heads, ends, reach),
  };
  if (router === 'legacy') return { r: legacyRoute(a, b, near), kind: 'fallback' };
  if (contains(a, b) || contains(b, a)) return { r: curve, kind: 'curve' };
  if (clearOf(bends, near.cards) && clearOf(bends, near.foreign)) return { r: curve, kind: 'curve' };
  for (const path of laneCandidates(a, b))
    if (
      clearOf(path, near.cards) &&
      clearOf(path, near.heads) &&
      clearOf(path, near.foreign) &&
      !runsAlong(path, near.holding)
    )
      return { r: orthogonal(path), kind: 'around' };
  // Search a window around both ends, widened to take in what it cuts (to go round an AZ it must
  // hold the whole AZ), once and then once more.
  const ra = rectOf(a);
  const rb = rectOf(b);
  let bounds = grow(union(ra, rb), 2 * CHANNEL);
  for (let pass = 0; pass < 2; pass++) {
    const obstacles = [
      ...gather(o.cards, ends, bounds),
      ...gather(o.containers, own, bounds),
      ...gather(o.heads, ends, bounds),
    ];
    // Containers holding an end: crossed, but not run along (their dashed borders would hide the line).
    const borders = gather(o.containers, (e) => ends(e) || !own(e), bounds);
    const pts = cache
      ? cache.route(ra, rb, obstacles, bounds, borders)
      : routeAround(ra, rb, obstacles, bounds, borders);
    if (pts) return { r: orthogonal(pts), kind: 'around' };
    bounds = grow(obstacles.reduce(union, bounds), 2 * CHANNEL);
  }
  return { r: legacyRoute(a, b, near), kind: 'fallback' };
}

/* ---- Ports: edges meeting one side of a node attach to it at points of their own ---- */

/** Most distance between neighbouring ports on a side (on a long side they stay near its middle). */
const PORT_GAP = 40;
/** Lanes of edges that leave one side and turn the same way at the same distance are this far apart. */
const LANE_GAP = 8;

/** A drawn edge as `spreadPorts` sees it. */
export interface EdgePath {
  source: string;
  target: string;
  /** A right-angled path's corners, or points along a curve. */
  points: readonly Pt[];
  /** `fixed`: a path that is not moved (and whose ends are not counted). */
  shape: 'right-angled' | 'curve' | 'fixed';
}

/**
 * Where one end of an edge moves to: its new port on the same `side`, and for a right-angled path
 * whose first bend lies on a lane shared with others, the lane's new place (x of a vertical lane,
 * y of a horizontal one).
 */
export interface PortMove {
  side: Side;
  at: Pt;
  lane?: number;
}

type Axis = 'x' | 'y';
/** The axis a side runs along (its ports differ in this coordinate). */
const along = (side: Side): Axis => (side === 'left' || side === 'right' ? 'y' : 'x');
const across = (axis: Axis): Axis => (axis === 'x' ? 'y' : 'x');
/** +1 when leaving the side outwards increases the other coordinate. */
const outwards = (side: Side) => (side === 'right' || side === 'bottom' ? 1 : -1);

interface End {
  path: number;
  end: 0 | 1;
  side: Side;
  /** The path from this end. */
  pts: readonly Pt[];
  /** Which way it turns at its first bend, along the side: -1, +1, or 0 (straight on, or a curve). */
  turn: number;
  /** How far from the side it turns, and how far it runs before its next bend. */
  depth: number;
  travel: number;
  /** Where the other end's node is, along the side's axis. */
  far: number;
}

/**
 * Where the ends of edges that meet one side of a node attach: spread along the side round its
 * middle (at most PORT_GAP apart, never at a corner), in the order that keeps the paths from crossing
 * next to the node: first those turning towards the side's start (those turning nearest to the
 * node outermost), then those going on straight or curving away (by where their other end is), then
 * those turning towards the side's end. Paths that turn the same way on one lane get lanes of their
 * own, nested in the same order. An end alone on its side is not moved. Returns, for each path,
 * the moves of its source end and target end (null: not moved).
 */
export function spreadPorts(
  boxes: ReadonlyMap<string, Box>,
  paths: readonly EdgePath[],
): [PortMove | null, PortMove | null][] {
  const out: [PortMove | null, PortMove | null][] = paths.map(() => [null, null]);
  const sides = new Map<string, End[]>();
  paths.forEach((p, path) => {
    const a = boxes.get(p.source);
    const b = boxes.get(p.target);
    if (!a || !b || p.shape === 'fixed' || p.points.length < 2 || contains(a, b) || contains(b, a)) return;
    for (const end of [0, 1] as const) {
      const [box, other] = end === 0 ? [a, b] : [b, a];
      const pts = end === 0 ? p.points : [...p.points].reverse();
      const side = sideOf(box, pts[0]!);
      const ax = along(side);
      const nx = across(ax);
      let turn = 0;
      let depth = 0;
      let travel = 0;
      if (p.shape === 'right-angled') {
        // A right-angled path leaves its node at right angles (else it is left as it is).
        if (pts[1]![ax] !== pts[0]![ax]) continue;
        if (pts.length > 2) {
          depth = Math.abs(pts[1]![nx] - pts[0]![nx]);
          turn = Math.sign(pts[2]![ax] - pts[1]![ax]);
          travel = Math.abs(pts[2]![ax] - pts[1]![ax]);
        }
      }
      const key = `${end === 0 ? p.source : p.target}|${side}`;
      const list = sides.get(key) ?? [];
      list.push({ path, end, side, pts, turn, depth, travel, far: centre(other)[ax] });
      sides.set(key, list);
    }
  });
  const rank = (e: End) => e.turn + 1;
  const order = (p: End, q: End) =>
    rank(p) - rank(q) ||
    (p.turn < 0 ? p.depth - q.depth || q.travel - p.travel : 0) ||
    (p.turn > 0 ? q.depth - p.depth || p.travel - q.travel : 0) ||
    p.far - q.far ||
    p.path - q.path;
  for (const [key, ends] of sides) {
    if (ends.length < 2) continue;
    ends.sort(order);
    const box = boxes.get(key.slice(0, key.lastIndexOf('|')))!;
    const side = ends[0]!.side;
    const ax = along(side);
    const nx = across(ax);
    const start = ax === 'x' ? box.x : box.y;
    const len = ax === 'x' ? box.w : box.h;
    const n = ends.length;
    const gap = Math.min(PORT_GAP, len / (n + 1));
    const moves = ends.map((e, k) => {
      const at = { ...e.pts[0]! };
      at[ax] = Math.round(start + len / 2 + (k - (n - 1) / 2) * gap);
      const move: PortMove = { side, at };
      out[e.path]![e.end] = move;
      return move;
    });
    // Runs of paths turning the same way on one lane, or lanes closer than LANE_GAP (their third point not their other end).
    for (let i = 0; i < n; ) {
      const first = ends[i]!;
      let j = i + 1;
      const shares = (e: End) =>
        e.turn === first.turn && Math.abs(e.depth - first.depth) < LANE_GAP && e.pts.length >= 4;
      while (j < n && shares(ends[j]!)) j++;
      const m = j - i;
      if (first.turn !== 0 && m > 1 && shares(first))
        for (let k = 0; k < m; k++) {
          // Towards the side's start: the first (outermost) turns nearest; towards its end, last.
          const step = first.turn < 0 ? k - (m - 1) / 2 : (m - 1) / 2 - k;
          moves[i + k]!.lane = first.pts[0]![nx] + outwards(side) * (first.depth + step * LANE_GAP);
        }
      i = j;
    }
  }
  return out;
}

/**
 * A right-angled path with its ends moved along their sides (and its first bends onto their new
 * lanes): the legs next to the ends shift sideways, so the path stays right-angled. A straight path
 * whose ends move apart steps half way.
 */
export function movePorts(
  points: readonly Pt[],
  [from, to]: readonly [PortMove | null, PortMove | null],
): Pt[] {
  const q = points.map((p) => ({ ...p }));
  const n = q.length;
  if (n === 2) {
    const s = from?.at ?? q[0]!;
    const t = to?.at ?? q[1]!;
    if (s.x === t.x || s.y === t.y) return [s, t];
    if (along((from ?? to)!.side) === 'y') {
      const x = Math.round((s.x + t.x) / 2);
      return [s, { x, y: s.y }, { x, y: t.y }, t];
    }
    const y = Math.round((s.y + t.y) / 2);
    return [s, { x: s.x, y }, { x: t.x, y }, t];
  }
  const move = (m: PortMove, end: number, bend: number, next: number) => {
    const ax = along(m.side);
    q[end]![ax] = m.at[ax];
    q[bend]![ax] = m.at[ax];
    if (m.lane !== undefined && n >= 4) {
      const nx = across(ax);
      q[bend]![nx] = m.lane;
      q[next]![nx] = m.lane;
    }
  };
  if (from) move(from, 0, 1, 2);
  if (to) move(to, n - 1, n - 2, n - 3);
  return simplify(q);
}

/* ---- Labels: each on its own path, clear of other labels, other paths, cards and headers ---- */

/** A drawn edge as `placeLabels` sees it. */
export interface LabelledPath {
  id: string;
  /** A right-angled path's corners, or points along a curve. */
  points: readonly Pt[];
  /** Its label's size, if it has one. */
  label?: { w: number; h: number };
}

/** A place a label may take: its centre, what taking it costs anyway, the segment it sits on. */
interface Spot {
  at: Pt;
  penalty: number;
  host: number;
}

/** What covering things costs a label: per unit of area of a label or card, of a header; per line crossed. */
const COVER_LABEL = 8;
const COVER_CARD = 8;
const COVER_HEAD = 2;
const CROSS_LINE = 300;
/** Per unit of length of another path's line under the label (a shared lane is worse than a crossing). */
const UNDER_LINE = 4;
/** A label crossing its own path's other segments (hung over a bend). */
const CROSS_OWN = 150;
/** A label set beside its path rather than on it: per nudge. */
const NUDGED = 200;

/** The point a fraction t of the way along a polyline. */
function pointAt(pts: readonly Pt[], t: number): Pt {
  const lens = pts.slice(1).map((p, i) => Math.hypot(p.x - pts[i]!.x, p.y - pts[i]!.y));
  let left = t * lens.reduce((a, b) => a + b, 0);
  for (let i = 0; i < lens.length; i++) {
    if (left <= lens[i]! || i === lens.length - 1) {
      const f = lens[i] ? Math.min(1, left / lens[i]!) : 0;
      const a = pts[i]!;
      const b = pts[i + 1]!;
      return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
    }
    left -= lens[i]!;
  }
  return pts[pts.length - 1]!;
}

/**
 * Where a label of size w x h may sit on a path, best first. A right-angled path: on its segments,
 * longest first, from each one's middle outwards (wholly on the segment where it is long enough);
 * then beside the middles. A curve: at points along it from the middle outwards; then beside them.
 */
function spots(pts: readonly Pt[], w: number, h: number): Spot[] {
  const out: Spot[] = [];
  const straight = pts.length >= 2 && pts.slice(1).every((q, i) => q.x === pts[i]!.x || q.y === pts[i]!.y);
  const beside = (p: Pt, flat: boolean, host: number) => {
    for (const [k, s] of [1, -1, 2, -2].entries()) {
      const d = Math.abs(s) === 1 ? 0.75 : 1.4;
      const at = flat
        ? { x: p.x, y: p.y + Math.sign(s) * d * h }
        : { x: p.x + Math.sign(s) * (w / 2 + 2) * (d / 0.75), y: p.y };
      out.push({ at, penalty: NUDGED * (k < 2 ? 1 : 2), host });
    }
  };
  if (!straight) {
    const flat = Math.abs(pts[pts.length - 1]!.x - pts[0]!.x) >= Math.abs(pts[pts.length - 1]!.y - pts[0]!.y);
    for (const t of ALONG) out.push({ at: pointAt(pts, t), penalty: 0, host: -1 });
    for (const t of ALONG.slice(0, 3)) beside(pointAt(pts, t), flat, -1);
    return out;
  }
  const segs = pts
    .slice(1)
    .map((q, i) => ({ i, a: pts[i]!, b: q, len: Math.abs(q.x - pts[i]!.x) + Math.abs(q.y - pts[i]!.y) }))
    .filter((s) => s.len > 0)
    .sort((p, q) => q.len - p.len || p.i - q.i);
  for (const s of segs) {
    const flat = s.a.y === s.b.y;
    const room = s.len - (flat ? w : h) - 8;
    for (const f of room > 0 ? [0.5, 0.2, 0.8] : [0.5]) {
      // From the middle of the part of the segment the label fits wholly in.
      const t = room > 0 ? (s.len - room) / 2 / s.len + (f * room) / s.len : 0.5;
      out.push({
        at: { x: s.a.x + (s.b.x - s.a.x) * t, y: s.a.y + (s.b.y - s.a.y) * t },
        penalty: 0,
        host: s.i,
      });
    }
  }
  for (const s of segs.slice(0, 2))
    beside({ x: (s.a.x + s.b.x) / 2, y: (s.a.y + s.b.y) / 2 }, s.a.y === s.b.y, s.i);
  return out;
}

/** How much of a segment (a path's line, or a short chord of a curve) lies within a box: 0 when none. */
function under(a: Pt, b: Pt, r: Rect): number {
  const ox = spanOverlap(a.x, b.x, r.x0, r.x1);
  const oy = spanOverlap(a.y, b.y, r.y0, r.y1);
  if (a.y === b.y) return a.y > r.y0 && a.y < r.y1 && ox > 0 ? ox : 0;
  if (a.x === b.x) return a.x > r.x0 && a.x < r.x1 && oy > 0 ? oy : 0;
  return ox > 0 && oy > 0 ? Math.max(ox, oy) : 0;
}

/* ---- Reuse between frames: what did not change is not computed again ---- */

/** Whether two polylines are the same points. */
function samePts(p: readonly Pt[], q: readonly Pt[]): boolean {
  if (p === q) return true;
  if (p.length !== q.length) return false;
  for (let i = 0; i < p.length; i++) if (p[i]!.x !== q[i]!.x || p[i]!.y !== q[i]!.y) return false;
  return true;
}
const sameRect = (a: Rect, b: Rect) => a.x0 === b.x0 && a.y0 === b.y0 && a.x1 === b.x1 && a.y1 === b.y1;
const sameBox = (a: Box, b: Box) => a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h;
const sameMove = (m: PortMove | null, n: PortMove | null) =>
  m === n || (!!m && !!n && m.side === n.side && m.at.x === n.at.x && m.at.y === n.at.y && m.lane === n.lane);

/** Rectangles that changed since the frame before (each where it was and where it is, a pixel wider). */
class Changes {
  private index = new Index(128);
  /** Nothing to compare with: everything counts as changed. */
  constructor(readonly all = false) {}
  add(r: Rect) {
    if (!this.all) this.index.add(grow(r, 1));
  }
  /** The segments of a polyline. */
  addPath(pts: readonly Pt[]) {
    if (this.all) return;
    for (let i = 1; i < pts.length; i++) this.add(extent([pts[i - 1]!, pts[i]!]));
  }
  /** Whether anything that changed overlaps r. */
  touch(r: Rect): boolean {
    // A list, not `each` with a visitor of its own: that call site keeps to the visitors of the
    // label costs and the port checks, which run far more often.
    return this.all || this.index.near(r).some((e) => overlaps(e.r, r));
  }
}

/** A label's place in the frame before, with what decided it. */
interface LabelMemo {
  id: string;
  points: readonly Pt[];
  label?: { w: number; h: number };
  /** Its place, and the area of all the spots it was chosen from. */
  at?: Pt;
  region?: Rect;
}

/** What `placeLabels` had: the obstacles and every path's label. */
interface LabelsMemo {
  cards: readonly Rect[];
  heads: readonly Rect[];
  paths: LabelMemo[];
}

/** A moved path of spread ports in the frame before, with what decided it. */
interface PortMemo {
  source: string;
  target: string;
  a: Box;
  b: Box;
  kind: RouteKind;
  /** The path before its ends moved, and their moves. */
  before: readonly Pt[];
  from: PortMove | null;
  to: PortMove | null;
  /** The area the moved path was checked in against cards and containers (null: not checked). */
  region: Rect | null;
  r: Route;
  points: Pt[];
}

/** What `drawEdges` computed in a call, for the next (RouteCache.frame). */
interface Frame {
  router: 'around' | 'legacy';
  nodes: Map<string, RoutedNode>;
  ports: Map<string, PortMemo>;
  labels: LabelsMemo;
}

/**
 * Every label's place (paths in the given order, each taking the best spot left: greedy and
 * deterministic): on its own path's longest segment where the label covers no other label, no
 * other path's line, no card and no container header; failing that, where it costs least (covering
 * labels and cards worst, then lines under it, crossing lines, headers, sitting beside its path).
 *
 * `memo`: the places of the call before (`prev`), kept for every label whose path and size are the
 * same and near whose spots no card, header, path or earlier label changed (the same costs, so the
 * same choice); what this call placed is left in `next`.
 */
export function placeLabels(
  paths: readonly LabelledPath[],
  cards: readonly Rect[],
  heads: readonly Rect[],
  memo?: { prev?: LabelsMemo; next?: LabelsMemo },
): Map<string, Pt> {
  const prev = memo?.prev;
  const comparable =
    !!prev &&
    prev.paths.length === paths.length &&
    prev.cards.length === cards.length &&
    prev.heads.length === heads.length &&
    prev.paths.every((q, i) => q.id === paths[i]!.id);
  const changed = new Changes(!comparable);
  if (comparable) {
    for (const [mine, theirs] of [
      [cards, prev.cards],
      [heads, prev.heads],
    ] as const)
      for (let k = 0; k < mine.length; k++)
        if (!sameRect(mine[k]!, theirs[k]!)) {
          changed.add(mine[k]!);
          changed.add(theirs[k]!);
        }
    for (let i = 0; i < paths.length; i++)
      if (!samePts(paths[i]!.points, prev.paths[i]!.points)) {
        changed.addPath(paths[i]!.points);
        changed.addPath(prev.paths[i]!.points);
      }
  }
  // Every path's segments (the entries' `n`: index into `ends`, two points a segment), and what a
  // label covers, each entry with what a unit of its area costs (`n`): cards, headers, labels.
  // Built when a label is first placed afresh.
  let lines: Index | undefined;
  let covers: Index | undefined;
  const ends: Pt[] = [];
  const placed: Rect[] = [];
  const build = () => {
    lines = new Index(64);
    for (const p of paths)
      for (let i = 1; i < p.points.length; i++) {
        const a = p.points[i - 1]!;
        const b = p.points[i]!;
        lines.add(extent([a, b]), '', ends.length / 2);
        ends.push(a, b);
      }
    covers = new Index(128);
    for (const r of cards) covers.add(r, '', COVER_CARD);
    for (const r of heads) covers.add(r, '', COVER_HEAD);
    for (const r of placed) covers.add(r, '', COVER_LABEL);
  };
  const out = new Map<string, Pt>();
  const next: LabelMemo[] = [];
  // The spot being costed (one set of variables and two visitors for all: this runs for every
  // spot of every label while a card is dragged). The costs add up: a spot is given up as soon as
  // it costs as much as the best so far.
  const r: Rect = { x0: 0, y0: 0, x1: 0, y1: 0 };
  let cost = 0;
  let bound = 0;
  let host = -1;
  let own0 = 0;
  let own1 = 0;
  const cover = (e: Entry) => {
    cost += e.n * area(r, e.r);
    return cost >= bound;
  };
  const cross = (e: Entry) => {
    const k = e.n;
    const length = under(ends[2 * k]!, ends[2 * k + 1]!, r);
    if (length === 0) return false;
    if (k < own0 || k >= own1) cost += CROSS_LINE + UNDER_LINE * length;
    else if (host >= 0 && k - own0 !== host) cost += CROSS_OWN;
    return cost >= bound;
  };
  /** The best spot for a label of size w x h on path p (own0/own1 set to its segments). */
  const choose = (p: LabelledPath, w: number, h: number): { at: Pt; region: Rect } => {
    if (!lines) build();
    let best = { at: p.points[0]!, cost: Number.POSITIVE_INFINITY };
    const all = spots(p.points, w, h);
    for (const s of all) {
      if (s.penalty >= best.cost) continue;
      r.x0 = s.at.x - w / 2;
      r.y0 = s.at.y - h / 2;
      r.x1 = s.at.x + w / 2;
      r.y1 = s.at.y + h / 2;
      cost = s.penalty;
      bound = best.cost;
      host = s.host;
      covers!.each(r, cover);
      if (cost < best.cost) lines!.each(r, cross);
      if (cost < best.cost) best = { at: s.at, cost };
      if (cost === 0) break;
    }
    // Every spot's rectangle: what the choice depended on lies within.
    const region = grow(all.length ? extent(all.map((s) => s.at)) : extent([best.at]), 0);
    region.x0 -= w / 2;
    region.x1 += w / 2;
    region.y0 -= h / 2;
    region.y1 += h / 2;
    return { at: { x: Math.round(best.at.x), y: Math.round(best.at.y) }, region };
  };
  let first = 0;
  for (const [i, p] of paths.entries()) {
    own0 = first;
    own1 = first + Math.max(0, p.points.length - 1);
    first = own1;
    const q = comparable ? prev.paths[i] : undefined;
    const was = q?.at && q.label ? labelRect(q.at, q.label) : undefined;
    if (!p.label) {
      next.push({ id: p.id, points: p.points });
      if (was) changed.add(was);
      continue;
    }
    const { w, h } = p.label;
    const kept =
      q?.at &&
      q.region &&
      q.label?.w === w &&
      q.label.h === h &&
      samePts(q.points, p.points) &&
      !changed.touch(q.region);
    const { at, region } = kept ? { at: q.at!, region: q.region! } : choose(p, w, h);
    const rect = labelRect(at, p.label);
    placed.push(rect);
    covers?.add(rect, '', COVER_LABEL);
    if (!was || !sameRect(was, rect)) {
      changed.add(rect);
      if (was) changed.add(was);
    }
    out.set(p.id, at);
    next.push({ id: p.id, points: p.points, label: p.label, at, region });
  }
  if (memo) memo.next = { cards, heads, paths: next };
  return out;
}

/** A label's rectangle at its place. */
const labelRect = (at: Pt, { w, h }: { w: number; h: number }): Rect => ({
  x0: at.x - w / 2,
  y0: at.y - h / 2,
  x1: at.x + w / 2,
  y1: at.y + h / 2,
});

/**
 * Every edge's path and label: paths around other cards and containers (see the top of this
 * file), the ends of edges meeting one side of a node spread along it (`spreadPorts`; a moved path
 * that would cross a card or a container it may not is left as it was), then the labels placed
 * (`placeLabels`, edges in the given order) at their drawn size (`labelScale`). With a `cache`,
 * a moved path or label place whose inputs are those of the call before is taken from that call
 * (the same result: see `RouteCache.frame`).
 */
export function drawEdges(
  nodes: readonly RoutedNode[],
  edges: readonly RoutedEdge[],
  { labelScale = 1, router = 'around', cache }: DrawOptions = {},
): Map<string, Drawn> {
  const o: Obstacles = { cards: new Index(), containers: new Index(), heads: new Index() };
  const byId = new Map<string, RoutedNode>();
  const cards: Rect[] = [];
  const heads: Rect[] = [];
  for (const n of nodes) {
    byId.set(n.id, n);
    const r = rectOf(n.box);
    if (n.container) {
      const head = { ...r, y1: Math.min(r.y1, r.y0 + HEADER) };
      heads.push(head);
      o.heads.add(head, n.id);
      o.containers.add(r, n.id);
    } else {
      cards.push(r);
      o.cards.add(r, n.id);
    }
  }
  const laid: { e: RoutedEdge; a: Box; b: Box; r: Route; kind: RouteKind; points: Pt[] }[] = [];
  for (const e of edges) {
    const sn = byId.get(e.source);
    const tn = byId.get(e.target);
    if (!sn || !tn) continue;
    const { r, kind } = route(sn.box, tn.box, [e.source, e.target], o, { router, cache });
    laid.push({ e, a: sn.box, b: tn.box, r, kind, points: r.points() });
  }
  // The call before, if any, and what moved since: nodes whose box changed (where they were and
  // where they are), appeared or went.
  const prev = cache?.frame?.router === router ? cache.frame : undefined;
  const shifted = new Changes(!prev);
  if (prev) {
    for (const n of nodes) {
      const was = prev.nodes.get(n.id);
      if (was && was.container === n.container && sameBox(was.box, n.box)) continue;
      shifted.add(rectOf(n.box));
      if (was) shifted.add(rectOf(was.box));
    }
    for (const [id, n] of prev.nodes) if (!byId.has(id)) shifted.add(rectOf(n.box));
  }
  const ports = new Map<string, PortMemo>();
  if (router !== 'legacy') {
    const boxes = new Map([...byId].map(([id, n]) => [id, n.box]));
    const shape = (k: RouteKind) => (k === 'around' ? 'right-angled' : k === 'curve' ? 'curve' : 'fixed');
    const moves = spreadPorts(
      boxes,
      laid.map((l) => ({ source: l.e.source, target: l.e.target, points: l.points, shape: shape(l.kind) })),
    );
    for (const [i, l] of laid.entries()) {
      const [from, to] = moves[i]!;
      if (!from && !to) continue;
      // The same path, moves and ends as in the call before, and nothing moved where it was checked.
      const was = prev?.ports.get(l.e.id);
      if (
        was &&
        was.source === l.e.source &&
        was.target === l.e.target &&
        was.kind === l.kind &&
        sameBox(was.a, l.a) &&
        sameBox(was.b, l.b) &&
        sameMove(was.from, from) &&
        sameMove(was.to, to) &&
        samePts(was.before, l.points) &&
        !(was.region && shifted.touch(was.region))
      ) {
        ports.set(l.e.id, was);
        Object.assign(l, { r: was.r, points: was.points });
        continue;
      }
      const before = l.points;
      let region: Rect | null = null;
      const { ends, own } = owners(l.a, l.b, [l.e.source, l.e.target]);
      // Whether a moved path keeps clear of what its route kept clear of (its segments that are
      // not segments of the route it was drawn on before, each against what is near it).
      const old = l.points;
      const kept = (p: Pt, q: Pt) =>
        old.some(
          (a, k) => k > 0 && old[k - 1]!.x === p.x && old[k - 1]!.y === p.y && a.x === q.x && a.y === q.y,
        );
      const clear = (pts: readonly Pt[], strict: boolean) => {
        const moved = pts
          .slice(1)
          .map((q, k) => [pts[k]!, q] as const)
          .filter(([p, q]) => !kept(p, q));
        if (moved.length === 0) return true;
        const area = grow(extent(moved.flat()), 1);
        region = region ? union(region, area) : area;
        const hit = (index: Index, skip: (e: Entry) => boolean) => {
          let found = false;
          index.each(area, (e) => {
            found = !skip(e) && overlaps(e.r, area) && moved.some(([p, q]) => crosses(p, q, e.r));
            return found;
          });
          return found;
        };
        return !(
          hit(o.cards, strict ? () => false : ends) ||
          hit(o.containers, own) ||
          (strict && hit(o.heads, ends))
        );
      };
      if (l.kind === 'curve') {
        const sp = from?.at ?? l.points[0]!;
        const tp = to?.at ?? l.points[l.points.length - 1]!;
        const r = curveBetween(sp, from?.side ?? sideOf(l.a, sp), tp, to?.side ?? sideOf(l.b, tp));
        const pts = r.points();
        if (clear(pts, false)) Object.assign(l, { r, points: pts });
      } else {
        const tries: (readonly [PortMove | null, PortMove | null])[] = [[from, to]];
        // Failing that, without their new lanes.
        if (from?.lane !== undefined || to?.lane !== undefined)
          tries.push([from && { side: from.side, at: from.at }, to && { side: to.side, at: to.at }]);
        for (const m of tries) {
          const pts = movePorts(l.points, m);
          if (clear(pts, true)) {
            Object.assign(l, { r: orthogonal(pts), points: pts });
            break;
          }
        }
      }
      const { source, target } = l.e;
      ports.set(l.e.id, {
        source,
        target,
        a: { ...l.a },
        b: { ...l.b },
        kind: l.kind,
        before,
        from,
        to,
        region,
        r: l.r,
        points: l.points,
      });
    }
  }
  const labels: { prev?: LabelsMemo; next?: LabelsMemo } = { prev: prev?.labels };
  const places = placeLabels(
    laid.map((l) => ({
      id: l.e.id,
      points: l.points,
      label: l.e.label ? labelBox(l.e.label, labelScale) : undefined,
    })),
    cards,
    heads,
    labels,
  );
  // Copies of the boxes: a caller may move a node by changing its box in place.
  if (cache) {
    const seen = new Map([...byId].map(([id, n]) => [id, { ...n, box: { ...n.box } }]));
    cache.frame = { router, nodes: seen, ports, labels: labels.next! };
  }
  const out = new Map<string, Drawn>();
  for (const l of laid) {
    const label = places.get(l.e.id);
    out.set(l.e.id, { d: l.r.d(), kind: l.kind, points: l.points, ...(label ? { label } : {}) });
  }
  return out;
}
