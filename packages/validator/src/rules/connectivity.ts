import type { BoardEdge, BoardNode } from '@stratus/model';
import { type RuleContext, describe, name, propOrDefault } from '../context.ts';
import {
  ENDPOINT_SERVICE_OF_KIND,
  endpointSubnets,
  gatewayEndpointsFor,
  interfaceEndpointFor,
  subnetEgress,
} from '../egress.ts';
import { attachmentsOf, overlappingAttachments, tableOf, tablesOf } from '../transit.ts';
import { defineRules, rule } from '../types.ts';
import { flowVerdict, placements } from './reachability.ts';

/**
 * VPC endpoints and Transit Gateway: placement and configuration AWS refuses or that does not do
 * what the drawing suggests. Reachability through them is NET_FLOW_BLOCKED's (rules/reachability.ts);
 * two failures it finds are reported here, by the rule that explains them.
 */

/** A traffic edge between a VPC resource and an AWS service it calls: the caller and the service name. */
function serviceCall(ctx: RuleContext, edge: BoardEdge): { caller: BoardNode; service: string } | undefined {
  const s = ctx.node(edge.source);
  const t = ctx.node(edge.target);
  if (!s || !t) return undefined;
  if (ENDPOINT_SERVICE_OF_KIND[t.kind]) return { caller: s, service: ENDPOINT_SERVICE_OF_KIND[t.kind]! };
  if (ENDPOINT_SERVICE_OF_KIND[s.kind]) return { caller: t, service: ENDPOINT_SERVICE_OF_KIND[s.kind]! };
  return undefined;
}

/** Subnets sharing an AZ: the first pair found, with the zone. */
function sameZone(
  ctx: RuleContext,
  subnets: readonly BoardNode[],
): [BoardNode, BoardNode, string] | undefined {
  const seen = new Map<string, BoardNode>();
  for (const s of subnets) {
    const z = ctx.zoneOf(s);
    if (!z) continue;
    const other = seen.get(z);
    if (other) return [other, s, z];
    seen.set(z, s);
  }
  return undefined;
}

const isPrivateAsn = (asn: number) =>
  (asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294);

