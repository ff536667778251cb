import { z } from 'zod';
import { BOARD_FORMAT, BOARD_VERSION, ID_PATTERN } from './board.ts';
import { EDGE_KINDS } from './edges.ts';
import type { Field } from './fields.ts';
import { NODE_KINDS } from './kinds/index.ts';

function documented(f: Field): z.ZodType {
  let schema = f.schema;
  if (f.meta.type === 'list' && f.meta.item) {
    const shape: Record<string, z.ZodType> = {};
    for (const [k, rf] of Object.entries(f.meta.item))
      shape[k] = rf.meta.required ? documented(rf) : documented(rf).optional();
    schema = z.array(z.strictObject(shape));
  }
  const meta: Record<string, unknown> = { title: f.meta.label };
  const description = [
    f.meta.help,
    f.meta.unit && `Unit: ${f.meta.unit}.`,
    f.meta.type === 'ref' || f.meta.type === 'refs'
      ? `Node id(s) of kind ${f.meta.refKinds?.join(' or ')}.`
      : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  if (description) meta.description = description;
  if (f.meta.default !== undefined) meta.default = f.meta.default;
  return schema.meta(meta);
}

function propsOf(fields: Readonly<Record<string, Field>>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [k, f] of Object.entries(fields)) shape[k] = documented(f).optional();
  return z.strictObject(shape);
}

/**
 * The JSON Schema (draft 2020-12) of board format v1, generated from the kind definitions.
 * It describes shapes and types; the cross-references (parents, edge ends, containment) are
 * checked by `parseBoard`, which gives better messages than a schema validator can.
 */
export function boardJsonSchema(): Record<string, unknown> {
  const id = z.string().regex(ID_PATTERN);
  const position = z
    .strictObject({ x: z.number(), y: z.number() })
    .meta({ description: 'Relative to the parent container.' });
  const size = z.strictObject({ width: z.number().positive(), height: z.number().positive() });
  const ack = z.strictObject({
    reason: z.string().min(1),
    by: z.string().optional(),
    at: z.string().optional(),
  });
  const nodes = NODE_KINDS.map((def) =>
    z
      .strictObject({
        id,
        kind: z.literal(def.kind),
        label: z.string().max(200).optional(),
        parentId: id
          .nullable()
          .optional()
          .meta({ description: `Container id. ${def.title} may be placed in: ${def.parents.join(', ')}.` }),
        position: position.optional(),
        size: size.optional(),
        props: propsOf(def.fields as Readonly<Record<string, Field>>).optional(),
        acks: z.record(z.string(), ack).optional().meta({ description: 'Acknowledged findings by rule ID.' }),
      })
      .meta({ title: def.title, description: def.description }),
  );
  const edges = EDGE_KINDS.map((def) =>
    z
      .strictObject({
        id,
        kind: z.literal(def.kind),
        source: id,
        target: id,
        label: z.string().max(200).optional(),
        props: propsOf(def.fields as Readonly<Record<string, Field>>).optional(),
      })
      .meta({ title: def.title, description: def.description }),
  );
  const board = z
    .strictObject({
      format: z.literal(BOARD_FORMAT),
      version: z.literal(BOARD_VERSION),
      name: z.string().max(200),
      description: z.string().optional(),
      nodes: z.array(z.discriminatedUnion('kind', nodes as unknown as [z.ZodObject, ...z.ZodObject[]])),
      edges: z.array(z.discriminatedUnion('kind', edges as unknown as [z.ZodObject, ...z.ZodObject[]])),
    })
    .meta({
      title: 'Stratus board',
      description: 'A Stratus architecture board, file format version 1 (docs/board-format.md).',
    });
  return {
    $id: 'https://stratus.dev/schemas/board-v1.schema.json',
    ...z.toJSONSchema(board, { target: 'draft-2020-12' }),
  };
}
