import { type PropsOf, field, required } from '../fields.ts';
import { defineKind } from './define.ts';

/**
 * Private connectivity between VPCs and to AWS services: VPC endpoints and Transit Gateway.
 * How they are drawn (see docs/board-format.md):
 * - a gateway endpoint sits in its VPC (not in a subnet); an `association` edge from it to a
 *   subnet means "the route table of this subnet" gets the endpoint's prefix-list route;
 * - an interface endpoint is drawn in one subnet and lists the others it has a network
 *   interface in (one per AZ), like a load balancer;
 * - a Transit Gateway is regional (drawn outside VPCs); an `attachment` edge from a subnet to it
 *   is the VPC attachment's interface in that subnet (one subnet per AZ), and `route` edges from
 *   subnets to it send a destination CIDR through it.
 */

/** Services a gateway endpoint exists for: AWS offers gateway endpoints only for these two. */
export const GATEWAY_ENDPOINT_SERVICES = ['s3', 'dynamodb'] as const;

export const gatewayEndpoint = defineKind({
  kind: 'gateway-endpoint',
  title: 'Gateway endpoint',
  category: 'network',
  description:
    'A VPC gateway endpoint for S3 or DynamoDB: a route in the route tables of the subnets associated with it.',
  icon: 'gateway-endpoint',
  exportName: 'gateway_endpoint',
  container: false,
  parents: ['root', 'vpc'],
  fields: {
    service: field.enum('Service', GATEWAY_ENDPOINT_SERVICES, {
      default: 's3',
      optionLabels: { s3: 'Amazon S3', dynamodb: 'Amazon DynamoDB' },
      help: 'Draw an association to each subnet whose route table should use it.',
    }),
  },
  face: ['service'],
});

export const interfaceEndpoint = defineKind({
  kind: 'interface-endpoint',
  title: 'Interface endpoint',
  category: 'network',
  description:
    'A VPC interface endpoint (PrivateLink): network interfaces in subnets answering for an AWS service such as ECR, logs or STS.',
  icon: 'interface-endpoint',
  exportName: 'interface_endpoint',
  container: false,
  parents: ['root', 'vpc', 'az', 'subnet'],
  fields: {
    service: field.string('Service', {
      default: 'ecr.api',
      placeholder: 'ecr.api',
      help: 'The service name after com.amazonaws.<region>., e.g. ecr.api, ecr.dkr, logs, sts, secretsmanager, sqs, sns, execute-api.',
    }),
    subnetIds: field.refs('Subnets', ['subnet'], {
      help: 'Subnets it has a network interface in besides the one it is drawn in (one per AZ; two AZs or more for availability).',
    }),
    privateDnsEnabled: field.boolean('Private DNS', {
      default: true,
      help: "The service's default DNS name resolves to the endpoint inside the VPC (needs the VPC's DNS resolution and DNS hostnames).",
    }),
  },
  face: ['service'],
  network: {
    // One network interface (one address) in each subnet it is in: here, the one it is drawn in.
    addresses: 1,
    securityGroups: true,
    publicAddress: 'never',
    // One network interface per subnet; the service's DNS name resolves to every one of them.
    spread: { members: 'network interfaces' },
  },
});

/** A static route of a Transit Gateway route table. */
const tgwRouteRow = {
  destinationCidr: required(field.string('Destination CIDR', { format: 'cidr', placeholder: '10.1.0.0/16' })),
  vpcId: field.ref('Attached VPC', ['vpc'], { help: "Send it to this VPC's attachment." }),
  blackhole: field.boolean('Blackhole', { default: false, help: 'Drop traffic to this CIDR.' }),
};

export const transitGateway = defineKind({
  kind: 'transit-gateway',
  title: 'Transit Gateway',
  category: 'network',
  description:
    'A regional router between VPCs: attach a subnet per AZ of each VPC, and route CIDRs to it from their subnets.',
  icon: 'transit-gateway',
  exportName: 'tgw',
  container: false,
  parents: ['root'],
  fields: {
    amazonSideAsn: field.integer('Amazon side ASN', {
      default: 64512,
      min: 64512,
      max: 4294967294,
      help: 'A private ASN: 64512-65534 or 4200000000-4294967294.',
    }),
    defaultRouteTableAssociation: field.boolean('Default route table association', {
      default: true,
      help: 'Attachments are associated with the default route table.',
    }),
    defaultRouteTablePropagation: field.boolean('Default route table propagation', {
      default: true,
      help: "Attachments propagate their VPC's CIDR into the default route table.",
    }),
    routes: field.list('Static routes', tgwRouteRow, {
      help: 'Routes of the default route table, besides the propagated ones.',
    }),
    routeTables: field.list(
      'Route tables',
      {
        name: required(field.string('Name', { placeholder: 'prod' })),
        associations: field.refs('Associated VPCs', ['vpc'], {
          unique: true,
          help: 'VPCs whose attachment uses this table to route what it sends (an attachment is associated with one table; the others use the default table when default association is on).',
        }),
        propagations: field.refs('Propagating VPCs', ['vpc'], {
          help: "Attached VPCs whose CIDR this table learns (a route to the VPC's attachment).",
        }),
        routes: field.list('Static routes', tgwRouteRow),
      },
      {
        help: 'Extra route tables, to segment attached VPCs (prod and dev both reach shared services, not each other). Without any, every attachment uses the default table.',
      },
    ),
  },
  face: ['amazonSideAsn'],
});

/**
 * Which route table of a Transit Gateway a VPC's attachment is associated with: the index of the
 * first `routeTables` row listing the VPC; else `'default'`, the gateway's own table (always while
 * it has no route tables, as before they existed; with them, while default association is on);
 * else `undefined`: associated with none, so nothing the VPC sends through the gateway is routed.
 * The validator routes by it and export associates by it.
 */
export function transitRouteTableOf(
  tgw: PropsOf<typeof transitGateway.fields>,
  vpcId: string,
): number | 'default' | undefined {
  const tables = tgw.routeTables ?? [];
  const index = tables.findIndex((t) => t.associations?.includes(vpcId));
  if (index >= 0) return index;
  if (tables.length === 0 || tgw.defaultRouteTableAssociation !== false) return 'default';
  return undefined;
}
