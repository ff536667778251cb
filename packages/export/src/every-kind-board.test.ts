import { EDGE_KIND_IDS, NODE_KIND_IDS, parseBoard } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { everyKindBoard } from '../test/boards.ts';

// The export, deploy and robustness tests run on this board; a kind missing from it is never exported in a test.
describe('the every-kind board of the export tests', () => {
  const board = everyKindBoard();

  it.each(NODE_KIND_IDS)('has a node of kind %s', (kind) => {
    expect(board.nodes.some((n) => n.kind === kind)).toBe(true);
  });

  it.each(EDGE_KIND_IDS)('has an edge of kind %s', (kind) => {
    expect(board.edges.some((e) => e.kind === kind)).toBe(true);
  });

  it('is a valid board', () => {
    const r = parseBoard(JSON.stringify(board));
    expect(r.ok ? 'ok' : r.issues).toBe('ok');
  });
});
