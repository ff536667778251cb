/**
 * The analysis both exporters share: which resources a board stands for, their names, and the
 * relations the edges express (route tables, security group membership, Elastic IPs, subnet
 * groups, origins, dead-letter queues, peerings). Pure and deterministic: everything follows the
 * board's node and edge order.
 */
import {
  type Board,
  type BoardEdgeOf,
  type BoardIndex,
  type EdgeKind,
  type BoardNode,
  type BoardNodeOf,
  type NodeKind,
  indexBoard,
  kindDef,
  nearestAncestor,
  networkOf,
} from '@stratus/model';
import { NameRegistry, snakeName } from './names.ts';
import {
  type CacheFlavour,
  type NatInstancePlan,
  type TablePlan,
  cacheFlavour,
  fifoName,
  natGatewayPerAz,
  planNatInstance,
  planTable,
} from './planners.ts';
import { type ResourcePlan, planResources } from './plan.ts';

export type NodeOf<K extends NodeKind> = BoardNodeOf<K>;

/** A property's value, or the kind's documented default (`meta.default`) when unset. */
export function prop<K extends NodeKind, P extends keyof NodeOf<K>['props'] & string>(
  node: NodeOf<K>,
  key: P,
): NonNullable<NodeOf<K>['props'][P]> | undefined {
  const v = (node.props as Record<string, unknown>)[key];
  if (v !== undefined) return v as NonNullable<NodeOf<K>['props'][P]>;
  const def = (kindDef(node.kind).fields as Record<string, { meta: { default?: unknown } }>)[key];
  return def?.meta.default as NonNullable<NodeOf<K>['props'][P]> | undefined;
}

export type RouteTarget =
  | { kind: 'internet-gateway'; id: string }
  | { kind: 'nat-gateway'; id: string }
  | { kind: 'instance'; id: string }
  | { kind: 'peering'; id: string }
  /** A Transit Gateway (node id): the route waits for the attachment of the table's VPC. */
  | { kind: 'transit-gateway'; id: string };

export interface Route {
  cidr: string;
  target: RouteTarget;
}

export interface RouteTable {
  /** Resource name (snake_case), unique among route tables. */
  name: string;
  label: string;
  vpcId: string;
  subnetIds: string[];
  routes: Route[];
  /** Gateway endpoints (node ids) associated with its subnets, hence with it. */
  gatewayEndpoints: string[];
}

/** A VPC's attachment to a Transit Gateway: one subnet per AZ (the attachment edges' sources). */
export interface TgwAttachment {
  /** Resource name: `<gateway>_<vpc>`. */
  name: string;
  tgwId: string;
  vpcId: string;
  subnetIds: string[];
}

export interface Peering {
  edgeId: string;
  name: string;
  label: string;
  vpcId: string;
  peerVpcId: string;
  addRoutes: boolean;
}

export interface Origin {
  /** Origin id inside the distribution. */
  id: string;
  target: BoardNode;
  originPath: string | undefined;
  vpcOrigin: boolean;
}

/** What a distribution serves: its default origin first, then the origins behaviours route to. */
export interface CdnPlan {
  origins: Origin[];
  /** Path pattern per non-default origin id (`<edge path>/*`). */
  pathPattern: Map<string, string>;
}

export const CDN_ORIGIN_KINDS = [
  's3-bucket',
  'load-balancer',
  'custom-origin',
  'ec2-instance',
  'api-gateway',
];

/** What a load balancer's traffic edge leads to, and the port it forwards to. */
export interface LbTarget {
  /**
   * An EC2 instance (registered by id), an ECS service (its tasks registered by IP address) or an
   * Auto Scaling group (which registers its instances itself).
   */
  target: NodeOf<'ec2-instance'> | NodeOf<'ecs-service'> | NodeOf<'autoscaling-group'>;
  port: number;
}

const LB_TARGET_KINDS: ReadonlySet<string> = new Set(['ec2-instance', 'ecs-service', 'autoscaling-group']);

