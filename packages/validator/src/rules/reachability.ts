import { type BoardEdge, type BoardNode, DATA_STORE_KINDS, type NodePropsOf, kindDef } from '@stratus/model';
import { type Cidr, cidrOrUndefined, contains, includesPublic, overlaps } from '../cidr.ts';
import {
  type RuleContext,
  describe,
  edgePropOrDefault,
  listedSubnetIds,
  name,
  perRun,
  propOrDefault,
} from '../context.ts';
import { defineRules, rule } from '../types.ts';
import {
  EPHEMERAL,
  type NaclRow,
  evaluateNacl,
  portCount,
  portless,
  portsOf,
  protoMatch,
  rangesText,
} from '../nacl.ts';
import {
  ENDPOINT_SERVICE_OF_KIND,
  gatewayEndpointsFor,
  interfaceEndpointFor,
  subnetEgress,
} from '../egress.ts';
import { transitPath } from '../transit.ts';
import { dropReasons, peeringPath } from './network.ts';

/** Who is on the other side of a check: an address block (unknown when CIDRs are unset) or the internet. */
interface Peer {
  cidr?: Cidr;
  internet?: boolean;
  /** Security groups of the peer resource (for rules naming a source/destination group). */
  groups?: readonly string[];
  /** The peer has no security group of its own (it is in the VPC's default group). */
  defaultGroupOf?: string;
  label: string;
}

export interface Flow {
  protocol: string;
  ports: [number, number];
}

/**
 * `reportedBy`: a more specific rule reports this failure (an interface endpoint's security group,
 * a gateway endpoint missing from the route table), so NET_FLOW_BLOCKED leaves it to that rule.
 */
export type Verdict =
  | { ok: true }
  | {
      ok: false;
      hop: BoardNode | undefined;
      why: string;
      reportedBy?: string;
      /**
       * For a flow from or to a resource spread over several subnets (see `placements`): where the
       * failing members are (`from "app"'s tasks in Subnet "b" (one of its 2 subnets)`), and their subnets.
       */
      where?: { text: string; source?: BoardNode; target?: BoardNode };
    };
const OK: Verdict = { ok: true };

const flowText = (f: Flow) =>
  f.protocol === 'all' || f.protocol === 'icmp'
    ? f.protocol
    : f.ports[0] === f.ports[1]
      ? `${f.protocol} ${f.ports[0]}`
      : f.ports[0] === 0 && f.ports[1] === 65535
        ? `${f.protocol} (any port)`
        : `${f.protocol} ${f.ports[0]}-${f.ports[1]}`;

function portMatch(rule: [number, number], flow: Flow): { overlap: boolean; cover: boolean } {
  if (flow.protocol === 'icmp' || flow.protocol === 'all')
    return { overlap: true, cover: rule[0] === 0 && rule[1] === 65535 };
  return {
    overlap: rule[0] <= flow.ports[1] && rule[1] >= flow.ports[0],
    cover: rule[0] <= flow.ports[0] && rule[1] >= flow.ports[1],
  };
}

function cidrMatch(text: string | undefined, peer: Peer): { overlap: boolean; cover: boolean } {
  const c = cidrOrUndefined(text);
  if (!c) return { overlap: false, cover: false };
  if (peer.internet) return { overlap: includesPublic(c), cover: c.prefix === 0 };
  if (!peer.cidr) return { overlap: true, cover: c.prefix === 0 };
  return { overlap: overlaps(c, peer.cidr), cover: contains(c, peer.cidr) };
}

/** Per check run: whether traffic gets through an ACL (see `naclVerdict`). */
const naclPasses = perRun<string, boolean>();

/**
 * A network ACL on the way: numbered rules, lowest first, the first match deciding for each
 * port (see nacl.ts). A request gets through when some of it does (a flow drawn without a port
 * is any port). The responses go to the client's ephemeral port, which may be anywhere in
 * 1024-65535, so every port of that range must get through: a rule copied from the request's
 * (5432 out for 5432 in) or a DENY of part of the range before the ALLOW drops some of them.
 */
