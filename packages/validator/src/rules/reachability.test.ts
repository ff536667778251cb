import type { Board } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { board, endpoints, net } from '../../test/boards.ts';
import { reach, validateBoard } from '../engine.ts';

const blocked = (b: Board) =>
  validateBoard(b)
    .filter((f) => f.ruleId === 'NET_FLOW_BLOCKED')
    .map((f) => ({ edge: f.edgeIds[0], nodes: f.nodeIds, message: f.message }));
const exposed = (b: Board) => validateBoard(b).filter((f) => f.ruleId === 'NET_DATA_TIER_EXPOSED');

const nacl = (id: string, inbound: unknown[], outbound: unknown[]) => ({
  id,
  kind: 'network-acl',
  parentId: 'v',
  props: { inbound, outbound },
});
const rule = (
  ruleNumber: number,
  action: string,
  protocol: string,
  cidr: string,
  from?: number,
  to?: number,
) => ({
  ruleNumber,
  action,
  protocol,
  cidr,
  ...(from !== undefined ? { fromPort: from, toPort: to ?? from } : {}),
});

describe('NET_FLOW_BLOCKED names the hop that drops a flow', () => {
  it('lets every flow of the correct design through', () => {
    expect(blocked(net())).toEqual([]);
  });

  it('a network ACL rule denying the port, by number', () => {
    const b = net({
      add: [
        nacl(
          'acl_db',
          [rule(90, 'deny', 'tcp', '10.0.0.0/16', 5432), rule(100, 'allow', 'all', '0.0.0.0/0')],
          [rule(100, 'allow', 'all', '0.0.0.0/0')],
        ),
      ],
      parent: { db: 'priv_b' },
      props: { db: { subnetGroupSubnetIds: ['priv_a'] } },
      edges: [{ id: 'a_acl', kind: 'association', source: 'acl_db', target: 'priv_b' }],
    });
    // Its subnet group lists priv_a (app's subnet, no ACL crossed), so only the instance in priv_b is cut off.
    expect(blocked(b)).toEqual([
      {
        edge: 'f_app_db',
        nodes: ['app', 'db', 'acl_db', 'priv_b'],
        message:
          'Flow "app" → "db" (tcp 5432) is blocked to "db"\'s instance in Subnet "priv_b" (one of its 2 subnets): Network ACL "acl_db" on Subnet "priv_b": inbound rule 90 denies the request (tcp 5432 from "app" (10.0.10.0/24)).',
      },
    ]);
  });

  it('a stateless ACL without an outbound rule for the responses', () => {
    const b = net({
      add: [
        nacl(
          'acl_pub',
          [rule(100, 'allow', 'tcp', '0.0.0.0/0', 443)],
          [rule(100, 'allow', 'tcp', '10.0.0.0/16', 8080)],
        ),
      ],
      edges: [{ id: 'a_acl', kind: 'association', source: 'acl_pub', target: 'pub_a' }],
    });
    const found = blocked(b).find((f) => f.edge === 'f_users_alb');
    expect(found?.message).toMatch(
      /Network ACL "acl_pub" on Subnet "pub_a": no outbound rule allows the responses \(tcp 1024-65535 to the internet\)/,
    );
  });

  it('a security group without a matching inbound rule, and one whose outbound rules leave the flow out', () => {
    const b = net({
      props: { sg_app: { egress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' }] } },
    });
    expect(blocked(b).map((f) => f.message)).toEqual([
      'Flow "app" → "db" (tcp 5432) is blocked: security group "sg_app" on EC2 instance "app": no outbound rule allows tcp 5432 to "db" (10.0.10.0/24).',
    ]);
  });

  it('the VPC default security group for a resource without its own', () => {
    const b = net({ remove: ['a_app'] });
    expect(blocked(b).map((f) => f.message)).toEqual([
      'Flow "alb" → "app" (tcp 8080) is blocked: EC2 instance "app" has no security group, and its VPC\'s default group admits only members of the default group (not "alb" (10.0.0.0/24)).',
      'Flow "app" → "db" (tcp 5432) is blocked: security group "sg_db" on RDS instance "db": no inbound rule admits tcp 5432 from "app" (10.0.10.0/24).',
    ]);
    // Two resources both in the default group reach each other.
    expect(blocked(net({ remove: ['a_app', 'a_db'] })).map((f) => f.edge)).toEqual(['f_alb_app']);
  });

  it('a private subnet without a NAT route for internet-bound traffic', () => {
    const b = net({
      remove: ['r_priv_a'],
      add: [{ id: 'q', kind: 'sqs-queue', props: { receiveWaitTimeSeconds: 20 } }],
      edges: [{ id: 'f_q', kind: 'traffic', source: 'app', target: 'q', props: { port: 443 } }],
    });
    expect(blocked(b)).toEqual([
      {
        edge: 'f_q',
        nodes: ['app', 'q', 'priv_a'],
        message:
          'Flow "app" → "q" (tcp 443) is blocked: Subnet "priv_a" has no 0.0.0.0/0 route to an internet gateway or a NAT.',
      },
    ]);
  });

  it('an instance in a public subnet without a public address calling out', () => {
    const b = net({
      parent: { app: 'pub_b' },
      add: [{ id: 'table', kind: 'dynamodb-table', props: { partitionKeyName: 'pk' } }],
      edges: [{ id: 'f_t', kind: 'traffic', source: 'app', target: 'table', props: { port: 443 } }],
    });
    expect(blocked(b).find((f) => f.edge === 'f_t')?.message).toMatch(
      /EC2 instance "app" has no public IPv4 address or Elastic IP, so the internet gateway route of Subnet "pub_b" does not carry its traffic/,
    );
    const withIp = net({
      parent: { app: 'pub_b' },
      props: { app: { associatePublicIp: true } },
      add: [{ id: 'table', kind: 'dynamodb-table', props: { partitionKeyName: 'pk' } }],
      edges: [{ id: 'f_t', kind: 'traffic', source: 'app', target: 'table', props: { port: 443 } }],
    });
    expect(blocked(withIp).find((f) => f.edge === 'f_t')).toBeUndefined();
  });

  it('users reaching an internal load balancer, or one in a private subnet', () => {
    expect(blocked(net({ props: { alb: { scheme: 'internal' } } }))[0]?.message).toContain(
      'Load balancer "alb" is internal (scheme "internal"), not internet-facing',
    );
    expect(
      blocked(net({ parent: { alb: 'priv_b' } })).find((f) => f.edge === 'f_users_alb')?.message,
    ).toContain('Subnet "priv_b" is private: it has no 0.0.0.0/0 route to an internet gateway of VPC "v"');
  });

  it('two VPCs that are not peered; peered ones with and without routes', () => {
    const two = (peering: Record<string, unknown> | null, routes = false) =>
      board(
        [
          { id: 'va', kind: 'vpc', props: { cidr: '10.1.0.0/16' } },
          { id: 'vb', kind: 'vpc', props: { cidr: '10.2.0.0/16' } },
          {
            id: 'sa',
            kind: 'subnet',
            parentId: 'va',
            props: { cidr: '10.1.0.0/24', availabilityZone: 'us-east-1a' },
          },
          {
            id: 'sb',
            kind: 'subnet',
            parentId: 'vb',
            props: { cidr: '10.2.0.0/24', availabilityZone: 'us-east-1a' },
          },
          { id: 'ia', kind: 'ec2-instance', parentId: 'sa' },
          { id: 'ib', kind: 'ec2-instance', parentId: 'sb' },
          {
            id: 'sgb',
            kind: 'security-group',
            parentId: 'vb',
            props: { ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '10.1.0.0/16' }] },
          },
        ],
        [
          { id: 'f', kind: 'traffic', source: 'ia', target: 'ib', props: { port: 22 } },
          { id: 'asg', kind: 'association', source: 'sgb', target: 'ib' },
          ...(peering ? [{ id: 'p', kind: 'peering', source: 'va', target: 'vb', props: peering }] : []),
          ...(routes
            ? [
                {
                  id: 'ra',
                  kind: 'route',
                  source: 'sa',
                  target: 'vb',
                  props: { destinationCidr: '10.2.0.0/16' },
                },
                {
                  id: 'rb',
                  kind: 'route',
                  source: 'sb',
                  target: 'va',
                  props: { destinationCidr: '10.1.0.0/16' },
                },
              ]
            : []),
        ],
      );
    expect(blocked(two(null))[0]?.message).toContain('VPC "va" and VPC "vb" are not peered');
    expect(blocked(two({}))).toEqual([]);
    expect(blocked(two({ addRoutes: false }))[0]?.message).toContain('Subnet "sa" has no route to VPC "vb"');
    expect(blocked(two({ addRoutes: false }, true))).toEqual([]);
  });
});

