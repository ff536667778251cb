import { describe, expect, it } from 'vitest';
import { EDGE_LABEL_MIN_SCREEN_PX, EDGE_LABEL_PX, edgeLabelScale } from './edge-style.ts';
import {
  type Box,
  crosses,
  drawEdges,
  labelBox,
  placeLabels,
  type Pt,
  type Rect,
  type RoutedNode,
  routeAround,
} from './routing.ts';

const rect = (x0: number, y0: number, x1: number, y1: number): Rect => ({ x0, y0, x1, y1 });
const box = (x: number, y: number, w: number, h: number): Box => ({ x, y, w, h });
const card = (id: string, x: number, y: number): RoutedNode => ({
  id,
  box: box(x, y, 180, 48),
  container: false,
});
const container = (id: string, x: number, y: number, w: number, h: number): RoutedNode => ({
  id,
  box: box(x, y, w, h),
  container: true,
});
const pt = (x: number, y: number): Pt => ({ x, y });
const toRect = (b: Box) => rect(b.x, b.y, b.x + b.w, b.y + b.h);

/** The segments of a polyline that pass through an obstacle's interior. */
const crossings = (pts: readonly Pt[], obstacles: readonly Rect[]) =>
  pts
    .slice(1)
    .flatMap((q, i) => obstacles.filter((o) => crosses(pts[i]!, q, o)).map((o) => ({ from: pts[i], o })));

const onBorder = (p: Pt, r: Rect) =>
  ((p.x === r.x0 || p.x === r.x1) && p.y >= r.y0 && p.y <= r.y1) ||
  ((p.y === r.y0 || p.y === r.y1) && p.x >= r.x0 && p.x <= r.x1);

const rightAngled = (pts: readonly Pt[]) =>
  pts.slice(1).every((q, i) => q.x === pts[i]!.x || q.y === pts[i]!.y);

describe('routeAround (orthogonal A* between boxes)', () => {
  const a = rect(0, 200, 180, 248);
  const b = rect(600, 200, 780, 248);
  const bounds = rect(-200, -200, 1000, 700);

  it('goes round a wall between the ends, attached at their borders, with right angles and few bends', () => {
    const wall = rect(300, 100, 400, 500);
    const pts = routeAround(a, b, [wall], bounds)!;
    expect(pts).not.toBeNull();
    expect(crossings(pts, [wall, a, b])).toEqual([]);
    expect(onBorder(pts[0]!, a)).toBe(true);
    expect(onBorder(pts[pts.length - 1]!, b)).toBe(true);
    expect(rightAngled(pts)).toBe(true);
    // Out of a, round the wall's top or bottom, into b: four bends at most.
    expect(pts.length).toBeLessThanOrEqual(6);
  });

  it('takes the gap between two obstacles rather than going round both', () => {
    const upper = rect(300, -100, 400, 210);
    const lower = rect(300, 240, 400, 600);
    const pts = routeAround(a, b, [upper, lower], bounds)!;
    expect(crossings(pts, [upper, lower])).toEqual([]);
    // Through the 30 px gap (y 210..240), not out to y -100 or 600.
    expect(Math.min(...pts.map((p) => p.y))).toBeGreaterThanOrEqual(200);
    expect(Math.max(...pts.map((p) => p.y))).toBeLessThanOrEqual(248);
  });

  it('does not run along the border of a box it may cross (a container holding an end)', () => {
    // The straight way from a to b runs along y 224, the bottom border of a box holding a and b.
    const holder = rect(-100, -100, 1000, 224);
    const run = (pts: Pt[]) =>
      pts
        .slice(1)
        .reduce((sum, q, i) => sum + (q.y === 224 && pts[i]!.y === 224 ? Math.abs(q.x - pts[i]!.x) : 0), 0);
    expect(run(routeAround(a, b, [], bounds)!)).toBe(420);
    const pts = routeAround(a, b, [], bounds, [holder])!;
    expect(run(pts)).toBe(0);
    expect(onBorder(pts[0]!, a)).toBe(true);
    expect(onBorder(pts[pts.length - 1]!, b)).toBe(true);
  });

  it('finds no route when the target is walled in, or the window is too small to go round', () => {
    const ring = [
      rect(550, 150, 830, 170),
      rect(550, 280, 830, 300),
      rect(550, 150, 570, 300),
      rect(810, 150, 830, 300),
    ];
    expect(routeAround(a, b, ring, bounds)).toBeNull();
    expect(routeAround(a, b, [rect(300, 100, 400, 500)], rect(-20, 150, 800, 300))).toBeNull();
  });
});