function naclVerdict(
  ctx: RuleContext,
  subnet: BoardNode,
  dir: 'inbound' | 'outbound',
  flow: Flow,
  peer: Peer,
  purpose: 'the request' | 'the responses',
): Verdict {
  const nacl = ctx.naclsOf(subnet.id)[0];
  if (!nacl) return OK; // the VPC's default ACL allows everything
  const p = nacl.props as NodePropsOf<'network-acl'>;
  const rows = p[dir] as NaclRow[] | undefined;
  if (rows === undefined && propOrDefault<boolean>(nacl, 'isDefault')) return OK;
  // Whether it gets through depends on the ACL's rows, the flow and the peer's block only (its
  // label is for the message): many flows of a run ask the same, once each. A refusal is
  // evaluated again below, for its message.
  const passes = naclPasses(ctx);
  const block = peer.internet ? 'internet' : (peer.cidr?.text ?? '');
  const key = `${nacl.id}\u0000${dir}\u0000${flow.protocol}\u0000${flow.ports[0]}\u0000${flow.ports[1]}\u0000${purpose}\u0000${block}`;
  if (passes.get(key) === true) return OK;
  const v = evaluateNacl(rows ?? [], flow.protocol, flow.ports, (text) => cidrMatch(text, peer));
  const whole = purpose === 'the responses' || portless(flow.protocol);
  const wanted = portless(flow.protocol) ? 1 : flow.ports[1] - flow.ports[0] + 1;
  const ok = whole ? portCount(v.allowed) === wanted : v.allowed.length > 0;
  passes.set(key, ok);
  if (ok) return OK;
  const what = `${purpose} (${flowText(flow)} ${dir === 'inbound' ? 'from' : 'to'} ${peer.label})`;
  const at = `${describe(nacl)} on ${describe(subnet)}`;
  let why: string;
  if (v.allowed.length === 0 && v.denied.length === 0) why = `no ${dir} rule allows ${what}`;
  else if (v.allowed.length === 0 && v.denied.length === 1 && v.unmatched.length === 0)
    why = `${dir} rule ${v.denied[0]!.rule.ruleNumber} denies ${what}`;
  else if (v.allowed.length === 0) why = `${dir} rules drop ${what}: ${dropReasons(v)}`;
  else
    why = `${dir} rules let ${what} through only on ${rangesText(v.allowed)}: ${dropReasons(v)} (a response goes to the client's ephemeral port, anywhere in 1024-65535)`;
  return { ok: false, hop: nacl, why: `${at}: ${why}` };
}

type SgRule = {
  protocol?: string;
  fromPort?: number;
  toPort?: number;
  cidr?: string;
  sourceSecurityGroupId?: string;
  destinationSecurityGroupId?: string;
  action?: 'allow' | 'deny';
};

function sgRuleMatches(
  r: SgRule,
  flow: Flow,
  peer: Peer,
  refKey: 'sourceSecurityGroupId' | 'destinationSecurityGroupId',
) {
  if ((r.action ?? 'allow') !== 'allow') return false;
  if (!protoMatch(r.protocol ?? 'tcp', flow.protocol).overlap) return false;
  if (!portMatch(portsOf(r), flow).overlap) return false;
  const ref = r[refKey];
  if (ref) return (peer.groups ?? []).includes(ref);
  return cidrMatch(r.cidr, peer).overlap;
}

/** Security groups are stateful and allow-only: one matching rule in any group lets the traffic in. */
function sgIngressVerdict(ctx: RuleContext, target: BoardNode, flow: Flow, peer: Peer): Verdict {
  if (!appliesSecurityGroups(target)) return OK;
  const groups = ctx.securityGroupsOf(target.id);
  if (groups.length === 0) {
    const vpc = ctx.vpcOf(target.id);
    if (peer.defaultGroupOf && vpc && peer.defaultGroupOf === vpc.id) return OK;
    return {
      ok: false,
      hop: target,
      why: `${describe(target)} has no security group, and its VPC's default group admits only members of the default group (not ${peer.label})`,
    };
  }
  for (const sg of groups) {
    const rules = ((sg.props as NodePropsOf<'security-group'>).ingress ?? []) as SgRule[];
    if (rules.some((r) => sgRuleMatches(r, flow, peer, 'sourceSecurityGroupId'))) return OK;
  }
  return {
    ok: false,
    hop: groups[0],
    why: `security group ${groups.map((g) => name(g)).join(', ')} on ${describe(target)}: no inbound rule admits ${flowText(flow)} from ${peer.label}`,
  };
}

function sgEgressVerdict(ctx: RuleContext, source: BoardNode, flow: Flow, peer: Peer): Verdict {
  if (!appliesSecurityGroups(source)) return OK;
  const groups = ctx.securityGroupsOf(source.id);
  if (groups.length === 0) return OK; // the default group allows all outbound
  for (const sg of groups) {
    const rules = (sg.props as NodePropsOf<'security-group'>).egress as SgRule[] | undefined;
    if (rules === undefined) return OK; // unset: all outbound allowed
    if (rules.some((r) => sgRuleMatches(r, flow, peer, 'destinationSecurityGroupId'))) return OK;
  }
  return {
    ok: false,
    hop: groups[0],
    why: `security group ${groups.map((g) => name(g)).join(', ')} on ${describe(source)}: no outbound rule allows ${flowText(flow)} to ${peer.label}`,
  };
}

/**
 * The kind's network traits, read from the definition (`networkOf` also copies the node's
 * properties with defaults, which the checks of every flow cannot afford when they need only these).
 */
const traitsOf = (node: BoardNode) => kindDef(node.kind as string)?.network;

/** A NAT gateway has no security groups: AWS does not filter its traffic by any. */
const appliesSecurityGroups = (node: BoardNode) => traitsOf(node)?.securityGroups !== false;

function hasPublicIp(ctx: RuleContext, node: BoardNode, subnet: BoardNode): boolean {
  if (traitsOf(node)?.publicAddress === 'never') return false;
  const net = ctx.network(node);
  if (!net) return false;
  const { publicAddress } = net.traits;
  if (publicAddress === 'never') return false;
  if (publicAddress === 'instance')
    return (
      net.props.associatePublicIp === true ||
      ctx.elasticIpsOf(node.id).length > 0 ||
      (subnet.props as NodePropsOf<'subnet'>).mapPublicIpOnLaunch === true
    );
  return publicAddress.when(net.props);
}

