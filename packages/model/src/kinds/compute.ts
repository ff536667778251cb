import { field } from '../fields.ts';
import { defineKind } from './define.ts';
import { IN_NETWORK } from './shared.ts';

export const ec2Instance = defineKind({
  kind: 'ec2-instance',
  title: 'EC2 instance',
  category: 'compute',
  description: 'A virtual server in a subnet.',
  icon: 'ec2-instance',
  exportName: 'instance',
  container: false,
  parents: IN_NETWORK,
  fields: {
    instanceType: field.string('Instance type', { default: 't3.micro', placeholder: 't3.micro' }),
    ami: field.string('AMI', {
      placeholder: 'ami-…',
      help: 'Left unset, export uses the latest Amazon Linux 2023 AMI.',
    }),
    count: field.integer('Instances', {
      default: 1,
      min: 1,
      help: 'How many identical instances this node stands for.',
    }),
    associatePublicIp: field.boolean('Public IPv4', { default: false }),
    sourceDestCheck: field.boolean('Source/destination check', { default: true }),
  },
  face: ['instanceType', 'count'],
  network: { addresses: (p) => p.count ?? 1, securityGroups: true, publicAddress: 'instance' },
});
