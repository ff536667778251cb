/**
 * The resource plan: per-kind planners (one entry per node kind or edge kind in PLANNERS) turn the
 * analysed board (ExportPlan, src/resolve.ts) into typed resources in dependency order, with the
 * decisions both printers need made once (names with FIFO suffixes, Memcached cluster or
 * replication group, subnet groups, security group rules, redirect listeners, replica settings,
 * origins, and their warnings). The Terraform and CDK printers write every resource from the plan
 * and walk the board for none; docs/export.md's kind → resources table is generated from PLANNERS
 * and FOLDED_KINDS, and the tests check that both printers emit exactly the planned resources (per
 * RESOURCE_TYPES row) and that every board kind has a planner or is folded into others.
 */
import {
  type BoardEdge,
  type BoardNode,
  EDGE_KINDS,
  type EdgeKind,
  type NodeKind,
  transitRouteTableOf,
} from '@stratus/model';
import { NameRegistry, hyphen, snakeName } from './names.ts';
import { type FunctionPlan, type TablePlan, planFunction } from './planners.ts';
import { RESOURCE_TYPES, type ResourceKey } from './resource-types.ts';
import { type ExportPlan, type LbTarget, type NodeOf, archOf, prop } from './resolve.ts';

/** Typed properties per planned resource type (the types the planners below produce). */
export interface PlannedProps {
  vpc: { node: NodeOf<'vpc'> };
  /** Only subnets inside a VPC are planned. */
  subnet: { node: NodeOf<'subnet'>; vpc: string; zone: string | undefined };
  'internet gateway': { node: NodeOf<'internet-gateway'>; vpc: string | undefined };
  'internet gateway attachment': { gateway: string; vpc: string };
  /** Drawn (from its node) or added for a public NAT gateway without one (`<nat>_eip`). */
  'elastic ip': { label: string; comment: string | undefined };
  'nat gateway': {
    node: NodeOf<'nat-gateway'>;
    public: boolean;
    /** Planned Elastic IP (public NAT gateways only). */
    eip: string | undefined;
    subnet: string | undefined;
    /** The internet gateway of its VPC a public NAT gateway waits for (first one drawn). */
    internetGateway: string | undefined;
  };
  peering: { vpc: string; peerVpc: string; label: string };
  /** Subnets with the same routes in one VPC share a table. */
  'route table': {
    vpc: string;
    vpcNode: string;
    label: string;
    comment: string;
    /** Its routes (planned right after it; Terraform writes them as blocks of the table). */
    routes: PlannedResource<'route'>[];
  };
  route: {
    table: string;
    cidr: string;
    /** A planned gateway, NAT gateway, instance (the first of its copies) or peering. */
    target: {
      type: 'internet gateway' | 'nat gateway' | 'instance' | 'peering' | 'transit gateway';
      id: string;
      copies: boolean;
      /** A transit gateway route waits for the attachment of the table's VPC (planned id). */
      attachment?: string;
    };
  };
  'route table association': { table: string; subnet: string; subnetNode: string };
  /** Only for ACLs of their own inside a VPC (a default ACL is the VPC's). */
  'network acl': { label: string; vpc: string };
  'network acl rule': {
    acl: AclRef;
    ruleNumber: number;
    egress: boolean;
    protocol: 'tcp' | 'udp' | 'icmp' | 'all';
    /** Ports (ICMP: type and code -1 or 0); undefined for all traffic. */
    ports: { from: number; to: number } | undefined;
    action: string;
    cidr: string;
    /** Said once, before the first resource of a default ACL. */
    note: string | undefined;
  };
  'network acl association': { acl: AclRef; subnet: string; note: string | undefined };
  /** A private zone is associated with the board's first VPC (planned id). */
  'hosted zone': { label: string; domain: string; privateVpc: string | undefined };
  queue: {
    label: string;
    /** Board name with `.fifo` added when needed (undefined: AWS names it). */
    name: string | undefined;
    fifo: boolean;
    contentBasedDeduplication: boolean | undefined;
    visibilityTimeoutSeconds: number | undefined;
    delaySeconds: number | undefined;
    messageRetentionSeconds: number | undefined;
    receiveWaitTimeSeconds: number | undefined;
    maxMessageSizeBytes: number | undefined;
    /** Dead-letter queue (planned id of a queue earlier in the plan) and its receive count. */
    deadLetter: { queue: string; maxReceiveCount: number } | undefined;
  };
  topic: { label: string; name: string | undefined; fifo: boolean; displayName: string | undefined };
  subscription: { topic: string; queue: string; topicLabel: string; queueLabel: string };
  'queue policy': { queue: string; topics: string[] };
  'dynamodb table': { label: string; table: TablePlan; pointInTimeRecovery: boolean };
  'cache subnet group': { label: string; subnets: string[] };
  'redshift subnet group': { label: string; subnets: string[] };
  'cache replication group': {
    node: NodeOf<'elasticache-cluster'>;
    subnetGroup: string | undefined;
    securityGroups: string[];
  };
  'memcached cluster': {
    node: NodeOf<'elasticache-cluster'>;
    subnetGroup: string | undefined;
    securityGroups: string[];
  };
  'redshift cluster': {
    node: NodeOf<'redshift-cluster'>;
    subnetGroup: string | undefined;
    securityGroups: string[];
  };
  /** A security group drawn on the board, or a NAT instance's own group. */
  'security group': {
    label: string;
    /** The group's name in AWS. */
    groupName: string;
    description: string | undefined;
    vpc: string | undefined;
    /**
     * Egress listed (on the board, or a NAT instance's): without it AWS keeps its default
     * all-outbound rule, which Terraform writes as a rule of its own and CloudFormation leaves
     * implicit. With it, CloudFormation lists the CIDR egress rules inside the group.
     */
    listedEgress: boolean;
    comment: string | undefined;
    /** Its rules (planned after every group, since a rule may name a later group). */
    ingress: PlannedResource<'security group ingress rule'>[];
    egress: PlannedResource<'security group egress rule' | 'security group egress rule to a group'>[];
  };
  instance: {
    node: NodeOf<'ec2-instance'> | NodeOf<'nat-instance'>;
    nat: boolean;
    instanceType: string;
    /** The board's AMI, else the latest Amazon Linux 2023 of `arch`. */
    ami: string | undefined;
    arch: 'x86_64' | 'arm64';
    subnet: string | undefined;
    /** Planned groups: the associated ones, then a NAT instance's own. */
    securityGroups: string[];
    publicIp: boolean | undefined;
    sourceDestCheck: boolean | undefined;
    /** A NAT instance's forwarding/masquerading user data (not with an AMI of the board's). */
    natScript: boolean;
  };
  /** A drawn Elastic IP associated with an instance. */
  'elastic ip association': { eip: string; instance: string };
  'load balancer': {
    node: NodeOf<'load-balancer'>;
    subnets: string[];
    securityGroups: string[];
    /** Cross-zone load balancing turned on: an NLB's setting (ALBs always balance across zones). */
    crossZone: boolean;
  };
  'target group': {
    label: string;
    port: number;
    protocol: 'HTTP' | 'TCP';
    /** `ip` when its traffic edges lead to an ECS service (Fargate tasks register by IP). */
    targetType: 'instance' | 'ip';
    vpc: string | undefined;
    /** The instances its traffic edges lead to (CloudFormation lists them in the group). */
    targets: PlannedResource<'target group attachment'>[];
  };
  'target group attachment': { targetGroup: string; instance: string; port: number };
  listener: {
    loadBalancer: string;
    targetGroup: string;
    port: number;
    protocol: string;
    sslPolicy: string | undefined;
    /** HTTPS and TLS listeners take the load balancers' certificate. */
    certificate: boolean;
    /** HTTP beside an HTTPS listener: redirects there (its port) instead of forwarding. */
    redirectTo: number | undefined;
  };
  'db subnet group': { label: string; subnets: string[] };
  /** Terraform only: the random suffix of final snapshot names, once per board. */
  'final snapshot suffix': Record<string, never>;
  'db instance': {
    node: NodeOf<'rds-instance'>;
    /** A read replica's source (planned before it): no subnet group, no final snapshot. */
    source: { id: string; label: string } | undefined;
    subnetGroup: string | undefined;
    /** Its groups, else a replica's source's (not the VPC default). */
    securityGroups: string[];
  };
  'aurora cluster': {
    node: NodeOf<'aurora-cluster'>;
    subnetGroup: string | undefined;
    securityGroups: string[];
  };
  'aurora instance': {
    cluster: string;
    node: NodeOf<'aurora-cluster'>;
    row: NonNullable<NodeOf<'aurora-cluster'>['props']['instances']>[number];
    zone: string | undefined;
  };
  /** A bucket's SSE-KMS key of its own (the AWS managed aws/s3 key cannot grant CloudFront). */
  'kms key': {
    bucket: string;
    label: string;
    /**
     * Distributions reading the bucket may decrypt. Data, not references: Terraform names them
     * (planned later), CloudFormation grants the account's distributions (naming them would make
     * a cycle key → distribution → bucket → key).
     */
    readers: string[];
  };
  bucket: { node: NodeOf<'s3-bucket'>; kmsKey: string | undefined };
  'bucket versioning': { bucket: string };
  'bucket public access block': { bucket: string; block: boolean };
  'bucket encryption': { bucket: string; kmsKey: string | undefined };
  'bucket website': { bucket: string };
  'origin access control': { distribution: string; origin: string; label: string; bucketLabel: string };
  /** The TTLs set on a distribution, for its default behaviour. */
  'cache policy': { label: string; minTtl: number; defaultTtl: number; maxTtl: number };
  distribution: {
    node: NodeOf<'cloudfront-distribution'>;
    /** Its default origin first, then one per path-routed origin. */
    origins: PlannedOrigin[];
    cachePolicy: string | undefined;
  };
  /** Only the distributions reading the bucket through origin access control may read it. */
  'bucket policy': { bucket: string; label: string; readers: string[] };
  /** One per cluster name (a service without one: a cluster of its own, named after it). */
  'ecs cluster': { name: string };
  /**
   * An IAM role a service assumes, with AWS managed policies (its `role policy attachment`s): the
   * board's one ECS task execution role, the execution role of each Lambda function.
   */
  role: {
    /** The service principal that may assume it. */
    service: 'ecs-tasks.amazonaws.com' | 'lambda.amazonaws.com';
    /** Terraform `name_prefix` (unset: Terraform names it). */
    namePrefix: string | undefined;
    /** Its Name tag (unset: no tags). */
    tag: string | undefined;
    comment: string;
  };
  /** An AWS managed policy (`service-role/...`) of a role: Terraform an attachment, CloudFormation a role property. */
  'role policy attachment': { role: string; policy: string };
  'task definition': {
    node: NodeOf<'ecs-service'>;
    family: string;
    cpu: number;
    memory: number;
    /** The task's containers as the ECS API takes them (Terraform jsonencodes it, CDK passes it). */
    containers: {
      name: string;
      image: string;
      essential: true;
      portMappings: { containerPort: number; protocol: 'tcp' }[];
    }[];
    role: string;
  };
  'ecs service': {
    node: NodeOf<'ecs-service'>;
    cluster: string;
    taskDefinition: string;
    subnets: string[];
    securityGroups: string[];
    assignPublicIp: boolean;
    desiredCount: number;
    containerName: string;
    /** Target groups whose load balancers' traffic edges lead to it, with the container port. */
    loadBalancers: { targetGroup: string; containerPort: number }[];
    /** Listeners forwarding to those groups: the service waits for them (ECS needs the group on a load balancer). */
    listeners: string[];
  };
  'launch template': {
    node: NodeOf<'autoscaling-group'>;
    instanceType: string;
    /** The board's AMI, else the latest Amazon Linux 2023 of `arch`. */
    ami: string | undefined;
    arch: 'x86_64' | 'arm64';
    securityGroups: string[];
    /** Unset: the subnet's auto-assign setting decides. */
    publicIp: boolean | undefined;
  };
  'auto scaling group': {
    node: NodeOf<'autoscaling-group'>;
    launchTemplate: string;
    subnets: string[];
    /** Target groups of the load balancers whose traffic edges lead to it. */
    targetGroups: string[];
    minSize: number;
    maxSize: number;
    desiredCapacity: number | undefined;
    healthCheckType: 'EC2' | 'ELB';
    healthCheckGracePeriod: number;
  };
  'security group ingress rule': SecurityGroupRule;
  'security group egress rule': SecurityGroupRule;
  'security group egress rule to a group': SecurityGroupRule;
  /**
   * With route tables of its own (`ownTable`: static routes, no default association, or
   * `routeTables`), the gateway's default association and propagation are off and the plan
   * associates and propagates explicitly: CloudFormation cannot name the default table, and an
   * attachment associated with a table of `routeTables` must not be associated with the default
   * one first (AWS allows one association per attachment), so both printers do the same.
   */
  'transit gateway': { node: NodeOf<'transit-gateway'>; ownTable: boolean };
  'transit gateway attachment': {
    gateway: string;
    vpc: string;
    subnets: string[];
    label: string;
    /** Off when the gateway has a table of its own (associated explicitly instead). */
    defaultTable: boolean;
  };
  'transit gateway route table': { gateway: string; label: string };
  'transit gateway route table association': { table: string; attachment: string };
  'transit gateway route table propagation': { table: string; attachment: string };
  /** A static route of the gateway's table: to an attachment, or dropped (blackhole). */
  'transit gateway route': { table: string; cidr: string; attachment: string | undefined };
  /** Associated with the route tables of the subnets drawn associated with it. */
  'gateway endpoint': {
    node: NodeOf<'gateway-endpoint'>;
    vpc: string;
    service: string;
    routeTables: string[];
  };
  'interface endpoint': {
    node: NodeOf<'interface-endpoint'>;
    vpc: string;
    service: string;
    subnets: string[];
    securityGroups: string[];
    privateDns: boolean;
  };
  function: {
    node: NodeOf<'lambda-function'>;
    role: string;
    fn: FunctionPlan;
    /** Planned security groups (in a VPC). */
    securityGroups: string[];
    /** In a VPC with no group associated: the planned VPC whose default group it gets. */
    defaultGroupOf: string | undefined;
  };
  'http api': { node: NodeOf<'api-gateway'> };
  'http api stage': { api: string; stage: string };
  /**
   * A VPC link V2 (HTTP APIs, and REST APIs since November 2025): network interfaces in a load
   * balancer's subnets with a security group of its own, shared by every API reaching it.
   */
  'vpc link': { label: string; subnets: string[]; securityGroups: string[] };
  /** A REST API's legacy VPC link V1 to a Network Load Balancer. */
  'rest vpc link': { label: string; loadBalancer: string };
  /** An integration with a function or a load balancer listener (through a VPC link). */
  'http api integration': { api: string; target: ApiTarget; timeoutMs: number };
  /** The route sending requests to an integration. */
  'http api route': { api: string; integration: string; routeKey: string };
  'rest api': { node: NodeOf<'api-gateway'>; endpointType: string };
  /** `{proxy+}` for an API's only target, else the target's name. */
  'rest api resource': { api: string; pathPart: string };
  /** `proxy`: the method passes its `{proxy+}` path on (to a load balancer). */
  'rest api method': { api: string; resource: string; target: ApiTarget; proxy: boolean };
  /** CloudFormation writes it inside its method. `path`: the load balancer's path (`/{proxy}` or `/<name>`). */
  'rest api integration': {
    api: string;
    resource: string;
    method: string;
    target: ApiTarget;
    timeoutMs: number;
    path: string;
    proxy: boolean;
  };
  'rest api deployment': { api: string; methods: string[]; integrations: string[] };
  'rest api stage': { api: string; deployment: string; stage: string };
  /** API Gateway may invoke the function (from any stage and route of the API). */
  'function permission': { fn: string; api: string; rest: boolean };
}

