import { field } from '../fields.ts';
import { defineKind } from './define.ts';
import { IN_NETWORK } from './shared.ts';

export const LAMBDA_RUNTIMES = [
  'nodejs22.x',
  'nodejs20.x',
  'python3.13',
  'python3.12',
  'java21',
  'dotnet8',
  'ruby3.3',
  'provided.al2023',
] as const;

/**
 * A Lambda function. Drawn at the root it runs outside your VPCs (in a VPC Lambda owns, with
 * internet access): reachability treats it as a service that calls public endpoints. Drawn in a
 * subnet it is attached to your VPC: Lambda places network interfaces in the subnet it is drawn
 * in and in the `subnetIds` listed (a function spans several subnets the way a DB subnet group
 * does), they take the security groups associated with it, and they never get a public IPv4
 * address, so only a NAT route or a VPC endpoint gives it a way out.
 */
export const lambdaFunction = defineKind({
  kind: 'lambda-function',
  title: 'Lambda function',
  category: 'compute',
  description:
    'Code run on demand by AWS; outside any VPC, or attached to subnets of one with security groups.',
  icon: 'lambda',
  exportName: 'function',
  container: false,
  parents: IN_NETWORK,
  fields: {
    runtime: field.enum('Runtime', LAMBDA_RUNTIMES, { default: 'nodejs22.x' }),
    handler: field.string('Handler', {
      default: 'index.handler',
      placeholder: 'index.handler',
      help: 'file.function for Node.js and Python (export writes a placeholder index file).',
    }),
    memorySize: field.integer('Memory', { unit: 'MB', default: 128, min: 128, max: 10240 }),
    timeout: field.integer('Timeout', { unit: 's', default: 3, min: 1, max: 900 }),
    subnetIds: field.refs('Other subnets', ['subnet'], {
      help: 'Subnets besides the one it is drawn in (VPC functions only). Use subnets in at least two AZs.',
    }),
  },
  face: ['runtime', 'memorySize', 'timeout'],
  // One Hyperplane network interface per subnet and security-group combination, shared by every
  // execution environment: one address in the subnet it is drawn in.
  network: {
    addresses: 1,
    securityGroups: true,
    publicAddress: 'never',
    spread: { members: 'network interfaces' },
  },
  publicEndpoint: 'calls',
  endpointService: 'lambda',
});

export const apiGateway = defineKind({
  kind: 'api-gateway',
  title: 'API Gateway',
  category: 'edge',
  description:
    'A managed HTTP front door (HTTP or REST API) invoking Lambda functions or private load balancers over a VPC link.',
  icon: 'api-gateway',
  exportName: 'api',
  container: false,
  parents: ['root'],
  fields: {
    apiType: field.enum('API type', ['HTTP', 'REST'], {
      default: 'HTTP',
      optionLabels: { HTTP: 'HTTP API', REST: 'REST API' },
    }),
    stageName: field.string('Stage', { default: 'prod', placeholder: 'prod' }),
    endpointType: field.enum('Endpoint type', ['REGIONAL', 'EDGE', 'PRIVATE'], {
      default: 'REGIONAL',
      help: 'HTTP APIs are regional. A private API is reached through an execute-api interface endpoint.',
      shownWhen: { apiType: ['REST'] },
    }),
    vpcLinkVersion: field.enum('VPC link', ['v2', 'v1'], {
      default: 'v2',
      optionLabels: { v2: 'V2 (ALB or NLB)', v1: 'V1, legacy (NLB only)' },
      help: 'How a traffic edge to an internal load balancer is made private. HTTP APIs use V2; REST APIs may still use V1.',
      shownWhen: { apiType: ['REST'] },
    }),
    integrationTimeoutMs: field.integer('Integration timeout', {
      unit: 'ms',
      default: 29000,
      min: 50,
      help: 'How long API Gateway waits for its integration (29 s by default; HTTP APIs allow up to 30 s).',
    }),
  },
  face: ['apiType', 'stageName'],
  publicEndpoint: 'calls',
});