export interface ExportPlan {
  board: Board;
  index: BoardIndex;
  /** Architecture nodes (no whiteboard items), in board order. */
  nodes: BoardNode[];
  /** snake_case resource name per node id, unique across the board. */
  name: Map<string, string>;
  region: string;
  warnings: string[];
  vpcOf(id: string): NodeOf<'vpc'> | undefined;
  subnetOf(id: string): NodeOf<'subnet'> | undefined;
  /** A subnet's zone: its override, else its AZ container's zone. */
  zoneOf(subnetId: string): string | undefined;
  sgsOf: Map<string, string[]>;
  /** Elastic IP (node id, or `implicit:<natId>` for one export adds) per NAT gateway / instance. */
  eipOf: Map<string, string>;
  /** NAT gateways that need an Elastic IP nobody drew: export adds `<nat>_eip`. */
  implicitEips: string[];
  naclSubnets: Map<string, string[]>;
  routeTables: RouteTable[];
  peerings: Peering[];
  /** Transit Gateway attachments, by gateway then VPC in board order. */
  tgwAttachments: TgwAttachment[];
  dlqOf: Map<string, { dlq: string; maxReceiveCount: number }>;
  originsOf: Map<string, Origin[]>;
  /** Per distribution with at least one usable origin: the origins it uses and how. */
  cdns: Map<string, CdnPlan>;
  /** Distributions reading each S3 bucket through origin access control. */
  s3Readers: Map<string, string[]>;
  replicaSource: Map<string, string>;
  lbTargets: Map<string, LbTarget[]>;
  /** Subnets of a DB/cache/warehouse subnet group or load balancer: drawn subnet + listed ones. */
  subnetsFor(
    node: BoardNode & { props: { subnetGroupSubnetIds?: string[]; subnetIds?: string[] } },
  ): string[];
  /**
   * Index of a board zone among the region's zones: the board's distinct zones sorted by name
   * (us-east-1a, us-east-1b → 0, 1), so the exports pick zones of whatever region they deploy to.
   */
  azIndex(zone: string): number;
  /** Zones the board uses, sorted (index = `azIndex`). */
  zones: string[];
  /** Subnets whose route tables send traffic to each NAT instance. */
  natInstanceSubnets: Map<string, string[]>;
  /** Per-kind decisions (src/planners.ts), made once for both printers. */
  tables: Map<string, TablePlan>;
  natInstances: Map<string, NatInstancePlan>;
  cacheFlavour: Map<string, CacheFlavour>;
  /** Queue and topic names with the FIFO suffix where needed. */
  messagingName: Map<string, string | undefined>;
  /** The export's choices, defaults filled in. */
  choices: Required<Pick<ExportChoices, 'deletionProtection'>> & ExportChoices;
  of<K extends NodeKind>(kind: K): NodeOf<K>[];
  label(id: string): string;
  /** The typed resources the per-kind planners (src/plan.ts) make of the board, in dependency order. */
  resources: ResourcePlan;
}

/** Graviton instance families (arm64): a digit followed by `g` in the family, e.g. t4g, c7gn. */
export function archOf(instanceType: string): 'x86_64' | 'arm64' {
  const family = instanceType.split('.')[0] ?? '';
  return /^[a-z]+\d+g/.test(family) ? 'arm64' : 'x86_64';
}

/** Choices the board does not hold: the CLI's and the export dialog's options. */
export interface ExportChoices {
  /**
   * Deletion protection on RDS instances, Aurora clusters, load balancers and DynamoDB tables, and
   * (CDK) `DeletionPolicy: Retain` on DynamoDB tables and S3 buckets. Default true.
   */
  deletionProtection?: boolean;
  /** ACM certificate ARN in the deployment region for HTTPS/TLS listeners (else an input). */
  albCertificateArn?: string;
  /** ACM certificate ARN in us-east-1 for CloudFront aliases (else an input). */
  cloudfrontCertificateArn?: string;
  /**
   * NAT gateways as drawn (default), or one per availability zone: private subnets routed to a
   * NAT gateway in another zone get one in their own zone (`natGatewayPerAz`).
   */
  natGateways?: 'as-drawn' | 'per-az';
}

/**
 * What is wrong with a certificate ARN given as an export choice, or null. CloudFront takes only
 * certificates from us-east-1; a load balancer one from its own region.
 */