export const connectivityRules = defineRules([
  rule({
    id: 'VPCE_GATEWAY_NOT_ASSOCIATED',
    title: "Gateway endpoint is not in the caller's route table",
    severity: 'error',
    section: 'Networking',
    statement:
      'A resource calling S3 or DynamoDB uses a gateway endpoint only when the endpoint is associated with its subnet’s route table.',
    rationale:
      'A gateway endpoint adds a route (to the service’s prefix list) only to the route tables associated with it. A subnet whose route table is not associated sends the calls to its 0.0.0.0/0 route: with no NAT the calls fail (error); with a NAT they work but pay NAT data processing (warning). Each subnet the caller may be in counts (an ECS service’s tasks, an Auto Scaling group’s instances, a function’s network interfaces: every subnet it lists); the finding names those whose route table is not associated. Drawn as an association from the endpoint to the subnet.',
    source: 'AWS PrivateLink guide: Gateway endpoints ("route tables associated with the endpoint")',
    edgeKinds: ['traffic'],
    edge(edge, ctx, emit) {
      const call = serviceCall(ctx, edge);
      if (!call || (call.service !== 's3' && call.service !== 'dynamodb')) return;
      const v = flowVerdict(ctx, edge);
      if (v && !v.ok && v.reportedBy === 'VPCE_GATEWAY_NOT_ASSOCIATED' && v.hop) {
        // The caller's subnet whose route table lacks it (one of several for a spread resource).
        const subnet =
          (call.caller.id === edge.source ? v.where?.source : v.where?.target) ??
          ctx.subnetOf(call.caller.id);
        emit({
          nodeIds: [v.hop.id, call.caller.id, ...(subnet ? [subnet.id] : [])],
          edgeIds: [edge.id],
          message: `${describe(call.caller)} cannot reach ${call.service}: ${v.why}; a gateway endpoint serves only the route tables associated with it.`,
          fix: `Associate ${describe(v.hop)} with ${subnet ? describe(subnet) : 'the caller’s subnet'}.`,
        });
        return;
      }
      // The call works, but over NAT although the VPC has an endpoint for it: from each subnet
      // the caller may be in (an ECS service's tasks, a function's network interfaces...).
      const where = placements(ctx, call.caller);
      const vpc = where[0]?.vpc;
      if (!v?.ok || !vpc) return;
      if (interfaceEndpointFor(ctx, vpc.id, call.service)) return;
      const endpoint = gatewayEndpointsFor(ctx, vpc.id, call.service)[0];
      if (!endpoint) return;
      const service = call.service;
      const missing = where
        .map((p) => p.subnet)
        .filter((subnet) => !subnetEgress(ctx, subnet.id).gatewayEndpoints.has(service));
      if (missing.length === 0) return;
      const subnets = missing.map((subnet) => describe(subnet)).join(', ');
      const some =
        missing.length < where.length
          ? ` (${missing.length === 1 ? 'one' : missing.length} of its ${where.length} subnets)`
          : '';
      emit({
        severity: 'warning',
        nodeIds: [endpoint.id, call.caller.id, ...missing.map((subnet) => subnet.id)],
        edgeIds: [edge.id],
        message: `${describe(endpoint)} is not associated with the route table of ${subnets}${some}, so ${name(call.caller)} reaches ${call.service} ${some ? 'from there ' : ''}through its 0.0.0.0/0 route (NAT data processing charges) instead.`,
        fix: `Associate ${describe(endpoint)} with ${subnets}.`,
      });
    },
  }),
  rule({
    id: 'VPCE_GATEWAY_UNUSED',
    title: 'Gateway endpoint serves no subnet',
    severity: 'warning',
    section: 'Networking',
    statement: 'A gateway endpoint should be associated with the route table of at least one subnet.',
    rationale:
      'A gateway endpoint does nothing until a route table is associated with it: no subnet’s traffic to S3 or DynamoDB uses it.',
    source: 'AWS PrivateLink guide: Gateway endpoints',
    nodeKinds: ['gateway-endpoint'],
    node(node, ctx, emit) {
      if (ctx.outEdges(node.id, 'association').length > 0) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} is associated with no subnet, so no route table sends ${propOrDefault(node, 'service')} traffic to it.`,
        fix: 'Draw an association from the endpoint to each subnet whose resources call the service.',
      });
    },
  }),
  rule({
    id: 'VPCE_GATEWAY_OTHER_VPC',
    title: 'Gateway endpoint serves a subnet of another VPC',
    severity: 'error',
    section: 'Networking',
    statement:
      'A gateway endpoint belongs to one VPC and can be associated only with route tables of that VPC.',
    rationale:
      'AWS creates a gateway endpoint in a VPC and refuses route tables of other VPCs; drawn outside any VPC, it has none to be created in.',
    source: 'AWS PrivateLink guide: Gateway endpoints ("route tables in the same VPC")',
    nodeKinds: ['gateway-endpoint'],
    node(node, ctx, emit) {
      const vpc = ctx.vpcOf(node.id);
      for (const e of ctx.outEdges(node.id, 'association')) {
        const subnet = ctx.node(e.target);
        const other = subnet ? ctx.vpcOf(subnet.id) : undefined;
        if (!subnet || (vpc && other?.id === vpc.id)) continue;
        emit({
          nodeIds: [node.id, subnet.id],
          edgeIds: [e.id],
          message: vpc
            ? `${describe(node)} is in ${describe(vpc)} but associated with ${describe(subnet)}${other ? ` of ${describe(other)}` : ''}.`
            : `${describe(node)} is not drawn in a VPC, so it cannot serve ${describe(subnet)}.`,
          fix: 'Draw the endpoint in the subnet’s VPC (one endpoint per VPC).',
        });
      }
    },
  }),
  rule({
    id: 'VPCE_INTERFACE_SG_BLOCKS_HTTPS',
    title: 'Interface endpoint does not admit HTTPS from a caller',
    severity: 'error',
    section: 'Networking',
    statement:
      'An interface endpoint’s security groups must admit tcp 443 from the resources that call the service.',
    rationale:
      'With private DNS, calls to the service go to the endpoint’s network interfaces over HTTPS (its name resolves to the interface in every subnet of the endpoint, and a caller may use any), and its security groups decide who may connect. A group without an inbound 443 rule for the caller makes every call time out, although routes and NAT are fine. Checked for traffic flows from VPC resources to S3, DynamoDB, SQS and SNS.',
    source: 'AWS PrivateLink guide: Access an AWS service using an interface VPC endpoint ("security group")',
    edgeKinds: ['traffic'],
    edge(edge, ctx, emit) {
      const call = serviceCall(ctx, edge);
      const v = call ? flowVerdict(ctx, edge) : undefined;
      if (!call || !v || v.ok || v.reportedBy !== 'VPCE_INTERFACE_SG_BLOCKS_HTTPS') return;
      const vpc = ctx.vpcOf(call.caller.id);
      const endpoint = vpc ? interfaceEndpointFor(ctx, vpc.id, call.service) : undefined;
      if (!endpoint) return;
      emit({
        nodeIds: [endpoint.id, call.caller.id, ...(v.hop && v.hop.id !== endpoint.id ? [v.hop.id] : [])],
        edgeIds: [edge.id],
        message: `${describe(endpoint)} (${call.service}) refuses ${name(call.caller)}: ${v.why}.`,
        fix: `Admit tcp 443 from ${name(call.caller)}’s security group (or its subnet) on the endpoint’s security group.`,
      });
    },
  }),
  rule({
    id: 'VPCE_PRIVATE_DNS_NEEDS_VPC_DNS',
    title: 'Private DNS needs DNS support and hostnames on the VPC',
    severity: 'error',
    section: 'Networking',
    statement: 'An interface endpoint with private DNS needs its VPC’s DNS resolution and DNS hostnames on.',
    rationale:
      'AWS refuses to enable private DNS on an endpoint whose VPC has enableDnsSupport or enableDnsHostnames off; without it, the service’s usual name does not resolve to the endpoint.',
    source: 'AWS PrivateLink guide: DNS hostnames ("enableDnsHostnames and enableDnsSupport")',
    nodeKinds: ['interface-endpoint'],
    node(node, ctx, emit) {
      if (propOrDefault<boolean>(node, 'privateDnsEnabled') !== true) return;
      const vpc = ctx.vpcOf(node.id);
      if (!vpc) return;
      const off = (['enableDnsSupport', 'enableDnsHostnames'] as const).filter(
        (k) => propOrDefault<boolean>(vpc, k) === false,
      );
      if (off.length === 0) return;
      emit({
        nodeIds: [node.id, vpc.id],
        message: `${describe(node)} has private DNS on, but ${describe(vpc)} has ${off.join(' and ')} off.`,
        fix: `Turn on ${off.join(' and ')} for the VPC, or turn off private DNS on the endpoint.`,
      });
    },
  }),
  rule({
    id: 'VPCE_INTERFACE_ONE_AZ',
    title: 'Interface endpoint is in only one availability zone',
    severity: 'warning',
    section: 'Networking',
    statement: 'An interface endpoint should have a network interface in at least two AZs.',
    rationale:
      'Each subnet of an interface endpoint gets one network interface in its AZ; with one AZ, an outage of that zone cuts every caller off the service. AWS recommends a subnet in each AZ the callers use.',
    source: 'AWS PrivateLink guide: Create an interface endpoint ("at least two Availability Zones")',
    nodeKinds: ['interface-endpoint'],
    node(node, ctx, emit) {
      const subnets = endpointSubnets(ctx, node);
      const zones = new Set(subnets.map((s) => ctx.zoneOf(s)).filter((z) => z !== undefined));
      if (subnets.length === 0 || zones.size !== 1) return;
      emit({
        nodeIds: [node.id, ...subnets.map((s) => s.id)],
        message: `${describe(node)} has network interfaces only in ${[...zones][0]}.`,
        fix: 'Add a subnet of another AZ to the endpoint’s subnets.',
      });
    },
  }),
  rule({
    id: 'VPCE_INTERFACE_SUBNETS_SAME_AZ',
    title: 'Interface endpoint has two subnets in one availability zone',
    severity: 'error',
    section: 'Networking',
    statement: 'An interface endpoint takes at most one subnet per AZ.',
    rationale:
      'AWS creates one endpoint network interface per AZ and refuses a second subnet of the same zone.',
    source: 'AWS PrivateLink guide: Create an interface endpoint ("one subnet per Availability Zone")',
    nodeKinds: ['interface-endpoint'],
    node(node, ctx, emit) {
      const pair = sameZone(ctx, endpointSubnets(ctx, node));
      if (!pair) return;
      emit({
        nodeIds: [node.id, pair[0].id, pair[1].id],
        message: `${describe(node)} lists ${describe(pair[0])} and ${describe(pair[1])}, both in ${pair[2]}.`,
        fix: 'Keep one subnet per AZ.',
      });
    },
  }),
  rule({
    id: 'TGW_ATTACHMENT_SAME_AZ',
    title: 'Transit gateway attachment has two subnets in one availability zone',
    severity: 'error',
    section: 'Networking',
    statement: 'A VPC attaches to a transit gateway through at most one subnet per AZ.',
    rationale:
      'A VPC attachment places one network interface in one subnet of each AZ it covers; AWS refuses two subnets of the same zone. The other subnets of that AZ reach the gateway through it.',
    source: 'Transit Gateway guide: Transit gateway VPC attachments ("one subnet per Availability Zone")',
    nodeKinds: ['transit-gateway'],
    node(node, ctx, emit) {
      for (const [vpcId, subnets] of attachmentsOf(ctx, node.id)) {
        const pair = sameZone(ctx, subnets);
        if (!pair) continue;
        emit({
          nodeIds: [node.id, vpcId, pair[0].id, pair[1].id],
          message: `${describe(node)}: ${describe(ctx.node(vpcId))} is attached through ${describe(pair[0])} and ${describe(pair[1])}, both in ${pair[2]}.`,
          fix: 'Attach one subnet per AZ (delete one of the attachment edges).',
        });
      }
    },
  }),
  rule({
    id: 'TGW_ATTACHED_CIDR_OVERLAP',
    title: 'VPCs on one transit gateway have overlapping ranges',
    severity: 'error',
    section: 'Networking',
    statement: 'VPCs attached to the same transit gateway must not have overlapping CIDRs.',
    rationale:
      'A transit gateway route table cannot tell overlapping VPC blocks apart: it does not propagate a block that overlaps one it already has, and traffic to the overlap goes to one VPC only.',
    source: 'Transit Gateway guide: Design best practices ("do not overlap"); Transit gateway route tables',
    nodeKinds: ['transit-gateway'],
    node(node, ctx, emit) {
      for (const [a, b] of overlappingAttachments(ctx, node)) {
        emit({
          nodeIds: [node.id, a.id, b.id],
          message: `${describe(node)}: attached ${describe(a)} ${ctx.cidr(a)?.text} and ${describe(b)} ${ctx.cidr(b)?.text} overlap.`,
          fix: 'Give the attached VPCs blocks that do not overlap.',
        });
      }
    },
  }),
  rule({
    id: 'TGW_ROUTE_WITHOUT_ATTACHMENT',
    title: 'Route to a transit gateway the VPC is not attached to',
    severity: 'error',
    section: 'Networking',
    statement: 'A subnet can route to a transit gateway only when its VPC is attached to it.',
    rationale:
      'A VPC route table sends traffic to a transit gateway through the VPC’s attachment; AWS refuses the route when the VPC has none (and CloudFormation must create the route after the attachment).',
    source: 'Transit Gateway guide: Transit gateway VPC attachments; Example: centralized router',
    edgeKinds: ['route'],
    edge(edge, ctx, emit) {
      const tgw = ctx.node(edge.target);
      const subnet = ctx.node(edge.source);
      if (tgw?.kind !== 'transit-gateway' || !subnet) return;
      const vpc = ctx.vpcOf(subnet.id);
      if (vpc && attachmentsOf(ctx, tgw.id).has(vpc.id)) return;
      emit({
        nodeIds: [subnet.id, tgw.id, ...(vpc ? [vpc.id] : [])],
        edgeIds: [edge.id],
        message: `${describe(subnet)} routes to ${describe(tgw)}, but ${vpc ? describe(vpc) : 'it is in no VPC and'} has no attachment to it.`,
        fix: 'Draw an attachment from one subnet per AZ of the VPC to the transit gateway.',
      });
    },
  }),
  rule({
    id: 'TGW_ROUTE_TABLE_ATTACHMENT',
    title: 'Transit gateway route table and attachments do not match',
    severity: 'error',
    section: 'Networking',
    statement:
      'Every attachment of a transit gateway is associated with a route table, and its route tables associate, propagate and route only to attached VPCs.',
    rationale:
      'A transit gateway routes what an attachment sends with the one route table the attachment is associated with; an attachment associated with none (default association off, and no table lists it) has everything it sends dropped. Associations, propagations and static routes name attachments: AWS refuses them for a VPC that has no attachment to the gateway.',
    source:
      'Transit Gateway guide: Transit gateway route tables (docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html: associations, propagations, static routes)',
    nodeKinds: ['transit-gateway'],
    node(node, ctx, emit) {
      const attached = attachmentsOf(ctx, node.id);
      for (const vpcId of attached.keys()) {
        if (tableOf(node, vpcId)) continue;
        emit({
          nodeIds: [node.id, vpcId],
          message: `${describe(node)}: the attachment of ${describe(ctx.node(vpcId))} is associated with no route table (default association is off and no route table lists it), so nothing it sends is routed.`,
          fix: 'Add the VPC to the associations of one route table, or turn default route table association on.',
        });
      }
      tablesOf(node).forEach((t) => {
        const unattached = (what: string, vpcId: string) => {
          if (attached.has(vpcId)) return;
          const vpc = ctx.node(vpcId);
          emit({
            nodeIds: [node.id, ...(vpc ? [vpc.id] : [])],
            message: `${describe(node)} route table "${t.name}" ${what} ${describe(vpc)}, which is not attached to it.`,
            fix: 'Attach the VPC (one subnet per AZ), or remove it from the route table.',
          });
        };
        for (const v of new Set(t.associations ?? [])) unattached('is associated with', v);
        for (const v of new Set(t.propagations ?? [])) unattached('learns routes from', v);
        for (const r of t.routes ?? [])
          if (r.blackhole !== true && r.vpcId) unattached(`routes ${r.destinationCidr} to`, r.vpcId);
      });
    },
  }),
  rule({
    id: 'TGW_STATIC_ROUTE_UNATTACHED',
    title: 'Transit gateway route points to a VPC that is not attached',
    severity: 'error',
    section: 'Networking',
    statement: 'A static transit gateway route must point to the attachment of an attached VPC.',
    rationale: 'A transit gateway route targets an attachment; a VPC without one cannot receive the traffic.',
    source: 'Transit Gateway guide: Transit gateway route tables ("static routes")',
    nodeKinds: ['transit-gateway'],
    node(node, ctx, emit) {
      const attached = attachmentsOf(ctx, node.id);
      for (const r of node.props.routes ?? []) {
        if (r.blackhole === true || !r.vpcId || attached.has(r.vpcId)) continue;
        const vpc = ctx.node(r.vpcId);
        emit({
          nodeIds: [node.id, ...(vpc ? [vpc.id] : [])],
          message: `${describe(node)} routes ${r.destinationCidr} to ${describe(vpc)}, which is not attached to it.`,
          fix: 'Attach the VPC (one subnet per AZ), or remove the route.',
        });
      }
    },
  }),
  rule({
    id: 'TGW_ASN_NOT_PRIVATE',
    title: 'Transit gateway has a public autonomous system number',
    severity: 'error',
    section: 'Networking',
    statement: 'The Amazon side ASN of a transit gateway must be a private ASN.',
    rationale:
      'AWS accepts 64512-65534 (16-bit) or 4200000000-4294967294 (32-bit) for the Amazon side of the BGP sessions.',
    source: 'Transit Gateway guide: Create a transit gateway ("Amazon side ASN")',
    nodeKinds: ['transit-gateway'],
    node(node, _ctx, emit) {
      const asn = propOrDefault<number>(node, 'amazonSideAsn');
      if (asn === undefined || isPrivateAsn(asn)) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} has Amazon side ASN ${asn}, outside the private ranges.`,
        fix: 'Use an ASN from 64512-65534 or 4200000000-4294967294.',
      });
    },
  }),
]);
