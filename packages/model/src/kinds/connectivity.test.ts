import { describe, expect, it } from 'vitest';
import { board } from '../../test/helpers.ts';
import { canConnect } from '../edges.ts';
import { parseBoard } from '../parse.ts';
import { canContain } from './index.ts';

const messages = (input: unknown) => {
  const r = parseBoard(input);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
};

/** A VPC with two subnets, a gateway endpoint, an interface endpoint and a Transit Gateway. */
const connected = () =>
  board(
    [
      { id: 'v', kind: 'vpc' },
      { id: 's1', kind: 'subnet', parentId: 'v', props: { cidr: '10.0.1.0/24' } },
      { id: 's2', kind: 'subnet', parentId: 'v', props: { cidr: '10.0.2.0/24' } },
      { id: 'gw', kind: 'gateway-endpoint', parentId: 'v', props: { service: 'dynamodb' } },
      {
        id: 'ep',
        kind: 'interface-endpoint',
        parentId: 's1',
        props: { service: 'logs', subnetIds: ['s2'], privateDnsEnabled: true },
      },
      {
        id: 'tgw',
        kind: 'transit-gateway',
        props: { amazonSideAsn: 64600, routes: [{ destinationCidr: '10.9.0.0/16', vpcId: 'v' }] },
      },
    ],
    [
      { id: 'a', kind: 'association', source: 'gw', target: 's1' },
      { id: 'att', kind: 'attachment', source: 's1', target: 'tgw' },
      { id: 'r', kind: 'route', source: 's2', target: 'tgw', props: { destinationCidr: '10.9.0.0/16' } },
    ],
  );

describe('VPC endpoints and Transit Gateway in the board format', () => {
  it('import a VPC with both endpoint kinds, an attachment and a route to the gateway', () => {
    expect(messages(connected())).toEqual([]);
  });

  it('a gateway endpoint exists only for S3 and DynamoDB', () => {
    const b = connected();
    (b.nodes[3]!.props as Record<string, unknown>).service = 'sqs';
    expect(messages(b).join('\n')).toMatch(/\$\.nodes\[3\]\.props\.service/);
  });

  it('where each may be drawn: gateway endpoints in a VPC (not a subnet), interface endpoints in subnets, a Transit Gateway only outside VPCs', () => {
    expect(canContain('vpc', 'gateway-endpoint')).toBe(true);
    expect(canContain('subnet', 'gateway-endpoint')).toBe(false);
    expect(canContain('subnet', 'interface-endpoint')).toBe(true);
    expect(canContain(null, 'transit-gateway')).toBe(true);
    expect(canContain('vpc', 'transit-gateway')).toBe(false);
    const b = connected();
    b.nodes[5]!.parentId = 'v';
    expect(messages(b).join('\n')).toMatch(/Transit Gateway cannot be placed inside a VPC/);
  });

  it('edges: attachments from subnets to a Transit Gateway, routes to it, gateway endpoint associations to subnets only', () => {
    expect(canConnect('attachment', 'subnet', 'transit-gateway')).toBe(true);
    expect(canConnect('attachment', 'vpc', 'transit-gateway')).toBe(false);
    expect(canConnect('route', 'subnet', 'transit-gateway')).toBe(true);
    expect(canConnect('association', 'gateway-endpoint', 'subnet')).toBe(true);
    expect(canConnect('association', 'gateway-endpoint', 'ec2-instance')).toBe(false);
    expect(canConnect('association', 'security-group', 'interface-endpoint')).toBe(true);
    const b = connected();
    b.edges[1] = { ...b.edges[1]!, source: 'v' };
    expect(messages(b).join('\n')).toMatch(
      /a transit gateway attachment edge cannot join a VPC to a Transit Gateway/,
    );
  });

  it('references: interface endpoint subnets and Transit Gateway routes must name nodes of the right kind', () => {
    const b = connected();
    (b.nodes[4]!.props as Record<string, unknown>).subnetIds = ['v'];
    (b.nodes[5]!.props as { routes: Record<string, unknown>[] }).routes[0]!.vpcId = 's1';
    expect(messages(b)).toEqual([
      expect.stringMatching(/^\$\.nodes\[4\]\.props\.subnetIds\[0\]: must refer to subnet, but "v" is a VPC/),
      expect.stringMatching(
        /^\$\.nodes\[5\]\.props\.routes\[0\]\.vpcId: must refer to vpc, but "s1" is a subnet/i,
      ),
    ]);
  });
});