/** A VPC with three AZ columns, as the layout draws them. */
const threeAZs: RoutedNode[] = [
  container('vpc', 0, 0, 1400, 700),
  container('az1', 40, 60, 400, 600),
  container('az2', 500, 60, 400, 600),
  container('az3', 960, 60, 400, 600),
];

describe('drawEdges', () => {
  // A VPC with three AZ columns (as the layout draws them) and a card in the first and last.
  const nodes: RoutedNode[] = [...threeAZs, card('web', 100, 300), card('app', 1080, 300)];
  const az2 = toRect(nodes[2]!.box);
  const edges = [{ id: 'e', source: 'web', target: 'app', label: 'tcp/8080' }];

  it('routes an edge round a container that holds neither end (the curve drawn before crossed it)', () => {
    const before = drawEdges(nodes, edges, { router: 'legacy' }).get('e')!;
    expect(crossings(before.points, [az2]).length).toBeGreaterThan(0);
    const after = drawEdges(nodes, edges).get('e')!;
    expect(after.kind).toBe('around');
    expect(crossings(after.points, [az2])).toEqual([]);
    expect(rightAngled(after.points)).toBe(true);
    expect(onBorder(after.points[0]!, toRect(nodes[4]!.box))).toBe(true);
    expect(onBorder(after.points[after.points.length - 1]!, toRect(nodes[5]!.box))).toBe(true);
    // The containers holding an end (the VPC, AZ 1 and AZ 3) may be crossed; other cards may not.
    expect(crossings(after.points, [toRect(nodes[4]!.box), toRect(nodes[5]!.box)])).toEqual([]);
  });

  it('does not draw a lane over the border of a container holding an end', () => {
    // The lane under "p" (22 below it) would lie 2 px above the AZ's bottom border, over its line.
    const board = [
      container('az', 0, 0, 1000, 300),
      card('p', 100, 228),
      card('q', 700, 100),
      { id: 'wall', box: box(400, 0, 40, 260), container: false },
    ];
    const drawn = drawEdges(board, [{ id: 'e', source: 'p', target: 'q' }]).get('e')!;
    expect(drawn.kind).toBe('around');
    const pts = drawn.points;
    const along = pts.slice(1).filter((q, i) => q.y === pts[i]!.y && Math.abs(q.y - 300) < 6);
    expect(along).toEqual([]);
    expect(crossings(pts, [toRect(board[3]!.box)])).toEqual([]);
  });

  it('keeps the straight curve when nothing is in the way', () => {
    const same = drawEdges([...nodes, card('db', 100, 500)], [{ id: 'e', source: 'web', target: 'db' }]);
    expect(same.get('e')!.kind).toBe('curve');
  });

  it('falls back to the path it drew before when the containers leave no way round', () => {
    // Four containers (holding neither end) close a ring round the target.
    const walled = [
      ...nodes,
      container('n', 1040, 240, 260, 20),
      container('s', 1040, 380, 260, 20),
      container('w', 1040, 240, 20, 160),
      container('e', 1280, 240, 20, 160),
    ];
    const drawn = drawEdges(walled, edges).get('e')!;
    expect(drawn.kind).toBe('fallback');
    expect(drawn.d).toBe(drawEdges(walled, edges, { router: 'legacy' }).get('e')!.d);
  });

  it('places labels at their drawn size: enlarged labels overlap neither cards nor each other', () => {
    // Two edges out of one card to two cards side by side below it: the labels compete for room.
    const board = [card('lb', 300, 0), card('x', 0, 260), card('y', 600, 260)];
    const two = [
      { id: 'e1', source: 'lb', target: 'x', label: '0.0.0.0/0' },
      { id: 'e2', source: 'lb', target: 'y', label: '10.0.0.0/16' },
    ];
    for (const labelScale of [1, 2]) {
      const drawn = drawEdges(board, two, { labelScale });
      const labels = two.map((e) => {
        const { w, h } = labelBox(e.label, labelScale);
        const p = drawn.get(e.id)!.label!;
        return rect(p.x - w / 2, p.y - h / 2, p.x + w / 2, p.y + h / 2);
      });
      const overlap = (p: Rect, q: Rect) => p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1;
      expect(overlap(labels[0]!, labels[1]!)).toBe(false);
      for (const l of labels) for (const n of board) expect(overlap(l, toRect(n.box))).toBe(false);
    }
  });
});

