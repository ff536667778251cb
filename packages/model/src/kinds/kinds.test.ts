import { describe, expect, it } from 'vitest';
import { board, sampleProps } from '../../test/helpers.ts';
import type { Field } from '../fields.ts';
import { parseBoard } from '../parse.ts';
import { NODE_KINDS, allowedParents, canContain, kindDef } from './index.ts';

const parentFor = (kind: string) => {
  const def = kindDef(kind)!;
  return def.parents.includes('root') ? null : def.parents[0]!;
};

describe.each(NODE_KINDS.map((k) => [k.kind, k] as const))('kind %s', (kind, def) => {
  const fields = def.fields as Readonly<Record<string, Field>>;

  it('accepts a node with every property set to a well-typed value', () => {
    const result = parseBoard(board([{ id: 'n1', kind, props: sampleProps(fields) as never }]));
    expect(result.ok ? 'ok' : result.issues).toBe('ok');
  });

  it('accepts a node with no properties (unset = documented default)', () => {
    expect(parseBoard(board([{ id: 'n1', kind }])).ok).toBe(true);
  });

  it('rejects an unknown property with its JSON path', () => {
    const result = parseBoard(board([{ id: 'n1', kind, props: { notAProp: 1 } as never }]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ path: '$.nodes[0].props.notAProp' });
  });

  it('declares metadata the property panel needs', () => {
    expect(def.title).toBeTruthy();
    expect(def.description.length).toBeGreaterThan(10);
    for (const [name, f] of Object.entries(fields)) {
      expect(f.meta.label, name).toBeTruthy();
      if (f.meta.type === 'enum') expect(f.meta.options!.length).toBeGreaterThan(0);
      if (f.meta.default !== undefined)
        expect(f.schema.safeParse(f.meta.default).success, `${name} default`).toBe(true);
    }
    for (const faceProp of def.face) expect(Object.keys(fields)).toContain(faceProp);
    expect(parentFor(kind) === null || allowedParents(kind).length > 0).toBe(true);
  });
});

const withFields = NODE_KINDS.filter((k) => Object.keys(k.fields).length > 0);
describe.each(withFields.map((k) => [k.kind, k] as const))('kind %s with properties', (kind, def) => {
  it('rejects a property of the wrong type, naming it', () => {
    const [name, f] = Object.entries(def.fields as Readonly<Record<string, Field>>)[0]!;
    const wrong = f.meta.type === 'string' || f.meta.type === 'enum' ? 42 : 'not-right';
    const result = parseBoard(board([{ id: 'n1', kind, props: { [name]: wrong } as never }]));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]!.path).toBe(`$.nodes[0].props.${name}`);
      expect(result.issues[0]!.message).toMatch(/expected|must be/);
    }
  });
});

describe('containment', () => {
  it.each([
    ['vpc', 'az', true],
    ['vpc', 'subnet', true],
    ['az', 'subnet', true],
    ['subnet', 'rds-instance', true],
    ['subnet', 'ec2-instance', true],
    [null, 'vpc', true],
    [null, 'rds-instance', true],
    ['az', 'vpc', false],
    ['subnet', 'subnet', false],
    ['subnet', 'dynamodb-table', false],
    ['vpc', 'sqs-queue', false],
    ['vpc', 'cloudfront-distribution', false],
    ['dynamodb-table', 'ec2-instance', false],
    ['sqs-queue', 'sticky', false],
    ['frame', 'text', false],
    [null, 'frame', true],
  ] as const)('%s may contain %s: %s', (parent, child, expected) => {
    expect(canContain(parent, child)).toBe(expected);
  });

  it('only containers hold anything', () => {
    for (const parent of NODE_KINDS) {
      for (const child of NODE_KINDS) {
        if (canContain(parent.kind, child.kind))
          expect(parent.container, `${parent.kind} > ${child.kind}`).toBe(true);
      }
    }
  });
});