describe('NET_DATA_TIER_EXPOSED', () => {
  const open = { sg_db: { ingress: [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, cidr: '0.0.0.0/0' }] } };

  it('lists the path from the internet to an exposed database', () => {
    const found = exposed(
      net({ parent: { db: 'pub_a' }, props: { ...open, db: { publiclyAccessible: true } } }),
    );
    expect(found.map((f) => f.nodeIds)).toEqual([['db', 'igw', 'pub_a', 'sg_db']]);
  });

  it.each([
    ['in a private subnet', { props: { ...open, db: { publiclyAccessible: true } } }],
    ['not publicly accessible', { parent: { db: 'pub_a' }, props: { ...open } }],
    [
      'when the board has no Internet node',
      { parent: { db: 'pub_a' }, props: { ...open, db: { publiclyAccessible: true } }, remove: ['users'] },
    ],
  ])('is silent for a database %s', (_what, edit) => {
    expect(exposed(net(edit as Parameters<typeof net>[0]))).toEqual([]);
  });

  it('is silent when the subnet ACL denies the port from the internet', () => {
    const b = net({
      parent: { db: 'pub_a' },
      props: { ...open, db: { publiclyAccessible: true } },
      add: [
        nacl(
          'acl',
          [rule(50, 'deny', 'tcp', '0.0.0.0/0', 5432), rule(100, 'allow', 'all', '0.0.0.0/0')],
          [rule(100, 'allow', 'all', '0.0.0.0/0')],
        ),
      ],
      edges: [{ id: 'a_acl', kind: 'association', source: 'acl', target: 'pub_a' }],
    });
    expect(exposed(b)).toEqual([]);
  });
});

describe('reach(): can traffic from A reach B on port P?', () => {
  it('answers yes along the designed path and names the blocking hop otherwise', () => {
    const b = net();
    expect(reach(b, 'app', 'db', { port: 5432 })).toEqual({ reachable: true });
    expect(reach(b, 'alb', 'db', { port: 5432 })).toEqual({
      reachable: false,
      blockedAt: 'sg_db',
      reason:
        'security group "sg_db" on RDS instance "db": no inbound rule admits tcp 5432 from "alb" (10.0.0.0/24)',
    });
    expect(reach(b, 'users', 'app', { port: 22 })).toMatchObject({ reachable: false, blockedAt: 'priv_a' });
    expect(reach(b, 'users', 'alb', { port: 443 })).toEqual({ reachable: true });
  });

  it('says when the question does not apply', () => {
    const b = net();
    expect(reach(b, 'users', 'nowhere')).toMatchObject({ reachable: null });
    expect(reach(b, 'sg_app', 'db')).toMatchObject({ reachable: null });
  });
});

describe('NET_DATA_TIER_EXPOSED through a load balancer', () => {
  const forward = (scheme: string) =>
    net({
      props: {
        alb: { scheme },
        sg_db: {
          ingress: [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, sourceSecurityGroupId: 'sg_alb' }],
        },
      },
      edges: [{ id: 'f_alb_db', kind: 'traffic', source: 'alb', target: 'db', props: { port: 5432 } }],
    });

  it('reports a database an internet-facing load balancer forwards to, with the path', () => {
    const found = exposed(forward('internet-facing'));
    expect(found.map((f) => [f.nodeIds, f.edgeIds])).toEqual([
      [['db', 'alb', 'igw', 'pub_a', 'sg_alb'], ['f_alb_db']],
    ]);
    expect(found[0]!.message).toContain(
      'through Load balancer "alb": Internet → Internet gateway "igw" → Subnet "pub_a"',
    );
  });

  it('is silent when the load balancer is internal', () => {
    expect(exposed(forward('internal'))).toEqual([]);
  });
});

