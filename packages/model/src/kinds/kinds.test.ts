import { describe, expect, it } from 'vitest';
import { board, sampleProps } from '../../test/helpers.ts';
import type { Field } from '../fields.ts';
import { parseBoard } from '../parse.ts';
import { canConnect } from '../edges.ts';
import {
  DATA_STORE_KINDS,
  type KindDef,
  NETWORKED_KINDS,
  NODE_KINDS,
  type NetworkTraits,
  allowedParents,
  canContain,
  kindDef,
  networkOf,
  withDefaults,
} from './index.ts';

const parentFor = (kind: string) => {
  const def = kindDef(kind)!;
  return def.parents.includes('root') ? null : def.parents[0]!;
};

describe.each(NODE_KINDS.map((k) => [k.kind, k] as const))('kind %s', (kind, def) => {
  const fields = def.fields as Readonly<Record<string, Field>>;

  it('accepts a node with every property set to a well-typed value', () => {
    const result = parseBoard(board([{ id: 'n1', kind, props: sampleProps(fields) as never }]));
    expect(result.ok ? 'ok' : result.issues).toBe('ok');
  });

  it('accepts a node with no properties (unset = documented default)', () => {
    expect(parseBoard(board([{ id: 'n1', kind }])).ok).toBe(true);
  });

  it('rejects an unknown property with its JSON path', () => {
    const result = parseBoard(board([{ id: 'n1', kind, props: { notAProp: 1 } as never }]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]).toMatchObject({ path: '$.nodes[0].props.notAProp' });
  });

  it('declares metadata the property panel needs', () => {
    expect(def.title).toBeTruthy();
    expect(def.description.length).toBeGreaterThan(10);
    for (const [name, f] of Object.entries(fields)) {
      expect(f.meta.label, name).toBeTruthy();
      if (f.meta.type === 'enum') expect(f.meta.options!.length).toBeGreaterThan(0);
      if (f.meta.default !== undefined)
        expect(f.schema.safeParse(f.meta.default).success, `${name} default`).toBe(true);
    }
    for (const faceProp of def.face) expect(Object.keys(fields)).toContain(faceProp);
    expect(parentFor(kind) === null || allowedParents(kind).length > 0).toBe(true);
  });
});

const withFields = NODE_KINDS.filter((k) => Object.keys(k.fields).length > 0);
describe.each(withFields.map((k) => [k.kind, k] as const))('kind %s with properties', (kind, def) => {
  it('rejects a property of the wrong type, naming it', () => {
    const [name, f] = Object.entries(def.fields as Readonly<Record<string, Field>>)[0]!;
    const wrong = f.meta.type === 'string' || f.meta.type === 'enum' ? 42 : 'not-right';
    const result = parseBoard(board([{ id: 'n1', kind, props: { [name]: wrong } as never }]));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]!.path).toBe(`$.nodes[0].props.${name}`);
      expect(result.issues[0]!.message).toMatch(/expected|must be/);
    }
  });
});

describe('containment', () => {
  it.each([
    ['vpc', 'az', true],
    ['vpc', 'subnet', true],
    ['az', 'subnet', true],
    ['subnet', 'rds-instance', true],
    ['subnet', 'ec2-instance', true],
    ['subnet', 'ecs-service', true],
    ['subnet', 'autoscaling-group', true],
    ['ecs-service', 'ec2-instance', false],
    ['autoscaling-group', 'ec2-instance', false],
    [null, 'vpc', true],
    [null, 'rds-instance', true],
    ['az', 'vpc', false],
    ['subnet', 'subnet', false],
    ['subnet', 'dynamodb-table', false],
    ['vpc', 'sqs-queue', false],
    ['vpc', 'cloudfront-distribution', false],
    ['dynamodb-table', 'ec2-instance', false],
    ['sqs-queue', 'sticky', false],
    ['frame', 'text', false],
    [null, 'frame', true],
    [null, 'lambda-function', true],
    ['subnet', 'lambda-function', true],
    [null, 'api-gateway', true],
    ['subnet', 'api-gateway', false],
    ['vpc', 'api-gateway', false],
  ] as const)('%s may contain %s: %s', (parent, child, expected) => {
    expect(canContain(parent, child)).toBe(expected);
  });

  it('only containers hold anything', () => {
    for (const parent of NODE_KINDS) {
      for (const child of NODE_KINDS) {
        if (canContain(parent.kind, child.kind))
          expect(parent.container, `${parent.kind} > ${child.kind}`).toBe(true);
      }
    }
  });
});

