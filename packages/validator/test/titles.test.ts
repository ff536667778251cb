import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../src/index.ts';
import { titleProblems } from './titles.ts';

describe('titles written in the rule sources', () => {
  it('every title written in the rules, per-finding ones too (even those no test board triggers), reads as a person would write it', () => {
    const dir = new URL('../src/rules/', import.meta.url);
    const titles = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .flatMap((f) => {
        const src = readFileSync(new URL(f, dir), 'utf8');
        // Every string literal of a `title:` property (a ternary gives two) or of a forCache(node, …) call.
        return [...src.matchAll(/(?:\btitle: (?!string)|forCache\(node, )([\s\S]*?),\n/g)].flatMap(
          (m) =>
            [...m[1]!.matchAll(/'([^']+)'|"([^"]+)"/g)]
              .map((l) => l[1] ?? l[2]!)
              .filter((t) => t.includes(' ')), // not a kind such as 'elasticache-cluster' or a 'VPC' tested against
        );
      });
    expect(titles.length).toBeGreaterThan(RULES.length);
    for (const t of titles) expect(titleProblems(t, 'NONE'), t).toEqual([]);
  });
});
