/**
 * Edge routing benchmark: the time the canvas takes to draw every edge (paths and label places,
 * apps/web/src/board/routing.ts `drawEdges`, which runs inside React render whenever nodes or
 * edges change), for each template and a generated 300-node board with 200+ edges, laid out as
 * the app lays them out. Baseline, in the same run: the router before it avoided containers
 * (`router: 'legacy'`). Also counts the edges that cross a container holding neither end.
 *
 *   pnpm --filter @stratus/bench exec tsx routing.ts [--runs 30]
 */
import { TEMPLATES } from '@stratus/model';
import { routedBoard } from '../apps/web/src/board/flow-model.ts';
import { layoutIfNeeded } from '../apps/web/src/board/layout.ts';
import {
  crosses,
  type DrawOptions,
  drawEdges,
  RouteCache,
  type RoutedEdge,
  type RoutedNode,
} from '../apps/web/src/board/routing.ts';
import { largeBoard } from './lib/boards.ts';
import { median, timeMedian } from './lib/measure.ts';

const args = process.argv.slice(2);
const at = args.indexOf('--runs');
const RUNS = at >= 0 ? Number(args[at + 1]) : 30;

/**
 * One frame of dragging a card (what the canvas draws on every pointer move): the card moved a
 * few pixels further each frame, the other searches reused from the frame before (RouteCache).
 * Median over RUNS frames, in ms.
 */
function dragFrame(nodes: RoutedNode[], edges: RoutedEdge[], router: DrawOptions['router']): number {
  const cache = new RouteCache();
  // The card with the most edges.
  const degree = new Map<string, number>();
  for (const e of edges) for (const id of [e.source, e.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
  const id = [...degree].sort((p, q) => q[1] - p[1])[0]?.[0];
  const i = nodes.findIndex((n) => n.id === id);
  if (i < 0) return 0;
  const start = nodes[i]!.box;
  drawEdges(nodes, edges, { router, cache });
  const samples: number[] = [];
  for (let k = 1; k <= RUNS + 5; k++) {
    const moved = [...nodes];
    moved[i] = { ...nodes[i]!, box: { ...start, x: start.x + k * 3, y: start.y + k } };
    const t = performance.now();
    drawEdges(moved, edges, { router, cache });
    if (k > 5) samples.push(performance.now() - t);
  }
  return median(samples);
}

/** Edges that pass through a container holding neither of their ends. */
function crossing(nodes: RoutedNode[], edges: RoutedEdge[], opts: DrawOptions): number {
  const drawn = drawEdges(nodes, edges, opts);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const rect = (n: RoutedNode) => ({
    x0: n.box.x,
    y0: n.box.y,
    x1: n.box.x + n.box.w,
    y1: n.box.y + n.box.h,
  });
  const holds = (c: RoutedNode, id: string) => {
    const b = byId.get(id)!.box;
    const x = b.x + b.w / 2;
    const y = b.y + b.h / 2;
    return c.id === id || (x > c.box.x && x < c.box.x + c.box.w && y > c.box.y && y < c.box.y + c.box.h);
  };
  let count = 0;
  for (const e of edges) {
    const pts = drawn.get(e.id)?.points ?? [];
    const foreign = nodes.filter((c) => c.container && !holds(c, e.source) && !holds(c, e.target));
    if (pts.slice(1).some((q, i) => foreign.some((c) => crosses(pts[i]!, q, rect(c))))) count++;
  }
  return count;
}

const boards = [
  ...TEMPLATES.map((t) => ({ name: t.id, board: layoutIfNeeded(t.board()) })),
  { name: '300 nodes', board: layoutIfNeeded(largeBoard(300)) },
];
console.log(`Edge routing benchmark (drawEdges, median of ${RUNS} runs), ${new Date().toISOString()}`);
console.log('Times in ms: "before" is the router before it avoided containers (router: legacy), "now" the');
console.log('current one; "drag" is one frame of dragging the busiest card (searches reused, RouteCache).');
const head = [
  'board',
  'nodes',
  'edges',
  'before',
  'now',
  'ratio',
  'drag before',
  'drag now',
  'crossing before→now',
  'curve/around/fallback',
];
console.log(head.join(' | '));
for (const { name, board } of boards) {
  const { nodes, edges } = routedBoard(board);
  const legacy = timeMedian(() => drawEdges(nodes, edges, { router: 'legacy' }), RUNS, 20);
  const around = timeMedian(() => drawEdges(nodes, edges), RUNS, 20);
  const kinds = { curve: 0, around: 0, fallback: 0 };
  for (const d of drawEdges(nodes, edges).values()) kinds[d.kind]++;
  const ms = (x: number) => x.toFixed(2);
  console.log(
    [
      name,
      nodes.length,
      edges.length,
      ms(legacy),
      ms(around),
      `${(around / legacy).toFixed(1)}×`,
      ms(dragFrame(nodes, edges, 'legacy')),
      ms(dragFrame(nodes, edges, 'around')),
      `${crossing(nodes, edges, { router: 'legacy' })} → ${crossing(nodes, edges, {})}`,
      `${kinds.curve}/${kinds.around}/${kinds.fallback}`,
    ].join(' | '),
  );
}
