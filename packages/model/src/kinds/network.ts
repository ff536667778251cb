import { field, required } from '../fields.ts';
import { defineKind } from './define.ts';
import { AWS_REGIONS, fromPortField, protocolField, toPortField } from './shared.ts';

export const vpc = defineKind({
  kind: 'vpc',
  title: 'VPC',
  category: 'network',
  description: 'A logically isolated virtual network in one region; spans availability zones.',
  icon: 'vpc',
  exportName: 'vpc',
  container: true,
  parents: ['root'],
  defaultSize: { width: 960, height: 560 },
  fields: {
    cidr: field.string('IPv4 CIDR', {
      format: 'cidr',
      default: '10.0.0.0/16',
      placeholder: '10.0.0.0/16',
      help: 'Between /16 and /28, inside an RFC 1918 range.',
    }),
    region: field.enum('Region', AWS_REGIONS, { default: 'us-east-1', format: 'region' }),
    enableDnsSupport: field.boolean('DNS resolution', { default: true }),
    enableDnsHostnames: field.boolean('DNS hostnames', { default: true }),
    instanceTenancy: field.enum('Tenancy', ['default', 'dedicated'], { default: 'default' }),
  },
  face: ['cidr', 'region'],
});

export const availabilityZone = defineKind({
  kind: 'az',
  title: 'Availability Zone',
  category: 'network',
  description: 'One or more data centres of a region; every subnet lives in exactly one.',
  icon: 'az',
  exportName: 'az',
  container: true,
  parents: ['root', 'vpc'],
  defaultSize: { width: 420, height: 460 },
  fields: {
    zone: field.string('Zone', {
      format: 'zone',
      placeholder: 'us-east-1a',
      help: 'Must belong to the VPC region.',
    }),
  },
  face: ['zone'],
});

export const subnet = defineKind({
  kind: 'subnet',
  title: 'Subnet',
  category: 'network',
  description:
    'A range of the VPC in one availability zone. Public when its routes send 0.0.0.0/0 to an internet gateway.',
  icon: 'subnet',
  exportName: 'subnet',
  container: true,
  parents: ['root', 'vpc', 'az'],
  defaultSize: { width: 360, height: 180 },
  fields: {
    cidr: field.string('IPv4 CIDR', {
      format: 'cidr',
      placeholder: '10.0.1.0/24',
      help: 'Inside the VPC CIDR, /16 to /28.',
    }),
    availabilityZone: field.string('Zone override', {
      format: 'zone',
      help: 'Normally taken from the availability zone the subnet is drawn in.',
    }),
    mapPublicIpOnLaunch: field.boolean('Auto-assign public IPv4', { default: false }),
  },
  face: ['cidr'],
});

export const internetGateway = defineKind({
  kind: 'internet-gateway',
  title: 'Internet gateway',
  category: 'network',
  description: 'Connects a VPC to the internet. One per VPC.',
  icon: 'internet-gateway',
  exportName: 'igw',
  container: false,
  parents: ['root', 'vpc'],
  fields: {},
  face: [],
});

export const natGateway = defineKind({
  kind: 'nat-gateway',
  title: 'NAT gateway',
  category: 'network',
  description: 'Managed NAT for private subnets; lives in a public subnet with an Elastic IP.',
  icon: 'nat-gateway',
  exportName: 'nat',
  container: false,
  parents: ['root', 'vpc', 'az', 'subnet'],
  fields: {
    connectivity: field.enum('Connectivity', ['public', 'private'], { default: 'public' }),
  },
  face: ['connectivity'],
  network: {
    addresses: 1,
    securityGroups: false,
    publicAddress: {
      when: (p) => p.connectivity === 'public',
      otherwise: 'has no public IPv4 address or Elastic IP',
    },
  },
});

export const natInstance = defineKind({
  kind: 'nat-instance',
  title: 'NAT instance',
  category: 'network',
  description:
    'An EC2 instance doing NAT: source/destination check off, in a public subnet, with a public IP.',
  icon: 'nat-instance',
  exportName: 'nat_instance',
  container: false,
  parents: ['root', 'vpc', 'az', 'subnet'],
  fields: {
    instanceType: field.string('Instance type', { default: 't3.small', placeholder: 't3.small' }),
    ami: field.string('AMI', {
      placeholder: 'ami-…',
      help: 'Left unset, export looks up the latest Amazon Linux 2023 AMI.',
    }),
    sourceDestCheck: field.boolean('Source/destination check', {
      default: false,
      help: 'Must be off for NAT to work.',
    }),
    associatePublicIp: field.boolean('Public IPv4', { default: false }),
  },
  face: ['instanceType'],
  network: { addresses: 1, securityGroups: true, publicAddress: 'instance' },
});

