/** A small TypeScript value writer for the generated CDK code (object literals, arrays, expressions). */

export class Code {
  constructor(readonly text: string) {}
}
/** A TypeScript expression written as-is: `productionVpc.ref`. */
export const code = (text: string): Code => new Code(text);

export type TsValue = string | number | boolean | Code | TsValue[] | TsObject | undefined;
export interface TsObject {
  [key: string]: TsValue;
}

export const str = (s: string): string =>
  `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
const key = (k: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : str(k));

const scalar = (v: TsValue) => typeof v !== 'object' || v instanceof Code;

/** Renders a value at the given indent (the first line continues the current one). */
export function tsValue(v: TsValue, indent: string, expand = false): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Code) return v.text;
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const items = v.map((x) => tsValue(x, inner));
    if (!expand && items.every((x) => !x.includes('\n'))) {
      const one = `[${items.join(', ')}]`;
      if (one.length + indent.length <= 90) return one;
    }
    return `[\n${v.map((x) => `${inner}${tsValue(x, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  if (!expand && entries.every(([, x]) => scalar(x))) {
    const one = `{ ${entries.map(([k, x]) => `${key(k)}: ${tsValue(x, inner)}`).join(', ')} }`;
    if (one.length + indent.length <= 90) return one;
  }
  return `{\n${entries.map(([k, x]) => `${inner}${key(k)}: ${tsValue(x, inner)},`).join('\n')}\n${indent}}`;
}
