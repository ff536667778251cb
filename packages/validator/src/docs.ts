import { RULES } from './rules/index.ts';
import type { Rule, Section } from './types.ts';

/**
 * The sections of the catalogue, in order. `notes`: the notes' chapters a section comes from
 * (its rules are those of shared/rules.md); `aws`: the AWS guide of a section for kinds beyond the
 * notes, whose rules cite AWS documentation instead.
 */
const SECTIONS: readonly { section: Section; notes: string; aws?: string }[] = [
  { section: 'Networking', notes: 'Virtual Private Cloud, NAT, VPC Security' },
  { section: 'Databases', notes: 'Databases, Amazon RDS, Aurora, Redshift' },
  { section: 'DynamoDB', notes: 'DynamoDB' },
  { section: 'SQS', notes: 'Simple Queue Service' },
  { section: 'ElastiCache', notes: 'ElastiCache' },
  { section: 'CloudFront', notes: 'CloudFront' },
  { section: 'Reachability', notes: '' },
  { section: 'ECS', notes: '', aws: 'Amazon ECS Developer Guide' },
  { section: 'Auto Scaling', notes: '', aws: 'Amazon EC2 Auto Scaling User Guide' },
  { section: 'Load balancing', notes: '', aws: 'Elastic Load Balancing User Guides' },
  { section: 'Serverless', notes: '', aws: 'AWS Lambda Developer Guide, Amazon API Gateway Developer Guide' },
];

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** docs/rules.md, generated from the rule definitions (run `pnpm --filter @stratus/validator generate:docs`). */
export function renderRulesMarkdown(rules: readonly Rule[] = RULES): string {
  const out: string[] = [];
  out.push('# Validator rules');
  out.push('');
  out.push(
    '<!-- Generated from packages/validator/src/rules/*.ts by `pnpm --filter @stratus/validator generate:docs`. Do not edit by hand: a test fails when this file is stale. -->',
  );
  out.push('');
  out.push(
    `${rules.length} rules. Severities: **error** (AWS would reject it or it cannot work), **warning** (it deploys but is unsafe or very likely wrong), **info** (a figure or a best practice). ` +
      'A finding names the rule, the nodes and edges involved, the offending values and, where obvious, a fix. ' +
      'A finding acknowledged on its first node (`acks` in the board file) is still listed, marked acknowledged. ' +
      'Unset properties: identity values (CIDRs, zones, names, sizes) are never guessed, so rules that need them stay silent; ' +
      'switches and enums with a documented default are read as that default, which is what export uses.',
  );
  out.push('');
  out.push('| ID | Severity | Title | Rule |');
  out.push('|---|---|---|---|');
  for (const r of rules)
    out.push(
      `| [\`${r.id}\`](#${r.id.toLowerCase()}) | ${r.severity} | ${cell(r.title)} | ${cell(r.statement)} |`,
    );
  out.push('');
  for (const { section, notes, aws } of SECTIONS) {
    const inSection = rules.filter((r) => r.section === section);
    if (inSection.length === 0) continue;
    out.push(
      notes
        ? `## ${section} (notes: ${notes})`
        : aws
          ? `## ${section} (AWS: ${aws})`
          : `## ${section} (the design as a network)`,
    );
    out.push('');
    for (const r of inSection) {
      out.push(`### ${r.id}`);
      out.push('');
      out.push(`**${r.title}** (${r.severity})`);
      out.push('');
      out.push(r.statement);
      out.push('');
      out.push(r.rationale);
      out.push('');
      out.push(`- Source: ${r.source}`);
      const checks = [
        r.nodeKinds?.length ? `nodes of kind ${r.nodeKinds.map((k) => `\`${k}\``).join(', ')}` : '',
        r.edgeKinds?.length ? `edges of kind ${r.edgeKinds.map((k) => `\`${k}\``).join(', ')}` : '',
      ].filter(Boolean);
      out.push(`- Checks: ${checks.join('; ')}`);
      if (r.notesSay) out.push(`- Notes out of date: ${r.notesSay}`);
      out.push('');
    }
  }
  return out.join('\n');
}