/** What an API integration sends requests to (planned ids). */
export type ApiTarget =
  | { kind: 'function'; fn: string }
  | {
      kind: 'load balancer';
      loadBalancer: string;
      /** The listener requests go to (an HTTP API's integration names it; a REST API its port). */
      listener: string;
      port: number;
      /** An HTTPS or TLS listener: API Gateway connects with TLS. */
      tls: boolean;
      /** The VPC link: V2 (`vpc link`) or a REST API's legacy V1 (`rest vpc link`). */
      link: { version: 'v1' | 'v2'; id: string };
    };

/** An origin of a distribution and what it points at (planned ids). */
export interface PlannedOrigin {
  id: string;
  label: string;
  originPath: string | undefined;
  /** `<edge path>/*` for the origins after the default one. */
  pathPattern: string | undefined;
  target:
    | { kind: 'bucket'; bucket: string; accessControl: string }
    | { kind: 'load balancer'; loadBalancer: string }
    | { kind: 'instance'; instance: string; count: number }
    | { kind: 'custom'; domain: string; protocolPolicy: 'https-only' | 'match-viewer' }
    /** An API Gateway API: its execute-api domain in the deployment region. */
    | { kind: 'api'; api: string; rest: boolean };
}

/** Both printers' comment on a distribution with several origins: which paths go where. */
export function distributionComment(origins: PlannedOrigin[]): string | undefined {
  if (origins.length < 2) return undefined;
  const rest = origins.slice(1).map((o) => `${o.pathPattern} → "${o.label}"`);
  return `Default behaviour: "${origins[0]!.label}"; ${rest.join(', ')}.`;
}

/** A security group rule: protocol `-1` is all traffic (no ports). */
export interface SecurityGroupRule {
  group: string;
  description: string | undefined;
  protocol: string;
  ports: { from: number; to: number } | undefined;
  /** A CIDR, a planned subnet's CIDR, or another planned group. */
  peer: { cidr: string } | { subnetCidr: string } | { group: string };
}

type SecurityGroupRuleType =
  | 'security group ingress rule'
  | 'security group egress rule'
  | 'security group egress rule to a group';

/** A planned security group rule, drawn from `node`; what it references follows from its group and peer. */
function securityGroupRule<T extends SecurityGroupRuleType>(
  type: T,
  id: string,
  props: SecurityGroupRule,
  node: string,
): PlannedResource<T> {
  const { peer } = props;
  return {
    id,
    type,
    props,
    refs: [
      key('security group', props.group),
      ...('group' in peer ? [key('security group', peer.group)] : []),
      ...('subnetCidr' in peer ? [key('subnet', peer.subnetCidr)] : []),
    ],
    from: { node },
  } as PlannedResource<T>;
}
export type PlannedType = keyof PlannedProps & ResourceKey;

/** A network ACL of its own (planned id) or a VPC's default ACL (planned VPC id). */
export type AclRef = { own: string } | { defaultOf: string };

export interface PlannedResource<T extends PlannedType = PlannedType> {
  /** Stable logical name: the board node's (or edge pair's) snake_case name, unique per type. */
  id: string;
  type: T;
  props: PlannedProps[T];
  /** Planned resources this one references (`type:id`), all earlier in the plan. */
  refs: string[];
  /** The board node or edge it stands for. */
  from: { node?: string; edge?: string };
  /** Identical copies (an instance's count): Terraform `count`, CloudFormation one resource each. */
  count?: number;
  /** The board kind whose planner planned it (set by planResources). */
  by?: NodeKind | EdgeKind;
}

type AnyPlanned = { [T in PlannedType]: PlannedResource<T> }[PlannedType];

/** What a planner sees: the analysed board and a way to add resources. */
export interface PlanContext {
  plan: ExportPlan;
  add<T extends PlannedType>(r: PlannedResource<T>): void;
  /** The resources of a type planned so far. */
  ofType<T extends PlannedType>(type: T): PlannedResource<T>[];
  /** The planned resource of a type for a node, if planned earlier. */
  find<T extends PlannedType>(type: T, node: string): PlannedResource<T> | undefined;
}

interface Planner {
  /** The resource types it can produce, for docs/export.md (in order), and when. */
  resources: { type: PlannedType; when?: string }[];
  /** Export options (CLI flags; the export dialog has the same) that change what it plans, for docs. */
  options?: string;
  plan(ctx: PlanContext): void;
}

const key = (type: string, id: string) => `${type}:${id}`;

/** A rule's port range: ICMP type/code default to -1 (all); no ports mean all (0-65535). */
export function portRange(
  proto: string,
  from: number | undefined,
  to: number | undefined,
): { from: number; to: number } {
  if (proto === 'icmp') return { from: from ?? -1, to: to ?? -1 };
  if (from === undefined && to === undefined) return { from: 0, to: 65535 };
  return { from: from ?? to!, to: to ?? from! };
}

/** A security group rule row as drawn (ingress rows name a source group, egress a destination). */
type SgRuleRow = NonNullable<NodeOf<'security-group'>['props']['ingress']>[number] & {
  destinationSecurityGroupId?: string;
};

/** SNS → SQS traffic edges, once per pair, in edge order. */
function subscriptionEdges(plan: ExportPlan): { edge: BoardEdge; topic: string; queue: string }[] {
  const out: { edge: BoardEdge; topic: string; queue: string }[] = [];
  for (const e of plan.board.edges) {
    if (e.kind !== 'traffic') continue;
    const from = plan.index.nodes.get(e.source);
    const to = plan.index.nodes.get(e.target);
    if (
      from?.kind === 'sns-topic' &&
      to?.kind === 'sqs-queue' &&
      !out.some((s) => s.topic === from.id && s.queue === to.id)
    )
      out.push({ edge: e, topic: from.id, queue: to.id });
  }
  return out;
}

/** An instance (NAT instance: with its own group) and the association of its drawn Elastic IP. */
function planInstance(
  ctx: PlanContext,
  n: NodeOf<'ec2-instance'> | NodeOf<'nat-instance'>,
  natGroup: string | undefined,
): void {
  const { plan } = ctx;
  const id = plan.name.get(n.id)!;
  const subnetNode = plan.subnetOf(n.id);
  const subnet = subnetNode && plan.vpcOf(subnetNode.id) ? plan.name.get(subnetNode.id) : undefined;
  const securityGroups = [
    ...(plan.sgsOf.get(n.id) ?? []).map((g) => plan.name.get(g)!),
    ...(natGroup ? [natGroup] : []),
  ];
  const instanceType = prop(n, 'instanceType')!;
  const count = n.kind === 'ec2-instance' ? (prop(n as NodeOf<'ec2-instance'>, 'count') ?? 1) : 1;
  ctx.add({
    id,
    type: 'instance',
    props: {
      node: n,
      nat: !!natGroup,
      instanceType,
      ami: n.props.ami,
      arch: archOf(instanceType),
      subnet,
      securityGroups,
      publicIp: prop(n, 'associatePublicIp'),
      sourceDestCheck: natGroup ? false : prop(n, 'sourceDestCheck'),
      natScript: !!natGroup && plan.natInstances.get(n.id)!.script,
    },
    refs: [
      ...(subnet ? [key('subnet', subnet)] : []),
      ...securityGroups.map((g) => key('security group', g)),
    ],
    from: { node: n.id },
    ...(count > 1 ? { count } : {}),
  });
  const eip = plan.eipOf.get(n.id);
  if (eip && !eip.startsWith('implicit:')) {
    const e = plan.name.get(eip)!;
    ctx.add({
      id: e,
      type: 'elastic ip association',
      props: { eip: e, instance: id },
      refs: [key('elastic ip', e), key('instance', id)],
      from: { node: n.id },
    });
  }
}

/**
 * The targets a load balancer's target group registers. A group holds one type of target: IP
 * addresses when the first traffic edge leads to an ECS service (Fargate tasks), else instances
 * (EC2 instances, Auto Scaling groups); targets of the other type are left out.
 */
