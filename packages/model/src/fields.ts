import { z } from 'zod';

/**
 * A property of a node or edge kind. One definition gives three things: the runtime check
 * (`schema`), the TypeScript type (inferred from the schema) and what the property panel shows
 * (`meta`: label, unit, default, help).
 *
 * Schemas check *types* only (a CIDR is a string, a timeout a number). Whether a value is
 * acceptable to AWS (a CIDR that parses, a timeout in range) is the validator's job: the board
 * must be able to hold a wrong value so that the validator can explain what is wrong with it.
 */
export interface FieldMeta {
  type: 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'list' | 'ref' | 'refs' | 'string-list';
  label: string;
  help?: string;
  unit?: string;
  /** The value export uses when the property is unset. Shown greyed in the property panel. */
  default?: unknown;
  /** Allowed values of an enum; labels for display. */
  options?: readonly string[];
  optionLabels?: Readonly<Record<string, string>>;
  /** What AWS accepts; a hint for the UI (the validator enforces it). */
  min?: number;
  max?: number;
  /** Semantic format of a string, for editors and the validator. */
  format?: 'cidr' | 'zone' | 'region' | 'port-range' | 'domain' | 'multiline';
  placeholder?: string;
  /** For `ref`/`refs`: which node kinds the referenced ids may have. */
  refKinds?: readonly string[];
  /** For `list`: the fields of one row. */
  item?: Readonly<Record<string, Field>>;
  /** Inside a list row: the field must be present. */
  required?: boolean;
  /** A `refs` field inside a list row: an id may appear in this column of one row only. */
  unique?: boolean;
  /**
   * The field means something only when each named sibling property (its value, else its default)
   * is one of the listed values, e.g. `{ type: ['network'] }`: the property panel hides it
   * otherwise, unless it holds a value other than its default (which a finding may be about, so
   * it stays where it can be changed back).
   */
  shownWhen?: Readonly<Record<string, readonly string[]>>;
}

export interface Field<T = unknown> {
  readonly schema: z.ZodType<T>;
  readonly meta: FieldMeta;
}

type Opts = Omit<FieldMeta, 'type' | 'label' | 'options' | 'item' | 'refKinds'>;

const make = <T>(schema: z.ZodType<T>, meta: FieldMeta): Field<T> => ({ schema, meta });

export const field = {
  string: (label: string, opts: Opts & { default?: string } = {}): Field<string> =>
    make(z.string().max(10_000), { type: 'string', label, ...opts }),
  number: (label: string, opts: Opts & { default?: number } = {}): Field<number> =>
    make(z.number().finite(), { type: 'number', label, ...opts }),
  integer: (label: string, opts: Opts & { default?: number } = {}): Field<number> =>
    make(z.number().int(), { type: 'integer', label, ...opts }),
  boolean: (label: string, opts: Opts & { default?: boolean } = {}): Field<boolean> =>
    make(z.boolean(), { type: 'boolean', label, ...opts }),
  enum: <const O extends readonly [string, ...string[]]>(
    label: string,
    options: O,
    opts: Opts & { default?: O[number]; optionLabels?: Partial<Record<O[number], string>> } = {},
  ): Field<O[number]> =>
    make(
      z.enum(options as unknown as [O[number], ...O[number][]]) as z.ZodType<O[number]>,
      {
        type: 'enum',
        label,
        options,
        ...opts,
      } as FieldMeta,
    ),
  /** A list of plain strings (e.g. CNAME aliases). */
  strings: (label: string, opts: Opts = {}): Field<string[]> =>
    make(z.array(z.string().max(1000)).max(1000), { type: 'string-list', label, ...opts }),
  /** The id of another node on the board. */
  ref: (label: string, refKinds: readonly string[], opts: Opts = {}): Field<string> =>
    make(z.string().min(1), { type: 'ref', label, refKinds, ...opts }),
  /** Ids of other nodes on the board. */
  refs: (label: string, refKinds: readonly string[], opts: Opts = {}): Field<string[]> =>
    make(z.array(z.string().min(1)).max(1000), { type: 'refs', label, refKinds, ...opts }),
  /** A table of rows (security group rules, indexes...). */
  list: <const I extends Record<string, Field>>(
    label: string,
    item: I,
    opts: Opts = {},
  ): Field<ListRow<I>[]> => {
    const shape: Record<string, z.ZodType> = {};
    for (const [key, f] of Object.entries(item))
      shape[key] = f.meta.required ? f.schema : f.schema.optional();
    return make(z.array(z.strictObject(shape)).max(1000) as unknown as z.ZodType<ListRow<I>[]>, {
      type: 'list',
      label,
      item,
      ...opts,
    });
  },
};

/** Marks a field as required inside a list row. */
export const required = <T>(f: Field<T>): Field<T> & { meta: { required: true } } =>
  ({ schema: f.schema, meta: { ...f.meta, required: true } }) as Field<T> & { meta: { required: true } };

type FieldValue<F> = F extends Field<infer T> ? T : never;
type RequiredKeys<I> = { [K in keyof I]: I[K] extends { meta: { required: true } } ? K : never }[keyof I];

export type ListRow<I extends Record<string, Field>> = {
  [K in RequiredKeys<I>]: FieldValue<I[K]>;
} & {
  [K in Exclude<keyof I, RequiredKeys<I>>]?: FieldValue<I[K]>;
};

/** Props of a kind: every field optional (unset = "use the documented default"). */
export type PropsOf<F extends Record<string, Field>> = { [K in keyof F]?: FieldValue<F[K]> };

/** Whether field `key` of `fields` applies to properties `props` (see `FieldMeta.shownWhen`). */
export function fieldApplies(
  fields: Readonly<Record<string, Field>>,
  key: string,
  props: Readonly<Record<string, unknown>>,
): boolean {
  const meta = fields[key]?.meta;
  const when = meta?.shownWhen;
  if (!when) return true;
  if (props[key] !== undefined && props[key] !== meta.default) return true;
  return Object.entries(when).every(([other, values]) =>
    values.includes(String(props[other] ?? fields[other]?.meta.default)),
  );
}

export function propsSchema(fields: Readonly<Record<string, Field>>): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, f] of Object.entries(fields)) shape[key] = f.schema.optional();
  return z.strictObject(shape) as unknown as z.ZodType<Record<string, unknown>>;
}
