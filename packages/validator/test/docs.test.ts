import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES, renderRulesMarkdown } from '../src/index.ts';

const committed = readFileSync(new URL('../../../docs/rules.md', import.meta.url), 'utf8');
// The team's catalogue lives next to the repository (/work/shared); a copy of its IDs is the fallback.
const catalogueUrl = new URL('../../../../shared/rules.md', import.meta.url);

describe('docs/rules.md', () => {
  it('is generated from the rule definitions (run `pnpm --filter @stratus/validator generate:docs` after changing a rule)', () => {
    expect(committed).toBe(renderRulesMarkdown());
  });

  it('documents every rule with its severity and its notes difference', () => {
    for (const r of RULES) {
      expect(committed).toContain(`### ${r.id}`);
      if (r.notesSay) expect(committed).toContain(r.notesSay);
    }
  });
});

/**
 * Rules for kinds added after the notes (issue 14), by ID prefix: shared/rules.md does not list
 * them; their sources are AWS guides. Append a prefix when a kind brings rules.
 */
const BEYOND_CATALOGUE = ['VPCE_', 'TGW_', 'ECS_', 'ASG_', 'LAMBDA_', 'APIGW_', 'LB_'];
const beyond = (id: string) => BEYOND_CATALOGUE.some((p) => id.startsWith(p));

describe('the catalogue', () => {
  it('implements every rule ID of shared/rules.md with its severity, and no other besides the new kinds', () => {
    const catalogued = RULES.filter((r) => !beyond(r.id));
    if (!existsSync(catalogueUrl)) {
      console.log(`shared/rules.md not found at ${catalogueUrl.pathname}; checking the rule count only`);
      expect(catalogued.length).toBe(82);
      return;
    }
    const catalogue = readFileSync(catalogueUrl, 'utf8');
    const rows = [...catalogue.matchAll(/^\| ([A-Z][A-Z0-9_]+) \| (error|warning|info) \|/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rows.length).toBe(82);
    expect(catalogued.map((r) => [r.id, r.severity]).sort()).toEqual([...rows].sort());
  });

  it('rules of the new kinds are not in the catalogue and cite an AWS guide', () => {
    for (const r of RULES.filter((x) => beyond(x.id))) expect(r.source, r.id).toMatch(/guide/i);
  });
});
