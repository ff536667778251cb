import type { Board } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import {
  type EdgeSpec,
  type NodeSpec,
  SEGMENTED_TABLES,
  board,
  endpoints,
  net,
  segmented,
  transit,
} from '../../test/boards.ts';
import { titleProblems } from '../../test/titles.ts';
import { validateBoard } from '../engine.ts';
import { RULES } from './index.ts';

interface Case {
  hit: () => Board;
  miss: () => Board;
  /** The message must name the offending values. */
  message?: RegExp;
  /** Expected severity when it differs from the rule's. */
  severity?: string;
}

const sg = (id: string, ingress: unknown[], extra: Record<string, unknown> = {}) => ({
  id,
  kind: 'security-group',
  parentId: 'v',
  props: { ingress, ...extra },
});
const nacl = (id: string, props: Record<string, unknown>) => ({
  id,
  kind: 'network-acl',
  parentId: 'v',
  props,
});
const allowAll = (n: number) => ({ ruleNumber: n, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' });
const ddb = (props: Record<string, unknown>) =>
  board([{ id: 't', kind: 'dynamodb-table', props: { partitionKeyName: 'pk', ...props } }]);
const sqs = (props: Record<string, unknown>) =>
  board([{ id: 'q', kind: 'sqs-queue', props: { receiveWaitTimeSeconds: 20, ...props } }]);
const dlq = (src: Record<string, unknown>, target: Record<string, unknown>, self = false) =>
  board(
    [
      { id: 'q', kind: 'sqs-queue', props: { receiveWaitTimeSeconds: 20, ...src } },
      {
        id: 'd',
        kind: 'sqs-queue',
        props: { receiveWaitTimeSeconds: 20, messageRetentionSeconds: 1209600, ...target },
      },
    ],
    [{ id: 'e', kind: 'dead-letter', source: 'q', target: self ? 'q' : 'd' }],
  );
const cache = (props: Record<string, unknown>, withSg = true) =>
  net({
    add: [
      {
        id: 'c',
        kind: 'elasticache-cluster',
        parentId: 'priv_a',
        props: { subnetGroupSubnetIds: ['priv_b'], ...props },
      },
    ],
    edges: withSg ? [{ id: 'a_c', kind: 'association', source: 'sg_db', target: 'c' }] : [],
  });
const cdn = (props: Record<string, unknown>, target = 'bucket', originProps: Record<string, unknown> = {}) =>
  net({
    add: [
      { id: 'cf', kind: 'cloudfront-distribution', props: { defaultTtl: 3600, ...props } },
      { id: 'bucket', kind: 's3-bucket' },
    ],
    edges: target ? [{ id: 'o', kind: 'origin', source: 'cf', target, props: originProps }] : [],
  });
const aurora = (instances: unknown[], extra: Record<string, unknown> = {}) =>
  net({
    add: [
      {
        id: 'au',
        kind: 'aurora-cluster',
        parentId: 'priv_a',
        props: { subnetGroupSubnetIds: ['priv_b'], instances, ...extra },
      },
    ],
    edges: [{ id: 'a_au', kind: 'association', source: 'sg_db', target: 'au' }],
  });
const w = (n: string, subnetId?: string) => ({ name: n, role: 'writer', ...(subnetId ? { subnetId } : {}) });
const r = (n: string, subnetId?: string) => ({ name: n, role: 'reader', ...(subnetId ? { subnetId } : {}) });
const peered = (b: string, c: string, peerings: [string, string][], flow?: [string, string]) =>
  board(
    [
      { id: 'va', kind: 'vpc', props: { cidr: '10.1.0.0/16' } },
      { id: 'vb', kind: 'vpc', props: { cidr: b } },
      { id: 'vc', kind: 'vpc', props: { cidr: c } },
      {
        id: 'sa',
        kind: 'subnet',
        parentId: 'va',
        props: { cidr: '10.1.0.0/24', availabilityZone: 'us-east-1a' },
      },
      {
        id: 'sc',
        kind: 'subnet',
        parentId: 'vc',
        props: { cidr: c.replace(/\/16$/, '/24'), availabilityZone: 'us-east-1a' },
      },
      { id: 'ia', kind: 'ec2-instance', parentId: 'sa' },
      { id: 'ic', kind: 'ec2-instance', parentId: 'sc' },
    ],
    [
      ...peerings.map(([s, t], i) => ({ id: `p${i}`, kind: 'peering', source: s, target: t })),
      ...(flow ? [{ id: 'f', kind: 'traffic', source: flow[0], target: flow[1], props: { port: 22 } }] : []),
    ],
  );

/** An ECS service on Fargate in the private subnets of the correct design, in the app's security group. */
const ecs = (
  props: Record<string, unknown> = {},
  edit: Parameters<typeof net>[0] = {},
  parentId = 'priv_a',
) =>
  net({
    ...edit,
    add: [
      {
        id: 'svc',
        kind: 'ecs-service',
        parentId,
        props: { containerPort: 8080, subnetIds: ['priv_b'], ...props },
      },
      ...(edit.add ?? []),
    ],
    edges: [{ id: 'a_svc', kind: 'association', source: 'sg_app', target: 'svc' }, ...(edit.edges ?? [])],
  });
/** An Auto Scaling group in the private subnets of the correct design, in the app's security group. */
const asg = (
  props: Record<string, unknown> = {},
  edges: { id: string; kind: string; source: string; target: string }[] = [],
) =>
  net({
    add: [
      {
        id: 'group',
        kind: 'autoscaling-group',
        parentId: 'priv_a',
        props: { instancePort: 8080, subnetIds: ['priv_b'], ...props },
      },
    ],
    edges: [{ id: 'a_group', kind: 'association', source: 'sg_app', target: 'group' }, ...edges],
  });
const albToGroup = [{ id: 'f_group', kind: 'traffic', source: 'alb', target: 'group' }];
/** A Lambda function drawn in `parentId` (root when null), associated with sg_app, plus extra nodes and edges. */
const fn = (
  props: Record<string, unknown> = {},
  parentId: string | null = 'priv_a',
  more: { add?: NodeSpec[]; edges?: EdgeSpec[]; remove?: string[] } = {},
) =>
  net({
    remove: more.remove,
    add: [
      {
        id: 'fn',
        kind: 'lambda-function',
        parentId,
        props: parentId ? { subnetIds: ['priv_b'], ...props } : props,
      },
      ...(more.add ?? []),
    ],
    edges: [
      ...(parentId ? [{ id: 'a_fn', kind: 'association', source: 'sg_app', target: 'fn' }] : []),
      ...(more.edges ?? []),
    ],
  });
const queueCall = {
  add: [{ id: 'q', kind: 'sqs-queue', props: { receiveWaitTimeSeconds: 20 } }],
  edges: [{ id: 'f_fn_q', kind: 'traffic', source: 'fn', target: 'q', props: { port: 443 } }],
};
/** An API Gateway with a traffic edge to `target` (added too when it is a spec). */
const api = (props: Record<string, unknown>, target: NodeSpec) =>
  net({
    add: [{ id: 'api', kind: 'api-gateway', props }, target],
    edges: [{ id: 'f_api', kind: 'traffic', source: 'api', target: target.id, props: { port: 443 } }],
  });
const internalAlb: NodeSpec = {
  id: 'ilb',
  kind: 'load-balancer',
  parentId: 'priv_a',
  props: { scheme: 'internal', subnetIds: ['priv_b'] },
};
const lambdaSpec = (props: Record<string, unknown>): NodeSpec => ({
  id: 'fn',
  kind: 'lambda-function',
  props,
});

/** The app instance calling a private REST API, with or without an execute-api endpoint in its VPC. */
const privateApiCall = (withEndpoint: boolean) =>
  net({
    add: [
      { id: 'api', kind: 'api-gateway', props: { apiType: 'REST', endpointType: 'PRIVATE' } },
      ...(withEndpoint
        ? [
            {
              id: 'ep',
              kind: 'interface-endpoint',
              parentId: 'priv_a',
              props: { service: 'execute-api', subnetIds: ['priv_b'], privateDnsEnabled: true },
            },
          ]
        : []),
    ],
    edges: [{ id: 'f_app_api', kind: 'traffic', source: 'app', target: 'api', props: { port: 443 } }],
  });

const CASES: Record<string, Case> = {
  VPC_CIDR_INVALID: {
    hit: () => net({ props: { v: { cidr: '10.0.0.1/16' } } }),
    miss: () => net(),
    message: /10\.0\.0\.1\/16.*host bits.*10\.0\.0\.0\/16/,
  },
  VPC_CIDR_SIZE: {
    hit: () => net({ props: { v: { cidr: '10.0.0.0/15' } } }),
    miss: () => net({ props: { v: { cidr: '10.0.0.0/16' } } }),
    message: /10\.0\.0\.0\/15/,
  },
  VPC_CIDR_NOT_PRIVATE: {
    hit: () => net({ props: { v: { cidr: '11.0.0.0/16' } } }),
    miss: () => net({ props: { v: { cidr: '172.31.0.0/16' } } }),
    message: /11\.0\.0\.0\/16/,
  },
  VPC_SINGLE_REGION: {
    hit: () => net({ props: { azb: { zone: 'eu-west-1b' } } }),
    miss: () => net({ props: { azb: { zone: 'us-east-1c' } } }),
    message: /eu-west-1b.*us-east-1/,
  },
  SUBNET_CIDR_SIZE: {
    hit: () => net({ props: { pub_b: { cidr: '10.0.1.0/29' } } }),
    miss: () => net({ props: { pub_b: { cidr: '10.0.1.0/28' } } }),
    message: /\/29/,
  },
  SUBNET_OUTSIDE_VPC: {
    hit: () => net({ props: { pub_b: { cidr: '10.1.0.0/24' } } }),
    miss: () => net({ props: { pub_b: { cidr: '10.0.255.0/24' } } }),
    message: /subnet 10\.1\.0\.0\/24 lies outside VPC "v" 10\.0\.0\.0\/16/,
  },
  SUBNET_OVERLAP: {
    hit: () => net({ props: { pub_b: { cidr: '10.0.0.128/25' } } }),
    miss: () => net({ props: { pub_b: { cidr: '10.0.2.0/25' } } }),
    message: /10\.0\.0\.128\/25 overlaps .*10\.0\.0\.0\/24/,
  },
  SUBNET_NO_AZ: {
    hit: () => net({ parent: { pub_b: 'v' } }),
    miss: () => net({ parent: { pub_b: 'v' }, props: { pub_b: { availabilityZone: 'us-east-1b' } } }),
  },
  SUBNET_USABLE_IPS: {
    hit: () =>
      net({
        props: { pub_b: { cidr: '10.0.1.0/28' } },
        add: [{ id: 'many', kind: 'ec2-instance', parentId: 'pub_b', props: { count: 12 } }],
      }),
    miss: () =>
      net({
        props: { pub_b: { cidr: '10.0.1.0/28' } },
        add: [{ id: 'many', kind: 'ec2-instance', parentId: 'pub_b', props: { count: 11 } }],
      }),
    message: /11 usable addresses but its resources need 12/,
    severity: 'warning',
  },
  SUBNET_NOT_IN_VPC: {
    hit: () =>
      board([{ id: 's', kind: 'subnet', props: { cidr: '10.0.0.0/24', availabilityZone: 'us-east-1a' } }]),
    miss: () => net(),
  },
  IGW_MULTIPLE: {
    hit: () => net({ add: [{ id: 'igw2', kind: 'internet-gateway', parentId: 'v' }] }),
    miss: () => net({ add: [{ id: 'igw2', kind: 'internet-gateway' }] }),
    message: /2 internet gateways/,
  },
  ROUTE_TO_MISSING_IGW: {
    hit: () =>
      net({
        add: [
          { id: 'v2', kind: 'vpc', props: { cidr: '10.9.0.0/16' } },
          { id: 'igw2', kind: 'internet-gateway', parentId: 'v2' },
        ],
        remove: ['r_pub_b'],
        edges: [{ id: 'r_pub_b', kind: 'route', source: 'pub_b', target: 'igw2' }],
      }),
    miss: () => net(),
    message: /routes to Internet gateway "igw2" of VPC "v2"/,
  },
  NATGW_PRIVATE_SUBNET: {
    hit: () => net({ parent: { nat: 'priv_b' }, remove: ['r_priv_b'] }),
    miss: () => net({ parent: { nat: 'pub_b' } }),
    message: /priv_b/,
  },
  NATGW_SECURITY_GROUP: {
    hit: () => net({ edges: [{ id: 'a_nat', kind: 'association', source: 'sg_app', target: 'nat' }] }),
    miss: () => net(),
  },
  NATGW_NO_EIP: {
    hit: () => net({ remove: ['a_eip'] }),
    miss: () => net({ remove: ['a_eip'], props: { nat: { connectivity: 'private' } } }),
  },
  NATINST_SRC_DST_CHECK: {
    hit: () => natInstance({ sourceDestCheck: true }),
    miss: () => natInstance({ sourceDestCheck: false }),
  },
  NATINST_PRIVATE_SUBNET: {
    hit: () => natInstance({ associatePublicIp: false }),
    miss: () => natInstance({ associatePublicIp: true }),
    message: /no public IPv4/,
  },
  NATINST_NO_SG: {
    hit: () => natInstance({ associatePublicIp: true }, [{ protocol: 'all', cidr: '10.0.10.0/24' }]),
    miss: () => natInstance({ associatePublicIp: true }, [{ protocol: 'all', cidr: '10.0.0.0/16' }]),
    message: /priv_b.*10\.0\.11\.0\/24/,
  },
  NATINST_SMALL: {
    hit: () => natInstance({ associatePublicIp: true, instanceType: 't3.micro' }),
    miss: () => natInstance({ associatePublicIp: true, instanceType: 't3.small' }),
    message: /t3\.micro/,
  },
  PRIVATE_SUBNET_NO_NAT_ROUTE: {
    hit: () =>
      net({ remove: ['r_priv_b'], add: [{ id: 'app_b', kind: 'ec2-instance', parentId: 'priv_b' }] }),
    miss: () => net({ remove: ['r_priv_b'] }),
  },
  ROUTE_NAT_CROSS_VPC: {
    hit: () =>
      net({
        add: [
          { id: 'v2', kind: 'vpc', props: { cidr: '10.9.0.0/16' } },
          {
            id: 's2',
            kind: 'subnet',
            parentId: 'v2',
            props: { cidr: '10.9.0.0/24', availabilityZone: 'us-east-1a' },
          },
        ],
        edges: [{ id: 'r_s2', kind: 'route', source: 's2', target: 'nat' }],
      }),
    miss: () => net(),
  },
  PEERING_TRANSITIVE: {
    hit: () =>
      peered(
        '10.2.0.0/16',
        '10.3.0.0/16',
        [
          ['va', 'vb'],
          ['vb', 'vc'],
        ],
        ['ia', 'ic'],
      ),
    miss: () =>
      peered(
        '10.2.0.0/16',
        '10.3.0.0/16',
        [
          ['va', 'vb'],
          ['vb', 'vc'],
          ['va', 'vc'],
        ],
        ['ia', 'ic'],
      ),
    message: /only connected through VPC "vb"/,
  },
  PEERING_CIDR_OVERLAP: {
    hit: () => peered('10.1.128.0/17', '10.3.0.0/16', [['va', 'vb']]),
    miss: () => peered('10.2.0.0/16', '10.3.0.0/16', [['va', 'vb']]),
    message: /10\.1\.0\.0\/16.*10\.1\.128\.0\/17/,
  },
  PEERING_SELF: {
    hit: () => peered('10.2.0.0/16', '10.3.0.0/16', [['va', 'va']]),
    miss: () => peered('10.2.0.0/16', '10.3.0.0/16', [['va', 'vb']]),
  },
  SUBNET_MULTIPLE_NACL: {
    hit: () =>
      net({
        add: [nacl('n1', { isDefault: true }), nacl('n2', { isDefault: true })],
        edges: [
          { id: 'an1', kind: 'association', source: 'n1', target: 'pub_b' },
          { id: 'an2', kind: 'association', source: 'n2', target: 'pub_b' },
        ],
      }),
    miss: () =>
      net({
        add: [nacl('n1', { isDefault: true }), nacl('n2', { isDefault: true })],
        edges: [
          { id: 'an1', kind: 'association', source: 'n1', target: 'pub_b' },
          { id: 'an2', kind: 'association', source: 'n2', target: 'priv_b' },
        ],
      }),
  },
  NACL_DENY_ALL: {
    hit: () => net({ add: [nacl('n1', {})] }),
    miss: () => net({ add: [nacl('n1', { inbound: [allowAll(100)], outbound: [allowAll(100)] })] }),
  },
  NACL_RULE_SHADOWED: {
    hit: () =>
      net({
        add: [
          nacl('n1', {
            inbound: [
              {
                ruleNumber: 100,
                protocol: 'tcp',
                fromPort: 1024,
                toPort: 65535,
                cidr: '0.0.0.0/0',
                action: 'allow',
              },
              {
                ruleNumber: 200,
                protocol: 'tcp',
                fromPort: 3389,
                toPort: 3389,
                cidr: '203.0.113.0/24',
                action: 'deny',
              },
            ],
            outbound: [allowAll(100)],
          }),
        ],
      }),
    miss: () =>
      net({
        add: [
          nacl('n1', {
            inbound: [
              {
                ruleNumber: 90,
                protocol: 'tcp',
                fromPort: 3389,
                toPort: 3389,
                cidr: '203.0.113.0/24',
                action: 'deny',
              },
              {
                ruleNumber: 100,
                protocol: 'tcp',
                fromPort: 1024,
                toPort: 65535,
                cidr: '0.0.0.0/0',
                action: 'allow',
              },
            ],
            outbound: [allowAll(100)],
          }),
        ],
      }),
    message: /rule 200.*never reached.*rule 100/,
  },
  NACL_DUPLICATE_NUMBER: {
    hit: () =>
      net({
        add: [
          nacl('n1', {
            inbound: [allowAll(100), { ...allowAll(100), protocol: 'tcp' }],
            outbound: [allowAll(100)],
          }),
        ],
      }),
    miss: () =>
      net({ add: [nacl('n1', { inbound: [allowAll(100)], outbound: [allowAll(100), allowAll(110)] })] }),
  },
  NACL_NO_EPHEMERAL_RETURN: {
    hit: () =>
      net({
        add: [
          nacl('n1', {
            inbound: [
              {
                ruleNumber: 100,
                protocol: 'tcp',
                fromPort: 443,
                toPort: 443,
                cidr: '0.0.0.0/0',
                action: 'allow',
              },
            ],
            outbound: [
              {
                ruleNumber: 100,
                protocol: 'tcp',
                fromPort: 443,
                toPort: 443,
                cidr: '0.0.0.0/0',
                action: 'allow',
              },
            ],
          }),
        ],
      }),
    miss: () =>
      net({
        add: [
          nacl('n1', {
            inbound: [
              {
                ruleNumber: 100,
                protocol: 'tcp',
                fromPort: 443,
                toPort: 443,
                cidr: '0.0.0.0/0',
                action: 'allow',
              },
              {
                ruleNumber: 110,
                protocol: 'tcp',
                fromPort: 1024,
                toPort: 65535,
                cidr: '0.0.0.0/0',
                action: 'allow',
              },
            ],
            outbound: [
              {
                ruleNumber: 100,
                protocol: 'tcp',
                fromPort: 443,
                toPort: 443,
                cidr: '0.0.0.0/0',
                action: 'allow',
              },
              {
                ruleNumber: 110,
                protocol: 'tcp',
                fromPort: 1024,
                toPort: 65535,
                cidr: '0.0.0.0/0',
                action: 'allow',
              },
            ],
          }),
        ],
      }),
    message: /inbound rule 100 allows tcp port 443 from 0\.0\.0\.0\/0/,
  },
  SG_DENY_RULE: {
    hit: () =>
      net({
        add: [
          sg('sg_x', [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '10.0.0.0/8', action: 'deny' }]),
        ],
      }),
    miss: () =>
      net({
        add: [
          sg('sg_x', [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '10.0.0.0/8', action: 'allow' }]),
        ],
      }),
  },
  SG_OPEN_TO_WORLD: {
    hit: () => net({ add: [sg('sg_x', [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0' }])] }),
    miss: () =>
      net({ add: [sg('sg_x', [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '203.0.113.0/24' }])] }),
    message: /tcp port 22 from 0\.0\.0\.0\/0/,
  },
  RDS_NOT_IN_VPC: {
    hit: () => net({ parent: { db: 'v' } }),
    miss: () => net(),
  },
  RDS_PUBLIC_SUBNET: {
    hit: () => net({ parent: { db: 'pub_a' } }),
    miss: () => net(),
  },
  RDS_PUBLICLY_ACCESSIBLE: {
    hit: () => net({ props: { db: { publiclyAccessible: true } } }),
    miss: () => net({ props: { db: { publiclyAccessible: false } } }),
  },
  RDS_NO_SG: {
    hit: () => net({ remove: ['a_db'] }),
    miss: () => net(),
  },
  RDS_UNENCRYPTED: {
    hit: () => net({ props: { db: { storageEncrypted: false } } }),
    miss: () => net({ props: { db: { storageEncrypted: true } } }),
  },
  RDS_MULTI_AZ_ONE_AZ: {
    hit: () => net({ props: { db: { multiAz: true, subnetGroupSubnetIds: undefined } } }),
    miss: () => net({ props: { db: { multiAz: true } } }),
    message: /Multi-AZ.*us-east-1a/,
  },
  RDS_BACKUP_RETENTION: {
    hit: () => net({ props: { db: { backupRetentionDays: 36 } } }),
    miss: () => net({ props: { db: { backupRetentionDays: 35 } } }),
    message: /36 days/,
  },
  RDS_NO_BACKUPS: {
    hit: () => net({ props: { db: { backupRetentionDays: 0 } } }),
    miss: () => net({ props: { db: { backupRetentionDays: 1 } } }),
  },
  RDS_STORAGE_RANGE: {
    hit: () =>
      net({
        props: { db: { engine: 'sqlserver-se', licenseModel: 'license-included', allocatedStorage: 16385 } },
      }),
    miss: () => net({ props: { db: { engine: 'postgres', allocatedStorage: 16385 } } }),
    message: /16385 GiB.*20-16384/,
  },
  RDS_IOPS_REQUIRED: {
    hit: () => net({ props: { db: { storageType: 'io2' } } }),
    miss: () => net({ props: { db: { storageType: 'io2', iops: 3000 } } }),
  },
  RDS_MAGNETIC: {
    hit: () => net({ props: { db: { storageType: 'standard' } } }),
    miss: () => net({ props: { db: { storageType: 'gp3' } } }),
  },
  RDS_LICENSE_MODEL: {
    hit: () => net({ props: { db: { engine: 'oracle-ee', licenseModel: 'license-included' } } }),
    miss: () => net({ props: { db: { engine: 'oracle-se2', licenseModel: 'license-included' } } }),
    message: /oracle-ee.*license-included/,
  },
  RDS_REPLICA_ENGINE: {
    hit: () => replica({ engine: 'mysql' }, { engine: 'postgres' }),
    miss: () => replica({ engine: 'postgres' }, { engine: 'postgres' }),
    message: /runs mysql.*runs postgres/,
  },
  RDS_REPLICA_NO_BACKUP: {
    hit: () => replica({}, { backupRetentionDays: 0 }),
    miss: () => replica({}, { backupRetentionDays: 1 }),
  },
  AURORA_ONE_PRIMARY: {
    hit: () => aurora([w('w1'), w('w2', 'priv_b')]),
    miss: () => aurora([w('w1'), r('r1', 'priv_b')]),
  },
  AURORA_MAX_REPLICAS: {
    hit: () => aurora([w('w1'), ...Array.from({ length: 16 }, (_, i) => r(`r${i}`, 'priv_b'))]),
    miss: () => aurora([w('w1'), ...Array.from({ length: 15 }, (_, i) => r(`r${i}`, 'priv_b'))]),
  },
  AURORA_SINGLE_AZ: {
    hit: () => aurora([w('w1'), r('r1')]),
    miss: () => aurora([w('w1'), r('r1', 'priv_b')]),
    message: /us-east-1a/,
  },
  OLTP_ANALYTICS: {
    hit: () => net({ props: { db: { reportingLoad: 'heavy' } } }),
    miss: () => replica({ engine: 'postgres' }, { reportingLoad: 'heavy' }),
  },
  DDB_NO_PARTITION_KEY: { hit: () => ddb({ partitionKeyName: undefined }), miss: () => ddb({}) },
  DDB_KEY_TYPE: {
    hit: () => ddb({ partitionKeyType: 'BOOL' }),
    miss: () => ddb({ partitionKeyType: 'N' }),
    message: /BOOL/,
  },
  DDB_LSI_NEEDS_SORT_KEY: {
    hit: () => ddb({ localSecondaryIndexes: [{ name: 'byDate', sortKeyName: 'date' }] }),
    miss: () => ddb({ sortKeyName: 'sk', localSecondaryIndexes: [{ name: 'byDate', sortKeyName: 'date' }] }),
  },
  DDB_LSI_LIMIT: {
    hit: () =>
      ddb({
        sortKeyName: 'sk',
        localSecondaryIndexes: Array.from({ length: 6 }, (_, i) => ({ name: `l${i}`, sortKeyName: `a${i}` })),
      }),
    miss: () =>
      ddb({
        sortKeyName: 'sk',
        localSecondaryIndexes: Array.from({ length: 5 }, (_, i) => ({ name: `l${i}`, sortKeyName: `a${i}` })),
      }),
  },
  DDB_GSI_LIMIT: {
    hit: () =>
      ddb({
        globalSecondaryIndexes: Array.from({ length: 21 }, (_, i) => ({
          name: `g${i}`,
          partitionKeyName: `a${i}`,
        })),
      }),
    miss: () =>
      ddb({
        globalSecondaryIndexes: Array.from({ length: 20 }, (_, i) => ({
          name: `g${i}`,
          partitionKeyName: `a${i}`,
        })),
      }),
  },
  DDB_LSI_AFTER_CREATE: {
    hit: () =>
      ddb({
        sortKeyName: 'sk',
        deployed: true,
        deployedLocalIndexes: [],
        localSecondaryIndexes: [{ name: 'byDate', sortKeyName: 'date' }],
      }),
    miss: () =>
      ddb({
        sortKeyName: 'sk',
        deployed: true,
        deployedLocalIndexes: ['byDate'],
        localSecondaryIndexes: [{ name: 'byDate', sortKeyName: 'date' }],
      }),
    message: /byDate/,
  },
  DDB_CAPACITY_MISSING: {
    hit: () => ddb({ billingMode: 'PROVISIONED', readCapacity: 5 }),
    miss: () => ddb({ billingMode: 'PROVISIONED', readCapacity: 5, writeCapacity: 5 }),
  },
  DDB_PARTITIONS: {
    hit: () => ddb({ billingMode: 'PROVISIONED', readCapacity: 6000, writeCapacity: 1000 }),
    miss: () => ddb({ billingMode: 'PAY_PER_REQUEST' }),
    message: /3 partitions/,
  },
  DDB_HOT_PARTITION: {
    hit: () =>
      ddb({ billingMode: 'PROVISIONED', readCapacity: 3001, writeCapacity: 10, lowCardinalityKey: true }),
    miss: () =>
      ddb({ billingMode: 'PROVISIONED', readCapacity: 3000, writeCapacity: 10, lowCardinalityKey: true }),
  },
  DDB_ITEM_SIZE: {
    hit: () => ddb({ itemSizeKb: 401 }),
    miss: () => ddb({ itemSizeKb: 400 }),
    message: /401 KB/,
  },
  SQS_VISIBILITY_RANGE: {
    hit: () => sqs({ visibilityTimeoutSeconds: 43201 }),
    miss: () => sqs({ visibilityTimeoutSeconds: 43200 }),
  },
  SQS_DELAY_RANGE: {
    hit: () => sqs({ delaySeconds: 901 }),
    miss: () => sqs({ delaySeconds: 900 }),
    message: /901 s/,
  },
  SQS_RETENTION_RANGE: {
    hit: () => sqs({ messageRetentionSeconds: 59 }),
    miss: () => sqs({ messageRetentionSeconds: 60 }),
  },
  SQS_WAIT_TIME_RANGE: {
    hit: () => sqs({ receiveWaitTimeSeconds: 21 }),
    miss: () => sqs({ receiveWaitTimeSeconds: 20 }),
  },
  SQS_SHORT_POLLING: {
    hit: () => sqs({ receiveWaitTimeSeconds: 0 }),
    miss: () => sqs({ receiveWaitTimeSeconds: 1 }),
  },
  SQS_DLQ_TYPE: { hit: () => dlq({ fifo: true }, {}), miss: () => dlq({ fifo: true }, { fifo: true }) },
  SQS_DLQ_RETENTION: {
    hit: () => dlq({ messageRetentionSeconds: 1209600 }, {}),
    miss: () => dlq({ messageRetentionSeconds: 345600 }, {}),
  },
  SQS_DLQ_SELF: { hit: () => dlq({}, {}, true), miss: () => dlq({}, {}) },
  SQS_ORDER_NEEDS_FIFO: {
    hit: () => orderedFlow(false),
    miss: () => orderedFlow(true),
  },
  SQS_MESSAGE_ATTRIBUTES: {
    hit: () => sqs({ messageAttributes: Array.from({ length: 11 }, (_, i) => ({ name: `a${i}` })) }),
    miss: () => sqs({ messageAttributes: Array.from({ length: 10 }, (_, i) => ({ name: `a${i}` })) }),
  },
  CACHE_MEMCACHED_NODES: {
    hit: () => cache({ engine: 'memcached', numCacheNodes: 21 }),
    miss: () => cache({ engine: 'memcached', numCacheNodes: 20 }),
  },
  CACHE_REDIS_REPLICAS: {
    hit: () => cache({ engine: 'redis', replicasPerShard: 6 }),
    miss: () => cache({ engine: 'redis', replicasPerShard: 5 }),
  },
  CACHE_MEMCACHED_SNAPSHOT: {
    hit: () => cache({ engine: 'memcached', snapshotRetentionDays: 1 }),
    miss: () => cache({ engine: 'valkey', snapshotRetentionDays: 1 }),
  },
  CACHE_FAILOVER_NO_REPLICA: {
    hit: () => cache({ engine: 'valkey', automaticFailover: true }),
    miss: () => cache({ engine: 'valkey', automaticFailover: true, replicasPerShard: 1 }),
  },
  CACHE_SNAPSHOT_PRIMARY: {
    hit: () => cache({ snapshotRetentionDays: 1, snapshotSource: 'primary' }),
    miss: () => cache({ snapshotRetentionDays: 1, snapshotSource: 'replica' }),
  },
  CACHE_NO_SG: { hit: () => cache({}, false), miss: () => cache({}, true) },
  CF_NO_ORIGIN: { hit: () => cdn({}, ''), miss: () => cdn({}) },
  CF_ORIGIN_TYPE: { hit: () => cdn({}, 'db'), miss: () => cdn({}, 'alb') },
  CF_ORIGIN_PRIVATE: {
    hit: () => cdn({}, 'app'),
    miss: () => cdn({}, 'app', { vpcOrigin: true }),
  },
  CF_TTL_ORDER: {
    hit: () => cdn({ minTtl: 100, defaultTtl: 50 }),
    miss: () => cdn({ minTtl: 50, defaultTtl: 50 }),
    message: /min 100 s, default 50 s/,
  },
  CF_DEFAULT_TTL: { hit: () => cdn({ defaultTtl: undefined }), miss: () => cdn({ defaultTtl: 60 }) },
  VPCE_GATEWAY_NOT_ASSOCIATED: {
    hit: () => endpoints({ nat: false, associate: false }),
    miss: () => endpoints({ nat: false }),
    message: /Gateway endpoint "gw" is not associated with the route table of Subnet "priv_a"/,
  },
  VPCE_GATEWAY_UNUSED: {
    hit: () => endpoints({ associate: false }, { remove: ['f_app_s3'] }),
    miss: () => endpoints(),
    message: /"gw" is associated with no subnet.*s3/,
  },
  VPCE_GATEWAY_OTHER_VPC: {
    hit: () =>
      board(
        [
          { id: 'v', kind: 'vpc', props: { cidr: '10.0.0.0/16' } },
          { id: 'v2', kind: 'vpc', props: { cidr: '10.9.0.0/16' } },
          { id: 's2', kind: 'subnet', parentId: 'v2', props: { cidr: '10.9.0.0/24' } },
          { id: 'gw', kind: 'gateway-endpoint', parentId: 'v' },
        ],
        [{ id: 'a', kind: 'association', source: 'gw', target: 's2' }],
      ),
    miss: () => endpoints(),
    message: /"gw" is in VPC "v" but associated with Subnet "s2" of VPC "v2"/,
  },
  VPCE_INTERFACE_SG_BLOCKS_HTTPS: {
    hit: () =>
      endpoints({ sgEp: [{ protocol: 'tcp', fromPort: 443, toPort: 443, sourceSecurityGroupId: 'sg_alb' }] }),
    miss: () => endpoints(),
    message: /Interface endpoint "ep" \(sqs\) refuses "app": .*no inbound rule admits tcp 443/,
  },
  VPCE_PRIVATE_DNS_NEEDS_VPC_DNS: {
    hit: () => endpoints({}, { props: { v: { enableDnsHostnames: false } } }),
    miss: () =>
      endpoints({ ep: { privateDnsEnabled: false } }, { props: { v: { enableDnsHostnames: false } } }),
    message: /"ep" has private DNS on, but VPC "v" has enableDnsHostnames off/,
  },
  VPCE_INTERFACE_ONE_AZ: {
    hit: () => endpoints({ ep: { subnetIds: [] } }),
    miss: () => endpoints(),
    message: /"ep" has network interfaces only in us-east-1a/,
  },
  VPCE_INTERFACE_SUBNETS_SAME_AZ: {
    hit: () => endpoints({ ep: { subnetIds: ['priv_b', 'pub_a'] } }),
    miss: () => endpoints({ ep: { subnetIds: ['priv_b'] } }),
    message: /lists Subnet "priv_a" and Subnet "pub_a", both in us-east-1a/,
  },
  TGW_ATTACHMENT_SAME_AZ: {
    hit: () =>
      transit({
        add: [{ id: 'sa2', kind: 'subnet', parentId: 'za', props: { cidr: '10.1.1.0/24' } }],
        edges: [{ id: 'att_a2', kind: 'attachment', source: 'sa2', target: 'tgw' }],
      }),
    miss: () => transit(),
    message: /VPC "va" is attached through Subnet "sa" and Subnet "sa2", both in us-east-1a/,
  },
  TGW_ATTACHED_CIDR_OVERLAP: {
    hit: () => transit({ vb: '10.1.0.0/16' }),
    miss: () => transit(),
    message: /attached VPC "va" 10\.1\.0\.0\/16 and VPC "vb" 10\.1\.0\.0\/16 overlap/,
  },
  TGW_ROUTE_WITHOUT_ATTACHMENT: {
    hit: () => transit({ drop: ['att_a'] }),
    miss: () => transit(),
    message: /Subnet "sa" routes to Transit Gateway "tgw", but VPC "va" has no attachment/,
  },
  TGW_ROUTE_TABLE_ATTACHMENT: {
    hit: () =>
      segmented({
        tgw: { defaultRouteTableAssociation: false, routeTables: SEGMENTED_TABLES.slice(0, 2) },
      }),
    miss: () => segmented(),
    message: /the attachment of VPC "shared" is associated with no route table/,
  },
  TGW_STATIC_ROUTE_UNATTACHED: {
    hit: () =>
      transit({
        add: [{ id: 'vc', kind: 'vpc', props: { cidr: '10.3.0.0/16' } }],
        tgw: { routes: [{ destinationCidr: '10.3.0.0/16', vpcId: 'vc' }] },
      }),
    miss: () => transit({ tgw: { routes: [{ destinationCidr: '10.2.0.0/16', vpcId: 'vb' }] } }),
    message: /routes 10\.3\.0\.0\/16 to VPC "vc", which is not attached/,
  },
  TGW_ASN_NOT_PRIVATE: {
    hit: () => transit({ tgw: { amazonSideAsn: 65535 } }),
    miss: () => transit({ tgw: { amazonSideAsn: 4200000000 } }),
    message: /ASN 65535/,
  },
  LAMBDA_MEMORY_RANGE: {
    hit: () => fn({ memorySize: 64 }),
    miss: () => fn({ memorySize: 10240 }),
    message: /64 MB/,
  },
  LAMBDA_TIMEOUT_RANGE: {
    hit: () => fn({ timeout: 901 }),
    miss: () => fn({ timeout: 900 }),
    message: /901 s/,
  },
  LAMBDA_PUBLIC_SUBNET: {
    hit: () => fn({ subnetIds: ['pub_b'] }, 'pub_a'),
    miss: () => fn(),
    message: /public subnets "pub_a", "pub_b"/,
  },
  LAMBDA_VPC_NO_EGRESS: {
    hit: () => fn({}, 'priv_a', { ...queueCall, remove: ['r_priv_b'] }),
    miss: () => fn({}, 'priv_a', queueCall),
    message:
      /"fn" calls SQS queue "q", but its subnet "priv_b" has none of: a 0\.0\.0\.0\/0 route to a NAT, a sqs interface endpoint/,
  },
  LAMBDA_SINGLE_AZ: {
    hit: () => fn({ subnetIds: [] }),
    miss: () => fn(),
    message: /"priv_a", all in us-east-1a/,
  },
  APIGW_VPC_LINK_TARGET: {
    hit: () => api({ apiType: 'REST', vpcLinkVersion: 'v1' }, internalAlb),
    miss: () => api({ apiType: 'REST', vpcLinkVersion: 'v2' }, internalAlb),
    message: /VPC link V1.*"ilb"/,
  },
  APIGW_HTTP_REST_ONLY_OPTION: {
    hit: () => api({ apiType: 'HTTP', endpointType: 'PRIVATE' }, lambdaSpec({})),
    miss: () => api({ apiType: 'REST', endpointType: 'PRIVATE' }, lambdaSpec({})),
    message: /a PRIVATE endpoint/,
  },
  APIGW_LAMBDA_TIMEOUT: {
    hit: () => api({}, lambdaSpec({ timeout: 60 })),
    miss: () => api({}, lambdaSpec({ timeout: 29 })),
    message: /may run 60 s.*after 29 s/,
  },
  APIGW_PRIVATE_NO_ENDPOINT: {
    hit: () => privateApiCall(false),
    miss: () => privateApiCall(true),
    message: /"api" is private, and VPC "v" of its caller "app" has no execute-api interface endpoint/,
  },
  NET_DATA_TIER_EXPOSED: {
    hit: () =>
      net({
        parent: { db: 'pub_a' },
        props: {
          db: { publiclyAccessible: true },
          sg_db: { ingress: [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, cidr: '0.0.0.0/0' }] },
        },
      }),
    miss: () =>
      net({
        parent: { db: 'pub_a' },
        props: {
          db: { publiclyAccessible: true },
          sg_db: { ingress: [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, cidr: '10.0.0.0/16' }] },
        },
      }),
    // Its subnet group also lists priv_b, where it would not be exposed: the finding names pub_a.
    message:
      /reachable from the internet on tcp 5432 \(its instance in Subnet "pub_a", one of its 2 subnets\): Internet → Internet gateway "igw" → Subnet "pub_a"/,
  },
  NET_FLOW_BLOCKED: {
    hit: () =>
      net({
        props: {
          sg_db: {
            ingress: [{ protocol: 'tcp', fromPort: 3306, toPort: 3306, sourceSecurityGroupId: 'sg_app' }],
          },
        },
      }),
    miss: () => net(),
    message: /Flow "app" → "db" \(tcp 5432\) is blocked: security group "sg_db"/,
  },
  ECS_FARGATE_TASK_SIZE: {
    hit: () => ecs({ cpu: 256, memory: 4096 }),
    miss: () => ecs({ cpu: 1024, memory: 3072 }),
    message: /256 CPU units takes 512, 1024 or 2048 MiB, not 4096 MiB/,
  },
  ECS_NO_SUBNET: {
    hit: () =>
      board([
        { id: 'v', kind: 'vpc', props: { cidr: '10.0.0.0/16' } },
        { id: 'svc', kind: 'ecs-service', parentId: 'v' },
      ]),
    miss: () => ecs(),
  },
  ECS_IMAGE_PULL_NO_ROUTE: {
    hit: () => ecs({}, { remove: ['r_priv_a'] }),
    miss: () => ecs(),
    message:
      /cannot pull public\.ecr\.aws\/nginx\/nginx:stable in Subnet "priv_a": the subnet has no 0\.0\.0\.0\/0 route to a NAT, and only images in your private ECR/,
  },
  ECS_PUBLIC_SUBNET_NO_PUBLIC_IP: {
    hit: () => ecs({ subnetIds: ['pub_b'] }, {}, 'pub_a'),
    miss: () => ecs({ subnetIds: ['pub_b'], assignPublicIp: true }, {}, 'pub_a'),
    message: /Subnet "pub_a", a public subnet, without public IPs/,
  },
  ECS_SINGLE_AZ: {
    hit: () => ecs({ subnetIds: [] }),
    miss: () => ecs({ subnetIds: [], desiredCount: 1 }),
    message: /runs 2 tasks, but its subnets \("priv_a"\) are all in us-east-1a/,
  },
  ASG_SIZE_ORDER: {
    hit: () => asg({ minSize: 3, maxSize: 2 }),
    miss: () => asg({ minSize: 1, desiredCapacity: undefined, maxSize: 1 }),
    message: /minimum 3 is above maximum 2/,
  },
  ASG_NO_SUBNET: {
    hit: () =>
      board([
        { id: 'v', kind: 'vpc', props: { cidr: '10.0.0.0/16' } },
        { id: 'group', kind: 'autoscaling-group', parentId: 'v' },
      ]),
    miss: () => asg(),
  },
  ASG_SINGLE_AZ: {
    hit: () => asg({ subnetIds: ['priv_a'] }),
    miss: () => asg(),
    message: /launches only in us-east-1a \("priv_a"\)/,
  },
  ASG_ELB_HEALTH_CHECK: {
    hit: () => asg({}, albToGroup),
    miss: () => asg({ healthCheckType: 'ELB' }, albToGroup),
    message: /receives traffic from Load balancer "alb" but uses EC2 health checks only/,
  },
  LB_TARGET_AZ_UNSERVED: {
    hit: () => net({ props: { alb: { type: 'network', subnetIds: undefined } }, parent: { app: 'priv_b' } }),
    miss: () => net({ props: { alb: { type: 'network' } }, parent: { app: 'priv_b' } }),
    message: /"app" runs in us-east-1b \("priv_b"\), where Load balancer "alb" has no subnet/,
  },
};

function natInstance(props: Record<string, unknown>, sgIngress?: unknown[]): Board {
  return net({
    remove: ['nat', 'eip', 'a_eip', 'r_priv_a', 'r_priv_b'],
    add: [
      { id: 'nati', kind: 'nat-instance', parentId: 'pub_a', props },
      sg('sg_nat', sgIngress ?? [{ protocol: 'all', cidr: '10.0.0.0/16' }]),
    ],
    edges: [
      { id: 'r_priv_a', kind: 'route', source: 'priv_a', target: 'nati' },
      { id: 'r_priv_b', kind: 'route', source: 'priv_b', target: 'nati' },
      { id: 'a_nati', kind: 'association', source: 'sg_nat', target: 'nati' },
    ],
  });
}

function replica(replicaProps: Record<string, unknown>, sourceProps: Record<string, unknown>): Board {
  return net({
    props: { db: sourceProps },
    add: [
      {
        id: 'rep',
        kind: 'rds-instance',
        parentId: 'priv_b',
        props: { subnetGroupSubnetIds: ['priv_a'], ...replicaProps },
      },
    ],
    edges: [
      { id: 'rr', kind: 'read-replica', source: 'rep', target: 'db' },
      { id: 'a_rep', kind: 'association', source: 'sg_db', target: 'rep' },
    ],
  });
}

function orderedFlow(fifo: boolean): Board {
  return net({
    add: [{ id: 'q', kind: 'sqs-queue', props: { fifo, receiveWaitTimeSeconds: 20 } }],
    edges: [
      {
        id: 'f_q',
        kind: 'traffic',
        source: 'app',
        target: 'q',
        props: { port: 443, requiresOrdering: true },
      },
    ],
  });
}

describe('every rule of the catalogue', () => {
  it('has a triggering board and a near miss', () => {
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  describe.each(RULES.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    const c = CASES[id]!;
    it('fires on the triggering board', () => {
      const hits = validateBoard(c.hit()).filter(
        (f) => f.ruleId === id && f.severity === (c.severity ?? rule.severity),
      );
      expect(hits.length, `no ${id} finding`).toBeGreaterThan(0);
      for (const f of hits) {
        expect(f.nodeIds.length + f.edgeIds.length).toBeGreaterThan(0);
        expect(f.message.length).toBeGreaterThan(10);
      }
      if (c.message) expect(hits.map((f) => f.message).join('\n')).toMatch(c.message);
    });
    it('stays silent on the near miss', () => {
      const findings = validateBoard(c.miss());
      const same = findings.filter((f) => f.ruleId === id && f.severity === (c.severity ?? rule.severity));
      expect(same, JSON.stringify(same, null, 1)).toEqual([]);
      expect(findings.filter((f) => /could not run/.test(f.message))).toEqual([]);
    });
  });
});

describe('rule metadata', () => {
  it('gives every rule a title, a statement, a rationale and a source', () => {
    for (const r of RULES) {
      expect(r.title.length, r.id).toBeGreaterThan(10);
      expect(r.statement.length, r.id).toBeGreaterThan(10);
      expect(r.rationale.length, r.id).toBeGreaterThan(20);
      expect(r.source.length, r.id).toBeGreaterThan(1);
      expect(r.node || r.edge, r.id).toBeTruthy();
    }
  });
});

describe('titles', () => {
  it('the check rejects titles derived from rule ids', () => {
    expect(titleProblems('Subnet usable IPS', 'SUBNET_USABLE_IPS')).not.toEqual([]);
    expect(titleProblems('NATGW no EIP', 'NATGW_NO_EIP')).not.toEqual([]);
    expect(titleProblems('RDS no SG', 'RDS_NO_SG')).not.toEqual([]);
    expect(titleProblems('VPC CIDR invalid', 'VPC_CIDR_INVALID')).not.toEqual([]);
    expect(titleProblems('Subnet Outside VPC', 'SUBNET_OUTSIDE_VPC')).not.toEqual([]);
    expect(titleProblems('Security Group Open To World', 'SG_OPEN_TO_WORLD')).not.toEqual([]);
    expect(titleProblems('NAT gateway has no Elastic IP', 'NATGW_NO_EIP')).toEqual([]);
  });

  it('every rule has a hand-written, sentence-case title of its own', () => {
    for (const r of RULES) {
      expect(titleProblems(r.title, r.id), `${r.id}: "${r.title}"`).toEqual([]);
      expect(r.title, r.id).not.toBe(r.statement);
    }
    expect(new Set(RULES.map((r) => r.title)).size).toBe(RULES.length);
  });

  it('every finding of every triggering board carries a good title and names its resource by label', () => {
    for (const r of RULES) {
      const b = CASES[r.id]!.hit();
      const labels = new Map(b.nodes.map((n) => [n.id, n.label]));
      for (const f of validateBoard(b).filter((x) => x.ruleId === r.id)) {
        expect(titleProblems(f.title, r.id), `${r.id}: "${f.title}"`).toEqual([]);
        const first = f.nodeIds[0];
        expect(first, r.id).toBeDefined();
        expect(f.message, r.id).toContain(`"${labels.get(first!)}"`);
      }
    }
  });

  it("titles a subnet's invalid CIDR as a subnet problem, a VPC's as a VPC problem", () => {
    const subnet = validateBoard(net({ props: { priv_b: { cidr: '10.0.11.7/24' } } })).filter(
      (f) => f.ruleId === 'VPC_CIDR_INVALID',
    );
    expect(subnet.map((f) => [f.nodeIds[0], f.title])).toEqual([
      ['priv_b', 'Subnet has an invalid CIDR block'],
    ]);
    expect(subnet[0]!.message).toMatch(/^Subnet "priv_b": CIDR "10\.0\.11\.7\/24"/);
    const vpc = validateBoard(net({ props: { v: { cidr: '10.0.0.0/33' } } })).filter(
      (f) => f.ruleId === 'VPC_CIDR_INVALID',
    );
    expect(vpc.map((f) => [f.nodeIds[0], f.title])).toEqual([['v', 'VPC has an invalid CIDR block']]);
  });

  it('titles the usable-address warning as a problem and the figure as a figure', () => {
    const full = validateBoard(CASES.SUBNET_USABLE_IPS!.hit()).filter(
      (f) => f.ruleId === 'SUBNET_USABLE_IPS',
    );
    expect(full.find((f) => f.severity === 'warning')?.title).toBe('Subnet has too few usable addresses');
    const figure = validateBoard(net()).find((f) => f.ruleId === 'SUBNET_USABLE_IPS');
    expect(figure?.title).toBe('Usable addresses in a subnet');
  });
});
