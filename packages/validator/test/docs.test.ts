import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES, beyondNotes, renderRulesMarkdown } from '../src/index.ts';

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

describe('the catalogue', () => {
  /** The rules of the notes' catalogue; rules of kinds beyond the notes cite AWS documentation. */
  const fromNotes = RULES.filter((r) => !beyondNotes(r));

  it('implements every rule ID of shared/rules.md with its severity, and no other', () => {
    if (!existsSync(catalogueUrl)) {
      console.log(`shared/rules.md not found at ${catalogueUrl.pathname}; checking the rule count only`);
      expect(fromNotes.length).toBe(82);
      return;
    }
    const catalogue = readFileSync(catalogueUrl, 'utf8');
    const rows = [...catalogue.matchAll(/^\| ([A-Z][A-Z0-9_]+) \| (error|warning|info) \|/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rows.length).toBe(82);
    expect(fromNotes.map((r) => [r.id, r.severity]).sort()).toEqual([...rows].sort());
  });

  it('keeps the rules of kinds beyond the notes in sections of their own, with unique IDs', () => {
    const beyond = RULES.filter(beyondNotes);
    expect(beyond.map((r) => r.id)).toContain('ECS_FARGATE_TASK_SIZE');
    for (const r of beyond) expect(r.notesSay, r.id).toBeUndefined();
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });
});