/** A label's box, centred on its place. */
const labelRect = (text: string, at: Pt, scale = 1) => {
  const { w, h } = labelBox(text, scale);
  return rect(at.x - w / 2, at.y - h / 2, at.x + w / 2, at.y + h / 2);
};
const intersect = (p: Rect, q: Rect) => p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1;
/** Whether a polyline's segment passes through (or runs along inside) a box. */
const meets = (pts: readonly Pt[], r: Rect) =>
  pts.slice(1).some((q, i) => {
    const p = pts[i]!;
    if (p.y === q.y)
      return p.y > r.y0 && p.y < r.y1 && Math.max(p.x, q.x) > r.x0 && Math.min(p.x, q.x) < r.x1;
    if (p.x === q.x)
      return p.x > r.x0 && p.x < r.x1 && Math.max(p.y, q.y) > r.y0 && Math.min(p.y, q.y) < r.y1;
    return crosses(p, q, r);
  });

describe('edges meeting one side of a node, and their labels', () => {
  // A card in the first of three AZs, edges to three cards in the last: all go round the middle AZ.
  const nodes: RoutedNode[] = [
    ...threeAZs,
    card('s', 100, 300),
    card('t1', 1080, 150),
    card('t2', 1080, 300),
    card('t3', 1080, 450),
  ];
  const edges = ['t1', 't2', 't3'].map((t) => ({ id: t, source: 's', target: t, label: 'tcp/8080' }));
  const s = toRect(nodes[4]!.box);

  it('leave from ports of their own along the side, in the order of their targets, off its corners', () => {
    const drawn = drawEdges(nodes, edges);
    const starts = edges.map((e) => drawn.get(e.id)!.points[0]!);
    // All three leave s's right side (the router drew all three from its middle, 280,324).
    for (const p of starts) expect(p.x).toBe(s.x1);
    const ys = starts.map((p) => p.y);
    expect(new Set(ys).size).toBe(3);
    expect([...ys].sort((p, q) => p - q)).toEqual(ys);
    for (const y of ys) expect(Math.min(y - s.y0, s.y1 - y)).toBeGreaterThanOrEqual(8);
    for (const e of edges) {
      const { points, kind } = drawn.get(e.id)!;
      expect(kind).toBe('around');
      expect(rightAngled(points)).toBe(true);
      expect(crossings(points, [toRect(nodes[2]!.box), ...nodes.slice(4).map((n) => toRect(n.box))])).toEqual(
        [],
      );
    }
    // Their first legs run apart: no point of one edge's first leg lies on another's.
    const leg = (id: string) => drawn.get(id)!.points.slice(0, 2);
    for (const a of edges)
      for (const b of edges)
        if (a !== b) {
          const [p, q] = leg(a.id);
          const [r] = leg(b.id);
          expect(p!.y === r!.y && Math.min(p!.x, q!.x) <= r!.x).toBe(false);
        }
  });

  it('sets no label on a line another edge runs along when a segment of its own is free', () => {
    // Before, t1's and t2's labels sat on the lane along the VPC's top that both edges run along.
    const drawn = drawEdges(nodes, edges);
    for (const e of edges) {
      const box = labelRect(e.label, drawn.get(e.id)!.label!);
      for (const other of edges) if (other !== e) expect(meets(drawn.get(other.id)!.points, box)).toBe(false);
      for (const n of nodes.slice(4)) expect(intersect(box, toRect(n.box))).toBe(false);
    }
  });

  it('draws two edges between the same two cards apart, each with its label clear of the other', () => {
    const pair = [card('a', 0, 0), card('b', 0, 200)];
    const two = [
      { id: 'e1', source: 'a', target: 'b', label: 'origin' },
      { id: 'e2', source: 'a', target: 'b', label: 'HTTPS' },
    ];
    const drawn = drawEdges(pair, two);
    const [p, q] = two.map((e) => drawn.get(e.id)!);
    expect(p!.points[0]).not.toEqual(q!.points[0]);
    expect(p!.points[p!.points.length - 1]).not.toEqual(q!.points[q!.points.length - 1]);
    expect(intersect(labelRect('origin', p!.label!), labelRect('HTTPS', q!.label!))).toBe(false);
  });

  it('places two labels that would overlap apart, each on its own path, longest free segment first', () => {
    // Two paths along one corridor (y 100) then apart: both labels would sit in the corridor's middle.
    const a = [
      { x: 0, y: 100 },
      { x: 400, y: 100 },
      { x: 400, y: 300 },
    ];
    const b = [
      { x: 0, y: 100 },
      { x: 400, y: 100 },
      { x: 400, y: -100 },
    ];
    const size = labelBox('tcp/443');
    const places = placeLabels(
      [
        { id: 'a', points: a, label: size },
        { id: 'b', points: b, label: size },
      ],
      [],
      [],
    );
    const ra = labelRect('tcp/443', places.get('a')!);
    const rb = labelRect('tcp/443', places.get('b')!);
    expect(intersect(ra, rb)).toBe(false);
    // Each on the segment no other path runs along: the vertical leg.
    expect(places.get('a')).toEqual({ x: 400, y: 200 });
    expect(places.get('b')).toEqual({ x: 400, y: 0 });
  });

  it('given the places of a call before, places a label again when a label or card moved off or onto its spots', () => {
    // A wide label on a line at x 0 covers the middle of a line at x 150, whose label steps aside;
    // then the first line grows downwards, taking its label away (nothing of the line comes near
    // the second), back, loses its label, and a card covers the second line's middle, then moves off.
    const wide = { w: 300, h: 19 };
    const second = { id: 'b', points: [pt(150, 0), pt(150, 400)], label: labelBox('tcp/443') };
    const a = (y: number, label?: { w: number; h: number }) => ({
      id: 'a',
      points: [pt(0, 0), pt(0, y)],
      label,
    });
    const card = rect(120, 180, 180, 220);
    const frames = [
      { paths: [a(400, wide), second], cards: [rect(600, 0, 700, 50)] },
      { paths: [a(1000, wide), second], cards: [rect(600, 0, 700, 50)] },
      { paths: [a(400, wide), second], cards: [rect(600, 0, 700, 50)] },
      { paths: [a(400), second], cards: [rect(600, 0, 700, 50)] },
      { paths: [a(400), second], cards: [card] },
      { paths: [a(400), second], cards: [rect(600, 0, 700, 50)] },
    ];
    let memo: NonNullable<Parameters<typeof placeLabels>[3]> = {};
    const seen: (Pt | undefined)[] = [];
    for (const { paths, cards } of frames) {
      memo = { prev: memo.next };
      const again = placeLabels(paths, cards, [], memo);
      const fresh = placeLabels(paths, cards, []);
      expect([...again]).toEqual([...fresh]);
      seen.push(fresh.get('b'));
    }
    // The second label did move each time (else this would show nothing).
    const middle = { x: 150, y: 200 };
    expect(seen.map((p) => p?.x === middle.x && p.y === middle.y)).toEqual([
      false,
      true,
      false,
      true,
      false,
      true,
    ]);
  });

  it('places a label off a container header and off cards when its path has room elsewhere', () => {
    const path = [
      { x: 0, y: 100 },
      { x: 600, y: 100 },
    ];
    const head = rect(200, 90, 420, 122);
    const places = placeLabels(
      [{ id: 'e', points: path, label: labelBox('0.0.0.0/0') }],
      [rect(0, 80, 100, 120)],
      [head],
    );
    const r = labelRect('0.0.0.0/0', places.get('e')!);
    expect(intersect(r, head)).toBe(false);
    expect(intersect(r, rect(0, 80, 100, 120))).toBe(false);
    expect(places.get('e')!.y).toBe(100);
  });
});

describe('edge labels zoomed out', () => {
  it('are drawn at their normal size while their text is at least 9 px on screen', () => {
    expect(edgeLabelScale(1)).toBe(1);
    expect(edgeLabelScale(2)).toBe(1);
    expect(edgeLabelScale(EDGE_LABEL_MIN_SCREEN_PX / EDGE_LABEL_PX)).toBe(1);
    expect(edgeLabelScale(0)).toBe(1);
  });

  it('grow in eighths so their text stays at least 9 px on screen, up to 3 times', () => {
    for (const zoom of [0.85, 0.7, 0.5, 0.42, 0.35])
      expect(edgeLabelScale(zoom) * EDGE_LABEL_PX * zoom).toBeGreaterThanOrEqual(EDGE_LABEL_MIN_SCREEN_PX);
    expect(edgeLabelScale(0.5)).toBe(1.75);
    expect((edgeLabelScale(0.6) * 8) % 1).toBe(0);
    expect(edgeLabelScale(0.1)).toBe(3);
  });
});
