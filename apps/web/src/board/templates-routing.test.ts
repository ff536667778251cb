import { type BoardEdge, type BoardNode, TEMPLATES } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { routedBoard } from './flow-model.ts';
import { layoutIfNeeded } from './layout.ts';
import {
  type Box,
  crosses,
  type Drawn,
  drawEdges,
  HEADER,
  labelBox,
  type Pt,
  type Rect,
  RouteCache,
  type RoutedEdge,
  type RoutedNode,
} from './routing.ts';

/** The side of a box a path's end lies on. */
function sideOf(b: Box, p: Pt): string {
  if (Math.abs(p.x - b.x) < 0.5) return 'left';
  if (Math.abs(p.x - (b.x + b.w)) < 0.5) return 'right';
  if (Math.abs(p.y - b.y) < 0.5) return 'top';
  return 'bottom';
}

describe('the templates, routed as the canvas draws them', () => {
  for (const t of TEMPLATES)
    it(`${t.id}: no two edges meet a node's side at one point, and no two labels overlap, no label lies on another edge, a card or a header`, () => {
      const { nodes, edges } = routedBoard(layoutIfNeeded(t.board()));
      const boxes = new Map(nodes.map((n) => [n.id, n.box]));
      const drawn = drawEdges(nodes, edges);
      const ends = new Map<string, string>();
      const labels: (Rect & { id: string })[] = [];
      for (const e of edges) {
        const d = drawn.get(e.id)!;
        const points = [d.points[0]!, d.points[d.points.length - 1]!];
        for (const [i, node] of [e.source, e.target].entries()) {
          const p = points[i]!;
          const key = `${node} ${sideOf(boxes.get(node)!, p)} ${Math.round(p.x)},${Math.round(p.y)}`;
          expect(ends.get(key), `${e.id} and ${ends.get(key)} at ${key}`).toBeUndefined();
          ends.set(key, e.id);
        }
        if (e.label) {
          const { w, h } = labelBox(e.label);
          const { x, y } = d.label!;
          labels.push({ id: e.id, x0: x - w / 2, y0: y - h / 2, x1: x + w / 2, y1: y + h / 2 });
        }
      }
      const overlap = (p: Rect, q: Rect) => p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1;
      for (const [i, p] of labels.entries()) {
        for (const q of labels.slice(i + 1)) expect(overlap(p, q), `${p.id} over ${q.id}`).toBe(false);
        for (const e of edges) {
          const pts = drawn.get(e.id)!.points;
          if (e.id !== p.id)
            expect(
              pts.slice(1).some((q, k) => crosses(pts[k]!, q, p)),
              `${p.id} on ${e.id}`,
            ).toBe(false);
        }
        for (const n of nodes) {
          const { x, y, w, h } = n.box;
          const shown = { x0: x, y0: y, x1: x + w, y1: y + (n.container ? Math.min(h, HEADER) : h) };
          expect(overlap(p, shown), `${p.id} over ${n.id}`).toBe(false);
        }
      }
    });
});

/**
 * A generated board as people draw them (what bench/routing.ts times, smaller): VPCs of two AZs
 * with public, app and data subnets; each AZ's load balancer sending to the app servers of both
 * AZs, app servers to the databases of both AZs, a replica edge between the AZs' databases.
 */
