import type { Board } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { endpoints, transit } from '../../test/boards.ts';
import { reach, validateBoard } from '../engine.ts';

const findings = (b: Board, ...ids: string[]) =>
  validateBoard(b)
    .filter((f) => ids.includes(f.ruleId))
    .map((f) => ({ rule: f.ruleId, severity: f.severity, nodes: f.nodeIds, message: f.message }));

describe('reachability through VPC endpoints', () => {
  it('a private subnet without NAT reaches S3 through its associated gateway endpoint, and SQS through an interface endpoint', () => {
    const b = endpoints({ nat: false });
    expect(reach(b, 'app', 'bucket', { port: 443 })).toEqual({ reachable: true });
    expect(reach(b, 'app', 'queue', { port: 443 })).toEqual({ reachable: true });
    expect(
      findings(b, 'NET_FLOW_BLOCKED', 'VPCE_GATEWAY_NOT_ASSOCIATED', 'VPCE_INTERFACE_SG_BLOCKS_HTTPS'),
    ).toEqual([]);
  });

  it('without the endpoints, the same subnet cannot reach S3 or SQS', () => {
    const b = endpoints({ nat: false }, { remove: ['gw', 'ep'] });
    expect(reach(b, 'app', 'bucket', { port: 443 })).toMatchObject({ reachable: false, blockedAt: 'priv_a' });
    expect(reach(b, 'app', 'queue', { port: 443 })).toMatchObject({ reachable: false, blockedAt: 'priv_a' });
    expect(findings(b, 'NET_FLOW_BLOCKED').map((f) => f.nodes)).toEqual([
      ['app', 'bucket', 'priv_a'],
      ['app', 'queue', 'priv_a'],
    ]);
  });

  it('a gateway endpoint not associated with the caller’s subnet: an error without NAT (reported once), a warning with NAT', () => {
    const noNat = endpoints({ nat: false, associate: false });
    expect(findings(noNat, 'NET_FLOW_BLOCKED', 'VPCE_GATEWAY_NOT_ASSOCIATED')).toEqual([
      {
        rule: 'VPCE_GATEWAY_NOT_ASSOCIATED',
        severity: 'error',
        nodes: ['gw', 'app', 'priv_a'],
        message:
          'EC2 instance "app" cannot reach s3: Gateway endpoint "gw" is not associated with the route table of Subnet "priv_a", which has no other way out; a gateway endpoint serves only the route tables associated with it.',
      },
    ]);
    const withNat = endpoints({ associate: false });
    expect(reach(withNat, 'app', 'bucket', { port: 443 })).toEqual({ reachable: true });
    expect(findings(withNat, 'NET_FLOW_BLOCKED', 'VPCE_GATEWAY_NOT_ASSOCIATED')).toMatchObject([
      { rule: 'VPCE_GATEWAY_NOT_ASSOCIATED', severity: 'warning', nodes: ['gw', 'app', 'priv_a'] },
    ]);
  });

  it("an interface endpoint whose security group refuses the caller: one finding, naming the endpoint's group", () => {
    const b = endpoints({
      sgEp: [{ protocol: 'tcp', fromPort: 8443, toPort: 8443, sourceSecurityGroupId: 'sg_app' }],
    });
    expect(reach(b, 'app', 'queue', { port: 443 })).toMatchObject({ reachable: false, blockedAt: 'sg_ep' });
    expect(findings(b, 'NET_FLOW_BLOCKED', 'VPCE_INTERFACE_SG_BLOCKS_HTTPS')).toMatchObject([
      { rule: 'VPCE_INTERFACE_SG_BLOCKS_HTTPS', nodes: ['ep', 'app', 'sg_ep'] },
    ]);
  });

  it('an interface endpoint without private DNS is not used: calls go out through NAT', () => {
    const b = endpoints({ nat: false, ep: { privateDnsEnabled: false } });
    expect(reach(b, 'app', 'queue', { port: 443 })).toMatchObject({ reachable: false, blockedAt: 'priv_a' });
    expect(reach(endpoints({ ep: { privateDnsEnabled: false } }), 'app', 'queue', { port: 443 })).toEqual({
      reachable: true,
    });
  });

  it("the caller's network ACL still applies on the way to a gateway endpoint", () => {
    const b = endpoints(
      { nat: false },
      {
        add: [
          {
            id: 'acl',
            kind: 'network-acl',
            parentId: 'v',
            props: {
              inbound: [{ ruleNumber: 100, protocol: 'all', cidr: '10.0.0.0/16', action: 'allow' }],
              outbound: [{ ruleNumber: 100, protocol: 'all', cidr: '10.0.0.0/16', action: 'allow' }],
            },
          },
        ],
        edges: [{ id: 'a_acl', kind: 'association', source: 'acl', target: 'priv_a' }],
      },
    );
    expect(reach(b, 'app', 'bucket', { port: 443 })).toMatchObject({ reachable: false, blockedAt: 'acl' });
  });
});

