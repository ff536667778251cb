/**
 * The resource plan: per-kind planners (one entry per node kind or edge kind in PLANNERS) turn the
 * analysed board (ExportPlan, src/resolve.ts) into typed resources in dependency order, with the
 * decisions both printers need made once (names with FIFO suffixes, Memcached cluster or
 * replication group, subnet groups and their warnings). The Terraform and CDK printers write the
 * planned resources of the kinds listed here instead of walking the board for them; docs/export.md's
 * kind → resources table is generated from PLANNERS, and the tests check that both printers emit
 * exactly one resource per planned one (per RESOURCE_TYPES row).
 */
import type { BoardEdge, BoardNode, EdgeKind, NodeKind } from '@stratus/model';
import { type FunctionPlan, type TablePlan, planFunction } from './planners.ts';
import { RESOURCE_TYPES, type ResourceKey } from './resource-types.ts';
import { type ExportPlan, type NodeOf, prop } from './resolve.ts';

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
    /** A node (gateway, NAT, instance) or a planned peering. */
    target:
      | { kind: 'internet-gateway' | 'nat-gateway' | 'instance'; node: string }
      | { kind: 'peering'; peering: string };
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
  'cache replication group': { node: NodeOf<'elasticache-cluster'>; subnetGroup: string | undefined };
  'memcached cluster': { node: NodeOf<'elasticache-cluster'>; subnetGroup: string | undefined };
  'redshift cluster': { node: NodeOf<'redshift-cluster'>; subnetGroup: string | undefined };
  /** The execution role of a function (AWSLambdaBasicExecutionRole, or the VPC access one). */
  'function role': { label: string; managedPolicy: FunctionPlan['managedPolicy'] };
  'function role policy attachment': { role: string; managedPolicy: FunctionPlan['managedPolicy'] };
  function: { node: NodeOf<'lambda-function'>; role: string; fn: FunctionPlan };
  'http api': { node: NodeOf<'api-gateway'> };
  'http api stage': { api: string; stage: string };
  /** An integration with a function (planned id) and the route sending requests to it. */
  'http api integration': { api: string; fn: string };
  'http api route': { api: string; integration: string; routeKey: string };
  'rest api': { node: NodeOf<'api-gateway'>; endpointType: string };
  /** `{proxy+}` for an API's only function, else the function's name. */
  'rest api resource': { api: string; pathPart: string };
  'rest api method': { api: string; resource: string; fn: string };
  'rest api integration': { api: string; resource: string; method: string; fn: string };
  'rest api deployment': { api: string; methods: string[]; integrations: string[] };
  'rest api stage': { api: string; deployment: string; stage: string };
  /** API Gateway may invoke the function (from any stage and route of the API). */
  'function permission': { fn: string; api: string; rest: boolean };
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
}

type AnyPlanned = { [T in PlannedType]: PlannedResource<T> }[PlannedType];

/** What a planner sees: the analysed board and a way to add resources. */
export interface PlanContext {
  plan: ExportPlan;
  add<T extends PlannedType>(r: PlannedResource<T>): void;
  /** The planned resource of a type for a node, if planned earlier. */
  find<T extends PlannedType>(type: T, node: string): PlannedResource<T> | undefined;
}

