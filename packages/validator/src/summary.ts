import type { Finding, Severity } from './types.ts';

export interface Summary {
  /** Findings not acknowledged, by severity. */
  errors: number;
  warnings: number;
  infos: number;
  /** Findings acknowledged on their node (any severity). */
  acknowledged: number;
  total: number;
  /** Count of findings per rule id. */
  byRule: Record<string, number>;
}

/** Counts for a status bar or an exit code: acknowledged findings are counted apart. */
export function summarize(findings: readonly Finding[]): Summary {
  const s: Summary = {
    errors: 0,
    warnings: 0,
    infos: 0,
    acknowledged: 0,
    total: findings.length,
    byRule: {},
  };
  const field: Record<Severity, 'errors' | 'warnings' | 'infos'> = {
    error: 'errors',
    warning: 'warnings',
    info: 'infos',
  };
  for (const f of findings) {
    s.byRule[f.ruleId] = (s.byRule[f.ruleId] ?? 0) + 1;
    if (f.acknowledged) s.acknowledged++;
    else s[field[f.severity]]++;
  }
  return s;
}
