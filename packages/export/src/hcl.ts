/**
 * A tiny HCL writer whose output is already `terraform fmt`-formatted: two-space indent,
 * `=` aligned across runs of single-line attributes, multi-line values left unaligned
 * (the rules of hclwrite's formatter). Values are data; expressions are marked with `expr`.
 */

export class Expr {
  constructor(readonly text: string) {}
}
/** A Terraform expression written as-is: `aws_vpc.main.id`, `var.region`. */
export const expr = (text: string): Expr => new Expr(text);

export type HclValue = string | number | boolean | Expr | HclValue[] | HclObject | JsonEncode;
export interface HclObject {
  [key: string]: HclValue | undefined;
}
/** `jsonencode({...})` with the object written in HCL syntax. */
export class JsonEncode {
  constructor(readonly value: HclObject | HclValue[]) {}
}

export type BodyItem =
  | { t: 'attr'; name: string; value: HclValue }
  | { t: 'block'; block: Block }
  | { t: 'blank' }
  | { t: 'comment'; text: string };

export interface Block {
  type: string;
  labels: string[];
  body: BodyItem[];
}

/** Builds a block body; `undefined` attribute values are left out (property not set). */
export class Body {
  readonly items: BodyItem[] = [];
  attr(name: string, value: HclValue | undefined): this {
    if (value !== undefined) this.items.push({ t: 'attr', name, value });
    return this;
  }
  block(type: string, fill: (b: Body) => void, labels: string[] = []): this {
    const b = new Body();
    fill(b);
    this.items.push({ t: 'block', block: { type, labels, body: b.items } });
    return this;
  }
  blank(): this {
    if (this.items.length && this.items[this.items.length - 1]!.t !== 'blank')
      this.items.push({ t: 'blank' });
    return this;
  }
  comment(text: string): this {
    for (const line of text.split('\n')) this.items.push({ t: 'comment', text: line });
    return this;
  }
}

export function block(type: string, labels: string[], fill: (b: Body) => void): Block {
  const b = new Body();
  fill(b);
  return { type, labels, body: b.items };
}

export function quote(s: string): string {
  return `"${s
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{')}"`;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const key = (k: string) => (IDENT.test(k) ? k : quote(k));

function isScalar(v: HclValue): boolean {
  return typeof v !== 'object' || v instanceof Expr;
}

/** Renders a value; returns one or more lines (first line continues the current one). */
function value(v: HclValue, indent: string): string[] {
  if (typeof v === 'string') return [quote(v)];
  if (typeof v === 'number') return [String(v)];
  if (typeof v === 'boolean') return [v ? 'true' : 'false'];
  if (v instanceof Expr) return [v.text];
  if (v instanceof JsonEncode) {
    const inner = value(v.value, indent);
    inner[0] = `jsonencode(${inner[0]}`;
    inner[inner.length - 1] = `${inner[inner.length - 1]})`;
    return inner;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) return ['[]'];
    if (v.every(isScalar)) {
      const one = `[${v.map((x) => value(x, indent)[0]).join(', ')}]`;
      if (one.length <= 100) return [one];
    }
    const inner = `${indent}  `;
    const out = ['['];
    for (const item of v) {
      const lines = value(item, inner);
      lines[0] = inner + lines[0];
      lines[lines.length - 1] += ',';
      out.push(...lines);
    }
    out.push(`${indent}]`);
    return out;
  }
  const entries = Object.entries(v).filter((e): e is [string, HclValue] => e[1] !== undefined);
  if (entries.length === 0) return ['{}'];
  const inner = `${indent}  `;
  const out = ['{'];
  out.push(...attrLines(entries, inner));
  out.push(`${indent}}`);
  return out;
}

/** Attribute lines with `=` aligned over runs of single-line values. */
function attrLines(entries: [string, HclValue][], indent: string): string[] {
  const rendered = entries.map(([k, v]) => ({ k: key(k), lines: value(v, indent) }));
  const out: string[] = [];
  let i = 0;
  while (i < rendered.length) {
    let j = i;
    while (j < rendered.length && rendered[j]!.lines.length === 1) j++;
    if (j > i) {
      const width = Math.max(...rendered.slice(i, j).map((r) => r.k.length));
      for (const r of rendered.slice(i, j)) out.push(`${indent}${r.k.padEnd(width)} = ${r.lines[0]}`);
      i = j;
    } else {
      const r = rendered[i]!;
      out.push(`${indent}${r.k} = ${r.lines[0]}`, ...r.lines.slice(1));
      i++;
    }
  }
  return out;
}

function bodyLines(items: BodyItem[], indent: string): string[] {
  const out: string[] = [];
  let run: [string, HclValue][] = [];
  const flush = () => {
    if (run.length) out.push(...attrLines(run, indent));
    run = [];
  };
  // Drop trailing blanks.
  let end = items.length;
  while (end > 0 && items[end - 1]!.t === 'blank') end--;
  for (const item of items.slice(0, end)) {
    if (item.t === 'attr') {
      run.push([item.name, item.value]);
      continue;
    }
    flush();
    if (item.t === 'blank') out.push('');
    else if (item.t === 'comment') out.push(item.text ? `${indent}# ${item.text}` : `${indent}#`);
    else out.push(...blockLines(item.block, indent));
  }
  flush();
  return out;
}

function blockLines(b: Block, indent: string): string[] {
  const head = [b.type, ...b.labels.map(quote)].join(' ');
  if (b.body.length === 0) return [`${indent}${head} {}`];
  return [`${indent}${head} {`, ...bodyLines(b.body, `${indent}  `), `${indent}}`];
}

/** A whole file: top-level items separated as given. Ends with one newline. */
export function renderFile(items: BodyItem[]): string {
  return `${bodyLines(items, '').join('\n')}\n`;
}