describe('reachability through ECS services and Auto Scaling groups', () => {
  /** The correct design with the app served by an ECS service or an Auto Scaling group on `port`. */
  const served = (
    kind: 'ecs-service' | 'autoscaling-group',
    port: number,
    props: Record<string, unknown> = {},
    parentId = 'priv_a',
  ) =>
    net({
      add: [
        {
          id: 'svc',
          kind,
          parentId,
          props: {
            ...(kind === 'ecs-service' ? { containerPort: port } : { instancePort: port }),
            subnetIds: ['priv_b'],
            ...props,
          },
        },
      ],
      edges: [
        { id: 'a_svc', kind: 'association', source: 'sg_app', target: 'svc' },
        // Drawn without a port: checked on the port the target serves on.
        { id: 'f_alb_svc', kind: 'traffic', source: 'alb', target: 'svc' },
        { id: 'f_svc_db', kind: 'traffic', source: 'svc', target: 'db' },
      ],
    });

  it.each(['ecs-service', 'autoscaling-group'] as const)(
    '%s: the load balancer reaches it on the port its security group admits, and it reaches the database',
    (kind) => {
      expect(blocked(served(kind, 8080))).toEqual([]);
    },
  );

  it('a flow drawn without a port is checked on the container port, against the security group', () => {
    expect(blocked(served('ecs-service', 80))).toEqual([
      {
        edge: 'f_alb_svc',
        nodes: ['alb', 'svc', 'sg_app'],
        message:
          'Flow "alb" → "svc" (tcp 80) is blocked: security group "sg_app" on ECS service (Fargate) "svc": no inbound rule admits tcp 80 from "alb" (10.0.0.0/24).',
      },
    ]);
  });

  it("a flow drawn without a port is checked on an Auto Scaling group's instance port", () => {
    expect(blocked(served('autoscaling-group', 9000)).map((f) => f.message)).toEqual([
      'Flow "alb" → "svc" (tcp 9000) is blocked: security group "sg_app" on Auto Scaling group "svc": no inbound rule admits tcp 9000 from "alb" (10.0.0.0/24).',
    ]);
  });

  it('the internet reaches Fargate tasks in a public subnet only with "Assign public IP"', () => {
    const open = { ingress: [{ protocol: 'tcp', fromPort: 8080, toPort: 8080, cidr: '0.0.0.0/0' }] };
    const users = { id: 'f_users_svc', kind: 'traffic', source: 'users', target: 'svc' };
    const without = net({
      add: [{ id: 'svc', kind: 'ecs-service', parentId: 'pub_b', props: { containerPort: 8080 } }],
      props: { sg_app: open },
      edges: [{ id: 'a_svc', kind: 'association', source: 'sg_app', target: 'svc' }, users],
    });
    expect(blocked(without).find((f) => f.edge === 'f_users_svc')?.message).toBe(
      'Flow "users" → "svc" (tcp 8080) is blocked: ECS service (Fargate) "svc" does not assign public IPs to its tasks.',
    );
    const withIp = net({
      add: [
        {
          id: 'svc',
          kind: 'ecs-service',
          parentId: 'pub_b',
          props: { containerPort: 8080, assignPublicIp: true },
        },
      ],
      props: { sg_app: open },
      edges: [{ id: 'a_svc', kind: 'association', source: 'sg_app', target: 'svc' }, users],
    });
    expect(blocked(withIp).find((f) => f.edge === 'f_users_svc')).toBeUndefined();
    // Not a data store: reachable from the internet is a design choice, not NET_DATA_TIER_EXPOSED.
    expect(exposed(withIp)).toEqual([]);
  });

  it("an Auto Scaling group's instances take the subnet's auto-assigned public IPv4", () => {
    const b = (auto: boolean) =>
      net({
        add: [{ id: 'svc', kind: 'autoscaling-group', parentId: 'pub_b', props: { instancePort: 8080 } }],
        props: {
          pub_b: { mapPublicIpOnLaunch: auto },
          sg_app: { ingress: [{ protocol: 'tcp', fromPort: 8080, toPort: 8080, cidr: '0.0.0.0/0' }] },
        },
        edges: [
          { id: 'a_svc', kind: 'association', source: 'sg_app', target: 'svc' },
          { id: 'f_users_svc', kind: 'traffic', source: 'users', target: 'svc' },
        ],
      });
    expect(blocked(b(false)).map((f) => f.edge)).toEqual(['f_users_svc']);
    expect(blocked(b(true))).toEqual([]);
  });
});

