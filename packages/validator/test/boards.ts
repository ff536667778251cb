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

export type { NodeSpec, EdgeSpec, BoardEdge };
