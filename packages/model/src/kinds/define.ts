import type { Field, PropsOf } from '../fields.ts';

export type Category = 'network' | 'compute' | 'database' | 'messaging' | 'edge' | 'actor' | 'whiteboard';

export const ROOT = 'root' as const;

/**
 * Whether a networked resource can have a public IPv4 address (the internet reaching it, or it
 * reaching the internet through an internet gateway route without a NAT):
 * - `never`: AWS gives it none (an ElastiCache cluster);
 * - `instance`: an EC2 network interface: public IPv4 on launch, its subnet's auto-assign, or an
 *   Elastic IP association;
 * - a property test, with what the validator says when it fails (after the node's name).
 */
export type PublicAddress<P> =
  | 'never'
  | 'instance'
  | { readonly when: (props: P) => boolean; readonly otherwise: string };

/**
 * What the validator and the canvas need to know about a resource that sits in a subnet and takes
 * part in reachability (routes, network ACLs, security groups). Declaring it is what makes a kind
 * "networked": security groups may be associated with it, reachability places it in its subnet,
 * and SUBNET_ADDRESSES_EXHAUSTED counts its addresses.
 */
export interface NetworkTraits<P> {
  /** Addresses it takes in its subnet (a count, or from its properties with defaults applied). */
  readonly addresses: number | ((props: P) => number);
  /**
   * Whether AWS applies security groups to it. A NAT gateway has none: the association may be
   * drawn (the validator explains why it does nothing), but traffic is not filtered by it.
   */
  readonly securityGroups: boolean;
  readonly publicAddress: PublicAddress<P>;
  /**
   * The port clients connect to. A flow drawn to it without a port is checked on this one; for a
   * data store (a networked kind of the `database` category, see `DATA_STORE_KINDS`)
   * NET_DATA_TIER_EXPOSED checks whether the internet reaches it.
   */
  readonly servicePort?: number | ((props: P) => number | undefined);
  /**
   * Set when AWS may put it, or members of it, in any of several subnets: ECS tasks, Auto Scaling
   * instances, a Lambda function's network interfaces, a load balancer's nodes and an interface
   * endpoint's network interfaces (`subnetIds`), a database or cache in any subnet of its subnet
   * group (`subnetGroupSubnetIds`; RDS chooses it and a Multi-AZ failover moves it) or of an Aurora
   * cluster's instances (`instances[].subnetId`). Reachability judges a flow from or to it in the
   * subnet it is drawn in and in each of those. `members` names them in messages ("tasks").
   */
  readonly spread?: { readonly members: string };
}

/**
 * How a service outside any VPC takes part in reachability: `calls` opens connections to what it
 * talks to over public endpoints (the internet, CloudFront, SNS); `polled` is called by VPC
 * resources through its public endpoint (SQS, DynamoDB, S3), so the caller needs a way out.
 */
export type PublicEndpoint = 'calls' | 'polled';

export interface KindDef<K extends string = string, F extends Record<string, Field> = Record<string, Field>> {
  readonly kind: K;
  /** Name shown in the palette and on the property panel. */
  readonly title: string;
  readonly category: Category;
  /** One sentence for the palette's tooltip. */
  readonly description: string;
  /** Key of the AWS architecture icon the canvas draws (see apps/web icon map). */
  readonly icon: string;
  /** Short name export gives a resource whose label is empty or starts with a digit (`db`, `lb`). */
  readonly exportName: string;
  /** Containers (VPC, AZ, subnet) hold other nodes and have a size. */
  readonly container: boolean;
  /**
   * Where a node of this kind may be placed: `root` (the canvas itself) or inside a container of
   * the listed kinds. This is structure, checked on import: a DynamoDB table inside a subnet is
   * rejected. Whether a placement is *correct AWS* (an RDS instance at the root instead of in a
   * subnet) is the validator's business, so such in-progress placements are allowed here.
   */
  readonly parents: readonly string[];
  readonly fields: F;
  /** Properties shown on the node's face, in order. */
  readonly face: readonly (keyof F & string)[];
  /** A resource in a subnet taking part in reachability (see NetworkTraits). */
  readonly network?: NetworkTraits<PropsOf<F>>;
  /**
   * A service outside any VPC that reachability follows over public endpoints. A kind may declare
   * both this and `network` when AWS runs it either way (a Lambda function: in AWS's own network
   * unless attached to your VPC); then where it is drawn decides: inside a VPC it is networked, at
   * the root it is this public endpoint. Such a kind may be drawn at the root and in subnets.
   */
  readonly publicEndpoint?: PublicEndpoint;
  /**
   * The AWS service whose API a call to this kind goes to (`s3`, `sqs`, `lambda`…): a VPC's
   * interface endpoint for that service (or, for S3 and DynamoDB, an associated gateway endpoint)
   * carries such calls without NAT. Unset: calls reach the resource itself, not a service API.
   */
  readonly endpointService?: string;
  /** Ignored by the validator and the exporters (notes, stickies, frames). */
  readonly whiteboard?: boolean;
  /** Default size for containers and whiteboard boxes. */
  readonly defaultSize?: { readonly width: number; readonly height: number };
}

export const defineKind = <const K extends string, const F extends Record<string, Field>>(
  def: KindDef<K, F>,
): KindDef<K, F> => def;

/** A node's properties with each unset one replaced by the kind's documented default. */
export function withDefaults<F extends Record<string, Field>>(
  def: KindDef<string, F>,
  props: PropsOf<F>,
): PropsOf<F> {
  const out: Record<string, unknown> = { ...props };
  for (const [key, f] of Object.entries(def.fields))
    if (out[key] === undefined && f.meta.default !== undefined) out[key] = f.meta.default;
  return out as PropsOf<F>;
}
