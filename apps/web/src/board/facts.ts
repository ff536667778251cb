import { type BoardNode, type Field, type FieldMeta, kindDef } from '@stratus/model';

/** Units written as plural words take the singular for 1 ("1 day", "1 byte"); symbols stay. */
const SINGULAR: Record<string, string> = { days: 'day', bytes: 'byte', hours: 'hour', seconds: 'second' };
const unitFor = (unit: string, value: unknown) => (value === 1 ? (SINGULAR[unit] ?? unit) : unit);

/** One value formatted for display (node faces, default hints). */
export function formatValue(meta: FieldMeta, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (meta.type === 'boolean') return value ? meta.label : `no ${meta.label.toLowerCase()}`;
  if (meta.type === 'enum') return meta.optionLabels?.[String(value)] ?? String(value);
  if (meta.type === 'list' || meta.type === 'refs' || meta.type === 'string-list') {
    const n = Array.isArray(value) ? value.length : 0;
    return `${n} ${meta.label.toLowerCase()}`;
  }
  if ((meta.type === 'number' || meta.type === 'integer') && meta.unit)
    return `${value} ${unitFor(meta.unit, value)}`;
  return String(value);
}

/** The key facts a node shows on its face (`kindDef(kind).face`), set or default. */
export function nodeFacts(node: BoardNode): string[] {
  const def = kindDef(node.kind);
  if (!def) return [];
  const props = node.props as Record<string, unknown>;
  const out: string[] = [];
  for (const key of def.face) {
    const f = (def.fields as Record<string, Field>)[key];
    if (!f) continue;
    const v = props[key] ?? f.meta.default;
    if (v === undefined) continue;
    if (f.meta.type === 'boolean' && !v) continue;
    const s = formatValue(f.meta, v);
    if (s) out.push(s);
  }
  return out;
}