describe('reachability with Lambda functions and API Gateway', () => {
  const fnIn = (parentId: string | null, edges: { id: string; source: string; target: string }[]) =>
    net({
      add: [
        { id: 'fn', kind: 'lambda-function', parentId, props: {} },
        { id: 'q', kind: 'sqs-queue', props: { receiveWaitTimeSeconds: 20 } },
      ],
      edges: [
        ...(parentId ? [{ id: 'a_fn', kind: 'association', source: 'sg_app', target: 'fn' }] : []),
        ...edges.map((e) => ({ ...e, kind: 'traffic', props: { port: 443 } })),
      ],
    });

  it('a function outside any VPC calls public endpoints freely but not a private database', () => {
    const b = fnIn(null, [
      { id: 'f_q', source: 'fn', target: 'q' },
      { id: 'f_db', source: 'fn', target: 'db' },
    ]);
    expect(blocked(b).map((f) => [f.edge, f.message])).toEqual([
      [
        'f_db',
        expect.stringContaining(
          'Subnet "priv_a" is private: it has no 0.0.0.0/0 route to an internet gateway',
        ),
      ],
    ]);
  });

  it('a function in a private subnet with a NAT route reaches SQS; in a public subnet it has no public IP, which the Lambda rules report (once)', () => {
    expect(blocked(fnIn('priv_a', [{ id: 'f_q', source: 'fn', target: 'q' }]))).toEqual([]);
    const inPublic = validateBoard(fnIn('pub_a', [{ id: 'f_q', source: 'fn', target: 'q' }]));
    expect(inPublic.filter((f) => f.edgeIds.includes('f_q')).map((f) => f.ruleId)).toEqual([
      'LAMBDA_VPC_NO_EGRESS',
    ]);
    expect(inPublic.find((f) => f.ruleId === 'LAMBDA_PUBLIC_SUBNET')?.message).toMatch(
      /gets no public IP, so their internet gateway route gives it no internet access/,
    );
  });

  it("a private REST API is reached through the execute-api endpoint of the caller's VPC, even without a NAT", () => {
    const call = (endpoint: boolean) =>
      net({
        remove: ['r_priv_a', 'r_priv_b'],
        add: [
          { id: 'api', kind: 'api-gateway', props: { apiType: 'REST', endpointType: 'PRIVATE' } },
          ...(endpoint
            ? [
                {
                  id: 'ep',
                  kind: 'interface-endpoint',
                  parentId: 'priv_a',
                  props: { service: 'execute-api', subnetIds: ['priv_b'], privateDnsEnabled: true },
                },
                {
                  id: 'sg_ep',
                  kind: 'security-group',
                  parentId: 'v',
                  props: { ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.0.0.0/16' }] },
                },
              ]
            : []),
        ],
        edges: [
          { id: 'f_api', kind: 'traffic', source: 'app', target: 'api', props: { port: 443 } },
          ...(endpoint ? [{ id: 'a_ep', kind: 'association', source: 'sg_ep', target: 'ep' }] : []),
        ],
      });
    const onEdge = (b: Board) =>
      validateBoard(b)
        .filter((f) => f.edgeIds.includes('f_api'))
        .map((f) => f.ruleId);
    expect(onEdge(call(true))).toEqual([]);
    expect(onEdge(call(false))).toEqual(['APIGW_PRIVATE_NO_ENDPOINT']);
  });

  it('invoking a function goes through the Lambda API: from API Gateway always, from a VPC only with a way out', () => {
    const b = net({
      remove: ['r_priv_a'],
      add: [
        { id: 'api', kind: 'api-gateway' },
        { id: 'fn', kind: 'lambda-function', parentId: 'priv_b' },
      ],
      edges: [
        { id: 'f_api_fn', kind: 'traffic', source: 'api', target: 'fn', props: { port: 443 } },
        { id: 'f_app_fn', kind: 'traffic', source: 'app', target: 'fn', props: { port: 443 } },
      ],
    });
    expect(blocked(b).map((f) => f.edge)).toEqual(['f_app_fn']);
  });

  it('API Gateway reaches an internal load balancer through a VPC link; the internet does not', () => {
    const b = net({
      props: { alb: { scheme: 'internal' } },
      add: [{ id: 'api', kind: 'api-gateway' }],
      edges: [{ id: 'f_api_alb', kind: 'traffic', source: 'api', target: 'alb', props: { port: 443 } }],
    });
    expect(blocked(b).map((f) => f.edge)).toEqual(['f_users_alb']);
  });

  it('a legacy VPC link to an ALB is left to APIGW_VPC_LINK_TARGET, not reported twice', () => {
    const b = net({
      props: { alb: { scheme: 'internal' } },
      remove: ['f_users_alb'],
      add: [{ id: 'api', kind: 'api-gateway', props: { apiType: 'REST', vpcLinkVersion: 'v1' } }],
      edges: [{ id: 'f_api_alb', kind: 'traffic', source: 'api', target: 'alb', props: { port: 443 } }],
    });
    const findings = validateBoard(b).filter((f) => f.edgeIds.includes('f_api_alb'));
    expect(findings.map((f) => f.ruleId)).toEqual(['APIGW_VPC_LINK_TARGET']);
  });
});

/**
 * An ECS service, Auto Scaling group or Lambda function drawn in `priv_a` and listing `priv_b`:
 * AWS puts tasks, instances or network interfaces in either, so a flow is judged from (or to) each.
 * The database `db` is kept to its own subnet (no subnet group) so that only these ends spread.
 */
describe('NET_FLOW_BLOCKED for a resource spread over several subnets', () => {
  const spread: Record<string, { kind: string; props?: Record<string, unknown> }> = {
    svc: { kind: 'ecs-service', props: { containerPort: 8080 } },
    asg: { kind: 'autoscaling-group', props: { instancePort: 8080 } },
    fn: { kind: 'lambda-function' },
  };
  const allowAll = [rule(100, 'allow', 'all', '0.0.0.0/0')];
  /** `acl_b` on `priv_b`, denying first what `deny` lists (inbound or outbound). */
  const aclB = (deny: { inbound?: unknown[]; outbound?: unknown[] } = {}) => ({
    add: [nacl('acl_b', [...(deny.inbound ?? []), ...allowAll], [...(deny.outbound ?? []), ...allowAll])],
    edges: [{ id: 'a_acl_b', kind: 'association', source: 'acl_b', target: 'priv_b' }],
  });
  /** A second VPC `v2` peered without automatic routes; `priv_a` (and `priv_b` when `both`) route to it. */
  const peered = (both: boolean) => ({
    add: [
      { id: 'v2', kind: 'vpc', props: { cidr: '10.9.0.0/16', region: 'us-east-1' } },
      {
        id: 's2',
        kind: 'subnet',
        parentId: 'v2',
        props: { cidr: '10.9.0.0/24', availabilityZone: 'us-east-1a' },
      },
      { id: 'far', kind: 'ec2-instance', parentId: 's2' },
      {
        id: 'sg_far',
        kind: 'security-group',
        parentId: 'v2',
        props: { ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '10.0.0.0/16' }] },
      },
    ],
    edges: [
      { id: 'p', kind: 'peering', source: 'v', target: 'v2', props: { addRoutes: false } },
      { id: 'a_far', kind: 'association', source: 'sg_far', target: 'far' },
      { id: 'r_s2', kind: 'route', source: 's2', target: 'v', props: { destinationCidr: '10.0.0.0/16' } },
      {
        id: 'r_a_v2',
        kind: 'route',
        source: 'priv_a',
        target: 'v2',
        props: { destinationCidr: '10.9.0.0/16' },
      },
      ...(both
        ? [
            {
              id: 'r_b_v2',
              kind: 'route',
              source: 'priv_b',
              target: 'v2',
              props: { destinationCidr: '10.9.0.0/16' },
            },
          ]
        : []),
    ],
  });
  type Edit = { add?: unknown[]; edges?: unknown[]; remove?: string[] };
  const bucket = { add: [{ id: 'bucket', kind: 's3-bucket' }] };
  const table = { add: [{ id: 'table', kind: 'dynamodb-table', props: { partitionKeyName: 'pk' } }] };
  // Drawn in a public subnet with public addresses, listing a private one (or, near miss, a public one).
  const open = { ingress: [{ protocol: 'tcp', fromPort: 8080, toPort: 8080, cidr: '0.0.0.0/0' }] };
  const publicAsg = { parent: { asg: 'pub_a' }, props: { asg: { associatePublicIp: true }, sg_app: open } };

  // [resource, what blocks, flow source → target (port), edit that blocks in priv_b only, near miss, expected]
  const cases: [
    string,
    string,
    [string, string, number],
    Edit & Record<string, unknown>,
    Edit & Record<string, unknown>,
    string,
  ][] = [
    [
      'svc',
      'a network ACL',
      ['svc', 'db', 5432],
      aclB({ outbound: [rule(90, 'deny', 'tcp', '10.0.0.0/16', 5432)] }),
      aclB(),
      'Flow "svc" → "db" (tcp 5432) is blocked from "svc"\'s tasks in Subnet "priv_b" (one of its 2 subnets): Network ACL "acl_b" on Subnet "priv_b": outbound rule 90 denies the request (tcp 5432 to "db" (10.0.10.0/24)).',
    ],
    [
      'svc',
      'a route table',
      ['svc', 'bucket', 443],
      { ...bucket, remove: ['r_priv_b'] },
      bucket,
      'Flow "svc" → "bucket" (tcp 443) is blocked from "svc"\'s tasks in Subnet "priv_b" (one of its 2 subnets): Subnet "priv_b" has no 0.0.0.0/0 route to an internet gateway or a NAT.',
    ],
    [
      'asg',
      'a network ACL',
      ['alb', 'asg', 8080],
      aclB({ inbound: [rule(90, 'deny', 'tcp', '10.0.0.0/16', 8080)] }),
      aclB(),
      'Flow "alb" → "asg" (tcp 8080) is blocked to "asg"\'s instances in Subnet "priv_b" (one of its 2 subnets): Network ACL "acl_b" on Subnet "priv_b": inbound rule 90 denies the request (tcp 8080 from "alb" (10.0.0.0/24)).',
    ],
    [
      'asg',
      'a route table',
      ['asg', 'table', 443],
      { ...table, remove: ['r_priv_b'] },
      table,
      'Flow "asg" → "table" (tcp 443) is blocked from "asg"\'s instances in Subnet "priv_b" (one of its 2 subnets): Subnet "priv_b" has no 0.0.0.0/0 route to an internet gateway or a NAT.',
    ],
    [
      'asg',
      'a route table (from the internet)',
      ['users', 'asg', 8080],
      publicAsg,
      { ...publicAsg, props: { ...publicAsg.props, asg: { associatePublicIp: true, subnetIds: ['pub_b'] } } },
      'Flow "users" → "asg" (tcp 8080) is blocked to "asg"\'s instances in Subnet "priv_b" (one of its 2 subnets): Subnet "priv_b" is private: it has no 0.0.0.0/0 route to an internet gateway of VPC "v".',
    ],
    [
      'fn',
      'a network ACL',
      ['fn', 'db', 5432],
      aclB({ outbound: [rule(90, 'deny', 'tcp', '10.0.0.0/16', 5432)] }),
      aclB(),
      'Flow "fn" → "db" (tcp 5432) is blocked from "fn"\'s network interfaces in Subnet "priv_b" (one of its 2 subnets): Network ACL "acl_b" on Subnet "priv_b": outbound rule 90 denies the request (tcp 5432 to "db" (10.0.10.0/24)).',
    ],
    [
      'fn',
      'a route table',
      ['fn', 'far', 22],
      peered(false),
      peered(true),
      'Flow "fn" → "far" (tcp 22) is blocked from "fn"\'s network interfaces in Subnet "priv_b" (one of its 2 subnets): Subnet "priv_b" has no route to VPC "v2".',
    ],
  ];

  const build = (
    id: string,
    [s, t, port]: [string, string, number],
    edit: Edit & Record<string, unknown>,
  ) => {
    const {
      add = [],
      edges = [],
      parent,
      props = {},
      ...rest
    } = edit as Edit & {
      parent?: Record<string, string>;
      props?: Record<string, Record<string, unknown>>;
    };
    const node = {
      id,
      kind: spread[id]!.kind,
      parentId: parent?.[id] ?? 'priv_a',
      props: { subnetIds: ['priv_b'], ...spread[id]!.props, ...props[id] },
    };
    return net({
      ...rest,
      props: { db: { subnetGroupSubnetIds: undefined }, ...props },
      add: [node, ...(add as never[])],
      edges: [
        { id: 'a_spread', kind: 'association', source: 'sg_app', target: id },
        { id: 'f', kind: 'traffic', source: s, target: t, props: { port } },
        ...(edges as never[]),
      ],
    } as Parameters<typeof net>[0]);
  };

  it.each(cases)('%s: %s blocking only an extra subnet', (id, _what, flow, edit, nearMiss, message) => {
    const found = blocked(build(id, flow, edit)).filter((f) => f.edge === 'f');
    expect(found.map((f) => f.message)).toEqual([message]);
    expect(found[0]!.nodes).toContain('priv_b');
    expect(blocked(build(id, flow, nearMiss)).filter((f) => f.edge === 'f')).toEqual([]);
  });

  it('reach() says where, and a flow blocked for every member is reported as before (no subnet named)', () => {
    const b = build(
      'svc',
      ['svc', 'db', 5432],
      aclB({ outbound: [rule(90, 'deny', 'tcp', '10.0.0.0/16', 5432)] }),
    );
    expect(reach(b, 'svc', 'db', { port: 5432 })).toEqual({
      reachable: false,
      reason:
        'Blocked from "svc"\'s tasks in Subnet "priv_b" (one of its 2 subnets): Network ACL "acl_b" on Subnet "priv_b": outbound rule 90 denies the request (tcp 5432 to "db" (10.0.10.0/24))',
      blockedAt: 'acl_b',
    });
    const everywhere = build('svc', ['svc', 'db', 5432], { props: { sg_db: { ingress: [] } } });
    expect(blocked(everywhere).filter((f) => f.edge === 'f')).toEqual([
      {
        edge: 'f',
        nodes: ['svc', 'db', 'sg_db'],
        message:
          'Flow "svc" → "db" (tcp 5432) is blocked: security group "sg_db" on RDS instance "db": no inbound rule admits tcp 5432 from "svc" (10.0.10.0/24).',
      },
    ]);
  });

  it('a service drawn in its VPC (not a subnet) is placed in the subnets it lists', () => {
    const b = build('svc', ['svc', 'db', 5432], {
      ...aclB({ outbound: [rule(90, 'deny', 'tcp', '10.0.0.0/16', 5432)] }),
      parent: { svc: 'v' },
      props: { svc: { subnetIds: ['priv_a', 'priv_b'] } },
    });
    expect(
      blocked(b)
        .filter((f) => f.edge === 'f')
        .map((f) => f.message),
    ).toEqual([
      'Flow "svc" → "db" (tcp 5432) is blocked from "svc"\'s tasks in Subnet "priv_b" (one of its 2 subnets): Network ACL "acl_b" on Subnet "priv_b": outbound rule 90 denies the request (tcp 5432 to "db" (10.0.10.0/24)).',
    ]);
  });

  it('a listed subnet with no way to S3 but a gateway endpoint of the VPC: VPCE_GATEWAY_NOT_ASSOCIATED names it', () => {
    const b = endpoints(
      { nat: false },
      {
        add: [{ id: 'svc', kind: 'ecs-service', parentId: 'priv_a', props: { subnetIds: ['priv_b'] } }],
        edges: [{ id: 'f', kind: 'traffic', source: 'svc', target: 'bucket', props: { port: 443 } }],
      },
    );
    const found = validateBoard(b).filter((f) => f.edgeIds[0] === 'f');
    expect(found.map((f) => [f.ruleId, f.nodeIds, f.message])).toEqual([
      [
        'VPCE_GATEWAY_NOT_ASSOCIATED',
        ['gw', 'svc', 'priv_b'],
        'ECS service (Fargate) "svc" cannot reach s3: Gateway endpoint "gw" is not associated with the route table of Subnet "priv_b", which has no other way out; a gateway endpoint serves only the route tables associated with it.',
      ],
    ]);
  });

  it("a function's listed subnet without a way out is LAMBDA_VPC_NO_EGRESS's, not reported twice", () => {
    const b = build('fn', ['fn', 'queue', 443], {
      add: [{ id: 'queue', kind: 'sqs-queue' }],
      remove: ['r_priv_b'],
    });
    const found = validateBoard(b).filter((f) => f.edgeIds[0] === 'f');
    expect(found.map((f) => [f.ruleId, f.nodeIds])).toEqual([
      ['LAMBDA_VPC_NO_EGRESS', ['fn', 'queue', 'priv_b']],
    ]);
  });
});

