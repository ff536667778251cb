// Rewrites the generated tables of docs/export.md (between their markers): the resource plan's
// kind → resources table from src/plan.ts and the mapping table from src/mapping.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMappingMarkdown } from '../src/mapping.ts';
import { renderPlannersMarkdown } from '../src/plan.ts';

export const DOC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/export.md');
const SECTIONS: [begin: string, end: string, render: () => string][] = [
  [
    '<!-- planners:begin (generated from packages/export/src/plan.ts: pnpm --filter @stratus/export run docs) -->',
    '<!-- planners:end -->',
    renderPlannersMarkdown,
  ],
  [
    '<!-- mapping:begin (generated from packages/export/src/mapping.ts: pnpm --filter @stratus/export run docs) -->',
    '<!-- mapping:end -->',
    renderMappingMarkdown,
  ],
];

let text = readFileSync(DOC, 'utf8');
for (const [begin, end, render] of SECTIONS) {
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`docs/export.md lacks the markers ${begin} … ${end}`);
  text = `${text.slice(0, start + begin.length)}\n${render()}${text.slice(stop)}`;
}
writeFileSync(DOC, text);
console.log('docs/export.md: resource plan and mapping tables updated');
