import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EDGE_KIND_IDS } from './edges.ts';
import { NETWORKED_KINDS, NODE_KIND_IDS } from './kinds/index.ts';
import { parseBoard } from './parse.ts';

const doc = readFileSync(new URL('../../../docs/board-format.md', import.meta.url), 'utf8');
const example = readFileSync(new URL('../templates/three-tier.board.json', import.meta.url), 'utf8');

describe('docs/board-format.md', () => {
  it('shows the example board exactly as the file in the repo', () => {
    const block = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBe(example);
    expect(parseBoard(block).ok).toBe(true);
  });

  it('documents every node kind and edge kind', () => {
    for (const kind of [...NODE_KIND_IDS, ...EDGE_KIND_IDS]) expect(doc).toContain(`| \`${kind}\` |`);
  });

  it('lists every networked kind as a target of security-group associations', () => {
    const row = doc.split('\n').find((l) => l.startsWith('| `association` |')) ?? '';
    const targets = /`security-group` → ([^;|]+)/.exec(row)?.[1] ?? '';
    expect(targets.split('/').map((t) => t.trim().replace(/`/g, ''))).toEqual(
      expect.arrayContaining([...NETWORKED_KINDS]),
    );
    expect(targets.split('/')).toHaveLength(NETWORKED_KINDS.length);
  });
});