function publicIpMissing(node: BoardNode): string {
  const publicAddress = traitsOf(node)?.publicAddress;
  if (publicAddress === 'never') return `${describe(node)} cannot have a public address`;
  if (typeof publicAddress === 'object') return `${describe(node)} ${publicAddress.otherwise}`;
  return `${describe(node)} has no public IPv4 address or Elastic IP`;
}

export interface Placed {
  node: BoardNode;
  subnet: BoardNode;
  vpc: BoardNode;
  peer: Peer;
}

/** A resource in its subnet (or in another of its subnets, for one spanning several). */
export function place(
  ctx: RuleContext,
  node: BoardNode,
  subnet: BoardNode | undefined = ctx.subnetOf(node.id),
  vpc: BoardNode | undefined = ctx.vpcOf(node.id),
): Placed | undefined {
  if (!subnet || !vpc) return undefined;
  const groups = ctx.securityGroupsOf(node.id).map((g) => g.id);
  const cidr = ctx.cidr(subnet) ?? ctx.cidr(vpc);
  return {
    node,
    subnet,
    vpc,
    peer: {
      cidr,
      groups,
      defaultGroupOf: groups.length === 0 ? vpc.id : undefined,
      label: `${name(node)}${cidr ? ` (${cidr.text})` : ''}`,
    },
  };
}

/** The kind's `spread` trait. */
const spreadOf = (node: BoardNode) => traitsOf(node)?.spread;

/** What a spread resource's members are called in messages (`tasks`, `nodes`). */
const spreadMembers = (node: BoardNode): string => spreadOf(node)?.members ?? 'members';

/**
 * Every place a resource's traffic may start or end, the subnet it is drawn in first. A kind AWS
 * places in any of several subnets (`spread`: ECS tasks, Auto Scaling instances, a function's or an
 * interface endpoint's network interfaces, a load balancer's nodes, a database or cache in its
 * subnet group or an Aurora cluster's instances' subnets) may be in each subnet it lists too (see
 * `listedSubnetIds`); listed subnets of another VPC than its own are left out (AWS refuses them).
 * Empty when it is in no subnet of a VPC.
 */
export function placements(ctx: RuleContext, node: BoardNode): readonly Placed[] {
  const cache = placementMemo(ctx);
  let hit = cache.get(node);
  if (!hit) cache.set(node, (hit = placementsOnce(ctx, node)));
  return hit;
}

/** Per check run: every flow from or to a resource, and several rules, ask where it is. */
const placementMemo = perRun<BoardNode, readonly Placed[]>();

function placementsOnce(ctx: RuleContext, node: BoardNode): Placed[] {
  const drawn = place(ctx, node);
  const out = drawn ? [drawn] : [];
  if (!spreadOf(node)) return out;
  let vpc = ctx.vpcOf(node.id);
  for (const id of listedSubnetIds(node)) {
    const subnet = ctx.node(id);
    if (subnet?.kind !== 'subnet' || out.some((p) => p.subnet.id === subnet.id)) continue;
    const own = ctx.vpcOf(subnet.id);
    if (!own) continue;
    vpc ??= own;
    if (own.id !== vpc.id) continue;
    const p = place(ctx, node, subnet, vpc);
    if (p) out.push(p);
  }
  return out;
}

const INTERNET: Peer = { internet: true, label: 'the internet' };

/** Can traffic from the internet reach this resource? (Public subnet, public address, ACLs, security groups.) */
export function fromInternet(ctx: RuleContext, dst: Placed, flow: Flow): Verdict & { path?: BoardNode[] } {
  const route = ctx.internetRoute(dst.subnet.id);
  if (!route) {
    return {
      ok: false,
      hop: dst.subnet,
      why: `${describe(dst.subnet)} is private: it has no 0.0.0.0/0 route to an internet gateway of ${describe(dst.vpc)}`,
    };
  }
  if (!hasPublicIp(ctx, dst.node, dst.subnet))
    return { ok: false, hop: dst.node, why: publicIpMissing(dst.node) };
  const back: Flow = { protocol: flow.protocol, ports: EPHEMERAL };
  let v = naclVerdict(ctx, dst.subnet, 'inbound', flow, INTERNET, 'the request');
  if (v.ok) v = naclVerdict(ctx, dst.subnet, 'outbound', back, INTERNET, 'the responses');
  if (v.ok) v = sgIngressVerdict(ctx, dst.node, flow, INTERNET);
  if (!v.ok) return v;
  const igw = ctx.node(route.target);
  const path = [igw, dst.subnet, ctx.naclsOf(dst.subnet.id)[0], ...ctx.securityGroupsOf(dst.node.id)].filter(
    (n): n is BoardNode => n !== undefined,
  );
  return { ok: true, path };
}