export function certificateArnProblem(arn: string, use: 'alb' | 'cloudfront'): string | null {
  const usEast1 = use === 'cloudfront';
  const re = usEast1
    ? /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/.+$/
    : /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/;
  if (re.test(arn)) return null;
  return `needs an ACM certificate ARN${usEast1 ? ' in us-east-1 (CloudFront accepts no other region)' : ''}, e.g. arn:aws:acm:${usEast1 ? 'us-east-1' : 'eu-west-1'}:123456789012:certificate/… (got ${arn || 'nothing'})`;
}

/**
 * The engine version to write for an RDS/Aurora engine so automatic minor upgrades cause no drift.
 * Terraform (`prefix`): the major version only for MySQL, MariaDB and PostgreSQL (and their Aurora
 * kinds) with minor upgrades on; the AWS provider matches it as a prefix of the running version.
 * CloudFormation (`exact`) accepts full versions only: the board's version with automatic minor
 * upgrades off, as with engines whose versions are not prefixes (Oracle, SQL Server).
 */
export function engineVersionOf(
  engine: string | undefined,
  version: string | undefined,
  mode: 'prefix' | 'exact',
): { version: string | undefined; autoMinorUpgrade: boolean | undefined } {
  if (!version || !engine) return { version, autoMinorUpgrade: undefined };
  if (mode === 'prefix' && /postgres/.test(engine))
    return { version: version.split('.')[0], autoMinorUpgrade: true };
  if (mode === 'prefix' && /mysql|mariadb/.test(engine))
    return { version: version.split('.').slice(0, 2).join('.'), autoMinorUpgrade: true };
  return { version, autoMinorUpgrade: false };
}

