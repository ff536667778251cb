import type { Finding, Summary } from '@stratus/validator';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Human-readable report: one block per finding, then the totals. */
export function formatText(
  file: string,
  boardName: string,
  findings: readonly Finding[],
  summary: Summary,
): string {
  const lines: string[] = [];
  lines.push(`${file}: board "${boardName}"`);
  lines.push('');
  for (const f of findings) {
    const sev = f.acknowledged ? `${f.severity} (acknowledged)` : f.severity;
    lines.push(`${sev.padEnd(7)}  ${f.title} (${f.ruleId})`);
    lines.push(`  ${f.message}`);
    const where = [
      f.nodeIds.length ? `nodes ${f.nodeIds.join(', ')}` : '',
      f.edgeIds.length ? `edges ${f.edgeIds.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    if (where) lines.push(`  at ${where}`);
    if (f.fix) lines.push(`  fix: ${f.fix}`);
    if (f.acknowledged)
      lines.push(
        `  acknowledged${f.acknowledged.by ? ` by ${f.acknowledged.by}` : ''}: ${f.acknowledged.reason}`,
      );
    lines.push('');
  }
  const parts = [
    plural(summary.errors, 'error'),
    plural(summary.warnings, 'warning'),
    `${summary.infos} info`,
  ];
  if (summary.acknowledged) parts.push(`${summary.acknowledged} acknowledged`);
  lines.push(findings.length === 0 ? 'No findings.' : parts.join(', '));
  return `${lines.join('\n')}\n`;
}
