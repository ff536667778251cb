import { describe, expect, it } from 'vitest';
import { parseBoardOrThrow } from '@stratus/model';
import { validateBoard } from '@stratus/validator';
import { countsByNode, type Finding, findingTitle, groupFindings } from './findings.ts';

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

  it("shows the validator's titles, never one made from the rule id", () => {
    const titled = (ruleId: string, title: string, node: string): Finding => ({
      ...f(ruleId, 'error', [node]),
      title,
    });
    const { groups } = groupFindings([
      titled('NATGW_NO_EIP', 'NAT gateway has no Elastic IP', 'nat'),
      titled('VPC_CIDR_INVALID', 'Subnet has an invalid CIDR block', 's1'),
      titled('VPC_CIDR_INVALID', 'Subnet has an invalid CIDR block', 's2'),
      titled('VPC_CIDR_INVALID', 'VPC has an invalid CIDR block', 'v'),
    ]);
    // One rule whose findings are titled differently (a subnet's and a VPC's CIDR) gives a group per title.
    expect(groups[0]!.rules.map((r) => [r.ruleId, r.title, r.findings.length])).toEqual([
      ['VPC_CIDR_INVALID', 'Subnet has an invalid CIDR block', 2],
      ['NATGW_NO_EIP', 'NAT gateway has no Elastic IP', 1],
      ['VPC_CIDR_INVALID', 'VPC has an invalid CIDR block', 1],
    ]);
    expect(findingTitle({ ruleId: 'RDS_NO_SG', title: 'Database has no security group' })).toBe(
      'Database has no security group',
    );
    expect(findingTitle({ ruleId: 'RDS_NO_SG' })).toBe('RDS_NO_SG');
  });

  it('titles the findings of a real board as the validator does (a subnet CIDR problem reads as a subnet problem)', () => {
    const board = parseBoardOrThrow({
      format: 'stratus.board',
      version: 1,
      name: 't',
      nodes: [
        {
          id: 'v',
          kind: 'vpc',
          label: 'Main',
          parentId: null,
          position: { x: 0, y: 0 },
          props: { cidr: '10.0.0.0/16' },
        },
        {
          id: 's',
          kind: 'subnet',
          label: 'Web',
          parentId: 'v',
          position: { x: 0, y: 0 },
          props: { cidr: '10.0.1.9/24' },
        },
      ],
      edges: [],
    });
    const { groups } = groupFindings(validateBoard(board));
    const cidr = groups.flatMap((g) => g.rules).find((r) => r.ruleId === 'VPC_CIDR_INVALID');
    expect(cidr?.title).toBe('Subnet has an invalid CIDR block');
    expect(cidr?.findings[0]?.message).toContain('Subnet "Web"');
  });
});
