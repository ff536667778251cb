/**
 * Offline checks of generated Terraform, standing in for `terraform validate` (no terraform
 * binary or provider registry here): HashiCorp's HCL parser (@cdktf/hcl2json), `terraform fmt`
 * (@cdktf/hcl-tools), and the AWS provider schema extracted by tooling/provider-schema.
 */
import { format } from '@cdktf/hcl-tools';
import { getReferencesInExpression, parse } from '@cdktf/hcl2json';
import schemaJson from './aws-provider-schema.json' with { type: 'json' };
import archiveSchemaJson from './archive-provider-schema.json' with { type: 'json' };
import randomSchemaJson from './random-provider-schema.json' with { type: 'json' };

interface Schema {
  arguments: Record<string, { required: boolean }>;
  blocks: Record<string, { required: boolean; many: boolean; schema: Schema }>;
  readable?: string[];
}
type ProviderSchema = { resources: Record<string, Schema>; dataSources: Record<string, Schema> };
const aws = schemaJson as unknown as ProviderSchema;
const random = randomSchemaJson as unknown as ProviderSchema;
const archive = archiveSchemaJson as unknown as ProviderSchema;
const schema: ProviderSchema = {
  resources: { ...aws.resources, ...random.resources },
  dataSources: { ...aws.dataSources, ...random.dataSources, ...archive.dataSources },
};

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const META = new Set(['count', 'depends_on', 'lifecycle', 'provider', 'for_each']);

/** Everything wrong with a set of .tf files; empty when they pass. */
export async function checkTerraform(files: Record<string, string>): Promise<string[]> {
  const problems: string[] = [];
  const parsed: Json[] = [];
  for (const [file, text] of Object.entries(files)) {
    if (!file.endsWith('.tf')) continue;
    try {
      parsed.push((await parse(file, text)) as Json);
    } catch (e) {
      problems.push(`${file}: does not parse: ${(e as Error).message}`);
      continue;
    }
    const formatted = await format(text);
    if (formatted !== text)
      problems.push(`${file}: not terraform fmt-formatted:\n${firstDiff(text, formatted)}`);
  }
  const resources = new Map<string, Set<string>>();
  const data = new Map<string, Set<string>>();
  const variables = new Set<string>();
  for (const p of parsed) {
    for (const [type, byName] of Object.entries((p.resource ?? {}) as Json)) {
      const names = resources.get(type) ?? new Set();
      for (const n of Object.keys(byName as Json)) {
        if (names.has(n)) problems.push(`duplicate resource ${type}.${n}`);
        names.add(n);
      }
      resources.set(type, names);
    }
    for (const [type, byName] of Object.entries((p.data ?? {}) as Json)) {
      const names = data.get(type) ?? new Set();
      for (const n of Object.keys(byName as Json)) names.add(n);
      data.set(type, names);
    }
    for (const v of Object.keys((p.variable ?? {}) as Json)) variables.add(v);
  }

  const checkBody = (where: string, body: Json, s: Schema) => {
    for (const [k, v] of Object.entries(body)) {
      if (META.has(k)) continue;
      if (s.arguments[k]) {
        continue;
      }
      const blk = s.blocks[k];
      if (blk) {
        if (!Array.isArray(v) || !v.every(isObj)) {
          problems.push(`${where}: "${k}" must be written as a block`);
          continue;
        }
        if (!blk.many && v.length > 1) problems.push(`${where}: block "${k}" may appear once`);
        v.forEach((item, i) => checkBody(`${where}.${k}[${i}]`, item as Json, blk.schema));
        continue;
      }
      problems.push(`${where}: unknown argument or block "${k}"`);
    }
    for (const [k, a] of Object.entries(s.arguments))
      if (a.required && !(k in body)) problems.push(`${where}: required argument "${k}" missing`);
    for (const [k, b] of Object.entries(s.blocks))
      if (b.required && !(k in body)) problems.push(`${where}: required block "${k}" missing`);
  };

  const expressions: { where: string; text: string }[] = [];
  const collect = (where: string, v: unknown) => {
    if (typeof v === 'string' && v.includes('${')) expressions.push({ where, text: v });
    else if (Array.isArray(v)) v.forEach((x, i) => collect(`${where}[${i}]`, x));
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) collect(`${where}.${k}`, x);
  };

  for (const p of parsed) {
    for (const [type, byName] of Object.entries((p.resource ?? {}) as Json)) {
      const s = schema.resources[type];
      for (const [n, bodies] of Object.entries(byName as Json)) {
        const body = (bodies as Json[])[0]!;
        collect(`${type}.${n}`, body);
        if (!s) problems.push(`${type}.${n}: resource type unknown to the AWS provider schema`);
        else checkBody(`${type}.${n}`, body, s);
      }
    }
    for (const [type, byName] of Object.entries((p.data ?? {}) as Json)) {
      const s = schema.dataSources[type];
      for (const [n, bodies] of Object.entries(byName as Json)) {
        const body = (bodies as Json[])[0]!;
        collect(`data.${type}.${n}`, body);
        if (!s) problems.push(`data.${type}.${n}: data source unknown to the schema`);
        else checkBody(`data.${type}.${n}`, body, s);
      }
    }
    for (const [n, bodies] of Object.entries((p.output ?? {}) as Json))
      collect(`output.${n}`, (bodies as Json[])[0]);
    for (const [n, bodies] of Object.entries((p.provider ?? {}) as Json))
      collect(`provider.${n}`, (bodies as Json[])[0]);
  }

  for (const { where, text } of expressions) {
    const refs = await getReferencesInExpression('main.tf', text);
    for (const { value } of refs) {
      const parts = value.split('.').filter((x) => !/^\d+$/.test(x));
      if (parts[0] === 'var') {
        if (!variables.has(parts[1]!)) problems.push(`${where}: variable ${parts[1]} is not declared`);
      } else if (parts[0] === 'path') {
        if (parts[1] !== 'module') problems.push(`${where}: bad ${value}`);
      } else if (parts[0] === 'count') {
        if (parts[1] !== 'index') problems.push(`${where}: bad ${value}`);
      } else if (parts[0] === 'data') {
        const [, type, n, attr] = parts;
        if (!data.get(type!)?.has(n!)) problems.push(`${where}: data.${type}.${n} is not declared`);
        else if (attr && !schema.dataSources[type!]?.readable?.includes(attr))
          problems.push(`${where}: data.${type} has no attribute ${attr}`);
      } else {
        const [type, n, attr] = parts;
        if (!resources.get(type!)?.has(n!))
          problems.push(`${where}: ${type}.${n} is not declared (${value})`);
        else if (attr && !schema.resources[type!]?.readable?.includes(attr))
          problems.push(`${where}: ${type} has no attribute ${attr}`);
      }
    }
  }
  return problems;
}

function firstDiff(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++)
    if (al[i] !== bl[i]) return `line ${i + 1}:\n- ${al[i]}\n+ ${bl[i]}`;
  return '';
}

/** Parsed resources by type → names (for count checks). */
export async function terraformResources(
  files: Record<string, string>,
): Promise<Record<string, Record<string, Json>>> {
  const out: Record<string, Record<string, Json>> = {};
  for (const [file, text] of Object.entries(files)) {
    if (!file.endsWith('.tf')) continue;
    const p = (await parse(file, text)) as Json;
    for (const [type, byName] of Object.entries((p.resource ?? {}) as Json)) {
      out[type] ??= {};
      for (const [n, bodies] of Object.entries(byName as Json)) out[type]![n] = (bodies as Json[])[0]!;
    }
  }
  return out;
}
