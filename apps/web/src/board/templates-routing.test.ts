import { TEMPLATES } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { routedBoard } from './flow-model.ts';
import { layoutIfNeeded } from './layout.ts';
import { type Box, crosses, drawEdges, HEADER, labelBox, type Pt, type Rect } from './routing.ts';

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
