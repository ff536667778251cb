import { type Board, type BoardEdge, type BoardNode, parseBoardOrThrow } from '@stratus/model';

type NodeSpec = {
  id: string;
  kind: string;
  parentId?: string | null;
  props?: Record<string, unknown>;
  label?: string;
  acks?: BoardNode['acks'];
};
type EdgeSpec = { id: string; kind: string; source: string; target: string; props?: Record<string, unknown> };

/** A board from terse specs, checked by the model's strict import (so every test board is a real board). */
export function board(nodes: NodeSpec[], edges: EdgeSpec[] = []): Board {
  return parseBoardOrThrow({
    format: 'stratus.board',
    version: 1,
    name: 'test',
    nodes: nodes.map((n) => ({
      id: n.id,
      kind: n.kind,
      label: n.label ?? n.id,
      parentId: n.parentId ?? null,
      position: { x: 0, y: 0 },
      props: n.props ?? {},
      ...(n.acks ? { acks: n.acks } : {}),
    })),
    edges: edges.map((e) => ({ ...e, props: e.props ?? {} })),
  });
}

/** Editable specs of a correct design: VPC in two AZs, public/private subnets, IGW, NAT, ALB, app, RDS. */
export function netSpecs(): { nodes: NodeSpec[]; edges: EdgeSpec[] } {
  return {
    nodes: [
      { id: 'users', kind: 'internet' },
      { id: 'v', kind: 'vpc', props: { cidr: '10.0.0.0/16', region: 'us-east-1' } },
      { id: 'aza', kind: 'az', parentId: 'v', props: { zone: 'us-east-1a' } },
      { id: 'azb', kind: 'az', parentId: 'v', props: { zone: 'us-east-1b' } },
      { id: 'pub_a', kind: 'subnet', parentId: 'aza', props: { cidr: '10.0.0.0/24' } },
      { id: 'pub_b', kind: 'subnet', parentId: 'azb', props: { cidr: '10.0.1.0/24' } },
      { id: 'priv_a', kind: 'subnet', parentId: 'aza', props: { cidr: '10.0.10.0/24' } },
      { id: 'priv_b', kind: 'subnet', parentId: 'azb', props: { cidr: '10.0.11.0/24' } },
      { id: 'igw', kind: 'internet-gateway', parentId: 'v' },
      { id: 'nat', kind: 'nat-gateway', parentId: 'pub_a', props: { connectivity: 'public' } },
      { id: 'eip', kind: 'elastic-ip', parentId: 'pub_a' },
      { id: 'alb', kind: 'load-balancer', parentId: 'pub_a', props: { subnetIds: ['pub_b'] } },
      { id: 'app', kind: 'ec2-instance', parentId: 'priv_a' },
      {
        id: 'db',
        kind: 'rds-instance',
        parentId: 'priv_a',
        props: { engine: 'postgres', subnetGroupSubnetIds: ['priv_b'] },
      },
      {
        id: 'sg_alb',
        kind: 'security-group',
        parentId: 'v',
        props: { ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' }] },
      },
      {
        id: 'sg_app',
        kind: 'security-group',
        parentId: 'v',
        props: {
          ingress: [{ protocol: 'tcp', fromPort: 8080, toPort: 8080, sourceSecurityGroupId: 'sg_alb' }],
        },
      },
      {
        id: 'sg_db',
        kind: 'security-group',
        parentId: 'v',
        props: {
          ingress: [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, sourceSecurityGroupId: 'sg_app' }],
        },
      },
    ],
    edges: [
      {
        id: 'r_pub_a',
        kind: 'route',
        source: 'pub_a',
        target: 'igw',
        props: { destinationCidr: '0.0.0.0/0' },
      },
      {
        id: 'r_pub_b',
        kind: 'route',
        source: 'pub_b',
        target: 'igw',
        props: { destinationCidr: '0.0.0.0/0' },
      },
      {
        id: 'r_priv_a',
        kind: 'route',
        source: 'priv_a',
        target: 'nat',
        props: { destinationCidr: '0.0.0.0/0' },
      },
      {
        id: 'r_priv_b',
        kind: 'route',
        source: 'priv_b',
        target: 'nat',
        props: { destinationCidr: '0.0.0.0/0' },
      },
      { id: 'a_eip', kind: 'association', source: 'eip', target: 'nat' },
      { id: 'a_alb', kind: 'association', source: 'sg_alb', target: 'alb' },
      { id: 'a_app', kind: 'association', source: 'sg_app', target: 'app' },
      { id: 'a_db', kind: 'association', source: 'sg_db', target: 'db' },
      {
        id: 'f_users_alb',
        kind: 'traffic',
        source: 'users',
        target: 'alb',
        props: { protocol: 'tcp', port: 443 },
      },
      {
        id: 'f_alb_app',
        kind: 'traffic',
        source: 'alb',
        target: 'app',
        props: { protocol: 'tcp', port: 8080 },
      },
      {
        id: 'f_app_db',
        kind: 'traffic',
        source: 'app',
        target: 'db',
        props: { protocol: 'tcp', port: 5432 },
      },
    ],
  };
}

