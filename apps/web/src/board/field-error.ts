/** Quick checks shown under a property field while typing (the validator has the final word). */
import type { FieldMeta } from '@stratus/model';

const CIDR_SHAPE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** What is wrong with a CIDR block, in words, or null when it is a well-formed IPv4 block. */
export function cidrProblem(raw: string): string | null {
  const value = raw.trim();
  const example = 'Write it like 10.0.1.0/24.';
  if (!value.includes('/'))
    return `"${value}" has no prefix length: add one after a slash (/16 to /28 for AWS). ${example}`;
  const m = CIDR_SHAPE.exec(value);
  if (!m) return `"${value}" is not an IPv4 block (four numbers 0-255, a slash, a prefix length). ${example}`;
  const big = m.slice(1, 5).find((o) => Number(o) > 255);
  if (big !== undefined)
    return `${big} is not an address part: each of the four numbers is 0-255. ${example}`;
  if (Number(m[5]) > 32) return `/${m[5]} is not a prefix length: IPv4 prefixes go up to /32. ${example}`;
  return null;
}

export function fieldError(meta: FieldMeta, value: unknown): string | null {
  if (value === undefined || value === '') return null;
  if ((meta.type === 'number' || meta.type === 'integer') && typeof value === 'number') {
    if (meta.type === 'integer' && !Number.isInteger(value)) return 'Must be a whole number.';
    if (meta.min !== undefined && value < meta.min) return `Must be at least ${meta.min}.`;
    if (meta.max !== undefined && value > meta.max) return `Must be at most ${meta.max}.`;
  }
  if (meta.format === 'cidr' && typeof value === 'string') return cidrProblem(value);
  return null;
}
