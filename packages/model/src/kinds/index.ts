import type { PropsOf } from '../fields.ts';
import { internet, frame, stickyNote, textNote } from './actors.ts';
import { autoScalingGroup, ec2Instance, ecsService } from './compute.ts';
import { gatewayEndpoint, interfaceEndpoint, transitGateway } from './connectivity.ts';
import {
  auroraCluster,
  dynamodbTable,
  elasticacheCluster,
  rdsInstance,
  redshiftCluster,
} from './database.ts';
import { type KindDef, type NetworkTraits, withDefaults } from './define.ts';
import { cloudfrontDistribution, customOrigin, route53Zone, s3Bucket } from './edge.ts';
import { snsTopic, sqsQueue } from './messaging.ts';
import { apiGateway, lambdaFunction } from './serverless.ts';
import {
  availabilityZone,
  elasticIp,
  internetGateway,
  loadBalancer,
  natGateway,
  natInstance,
  networkAcl,
  securityGroup,
  subnet,
  vpc,
} from './network.ts';

/** Every node kind, in palette order. */
export const NODE_KINDS = [
  vpc,
  availabilityZone,
  subnet,
  internetGateway,
  natGateway,
  natInstance,
  elasticIp,
  securityGroup,
  networkAcl,
  loadBalancer,
  gatewayEndpoint,
  interfaceEndpoint,
  transitGateway,
  ec2Instance,
  ecsService,
  autoScalingGroup,
  lambdaFunction,
  rdsInstance,
  auroraCluster,
  dynamodbTable,
  elasticacheCluster,
  redshiftCluster,
  sqsQueue,
  snsTopic,
  cloudfrontDistribution,
  s3Bucket,
  route53Zone,
  customOrigin,
  apiGateway,
  internet,
  textNote,
  stickyNote,
  frame,
] as const;

type AnyKindDef = (typeof NODE_KINDS)[number];
export type NodeKind = AnyKindDef['kind'];

/** Props of one node kind, e.g. `NodePropsOf<'vpc'>` = `{ cidr?: string; region?: ... }`. */
export type NodePropsOf<K extends NodeKind> = PropsOf<Extract<AnyKindDef, { kind: K }>['fields']>;

const byKind = new Map<string, KindDef>(NODE_KINDS.map((k) => [k.kind, k as unknown as KindDef]));

export function isNodeKind(kind: unknown): kind is NodeKind {
  return typeof kind === 'string' && byKind.has(kind);
}

export function kindDef<K extends NodeKind>(kind: K): Extract<AnyKindDef, { kind: K }>;
export function kindDef(kind: string): KindDef | undefined;
export function kindDef(kind: string): unknown {
  return byKind.get(kind);
}

export const NODE_KIND_IDS: readonly NodeKind[] = NODE_KINDS.map((k) => k.kind);

/** May a node of `child` kind be placed in `parent` (a container kind, or null for the canvas)? */
export function canContain(parentKind: NodeKind | null, childKind: NodeKind): boolean {
  const def = byKind.get(childKind);
  if (!def) return false;
  if (parentKind === null) return def.parents.includes('root');
  const parent = byKind.get(parentKind);
  return !!parent?.container && def.parents.includes(parentKind);
}

/** The container kinds a node of this kind may be placed in (without `root`). */
export function allowedParents(kind: NodeKind): NodeKind[] {
  return (byKind.get(kind)?.parents ?? []).filter((p): p is NodeKind => p !== 'root');
}

/** Kinds that sit in a subnet and take part in reachability (they declare `network`). */
export const NETWORKED_KINDS: readonly NodeKind[] = NODE_KINDS.filter((k) => 'network' in k).map(
  (k) => k.kind,
);

/**
 * Data stores: the networked kinds of the database category. NET_DATA_TIER_EXPOSED checks them and
 * the canvas's auto-layout puts a subnet holding only them in the data tier.
 */
export const DATA_STORE_KINDS: readonly NodeKind[] = NODE_KINDS.filter(
  (k) => 'network' in k && k.category === 'database',
).map((k) => k.kind);

/** The network traits of a node's kind, with the node's properties defaults applied; undefined when it is not networked. */
export function networkOf(node: {
  kind: string;
  props: object;
}): { traits: NetworkTraits<Record<string, unknown>>; props: Record<string, unknown> } | undefined {
  const def = byKind.get(node.kind);
  if (!def?.network) return undefined;
  return {
    traits: def.network as NetworkTraits<Record<string, unknown>>,
    props: withDefaults(def, node.props),
  };
}

export * from './define.ts';
export { AWS_REGIONS } from './shared.ts';
export { RDS_ENGINES } from './database.ts';
export { GATEWAY_ENDPOINT_SERVICES, transitRouteTableOf } from './connectivity.ts';
export { LAMBDA_RUNTIMES } from './serverless.ts';