describe('reachability through a Transit Gateway', () => {
  const blocked = (b: Board) => findings(b, 'NET_FLOW_BLOCKED', 'PEERING_TRANSITIVE');

  it('VPC A → TGW → VPC B when both route tables and the gateway agree (propagated routes)', () => {
    expect(reach(transit(), 'ia', 'ib', { port: 22 })).toEqual({ reachable: true });
    expect(blocked(transit())).toEqual([]);
  });

  it('with propagation off, static routes must carry both directions', () => {
    const off = { defaultRouteTablePropagation: false };
    expect(blocked(transit({ tgw: off }))).toEqual([
      {
        rule: 'NET_FLOW_BLOCKED',
        severity: 'error',
        nodes: ['ia', 'ib', 'tgw'],
        message:
          'Flow "ia" → "ib" (tcp 22) is blocked: Transit Gateway "tgw" has no route to 10.2.0.0/24 for the request (no propagated or static route covers it).',
      },
    ]);
    const both = [
      { destinationCidr: '10.2.0.0/16', vpcId: 'vb' },
      { destinationCidr: '10.1.0.0/16', vpcId: 'va' },
    ];
    expect(blocked(transit({ tgw: { ...off, routes: both } }))).toEqual([]);
    expect(blocked(transit({ tgw: { ...off, routes: both.slice(0, 1) } }))[0]?.message).toMatch(
      /"tgw" has no route to 10\.1\.0\.0\/24 for the responses/,
    );
  });

  it('a blackhole route, a missing route back, a missing attachment and an AZ without an attachment subnet each name their hop', () => {
    const hole = transit({ tgw: { routes: [{ destinationCidr: '10.2.0.0/24', blackhole: true }] } });
    expect(reach(hole, 'ia', 'ib', { port: 22 })).toMatchObject({ reachable: false, blockedAt: 'tgw' });
    expect(reach(transit({ drop: ['r_b'] }), 'ia', 'ib', { port: 22 })).toMatchObject({
      reachable: false,
      blockedAt: 'sb',
    });
    expect(reach(transit({ drop: ['att_b'] }), 'ia', 'ib', { port: 22 })).toMatchObject({
      reachable: false,
      blockedAt: 'tgw',
    });
    const otherAz = transit({
      add: [
        { id: 'zb2', kind: 'az', parentId: 'vb', props: { zone: 'us-east-1b' } },
        { id: 'sb2', kind: 'subnet', parentId: 'zb2', props: { cidr: '10.2.1.0/24' } },
      ],
      drop: ['att_b'],
      edges: [{ id: 'att_b2', kind: 'attachment', source: 'sb2', target: 'tgw' }],
    });
    expect(reach(otherAz, 'ia', 'ib', { port: 22 })).toMatchObject({ reachable: false, blockedAt: 'sb' });
  });

  it('security groups still apply past the gateway', () => {
    const b = transit({ drop: ['a_sg_b'] });
    expect(reach(b, 'ia', 'ib', { port: 22 })).toMatchObject({ reachable: false, blockedAt: 'ib' });
  });

  it('is transitive: VPCs also peered through a third VPC get no PEERING_TRANSITIVE when the route goes to the gateway', () => {
    const extra = {
      add: [{ id: 'vm', kind: 'vpc', props: { cidr: '10.5.0.0/16' } }],
      edges: [
        { id: 'p1', kind: 'peering', source: 'va', target: 'vm' },
        { id: 'p2', kind: 'peering', source: 'vm', target: 'vb' },
      ],
    };
    expect(blocked(transit(extra))).toEqual([]);
    // Without the gateway route, the same drawing is a transitive peering.
    expect(blocked(transit({ ...extra, drop: ['r_a'] })).map((f) => f.rule)).toEqual(['PEERING_TRANSITIVE']);
  });
});