type Specs = ReturnType<typeof netSpecs>;

/** The correct design with edits applied: set props (merged; `undefined` deletes), add/remove nodes and edges. */
export function net(
  edit: {
    props?: Record<string, Record<string, unknown>>;
    add?: NodeSpec[];
    edges?: EdgeSpec[];
    remove?: string[];
    parent?: Record<string, string | null>;
  } = {},
): Board {
  const s: Specs = netSpecs();
  const removed = new Set(edit.remove ?? []);
  const nodes = s.nodes
    .filter((n) => !removed.has(n.id))
    .map((n) => {
      const patch = edit.props?.[n.id];
      const props = { ...(n.props ?? {}) };
      if (patch)
        for (const [k, v] of Object.entries(patch)) v === undefined ? delete props[k] : (props[k] = v);
      const parentId = edit.parent && n.id in edit.parent ? edit.parent[n.id] : n.parentId;
      return { ...n, props, parentId };
    });
  const edges = s.edges.filter((e) => !removed.has(e.id) && !removed.has(e.source) && !removed.has(e.target));
  return board([...nodes, ...(edit.add ?? [])], [...edges, ...(edit.edges ?? [])]);
}

/**
 * The correct design calling AWS services from the app (`app` → S3 bucket `bucket`, SQS queue
 * `queue`) with VPC endpoints in `v`: a gateway endpoint `gw` (S3, associated with `priv_a`
 * unless `associate` is false) and an interface endpoint `ep` (SQS, in `priv_a` and `priv_b`,
 * security group `sg_ep` admitting 443 from `sg_app`). `nat: false` removes the private subnets'
 * NAT routes. `edit` applies on top (see `net`).
 */
export function endpoints(
  opts: { nat?: boolean; associate?: boolean; ep?: Record<string, unknown>; sgEp?: unknown[] } = {},
  edit: Parameters<typeof net>[0] = {},
): Board {
  const removed = new Set(edit.remove ?? []);
  const add: NodeSpec[] = [
    { id: 'bucket', kind: 's3-bucket' },
    { id: 'queue', kind: 'sqs-queue' },
    { id: 'gw', kind: 'gateway-endpoint', parentId: 'v', props: { service: 's3' } },
    {
      id: 'ep',
      kind: 'interface-endpoint',
      parentId: 'priv_a',
      props: { service: 'sqs', subnetIds: ['priv_b'], ...opts.ep },
    },
    {
      id: 'sg_ep',
      kind: 'security-group',
      parentId: 'v',
      props: {
        ingress: opts.sgEp ?? [
          { protocol: 'tcp', fromPort: 443, toPort: 443, sourceSecurityGroupId: 'sg_app' },
        ],
      },
    },
    ...(edit.add ?? []),
  ];
  const edges: EdgeSpec[] = [
    ...(opts.associate === false
      ? []
      : [{ id: 'a_gw', kind: 'association', source: 'gw', target: 'priv_a' }]),
    { id: 'a_ep', kind: 'association', source: 'sg_ep', target: 'ep' },
    { id: 'f_app_s3', kind: 'traffic', source: 'app', target: 'bucket', props: { port: 443 } },
    { id: 'f_app_sqs', kind: 'traffic', source: 'app', target: 'queue', props: { port: 443 } },
    ...(edit.edges ?? []),
  ];
  return net({
    ...edit,
    remove: [...(opts.nat === false ? ['r_priv_a', 'r_priv_b'] : []), ...removed],
    add: add.filter((n) => !removed.has(n.id)),
    edges: edges.filter((e) => !removed.has(e.id) && !removed.has(e.source) && !removed.has(e.target)),
  });
}

/**
 * Two VPCs joined by a Transit Gateway `tgw`: `va` 10.1.0.0/16 (subnet `sa` in us-east-1a, instance
 * `ia`) and `vb` (subnet `sb` in us-east-1a, instance `ib` whose group admits ssh from 10.1.0.0/16),
 * each attached through its subnet, routing the other's block to the gateway; a flow `ia` → `ib` on
 * tcp 22. `drop` removes nodes or edges (`att_a`, `att_b`, `r_a`, `r_b`), `tgw` sets its properties.
 */
