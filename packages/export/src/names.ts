/** Resource names from board labels: sanitized, readable, unique. */

import { kindDef } from '@stratus/model';

/** `"Orders DB (primary)"` → `orders_db_primary`; empty or digit-first labels get the kind. */
export function snakeName(label: string, kind: string): string {
  const base = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48)
    .replace(/_+$/, '');
  const short = kindDef(kind)?.exportName ?? kind.replace(/[^a-z0-9]+/g, '_');
  if (!base) return short;
  if (/^[0-9]/.test(base)) return `${short}_${base}`;
  return base;
}

export const pascal = (snake: string): string =>
  snake
    .split('_')
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

export const camel = (snake: string): string => {
  const p = pascal(snake);
  return p[0]!.toLowerCase() + p.slice(1);
};

/** Hands out names, adding `_2`, `_3`… to repeats. */
export class NameRegistry {
  private readonly used = new Set<string>();
  constructor(private readonly separator = '_') {}
  claim(base: string): string {
    let n = base;
    for (let i = 2; this.used.has(n); i++) n = `${base}${this.separator}${i}`;
    this.used.add(n);
    return n;
  }
}

/** A resource name as AWS names like it: snake_case → kebab-case. */
export const hyphen = (snake: string): string => snake.replace(/_/g, '-');

/** An AWS identifier from a resource name: hyphens, at most `max` characters, no trailing hyphen. */
export const awsId = (snake: string, max: number): string =>
  snake.replace(/_/g, '-').slice(0, max).replace(/-+$/, '');
