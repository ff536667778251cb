// Rewrites the mapping table of docs/export.md from src/mapping.ts (between the markers).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMappingMarkdown } from '../src/mapping.ts';

export const DOC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/export.md');
export const BEGIN =
  '<!-- mapping:begin (generated from packages/export/src/mapping.ts: pnpm --filter @stratus/export run docs) -->';
export const END = '<!-- mapping:end -->';

const text = readFileSync(DOC, 'utf8');
const start = text.indexOf(BEGIN);
const end = text.indexOf(END);
if (start < 0 || end < start) throw new Error(`docs/export.md lacks the markers ${BEGIN} … ${END}`);
writeFileSync(DOC, `${text.slice(0, start + BEGIN.length)}\n${renderMappingMarkdown()}${text.slice(end)}`);
console.log('docs/export.md: mapping table updated');