export function planBoard(drawn: Board, choices: ExportChoices = {}): ExportPlan {
  const warnings: string[] = [];
  const board = choices.natGateways === 'per-az' ? natGatewayPerAz(drawn, (m) => warnings.push(m)) : drawn;
  const index = indexBoard(board);
  const nodes = board.nodes.filter((n) => !kindDef(n.kind)?.whiteboard);
  const names = new NameRegistry();
  const name = new Map<string, string>();
  for (const n of nodes) name.set(n.id, names.claim(snakeName(n.label, n.kind)));
  const byId = (id: string) => index.nodes.get(id);
  const label = (id: string) => {
    const n = byId(id);
    return n ? `${n.label || n.kind} (${n.kind})` : id;
  };
  const of = <K extends NodeKind>(kind: K) => nodes.filter((n) => n.kind === kind) as NodeOf<K>[];
  const edgesOf = <K extends EdgeKind>(kind: K) =>
    board.edges.filter((e) => e.kind === kind && byId(e.source) && byId(e.target)) as BoardEdgeOf<K>[];

  const vpcOf = (id: string) => {
    const n = byId(id);
    if (n?.kind === 'vpc') return n as NodeOf<'vpc'>;
    return nearestAncestor(index, id, 'vpc');
  };
  const subnetOf = (id: string) => nearestAncestor(index, id, 'subnet');
  const zoneOf = (subnetId: string) => {
    const s = byId(subnetId);
    if (s?.kind !== 'subnet') return undefined;
    return (
      (s as NodeOf<'subnet'>).props.availabilityZone ?? nearestAncestor(index, subnetId, 'az')?.props.zone
    );
  };

  const vpcs = of('vpc');
  const regions = [...new Set(vpcs.map((v) => prop(v, 'region')!))];
  const region = regions[0] ?? 'us-east-1';
  if (regions.length > 1)
    warnings.push(
      `The VPCs are in several regions (${regions.join(', ')}); the export targets ${region}. Split the board per region to deploy the others.`,
    );

  // Security groups per resource, Elastic IPs, network ACL subnets.
  const sgsOf = new Map<string, string[]>();
  const eipOf = new Map<string, string>();
  const naclSubnets = new Map<string, string[]>();
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => {
    const list = m.get(k);
    if (list) {
      if (!list.includes(v)) list.push(v);
    } else m.set(k, [v]);
  };
  for (const e of edgesOf('association')) {
    const from = byId(e.source)!;
    const to = byId(e.target)!;
    if (from.kind === 'security-group') {
      if (networkOf(to)?.traits.securityGroups === false)
        warnings.push(
          `${label(to.id)}: a ${kindDef(to.kind).title} cannot have security groups; ${from.label} is not attached.`,
        );
      else push(sgsOf, to.id, from.id);
    } else if (from.kind === 'network-acl' && to.kind === 'subnet') push(naclSubnets, from.id, to.id);
    else if (from.kind === 'elastic-ip') {
      if (eipOf.has(to.id))
        warnings.push(
          `${label(to.id)} has more than one Elastic IP; only ${label(eipOf.get(to.id)!)} is used.`,
        );
      else eipOf.set(to.id, from.id);
    }
  }
  const implicitEips: string[] = [];
  for (const nat of of('nat-gateway')) {
    if (prop(nat, 'connectivity') === 'public' && !eipOf.has(nat.id)) {
      implicitEips.push(nat.id);
      eipOf.set(nat.id, `implicit:${nat.id}`);
    }
  }

  // Peerings.
  const peeringNames = new NameRegistry();
  const peerings: Peering[] = [];
  for (const e of edgesOf('peering')) {
    if (e.source === e.target) continue;
    const a = name.get(e.source)!;
    const b = name.get(e.target)!;
    peerings.push({
      edgeId: e.id,
      name: peeringNames.claim(e.label ? snakeName(e.label, 'peering') : `${a}_to_${b}`),
      label: e.label || `${byId(e.source)!.label} ↔ ${byId(e.target)!.label}`,
      vpcId: e.source,
      peerVpcId: e.target,
      addRoutes: e.props.addRoutes ?? true,
    });
  }
  const peeringBetween = (x: string, y: string) =>
    peerings.find((p) => (p.vpcId === x && p.peerVpcId === y) || (p.vpcId === y && p.peerVpcId === x));

  // Transit Gateway attachments: a VPC's attachment edges to one gateway are one attachment.
  const tgwAttachments: TgwAttachment[] = [];
  const attachmentNames = new NameRegistry();
  for (const e of edgesOf('attachment')) {
    const vpc = vpcOf(e.source);
    if (!vpc) {
      warnings.push(
        `Attachment of ${label(e.source)} to ${label(e.target)} skipped: the subnet is not in a VPC.`,
      );
      continue;
    }
    const existing = tgwAttachments.find((a) => a.tgwId === e.target && a.vpcId === vpc.id);
    if (existing) existing.subnetIds.push(e.source);
    else
      tgwAttachments.push({
        name: attachmentNames.claim(`${name.get(e.target)!}_${name.get(vpc.id)!}`),
        tgwId: e.target,
        vpcId: vpc.id,
        subnetIds: [e.source],
      });
  }

  // Gateway endpoints per subnet (of the endpoint's own VPC; AWS refuses other VPCs' tables).
  const gatewayEndpointsOf = new Map<string, string[]>();
  for (const e of edgesOf('association')) {
    if (byId(e.source)?.kind !== 'gateway-endpoint') continue;
    const own = vpcOf(e.source);
    if (own && vpcOf(e.target)?.id === own.id) push(gatewayEndpointsOf, e.target, e.source);
    else
      warnings.push(
        `${label(e.source)} is not associated with ${label(e.target)}: a gateway endpoint serves only route tables of its own VPC.`,
      );
  }

  // Routes per subnet, then route tables shared by subnets with identical routes (and gateway
  // endpoints) in one VPC; a subnet with an endpoint but no routes gets a table for the endpoint.
  const routesOf = new Map<string, Route[]>();
  const subnets = of('subnet');
  for (const e of edgesOf('route')) {
    const subnet = byId(e.source)!;
    const target = byId(e.target)!;
    const cidr = e.props.destinationCidr ?? '0.0.0.0/0';
    let t: RouteTarget | undefined;
    if (target.kind === 'internet-gateway') t = { kind: 'internet-gateway', id: target.id };
    else if (target.kind === 'nat-gateway') t = { kind: 'nat-gateway', id: target.id };
    else if (target.kind === 'nat-instance' || target.kind === 'ec2-instance')
      t = { kind: 'instance', id: target.id };
    else if (target.kind === 'transit-gateway') {
      const own = vpcOf(subnet.id);
      if (own && tgwAttachments.some((a) => a.tgwId === target.id && a.vpcId === own.id))
        t = { kind: 'transit-gateway', id: target.id };
      else
        warnings.push(
          `Route from ${label(subnet.id)} to ${label(target.id)} skipped: AWS needs the VPC attached to the transit gateway first (draw an attachment from one of its subnets).`,
        );
    } else if (target.kind === 'vpc') {
      const own = vpcOf(subnet.id);
      const p = own ? peeringBetween(own.id, target.id) : undefined;
      if (p) t = { kind: 'peering', id: p.edgeId };
      else
        warnings.push(
          `Route from ${label(subnet.id)} to ${label(target.id)} skipped: draw a peering edge between the two VPCs first.`,
        );
    }
    if (t) push(routesOf, subnet.id, { cidr, target: t } as Route);
  }
  for (const p of peerings) {
    if (!p.addRoutes) continue;
    const sides: [string, string][] = [
      [p.vpcId, p.peerVpcId],
      [p.peerVpcId, p.vpcId],
    ];
    for (const [own, peer] of sides) {
      const peerCidr = prop(byId(peer) as NodeOf<'vpc'>, 'cidr')!;
      for (const s of subnets) {
        if (vpcOf(s.id)?.id !== own) continue;
        const list = routesOf.get(s.id) ?? [];
        if (!list.some((r) => r.cidr === peerCidr))
          list.push({ cidr: peerCidr, target: { kind: 'peering', id: p.edgeId } });
        routesOf.set(s.id, list);
      }
    }
  }
  const tableNames = new NameRegistry();
  const routeTables: RouteTable[] = [];
  const byKey = new Map<string, RouteTable>();
  for (const s of subnets) {
    const routes = routesOf.get(s.id) ?? [];
    const endpoints = gatewayEndpointsOf.get(s.id) ?? [];
    const vpc = vpcOf(s.id);
    if ((!routes.length && !endpoints.length) || !vpc) continue;
    const key = `${vpc.id}|${routes.map((r) => `${r.cidr}>${r.target.kind}:${r.target.id}`).join(',')}|${endpoints.join(',')}`;
    const existing = byKey.get(key);
    if (existing) {
      existing.subnetIds.push(s.id);
      continue;
    }
    const rt: RouteTable = {
      name: '',
      label: '',
      vpcId: vpc.id,
      subnetIds: [s.id],
      routes,
      gatewayEndpoints: endpoints,
    };
    byKey.set(key, rt);
    routeTables.push(rt);
  }
  const targetName = (t: RouteTarget) =>
    t.kind === 'peering' ? peerings.find((p) => p.edgeId === t.id)!.name : name.get(t.id)!;
  for (const rt of routeTables) {
    const base =
      rt.subnetIds.length === 1
        ? name.get(rt.subnetIds[0]!)!
        : `via_${[...new Set([...rt.routes.map((r) => targetName(r.target)), ...rt.gatewayEndpoints.map((id) => name.get(id)!)])].join('_')}`;
    rt.name = tableNames.claim(base);
    rt.label =
      rt.subnetIds.length === 1
        ? byId(rt.subnetIds[0]!)!.label
        : rt.subnetIds.map((id) => byId(id)!.label).join(', ');
  }

  const dlqOf = new Map<string, { dlq: string; maxReceiveCount: number }>();
  for (const e of edgesOf('dead-letter')) {
    if (dlqOf.has(e.source)) {
      warnings.push(`${label(e.source)} has several dead-letter queues; only the first is used.`);
      continue;
    }
    dlqOf.set(e.source, { dlq: e.target, maxReceiveCount: e.props.maxReceiveCount ?? 5 });
  }

  // A redrive loop (A → B → A) cannot be created; the edge closing it is left out.
  for (const e of edgesOf('dead-letter')) {
    if (dlqOf.get(e.source)?.dlq !== e.target) continue;
    const seen = new Set<string>([e.source]);
    let at: string | undefined = e.target;
    while (at && !seen.has(at)) {
      seen.add(at);
      at = dlqOf.get(at)?.dlq;
    }
    if (at === e.source) {
      dlqOf.delete(e.source);
      warnings.push(
        `${label(e.source)}: its dead-letter queue leads back to it (a loop AWS cannot create); that dead-letter edge is left out.`,
      );
    }
  }

  const originsOf = new Map<string, Origin[]>();
  for (const e of edgesOf('origin')) {
    const target = byId(e.target)!;
    if (kindDef(target.kind)?.whiteboard || target.kind === 'internet') continue;
    push(originsOf, e.source, {
      id: name.get(target.id)!,
      target,
      // An API's URLs start with its stage (HTTP APIs: unless it is `$default`).
      originPath:
        e.props.originPath ||
        (target.kind === 'api-gateway'
          ? `/${prop(target as NodeOf<'api-gateway'>, 'stageName')}`
          : undefined),
      vpcOrigin: e.props.vpcOrigin ?? false,
    });
  }

  // A distribution's first origin serves the default behaviour (its edge path is the origin
  // path); each other origin needs a path to route (`<path>/*`), else it would go unused.
  const cdns = new Map<string, CdnPlan>();
  const s3Readers = new Map<string, string[]>();
  for (const d of of('cloudfront-distribution')) {
    const usable = (originsOf.get(d.id) ?? []).filter((o) => {
      if (CDN_ORIGIN_KINDS.includes(o.target.kind)) return true;
      warnings.push(`${label(d.id)}: ${label(o.target.id)} cannot be a CloudFront origin; left out.`);
      return false;
    });
    if (usable.length === 0) {
      warnings.push(`${label(d.id)} has no origin; draw an origin edge to what it serves. Not exported.`);
      continue;
    }
    const origins: Origin[] = [usable[0]!];
    const pathPattern = new Map<string, string>();
    for (const o of usable.slice(1)) {
      if (!o.originPath) {
        warnings.push(
          `${label(d.id)}: ${label(o.target.id)} is not its first origin and its origin edge has no path, so no request would reach it; left out. Give the edge a path (e.g. /api) to route <path>/* there.`,
        );
        continue;
      }
      origins.push({ ...o, originPath: undefined });
      pathPattern.set(o.id, `${o.originPath.replace(/\/+$/, '')}/*`);
    }
    cdns.set(d.id, { origins, pathPattern });
    for (const o of origins) if (o.target.kind === 's3-bucket') push(s3Readers, o.target.id, d.id);
  }

  const replicaSource = new Map<string, string>();
  for (const e of edgesOf('read-replica')) {
    if (byId(e.target)!.kind === 'rds-instance') replicaSource.set(e.source, e.target);
    else
      warnings.push(
        `${label(e.source)}: a read replica of an Aurora cluster is an Aurora reader; add a reader row to ${label(e.target)} instead. Exported as a standalone instance.`,
      );
  }

  const lbTargets = new Map<string, LbTarget[]>();
  for (const e of edgesOf('traffic')) {
    const from = byId(e.source)!;
    const to = byId(e.target)!;
    if (from.kind === 'load-balancer' && LB_TARGET_KINDS.has(to.kind)) {
      const target = to as LbTarget['target'];
      // A flow drawn without a port goes to the port the target serves on.
      const served =
        target.kind === 'ecs-service'
          ? prop(target, 'containerPort')
          : target.kind === 'autoscaling-group'
            ? prop(target, 'instancePort')
            : undefined;
      const list = lbTargets.get(from.id) ?? [];
      list.push({ target, port: e.props.port ?? served ?? 80 });
      lbTargets.set(from.id, list);
    }
  }

  const subnetsFor = (
    node: BoardNode & { props: { subnetGroupSubnetIds?: string[]; subnetIds?: string[] } },
  ) => {
    const out: string[] = [];
    const own = subnetOf(node.id);
    if (own) out.push(own.id);
    for (const id of [...(node.props.subnetGroupSubnetIds ?? []), ...(node.props.subnetIds ?? [])]) {
      if (byId(id)?.kind === 'subnet' && !out.includes(id)) out.push(id);
    }
    return out;
  };

  for (const lb of of('load-balancer')) {
    if (prop(lb, 'type') === 'application' && subnetsFor(lb).length < 2)
      warnings.push(
        `${label(lb.id)}: an Application Load Balancer needs subnets in at least two AZs and AWS rejects it with fewer; add subnets to its Subnets property.`,
      );
  }

  const zones = [...new Set(subnets.filter((s) => vpcOf(s.id)).flatMap((s) => zoneOf(s.id) ?? []))].sort();
  const azIndex = (zone: string) => {
    return Math.max(0, zones.indexOf(zone));
  };
  const natInstanceSubnets = new Map<string, string[]>();
  for (const rt of routeTables)
    for (const r of rt.routes)
      if (r.target.kind === 'instance' && byId(r.target.id)?.kind === 'nat-instance')
        for (const sid of rt.subnetIds) push(natInstanceSubnets, r.target.id, sid);

  const warn = (m: string) => warnings.push(m);
  const natInstances = new Map<string, NatInstancePlan>();
  for (const n of of('nat-instance'))
    natInstances.set(n.id, planNatInstance(n, label(n.id), natInstanceSubnets.get(n.id) ?? [], warn));
  const tables = new Map<string, TablePlan>();
  for (const t of of('dynamodb-table')) tables.set(t.id, planTable(t, label(t.id), warn));
  const caches = new Map<string, CacheFlavour>();
  for (const c of of('elasticache-cluster')) caches.set(c.id, cacheFlavour(c));
  const messagingName = new Map<string, string | undefined>();
  for (const q of of('sqs-queue')) messagingName.set(q.id, fifoName(q.props.queueName, prop(q, 'fifo')!));
  for (const t of of('sns-topic')) messagingName.set(t.id, fifoName(t.props.topicName, prop(t, 'fifo')!));

  for (const s of subnets) {
    if (!vpcOf(s.id)) warnings.push(`${label(s.id)} is not inside a VPC and is not exported.`);
    else if (!s.props.cidr) warnings.push(`${label(s.id)} has no CIDR; export asks for it as an input.`);
  }

  const plan: Omit<ExportPlan, 'resources'> & { resources?: ResourcePlan } = {
    board,
    index,
    nodes,
    name,
    region,
    warnings,
    vpcOf,
    subnetOf,
    zoneOf,
    sgsOf,
    eipOf,
    implicitEips,
    naclSubnets,
    routeTables,
    peerings,
    tgwAttachments,
    dlqOf,
    originsOf,
    cdns,
    s3Readers,
    replicaSource,
    lbTargets,
    subnetsFor: subnetsFor as ExportPlan['subnetsFor'],
    azIndex,
    zones,
    natInstanceSubnets,
    tables,
    natInstances,
    cacheFlavour: caches,
    messagingName,
    choices: { ...choices, deletionProtection: choices.deletionProtection ?? true },
    of,
    label,
  };
  plan.resources = planResources(plan as ExportPlan);
  return plan as ExportPlan;
}

/**
 * User data of a NAT instance on Amazon Linux 2023: turn on IPv4 forwarding and masquerade the
 * private subnets' traffic behind the instance's address (persisted across reboots).
 */
export const NAT_INSTANCE_USER_DATA = `#!/bin/bash
# NAT instance set-up (Amazon Linux 2023), generated by Stratus: forward IPv4 and masquerade the
# private subnets' traffic behind this instance's address. Persists across reboots.
set -euo pipefail
dnf install -y iptables-services
systemctl enable --now iptables
echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-nat.conf
sysctl --system
iface=$(ip -o -4 route show to default | awk '{print $5; exit}')
iptables -t nat -A POSTROUTING -o "$iface" -j MASQUERADE
iptables -F FORWARD
service iptables save
`;

/** Managed CloudFront policies (same ids in every account). */
export const CLOUDFRONT_MANAGED = {
  cachingOptimized: '658327ea-f89d-4fab-a63d-7e88639e58f6',
  cachingDisabled: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
  allViewerExceptHostHeader: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
} as const;