/**
 * The other kinds AWS places in any of several listed subnets: a database or cache in its subnet
 * group (or an Aurora cluster's instances' subnets), a load balancer's nodes, an interface
 * endpoint's network interfaces. Each case blocks the flow in a listed subnet only (its ACL or
 * route), where the drawn subnet lets it through; the near miss lets it through there too.
 */
describe('NET_FLOW_BLOCKED for databases, caches, load balancers and endpoints in several subnets', () => {
  type Edit = NonNullable<Parameters<typeof net>[0]>;
  /** Edits merged (lists concatenated, props and parents merged). */
  const merge = (...edits: Edit[]): Edit => ({
    add: edits.flatMap((e) => e.add ?? []),
    edges: edits.flatMap((e) => e.edges ?? []),
    remove: edits.flatMap((e) => e.remove ?? []),
    props: Object.assign({}, ...edits.map((e) => e.props ?? {})),
    parent: Object.assign({}, ...edits.map((e) => e.parent ?? {})),
  });
  const allowAll = [rule(100, 'allow', 'all', '0.0.0.0/0')];
  /** ACL `acl_x` on `subnet`, denying first what `deny` lists; no `deny`: the near miss, all allowed. */
  const acl = (subnet: string, deny: { inbound?: unknown[]; outbound?: unknown[] } = {}): Edit => ({
    add: [nacl('acl_x', [...(deny.inbound ?? []), ...allowAll], [...(deny.outbound ?? []), ...allowAll])],
    edges: [{ id: 'a_acl_x', kind: 'association', source: 'acl_x', target: subnet }],
  });
  /** A data store `id` drawn in priv_a, admitting any tcp from `cidr` (the VPC), with a flow `f` from app. */
  const store = (
    id: string,
    kind: string,
    port: number,
    props: Record<string, unknown>,
    cidr = '10.0.0.0/16',
  ): Edit => ({
    add: [
      { id, kind, parentId: 'priv_a', props },
      {
        id: 'sg_store',
        kind: 'security-group',
        parentId: 'v',
        props: { ingress: [{ protocol: 'tcp', fromPort: 0, toPort: 65535, cidr }] },
      },
    ],
    edges: [
      { id: 'a_store', kind: 'association', source: 'sg_store', target: id },
      { id: 'f', kind: 'traffic', source: 'app', target: id, props: { port } },
    ],
  });
  const denyIn = (port: number, cidr = '10.0.0.0/16') => ({ inbound: [rule(90, 'deny', 'tcp', cidr, port)] });
  const aurora = store('aur', 'aurora-cluster', 5432, {
    instances: [
      { name: 'w', role: 'writer', subnetId: 'priv_a' },
      { name: 'r', role: 'reader', subnetId: 'priv_b' },
    ],
  });
  const cache = store('cache', 'elasticache-cluster', 6379, { subnetGroupSubnetIds: ['priv_b'] });
  const warehouse = store('wh', 'redshift-cluster', 5439, { subnetGroupSubnetIds: ['priv_b'] });
  const nlb = store('nlb', 'load-balancer', 443, {
    type: 'network',
    scheme: 'internal',
    subnetIds: ['priv_b'],
  });
  const inPrivB = (port: number) =>
    `Network ACL "acl_x" on Subnet "priv_b": inbound rule 90 denies the request (tcp ${port} from "app" (10.0.10.0/24)).`;

  // [kind, what blocks, board edit blocking in a listed subnet only, near miss, edge, expected message]
  type Case = [string, string, () => Board, () => Board, string, string];
  /** `id` (added by `edit`, with a flow from app) cut off in priv_b, a subnet it lists, by its ACL. */
  const inListed = (
    kind: string,
    what: string,
    id: string,
    members: string,
    port: number,
    edit: Edit,
  ): Case => [
    kind,
    what,
    () => net(merge(edit, acl('priv_b', denyIn(port)))),
    () => net(merge(edit, acl('priv_b'))),
    id === 'db' ? 'f_app_db' : 'f',
    `Flow "app" → "${id}" (tcp ${port}) is blocked to "${id}"'s ${members} in Subnet "priv_b" (one of its 2 subnets): ${inPrivB(port)}`,
  ];
  const cases: Case[] = [
    inListed('rds-instance', 'its subnet group subnet’s ACL', 'db', 'instance', 5432, {}),
    inListed('aurora-cluster', 'a reader instance’s subnet’s ACL', 'aur', 'instances', 5432, aurora),
    inListed('elasticache-cluster', 'its cache subnet group subnet’s ACL', 'cache', 'nodes', 6379, cache),
    inListed('redshift-cluster', 'its cluster subnet group subnet’s ACL', 'wh', 'nodes', 5439, warehouse),
    inListed('load-balancer (internal, as a target)', 'a listed subnet’s ACL', 'nlb', 'nodes', 443, nlb),
    [
      'load-balancer (internet-facing)',
      'a listed subnet without an internet gateway route',
      () => net({ remove: ['r_pub_b'] }),
      () => net(),
      'f_users_alb',
      'Flow "users" → "alb" (tcp 443) is blocked to "alb"\'s nodes in Subnet "pub_b" (one of its 2 subnets): Subnet "pub_b" is private: it has no 0.0.0.0/0 route to an internet gateway of VPC "v".',
    ],
    [
      'load-balancer (internet-facing)',
      'a listed subnet’s ACL',
      () => net(acl('pub_b', denyIn(443, '0.0.0.0/0'))),
      () => net(acl('pub_b')),
      'f_users_alb',
      'Flow "users" → "alb" (tcp 443) is blocked to "alb"\'s nodes in Subnet "pub_b" (one of its 2 subnets): Network ACL "acl_x" on Subnet "pub_b": inbound rule 90 denies the request (tcp 443 from the internet).',
    ],
    [
      'load-balancer (to its targets)',
      'a listed subnet’s ACL',
      () => net(acl('pub_b', { outbound: [rule(90, 'deny', 'tcp', '10.0.0.0/16', 8080)] })),
      () => net(acl('pub_b')),
      'f_alb_app',
      'Flow "alb" → "app" (tcp 8080) is blocked from "alb"\'s nodes in Subnet "pub_b" (one of its 2 subnets): Network ACL "acl_x" on Subnet "pub_b": outbound rule 90 denies the request (tcp 8080 to "app" (10.0.10.0/24)).',
    ],
    [
      'interface-endpoint',
      'a listed subnet’s ACL',
      () => endpoints({}, acl('priv_b', denyIn(443))),
      () => endpoints({}, acl('priv_b')),
      'f_app_sqs',
      'Flow "app" → "queue" (tcp 443) is blocked: to "ep"\'s network interface in Subnet "priv_b" (one of its 2 subnets; the service\'s name resolves to each): Network ACL "acl_x" on Subnet "priv_b": inbound rule 90 denies the request (tcp 443 from "app" (10.0.10.0/24)).',
    ],
  ];

  it.each(cases)('%s: %s', (_kind, _what, hit, nearMiss, edge, message) => {
    const found = blocked(hit()).filter((f) => f.edge === edge);
    expect(found.map((f) => f.message)).toEqual([message]);
    expect(blocked(nearMiss()).filter((f) => f.edge === edge)).toEqual([]);
  });

  it("a Network Load Balancer's node sends only to targets in its own AZ (cross-zone off by default)", () => {
    // The load balancer in pub_a (us-east-1a) and pub_b (us-east-1b), app in priv_a (us-east-1a).
    const lb = (type: string, deny: string) =>
      net({
        ...acl(deny, { outbound: [rule(90, 'deny', 'tcp', '10.0.0.0/16', 8080)] }),
        props: { alb: { type } },
      });
    const toApp = (b: Board) => blocked(b).filter((f) => f.edge === 'f_alb_app');
    expect(toApp(lb('network', 'pub_b'))).toEqual([]);
    expect(toApp(lb('application', 'pub_b')).map((f) => f.nodes)).toEqual([['alb', 'app', 'acl_x', 'pub_b']]);
    expect(toApp(lb('network', 'pub_a')).map((f) => f.message)).toEqual([
      'Flow "alb" → "app" (tcp 8080) is blocked: Network ACL "acl_x" on Subnet "pub_a": outbound rule 90 denies the request (tcp 8080 to "app" (10.0.10.0/24)).',
    ]);
  });

  it('a Network Load Balancer with cross-zone load balancing on sends from every node to targets in every AZ', () => {
    const lb = (crossZone: boolean | undefined) =>
      net({
        ...acl('pub_b', { outbound: [rule(90, 'deny', 'tcp', '10.0.0.0/16', 8080)] }),
        props: { alb: { type: 'network', crossZone } },
      });
    const toApp = (b: Board) => blocked(b).filter((f) => f.edge === 'f_alb_app');
    expect(toApp(lb(true)).map((f) => f.message)).toEqual([
      'Flow "alb" → "app" (tcp 8080) is blocked from "alb"\'s nodes in Subnet "pub_b" (one of its 2 subnets): Network ACL "acl_x" on Subnet "pub_b": outbound rule 90 denies the request (tcp 8080 to "app" (10.0.10.0/24)).',
    ]);
    expect(toApp(lb(false))).toEqual([]);
    expect(toApp(lb(undefined))).toEqual([]);
  });

  it("a load balancer's nodes send only to targets in the zones of its subnets: members elsewhere get no traffic", () => {
    // An Auto Scaling group in priv_a (us-east-1a) and priv_b (us-east-1b), priv_b's ACL dropping 8080.
    const group = (lb: Record<string, unknown>) =>
      net(
        merge(
          {
            add: [
              {
                id: 'group',
                kind: 'autoscaling-group',
                parentId: 'priv_a',
                props: { subnetIds: ['priv_b'], instancePort: 8080 },
              },
            ],
            edges: [
              { id: 'a_group', kind: 'association', source: 'sg_app', target: 'group' },
              { id: 'f_group', kind: 'traffic', source: 'alb', target: 'group' },
            ],
            props: { alb: lb },
          },
          acl('priv_b', denyIn(8080)),
        ),
      );
    const toGroup = (b: Board) => blocked(b).filter((f) => f.edge === 'f_group');
    for (const type of ['application', 'network'])
      for (const crossZone of [true, false]) {
        // In pub_a and pub_b: a node in us-east-1b sends to the instances in priv_b.
        expect(
          toGroup(group({ type, crossZone })).map((f) => f.nodes),
          `${type} ${crossZone}`,
        ).toEqual([expect.arrayContaining(['alb', 'group', 'acl_x', 'priv_b'])]);
        // In pub_a only: us-east-1b is not enabled, its instances get no traffic (LB_TARGET_AZ_UNSERVED says so).
        expect(toGroup(group({ type, crossZone, subnetIds: undefined })), `${type} ${crossZone}`).toEqual([]);
      }
  });

  // Exposed if the internet reaches the data store in any subnet it may be in.
  const open5432 = { ingress: [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, cidr: '0.0.0.0/0' }] };
  const publicDb = (group: string[]) =>
    net({ props: { db: { publiclyAccessible: true, subnetGroupSubnetIds: group }, sg_db: open5432 } });
  const publicAurora = (reader: string) =>
    net(
      store(
        'aur',
        'aurora-cluster',
        5432,
        {
          publiclyAccessible: true,
          instances: [
            { name: 'w', role: 'writer', subnetId: 'priv_a' },
            { name: 'r', role: 'reader', subnetId: reader },
          ],
        },
        '0.0.0.0/0',
      ),
    );
  /** The internet-facing `alb` drawn in priv_a, listing `listed`, forwarding to `db` (admitting it). */
  const albToDb = (listed: string) =>
    net({
      parent: { alb: 'priv_a' },
      props: {
        alb: { subnetIds: [listed], listeners: [{ protocol: 'HTTPS', port: 443 }] },
        sg_db: {
          ingress: [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, sourceSecurityGroupId: 'sg_alb' }],
        },
      },
      edges: [{ id: 'f_alb_db', kind: 'traffic', source: 'alb', target: 'db', props: { port: 5432 } }],
    });
  const exposures: [string, () => Board, () => Board, string][] = [
    [
      'an RDS instance whose subnet group lists a public subnet',
      () => publicDb(['pub_b']),
      () => publicDb(['priv_b']),
      'RDS instance "db" is reachable from the internet on tcp 5432 (its instance in Subnet "pub_b", one of its 2 subnets): Internet → Internet gateway "igw" → Subnet "pub_b" → Security group "sg_db" → "db".',
    ],
    [
      'an Aurora cluster with a reader in a public subnet',
      () => publicAurora('pub_b'),
      () => publicAurora('priv_b'),
      'Aurora cluster "aur" is reachable from the internet on tcp 5432 (its instances in Subnet "pub_b", one of its 2 subnets): Internet → Internet gateway "igw" → Subnet "pub_b" → Security group "sg_store" → "aur".',
    ],
    [
      'a load balancer drawn in a private subnet, with a node in a public one, forwarding to it',
      () => albToDb('pub_b'),
      () => albToDb('priv_b'),
      'RDS instance "db" is reachable from the internet through Load balancer "alb": Internet → Internet gateway "igw" → Subnet "pub_b" → Security group "sg_alb" → "alb" → "db" (tcp 5432).',
    ],
  ];
  it.each(exposures)('NET_DATA_TIER_EXPOSED: %s', (_what, hit, nearMiss, message) => {
    expect(exposed(hit()).map((f) => f.message)).toEqual([message]);
    expect(exposed(nearMiss())).toEqual([]);
  });

  it('VPCE_GATEWAY_NOT_ASSOCIATED warns for a listed subnet reaching S3 through NAT', () => {
    const svc = (associated: string[]) =>
      endpoints(
        { associate: false },
        {
          add: [{ id: 'svc', kind: 'ecs-service', parentId: 'priv_a', props: { subnetIds: ['priv_b'] } }],
          edges: [
            { id: 'f', kind: 'traffic', source: 'svc', target: 'bucket', props: { port: 443 } },
            ...associated.map((s) => ({ id: `a_gw_${s}`, kind: 'association', source: 'gw', target: s })),
          ],
        },
      );
    const found = (b: Board) => validateBoard(b).filter((f) => f.edgeIds[0] === 'f');
    expect(found(svc(['priv_a'])).map((f) => [f.ruleId, f.severity, f.nodeIds, f.message])).toEqual([
      [
        'VPCE_GATEWAY_NOT_ASSOCIATED',
        'warning',
        ['gw', 'svc', 'priv_b'],
        'Gateway endpoint "gw" is not associated with the route table of Subnet "priv_b" (one of its 2 subnets), so "svc" reaches s3 from there through its 0.0.0.0/0 route (NAT data processing charges) instead.',
      ],
    ]);
    expect(found(svc(['priv_a', 'priv_b']))).toEqual([]);
  });
});
