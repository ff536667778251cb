import { describe, expect, it } from 'vitest';
import { makeBoard } from '../test/boards.ts';
import { planBoard } from './resolve.ts';

describe('planBoard reads kinds’ network traits', () => {
  it('leaves out a security group drawn on a kind AWS gives none (a NAT gateway), with a note', () => {
    const board = makeBoard(
      'sg on nat',
      [
        { id: 'v', kind: 'vpc', label: 'VPC', props: { cidr: '10.0.0.0/16', region: 'us-east-1' } },
        { id: 's', kind: 'subnet', label: 'Public', parentId: 'v', props: { cidr: '10.0.1.0/24' } },
        { id: 'nat', kind: 'nat-gateway', label: 'NAT', parentId: 's' },
        { id: 'sg', kind: 'security-group', label: 'Web SG', parentId: 'v' },
      ],
      [{ id: 'a', kind: 'association', source: 'sg', target: 'nat' }],
    );
    expect(planBoard(board).warnings).toContain(
      'NAT (nat-gateway): a NAT gateway cannot have security groups; Web SG is not attached.',
    );
  });
});

describe('planBoard: route tables for gateway endpoints, routes to a transit gateway', () => {
  const vpcWith = (edges: Parameters<typeof makeBoard>[2], extra: Parameters<typeof makeBoard>[1] = []) =>
    makeBoard(
      'endpoints',
      [
        { id: 'v', kind: 'vpc', label: 'VPC', props: { cidr: '10.0.0.0/16', region: 'us-east-1' } },
        { id: 'igw', kind: 'internet-gateway', label: 'IGW', parentId: 'v' },
        { id: 'a', kind: 'subnet', label: 'A', parentId: 'v', props: { cidr: '10.0.1.0/24' } },
        { id: 'b', kind: 'subnet', label: 'B', parentId: 'v', props: { cidr: '10.0.2.0/24' } },
        { id: 'c', kind: 'subnet', label: 'C', parentId: 'v', props: { cidr: '10.0.3.0/24' } },
        { id: 's3', kind: 'gateway-endpoint', label: 'S3', parentId: 'v' },
        { id: 'tgw', kind: 'transit-gateway', label: 'Hub' },
        ...extra,
      ],
      edges,
    );

  it('subnets with the same routes but different gateway endpoints get different tables; a subnet with only an endpoint gets one', () => {
    const plan = planBoard(
      vpcWith([
        { id: 'ra', kind: 'route', source: 'a', target: 'igw' },
        { id: 'rb', kind: 'route', source: 'b', target: 'igw' },
        { id: 'ea', kind: 'association', source: 's3', target: 'a' },
        { id: 'ec', kind: 'association', source: 's3', target: 'c' },
      ]),
    );
    expect(plan.routeTables.map((t) => [t.subnetIds, t.gatewayEndpoints])).toEqual([
      [['a'], ['s3']],
      [['b'], []],
      [['c'], ['s3']],
    ]);
    expect(plan.resources.ofType('gateway endpoint')[0]!.props.routeTables).toEqual(['a', 'c']);
  });

  it('a route to a transit gateway waits for the VPC attachment; without one it is skipped with a note', () => {
    const attached = planBoard(
      vpcWith([
        { id: 'att', kind: 'attachment', source: 'a', target: 'tgw' },
        { id: 'r', kind: 'route', source: 'b', target: 'tgw', props: { destinationCidr: '10.8.0.0/16' } },
      ]),
    );
    const route = attached.resources.ofType('route')[0]!;
    expect(route.props.target).toMatchObject({ type: 'transit gateway', id: 'hub', attachment: 'hub_vpc' });
    expect(route.refs).toContain('transit gateway attachment:hub_vpc');
    const loose = planBoard(
      vpcWith([
        { id: 'r', kind: 'route', source: 'b', target: 'tgw', props: { destinationCidr: '10.8.0.0/16' } },
      ]),
    );
    expect(loose.resources.ofType('route')).toEqual([]);
    expect(loose.warnings.join('\n')).toMatch(
      /Route from B .* to Hub .* skipped: AWS needs the VPC attached/,
    );
  });

  it('a transit gateway without static routes keeps its default table; with them it gets its own', () => {
    const edges = [{ id: 'att', kind: 'attachment', source: 'a', target: 'tgw' }];
    expect(planBoard(vpcWith(edges)).resources.ofType('transit gateway route table')).toEqual([]);
    const own = planBoard(
      makeBoard(
        'routes',
        vpcWith(edges).nodes.map((n) =>
          n.id === 'tgw'
            ? { ...n, props: { routes: [{ destinationCidr: '10.9.0.0/16', blackhole: true }] } }
            : n,
        ),
        edges,
      ),
    );
    expect(own.resources.ofType('transit gateway route table').map((r) => r.id)).toEqual(['hub_routes']);
    expect(own.resources.ofType('transit gateway route table association').length).toBe(1);
    expect(own.resources.ofType('transit gateway route')[0]!.props).toEqual({
      table: 'hub_routes',
      cidr: '10.9.0.0/16',
      attachment: undefined,
    });
  });
});