function generated(vpcs: number) {
  const nodes: BoardNode[] = [];
  const edges: BoardEdge[] = [];
  const node = (id: string, kind: string, parentId: string | null, props: Record<string, unknown> = {}) =>
    nodes.push({ id, kind, label: id, parentId, position: { x: 0, y: 0 }, props } as BoardNode);
  const edge = (source: string, target: string, kind = 'traffic', props: Record<string, unknown> = {}) =>
    edges.push({ id: `e${edges.length}`, kind, source, target, props } as BoardEdge);
  for (let v = 0; v < vpcs; v++) {
    const vpc = `vpc${v}`;
    node(vpc, 'vpc', null, { cidr: `10.${v}.0.0/16` });
    const tier = (a: number, t: string) => `${vpc}a${a}${t}`;
    for (let a = 0; a < 2; a++) {
      node(`${vpc}a${a}`, 'az', vpc, { zone: `us-east-1${'ab'[a]}` });
      for (const [i, t] of ['pub', 'app', 'data'].entries())
        node(tier(a, t), 'subnet', `${vpc}a${a}`, { cidr: `10.${v}.${a * 3 + i}.0/24` });
      node(`${tier(a, 'pub')}lb`, 'load-balancer', tier(a, 'pub'));
      for (let r = 0; r < 4; r++) node(`${tier(a, 'app')}r${r}`, 'ec2-instance', tier(a, 'app'));
      for (let r = 0; r < 2; r++) node(`${tier(a, 'data')}db${r}`, 'rds-instance', tier(a, 'data'));
    }
    for (let a = 0; a < 2; a++)
      for (let b = 0; b < 2; b++)
        for (let r = 0; r < 4; r++) {
          edge(`${tier(a, 'pub')}lb`, `${tier(b, 'app')}r${r}`, 'traffic', { port: 8080 });
          edge(`${tier(a, 'app')}r${r}`, `${tier(b, 'data')}db${r % 2}`, 'traffic', { port: 5432 });
        }
    edge(`${tier(0, 'data')}db0`, `${tier(1, 'data')}db0`, 'read-replica');
  }
  return { nodes, edges };
}

/** Everything drawn, as comparable data. */
const shown = (m: Map<string, Drawn>) =>
  [...m].map(([id, d]) => ({ id, d: d.d, kind: d.kind, points: d.points, label: d.label }));

/**
 * Frames of an editing session on a board: the busiest card dragged a few px a frame (left, then
 * down onto other cards), a second card dragged, a container moved, a frame where nothing moved,
 * labels enlarged (zoomed out), an edge deleted, and everything back where it started.
 */
function session(nodes: RoutedNode[], edges: RoutedEdge[]) {
  const degree = new Map<string, number>();
  for (const e of edges) for (const id of [e.source, e.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
  const busiest = [...degree].sort((p, q) => q[1] - p[1]).map(([id]) => id);
  const cardAt = (id: string) => nodes.findIndex((n) => n.id === id && !n.container);
  const [first, second] = busiest.map(cardAt).filter((i) => i >= 0);
  const box = nodes.findIndex((n) => n.container);
  const moved = (i: number, dx: number, dy: number, from: RoutedNode[]) =>
    from.map((n, k) => (k === i ? { ...n, box: { ...n.box, x: n.box.x + dx, y: n.box.y + dy } } : n));
  const frames: { nodes: RoutedNode[]; edges: RoutedEdge[]; labelScale?: number }[] = [];
  let now = nodes;
  for (let k = 0; k < 6; k++) frames.push({ nodes: (now = moved(first!, -9, 2, now)), edges });
  for (let k = 0; k < 6; k++) frames.push({ nodes: (now = moved(first!, 4, 40, now)), edges });
  for (let k = 0; k < 4; k++) frames.push({ nodes: (now = moved(second!, 30, -25, now)), edges });
  frames.push({ nodes: (now = moved(box, 60, 30, now)), edges });
  frames.push({ nodes: now, edges });
  frames.push({ nodes: now, edges, labelScale: 1.5 });
  frames.push({ nodes: now, edges: edges.filter((e) => e.source !== busiest[0] && e.target !== busiest[0]) });
  frames.push({ nodes, edges });
  return frames;
}

describe('drawn again frame after frame (RouteCache reuses what did not change)', () => {
  const boards = [
    ...TEMPLATES.map((t) => ({ name: t.id, board: t.board() })),
    { name: 'a generated board of four VPCs', board: generated(4) },
  ];
  for (const { name, board } of boards)
    it(`${name}: every frame is drawn as a fresh draw with no cache would draw it`, () => {
      const { nodes, edges } = routedBoard(layoutIfNeeded(board));
      const cache = new RouteCache();
      drawEdges(nodes, edges, { cache });
      for (const [k, f] of session(nodes, edges).entries()) {
        const opts = { labelScale: f.labelScale ?? 1 };
        const again = drawEdges(f.nodes, f.edges, { ...opts, cache });
        expect(shown(again), `frame ${k}`).toEqual(shown(drawEdges(f.nodes, f.edges, opts)));
      }
    });
});
