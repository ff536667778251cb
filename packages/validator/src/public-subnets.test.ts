import { describe, expect, it } from 'vitest';
import { board } from '../test/boards.ts';
import { publicSubnetIds, validateBoard } from './engine.ts';

/** Two VPCs, each with a gateway; subnet `s` (in VPC `a`, inside an AZ, holding a NAT gateway) has the route under test. */
const withRoute = (target: string, props: Record<string, unknown> = {}) =>
  board(
    [
      { id: 'a', kind: 'vpc', props: { cidr: '10.0.0.0/16' } },
      { id: 'b', kind: 'vpc', props: { cidr: '10.1.0.0/16' } },
      { id: 'az', kind: 'az', parentId: 'a', props: { zone: 'us-east-1a' } },
      { id: 's', kind: 'subnet', parentId: 'az', props: { cidr: '10.0.1.0/24' } },
      { id: 'igw_a', kind: 'internet-gateway', parentId: 'a' },
      { id: 'igw_b', kind: 'internet-gateway', parentId: 'b' },
      { id: 'igw_loose', kind: 'internet-gateway' },
      { id: 'nat', kind: 'nat-gateway', parentId: 's' },
    ],
    [{ id: 'r', kind: 'route', source: 's', target, props }],
  );

describe('publicSubnetIds: the one definition of a public subnet', () => {
  it.each([
    ['0.0.0.0/0 to its own VPC’s gateway', 'igw_a', {}, true],
    ['an explicit 0.0.0.0/0 to its own VPC’s gateway', 'igw_a', { destinationCidr: '0.0.0.0/0' }, true],
    ['0.0.0.0/0 to another VPC’s gateway', 'igw_b', {}, false],
    ['0.0.0.0/0 to a gateway in no VPC', 'igw_loose', {}, false],
    ['a narrower route to its own gateway', 'igw_a', { destinationCidr: '203.0.113.0/24' }, false],
  ] as const)('%s: public %s', (_what, target, props, expected) => {
    const b = withRoute(target, props);
    expect(publicSubnetIds(b).has('s')).toBe(expected);
    // The rules use the same definition: a public NAT gateway outside a public subnet is flagged.
    const natFlagged = validateBoard(b).some((f) => f.ruleId === 'NATGW_PRIVATE_SUBNET');
    expect(natFlagged).toBe(!expected);
  });
});
