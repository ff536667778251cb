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

/** Fargate task CPU values (CPU units; 1024 = one vCPU), in the order of AWS's task size table. */
export const FARGATE_CPU = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;

export const ecsService = defineKind({
  kind: 'ecs-service',
  title: 'ECS service (Fargate)',
  category: 'compute',
  description:
    'Containers run by Amazon ECS on Fargate: a task definition, kept at a desired count of tasks in subnets.',
  icon: 'ecs-service',
  exportName: 'service',
  container: false,
  parents: IN_NETWORK,
  fields: {
    clusterName: field.string('Cluster', {
      placeholder: 'app',
      help: 'Services with the same cluster name share one ECS cluster. Unset: a cluster named after the service.',
    }),
    cpu: field.integer('Task CPU', {
      unit: 'CPU units',
      default: 256,
      help: '1024 units = 1 vCPU. Fargate: 256, 512, 1024, 2048, 4096, 8192 or 16384.',
    }),
    memory: field.integer('Task memory', {
      unit: 'MiB',
      default: 512,
      help: 'Must suit the CPU: 256 takes 512, 1024 or 2048 MiB; 512 takes 1-4 GB, 1024 takes 2-8 GB, 2048 takes 4-16 GB, 4096 takes 8-30 GB, 8192 takes 16-60 GB, 16384 takes 32-120 GB.',
    }),
    image: field.string('Container image', {
      default: 'public.ecr.aws/nginx/nginx:stable',
      placeholder: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0',
      help: 'Images in your private ECR can be pulled through VPC endpoints; any other registry needs a route to the internet.',
    }),
    containerPort: field.integer('Container port', { default: 80, min: 1, max: 65535 }),
    desiredCount: field.integer('Desired tasks', { default: 2, min: 0 }),
    assignPublicIp: field.boolean('Assign public IP', {
      default: false,
      help: 'Each task gets a public IPv4 address (needed to pull images through an internet gateway route).',
    }),
    subnetIds: field.refs('Subnets', ['subnet'], {
      help: 'Subnets the tasks run in besides the one the service is drawn in (two AZs for availability).',
    }),
  },
  face: ['cpu', 'memory', 'desiredCount'],
  network: {
    // awsvpc network mode: every task has its own network interface.
    addresses: (p) => Math.max(1, p.desiredCount ?? 1),
    securityGroups: true,
    publicAddress: {
      when: (p) => p.assignPublicIp === true,
      otherwise: 'does not assign public IPs to its tasks',
    },
    servicePort: (p) => p.containerPort,
    spread: { members: 'tasks' },
  },
});

export const autoScalingGroup = defineKind({
  kind: 'autoscaling-group',
  title: 'Auto Scaling group',
  category: 'compute',
  description:
    'EC2 instances launched from a launch template and kept between a minimum and a maximum across subnets.',
  icon: 'autoscaling-group',
  exportName: 'asg',
  container: false,
  parents: IN_NETWORK,
  fields: {
    minSize: field.integer('Minimum', { default: 2, min: 0 }),
    desiredCapacity: field.integer('Desired', { default: 2, min: 0 }),
    maxSize: field.integer('Maximum', { default: 4, min: 0 }),
    instanceType: field.string('Instance type', { default: 't3.micro', placeholder: 't3.micro' }),
    ami: field.string('AMI', {
      placeholder: 'ami-…',
      help: 'Left unset, export uses the latest Amazon Linux 2023 AMI.',
    }),
    instancePort: field.integer('Instance port', {
      default: 80,
      min: 1,
      max: 65535,
      help: 'The port the instances serve on; a load balancer forwards to it.',
    }),
    associatePublicIp: field.boolean('Public IPv4', {
      default: false,
      help: "Unset in the launch template, the subnet's auto-assign setting decides.",
    }),
    healthCheckType: field.enum('Health check', ['EC2', 'ELB'], {
      default: 'EC2',
      optionLabels: { EC2: 'EC2 status checks', ELB: 'Load balancer health checks' },
    }),
    healthCheckGracePeriod: field.integer('Health check grace period', { unit: 's', default: 300, min: 0 }),
    subnetIds: field.refs('Subnets', ['subnet'], {
      help: 'Subnets it launches instances in besides the one it is drawn in (two AZs at least).',
    }),
  },
  face: ['instanceType', 'minSize', 'desiredCapacity', 'maxSize'],
  network: {
    // Room for the largest the group may grow to.
    addresses: (p) => Math.max(1, p.maxSize ?? 1),
    securityGroups: true,
    publicAddress: 'instance',
    servicePort: (p) => p.instancePort,
    spread: { members: 'instances' },
  },
});
