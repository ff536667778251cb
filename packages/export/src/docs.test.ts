import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import schemaJson from '../test/aws-provider-schema.json' with { type: 'json' };
import { EDGE_KINDS, NODE_KINDS, TEMPLATES } from '@stratus/model';
import { exportCdk, exportTerraform } from './index.ts';
import { MAPPING, renderMappingMarkdown, unmapped } from './mapping.ts';
import { FOLDED_KINDS, PLANNED_TYPES, PLANNERS, renderPlannersMarkdown } from './plan.ts';
import { RESOURCE_TYPES, TERRAFORM_DATA_SOURCES } from './resource-types.ts';

const doc = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/export.md'), 'utf8');
const schema = schemaJson as unknown as {
  resources: Record<
    string,
    { arguments: Record<string, unknown>; blocks: Record<string, unknown>; readable: string[] }
  >;
};

describe('docs/export.md mapping table', () => {
  it('lists every node kind, every property and every edge kind of the model', () => {
    expect(unmapped()).toEqual([]);
  });

  it('is the table generated from src/mapping.ts (run `pnpm --filter @stratus/export run docs` after a change)', () => {
    const start = doc.indexOf('-->', doc.indexOf('<!-- mapping:begin')) + 4;
    const end = doc.indexOf('<!-- mapping:end -->');
    expect(doc.slice(start, end)).toBe(renderMappingMarkdown());
  });

  it('names only Terraform resource types and arguments the AWS provider schema knows', () => {
    const bad: string[] = [];
    for (const m of MAPPING) {
      for (const [, type, arg] of m.terraform.matchAll(/`(aws_[a-z0-9_]+)(?:\.([a-z0-9_]+))?/g)) {
        const s = schema.resources[type!];
        if (!s) bad.push(`${m.subject}.${m.property}: ${type}`);
        else if (arg && !(arg in s.arguments) && !(arg in s.blocks) && !s.readable.includes(arg))
          bad.push(`${m.subject}.${m.property}: ${type}.${arg}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('docs/export.md resource plan table', () => {
  it('is the table generated from the planners in src/plan.ts (run `pnpm --filter @stratus/export run docs` after a change)', () => {
    const start = doc.indexOf('-->', doc.indexOf('<!-- planners:begin')) + 4;
    const end = doc.indexOf('<!-- planners:end -->');
    expect(doc.slice(start, end)).toBe(renderPlannersMarkdown());
  });
});

describe('the resource plan covers the board', () => {
  it('every architecture node kind and every edge kind has a planner or is folded into others (not both)', () => {
    const planned = new Set(PLANNERS.map((p) => ('node' in p ? p.node : p.edge)));
    const kinds = [
      ...NODE_KINDS.filter((k) => !k.whiteboard).map((k) => k.kind),
      ...EDGE_KINDS.map((k) => k.kind),
    ];
    const folded = new Set(Object.keys(FOLDED_KINDS));
    expect(kinds.filter((k) => planned.has(k) === folded.has(k))).toEqual([]);
    expect([...folded].filter((k) => !kinds.includes(k as never))).toEqual([]);
  });

  it('every row of the resource table is produced by some planner', () => {
    expect(RESOURCE_TYPES.map((r) => r.resource).filter((r) => !PLANNED_TYPES.has(r))).toEqual([]);
  });
});

describe("the plan's resource table", () => {
  it('is what tooling/provider-schema extracts and what the committed schema holds', () => {
    const extract = readFileSync(
      resolve(dirname(fileURLToPath(import.meta.url)), '../../../tooling/provider-schema/extract.mjs'),
      'utf8',
    );
    const list = (name: string) =>
      [
        ...extract
          .slice(extract.indexOf(`export const ${name} = [`))
          .split(']')[0]!
          .matchAll(/'([a-z0-9_]+)'/g),
      ].map((m) => m[1]!);
    const awsTypes = [
      ...new Set(RESOURCE_TYPES.flatMap((r) => r.terraform ?? []).filter((t) => t.startsWith('aws_'))),
    ];
    expect(list('RESOURCE_TYPES').sort()).toEqual([...awsTypes].sort());
    expect(list('DATA_SOURCE_TYPES').sort()).toEqual([...TERRAFORM_DATA_SOURCES].sort());
    for (const t of awsTypes) expect(schema.resources[t], t).toBeDefined();
  });
});

describe('docs/export.md example', () => {
  it('quotes the current output for the three-tier template verbatim', () => {
    const board = TEMPLATES.find((t) => t.id === 'three-tier')!.board();
    const tf = exportTerraform(board).files['main.tf']!;
    const cdk = exportCdk(board);
    const stack = cdk.files[cdk.stackFile]!;
    const blocks = [...doc.matchAll(/```(hcl|ts)\n([\s\S]*?)```/g)];
    expect(blocks.length).toBe(2);
    for (const [, lang, body] of blocks) expect(lang === 'hcl' ? tf : stack).toContain(body);
  });
});