export const securityGroup = defineKind({
  kind: 'security-group',
  title: 'Security group',
  category: 'network',
  description: 'A stateful, allow-only firewall attached to resources (draw an association to each).',
  icon: 'security-group',
  exportName: 'sg',
  container: false,
  parents: ['root', 'vpc'],
  fields: {
    description: field.string('Description', { default: 'Managed by Stratus' }),
    ingress: field.list('Inbound rules', {
      protocol: protocolField(),
      fromPort: fromPortField(),
      toPort: toPortField(),
      cidr: field.string('Source CIDR', { format: 'cidr', placeholder: '0.0.0.0/0' }),
      sourceSecurityGroupId: field.ref('Source security group', ['security-group']),
      action: field.enum('Action', ['allow', 'deny'], {
        default: 'allow',
        help: 'Security groups only allow.',
      }),
      description: field.string('Description'),
    }),
    egress: field.list(
      'Outbound rules',
      {
        protocol: protocolField(),
        fromPort: fromPortField(),
        toPort: toPortField(),
        cidr: field.string('Destination CIDR', { format: 'cidr', placeholder: '0.0.0.0/0' }),
        destinationSecurityGroupId: field.ref('Destination security group', ['security-group']),
        action: field.enum('Action', ['allow', 'deny'], { default: 'allow' }),
        description: field.string('Description'),
      },
      { help: 'Unset: all outbound traffic allowed (the AWS default).' },
    ),
  },
  face: ['description'],
});

const naclRule = {
  ruleNumber: required(field.integer('Rule #', { min: 1, max: 32766 })),
  protocol: protocolField(),
  fromPort: fromPortField(),
  toPort: toPortField(),
  cidr: required(field.string('CIDR', { format: 'cidr', placeholder: '0.0.0.0/0' })),
  action: required(field.enum('Action', ['allow', 'deny'])),
};

export const networkAcl = defineKind({
  kind: 'network-acl',
  title: 'Network ACL',
  category: 'network',
  description: 'A stateless subnet firewall: numbered rules, lowest first, both directions.',
  icon: 'network-acl',
  exportName: 'nacl',
  container: false,
  parents: ['root', 'vpc'],
  fields: {
    isDefault: field.boolean('Default ACL', {
      default: false,
      help: "The VPC's default ACL allows all traffic; a custom ACL denies everything until rules are added.",
    }),
    inbound: field.list('Inbound rules', naclRule),
    outbound: field.list('Outbound rules', naclRule),
  },
  face: [],
});

export const elasticIp = defineKind({
  kind: 'elastic-ip',
  title: 'Elastic IP',
  category: 'network',
  description: 'A static public IPv4 address; associate it with a NAT gateway, NAT instance or EC2 instance.',
  icon: 'elastic-ip',
  exportName: 'eip',
  container: false,
  parents: ['root', 'vpc', 'az', 'subnet'],
  fields: {},
  face: [],
});

export const loadBalancer = defineKind({
  kind: 'load-balancer',
  title: 'Load balancer',
  category: 'network',
  description: 'An Application or Network Load Balancer spreading traffic over targets in several AZs.',
  icon: 'load-balancer',
  exportName: 'lb',
  container: false,
  parents: ['root', 'vpc', 'az', 'subnet'],
  fields: {
    type: field.enum('Type', ['application', 'network'], { default: 'application' }),
    scheme: field.enum('Scheme', ['internet-facing', 'internal'], { default: 'internet-facing' }),
    subnetIds: field.refs('Subnets', ['subnet'], {
      help: 'Subnets it spans besides the one it is drawn in (at least two AZs for an ALB).',
    }),
    listeners: field.list('Listeners', {
      protocol: required(field.enum('Protocol', ['HTTP', 'HTTPS', 'TCP', 'UDP', 'TLS'])),
      port: required(field.integer('Port', { min: 1, max: 65535 })),
    }),
    crossZone: field.boolean('Cross-zone load balancing', {
      default: false,
      help: 'Off by default for a Network Load Balancer: on, each node also sends to targets in the other AZs it has a subnet in; off, only to targets in its own AZ. An ALB always balances across zones.',
      shownWhen: { type: ['network'] },
    }),
  },
  face: ['type', 'scheme'],
  network: {
    addresses: 1,
    securityGroups: true,
    publicAddress: {
      when: (p) => p.scheme === 'internet-facing',
      otherwise: 'is internal (scheme "internal"), not internet-facing',
    },
    // A node in each subnet it spans; DNS answers with every node's address, so clients use any.
    spread: { members: 'nodes' },
  },
});
