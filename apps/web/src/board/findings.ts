/** Findings of the validator as the sidebar shows them. Pure functions, no React. */
export type Severity = 'error' | 'warning' | 'info';

/** The validator's finding (packages/validator `Finding`). */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** What lists call it ("NAT gateway has no Elastic IP"), written by the validator's rule. */
  title?: string;
  nodeIds: string[];
  edgeIds: string[];
  message: string;
  fix?: string;
  acknowledged?: { reason: string; by?: string; at?: string };
}

export interface RuleGroup {
  ruleId: string;
  /** The findings' title (a rule whose findings differ in title, a VPC's and a subnet's invalid CIDR, gives a group each). */
  title: string;
  severity: Severity;
  findings: Finding[];
}

export interface SeverityGroup {
  severity: Severity;
  count: number;
  rules: RuleGroup[];
}

const ORDER: Severity[] = ['error', 'warning', 'info'];

/** Open findings grouped by severity then rule and title (with counts); acknowledged ones apart. */
export function groupFindings(findings: readonly Finding[]): {
  groups: SeverityGroup[];
  acknowledged: Finding[];
  counts: Record<Severity, number>;
} {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const acknowledged: Finding[] = [];
  const bySev = new Map<Severity, Map<string, Finding[]>>();
  for (const f of findings) {
    if (f.acknowledged) {
      acknowledged.push(f);
      continue;
    }
    counts[f.severity]++;
    let rules = bySev.get(f.severity);
    if (!rules) bySev.set(f.severity, (rules = new Map()));
    const key = `${f.ruleId}\u0000${findingTitle(f)}`;
    let list = rules.get(key);
    if (!list) rules.set(key, (list = []));
    list.push(f);
  }
  const groups: SeverityGroup[] = [];
  for (const severity of ORDER) {
    const rules = bySev.get(severity);
    if (!rules) continue;
    groups.push({
      severity,
      count: counts[severity],
      rules: [...rules.entries()]
        .sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
        .map(([, list]) => ({
          ruleId: list[0]!.ruleId,
          title: findingTitle(list[0]!),
          severity,
          findings: list,
        })),
    });
  }
  return { groups, acknowledged, counts };
}

/** Per-node badge counts: every node a finding involves, open findings only. */
export function countsByNode(findings: readonly Finding[]) {
  const out = new Map<string, { errors: number; warnings: number; infos: number }>();
  for (const f of findings) {
    if (f.acknowledged) continue;
    for (const id of new Set(f.nodeIds)) {
      let c = out.get(id);
      if (!c) out.set(id, (c = { errors: 0, warnings: 0, infos: 0 }));
      if (f.severity === 'error') c.errors++;
      else if (f.severity === 'warning') c.warnings++;
      else c.infos++;
    }
  }
  return out;
}

/** The finding's title as the validator wrote it ("Subnet lies outside its VPC's range"); the rule id if it has none. */
export function findingTitle(f: Pick<Finding, 'ruleId' | 'title'>): string {
  return f.title ?? f.ruleId;
}