describe('declared traits', () => {
  /** Kinds that may be drawn in a subnet without taking part in reachability, and why. */
  const IN_SUBNET_NOT_NETWORKED: Record<string, string> = {
    'elastic-ip': 'an address associated with a NAT gateway or instance, which carries it',
  };

  it.each(NODE_KINDS.filter((k) => !k.whiteboard).map((k) => [k.kind, k] as const))(
    '%s: a kind placed in subnets declares network traits, and only such kinds do',
    (kind, def) => {
      const inSubnet = def.parents.includes('subnet');
      const networked = 'network' in def && def.network !== undefined;
      if (networked) expect(inSubnet, `${kind} declares network but cannot be drawn in a subnet`).toBe(true);
      else if (inSubnet)
        expect(IN_SUBNET_NOT_NETWORKED[kind], `${kind} may sit in a subnet: declare network`).toBeDefined();
    },
  );

  /** Kinds drawn only outside VPCs that are not services called over public endpoints, and why. */
  const OUTSIDE_NOT_PUBLIC_ENDPOINT: Record<string, string> = {
    'transit-gateway': 'a regional router between VPCs: reachability follows its attachments and routes',
  };

  it.each(NODE_KINDS.filter((k) => !k.whiteboard && !k.container).map((k) => [k.kind, k] as const))(
    '%s: a service drawn only outside VPCs says how reachability treats it (publicEndpoint)',
    (kind, def) => {
      const outsideOnly =
        def.parents.length === 1 && def.parents[0] === 'root' && !OUTSIDE_NOT_PUBLIC_ENDPOINT[kind];
      const endpoint = 'publicEndpoint' in def ? def.publicEndpoint : undefined;
      if (outsideOnly) expect(endpoint, kind).toMatch(/^(calls|polled)$/);
      // Both traits: where it is drawn decides (in a VPC: networked; at the root: the endpoint).
      if (endpoint && 'network' in def)
        expect(def.parents, `${kind} is both networked and a public endpoint`).toEqual(
          expect.arrayContaining(['root', 'subnet']),
        );
    },
  );

  it('an endpoint service is declared only by services reached over a public endpoint, and names a real one', () => {
    const declared = NODE_KINDS.flatMap((k) =>
      'endpointService' in k && k.endpointService ? [[k.kind, k.endpointService] as const] : [],
    );
    expect(Object.fromEntries(declared)).toEqual({
      'dynamodb-table': 'dynamodb',
      'sqs-queue': 'sqs',
      'sns-topic': 'sns',
      's3-bucket': 's3',
      'lambda-function': 'lambda',
    });
    for (const [kind] of declared) expect(kindDef(kind).publicEndpoint, kind).toBeDefined();
  });

  it('network traits give whole address counts and valid ports, from defaults and from sample properties', () => {
    for (const k of NODE_KINDS) {
      const network = 'network' in k ? (k.network as NetworkTraits<Record<string, unknown>>) : undefined;
      if (!network) continue;
      const fields = k.fields as Readonly<Record<string, Field>>;
      for (const props of [{}, sampleProps(fields)]) {
        const p = withDefaults(k as unknown as KindDef, props);
        const n = typeof network.addresses === 'number' ? network.addresses : network.addresses(p);
        expect(Number.isInteger(n) && n >= 1, `${k.kind} addresses ${n}`).toBe(true);
        const port = typeof network.servicePort === 'function' ? network.servicePort(p) : network.servicePort;
        if (port !== undefined) expect(port >= 1 && port <= 65535, `${k.kind} port ${port}`).toBe(true);
      }
    }
  });

  it('an ECS service takes one address per task (awsvpc) and a public one only with "Assign public IP"', () => {
    const traits = networkOf({ kind: 'ecs-service', props: { desiredCount: 3, containerPort: 8080 } })!;
    expect(typeof traits.traits.addresses === 'function' && traits.traits.addresses(traits.props)).toBe(3);
    const port = traits.traits.servicePort;
    expect(typeof port === 'function' && port(traits.props)).toBe(8080);
    const pub = traits.traits.publicAddress;
    expect(typeof pub === 'object' && [pub.when({}), pub.when({ assignPublicIp: true })]).toEqual([
      false,
      true,
    ]);
  });

  it('an Auto Scaling group takes room for its maximum size and its instances are EC2 interfaces', () => {
    const traits = networkOf({ kind: 'autoscaling-group', props: { maxSize: 6 } })!;
    expect(typeof traits.traits.addresses === 'function' && traits.traits.addresses(traits.props)).toBe(6);
    expect(traits.traits.publicAddress).toBe('instance');
    const port = traits.traits.servicePort;
    expect(typeof port === 'function' && port(traits.props)).toBe(80); // the default instance port
  });

  it('data stores are the networked database kinds, not every kind with a service port', () => {
    expect(DATA_STORE_KINDS).toEqual([
      'rds-instance',
      'aurora-cluster',
      'elasticache-cluster',
      'redshift-cluster',
    ]);
  });

  it('export short names are unique snake_case identifiers', () => {
    const names = NODE_KINDS.map((k) => k.exportName);
    for (const n of names) expect(n).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(new Set(names).size).toBe(names.length);
  });

  it('security groups may be associated with exactly the networked kinds', () => {
    const targets = NODE_KINDS.filter((k) => canConnect('association', 'security-group', k.kind)).map(
      (k) => k.kind,
    );
    expect(targets).toEqual([...NETWORKED_KINDS]);
    expect(targets).toContain('nat-gateway'); // drawable; reachability ignores it (securityGroups: false)
  });
});
