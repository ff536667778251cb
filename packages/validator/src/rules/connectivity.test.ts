import type { Board } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { SEGMENTED_TABLES, endpoints, segmented, transit } from '../../test/boards.ts';
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

describe('Transit Gateway route tables: segmentation', () => {
  const flows = (b: Board) =>
    validateBoard(b)
      .filter((f) => f.ruleId === 'NET_FLOW_BLOCKED')
      .map((f) => f.message);
  const tables = () => structuredClone(SEGMENTED_TABLES);

  it('prod and dev both reach shared services, and not each other; the finding names the route table', () => {
    const b = segmented();
    expect(reach(b, 'i_prod', 'i_shared', { port: 22 })).toEqual({ reachable: true });
    expect(reach(b, 'i_dev', 'i_shared', { port: 22 })).toEqual({ reachable: true });
    expect(reach(b, 'i_prod', 'i_dev', { port: 22 })).toMatchObject({ reachable: false, blockedAt: 'tgw' });
    expect(findings(b, 'NET_FLOW_BLOCKED', 'TGW_ROUTE_TABLE_ATTACHMENT')).toEqual([
      {
        rule: 'NET_FLOW_BLOCKED',
        severity: 'error',
        nodes: ['i_prod', 'i_dev', 'tgw'],
        message:
          'Flow "i_prod" → "i_dev" (tcp 22) is blocked: Transit Gateway "tgw" route table "prod" has no route to 10.2.0.0/24 for the request (no propagated or static route covers it).',
      },
    ]);
  });

  it("the same three VPCs on the default table alone all reach each other (today's boards keep their meaning)", () => {
    expect(flows(segmented({ tgw: {} }))).toEqual([]);
    expect(flows(segmented({ tgw: { defaultRouteTableAssociation: false } }))).toEqual([]);
  });

  it("each hop uses the table of the sending attachment: the responses are routed by the destination VPC's table", () => {
    // prod's table learns dev, but dev's table does not learn prod: the request gets there, the responses do not.
    const t = tables();
    t[0]!.propagations.push('dev');
    expect(flows(segmented({ tgw: { routeTables: t } }))).toEqual([
      'Flow "i_prod" → "i_dev" (tcp 22) is blocked: Transit Gateway "tgw" route table "dev" has no route to 10.1.0.0/24 for the responses (no propagated or static route covers it).',
    ]);
    // Near miss: both tables learn each other, so prod ↔ dev is open again.
    t[1]!.propagations.push('prod');
    expect(flows(segmented({ tgw: { routeTables: t } }))).toEqual([]);
  });

  it('static routes, blackholes and the default table in a segmented gateway', () => {
    // A static route in prod's and dev's tables instead of propagation: allowed.
    const t = tables();
    (t[0] as Record<string, unknown>).routes = [{ destinationCidr: '10.2.0.0/16', vpcId: 'dev' }];
    (t[1] as Record<string, unknown>).routes = [{ destinationCidr: '10.1.0.0/16', vpcId: 'prod' }];
    expect(flows(segmented({ tgw: { routeTables: t } }))).toEqual([]);
    // A more specific blackhole in shared's table drops the responses to prod's subnet.
    const h = tables();
    (h[2] as Record<string, unknown>).routes = [{ destinationCidr: '10.1.0.0/24', blackhole: true }];
    expect(flows(segmented({ tgw: { routeTables: h } }))).toEqual([
      'Flow "i_prod" → "i_dev" (tcp 22) is blocked: Transit Gateway "tgw" route table "prod" has no route to 10.2.0.0/24 for the request (no propagated or static route covers it).',
      'Flow "i_prod" → "i_shared" (tcp 22) is blocked: Transit Gateway "tgw" route table "shared" drops the responses: its route 10.1.0.0/24 is a blackhole.',
    ]);
    // shared not associated anywhere: with default association on it uses the default table,
    // which (default propagation on) knows every attached VPC.
    const d = tables().slice(0, 2);
    expect(flows(segmented({ tgw: { routeTables: d } }))).toEqual([
      'Flow "i_prod" → "i_dev" (tcp 22) is blocked: Transit Gateway "tgw" route table "prod" has no route to 10.2.0.0/24 for the request (no propagated or static route covers it).',
    ]);
    // With default propagation off, the default table only has its static routes.
    expect(flows(segmented({ tgw: { routeTables: d, defaultRouteTablePropagation: false } }))).toEqual([
      'Flow "i_dev" → "i_shared" (tcp 22) is blocked: Transit Gateway "tgw" default route table has no route to 10.2.0.0/24 for the responses (no propagated or static route covers it).',
      'Flow "i_prod" → "i_dev" (tcp 22) is blocked: Transit Gateway "tgw" route table "prod" has no route to 10.2.0.0/24 for the request (no propagated or static route covers it).',
      'Flow "i_prod" → "i_shared" (tcp 22) is blocked: Transit Gateway "tgw" default route table has no route to 10.1.0.0/24 for the responses (no propagated or static route covers it).',
    ]);
  });

  it('an attachment associated with no table (default association off) sends nothing: TGW_ROUTE_TABLE_ATTACHMENT and the blocked flows', () => {
    const b = segmented({ tgw: { routeTables: tables().slice(0, 2), defaultRouteTableAssociation: false } });
    expect(findings(b, 'TGW_ROUTE_TABLE_ATTACHMENT')).toEqual([
      {
        rule: 'TGW_ROUTE_TABLE_ATTACHMENT',
        severity: 'error',
        nodes: ['tgw', 'shared'],
        message:
          'Transit Gateway "tgw": the attachment of VPC "shared" is associated with no route table (default association is off and no route table lists it), so nothing it sends is routed.',
      },
    ]);
    expect(flows(b)).toContain(
      'Flow "i_prod" → "i_shared" (tcp 22) is blocked: the attachment of VPC "shared" to Transit Gateway "tgw" is associated with no route table (default association is off and none of its route tables lists it), so Transit Gateway "tgw" does not route the responses.',
    );
    // Near miss: default association on.
    expect(
      findings(segmented({ tgw: { routeTables: tables().slice(0, 2) } }), 'TGW_ROUTE_TABLE_ATTACHMENT'),
    ).toEqual([]);
  });

  it('route tables that name a VPC without an attachment', () => {
    const t = tables();
    t[2]!.propagations.push('lab');
    (t[0] as Record<string, unknown>).routes = [{ destinationCidr: '10.9.0.0/16', vpcId: 'lab' }];
    const b = segmented({
      tgw: { routeTables: [...t, { name: 'lab', associations: ['lab'] }] },
      add: [{ id: 'lab', kind: 'vpc', props: { cidr: '10.9.0.0/16' } }],
    });
    expect(findings(b, 'TGW_ROUTE_TABLE_ATTACHMENT').map((f) => f.message)).toEqual([
      'Transit Gateway "tgw" route table "lab" is associated with VPC "lab", which is not attached to it.',
      'Transit Gateway "tgw" route table "prod" routes 10.9.0.0/16 to VPC "lab", which is not attached to it.',
      'Transit Gateway "tgw" route table "shared" learns routes from VPC "lab", which is not attached to it.',
    ]);
  });
});
