/**
 * Lays the starter templates out with the canvas's auto-layout and writes them back (only node
 * positions and sizes change), then copies the three-tier template into docs/board-format.md's
 * example: `pnpm --filter @stratus/web layout:templates`.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseBoardOrThrow } from '@stratus/model';
import { autoLayout } from '../src/board/layout.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = join(root, 'packages/model/templates');
type RawNode = { id: string; position: unknown; size?: unknown; [k: string]: unknown };

for (const file of readdirSync(dir).filter((f) => f.endsWith('.board.json'))) {
  const path = join(dir, file);
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { nodes: RawNode[] };
  const patches = autoLayout(parseBoardOrThrow(structuredClone(raw)));
  raw.nodes = raw.nodes.map((n) => {
    const p = patches.get(n.id);
    if (!p) return n;
    // Same keys in the same order; a size the layout adds goes right after the position.
    const out = {} as RawNode;
    for (const [k, v] of Object.entries(n)) {
      out[k] = k === 'position' ? (p.position ?? v) : k === 'size' ? (p.size ?? v) : v;
      if (k === 'position' && p.size && !('size' in n)) out.size = p.size;
    }
    return out;
  });
  writeFileSync(path, `${JSON.stringify(raw, null, 2)}\n`);
  console.log(`laid out ${file}`);
}

const docPath = join(root, 'docs/board-format.md');
const doc = readFileSync(docPath, 'utf8');
const example = readFileSync(join(dir, 'three-tier.board.json'), 'utf8');
writeFileSync(
  docPath,
  doc.replace(/```json\n[\s\S]*?```/, () => `\`\`\`json\n${example}\`\`\``),
);
console.log('updated the example in docs/board-format.md');