export function transit(
  opts: {
    vb?: string;
    tgw?: Record<string, unknown>;
    drop?: string[];
    add?: NodeSpec[];
    edges?: EdgeSpec[];
  } = {},
): Board {
  const vb = opts.vb ?? '10.2.0.0/16';
  const sb = vb.replace(/\.0\.0\/16$/, '.0.0/24');
  const drop = new Set(opts.drop ?? []);
  const nodes: NodeSpec[] = [
    { id: 'va', kind: 'vpc', props: { cidr: '10.1.0.0/16' } },
    { id: 'vb', kind: 'vpc', props: { cidr: vb } },
    { id: 'za', kind: 'az', parentId: 'va', props: { zone: 'us-east-1a' } },
    { id: 'zb', kind: 'az', parentId: 'vb', props: { zone: 'us-east-1a' } },
    { id: 'sa', kind: 'subnet', parentId: 'za', props: { cidr: '10.1.0.0/24' } },
    { id: 'sb', kind: 'subnet', parentId: 'zb', props: { cidr: sb } },
    { id: 'ia', kind: 'ec2-instance', parentId: 'sa' },
    { id: 'ib', kind: 'ec2-instance', parentId: 'sb' },
    {
      id: 'sg_b',
      kind: 'security-group',
      parentId: 'vb',
      props: { ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '10.1.0.0/16' }] },
    },
    { id: 'tgw', kind: 'transit-gateway', props: opts.tgw ?? {} },
    ...(opts.add ?? []),
  ];
  const edges: EdgeSpec[] = [
    { id: 'a_sg_b', kind: 'association', source: 'sg_b', target: 'ib' },
    { id: 'att_a', kind: 'attachment', source: 'sa', target: 'tgw' },
    { id: 'att_b', kind: 'attachment', source: 'sb', target: 'tgw' },
    { id: 'r_a', kind: 'route', source: 'sa', target: 'tgw', props: { destinationCidr: vb } },
    { id: 'r_b', kind: 'route', source: 'sb', target: 'tgw', props: { destinationCidr: '10.1.0.0/16' } },
    { id: 'f', kind: 'traffic', source: 'ia', target: 'ib', props: { port: 22 } },
    ...(opts.edges ?? []),
  ];
  return board(
    nodes.filter((n) => !drop.has(n.id)),
    edges.filter((e) => !drop.has(e.id) && !drop.has(e.source) && !drop.has(e.target)),
  );
}

/** The segmentation example: each VPC's attachment associated with its own table. */
export const SEGMENTED_TABLES = [
  { name: 'prod', associations: ['prod'], propagations: ['shared'] },
  { name: 'dev', associations: ['dev'], propagations: ['shared'] },
  { name: 'shared', associations: ['shared'], propagations: ['prod', 'dev'] },
];

/**
 * Three VPCs on one Transit Gateway: prod 10.1/16, dev 10.2/16, shared 10.3/16, each with one
 * subnet in us-east-1a attached, a route for 10.0.0.0/8 to the gateway, an instance, and a
 * security group allowing SSH from 10.0.0.0/8. Flows: prod → shared, dev → shared, prod → dev.
 * `tgw` are the gateway's props (default: the three segmenting route tables).
 */
export function segmented(
  opts: { tgw?: Record<string, unknown>; drop?: string[]; add?: NodeSpec[]; edges?: EdgeSpec[] } = {},
): Board {
  const drop = new Set(opts.drop ?? []);
  const vpcs = [
    ['prod', '10.1'],
    ['dev', '10.2'],
    ['shared', '10.3'],
  ] as const;
  const nodes: NodeSpec[] = [
    ...vpcs.flatMap(([v, net]): NodeSpec[] => [
      { id: v, kind: 'vpc', props: { cidr: `${net}.0.0/16` } },
      { id: `z_${v}`, kind: 'az', parentId: v, props: { zone: 'us-east-1a' } },
      { id: `s_${v}`, kind: 'subnet', parentId: `z_${v}`, props: { cidr: `${net}.0.0/24` } },
      { id: `i_${v}`, kind: 'ec2-instance', parentId: `s_${v}` },
      {
        id: `sg_${v}`,
        kind: 'security-group',
        parentId: v,
        props: { ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '10.0.0.0/8' }] },
      },
    ]),
    { id: 'tgw', kind: 'transit-gateway', props: opts.tgw ?? { routeTables: SEGMENTED_TABLES } },
    ...(opts.add ?? []),
  ];
  const edges: EdgeSpec[] = [
    ...vpcs.flatMap(([v]): EdgeSpec[] => [
      { id: `a_sg_${v}`, kind: 'association', source: `sg_${v}`, target: `i_${v}` },
      { id: `att_${v}`, kind: 'attachment', source: `s_${v}`, target: 'tgw' },
      {
        id: `r_${v}`,
        kind: 'route',
        source: `s_${v}`,
        target: 'tgw',
        props: { destinationCidr: '10.0.0.0/8' },
      },
    ]),
    { id: 'f_prod_shared', kind: 'traffic', source: 'i_prod', target: 'i_shared', props: { port: 22 } },
    { id: 'f_dev_shared', kind: 'traffic', source: 'i_dev', target: 'i_shared', props: { port: 22 } },
    { id: 'f_prod_dev', kind: 'traffic', source: 'i_prod', target: 'i_dev', props: { port: 22 } },
    ...(opts.edges ?? []),
  ];
  return board(
    nodes.filter((n) => !drop.has(n.id)),
    edges.filter((e) => !drop.has(e.id) && !drop.has(e.source) && !drop.has(e.target)),
  );
}

export type { NodeSpec, EdgeSpec, BoardEdge };
