import { describe, expect, it } from 'vitest';
import { board } from '../../test/helpers.ts';
import { canConnect } from '../edges.ts';
import { parseBoard, repairBoard } from '../parse.ts';
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

  describe('Transit Gateway route tables', () => {
    /** Three attached VPCs: prod and dev reach shared, not each other. */
    const segmented = (routeTables: unknown) =>
      board(
        [
          { id: 'prod', kind: 'vpc' },
          { id: 'dev', kind: 'vpc' },
          { id: 'shared', kind: 'vpc' },
          { id: 'sp', kind: 'subnet', parentId: 'prod' },
          { id: 'sd', kind: 'subnet', parentId: 'dev' },
          { id: 'ss', kind: 'subnet', parentId: 'shared' },
          { id: 'tgw', kind: 'transit-gateway', props: { routeTables } },
        ],
        [
          { id: 'ap', kind: 'attachment', source: 'sp', target: 'tgw' },
          { id: 'ad', kind: 'attachment', source: 'sd', target: 'tgw' },
          { id: 'as', kind: 'attachment', source: 'ss', target: 'tgw' },
        ],
      );
    const tables = () => [
      { name: 'prod', associations: ['prod'], propagations: ['shared'] },
      { name: 'dev', associations: ['dev'], propagations: ['shared'] },
      {
        name: 'shared',
        associations: ['shared'],
        propagations: ['prod', 'dev'],
        routes: [{ destinationCidr: '10.9.0.0/16', blackhole: true }],
      },
    ];

    it('import tables with associations, propagations and static routes; a board without them is unchanged', () => {
      expect(messages(segmented(tables()))).toEqual([]);
      expect(messages(connected())).toEqual([]);
    });

    it('a VPC associated with two tables is refused, naming the second place', () => {
      const t = tables();
      t[1]!.associations.push('prod');
      expect(messages(segmented(t))).toEqual([
        expect.stringMatching(
          /^\$\.nodes\[6\]\.props\.routeTables\[1\]\.associations\[1\]: "prod" is already in associated vpcs of row 0/,
        ),
      ]);
      // Propagating to several tables is normal (shared propagates to prod and dev).
      const p = tables();
      p[0]!.propagations.push('dev');
      expect(messages(segmented(p))).toEqual([]);
    });

    it('associations, propagations and routes in a table must name VPCs that exist', () => {
      const t = tables();
      t[0]!.associations = ['sp'];
      t[1]!.propagations = ['nowhere'];
      (t[2]!.routes as Record<string, unknown>[])[0] = { destinationCidr: '10.9.0.0/16', vpcId: 'ss' };
      expect(messages(segmented(t))).toEqual([
        expect.stringMatching(
          /routeTables\[0\]\.associations\[0\]: must refer to vpc, but "sp" is a subnet/i,
        ),
        expect.stringMatching(
          /routeTables\[1\]\.propagations\[0\]: refers to node "nowhere", which does not exist/,
        ),
        expect.stringMatching(
          /routeTables\[2\]\.routes\[0\]\.vpcId: must refer to vpc, but "ss" is a subnet/i,
        ),
      ]);
    });

    it('a table needs a name and only the known fields', () => {
      expect(messages(segmented([{ associations: ['prod'] }])).join('\n')).toMatch(/routeTables\[0\]\.name/);
      expect(messages(segmented([{ name: 'x', vpcs: ['prod'] }])).join('\n')).toMatch(/routeTables\[0\]/);
    });

    it('repair drops the duplicate association and keeps the first', () => {
      const t = tables();
      t[1]!.associations.push('prod');
      const r = repairBoard(segmented(t));
      const tgw = r.board.nodes.find((n) => n.id === 'tgw')!;
      expect(
        (tgw.props as { routeTables: { associations: string[] }[] }).routeTables.map((x) => x.associations),
      ).toEqual([['prod'], ['dev'], ['shared']]);
    });
  });
});