function targetsOf(
  plan: ExportPlan,
  lb: NodeOf<'load-balancer'>,
): { registered: LbTarget[]; left: LbTarget[] } {
  const all = plan.lbTargets.get(lb.id) ?? [];
  const ip = (t: LbTarget) => t.target.kind === 'ecs-service';
  const type = all[0] ? ip(all[0]) : false;
  return { registered: all.filter((t) => ip(t) === type), left: all.filter((t) => ip(t) !== type) };
}

/** The target groups (planned ids, with the port) that register a node: an ECS service or Auto Scaling group. */
function targetGroupsFor(
  ctx: PlanContext,
  node: string,
): { targetGroup: string; port: number; lb: string }[] {
  const { plan } = ctx;
  const out: { targetGroup: string; port: number; lb: string }[] = [];
  for (const lb of plan.of('load-balancer')) {
    const hit = targetsOf(plan, lb).registered.find((t) => t.target.id === node);
    const group = hit && ctx.find('target group', lb.id);
    if (hit && group && !out.some((o) => o.targetGroup === group.id))
      out.push({ targetGroup: group.id, port: hit.port, lb: lb.id });
  }
  return out;
}

/** Planned subnets of a service or group (drawn + listed, inside a VPC); warns when there are none. */
function computeSubnets(plan: ExportPlan, n: NodeOf<'ecs-service'> | NodeOf<'autoscaling-group'>): string[] {
  const subnets = plan.subnetsFor(n).filter((s) => plan.vpcOf(s));
  if (subnets.length === 0)
    plan.warnings.push(
      `${plan.label(n.id)} is in no subnet of a VPC; AWS needs at least one. Draw it in a subnet or list subnets in its Subnets property.`,
    );
  return subnets.map((s) => plan.name.get(s)!);
}

/** Planned ids of the security groups associated with a node. */
const groupsOf = (plan: ExportPlan, node: string) =>
  (plan.sgsOf.get(node) ?? []).map((g) => plan.name.get(g)!);

/** A role and its one managed policy (`service-role/...`), both planned under `id`. */
function planRole(ctx: PlanContext, id: string, policy: string, props: PlannedProps['role']): void {
  ctx.add({ id, type: 'role', props, refs: [], from: {} });
  ctx.add({
    id,
    type: 'role policy attachment',
    props: { role: id, policy },
    refs: [key('role', id)],
    from: {},
  });
}

/**
 * An API's integration timeout: the board's (29 s by default), at most 30 s for an HTTP API. A REST
 * API may wait longer (regional and private APIs only, after a quota increase): a note says so.
 */
function integrationTimeout(plan: ExportPlan, api: NodeOf<'api-gateway'>): number {
  const ms = prop(api, 'integrationTimeoutMs')!;
  const rest = prop(api, 'apiType') === 'REST';
  if (!rest && ms > 30000) {
    plan.warnings.push(
      `${plan.label(api.id)}: an HTTP API waits at most 30 s for its integrations; exported with 30000 ms instead of ${ms} ms.`,
    );
    return 30000;
  }
  if (rest && ms > 29000)
    plan.warnings.push(
      `${plan.label(api.id)}: an integration timeout above 29 s needs a raised quota for the account ("Maximum integration timeout in milliseconds"), and only regional and private REST APIs can have one; request it before deploying.`,
    );
  return ms;
}

/**
 * An API's private integration with an internal load balancer, through the load balancer's VPC
 * link (planned here when first needed): a VPC link V2 in its subnets with a security group of
 * its own that its groups admit on the listener port, or a REST API's legacy V1 to a Network Load
 * Balancer. Undefined, with a note, when it cannot be exported.
 */
function loadBalancerTarget(
  ctx: PlanContext,
  api: NodeOf<'api-gateway'>,
  lb: NodeOf<'load-balancer'>,
): ApiTarget | undefined {
  const { plan } = ctx;
  const where = `${plan.label(api.id)} → ${plan.label(lb.id)}`;
  const skip = (why: string) => {
    plan.warnings.push(`${where}: ${why}`);
    return undefined;
  };
  if (prop(lb, 'scheme') !== 'internal')
    return skip(
      'an internet-facing load balancer is reached over the internet (an HTTP proxy integration to its DNS name), which is not exported; make it internal to reach it privately through a VPC link, or add the integration by hand.',
    );
  const v1 = prop(api, 'apiType') === 'REST' && prop(api, 'vpcLinkVersion') === 'v1';
  if (v1 && prop(lb, 'type') !== 'network')
    return skip('a VPC link V1 reaches only Network Load Balancers; not exported. Use a VPC link V2.');
  const planned = ctx.find('load balancer', lb.id);
  if (!planned?.props.subnets.length)
    return skip('the load balancer is in no subnet of a VPC, so there is no VPC link to make; not exported.');
  const ln = planned.id;
  const forwarding = ctx
    .ofType('listener')
    .filter(
      (l) => l.props.loadBalancer === ln && l.props.redirectTo === undefined && l.props.protocol !== 'UDP',
    );
  const listener = forwarding.find((l) => !l.props.certificate) ?? forwarding[0];
  if (!listener)
    return skip(
      'the load balancer has no listener forwarding HTTP or TCP traffic to send requests to; not exported.',
    );
  const { port } = listener.props;
  const tls = listener.props.certificate;
  if (tls)
    plan.warnings.push(
      `${where}: API Gateway connects to the ${listener.props.protocol} listener on port ${port} and verifies its certificate: it must be valid for the load balancer's name${prop(api, 'apiType') === 'REST' ? ' in the integration URI' : ' (or set the server name to verify on the integration)'}.`,
    );
  if (v1) {
    if (!ctx.ofType('rest vpc link').some((l) => l.id === ln)) {
      if (planned.props.securityGroups.length)
        plan.warnings.push(
          `${plan.label(lb.id)}: its security groups also filter the traffic of the VPC link V1 (PrivateLink) unless the load balancer's "enforce security group inbound rules on PrivateLink traffic" is off; admit the VPC's addresses on port ${port}, or turn it off.`,
        );
      ctx.add({
        id: ln,
        type: 'rest vpc link',
        props: { label: lb.label, loadBalancer: ln },
        refs: [key('load balancer', ln)],
        from: { node: lb.id },
      });
    }
  } else if (!ctx.ofType('vpc link').some((l) => l.id === ln)) {
    const group = `${ln}_vpc_link`;
    const vpcNode = plan.vpcOf(lb.id) ?? plan.vpcOf(plan.subnetsFor(lb).find((s) => plan.vpcOf(s))!);
    const vpc = vpcNode ? plan.name.get(vpcNode.id) : undefined;
    const ports = { from: port, to: port };
    const lbGroups = planned.props.securityGroups;
    const rule = <T extends SecurityGroupRuleType>(type: T, id: string, props: SecurityGroupRule) =>
      securityGroupRule(type, id, props, lb.id);
    const egress = lbGroups.length
      ? lbGroups.map((g) =>
          rule('security group egress rule to a group', `${group}_to_${g}`, {
            group,
            description: `To ${lb.label} on port ${port}`,
            protocol: 'tcp',
            ports,
            peer: { group: g },
          }),
        )
      : [
          rule('security group egress rule', `${group}_out`, {
            group,
            description: undefined,
            protocol: '-1',
            ports: undefined,
            peer: { cidr: '0.0.0.0/0' },
          }),
        ];
    ctx.add({
      id: group,
      type: 'security group',
      props: {
        label: `${lb.label} VPC link`,
        groupName: `${hyphen(ln)}-vpc-link`,
        description: `API Gateway VPC link to ${lb.label}`,
        vpc,
        listedEgress: lbGroups.length > 0,
        comment: `The network interfaces of the VPC link of API Gateway to "${lb.label}".`,
        ingress: [],
        egress,
      },
      refs: vpc ? [key('vpc', vpc)] : [],
      from: { node: lb.id },
    });
    for (const r of egress) ctx.add(r);
    for (const g of lbGroups)
      ctx.add(
        rule('security group ingress rule', `${g}_from_${group}`, {
          group: g,
          description: `API Gateway VPC link on port ${port}`,
          protocol: 'tcp',
          ports,
          peer: { group },
        }),
      );
    ctx.add({
      id: ln,
      type: 'vpc link',
      props: { label: lb.label, subnets: planned.props.subnets, securityGroups: [group] },
      refs: [...planned.props.subnets.map((s) => key('subnet', s)), key('security group', group)],
      from: { node: lb.id },
    });
  }
  return {
    kind: 'load balancer',
    loadBalancer: ln,
    listener: listener.id,
    port,
    tls,
    link: { version: v1 ? 'v1' : 'v2', id: ln },
  };
}

/** An Aurora instance row's name as a resource name. */
function snakeRow(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'instance'
  );
}

/**
 * The board's one final snapshot suffix (Terraform's `random_id`: new for every create, so a
 * second destroy does not collide with the first one's snapshot), planned when first needed.
 */
function snapshotSuffix(ctx: PlanContext): string {
  const id = 'final_snapshot';
  if (!ctx.ofType('final snapshot suffix').length)
    ctx.add({ id, type: 'final snapshot suffix', props: {}, refs: [], from: {} });
  return key('final snapshot suffix', id);
}

/** A subnet group for a node in subnets (none, with a warning, when it is in no subnet). */
function subnetGroup(
  ctx: PlanContext,
  type: 'cache subnet group' | 'redshift subnet group' | 'db subnet group',
  n: BoardNode & { props: { subnetGroupSubnetIds?: string[]; subnetIds?: string[] } },
): string | undefined {
  const { plan } = ctx;
  const subnets = plan.subnetsFor(n).filter((s) => plan.vpcOf(s));
  if (subnets.length === 0) {
    plan.warnings.push(`${plan.label(n.id)} is in no subnet; it goes to the default VPC.`);
    return undefined;
  }
  const id = plan.name.get(n.id)!;
  const planned = subnets.map((s) => plan.name.get(s)!);
  ctx.add({
    id,
    type,
    props: { label: n.label, subnets: planned },
    refs: planned.map((s) => key('subnet', s)),
    from: { node: n.id },
  });
  return id;
}

/**
 * The planners, one per node kind or edge kind, in the order their resources enter the plan.
 * The kinds with none are in FOLDED_KINDS.
 */