interface Planner {
  /** The resource types it can produce, for docs/export.md (in order), and when. */
  resources: { type: PlannedType; when?: string }[];
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

/** A subnet group for a node in subnets (none, with a warning, when it is in no subnet). */
function subnetGroup(
  ctx: PlanContext,
  type: 'cache subnet group' | 'redshift subnet group',
  n: BoardNode & { props: { subnetGroupSubnetIds?: string[]; subnetIds?: string[] } },
): string | undefined {
  const { plan } = ctx;
  const subnets = plan.subnetsFor(n).filter((s) => plan.vpcOf(s));
  if (subnets.length === 0) {
    plan.warnings.push(`${plan.label(n.id)} is in no subnet; it goes to the default VPC.`);
    return undefined;
  }
  const id = plan.name.get(n.id)!;
  ctx.add({ id, type, props: { label: n.label, subnets }, refs: [], from: { node: n.id } });
  return id;
}

/**
 * The planners, one per node kind or edge kind, in the order their resources enter the plan.
 * Kinds not listed here are still written by the printers walking the board (see docs/export.md).
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
    between: 'subnet → gateway, NAT, instance or peered VPC',
    resources: [
      { type: 'route table', when: 'one per set of subnets with the same routes' },
      { type: 'route', when: 'one per destination' },
      { type: 'route table association', when: 'one per subnet' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      // Routes may lead to NAT instances, which the printers still write from the board: the CDK
      // printer writes these after the instances.
      const peeringName = new Map(plan.peerings.map((p) => [p.edgeId, p.name]));
      for (const rt of plan.routeTables) {
        const vpc = plan.name.get(rt.vpcId)!;
        const routes: PlannedResource<'route'>[] = rt.routes.map((r, i) => ({
          id: `${rt.name}_route_${i + 1}`,
          type: 'route',
          props: {
            table: rt.name,
            cidr: r.cidr,
            target:
              r.target.kind === 'peering'
                ? { kind: 'peering', peering: peeringName.get(r.target.id)! }
                : { kind: r.target.kind, node: r.target.id },
          },
          refs: [
            key('route table', rt.name),
            ...(r.target.kind === 'peering' ? [key('peering', peeringName.get(r.target.id)!)] : []),
          ],
          from: {},
        }));
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
    node: 'dynamodb-table',
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
        ctx.add({
          id: ctx.plan.name.get(c.id)!,
          type,
          props: { node: c, subnetGroup: group },
          refs: group ? [key('cache subnet group', group)] : [],
          from: { node: c.id },
        });
      }
    },
  },
  {
    node: 'redshift-cluster',
    resources: [{ type: 'redshift subnet group', when: 'in subnets' }, { type: 'redshift cluster' }],
    plan(ctx) {
      for (const r of ctx.plan.of('redshift-cluster')) {
        const group = subnetGroup(ctx, 'redshift subnet group', r);
        ctx.add({
          id: ctx.plan.name.get(r.id)!,
          type: 'redshift cluster',
          props: { node: r, subnetGroup: group },
          refs: group ? [key('redshift subnet group', group)] : [],
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
  {
    node: 'lambda-function',
    resources: [
      { type: 'function role' },
      { type: 'function role policy attachment' },
      { type: 'function', when: 'in its subnets with its security groups when drawn in a VPC' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      for (const f of plan.of('lambda-function')) {
        const id = plan.name.get(f.id)!;
        const subnets = plan.vpcOf(f.id) ? plan.subnetsFor(f).filter((s) => plan.vpcOf(s)) : [];
        const fn = planFunction(f, plan.label(f.id), subnets, (m) => plan.warnings.push(m));
        const role = `${id}_role`;
        const { managedPolicy } = fn;
        ctx.add({
          id: role,
          type: 'function role',
          props: { label: f.label, managedPolicy },
          refs: [],
          from: {},
        });
        ctx.add({
          id: role,
          type: 'function role policy attachment',
          props: { role, managedPolicy },
          refs: [key('function role', role)],
          from: {},
        });
        ctx.add({
          id,
          type: 'function',
          props: { node: f, role, fn },
          refs: [
            key('function role', role),
            key('function role policy attachment', role),
            ...subnets.map((s) => key('subnet', plan.name.get(s)!)),
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
            `${plan.label(a.id)} is a private REST API: it is reached only through an execute-api interface endpoint of your VPC (not exported), and its resource policy lets every caller that reaches it invoke it.`,
          );
        ctx.add({ id, type: 'rest api', props: { node: a, endpointType }, refs: [], from: { node: a.id } });
      }
    },
  },
  {
    edge: 'traffic',
    between: 'API Gateway → Lambda function',
    resources: [
      { type: 'http api integration', when: 'HTTP API' },
      {
        type: 'http api route',
        when: 'HTTP API: `$default` for its only function, else `ANY /<function>/{proxy+}`',
      },
      { type: 'rest api resource', when: 'REST API: `{proxy+}` for its only function, else `/<function>`' },
      { type: 'rest api method', when: 'REST API' },
      { type: 'rest api integration', when: 'REST API' },
      { type: 'rest api deployment', when: 'REST API with a function' },
      { type: 'rest api stage', when: 'REST API with a function' },
      { type: 'function permission' },
    ],
    plan(ctx) {
      const { plan } = ctx;
      const targets = new Map<string, string[]>(); // api node → function nodes, once each, in edge order
      for (const e of plan.board.edges) {
        const from = plan.index.nodes.get(e.source);
        const to = plan.index.nodes.get(e.target);
        if (e.kind !== 'traffic' || from?.kind !== 'api-gateway') continue;
        if (to?.kind === 'load-balancer')
          plan.warnings.push(
            `${plan.label(from.id)} → ${plan.label(to.id)}: private integrations through a VPC link are not exported; add the VPC link and its integration by hand.`,
          );
        if (to?.kind !== 'lambda-function') continue;
        const list = targets.get(from.id) ?? [];
        if (!list.includes(to.id)) list.push(to.id);
        targets.set(from.id, list);
      }
      for (const [apiNode, fns] of targets) {
        const api = plan.name.get(apiNode)!;
        const rest = prop(plan.index.nodes.get(apiNode) as NodeOf<'api-gateway'>, 'apiType') === 'REST';
        const methods: string[] = [];
        const integrations: string[] = [];
        for (const fnNode of fns) {
          const fn = plan.name.get(fnNode)!;
          const id = `${api}_${fn}`;
          const hyphened = fn.replace(/_/g, '-');
          if (rest) {
            const apiRef = key('rest api', api);
            ctx.add({
              id,
              type: 'rest api resource',
              props: { api, pathPart: fns.length === 1 ? '{proxy+}' : hyphened },
              refs: [apiRef],
              from: { node: apiNode },
            });
            ctx.add({
              id,
              type: 'rest api method',
              props: { api, resource: id, fn },
              refs: [apiRef, key('rest api resource', id), key('function', fn)],
              from: { node: apiNode },
            });
            ctx.add({
              id,
              type: 'rest api integration',
              props: { api, resource: id, method: id, fn },
              refs: [apiRef, key('rest api method', id), key('function', fn)],
              from: { node: apiNode },
            });
            methods.push(id);
            integrations.push(id);
          } else {
            ctx.add({
              id,
              type: 'http api integration',
              props: { api, fn },
              refs: [key('http api', api), key('function', fn)],
              from: { node: apiNode },
            });
            ctx.add({
              id,
              type: 'http api route',
              props: {
                api,
                integration: id,
                routeKey: fns.length === 1 ? '$default' : `ANY /${hyphened}/{proxy+}`,
              },
              refs: [key('http api', api), key('http api integration', id)],
              from: { node: apiNode },
            });
          }
          ctx.add({
            id,
            type: 'function permission',
            props: { fn, api, rest },
            refs: [key('function', fn), key(rest ? 'rest api' : 'http api', api)],
            from: { node: apiNode },
          });
        }
        if (rest) {
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
          const stage = prop(plan.index.nodes.get(apiNode) as NodeOf<'api-gateway'>, 'stageName')!;
          ctx.add({
            id: `${api}_stage`,
            type: 'rest api stage',
            props: { api, deployment: api, stage },
            refs: [key('rest api', api), key('rest api deployment', api)],
            from: { node: apiNode },
          });
        }
      }
      for (const a of plan.of('api-gateway'))
        if (prop(a, 'apiType') === 'REST' && !targets.has(a.id))
          plan.warnings.push(
            `${plan.label(a.id)} is a REST API with no function to invoke; exported without a deployment or stage (AWS deploys only APIs with methods).`,
          );
    },
  },
];

/** Resource types some planner produces; the others are still written by walking the board. */
export const PLANNED_TYPES: ReadonlySet<ResourceKey> = new Set(
  PLANNERS.flatMap((p) => p.resources.map((r) => r.type)),
);

export interface ResourcePlan {
  /** Every planned resource, in dependency order (references point backwards). */
  resources: readonly AnyPlanned[];
  ofType<T extends PlannedType>(type: T): PlannedResource<T>[];
}

/** Runs every planner over the analysed board. */
export function planResources(plan: ExportPlan): ResourcePlan {
  const resources: AnyPlanned[] = [];
  const byType = new Map<string, AnyPlanned[]>();
  const byNode = new Map<string, AnyPlanned>();
  const ctx: PlanContext = {
    plan,
    add(r) {
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
  };
  for (const p of PLANNERS) p.plan(ctx);
  return {
    resources,
    ofType: (type) => (byType.get(type) ?? []) as never,
  };
}

/** docs/export.md: which resources each planned kind becomes. */
export function renderPlannersMarkdown(): string {
  const lines = ['| Board kind | Planned resources (Terraform · CloudFormation) |', '| --- | --- |'];
  for (const p of PLANNERS) {
    const subject = 'node' in p ? `\`${p.node}\`` : `\`${p.edge}\` edge (${p.between})`;
    lines.push(`| ${subject} | ${p.resources.map((r) => describe(r.type, r.when)).join('<br>')} |`);
  }
  const rest = RESOURCE_TYPES.filter((r) => !PLANNED_TYPES.has(r.resource)).map((r) => r.resource);
  lines.push(
    '',
    `Every other resource (${rest.join(', ')}) is still written by each printer walking the board; see the mapping table below for the kinds they come from.`,
  );
  return `${lines.join('\n')}\n`;
}

function describe(type: PlannedType, when: string | undefined): string {
  const row = RESOURCE_TYPES.find((r) => r.resource === type)!;
  const tf = row.terraform ? row.terraform.map((t) => `\`${t}\``).join(', ') : '(inside another resource)';
  const cfn = row.cloudformation ? `\`${row.cloudformation}\`` : '(inside another resource)';
  return `${type}${when ? ` (${when})` : ''}: ${tf} · ${cfn}`;
}
