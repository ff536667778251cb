import { field, type PropsOf } from './fields.ts';
import type { Field } from './fields.ts';
import { NETWORKED_KINDS, NODE_KIND_IDS, type NodeKind, kindDef } from './kinds/index.ts';

export interface EdgeKindDef<
  K extends string = string,
  F extends Record<string, Field> = Record<string, Field>,
> {
  readonly kind: K;
  readonly title: string;
  readonly description: string;
  /** Allowed (source kinds, target kinds) pairs. Checked on import and when drawing. */
  readonly endpoints: readonly { readonly from: readonly string[]; readonly to: readonly string[] }[];
  readonly fields: F;
  /** Property shown as the edge's label, if any. */
  readonly labelField?: keyof F & string;
  readonly directed: boolean;
}

const defineEdgeKind = <const K extends string, const F extends Record<string, Field>>(
  d: EdgeKindDef<K, F>,
) => d;

/** Every kind that takes part in the architecture (not whiteboard items). */
const ARCHITECTURE: readonly string[] = NODE_KIND_IDS.filter((k) => !kindDef(k)?.whiteboard);

export const EDGE_KINDS = [
  defineEdgeKind({
    kind: 'route',
    title: 'Route',
    description: "A route in the subnet's route table: traffic to the destination CIDR goes to the target.",
    endpoints: [
      {
        from: ['subnet'],
        to: ['internet-gateway', 'nat-gateway', 'nat-instance', 'ec2-instance', 'vpc', 'transit-gateway'],
      },
    ],
    fields: {
      destinationCidr: field.string('Destination CIDR', { format: 'cidr', default: '0.0.0.0/0' }),
    },
    labelField: 'destinationCidr',
    directed: true,
  }),
  defineEdgeKind({
    kind: 'peering',
    title: 'VPC peering',
    description: 'A peering connection between two VPCs (not transitive). A route to a VPC uses it.',
    endpoints: [{ from: ['vpc'], to: ['vpc'] }],
    fields: {
      addRoutes: field.boolean('Add routes on both sides', {
        default: true,
        help: "Export adds a route to the peer's CIDR in every route table of both VPCs.",
      }),
    },
    directed: false,
  }),
  defineEdgeKind({
    kind: 'origin',
    title: 'CloudFront origin',
    description: 'Where a CloudFront distribution fetches what it does not have cached.',
    endpoints: [{ from: ['cloudfront-distribution'], to: ARCHITECTURE }],
    fields: {
      originPath: field.string('Origin path', { placeholder: '/static' }),
      vpcOrigin: field.boolean('VPC origin', {
        default: false,
        help: 'Reach an ALB, NLB or EC2 instance in a private subnet through a CloudFront VPC origin.',
      }),
    },
    labelField: 'originPath',
    directed: true,
  }),
  defineEdgeKind({
    kind: 'read-replica',
    title: 'Read replica',
    description: 'From a read replica to its source database.',
    endpoints: [{ from: ['rds-instance'], to: ['rds-instance', 'aurora-cluster'] }],
    fields: {},
    directed: true,
  }),
  defineEdgeKind({
    kind: 'dead-letter',
    title: 'Dead-letter queue',
    description: 'Messages that fail maxReceiveCount times move from the source queue to this queue.',
    endpoints: [{ from: ['sqs-queue'], to: ['sqs-queue'] }],
    fields: {
      maxReceiveCount: field.integer('Max receives', { default: 5, min: 1, max: 1000 }),
    },
    labelField: 'maxReceiveCount',
    directed: true,
  }),
  defineEdgeKind({
    kind: 'traffic',
    title: 'Traffic flow',
    description:
      'Traffic that must be able to flow from the source to the target (checked by reachability rules).',
    endpoints: [{ from: ARCHITECTURE, to: ARCHITECTURE }],
    fields: {
      protocol: field.enum('Protocol', ['tcp', 'udp', 'icmp', 'all'], { default: 'tcp' }),
      port: field.integer('Port', { min: 0, max: 65535, placeholder: '443' }),
      requiresOrdering: field.boolean('Needs ordering', {
        default: false,
        help: 'The consumer relies on messages arriving in order.',
      }),
    },
    labelField: 'port',
    directed: true,
  }),
  defineEdgeKind({
    kind: 'association',
    title: 'Association',
    description:
      'A network ACL guarding a subnet, a security group guarding a resource, an Elastic IP on a NAT or instance, a gateway endpoint in the route table of a subnet.',
    endpoints: [
      { from: ['network-acl'], to: ['subnet'] },
      { from: ['security-group'], to: NETWORKED_KINDS },
      { from: ['elastic-ip'], to: ['nat-gateway', 'nat-instance', 'ec2-instance'] },
      { from: ['gateway-endpoint'], to: ['subnet'] },
    ],
    fields: {},
    directed: true,
  }),
  defineEdgeKind({
    kind: 'attachment',
    title: 'Transit Gateway attachment',
    description:
      "A VPC attachment to a Transit Gateway: its network interface in this subnet (attach one subnet per AZ; the VPC's other subnets in that AZ use it too).",
    endpoints: [{ from: ['subnet'], to: ['transit-gateway'] }],
    fields: {},
    directed: true,
  }),
] as const;

type AnyEdgeKindDef = (typeof EDGE_KINDS)[number];
export type EdgeKind = AnyEdgeKindDef['kind'];
export type EdgePropsOf<K extends EdgeKind> = PropsOf<Extract<AnyEdgeKindDef, { kind: K }>['fields']>;

const edgeByKind = new Map<string, EdgeKindDef>(EDGE_KINDS.map((k) => [k.kind, k as unknown as EdgeKindDef]));

export function isEdgeKind(kind: unknown): kind is EdgeKind {
  return typeof kind === 'string' && edgeByKind.has(kind);
}

export function edgeKindDef(kind: string): EdgeKindDef | undefined {
  return edgeByKind.get(kind);
}

export const EDGE_KIND_IDS: readonly EdgeKind[] = EDGE_KINDS.map((k) => k.kind);

/** May an edge of this kind go from a node of `from` kind to one of `to` kind? */
export function canConnect(kind: EdgeKind, from: NodeKind, to: NodeKind): boolean {
  const def = edgeByKind.get(kind);
  return !!def?.endpoints.some((e) => e.from.includes(from) && e.to.includes(to));
}

/** The edge kinds that may join these two nodes, in catalogue order. */
export function connectableKinds(from: NodeKind, to: NodeKind): EdgeKind[] {
  return EDGE_KIND_IDS.filter((k) => canConnect(k, from, to));
}
