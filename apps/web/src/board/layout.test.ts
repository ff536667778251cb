import { kindDef, TEMPLATES } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { nodeSize } from './flow-model.ts';
import { autoLayout } from './layout.ts';

describe('auto-layout (ELK)', () => {
  for (const t of TEMPLATES) {
    it(`lays out "${t.name}" with every node inside its container`, async () => {
      const board = t.board();
      const patches = await autoLayout(board);
      expect(patches.size).toBe(board.nodes.length);
      const laid = new Map(
        board.nodes.map((n) => {
          const p = patches.get(n.id)!;
          return [n.id, { ...n, position: p.position!, size: p.size ?? n.size }];
        }),
      );
      for (const n of laid.values()) {
        if (!n.parentId) continue;
        const parent = laid.get(n.parentId)!;
        expect(kindDef(parent.kind)?.container).toBe(true);
        const s = nodeSize(n);
        const ps = nodeSize(parent);
        expect(n.position.x).toBeGreaterThanOrEqual(0);
        expect(n.position.y).toBeGreaterThanOrEqual(0);
        expect(n.position.x + s.width).toBeLessThanOrEqual(ps.width);
        expect(n.position.y + s.height).toBeLessThanOrEqual(ps.height);
      }
    });
  }
});