export type PlannerEntry = Planner & ({ node: NodeKind } | { edge: EdgeKind; between: string });
export const PLANNERS: readonly PlannerEntry[] = [
  {
    node: 'vpc',
    resources: [{ type: 'vpc' }],
    plan(ctx) {
      for (const v of ctx.plan.of('vpc'))
        ctx.add({
          id: ctx.plan.name.get(v.id)!,
          type: 'vpc',
          props: { node: v },
          refs: [],
          from: { node: v.id },
        });
    },
  },
  {
    node: 'subnet',
    resources: [{ type: 'subnet', when: 'inside a VPC' }],
    plan(ctx) {
      const { plan } = ctx;
      for (const s of plan.of('subnet')) {
        const vpc = plan.vpcOf(s.id);
        if (!vpc) continue;
        const v = plan.name.get(vpc.id)!;
        ctx.add({
          id: plan.name.get(s.id)!,
          type: 'subnet',
          props: { node: s, vpc: v, zone: plan.zoneOf(s.id) },
          refs: [key('vpc', v)],
          from: { node: s.id },
        });
      }
    },
  },
  {
    node: 'internet-gateway',
    resources: [{ type: 'internet gateway' }, { type: 'internet gateway attachment', when: 'inside a VPC' }],
    plan(ctx) {
      const { plan } = ctx;
      for (const g of plan.of('internet-gateway')) {
        const vpc = plan.vpcOf(g.id);
        if (!vpc) plan.warnings.push(`${plan.label(g.id)} is not inside a VPC; it is exported detached.`);
        const id = plan.name.get(g.id)!;
        const v = vpc ? plan.name.get(vpc.id)! : undefined;
        ctx.add({
          id,
          type: 'internet gateway',
          props: { node: g, vpc: v },
          refs: v ? [key('vpc', v)] : [],
          from: { node: g.id },
        });
        if (v)
          ctx.add({
            id: `${id}_attachment`,
            type: 'internet gateway attachment',
            props: { gateway: id, vpc: v },
            refs: [key('internet gateway', id), key('vpc', v)],
            from: { node: g.id },
          });
      }
    },
  },
  {
    node: 'elastic-ip',
    resources: [{ type: 'elastic ip' }],
    plan(ctx) {
      for (const e of ctx.plan.of('elastic-ip'))
        ctx.add({
          id: ctx.plan.name.get(e.id)!,
          type: 'elastic ip',
          props: { label: e.label, comment: undefined },
          refs: [],
          from: { node: e.id },
        });
    },
  },
  {
    node: 'nat-gateway',
    options:
      "`--nat-per-az`: adds a NAT gateway (with its Elastic IP) in a public subnet of each zone whose private subnets route to another zone's NAT gateway",
    resources: [{ type: 'elastic ip', when: 'public, with no Elastic IP drawn' }, { type: 'nat gateway' }],
    plan(ctx) {
      const { plan } = ctx;
      const eipId = (natId: string) => {
        const eip = plan.eipOf.get(natId);
        if (!eip) return undefined;
        return eip.startsWith('implicit:') ? `${plan.name.get(natId)}_eip` : plan.name.get(eip);
      };
      for (const natId of plan.implicitEips) {
        const nat = plan.index.nodes.get(natId)!;
        ctx.add({
          id: eipId(natId)!,
          type: 'elastic ip',
          props: {
            label: `${nat.label} EIP`,
            comment: `Elastic IP for the NAT gateway "${nat.label}" (none drawn on the board).`,
          },
          refs: [],
          from: { node: natId },
        });
      }
      const igwOf = new Map<string, string>();
      for (const g of plan.of('internet-gateway')) {
        const vpc = plan.vpcOf(g.id);
        if (vpc && !igwOf.has(vpc.id)) igwOf.set(vpc.id, plan.name.get(g.id)!);
      }
      for (const n of plan.of('nat-gateway')) {
        const subnet = plan.subnetOf(n.id);
        if (!subnet) plan.warnings.push(`${plan.label(n.id)} is not in a subnet; set its subnet_id by hand.`);
        const isPublic = prop(n, 'connectivity') === 'public';
        const eip = isPublic ? eipId(n.id) : undefined;
        const s = subnet && plan.vpcOf(subnet.id) ? plan.name.get(subnet.id) : undefined;
        const vpc = plan.vpcOf(n.id);
        const igw = isPublic && vpc ? igwOf.get(vpc.id) : undefined;
        ctx.add({
          id: plan.name.get(n.id)!,
          type: 'nat gateway',
          props: { node: n, public: isPublic, eip, subnet: s, internetGateway: igw },
          refs: [
            ...(eip ? [key('elastic ip', eip)] : []),
            ...(s ? [key('subnet', s)] : []),
            ...(igw ? [key('internet gateway attachment', `${igw}_attachment`)] : []),
          ],
          from: { node: n.id },
        });
      }
    },
  },
  {
    edge: 'peering',
    between: 'VPC ↔ VPC',
    resources: [{ type: 'peering' }],
    plan(ctx) {
      const { plan } = ctx;
      for (const p of plan.peerings) {
        const vpc = plan.name.get(p.vpcId)!;
        const peerVpc = plan.name.get(p.peerVpcId)!;
        ctx.add({
          id: p.name,
          type: 'peering',
          props: { vpc, peerVpc, label: p.label },
          refs: [key('vpc', vpc), key('vpc', peerVpc)],
          from: { edge: p.edgeId },
        });
      }
    },
  },
  {
    node: 'transit-gateway',
    resources: [
      { type: 'transit gateway' },
      { type: 'transit gateway attachment', when: "one per VPC, with its attachment edges' subnets" },
      {
        type: 'transit gateway route table',
        when: "one per row of its route tables, and the gateway's own for static routes, default association off or attachments no row lists",
      },
      {
        type: 'transit gateway route table association',
        when: 'one per attachment, with tables of its own: with the table listing its VPC, else the own table',
      },
      {
        type: 'transit gateway route table propagation',
        when: "with tables of its own: every attachment into the own table when propagation is on, and each table's propagating VPCs",
      },
      { type: 'transit gateway route', when: 'one per static route, in its table' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      for (const g of plan.of('transit-gateway')) {
        const id = plan.name.get(g.id)!;
        const routes = g.props.routes ?? [];
        const tables = g.props.routeTables ?? [];
        const ownTable =
          routes.length > 0 || prop(g, 'defaultRouteTableAssociation') === false || tables.length > 0;
        ctx.add({
          id,
          type: 'transit gateway',
          props: { node: g, ownTable },
          refs: [],
          from: { node: g.id },
        });
        const attachments = plan.tgwAttachments.filter((a) => a.tgwId === g.id);
        for (const a of attachments) {
          const vpc = plan.name.get(a.vpcId)!;
          const subnets = a.subnetIds.map((sid) => plan.name.get(sid)!);
          ctx.add({
            id: a.name,
            type: 'transit gateway attachment',
            props: {
              gateway: id,
              vpc,
              subnets,
              label: `${g.label} ↔ ${plan.index.nodes.get(a.vpcId)!.label}`,
              defaultTable: !ownTable,
            },
            refs: [key('transit gateway', id), key('vpc', vpc), ...subnets.map((sn) => key('subnet', sn))],
            from: { node: g.id },
          });
        }
        if (!ownTable) continue;
        const attachmentOf = (vpcId: string | undefined) => attachments.find((a) => a.vpcId === vpcId)?.name;
        /** One route table: its associations, propagations (ids suffixed by `propSuffix`) and routes. */
        const addTable = (
          table: string,
          label: string,
          associated: string[],
          propagating: string[],
          propSuffix: string,
          rows: NonNullable<typeof routes>,
          where: string,
        ) => {
          ctx.add({
            id: table,
            type: 'transit gateway route table',
            props: { gateway: id, label },
            refs: [key('transit gateway', id)],
            from: { node: g.id },
          });
          const refs = (a: string) => [
            key('transit gateway route table', table),
            key('transit gateway attachment', a),
          ];
          for (const a of associated)
            ctx.add({
              id: a,
              type: 'transit gateway route table association',
              props: { table, attachment: a },
              refs: refs(a),
              from: { node: g.id },
            });
          for (const a of propagating)
            ctx.add({
              id: `${a}${propSuffix}`,
              type: 'transit gateway route table propagation',
              props: { table, attachment: a },
              refs: refs(a),
              from: { node: g.id },
            });
          rows.forEach((r, i) => {
            const attachment = r.blackhole ? undefined : attachmentOf(r.vpcId);
            if (!r.blackhole && !attachment) {
              plan.warnings.push(
                `${plan.label(g.id)}${where}: route ${r.destinationCidr} skipped: ${r.vpcId ? `${plan.label(r.vpcId)} is not attached to it` : 'it names no attached VPC and is not a blackhole'}.`,
              );
              return;
            }
            ctx.add({
              id: `${table}_route_${i + 1}`,
              type: 'transit gateway route',
              props: { table, cidr: r.destinationCidr, attachment },
              refs: [
                key('transit gateway route table', table),
                ...(attachment ? [key('transit gateway attachment', attachment)] : []),
              ],
              from: { node: g.id },
            });
          });
        };
        // Each attachment is associated with the table `transitRouteTableOf` says (the validator
        // routes by the same). Default propagation puts every attachment in the own table.
        const ownAssociated = attachments
          .filter((a) => transitRouteTableOf(g.props, a.vpcId) === 'default')
          .map((a) => a.name);
        const ownTableName = `${id}_routes`;
        const names = new NameRegistry();
        names.claim(ownTableName);
        if (!tables.length || ownAssociated.length || routes.length)
          addTable(
            ownTableName,
            `${g.label} routes`,
            ownAssociated,
            prop(g, 'defaultRouteTablePropagation') !== false ? attachments.map((a) => a.name) : [],
            '',
            routes,
            '',
          );
        tables.forEach((t, index) => {
          const slug = snakeName(t.name, 'transit-gateway');
          const table = names.claim(`${id}_${slug}`);
          const attached = (vpcIds: string[] | undefined) => [
            ...new Set((vpcIds ?? []).map(attachmentOf).filter((a): a is string => a !== undefined)),
          ];
          const associated = attached(
            t.associations?.filter((v) => transitRouteTableOf(g.props, v) === index),
          );
          for (const v of [...(t.associations ?? []), ...(t.propagations ?? [])])
            if (!attachmentOf(v))
              plan.warnings.push(
                `${plan.label(g.id)} route table "${t.name}": ${plan.label(v)} skipped: it is not attached to the gateway.`,
              );
          addTable(
            table,
            `${g.label} ${t.name}`,
            associated,
            attached(t.propagations),
            `_${table.slice(id.length + 1)}`,
            t.routes ?? [],
            ` route table "${t.name}"`,
          );
        });
      }
    },
  },
  {
    node: 'security-group',
    resources: [
      { type: 'security group' },
      { type: 'security group ingress rule', when: 'one per inbound row' },
      {
        type: 'security group egress rule',
        when: "one per outbound row to a CIDR, or AWS's default all-outbound rule when none is listed",
      },
      { type: 'security group egress rule to a group', when: 'one per outbound row to a security group' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      const groups = plan.of('security-group').map((sg) => {
        const id = plan.name.get(sg.id)!;
        const vpc = plan.vpcOf(sg.id);
        const group: PlannedResource<'security group'> = {
          id,
          type: 'security group',
          props: {
            label: sg.label,
            groupName: hyphen(id),
            description: prop(sg, 'description'),
            vpc: vpc ? plan.name.get(vpc.id) : undefined,
            listedEgress: sg.props.egress !== undefined,
            comment: undefined,
            ingress: [],
            egress: [],
          },
          refs: vpc ? [key('vpc', plan.name.get(vpc.id)!)] : [],
          from: { node: sg.id },
        };
        ctx.add(group);
        return [sg, group] as const;
      });
      for (const [sg, group] of groups) {
        const rule = (dir: 'ingress' | 'egress', r: SgRuleRow, i: number) => {
          const peer = dir === 'ingress' ? r.sourceSecurityGroupId : r.destinationSecurityGroupId;
          if ((r.action ?? 'allow') === 'deny') {
            plan.warnings.push(
              `${plan.label(sg.id)}: ${dir} rule ${i + 1} denies traffic; security groups only allow, so it is left out.`,
            );
            return;
          }
          const peerOk = !!peer && plan.index.nodes.get(peer)?.kind === 'security-group';
          if (!r.cidr && !peerOk) {
            plan.warnings.push(
              `${plan.label(sg.id)}: ${dir} rule ${i + 1} has no CIDR or security group; left out.`,
            );
            return;
          }
          const protocol = r.protocol === 'all' || r.protocol === undefined ? '-1' : r.protocol;
          const to = r.cidr ? undefined : plan.name.get(peer!)!;
          const type =
            dir === 'ingress'
              ? 'security group ingress rule'
              : to
                ? 'security group egress rule to a group'
                : 'security group egress rule';
          const planned = securityGroupRule(
            type,
            `${group.id}_${dir}_${i + 1}`,
            {
              group: group.id,
              description: r.description,
              protocol,
              ports: protocol === '-1' ? undefined : portRange(protocol, r.fromPort, r.toPort),
              peer: to ? { group: to } : { cidr: r.cidr! },
            },
            sg.id,
          );
          if (dir === 'ingress')
            group.props.ingress.push(planned as PlannedResource<typeof type & 'security group ingress rule'>);
          else
            group.props.egress.push(
              planned as PlannedResource<Exclude<typeof type, 'security group ingress rule'>>,
            );
        };
        (sg.props.ingress ?? []).forEach((r, i) => rule('ingress', r, i));
        // Unset egress is AWS's default rule (everything out); an empty list allows nothing out.
        const egress: SgRuleRow[] = sg.props.egress ?? [{ protocol: 'all', cidr: '0.0.0.0/0' }];
        egress.forEach((r, i) => rule('egress', r, i));
        for (const r of [...group.props.ingress, ...group.props.egress]) ctx.add(r);
      }
    },
  },
  {
    node: 'nat-instance',
    resources: [
      { type: 'security group', when: 'its own: traffic from the subnets routed through it' },
      { type: 'security group ingress rule', when: 'one per subnet routed through it' },
      { type: 'security group egress rule', when: 'everything out' },
      { type: 'instance' },
      { type: 'elastic ip association', when: 'an Elastic IP associated' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      for (const n of plan.of('nat-instance')) {
        const nn = plan.name.get(n.id)!;
        const vpc = plan.vpcOf(n.id);
        const v = vpc ? plan.name.get(vpc.id) : undefined;
        const group = `${nn}_nat`;
        const rule = <T extends SecurityGroupRuleType>(
          type: T,
          id: string,
          description: string,
          peer: SecurityGroupRule['peer'],
        ) =>
          securityGroupRule(type, id, { group, description, protocol: '-1', ports: undefined, peer }, n.id);
        const ingress = plan.natInstances
          .get(n.id)!
          .subnets.filter((sid) => plan.vpcOf(sid))
          .map((sid) => {
            const subnet = plan.name.get(sid)!;
            return rule(
              'security group ingress rule',
              `${group}_from_${subnet}`,
              `All traffic from ${plan.index.nodes.get(sid)!.label}`,
              { subnetCidr: subnet },
            );
          });
        const egress = rule(
          'security group egress rule',
          `${nn}_nat_out`,
          'Forwarded traffic to the internet',
          {
            cidr: '0.0.0.0/0',
          },
        );
        ctx.add({
          id: group,
          type: 'security group',
          props: {
            label: `${n.label} NAT`,
            groupName: `${hyphen(nn)}-nat`,
            description: `NAT instance ${n.label}: traffic from the subnets routed through it`,
            vpc: v,
            listedEgress: true,
            comment: `NAT instance "${n.label}" forwards what the subnets routed through it send.`,
            ingress,
            egress: [egress],
          },
          refs: v ? [key('vpc', v)] : [],
          from: { node: n.id },
        });
        for (const r of [...ingress, egress]) ctx.add(r);
        planInstance(ctx, n, group);
      }
    },
  },
  {
    node: 'ec2-instance',
    resources: [
      { type: 'instance', when: 'EC2 count: Terraform `count`, one CloudFormation resource per copy' },
      { type: 'elastic ip association', when: 'an Elastic IP associated' },
    ],
    plan(ctx) {
      for (const n of ctx.plan.of('ec2-instance')) planInstance(ctx, n, undefined);
    },
  },
  {
    node: 'network-acl',
    resources: [
      { type: 'network acl', when: 'not the VPC default' },
      { type: 'network acl rule', when: 'one per inbound/outbound row' },
      { type: 'network acl association', when: 'one per associated subnet' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      for (const acl of plan.of('network-acl')) {
        const an = plan.name.get(acl.id)!;
        const vpc = plan.vpcOf(acl.id);
        const isDefault = prop(acl, 'isDefault');
        if (!vpc) {
          plan.warnings.push(
            isDefault
              ? `${plan.label(acl.id)} is a default ACL outside a VPC; not exported.`
              : `${plan.label(acl.id)} is not inside a VPC; not exported.`,
          );
          continue;
        }
        const v = plan.name.get(vpc.id)!;
        let note = isDefault ? `Network ACL "${acl.label}" is the default ACL of ${vpc.label}.` : undefined;
        const aclRef: AclRef = isDefault ? { defaultOf: v } : { own: an };
        const refs = isDefault ? [key('vpc', v)] : [key('network acl', an)];
        if (!isDefault)
          ctx.add({
            id: an,
            type: 'network acl',
            props: { label: acl.label, vpc: v },
            refs: [key('vpc', v)],
            from: { node: acl.id },
          });
        for (const egress of [false, true]) {
          const rows = [...((egress ? acl.props.outbound : acl.props.inbound) ?? [])].sort(
            (a, b) => a.ruleNumber - b.ruleNumber,
          );
          for (const r of rows) {
            const protocol = r.protocol ?? 'tcp';
            ctx.add({
              id: `${an}_${egress ? 'out' : 'in'}_${r.ruleNumber}`,
              type: 'network acl rule',
              props: {
                acl: aclRef,
                ruleNumber: r.ruleNumber,
                egress,
                protocol,
                ports: protocol === 'all' ? undefined : portRange(protocol, r.fromPort, r.toPort),
                action: r.action,
                cidr: r.cidr,
                note,
              },
              refs,
              from: { node: acl.id },
            });
            note = undefined;
          }
        }
        for (const sid of plan.naclSubnets.get(acl.id) ?? []) {
          if (!plan.vpcOf(sid)) continue;
          const subnet = plan.name.get(sid)!;
          ctx.add({
            id: `${an}_${subnet}`,
            type: 'network acl association',
            props: { acl: aclRef, subnet, note },
            refs: [...refs, key('subnet', subnet)],
            from: { node: acl.id },
          });
          note = undefined;
        }
      }
    },
  },
  {
    edge: 'route',
    options:
      "`--nat-per-az`: routes to a public NAT gateway in another zone lead to their own zone's instead",
    between: 'subnet → gateway, NAT, instance, peered VPC or transit gateway',
    resources: [
      { type: 'route table', when: 'one per set of subnets with the same routes and gateway endpoints' },
      { type: 'route', when: 'one per destination' },
      { type: 'route table association', when: 'one per subnet' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      // Routes may lead to NAT instances: planned (and printed by CDK) after the instances.
      const peeringName = new Map(plan.peerings.map((p) => [p.edgeId, p.name]));
      for (const rt of plan.routeTables) {
        const vpc = plan.name.get(rt.vpcId)!;
        const routes = rt.routes.map((r, i): PlannedResource<'route'> => {
          const t = r.target;
          const node = t.kind === 'peering' ? undefined : plan.index.nodes.get(t.id)!;
          const target = {
            type:
              t.kind === 'peering'
                ? 'peering'
                : t.kind === 'instance'
                  ? 'instance'
                  : t.kind.replace('-', ' '),
            id: t.kind === 'peering' ? peeringName.get(t.id)! : plan.name.get(t.id)!,
            copies: node?.kind === 'ec2-instance' && (prop(node as NodeOf<'ec2-instance'>, 'count') ?? 1) > 1,
          } as PlannedProps['route']['target'];
          if (t.kind === 'transit-gateway')
            target.attachment = plan.tgwAttachments.find(
              (a) => a.tgwId === t.id && a.vpcId === rt.vpcId,
            )!.name;
          return {
            id: `${rt.name}_route_${i + 1}`,
            type: 'route',
            props: { table: rt.name, cidr: r.cidr, target },
            refs: [
              key('route table', rt.name),
              key(target.type, target.id),
              ...(target.attachment ? [key('transit gateway attachment', target.attachment)] : []),
            ],
            from: {},
          };
        });
        ctx.add({
          id: rt.name,
          type: 'route table',
          props: {
            vpc,
            vpcNode: rt.vpcId,
            label: rt.label,
            comment: `Routes of ${rt.subnetIds.length === 1 ? 'the subnet' : 'the subnets'} ${rt.label}.`,
            routes,
          },
          refs: [key('vpc', vpc)],
          from: {},
        });
        for (const r of routes) ctx.add(r);
        for (const sid of rt.subnetIds) {
          const subnet = plan.name.get(sid)!;
          ctx.add({
            id: subnet,
            type: 'route table association',
            props: { table: rt.name, subnet, subnetNode: sid },
            refs: [key('route table', rt.name), key('subnet', subnet)],
            from: { node: sid },
          });
        }
      }
    },
  },
  {
    node: 'gateway-endpoint',
    resources: [{ type: 'gateway endpoint', when: 'inside a VPC' }],
    plan(ctx) {
      const { plan } = ctx;
      for (const n of plan.of('gateway-endpoint')) {
        const vpcNode = plan.vpcOf(n.id);
        if (!vpcNode) {
          plan.warnings.push(`${plan.label(n.id)} is not inside a VPC and is not exported.`);
          continue;
        }
        const vpc = plan.name.get(vpcNode.id)!;
        const routeTables = plan.routeTables
          .filter((rt) => rt.gatewayEndpoints.includes(n.id))
          .map((rt) => rt.name);
        ctx.add({
          id: plan.name.get(n.id)!,
          type: 'gateway endpoint',
          props: { node: n, vpc, service: prop(n, 'service')!, routeTables },
          refs: [key('vpc', vpc), ...routeTables.map((t) => key('route table', t))],
          from: { node: n.id },
        });
      }
    },
  },
  {
    node: 'interface-endpoint',
    resources: [{ type: 'interface endpoint', when: 'inside a VPC' }],
    plan(ctx) {
      const { plan } = ctx;
      for (const n of plan.of('interface-endpoint')) {
        const vpcNode = plan.vpcOf(n.id);
        if (!vpcNode) {
          plan.warnings.push(`${plan.label(n.id)} is not inside a VPC and is not exported.`);
          continue;
        }
        const vpc = plan.name.get(vpcNode.id)!;
        const subnets = plan.subnetsFor(n).map((sid) => plan.name.get(sid)!);
        const securityGroups = groupsOf(plan, n.id);
        ctx.add({
          id: plan.name.get(n.id)!,
          type: 'interface endpoint',
          props: {
            node: n,
            vpc,
            service: prop(n, 'service')?.trim() || 'ecr.api',
            subnets,
            securityGroups,
            privateDns: prop(n, 'privateDnsEnabled') !== false,
          },
          refs: [
            key('vpc', vpc),
            ...subnets.map((sn) => key('subnet', sn)),
            ...securityGroups.map((g) => key('security group', g)),
          ],
          from: { node: n.id },
        });
      }
    },
  },
  {
    node: 'load-balancer',
    options:
      "`--no-deletion-protection`: deletion protection off; `--alb-certificate-arn`: the HTTPS/TLS listeners' certificate (else an input)",
    resources: [
      { type: 'load balancer' },
      { type: 'target group' },
      { type: 'target group attachment', when: 'one per instance its traffic edges lead to' },
      { type: 'listener', when: 'one per listener row; HTTP beside HTTPS redirects to it' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      for (const lb of plan.of('load-balancer')) {
        const ln = plan.name.get(lb.id)!;
        const type = prop(lb, 'type')!;
        const subnetIds = plan.subnetsFor(lb).filter((s) => plan.vpcOf(s));
        const subnets = subnetIds.map((s) => plan.name.get(s)!);
        const securityGroups = (plan.sgsOf.get(lb.id) ?? []).map((g) => plan.name.get(g)!);
        const crossZone = type === 'network' && prop(lb, 'crossZone') === true;
        ctx.add({
          id: ln,
          type: 'load balancer',
          props: { node: lb, subnets, securityGroups, crossZone },
          refs: [
            ...subnets.map((s) => key('subnet', s)),
            ...securityGroups.map((g) => key('security group', g)),
          ],
          from: { node: lb.id },
        });
        const vpcNode = plan.vpcOf(lb.id) ?? (subnetIds[0] ? plan.vpcOf(subnetIds[0]) : undefined);
        const vpc = vpcNode ? plan.name.get(vpcNode.id) : undefined;
        const { registered, left } = targetsOf(plan, lb);
        if (left.length)
          plan.warnings.push(
            `${plan.label(lb.id)}: a target group holds either instances or IP addresses (ECS tasks), not both; ${left.map((t) => plan.label(t.target.id)).join(', ')} not registered. Draw a load balancer of its own for ${left.length > 1 ? 'them' : 'it'}.`,
          );
        const targets = registered.flatMap((t): PlannedResource<'target group attachment'>[] => {
          if (t.target.kind !== 'ec2-instance') return []; // ECS services and Auto Scaling groups register themselves
          const instance = plan.name.get(t.target.id)!;
          const count = prop(t.target, 'count') ?? 1;
          return [
            {
              id: `${ln}_${instance}`,
              type: 'target group attachment',
              props: { targetGroup: ln, instance, port: t.port },
              refs: [key('target group', ln), key('instance', instance)],
              from: { node: lb.id },
              ...(count > 1 ? { count } : {}),
            },
          ];
        });
        ctx.add({
          id: ln,
          type: 'target group',
          props: {
            label: lb.label,
            port: registered[0]?.port ?? 80,
            protocol: type === 'application' ? 'HTTP' : 'TCP',
            targetType: registered[0]?.target.kind === 'ecs-service' ? 'ip' : 'instance',
            vpc,
            targets,
          },
          refs: [...(vpc ? [key('vpc', vpc)] : []), ...targets.map((t) => key('instance', t.props.instance))],
          from: { node: lb.id },
        });
        for (const t of targets) ctx.add(t);
        const listeners = lb.props.listeners ?? [];
        const https = listeners.find((l) => l.protocol === 'HTTPS');
        for (const l of listeners)
          ctx.add({
            id: `${ln}_${l.protocol.toLowerCase()}_${l.port}`,
            type: 'listener',
            props: {
              loadBalancer: ln,
              targetGroup: ln,
              port: l.port,
              protocol: l.protocol,
              sslPolicy: l.protocol === 'HTTPS' ? 'ELBSecurityPolicy-TLS13-1-2-2021-06' : undefined,
              certificate: l.protocol === 'HTTPS' || l.protocol === 'TLS',
              redirectTo: l.protocol === 'HTTP' && https ? https.port : undefined,
            },
            refs: [key('load balancer', ln), key('target group', ln)],
            from: { node: lb.id },
          });
      }
    },
  },
  {
    node: 'ecs-service',
    resources: [
      {
        type: 'role',
        when: 'one task execution role per board: Fargate pulls images and writes logs with it',
      },
      { type: 'role policy attachment', when: 'AmazonECSTaskExecutionRolePolicy' },
      {
        type: 'ecs cluster',
        when: 'one per cluster name; a service without one gets a cluster named after it',
      },
      { type: 'task definition', when: 'Fargate, awsvpc, one container' },
      {
        type: 'ecs service',
        when: 'registered in the target group of a load balancer whose traffic edge leads to it',
      },
    ],
    plan(ctx) {
      const { plan } = ctx;
      const services = plan.of('ecs-service');
      if (services.length === 0) return;
      const role = 'ecs_task_execution';
      planRole(ctx, role, 'service-role/AmazonECSTaskExecutionRolePolicy', {
        service: 'ecs-tasks.amazonaws.com',
        namePrefix: 'ecs-task-execution-',
        tag: undefined,
        comment: 'Fargate pulls the images and writes the logs of the tasks with this role.',
      });
      for (const n of services) {
        const sn = plan.name.get(n.id)!;
        const clusterName = n.props.clusterName?.trim() || hyphen(sn);
        const cluster = snakeName(clusterName, 'cluster');
        // ECS cluster names: letters, digits, hyphens and underscores.
        const name = /^[\w-]{1,255}$/.test(clusterName) ? clusterName : hyphen(cluster);
        if (!ctx.ofType('ecs cluster').some((c) => c.id === cluster))
          ctx.add({ id: cluster, type: 'ecs cluster', props: { name }, refs: [], from: { node: n.id } });
        const containerName = hyphen(sn);
        const containerPort = prop(n, 'containerPort')!;
        ctx.add({
          id: sn,
          type: 'task definition',
          props: {
            node: n,
            family: hyphen(sn),
            cpu: prop(n, 'cpu')!,
            memory: prop(n, 'memory')!,
            containers: [
              {
                name: containerName,
                image: prop(n, 'image')!,
                essential: true,
                portMappings: [{ containerPort, protocol: 'tcp' }],
              },
            ],
            role,
          },
          refs: [key('role', role)],
          from: { node: n.id },
        });
        const subnets = computeSubnets(plan, n);
        const securityGroups = groupsOf(plan, n.id);
        const groups = targetGroupsFor(ctx, n.id);
        const listeners = ctx
          .ofType('listener')
          .filter((l) => groups.some((g) => g.targetGroup === l.props.targetGroup))
          .map((l) => l.id);
        ctx.add({
          id: sn,
          type: 'ecs service',
          props: {
            node: n,
            cluster,
            taskDefinition: sn,
            subnets,
            securityGroups,
            assignPublicIp: prop(n, 'assignPublicIp') === true,
            desiredCount: prop(n, 'desiredCount')!,
            containerName,
            loadBalancers: groups.map((g) => ({ targetGroup: g.targetGroup, containerPort: g.port })),
            listeners,
          },
          refs: [
            key('ecs cluster', cluster),
            key('task definition', sn),
            ...subnets.map((s) => key('subnet', s)),
            ...securityGroups.map((g) => key('security group', g)),
            ...groups.map((g) => key('target group', g.targetGroup)),
            ...listeners.map((l) => key('listener', l)),
          ],
          from: { node: n.id },
        });
      }
    },
  },
  {
    node: 'autoscaling-group',
    resources: [
      {
        type: 'launch template',
        when: 'instance type, AMI (unset: latest Amazon Linux 2023), security groups',
      },
      {
        type: 'auto scaling group',
        when: 'in the target groups of the load balancers whose traffic edges lead to it',
      },
    ],
    plan(ctx) {
      const { plan } = ctx;
      for (const n of plan.of('autoscaling-group')) {
        const id = plan.name.get(n.id)!;
        const instanceType = prop(n, 'instanceType')!;
        const securityGroups = groupsOf(plan, n.id);
        ctx.add({
          id,
          type: 'launch template',
          props: {
            node: n,
            instanceType,
            ami: n.props.ami,
            arch: archOf(instanceType),
            securityGroups,
            publicIp: n.props.associatePublicIp,
          },
          refs: securityGroups.map((g) => key('security group', g)),
          from: { node: n.id },
        });
        const subnets = computeSubnets(plan, n);
        const targetGroups = targetGroupsFor(ctx, n.id).map((g) => g.targetGroup);
        const minSize = prop(n, 'minSize')!;
        ctx.add({
          id,
          type: 'auto scaling group',
          props: {
            node: n,
            launchTemplate: id,
            subnets,
            targetGroups,
            minSize,
            maxSize: prop(n, 'maxSize')!,
            desiredCapacity: n.props.desiredCapacity,
            healthCheckType: prop(n, 'healthCheckType')!,
            healthCheckGracePeriod: prop(n, 'healthCheckGracePeriod')!,
          },
          refs: [
            key('launch template', id),
            ...subnets.map((s) => key('subnet', s)),
            ...targetGroups.map((g) => key('target group', g)),
          ],
          from: { node: n.id },
        });
      }
    },
  },
  {
    node: 'rds-instance',
    options: '`--no-deletion-protection`: deletion protection off (same resources)',
    resources: [
      { type: 'db subnet group', when: 'in subnets; not for a read replica' },
      { type: 'final snapshot suffix', when: 'once per board; not for a read replica' },
      { type: 'db instance', when: 'sources before their read replicas' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      // Sources before replicas.
      const ordered = [...plan.of('rds-instance')].sort(
        (a, b) => Number(plan.replicaSource.has(a.id)) - Number(plan.replicaSource.has(b.id)),
      );
      for (const db of ordered) {
        const id = plan.name.get(db.id)!;
        const sourceNode = plan.replicaSource.get(db.id);
        const source = sourceNode
          ? { id: plan.name.get(sourceNode)!, label: plan.index.nodes.get(sourceNode)!.label }
          : undefined;
        const group = source ? undefined : subnetGroup(ctx, 'db subnet group', db);
        const suffix = source ? undefined : snapshotSuffix(ctx);
        const own = groupsOf(plan, db.id);
        const securityGroups = own.length || !sourceNode ? own : groupsOf(plan, sourceNode);
        ctx.add({
          id,
          type: 'db instance',
          props: { node: db, source, subnetGroup: group, securityGroups },
          refs: [
            ...(source ? [key('db instance', source.id)] : []),
            ...(group ? [key('db subnet group', group)] : []),
            ...(suffix ? [suffix] : []),
            ...securityGroups.map((g) => key('security group', g)),
          ],
          from: { node: db.id },
        });
      }
    },
  },
  {
    node: 'aurora-cluster',
    options: '`--no-deletion-protection`: deletion protection off (same resources)',
    resources: [
      { type: 'db subnet group', when: 'in subnets' },
      { type: 'final snapshot suffix', when: 'once per board' },
      { type: 'aurora cluster' },
      { type: 'aurora instance', when: 'one per instance row' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      for (const c of plan.of('aurora-cluster')) {
        const cn = plan.name.get(c.id)!;
        const group = subnetGroup(ctx, 'db subnet group', c);
        const suffix = snapshotSuffix(ctx);
        const securityGroups = groupsOf(plan, c.id);
        ctx.add({
          id: cn,
          type: 'aurora cluster',
          props: { node: c, subnetGroup: group, securityGroups },
          refs: [
            ...(group ? [key('db subnet group', group)] : []),
            suffix,
            ...securityGroups.map((g) => key('security group', g)),
          ],
          from: { node: c.id },
        });
        const rows = c.props.instances ?? [];
        if (rows.length === 0)
          plan.warnings.push(`${plan.label(c.id)} lists no instances; add a writer row.`);
        const rowNames = new Map<string, number>();
        for (const row of rows) {
          let rn = `${cn}_${snakeRow(row.name)}`;
          const seen = rowNames.get(rn) ?? 0;
          rowNames.set(rn, seen + 1);
          if (seen) rn = `${rn}_${seen + 1}`;
          ctx.add({
            id: rn,
            type: 'aurora instance',
            props: {
              cluster: cn,
              node: c,
              row,
              zone: row.subnetId ? plan.zoneOf(row.subnetId) : undefined,
            },
            refs: [key('aurora cluster', cn)],
            from: { node: c.id },
          });
        }
      }
    },
  },
  {
    node: 'dynamodb-table',
    options:
      '`--no-deletion-protection`: deletion protection off, and in CloudFormation no `DeletionPolicy: Retain` (same resources)',
    resources: [{ type: 'dynamodb table' }],
    plan(ctx) {
      for (const t of ctx.plan.of('dynamodb-table'))
        ctx.add({
          id: ctx.plan.name.get(t.id)!,
          type: 'dynamodb table',
          props: {
            label: t.label,
            table: ctx.plan.tables.get(t.id)!,
            pointInTimeRecovery: prop(t, 'pointInTimeRecovery')!,
          },
          refs: [],
          from: { node: t.id },
        });
    },
  },
  {
    node: 'elasticache-cluster',
    resources: [
      { type: 'cache subnet group', when: 'in subnets' },
      { type: 'final snapshot suffix', when: 'once per board; Redis OSS or Valkey' },
      { type: 'cache replication group', when: 'engine Redis OSS or Valkey' },
      { type: 'memcached cluster', when: 'engine Memcached' },
    ],
    plan(ctx) {
      for (const c of ctx.plan.of('elasticache-cluster')) {
        const group = subnetGroup(ctx, 'cache subnet group', c);
        const type =
          ctx.plan.cacheFlavour.get(c.id) === 'memcached-cluster'
            ? 'memcached cluster'
            : 'cache replication group';
        // Redis OSS and Valkey keep a final snapshot; Memcached has none.
        const suffix = type === 'cache replication group' ? snapshotSuffix(ctx) : undefined;
        ctx.add({
          id: ctx.plan.name.get(c.id)!,
          type,
          props: { node: c, subnetGroup: group, securityGroups: groupsOf(ctx.plan, c.id) },
          refs: [...(group ? [key('cache subnet group', group)] : []), ...(suffix ? [suffix] : [])],
          from: { node: c.id },
        });
      }
    },
  },
  {
    node: 'redshift-cluster',
    resources: [
      { type: 'redshift subnet group', when: 'in subnets' },
      { type: 'final snapshot suffix', when: 'once per board' },
      { type: 'redshift cluster' },
    ],
    plan(ctx) {
      for (const r of ctx.plan.of('redshift-cluster')) {
        const group = subnetGroup(ctx, 'redshift subnet group', r);
        const suffix = snapshotSuffix(ctx);
        ctx.add({
          id: ctx.plan.name.get(r.id)!,
          type: 'redshift cluster',
          props: { node: r, subnetGroup: group, securityGroups: groupsOf(ctx.plan, r.id) },
          refs: [...(group ? [key('redshift subnet group', group)] : []), suffix],
          from: { node: r.id },
        });
      }
    },
  },
  {
    node: 'sqs-queue',
    resources: [{ type: 'queue' }],
    plan(ctx) {
      const { plan } = ctx;
      // Dead-letter queues before the queues that use them.
      const placed = new Set<string>();
      const visit = (q: NodeOf<'sqs-queue'>, stack: Set<string>) => {
        if (placed.has(q.id) || stack.has(q.id)) return;
        stack.add(q.id);
        const d = plan.dlqOf.get(q.id);
        if (d) visit(plan.index.nodes.get(d.dlq) as NodeOf<'sqs-queue'>, stack);
        placed.add(q.id);
        const fifo = prop(q, 'fifo')!;
        ctx.add({
          id: plan.name.get(q.id)!,
          type: 'queue',
          props: {
            label: q.label,
            name: plan.messagingName.get(q.id),
            fifo,
            contentBasedDeduplication: fifo ? prop(q, 'contentBasedDeduplication') : undefined,
            visibilityTimeoutSeconds: prop(q, 'visibilityTimeoutSeconds'),
            delaySeconds: prop(q, 'delaySeconds'),
            messageRetentionSeconds: prop(q, 'messageRetentionSeconds'),
            receiveWaitTimeSeconds: prop(q, 'receiveWaitTimeSeconds'),
            maxMessageSizeBytes: prop(q, 'maxMessageSizeBytes'),
            deadLetter: d ? { queue: plan.name.get(d.dlq)!, maxReceiveCount: d.maxReceiveCount } : undefined,
          },
          refs: d ? [key('queue', plan.name.get(d.dlq)!)] : [],
          from: { node: q.id },
        });
      };
      for (const q of plan.of('sqs-queue')) visit(q, new Set());
    },
  },
  {
    node: 'sns-topic',
    resources: [{ type: 'topic' }],
    plan(ctx) {
      for (const t of ctx.plan.of('sns-topic'))
        ctx.add({
          id: ctx.plan.name.get(t.id)!,
          type: 'topic',
          props: {
            label: t.label,
            name: ctx.plan.messagingName.get(t.id),
            fifo: prop(t, 'fifo')!,
            displayName: t.props.displayName,
          },
          refs: [],
          from: { node: t.id },
        });
    },
  },
  {
    edge: 'traffic',
    between: 'SNS topic → SQS queue',
    resources: [{ type: 'subscription' }, { type: 'queue policy', when: 'one per subscribed queue' }],
    plan(ctx) {
      const { plan } = ctx;
      const subs = subscriptionEdges(plan);
      const topicsOf = new Map<string, string[]>();
      for (const s of subs) {
        const topic = plan.name.get(s.topic)!;
        const queue = plan.name.get(s.queue)!;
        ctx.add({
          id: `${topic}_to_${queue}`,
          type: 'subscription',
          props: {
            topic,
            queue,
            topicLabel: plan.index.nodes.get(s.topic)!.label,
            queueLabel: plan.index.nodes.get(s.queue)!.label,
          },
          refs: [key('topic', topic), key('queue', queue)],
          from: { edge: s.edge.id },
        });
        topicsOf.set(queue, [...(topicsOf.get(queue) ?? []), topic]);
      }
      for (const [queue, topics] of topicsOf)
        ctx.add({
          id: queue,
          type: 'queue policy',
          props: { queue, topics },
          refs: [key('queue', queue), ...topics.map((t) => key('topic', t))],
          from: {},
        });
    },
  },
  {
    node: 'lambda-function',
    resources: [
      { type: 'role', when: 'its execution role' },
      {
        type: 'role policy attachment',
        when: 'AWSLambdaBasicExecutionRole, or AWSLambdaVPCAccessExecutionRole in a VPC',
      },
      { type: 'function', when: 'in its subnets with its security groups when drawn in a VPC' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      for (const f of plan.of('lambda-function')) {
        const id = plan.name.get(f.id)!;
        const vpc = plan.vpcOf(f.id);
        const subnets = vpc
          ? plan
              .subnetsFor(f)
              .filter((s) => plan.vpcOf(s))
              .map((s) => plan.name.get(s)!)
          : [];
        const securityGroups = subnets.length ? groupsOf(plan, f.id) : [];
        const fn = planFunction(f, plan.label(f.id), subnets, (m) => plan.warnings.push(m));
        const role = `${id}_role`;
        planRole(ctx, role, `service-role/${fn.managedPolicy}`, {
          service: 'lambda.amazonaws.com',
          namePrefix: undefined,
          tag: `${f.label} execution role`,
          comment: `Execution role of the Lambda function "${f.label}".`,
        });
        ctx.add({
          id,
          type: 'function',
          props: {
            node: f,
            role,
            fn,
            securityGroups,
            // Lambda needs a group in a VPC: the VPC's default one when none is associated.
            defaultGroupOf:
              subnets.length && securityGroups.length === 0 ? plan.name.get(vpc!.id) : undefined,
          },
          refs: [
            key('role', role),
            key('role policy attachment', role),
            ...subnets.map((s) => key('subnet', s)),
            ...securityGroups.map((g) => key('security group', g)),
          ],
          from: { node: f.id },
        });
      }
    },
  },
  {
    node: 'api-gateway',
    resources: [
      { type: 'http api', when: 'HTTP API' },
      { type: 'http api stage', when: 'HTTP API, deployed automatically' },
      { type: 'rest api', when: 'REST API' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      for (const a of plan.of('api-gateway')) {
        const id = plan.name.get(a.id)!;
        if (prop(a, 'apiType') === 'HTTP') {
          ctx.add({ id, type: 'http api', props: { node: a }, refs: [], from: { node: a.id } });
          ctx.add({
            id: `${id}_stage`,
            type: 'http api stage',
            props: { api: id, stage: prop(a, 'stageName')! },
            refs: [key('http api', id)],
            from: { node: a.id },
          });
          continue;
        }
        const endpointType = prop(a, 'endpointType')!;
        if (endpointType === 'PRIVATE')
          plan.warnings.push(
            `${plan.label(a.id)} is a private REST API: it is reached only through an execute-api interface endpoint in the callers' VPC (draw one), and its resource policy lets every caller that reaches it invoke it.`,
          );
        ctx.add({ id, type: 'rest api', props: { node: a, endpointType }, refs: [], from: { node: a.id } });
      }
    },
  },
  {
    edge: 'traffic',
    between: 'API Gateway → Lambda function or internal load balancer',
    resources: [
      {
        type: 'security group',
        when: "VPC link V2: the link's own, one per load balancer, in the load balancer's VPC",
      },
      {
        type: 'security group egress rule to a group',
        when: "VPC link V2: to each of the load balancer's groups on the listener port",
      },
      {
        type: 'security group egress rule',
        when: 'VPC link V2 to a load balancer without groups: everything out',
      },
      {
        type: 'security group ingress rule',
        when: "VPC link V2: each of the load balancer's groups admits the link on the listener port",
      },
      {
        type: 'vpc link',
        when: 'HTTP API, or REST API with VPC link V2, to an internal ALB or NLB: one per load balancer, in its subnets',
      },
      { type: 'rest vpc link', when: 'REST API with VPC link V1 to an internal NLB: one per NLB' },
      {
        type: 'http api integration',
        when: 'HTTP API: a function (AWS_PROXY, payload 2.0), or the listener through the VPC link (HTTP_PROXY, payload 1.0); the integration timeout',
      },
      {
        type: 'http api route',
        when: 'HTTP API: `$default` for its only target, else `ANY /<target>/{proxy+}`',
      },
      { type: 'rest api resource', when: 'REST API: `{proxy+}` for its only target, else `/<target>`' },
      { type: 'rest api method', when: 'REST API' },
      {
        type: 'rest api integration',
        when: 'REST API: a function (AWS_PROXY), or `http://<load balancer>:<port>/…` through the VPC link (HTTP_PROXY); the integration timeout',
      },
      { type: 'rest api deployment', when: 'REST API with a target' },
      { type: 'rest api stage', when: 'REST API with a target' },
      { type: 'function permission', when: 'a function target' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      const targets = new Map<string, BoardNode[]>(); // api node → functions and load balancers, once each, in edge order
      for (const e of plan.board.edges) {
        const from = plan.index.nodes.get(e.source);
        const to = plan.index.nodes.get(e.target);
        if (e.kind !== 'traffic' || from?.kind !== 'api-gateway') continue;
        if (to?.kind !== 'lambda-function' && to?.kind !== 'load-balancer') continue;
        const list = targets.get(from.id) ?? [];
        if (!list.includes(to)) list.push(to);
        targets.set(from.id, list);
      }
      for (const [apiNode, nodes] of targets) {
        const a = plan.index.nodes.get(apiNode) as NodeOf<'api-gateway'>;
        const api = plan.name.get(apiNode)!;
        const rest = prop(a, 'apiType') === 'REST';
        const timeoutMs = integrationTimeout(plan, a);
        const resolved = nodes.flatMap((n): [string, ApiTarget][] => {
          const name = plan.name.get(n.id)!;
          if (n.kind === 'lambda-function') return [[name, { kind: 'function', fn: name }]];
          const t = loadBalancerTarget(ctx, a, n as NodeOf<'load-balancer'>);
          return t ? [[name, t]] : [];
        });
        const methods: string[] = [];
        const integrations: string[] = [];
        for (const [name, target] of resolved) {
          const id = `${api}_${name}`;
          const hyphened = name.replace(/_/g, '-');
          const only = resolved.length === 1;
          const targetRefs =
            target.kind === 'function'
              ? [key('function', target.fn)]
              : [
                  key(target.link.version === 'v2' ? 'vpc link' : 'rest vpc link', target.link.id),
                  key('listener', target.listener),
                ];
          if (rest) {
            const apiRef = key('rest api', api);
            const proxy = only && target.kind === 'load balancer';
            ctx.add({
              id,
              type: 'rest api resource',
              props: { api, pathPart: only ? '{proxy+}' : hyphened },
              refs: [apiRef],
              from: { node: apiNode },
            });
            ctx.add({
              id,
              type: 'rest api method',
              props: { api, resource: id, target, proxy },
              refs: [apiRef, key('rest api resource', id), ...targetRefs],
              from: { node: apiNode },
            });
            ctx.add({
              id,
              type: 'rest api integration',
              props: {
                api,
                resource: id,
                method: id,
                target,
                timeoutMs,
                path: only ? '/{proxy}' : `/${hyphened}`,
                proxy,
              },
              refs: [apiRef, key('rest api method', id), ...targetRefs],
              from: { node: apiNode },
            });
            methods.push(id);
            integrations.push(id);
          } else {
            ctx.add({
              id,
              type: 'http api integration',
              props: { api, target, timeoutMs },
              refs: [key('http api', api), ...targetRefs],
              from: { node: apiNode },
            });
            ctx.add({
              id,
              type: 'http api route',
              props: { api, integration: id, routeKey: only ? '$default' : `ANY /${hyphened}/{proxy+}` },
              refs: [key('http api', api), key('http api integration', id)],
              from: { node: apiNode },
            });
          }
          if (target.kind === 'function')
            ctx.add({
              id,
              type: 'function permission',
              props: { fn: target.fn, api, rest },
              refs: [key('function', target.fn), key(rest ? 'rest api' : 'http api', api)],
              from: { node: apiNode },
            });
        }
        if (rest && resolved.length) {
          ctx.add({
            id: api,
            type: 'rest api deployment',
            props: { api, methods, integrations },
            refs: [
              key('rest api', api),
              ...methods.map((m) => key('rest api method', m)),
              ...integrations.map((i) => key('rest api integration', i)),
            ],
            from: { node: apiNode },
          });
          ctx.add({
            id: `${api}_stage`,
            type: 'rest api stage',
            props: { api, deployment: api, stage: prop(a, 'stageName')! },
            refs: [key('rest api', api), key('rest api deployment', api)],
            from: { node: apiNode },
          });
        }
      }
      for (const a of plan.of('api-gateway'))
        if (
          prop(a, 'apiType') === 'REST' &&
          !ctx.ofType('rest api deployment').some((d) => d.from.node === a.id)
        )
          plan.warnings.push(
            `${plan.label(a.id)} is a REST API with no function or load balancer to send requests to; exported without a deployment or stage (AWS deploys only APIs with methods).`,
          );
    },
  },
  {
    node: 's3-bucket',
    options: '`--no-deletion-protection`: in CloudFormation no `DeletionPolicy: Retain` (same resources)',
    resources: [
      { type: 'kms key', when: 'encryption SSE-KMS' },
      { type: 'bucket' },
      { type: 'bucket versioning', when: 'versioning on' },
      { type: 'bucket public access block' },
      { type: 'bucket encryption' },
      { type: 'bucket website', when: 'website hosting on' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      for (const s of plan.of('s3-bucket')) {
        const bn = plan.name.get(s.id)!;
        const bucket = key('bucket', bn);
        const kms = prop(s, 'encryption') === 'SSE-KMS';
        if (kms)
          ctx.add({
            id: bn,
            type: 'kms key',
            props: {
              bucket: bn,
              label: s.label,
              readers: (plan.s3Readers.get(s.id) ?? []).map((d) => plan.name.get(d)!),
            },
            refs: [],
            from: { node: s.id },
          });
        const kmsKey = kms ? bn : undefined;
        const keyRefs = kms ? [key('kms key', bn)] : [];
        ctx.add({ id: bn, type: 'bucket', props: { node: s, kmsKey }, refs: keyRefs, from: { node: s.id } });
        const part = <
          T extends
            | 'bucket versioning'
            | 'bucket public access block'
            | 'bucket encryption'
            | 'bucket website',
        >(
          type: T,
          props: PlannedProps[T],
          refs: string[] = [],
        ) => ctx.add({ id: bn, type, props, refs: [bucket, ...refs], from: { node: s.id } });
        if (prop(s, 'versioning')) part('bucket versioning', { bucket: bn });
        part('bucket public access block', { bucket: bn, block: prop(s, 'blockPublicAccess')! });
        part('bucket encryption', { bucket: bn, kmsKey }, keyRefs);
        if (prop(s, 'websiteHosting')) part('bucket website', { bucket: bn });
      }
    },
  },
  {
    node: 'cloudfront-distribution',
    options: '`--cloudfront-certificate-arn` (us-east-1): the certificate for aliases (else an input)',
    resources: [
      { type: 'origin access control', when: 'one per S3 origin' },
      { type: 'cache policy', when: 'TTLs set' },
      { type: 'distribution', when: 'with an origin' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      for (const d of plan.of('cloudfront-distribution')) {
        const cdn = plan.cdns.get(d.id);
        if (!cdn) continue;
        const dn = plan.name.get(d.id)!;
        const refs: string[] = [];
        const origins = cdn.origins.map((o): PlannedOrigin => {
          const t = o.target;
          const target = plan.name.get(t.id)!;
          let planned: PlannedOrigin['target'];
          if (t.kind === 's3-bucket') {
            const accessControl = `${dn}_${o.id}`;
            ctx.add({
              id: accessControl,
              type: 'origin access control',
              props: { distribution: dn, origin: o.id, label: d.label, bucketLabel: t.label },
              refs: [],
              from: { node: d.id },
            });
            planned = { kind: 'bucket', bucket: target, accessControl };
            refs.push(key('bucket', target), key('origin access control', accessControl));
          } else if (t.kind === 'load-balancer') {
            planned = { kind: 'load balancer', loadBalancer: target };
            refs.push(key('load balancer', target));
          } else if (t.kind === 'ec2-instance') {
            planned = {
              kind: 'instance',
              instance: target,
              count: prop(t as NodeOf<'ec2-instance'>, 'count') ?? 1,
            };
            refs.push(key('instance', target));
          } else if (t.kind === 'api-gateway') {
            const rest = prop(t as NodeOf<'api-gateway'>, 'apiType') === 'REST';
            planned = { kind: 'api', api: target, rest };
            refs.push(key(rest ? 'rest api' : 'http api', target));
          } else {
            const co = t as NodeOf<'custom-origin'>;
            if (!co.props.domainName)
              plan.warnings.push(`${plan.label(co.id)} has no domain; exported as origin.example.com.`);
            planned = {
              kind: 'custom',
              domain: co.props.domainName ?? 'origin.example.com',
              protocolPolicy: prop(co, 'httpsOnly') ? 'https-only' : 'match-viewer',
            };
          }
          if (o.vpcOrigin && t.kind !== 's3-bucket')
            plan.warnings.push(
              `${plan.label(d.id)}: VPC origins are exported as public custom origins; switch to a CloudFront VPC origin by hand.`,
            );
          return {
            id: o.id,
            label: t.label,
            originPath: o.originPath,
            pathPattern: cdn.pathPattern.get(o.id),
            target: planned,
          };
        });
        const ttlSet =
          d.props.minTtl !== undefined || d.props.defaultTtl !== undefined || d.props.maxTtl !== undefined;
        if (ttlSet) {
          ctx.add({
            id: dn,
            type: 'cache policy',
            props: {
              label: d.label,
              minTtl: prop(d, 'minTtl')!,
              defaultTtl: prop(d, 'defaultTtl')!,
              maxTtl: prop(d, 'maxTtl')!,
            },
            refs: [],
            from: { node: d.id },
          });
          refs.push(key('cache policy', dn));
        }
        ctx.add({
          id: dn,
          type: 'distribution',
          props: { node: d, origins, cachePolicy: ttlSet ? dn : undefined },
          refs,
          from: { node: d.id },
        });
      }
    },
  },
  {
    edge: 'origin',
    between: 'CloudFront → S3 bucket',
    resources: [{ type: 'bucket policy', when: 'one per bucket served through origin access control' }],
    plan(ctx) {
      const { plan } = ctx;
      for (const [bucket, readers] of plan.s3Readers) {
        const bn = plan.name.get(bucket)!;
        const ds = readers.map((d) => plan.name.get(d)!);
        ctx.add({
          id: bn,
          type: 'bucket policy',
          props: { bucket: bn, label: plan.index.nodes.get(bucket)!.label, readers: ds },
          refs: [key('bucket', bn), ...ds.map((d) => key('distribution', d))],
          from: { node: bucket },
        });
      }
    },
  },
  {
    node: 'route53-zone',
    resources: [{ type: 'hosted zone' }],
    plan(ctx) {
      const { plan } = ctx;
      const vpc = plan.of('vpc')[0];
      for (const z of plan.of('route53-zone')) {
        if (!z.props.domainName)
          plan.warnings.push(`${plan.label(z.id)} has no domain; exported as example.com.`);
        const privateVpc = prop(z, 'privateZone') && vpc ? plan.name.get(vpc.id)! : undefined;
        ctx.add({
          id: plan.name.get(z.id)!,
          type: 'hosted zone',
          props: { label: z.label, domain: z.props.domainName ?? 'example.com', privateVpc },
          refs: privateVpc ? [key('vpc', privateVpc)] : [],
          from: { node: z.id },
        });
      }
    },
  },
];

/** Resource types the planners produce (every row of RESOURCE_TYPES; a test checks). */
export const PLANNED_TYPES: ReadonlySet<ResourceKey> = new Set(
  PLANNERS.flatMap((p) => p.resources.map((r) => r.type)),
);

/**
 * Board kinds with no planner: they make no resource of their own but shape others' (a test
 * checks that every architecture node kind and every edge kind has a planner or a line here).
 */
export const FOLDED_KINDS: Readonly<Partial<Record<NodeKind | EdgeKind, string>>> = {
  internet: 'an actor outside AWS: nothing to create',
  az: "the zone of the subnets and Aurora instances drawn inside it (by rank among the region's zones)",
  'custom-origin': 'an origin inside the distributions whose origin edges lead to it',
  'read-replica':
    "the replica's source in its db instance (`replicate_source_db` · `SourceDBInstanceIdentifier`)",
  'dead-letter': 'the redrive policy of the queue it leaves (the dead-letter queue is planned first)',
  association:
    "a security group's or Elastic IP's tie to a resource (its security groups, an elastic ip association), a network ACL's subnet (a network acl association) or a gateway endpoint's subnet (the endpoint's route tables)",
  attachment: "the transit gateway's attachments (one per VPC, with the subnets of its attachment edges)",
};

export interface ResourcePlan {
  /** Every planned resource, in dependency order (references point backwards). */
  resources: readonly AnyPlanned[];
  /** Did the planners of any of these kinds plan something? (The printers' section headings.) */
  any(...kinds: (NodeKind | EdgeKind)[]): boolean;
  ofType<T extends PlannedType>(type: T): PlannedResource<T>[];
}

/** Runs every planner over the analysed board. */
export function planResources(plan: ExportPlan): ResourcePlan {
  const resources: AnyPlanned[] = [];
  const byType = new Map<string, AnyPlanned[]>();
  const byNode = new Map<string, AnyPlanned>();
  let by: NodeKind | EdgeKind | undefined;
  const ctx: PlanContext = {
    plan,
    add(r) {
      r.by = by;
      // No checks here (bad boards must not crash the export): the tests check that references
      // point backwards on every template and the every-kind board.
      const a = r as unknown as AnyPlanned;
      resources.push(a);
      const list = byType.get(r.type);
      if (list) list.push(a);
      else byType.set(r.type, [a]);
      if (r.from.node) byNode.set(key(r.type, r.from.node), a);
    },
    find(type, node) {
      return byNode.get(key(type, node)) as never;
    },
    ofType: (type) => (byType.get(type) ?? []) as never,
  };
  for (const p of PLANNERS) {
    by = 'node' in p ? p.node : p.edge;
    p.plan(ctx);
  }
  const kinds = new Set(resources.map((r) => r.by));
  return {
    resources,
    any: (...ks) => ks.some((k) => kinds.has(k)),
    ofType: (type) => (byType.get(type) ?? []) as never,
  };
}

/** docs/export.md: which resources each planned kind becomes. */
export function renderPlannersMarkdown(): string {
  const lines = [
    '| Board kind | Planned resources (Terraform · CloudFormation) | Export options that change it |',
    '| --- | --- | --- |',
  ];
  for (const p of PLANNERS) {
    const subject = 'node' in p ? `\`${p.node}\`` : `\`${p.edge}\` edge (${p.between})`;
    lines.push(
      `| ${subject} | ${p.resources.map((r) => describe(r.type, r.when)).join('<br>')} | ${p.options ?? ''} |`,
    );
  }
  for (const [kind, what] of Object.entries(FOLDED_KINDS)) {
    const edge = EDGE_KINDS.some((e) => e.kind === kind) ? ' edge' : '';
    lines.push(`| \`${kind}\`${edge} | nothing of its own: ${what} | |`);
  }
  return `${lines.join('\n')}\n`;
}

function describe(type: PlannedType, when: string | undefined): string {
  const row = RESOURCE_TYPES.find((r) => r.resource === type)!;
  const tf = row.terraform ? row.terraform.map((t) => `\`${t}\``).join(', ') : '(inside another resource)';
  const cfn = row.cloudformation ? `\`${row.cloudformation}\`` : '(inside another resource)';
  return `${type}${when ? ` (${when})` : ''}: ${tf} · ${cfn}`;
}