/** Can this resource open connections to the internet (or AWS public endpoints)? */
function toInternet(ctx: RuleContext, src: Placed, flow: Flow): Verdict {
  const routes = ctx.defaultRoutes(src.subnet.id);
  const igwRoute = ctx.internetRoute(src.subnet.id);
  const natRoute = routes.find((e) => {
    const t = ctx.node(e.target);
    return t?.kind === 'nat-gateway' || t?.kind === 'nat-instance' || t?.kind === 'ec2-instance';
  });
  if (!natRoute) {
    if (!igwRoute)
      return {
        ok: false,
        hop: src.subnet,
        why: `${describe(src.subnet)} has no 0.0.0.0/0 route to an internet gateway or a NAT`,
      };
    if (!hasPublicIp(ctx, src.node, src.subnet))
      return {
        ok: false,
        hop: src.node,
        why: `${publicIpMissing(src.node)}, so the internet gateway route of ${describe(src.subnet)} does not carry its traffic (route through a NAT instead)`,
      };
  }
  return outboundFilters(ctx, src, flow, INTERNET);
}

/** A connection out of the VPC: the source's security groups, then its subnet's ACL both ways. */
function outboundFilters(ctx: RuleContext, src: Placed, flow: Flow, peer: Peer): Verdict {
  const back: Flow = { protocol: flow.protocol, ports: EPHEMERAL };
  let v = sgEgressVerdict(ctx, src.node, flow, peer);
  if (v.ok) v = naclVerdict(ctx, src.subnet, 'outbound', flow, peer, 'the request');
  if (v.ok) v = naclVerdict(ctx, src.subnet, 'inbound', back, peer, 'the responses');
  return v;
}

/** AWS API calls (to an interface endpoint) are HTTPS. */
const HTTPS: Flow = { protocol: 'tcp', ports: [443, 443] };

/**
 * A VPC resource calling an AWS service (S3, DynamoDB, SQS, SNS): through an interface endpoint
 * of its VPC with private DNS (the service's name resolves to it), else a gateway endpoint
 * associated with its subnet's route table (its prefix-list route is more specific than
 * 0.0.0.0/0), else over the internet path (NAT, or an internet gateway with a public address).
 */
function toService(ctx: RuleContext, src: Placed, serviceNode: BoardNode, flow: Flow): Verdict {
  const service = ENDPOINT_SERVICE_OF_KIND[serviceNode.kind];
  if (!service) return toInternet(ctx, src, flow);
  const iface = interfaceEndpointFor(ctx, src.vpc.id, service);
  if (iface) return viaInterfaceEndpoint(ctx, src, iface);
  if (subnetEgress(ctx, src.subnet.id).gatewayEndpoints.has(service as 's3' | 'dynamodb'))
    return outboundFilters(ctx, src, flow, {
      internet: true,
      label: `the ${service} gateway endpoint (AWS public addresses)`,
    });
  const v = toInternet(ctx, src, flow);
  const unassociated = gatewayEndpointsFor(ctx, src.vpc.id, service)[0];
  // No way out, while a gateway endpoint of the VPC would be one if associated: VPCE_GATEWAY_NOT_ASSOCIATED says so.
  if (!v.ok && unassociated && (v.hop?.id === src.subnet.id || v.hop?.id === src.node.id))
    return {
      ok: false,
      hop: unassociated,
      why: `${describe(unassociated)} is not associated with the route table of ${describe(src.subnet)}, which has no other way out`,
      reportedBy: 'VPCE_GATEWAY_NOT_ASSOCIATED',
    };
  return v;
}

/**
 * To the endpoint's network interfaces on tcp 443. The service's name resolves to the interface in
 * every subnet of the endpoint, so a caller may use any of them: the one in its AZ (else the first)
 * is judged first and reported as before; one that fails only elsewhere is named.
 */
function viaInterfaceEndpoint(ctx: RuleContext, src: Placed, endpoint: BoardNode): Verdict {
  const where = [...placements(ctx, endpoint)];
  if (where.length === 0)
    return { ok: false, hop: endpoint, why: `${describe(endpoint)} is not in a subnet of a VPC` };
  const zone = ctx.zoneOf(src.subnet);
  const near = where.findIndex((p) => zone !== undefined && ctx.zoneOf(p.subnet) === zone);
  if (near > 0) where.unshift(...where.splice(near, 1));
  for (const [i, dst] of where.entries()) {
    const v = filters(ctx, src, dst, HTTPS, 'VPCE_INTERFACE_SG_BLOCKS_HTTPS');
    if (v.ok) continue;
    if (i === 0) return v;
    return {
      ...v,
      why: `to ${name(endpoint)}'s network interface in ${describe(dst.subnet)} (one of its ${where.length} subnets; the service's name resolves to each): ${v.why}`,
    };
  }
  return OK;
}

function directlyPeered(ctx: RuleContext, a: string, b: string): BoardEdge | undefined {
  return [...ctx.outEdges(a, 'peering'), ...ctx.inEdges(a, 'peering')].find(
    (e) => e.source !== e.target && (e.source === b || e.target === b),
  );
}

function routeToVpc(ctx: RuleContext, subnet: BoardNode, vpcId: string): boolean {
  return ctx.outEdges(subnet.id, 'route').some((e) => e.target === vpcId);
}

