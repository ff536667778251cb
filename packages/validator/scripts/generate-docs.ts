import { writeFileSync } from 'node:fs';
import { renderRulesMarkdown } from '../src/index.ts';

const target = new URL('../../../docs/rules.md', import.meta.url);
writeFileSync(target, renderRulesMarkdown());
console.log(`wrote ${target.pathname}`);
