import { describe, expect, it } from 'vitest';
import { countsByNode, type Finding, groupFindings, ruleTitle } from './findings.ts';

const f = (ruleId: string, severity: Finding['severity'], nodeIds: string[], ack = false): Finding => ({
  ruleId,
  severity,
  nodeIds,
  edgeIds: [],
  message: `${ruleId} on ${nodeIds.join(',')}`,
  ...(ack && { acknowledged: { reason: 'accepted' } }),
});

describe('grouping findings for the sidebar', () => {
  const findings = [
    f('SUBNET_OVERLAP', 'error', ['a', 'b']),
    f('VPC_CIDR_INVALID', 'error', ['v']),
    f('SUBNET_OVERLAP', 'error', ['c', 'd']),
    f('SG_OPEN_TO_WORLD', 'warning', ['sg']),
    f('SUBNET_USABLE_IPS', 'info', ['a']),
    f('RDS_PUBLIC_SUBNET', 'warning', ['db'], true),
  ];

  it('groups by severity then rule, with counts, acknowledged ones apart', () => {
    const { groups, acknowledged, counts } = groupFindings(findings);
    expect(groups.map((g) => [g.severity, g.count])).toEqual([
      ['error', 3],
      ['warning', 1],
      ['info', 1],
    ]);
    expect(groups[0]!.rules.map((r) => [r.ruleId, r.findings.length])).toEqual([
      ['SUBNET_OVERLAP', 2],
      ['VPC_CIDR_INVALID', 1],
    ]);
    expect(acknowledged.map((a) => a.ruleId)).toEqual(['RDS_PUBLIC_SUBNET']);
    expect(counts).toEqual({ error: 3, warning: 1, info: 1 });
  });

  it('counts open findings per node for the badges', () => {
    const c = countsByNode(findings);
    expect(c.get('a')).toEqual({ errors: 1, warnings: 0, infos: 1 });
    expect(c.get('db')).toBeUndefined();
  });

  it('turns rule ids into titles', () => {
    expect(ruleTitle('SUBNET_OUTSIDE_VPC')).toBe('Subnet outside VPC');
    expect(ruleTitle('NATGW_NO_EIP')).toBe('NATGW no EIP');
  });
});
