import { describe, expect, it } from 'vitest';
import { board, net } from '../test/boards.ts';
import { subnetEgress } from './egress.ts';
import { boardContext } from './engine.ts';

const egressOf = (b: Parameters<typeof boardContext>[0], subnet: string, publicAddress = false) => {
  const e = subnetEgress(boardContext(b), subnet, { publicAddress });
  return { internet: e.internet, gateway: [...e.gatewayEndpoints], iface: [...e.interfaceEndpoints] };
};

describe('subnetEgress: the ways out of a subnet', () => {
  it('a private subnet routed to a NAT gateway reaches the internet; a public one only with a public address', () => {
    const b = net();
    expect(egressOf(b, 'priv_a')).toEqual({ internet: true, gateway: [], iface: [] });
    expect(egressOf(b, 'pub_a').internet).toBe(false);
    expect(egressOf(b, 'pub_a', true).internet).toBe(true);
    expect(egressOf(net({ remove: ['r_priv_a'] }), 'priv_a').internet).toBe(false);
  });

  it('a gateway endpoint serves only the subnets (route tables) associated with it, in its own VPC', () => {
    const b = net({
      add: [
        { id: 'gw_s3', kind: 'gateway-endpoint', parentId: 'v', props: { service: 's3' } },
        { id: 'gw_ddb', kind: 'gateway-endpoint', parentId: 'v', props: { service: 'dynamodb' } },
      ],
      edges: [
        { id: 'as3', kind: 'association', source: 'gw_s3', target: 'priv_a' },
        { id: 'addb', kind: 'association', source: 'gw_ddb', target: 'priv_a' },
      ],
    });
    expect(egressOf(b, 'priv_a').gateway.sort()).toEqual(['dynamodb', 's3']);
    expect(egressOf(b, 'priv_b').gateway).toEqual([]);
  });

  it('a gateway endpoint of another VPC does nothing for the subnet', () => {
    const b = board(
      [
        { id: 'a', kind: 'vpc', props: { cidr: '10.0.0.0/16' } },
        { id: 'b', kind: 'vpc', props: { cidr: '10.1.0.0/16' } },
        { id: 's', kind: 'subnet', parentId: 'a', props: { cidr: '10.0.1.0/24' } },
        { id: 'gw', kind: 'gateway-endpoint', parentId: 'b' },
      ],
      [{ id: 'as', kind: 'association', source: 'gw', target: 's' }],
    );
    expect(egressOf(b, 's').gateway).toEqual([]);
  });

  it('interface endpoints with private DNS serve every subnet of their VPC; without private DNS they do not', () => {
    const b = net({
      add: [
        { id: 'ep_logs', kind: 'interface-endpoint', parentId: 'priv_a', props: { service: 'logs' } },
        {
          id: 'ep_sts',
          kind: 'interface-endpoint',
          parentId: 'priv_a',
          props: { service: 'sts', privateDnsEnabled: false },
        },
      ],
    });
    expect(egressOf(b, 'priv_b').iface).toEqual(['logs']);
  });
});