/** Between two resources in VPCs: routes (local, peering or a Transit Gateway), ACLs at subnet boundaries, security groups. */
function internal(ctx: RuleContext, src: Placed, dst: Placed, flow: Flow): Verdict | 'transitive' {
  if (src.vpc.id !== dst.vpc.id) {
    const peering = directlyPeered(ctx, src.vpc.id, dst.vpc.id);
    const transit = peering ? undefined : transitPath(ctx, src, dst);
    if (transit && !transit.ok) return transit;
    if (!peering && !transit) {
      const path = peeringPath(ctx, src.vpc.id, dst.vpc.id);
      if (path && path.length > 2) return 'transitive';
      return {
        ok: false,
        hop: src.vpc,
        why: `${describe(src.vpc)} and ${describe(dst.vpc)} are not peered`,
      };
    }
    if (peering && edgePropOrDefault<boolean>(peering, 'addRoutes') !== true) {
      if (!routeToVpc(ctx, src.subnet, dst.vpc.id))
        return {
          ok: false,
          hop: src.subnet,
          why: `${describe(src.subnet)} has no route to ${describe(dst.vpc)}`,
        };
      if (!routeToVpc(ctx, dst.subnet, src.vpc.id))
        return {
          ok: false,
          hop: dst.subnet,
          why: `${describe(dst.subnet)} has no route back to ${describe(src.vpc)} for the responses`,
        };
    }
  }
  return filters(ctx, src, dst, flow);
}

/**
 * The filters between two resources of routed VPCs, in the order a packet meets them: out of the
 * source, into the target, and the responses back. `ingressReportedBy`: the rule that reports the
 * target's security group refusing the flow, when one more specific than NET_FLOW_BLOCKED does.
 */
function filters(
  ctx: RuleContext,
  src: Placed,
  dst: Placed,
  flow: Flow,
  ingressReportedBy?: string,
): Verdict {
  const back: Flow = { protocol: flow.protocol, ports: EPHEMERAL };
  const crossesSubnets = src.subnet.id !== dst.subnet.id;
  let v = sgEgressVerdict(ctx, src.node, flow, dst.peer);
  if (v.ok && crossesSubnets) v = naclVerdict(ctx, src.subnet, 'outbound', flow, dst.peer, 'the request');
  if (v.ok && crossesSubnets) v = naclVerdict(ctx, dst.subnet, 'inbound', flow, src.peer, 'the request');
  if (v.ok) {
    v = sgIngressVerdict(ctx, dst.node, flow, src.peer);
    if (!v.ok && ingressReportedBy) v = { ...v, reportedBy: ingressReportedBy };
  }
  if (v.ok && crossesSubnets) v = naclVerdict(ctx, dst.subnet, 'outbound', back, src.peer, 'the responses');
  if (v.ok && crossesSubnets) v = naclVerdict(ctx, src.subnet, 'inbound', back, dst.peer, 'the responses');
  return v;
}

/** CloudFront reaching a private origin through a VPC origin needs no public path. */
function viaVpcOrigin(ctx: RuleContext, cf: string, target: string): boolean {
  for (const e of ctx.outEdges(cf, 'origin'))
    if (e.target === target && edgePropOrDefault<boolean>(e, 'vpcOrigin') === true) return true;
  return false;
}

/**
 * Whether a node takes part in reachability where it is drawn. A kind that is also a public
 * endpoint (a Lambda function) is networked only when drawn inside a VPC; at the root AWS runs it
 * in its own network and it calls public endpoints.
 */
export function networkedHere(ctx: RuleContext, node: BoardNode): boolean {
  const def = kindDef(node.kind as string);
  if (!def?.network) return false;
  if (!def.publicEndpoint) return true;
  return ctx.ancestors(node.id).some((a) => a.kind === 'vpc' || a.kind === 'subnet');
}

/** How a service outside any VPC takes part, where it is drawn (see networkedHere). */
function endpointHere(node: BoardNode, networked: boolean) {
  return networked ? undefined : kindDef(node.kind as string)?.publicEndpoint;
}

/**
 * An API Gateway reaching an internal load balancer privately, through a VPC link: V2 (HTTP APIs,
 * and REST APIs since November 2025) reaches ALBs and NLBs, the legacy REST V1 only NLBs
 * (APIGW_VPC_LINK_TARGET reports the other case).
 */
export function vpcLinkReaches(api: BoardNode, lb: BoardNode): boolean | undefined {
  if (api.kind !== 'api-gateway' || lb.kind !== 'load-balancer') return undefined;
  if (propOrDefault(lb, 'scheme') !== 'internal') return undefined;
  const v1 = propOrDefault(api, 'apiType') === 'REST' && propOrDefault(api, 'vpcLinkVersion') === 'v1';
  return !v1 || propOrDefault(lb, 'type') === 'network';
}

/** A private REST API (reached only through an execute-api interface endpoint). */
export const isPrivateApi = (node: BoardNode): boolean =>
  node.kind === 'api-gateway' &&
  propOrDefault(node, 'apiType') === 'REST' &&
  propOrDefault(node, 'endpointType') === 'PRIVATE';

/**
 * A VPC function with no way out of its subnet (no NAT route, no endpoint for the service):
 * LAMBDA_VPC_NO_EGRESS reports it for every subnet of the function, so NET_FLOW_BLOCKED does not.
 */
function lambdaEgress(source: BoardNode, v: Verdict): Verdict {
  if (v.ok || v.reportedBy || source.kind !== 'lambda-function') return v;
  const atSubnetOrSource = v.hop?.id === source.id || v.hop?.kind === 'subnet';
  return atSubnetOrSource ? { ...v, reportedBy: 'LAMBDA_VPC_NO_EGRESS' } : v;
}

