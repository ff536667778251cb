// Writes packages/model/board.schema.json from the kind definitions (a test checks it is current).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { boardJsonSchema } from '../src/json-schema.ts';

const out = fileURLToPath(new URL('../board.schema.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(boardJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out}`);
