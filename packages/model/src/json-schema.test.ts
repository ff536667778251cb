import { readdirSync, readFileSync } from 'node:fs';
import Ajv2020Module from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { boardJsonSchema } from './json-schema.ts';

const committed = readFileSync(new URL('../board.schema.json', import.meta.url), 'utf8');
const templatesDir = new URL('../templates/', import.meta.url);

describe('board.schema.json', () => {
  it('is up to date with the kind definitions (run `pnpm --filter @stratus/model generate:schema`)', () => {
    expect(JSON.parse(committed)).toEqual(boardJsonSchema());
  });

  // ajv is CommonJS: under ESM its class is the default export's `default`.
  const Ajv2020 = (Ajv2020Module as unknown as { default: typeof Ajv2020Module }).default ?? Ajv2020Module;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(JSON.parse(committed));

  it.each(readdirSync(templatesDir))('accepts the template %s', (file) => {
    const ok = validate(JSON.parse(readFileSync(new URL(file, templatesDir), 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects an unknown kind and a mistyped property', () => {
    const base = { format: 'stratus.board', version: 1, name: 'x', edges: [] };
    expect(validate({ ...base, nodes: [{ id: 'a', kind: 'lambda' }] })).toBe(false);
    expect(validate({ ...base, nodes: [{ id: 'a', kind: 'vpc', props: { cidr: 10 } }] })).toBe(false);
    expect(validate({ ...base, nodes: [{ id: 'a', kind: 'vpc', props: { cidr: '10.0.0.0/16' } }] })).toBe(
      true,
    );
  });

  it("takes a load balancer's cross-zone setting as a boolean, unset by default", () => {
    const base = { format: 'stratus.board', version: 1, name: 'x', edges: [] };
    const lb = (props: Record<string, unknown>) => ({
      ...base,
      nodes: [{ id: 'a', kind: 'load-balancer', props }],
    });
    expect(validate(lb({ type: 'network', crossZone: true }))).toBe(true);
    expect(validate(lb({ type: 'network' }))).toBe(true);
    expect(validate(lb({ type: 'network', crossZone: 'yes' }))).toBe(false);
    // The property panel and editors read the default (AWS's: off) from the schema.
    const found: unknown[] = [];
    JSON.stringify(boardJsonSchema(), (k, v) => (k === 'crossZone' ? found.push(v) : 0, v));
    expect(found).toEqual([expect.objectContaining({ type: 'boolean', default: false })]);
  });
});