/** The port clients connect to, when the kind declares one (data stores, containers, instance groups). */
export function servicePort(ctx: RuleContext, node: BoardNode): number | undefined {
  const port = traitsOf(node)?.servicePort;
  return typeof port === 'function' ? port(ctx.network(node)!.props) : port;
}

/**
 * Can traffic of this flow get from `s` to `t`? `undefined` when the question does not apply
 * (both ends outside any VPC, non-network kinds, or a transitive peering, which PEERING_TRANSITIVE reports).
 * An end spread over several subnets (see `placements`) is judged in each of them, the subnet it is
 * drawn in first: the flow works only if it works for every member. Blocked for all, the verdict is
 * the first placement's; blocked for some only, the first failing one's, saying where (`where`).
 */
export function evaluateFlow(ctx: RuleContext, s: BoardNode, t: BoardNode, flow: Flow): Verdict | undefined {
  if (s.id === t.id) return undefined;
  const sIn = networkedHere(ctx, s);
  const tIn = networkedHere(ctx, t);
  const sEndpoint = endpointHere(s, sIn);
  if (!sIn && !sEndpoint) return undefined;
  if (!tIn && !endpointHere(t, tIn)) return undefined;
  const from: readonly (Placed | undefined)[] = sIn ? placements(ctx, s) : [undefined];
  if (from.length === 0) return { ok: false, hop: s, why: `${describe(s)} is not in a subnet of a VPC` };
  // Invoking a function never reaches its network interfaces (see pairFlow): where they are does not matter.
  const to: readonly (Placed | undefined)[] =
    tIn && t.kind !== 'lambda-function' ? placements(ctx, t) : [undefined];
  if (to.length === 0) return { ok: false, hop: t, why: `${describe(t)} is not in a subnet of a VPC` };
  let passed = false;
  let failed: { v: Verdict & { ok: false }; i: number; j: number } | undefined;
  const ok: boolean[] = []; // ok[i * to.length + j]: from placement i to placement j
  for (const [i, ps] of from.entries())
    for (const [j, pt] of to.entries()) {
      const v = sendsTo(ctx, ps, pt) ? pairFlow(ctx, s, t, ps, pt, flow) : undefined;
      ok.push(v?.ok === true);
      if (v === undefined) continue;
      if (v.ok) passed = true;
      else failed ??= { v, i, j };
    }
  if (!failed) return passed ? OK : undefined;
  if (!passed) return failed.v;
  // Blocked for some members only: say where. An end is named when the flow works from (or to)
  // another of its subnets; one blocked from (or to) all of them is not where the fault lies.
  const { v, i, j } = failed;
  const sNamed = from.some((_, k) => ok[k * to.length + j]);
  const tNamed = to.some((_, k) => ok[i * to.length + k]);
  return locate(
    v,
    sNamed || !tNamed ? from[i] : undefined,
    from.length,
    tNamed || !sNamed ? to[j] : undefined,
    to.length,
  );
}

/**
 * Whether a load balancer's nodes send only to targets in their own AZ: a Network Load Balancer's
 * with cross-zone load balancing off (its default); an ALB's nodes always send across zones.
 */
const zonalNodes = (lb: BoardNode): boolean =>
  propOrDefault(lb, 'type') === 'network' && propOrDefault(lb, 'crossZone') !== true;

/**
 * Whether traffic from this placement of a source may go to that one of a target. A load
 * balancer's node sends only to targets in a zone enabled for it (one of its subnets' AZs; a target
 * elsewhere is registered but gets no traffic, see LB_TARGET_AZ_UNSERVED), and a Network Load
 * Balancer's, cross-zone load balancing off, only to those in its own AZ; anything else, anywhere.
 * Unknown zones are not guessed: such a pair is followed.
 */
function sendsTo(ctx: RuleContext, ps: Placed | undefined, pt: Placed | undefined): boolean {
  if (!ps || !pt || ps.node.kind !== 'load-balancer') return true;
  const zs = ctx.zoneOf(ps.subnet);
  const zt = ctx.zoneOf(pt.subnet);
  if (zs === undefined || zt === undefined) return true;
  if (zonalNodes(ps.node)) return zs === zt;
  const enabled = placements(ctx, ps.node).map((p) => ctx.zoneOf(p.subnet));
  return enabled.includes(undefined) || enabled.includes(zt);
}

/** `from "app"'s tasks in Subnet "b" (one of its 2 subnets)`: where a failing member of a spread end is. */
function locate(
  v: Verdict & { ok: false },
  ps: Placed | undefined,
  sCount: number,
  pt: Placed | undefined,
  tCount: number,
): Verdict {
  const at = (p: Placed, count: number) =>
    `${name(p.node)}'s ${spreadMembers(p.node)} in ${describe(p.subnet)} (one of its ${count} subnets)`;
  const source = ps && sCount > 1 ? ps : undefined;
  const target = pt && tCount > 1 ? pt : undefined;
  const text = [source ? `from ${at(source, sCount)}` : '', target ? `to ${at(target, tCount)}` : '']
    .filter(Boolean)
    .join(' ');
  return { ...v, where: { text, source: source?.subnet, target: target?.subnet } };
}

