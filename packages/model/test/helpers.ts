import type { Board, BoardEdge, BoardNode } from '../src/board.ts';
import type { Field } from '../src/fields.ts';

/** A value of the right type for a field (refs left out: they need other nodes). */
export function sampleValue(f: Field): unknown {
  switch (f.meta.type) {
    case 'string':
      return f.meta.placeholder ?? 'value';
    case 'number':
      return 1.5;
    case 'integer':
      return typeof f.meta.default === 'number' ? f.meta.default : 1;
    case 'boolean':
      return true;
    case 'enum':
      return f.meta.options![f.meta.options!.length - 1];
    case 'string-list':
      return ['a', 'b'];
    case 'list': {
      const row: Record<string, unknown> = {};
      for (const [k, rf] of Object.entries(f.meta.item!)) {
        if (rf.meta.type !== 'ref' && rf.meta.type !== 'refs') row[k] = sampleValue(rf);
      }
      return [row];
    }
    default:
      return undefined;
  }
}

export function sampleProps(fields: Readonly<Record<string, Field>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(fields)) {
    const v = sampleValue(f);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

type Loose = { id: string; kind: string; [key: string]: unknown };

/** A board from loosely typed nodes and edges (tests feed it wrong data on purpose). */
export function board(nodes: Loose[], edges: Loose[] = []): Board {
  return {
    format: 'stratus.board',
    version: 1,
    name: 'test',
    nodes: nodes.map(
      (n) => ({ label: '', parentId: null, position: { x: 0, y: 0 }, props: {}, ...n }) as BoardNode,
    ),
    edges: edges.map((e) => ({ props: {}, ...e }) as BoardEdge),
  };
}
