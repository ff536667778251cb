import { type BoardNode, TEMPLATES } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { boardBounds, frameViewport, showsWhole } from './framing.ts';

const byId = (nodes: BoardNode[]) => new Map(nodes.map((n) => [n.id, n]));
const node = (
  id: string,
  x: number,
  y: number,
  parentId: string | null = null,
  size?: { width: number; height: number },
) =>
  ({
    id,
    kind: size ? 'vpc' : 'ec2',
    label: id,
    parentId,
    position: { x, y },
    props: {},
    ...(size && { size }),
  }) as unknown as BoardNode;

describe('opening frame', () => {
  it('bounds use absolute positions (children are relative to their parents) and model sizes', () => {
    const b = boardBounds(
      byId([
        node('vpc', 100, 50, null, { width: 400, height: 300 }),
        node('app', 350, 260, 'vpc'), // a 180 x 48 card at (450, 310): sticks out to 630 x 358
        node('far', -40, 10),
      ]),
    );
    expect(b).toEqual({ x: -40, y: 10, width: 670, height: 348 });
  });

  it('an empty board has no bounds; a parent loop or a missing parent does not hang or throw', () => {
    expect(boardBounds(new Map())).toBeNull();
    const loop = boardBounds(byId([node('a', 10, 10, 'b'), node('b', 5, 5, 'a'), node('c', 0, 0, 'gone')]));
    expect(loop).not.toBeNull();
    expect(Number.isFinite(loop!.width)).toBe(true);
  });

  it('frames every template whole in panes of many sizes, never magnified', () => {
    for (const t of TEMPLATES) {
      const bounds = boardBounds(byId(t.board().nodes))!;
      for (const [w, h] of [
        [1440 - 520, 900 - 56],
        [800, 600],
        [320, 900],
        [2400, 300],
      ] as const) {
        const v = frameViewport(bounds, w, h);
        expect(v.zoom).toBeLessThanOrEqual(1);
        expect(showsWhole(bounds, v, w, h), `${t.name} in ${w}x${h}`).toBe(true);
      }
    }
  });
});