/** One placement of each end (`undefined`: that end is outside any VPC). */
function pairFlow(
  ctx: RuleContext,
  s: BoardNode,
  t: BoardNode,
  ps: Placed | undefined,
  pt: Placed | undefined,
  flow: Flow,
): Verdict | undefined {
  if (t.kind === 'lambda-function') {
    // Invoking a function calls the Lambda API, never the function's network interfaces (they
    // carry only its own outbound traffic). API Gateway, a load balancer or another service invokes
    // it from AWS's side; a resource in a VPC needs a way out to the Lambda endpoint.
    if (!ps || s.kind === 'load-balancer') return undefined;
    return lambdaEgress(s, toService(ctx, ps, t, flow));
  }
  if (ps && isPrivateApi(t)) {
    // A private REST API answers only on an execute-api interface endpoint.
    const iface = interfaceEndpointFor(ctx, ps.vpc.id, 'execute-api');
    if (iface) return viaInterfaceEndpoint(ctx, ps, iface);
    return { ok: false, hop: t, why: `${describe(t)} is private`, reportedBy: 'APIGW_PRIVATE_NO_ENDPOINT' };
  }
  if (!ps && !pt) return undefined; // managed services and the internet talk over public endpoints
  if (ps && pt) {
    const inside = internal(ctx, ps, pt, flow);
    return inside === 'transitive' ? undefined : inside;
  }
  if (ps) return lambdaEgress(s, toService(ctx, ps, t, flow));
  if (!pt) return undefined;
  if (endpointHere(s, false) === 'polled') return toService(ctx, pt, s, flow); // the consumer polls the service
  if (s.kind === 'cloudfront-distribution' && viaVpcOrigin(ctx, s.id, t.id)) return OK;
  const link = vpcLinkReaches(s, t);
  if (link !== undefined) return link ? OK : undefined;
  return fromInternet(ctx, pt, flow);
}

/** The flow a traffic edge asks for (no port: any port). */
export function flowOf(ctx: RuleContext, edge: BoardEdge, target: BoardNode | undefined): Flow {
  const protocol = edgePropOrDefault<string>(edge, 'protocol') ?? 'tcp';
  // A flow drawn without a port goes to the port the target serves on, when its kind says.
  const port = (edge.props as { port?: number }).port ?? (target ? servicePort(ctx, target) : undefined);
  return { protocol, ports: port === undefined ? [0, 65535] : [port, port] };
}

const verdicts = perRun<string, Verdict | undefined>();

/** `evaluateFlow` for a traffic edge, once per check run (NET_FLOW_BLOCKED and the endpoint rules share it). */
export function flowVerdict(ctx: RuleContext, edge: BoardEdge): Verdict | undefined {
  const cache = verdicts(ctx);
  if (cache.has(edge.id)) return cache.get(edge.id);
  const s = ctx.node(edge.source);
  const t = ctx.node(edge.target);
  const v = s && t ? evaluateFlow(ctx, s, t, flowOf(ctx, edge, t)) : undefined;
  cache.set(edge.id, v);
  return v;
}

/**
 * ` (its instance in Subnet "a", one of its 2 subnets)` when a verdict holds in some of a spread
 * resource's placements only (`hit` is the first where it does); empty when it holds in all.
 */
function someOf(where: readonly Placed[], hit: number, verdicts: (Verdict | undefined)[]): string {
  const p = where[hit];
  if (!p || verdicts.every((v) => v?.ok)) return '';
  return ` (its ${spreadMembers(p.node)} in ${describe(p.subnet)}, one of its ${where.length} subnets)`;
}

export const reachabilityRules = defineRules([
  rule({
    id: 'NET_DATA_TIER_EXPOSED',
    title: 'Database is reachable from the internet',
    severity: 'error',
    section: 'Reachability',
    statement:
      'The internet can reach a database or cache: a path from the Internet node through gateways, routes, ACLs and security groups ends at it.',
    rationale:
      "Checked when the board has an Internet node: a data store with a public address, in a subnet routed to the internet gateway, whose network ACL and security group admit its port from internet addresses, can be attacked directly; so can one that an internet-facing load balancer forwards to (a traffic edge from the load balancer). Every subnet the data store may be in counts: the one it is drawn in and its subnet group (RDS creates the instance in any subnet of the group and a Multi-AZ failover moves it to another; ElastiCache and Redshift place nodes in theirs), and an Aurora cluster's instances' subnets (a failover makes any of them the writer). Exposed in one of them is exposed; when not in all, the finding names that subnet. Through a load balancer, any of its nodes (one per subnet it lists) that the internet reaches and that reaches the data store in one of its subnets is a path. The finding lists the path.",
    source: 'RDS Security; VPC Security',
    nodeKinds: DATA_STORE_KINDS,
    node(node, ctx, emit) {
      if (!ctx.hasInternet) return;
      const where = placements(ctx, node);
      const port = servicePort(ctx, node);
      if (where.length === 0 || port === undefined) return;
      const flow: Flow = { protocol: 'tcp', ports: [port, port] };
      const title =
        node.kind === 'elasticache-cluster' ? { title: 'Cache is reachable from the internet' } : {};
      // Exposed if the internet reaches it in any subnet it may be in (named when not in all of them).
      const direct = where.map((p) => fromInternet(ctx, p, flow));
      const hit = direct.findIndex((v) => v.ok);
      const path = direct[hit]?.path;
      if (path) {
        emit({
          ...title,
          nodeIds: [node.id, ...path.map((n) => n.id)],
          message: `${describe(node)} is reachable from the internet on tcp ${port}${someOf(where, hit, direct)}: Internet → ${path.map((n) => describe(n)).join(' → ')} → ${name(node)}.`,
          fix: "Move it to a private subnet, turn off public access, and admit its port only from the application's security group.",
        });
        return;
      }
      // Through an internet-facing load balancer that forwards to it (a drawn traffic edge): any
      // node of it the internet reaches, on to any subnet the data store may be in.
      for (const e of ctx.inEdges(node.id, 'traffic')) {
        const lb = ctx.node(e.source);
        if (lb?.kind !== 'load-balancer') continue;
        const listener = (lb.props as NodePropsOf<'load-balancer'>).listeners?.[0]?.port;
        const inbound: Flow = { protocol: 'tcp', ports: listener ? [listener, listener] : [0, 65535] };
        for (const front of placements(ctx, lb)) {
          const toLb = fromInternet(ctx, front, inbound);
          if (!toLb.ok || !toLb.path) continue;
          const onward = where.map((p) =>
            sendsTo(ctx, front, p) ? pairFlow(ctx, lb, node, front, p, flow) : undefined,
          );
          const to = onward.findIndex((v) => v?.ok);
          if (to < 0) continue;
          emit({
            ...title,
            nodeIds: [node.id, lb.id, ...toLb.path.map((n) => n.id)],
            edgeIds: [e.id],
            message: `${describe(node)} is reachable from the internet through ${describe(lb)}${someOf(where, to, onward)}: Internet → ${toLb.path.map((n) => describe(n)).join(' → ')} → ${name(lb)} → ${name(node)} (tcp ${port}).`,
            fix: 'Do not forward internet traffic to a data store: put an application tier in between, or make the load balancer internal.',
          });
          return;
        }
      }
    },
  }),
  rule({
    id: 'NET_FLOW_BLOCKED',
    title: 'Traffic flow is blocked',
    severity: 'error',
    section: 'Reachability',
    statement:
      'A drawn traffic flow cannot happen: no route, or an ACL or security group on the way drops it (the finding names the blocking hop).',
    rationale:
      "Every traffic edge is followed through the design, on its port (unset: the port the target serves on, such as a database engine's, a container port or an Auto Scaling group's instance port; otherwise any port): the local route, a direct peering or a Transit Gateway (both VPCs attached in the AZs of the two subnets, each way the route table of the sending VPC's attachment sending it to the right attachment, so route tables can keep VPCs apart, routes back), the internet gateway or a NAT for internet traffic, an interface endpoint (private DNS) or an associated gateway endpoint for calls to S3, DynamoDB, SQS and SNS, the network ACLs of both subnets in both directions (stateless, lowest rule number first and the first match deciding for each port; the responses must get through on every port of 1024-65535, the ephemeral ports a client receives them on) and the security groups (stateful, allow only; a resource without one is in the VPC default group). An ECS service, Auto Scaling group or Lambda function runs its tasks, instances or network interfaces in the subnet it is drawn in and in each subnet it lists, and AWS may use any of them (a load balancer's target group sends to targets in all of them; a function's calls leave from whichever subnet its interface is in), so the flow is followed from or to each of those subnets. So is a flow from or to a load balancer (a node in each subnet it lists: DNS gives clients, and the internet, every node's address, so an internet-facing one needs the internet gateway route, ACLs and security groups right in each; each node sends only to targets in the AZs of its subnets, a target elsewhere getting no traffic: an Application Load Balancer's to all of those, a Network Load Balancer's only to those in its own AZ unless cross-zone load balancing is on, which it is not by default), a database or cache (RDS places the instance in any subnet of its subnet group and a Multi-AZ failover moves it; ElastiCache and Redshift place nodes in their subnet group; an Aurora cluster also in its instances' subnets) and an interface endpoint (a network interface per subnet, and the service's name resolves to each, so a call must work to every one; the one in the caller's AZ is named first). Blocked in every one, the finding reads as for a single subnet; blocked in some only, it names the subnet and its members, because that part fails while the rest works (an end blocked from or to every subnet of the other is not named).",
    source: 'VPC Security',
    edgeKinds: ['traffic'],
    edge(edge, ctx, emit) {
      const s = ctx.node(edge.source);
      const t = ctx.node(edge.target);
      if (!s || !t) return;
      const flow = flowOf(ctx, edge, t);
      const v = flowVerdict(ctx, edge);
      if (v === undefined || v.ok || v.reportedBy) return;
      const nodeIds = [s.id, t.id];
      for (const n of [v.hop, v.where?.source, v.where?.target])
        if (n && !nodeIds.includes(n.id)) nodeIds.push(n.id);
      emit({
        nodeIds,
        edgeIds: [edge.id],
        message: `Flow ${name(s)} → ${name(t)} (${flowText(flow)}) is blocked${v.where ? ` ${v.where.text}` : ''}: ${v.why}.`,
        fix: 'Fix the hop named above (add the route, rule or association it lacks), or delete the flow if it is not needed.',
      });
    },
  }),
]);
