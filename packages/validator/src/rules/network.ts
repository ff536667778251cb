import { type BoardEdge, type BoardNode, type NodePropsOf, kindDef } from '@stratus/model';
import {
  type Cidr,
  contains,
  isAnywhere,
  overlaps,
  parseCidr,
  privateRangeOf,
  usableAddresses,
} from '../cidr.ts';
import { type RuleContext, describe, name, propOrDefault } from '../context.ts';
import { destinationOf, transitGatewayFor } from '../transit.ts';
import {
  EPHEMERAL,
  type Match,
  type NaclRow,
  type PortVerdict,
  evaluateNacl,
  portCount,
  portsOf,
  rangesText,
} from '../nacl.ts';
import { type Emit, defineRules, rule } from '../types.ts';

function checkCidrText(node: BoardNode, what: 'VPC' | 'subnet', emit: Emit) {
  const text = (node.props as { cidr?: string }).cidr;
  if (text === undefined) return;
  const r = parseCidr(text);
  if (r.ok) return;
  emit({
    title: what === 'VPC' ? 'VPC has an invalid CIDR block' : 'Subnet has an invalid CIDR block',
    nodeIds: [node.id],
    message: `${describe(node)}: CIDR "${text}" ${r.reason}.`,
    fix: r.suggestion
      ? `Use ${r.suggestion}.`
      : `Write the ${what} range as an IPv4 block like ${what === 'VPC' ? '10.0.0.0/16' : '10.0.1.0/24'}.`,
  });
}

function zoneInRegion(zone: string, region: string): boolean {
  if (!zone.startsWith(region)) return false;
  const rest = zone.slice(region.length);
  return /^[a-z]$/.test(rest) || /^-[a-z0-9-]+[a-z]$/.test(rest);
}

/** How many addresses a resource takes in its subnet (its kind's network trait; defaults applied). */
function addressesUsed(ctx: RuleContext, node: BoardNode): number {
  const addresses = kindDef(node.kind as string)?.network?.addresses;
  if (addresses === undefined) return 0;
  // A fixed count needs no copy of the properties with their defaults.
  return typeof addresses === 'number' ? addresses : addresses(ctx.network(node)!.props);
}

const protoCovers = (outer: string, inner: string) => outer === 'all' || outer === inner;
const portsText = ([a, b]: [number, number]) =>
  a === 0 && b === 65535 ? 'all ports' : a === b ? `port ${a}` : `ports ${a}-${b}`;

function ruleCidr(text: string | undefined): Cidr | undefined {
  if (text === undefined) return undefined;
  const r = parseCidr(text);
  return r.ok ? r.cidr : undefined;
}

/** Does rule `a` match every packet rule `b` matches? */
function naclCovers(a: NaclRow, b: NaclRow): boolean {
  const ca = ruleCidr(a.cidr);
  const cb = ruleCidr(b.cidr);
  if (!ca || !cb) return false;
  if (!protoCovers(a.protocol ?? 'tcp', b.protocol ?? 'tcp')) return false;
  const [af, at] = portsOf(a);
  const [bf, bt] = portsOf(b);
  return af <= bf && at >= bt && contains(ca, cb);
}

/**
 * A rule for replies rather than requests: a range inside 1024-65535 that reaches 65535 (1024-65535,
 * the Linux 32768-65535, the Windows 49152-65535) or is at least 4096 ports wide (one of several
 * rules splitting the range). A service port such as 5432, 3306, 6379 or 8080, or a narrow range
 * like 8000-8010, is a request rule, whatever its number.
 */
function isReturnRule(r: NaclRow): boolean {
  const [from, to] = portsOf(r);
  if ((r.protocol ?? 'tcp') === 'all' || from < EPHEMERAL[0]) return false;
  return to === EPHEMERAL[1] || to - from + 1 >= 4096;
}

/** Why the responses do not all get back: "no outbound rule allows tcp ports 1024-65535 to it for the responses". */
function returnGap(v: PortVerdict, back: string, proto: string, to: string): string {
  if (v.allowed.length === 0 && v.denied.length === 0)
    return `no ${back} rule allows ${proto} ports 1024-65535 ${to} it for the responses`;
  return `the ${back} rules let the responses (${proto} 1024-65535 ${to} it) through ${v.allowed.length ? `only on ${rangesText(v.allowed)}` : 'on no port'}: ${dropReasons(v)}`;
}

/** "rule 90 denies ports 3000-3999, no rule allows port 30001". */
export function dropReasons(v: PortVerdict): string {
  return [
    ...v.denied.map((d) => `rule ${d.rule.ruleNumber} denies ${rangesText(d.ports)}`),
    ...(v.unmatched.length ? [`no rule allows ${rangesText(v.unmatched)}`] : []),
  ].join(', ');
}

export const networkRules = defineRules([
  rule({
    id: 'VPC_CIDR_INVALID',
    title: 'CIDR block is not a valid network',
    severity: 'error',
    section: 'Networking',
    statement: 'A VPC or subnet CIDR must parse as IPv4 `a.b.c.d/n` with no host bits set.',
    rationale:
      'AWS refuses a CIDR block that is not an IPv4 network address with a prefix; "10.0.0.1/16" has host bits set and is rejected. Every other network rule needs a valid block.',
    source: 'AWS',
    nodeKinds: ['vpc', 'subnet'],
    node(node, _ctx, emit) {
      checkCidrText(node, node.kind === 'vpc' ? 'VPC' : 'subnet', emit);
    },
  }),
  rule({
    id: 'VPC_CIDR_SIZE',
    title: 'VPC CIDR block is too large or too small',
    severity: 'error',
    section: 'Networking',
    statement: "A VPC's CIDR prefix must be between /16 and /28.",
    rationale:
      'AWS accepts VPC blocks from /16 (65,536 addresses) down to /28 (16 addresses); anything larger or smaller is refused when the VPC is created.',
    source: 'VPC: "maximum addressable size is /16"',
    nodeKinds: ['vpc'],
    node(node, ctx, emit) {
      const c = ctx.cidr(node);
      if (!c || (c.prefix >= 16 && c.prefix <= 28)) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)}: CIDR ${c.text} is a /${c.prefix}; a VPC must be between /16 and /28.`,
        fix: c.prefix < 16 ? `Use a /16 such as ${c.network.toString()}/16.` : 'Use a /28 or larger block.',
      });
    },
  }),
  rule({
    id: 'VPC_CIDR_NOT_PRIVATE',
    title: 'VPC uses public address space',
    severity: 'warning',
    section: 'Networking',
    statement: "A VPC's CIDR should lie inside one RFC 1918 range (10/8, 172.16/12, 192.168/16).",
    rationale:
      'Public address space inside a VPC clashes with the real owners of those addresses on the internet and with peered or on-premises networks.',
    source: 'VPC: RFC 1918 ranges',
    nodeKinds: ['vpc'],
    node(node, ctx, emit) {
      const c = ctx.cidr(node);
      if (!c || privateRangeOf(c)) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)}: CIDR ${c.text} is not inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.`,
        fix: 'Use a private range such as 10.0.0.0/16.',
      });
    },
  }),
  rule({
    id: 'VPC_SINGLE_REGION',
    title: "Zone is outside the VPC's region",
    severity: 'error',
    section: 'Networking',
    statement: "A VPC does not span regions: every AZ used by its subnets must belong to the VPC's region.",
    rationale:
      'A VPC lives in one region; its subnets can only use availability zones of that region (us-east-1a for us-east-1).',
    source: 'VPC: "VPCs do not span regions"',
    nodeKinds: ['vpc'],
    node(node, ctx, emit) {
      const region = propOrDefault<string>(node, 'region');
      if (!region) return;
      for (const n of ctx.descendants(node.id, ['az', 'subnet'])) {
        const zone =
          n.kind === 'az'
            ? (n.props as NodePropsOf<'az'>).zone?.trim()
            : (n.props as NodePropsOf<'subnet'>).availabilityZone?.trim();
        if (!zone || zoneInRegion(zone, region)) continue;
        emit({
          nodeIds: [n.id, node.id],
          message: `${describe(n)} uses zone ${zone}, which is not in ${describe(node)}'s region ${region}.`,
          fix: `Pick a zone of ${region} (e.g. ${region}a) or change the VPC's region.`,
        });
      }
    },
  }),
  rule({
    id: 'SUBNET_CIDR_SIZE',
    title: 'Subnet CIDR block is too large or too small',
    severity: 'error',
    section: 'Networking',
    statement: "A subnet's prefix must be between /16 and /28.",
    rationale: 'AWS accepts subnet blocks from /16 to /28.',
    source: 'AWS limits',
    nodeKinds: ['subnet'],
    node(node, ctx, emit) {
      const c = ctx.cidr(node);
      if (!c || (c.prefix >= 16 && c.prefix <= 28)) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)}: CIDR ${c.text} is a /${c.prefix}; a subnet must be between /16 and /28.`,
        fix: c.prefix > 28 ? 'Use a /28 or larger block.' : 'Use a /16 or smaller block.',
      });
    },
  }),
  rule({
    id: 'SUBNET_OUTSIDE_VPC',
    title: "Subnet lies outside its VPC's range",
    severity: 'error',
    section: 'Networking',
    statement: "A subnet's CIDR must lie inside its VPC's CIDR.",
    rationale: "A subnet is a slice of its VPC's address range; AWS refuses one outside it.",
    source: 'AWS',
    nodeKinds: ['subnet'],
    node(node, ctx, emit) {
      const vpc = ctx.vpcOf(node.id);
      const c = ctx.cidr(node);
      const v = ctx.cidr(vpc);
      if (!vpc || !c || !v || contains(v, c)) return;
      emit({
        nodeIds: [node.id, vpc.id],
        message: `${describe(node)}: subnet ${c.text} lies outside ${describe(vpc)} ${v.text}.`,
        fix: `Pick a block inside ${v.text}.`,
      });
    },
  }),
  rule({
    id: 'SUBNET_OVERLAP',
    title: 'Subnets overlap',
    severity: 'error',
    section: 'Networking',
    statement: 'Subnets of one VPC must not overlap.',
    rationale: 'Every address of a VPC belongs to at most one subnet; AWS refuses an overlapping block.',
    source: 'AWS',
    nodeKinds: ['vpc'],
    node(node, ctx, emit) {
      const blocks = ctx
        .descendants(node.id, ['subnet'])
        .filter((s) => ctx.vpcOf(s.id)?.id === node.id)
        .map((s) => ({ s, c: ctx.cidr(s) }))
        .filter((x): x is { s: (typeof x)['s']; c: Cidr } => x.c !== undefined)
        .sort((a, b) => a.c.start - b.c.start || a.c.prefix - b.c.prefix || (a.s.id < b.s.id ? -1 : 1));
      // Sweep: a stack of blocks that may still contain the next one.
      const open: { s: BoardNode; c: Cidr }[] = [];
      for (const cur of blocks) {
        while (open.length && open[open.length - 1]!.c.end < cur.c.start) open.pop();
        for (const o of open) {
          emit({
            nodeIds: [cur.s.id, o.s.id],
            message: `${describe(cur.s)} ${cur.c.text} overlaps ${describe(o.s)} ${o.c.text} in ${describe(node)}.`,
            fix: 'Give each subnet its own, non-overlapping block.',
          });
        }
        open.push(cur);
      }
    },
  }),
  rule({
    id: 'SUBNET_NO_AZ',
    title: 'Subnet is not in exactly one availability zone',
    severity: 'error',
    section: 'Networking',
    statement:
      'Every subnet is mapped to exactly one availability zone; one with none, or placed across two, is an error.',
    rationale:
      'A subnet lives in one AZ. Draw it inside an Availability Zone (or set its zone); a zone override that contradicts the AZ it is drawn in places it across two.',
    source: 'VPC: "Each subnet is mapped to a specific AZ"',
    nodeKinds: ['subnet'],
    node(node, ctx, emit) {
      const override = node.props.availabilityZone?.trim();
      const az = ctx.nearest(node.id, 'az');
      const drawn = (az?.props as NodePropsOf<'az'> | undefined)?.zone?.trim();
      if (!override && !az) {
        emit({
          title: 'Subnet has no availability zone',
          nodeIds: [node.id],
          message: `${describe(node)} is not in any availability zone.`,
          fix: 'Draw it inside an Availability Zone, or set its zone.',
        });
      } else if (override && az && drawn && override !== drawn) {
        emit({
          title: 'Subnet is placed in two availability zones',
          nodeIds: [node.id, az.id],
          message: `${describe(node)} is drawn in ${describe(az)} (${drawn}) but its zone is set to ${override}.`,
          fix: `Clear the zone override or move the subnet into the ${override} zone.`,
        });
      }
    },
  }),
  rule({
    id: 'SUBNET_USABLE_IPS',
    title: 'Usable addresses in a subnet',
    severity: 'info',
    section: 'Networking',
    statement:
      'Usable addresses = 2^(32-prefix) - 5 (AWS reserves five per subnet); a warning when the resources placed in it declare more.',
    rationale:
      'AWS keeps the first four addresses and the last one of every subnet. The figure is shown on the subnet; it becomes a warning when its resources (instance counts, cache and warehouse nodes) need more.',
    source: 'AWS',
    nodeKinds: ['subnet'],
    node(node, ctx, emit) {
      const c = ctx.cidr(node);
      if (!c) return;
      const usable = usableAddresses(c);
      const used = ctx.descendants(node.id).reduce((sum, n) => sum + addressesUsed(ctx, n), 0);
      if (used > usable) {
        emit({
          severity: 'warning',
          title: 'Subnet has too few usable addresses',
          nodeIds: [node.id],
          message: `${describe(node)}: ${c.text} has ${usable} usable addresses but its resources need ${used}.`,
          fix: 'Use a larger block or spread the resources over more subnets.',
        });
      } else {
        emit({
          nodeIds: [node.id],
          message: `${describe(node)}: ${c.text} has ${usable} usable addresses (${2 ** (32 - c.prefix)} minus 5 reserved by AWS); ${used} in use.`,
        });
      }
    },
  }),
  rule({
    id: 'SUBNET_NOT_IN_VPC',
    title: 'Subnet is not in a VPC',
    severity: 'error',
    section: 'Networking',
    statement: 'A subnet must sit inside a VPC.',
    rationale: 'A subnet is part of a VPC; one drawn outside any VPC cannot be created.',
    source: 'AWS',
    nodeKinds: ['subnet'],
    node(node, ctx, emit) {
      if (ctx.vpcOf(node.id)) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} is not inside a VPC.`,
        fix: 'Move it into a VPC (or an Availability Zone inside one).',
      });
    },
  }),
  rule({
    id: 'IGW_MULTIPLE',
    title: 'VPC has more than one internet gateway',
    severity: 'error',
    section: 'Networking',
    statement: 'A VPC can have only one internet gateway attached.',
    rationale:
      'AWS attaches at most one internet gateway to a VPC; route every public subnet to the same one.',
    source: 'VPC: "only one internet gateway in a VPC"',
    nodeKinds: ['vpc'],
    node(node, ctx, emit) {
      const igws = ctx
        .descendants(node.id, ['internet-gateway'])
        .filter((g) => ctx.vpcOf(g.id)?.id === node.id);
      if (igws.length < 2) return;
      emit({
        nodeIds: [node.id, ...igws.map((g) => g.id)],
        message: `${describe(node)} has ${igws.length} internet gateways (${igws.map((g) => name(g)).join(', ')}); only one can be attached.`,
        fix: 'Keep one internet gateway and route all public subnets to it.',
      });
    },
  }),
  rule({
    id: 'ROUTE_TO_MISSING_IGW',
    title: "Route uses an internet gateway outside the subnet's VPC",
    severity: 'error',
    section: 'Networking',
    statement: "A route to an internet gateway must target the gateway of the subnet's own VPC.",
    rationale:
      'A route table can only use the internet gateway attached to its own VPC; a gateway of another VPC (or one attached to none) is not a valid target.',
    source: 'AWS',
    edgeKinds: ['route'],
    edge(edge, ctx, emit) {
      const subnet = ctx.node(edge.source);
      const igw = ctx.node(edge.target);
      if (!subnet || igw?.kind !== 'internet-gateway') return;
      const sv = ctx.vpcOf(subnet.id);
      const gv = ctx.vpcOf(igw.id);
      if (sv && gv && sv.id === gv.id) return;
      if (!sv) return; // SUBNET_NOT_IN_VPC says it
      emit({
        title: gv
          ? "Route uses another VPC's internet gateway"
          : 'Route uses an internet gateway attached to no VPC',
        nodeIds: [subnet.id, igw.id],
        edgeIds: [edge.id],
        message: gv
          ? `${describe(subnet)} in ${describe(sv)} routes to ${describe(igw)} of ${describe(gv)}.`
          : `${describe(subnet)} routes to ${describe(igw)}, which is not attached to any VPC.`,
        fix: `Route to the internet gateway of ${describe(sv)} (draw one inside it if it has none).`,
      });
    },
  }),
  rule({
    id: 'NATGW_PRIVATE_SUBNET',
    title: 'NAT gateway is in a private subnet',
    severity: 'error',
    section: 'Networking',
    statement:
      "A public NAT gateway must be in a public subnet (one whose route table sends 0.0.0.0/0 to the VPC's internet gateway).",
    rationale:
      'A NAT gateway forwards traffic of private subnets to the internet through the internet gateway, so it must itself sit in a public subnet.',
    source: 'NAT: "Always deploy NAT Gateway in the public subnet"',
    nodeKinds: ['nat-gateway'],
    node(node, ctx, emit) {
      if (propOrDefault(node, 'connectivity') !== 'public') return;
      const subnet = ctx.subnetOf(node.id);
      if (subnet && ctx.isPublicSubnet(subnet.id)) return;
      emit({
        nodeIds: subnet ? [node.id, subnet.id] : [node.id],
        message: subnet
          ? `${describe(node)} is in ${describe(subnet)}, which has no 0.0.0.0/0 route to its VPC's internet gateway.`
          : `${describe(node)} is not in a subnet; a public NAT gateway belongs in a public subnet.`,
        fix: subnet
          ? `Move it to a public subnet, or route 0.0.0.0/0 from ${name(subnet)} to the internet gateway.`
          : 'Move it into a public subnet.',
      });
    },
  }),
  rule({
    id: 'NATGW_SECURITY_GROUP',
    title: 'NAT gateway has a security group',
    severity: 'error',
    section: 'Networking',
    statement: 'A NAT gateway cannot be associated with security groups.',
    rationale:
      'Security groups attach to network interfaces you control; a NAT gateway has none. Use network ACLs to filter its subnet.',
    source: 'NAT Gateways: "Not associated with security groups"',
    notesSay:
      'The NAT Instances list in the notes says a NAT is "behind a security group"; that line is about NAT instances, not NAT gateways.',
    nodeKinds: ['nat-gateway'],
    node(node, ctx, emit) {
      for (const e of ctx.inEdges(node.id, 'association')) {
        const sg = ctx.node(e.source);
        if (sg?.kind !== 'security-group') continue;
        emit({
          nodeIds: [node.id, sg.id],
          edgeIds: [e.id],
          message: `${describe(node)} is associated with ${describe(sg)}; NAT gateways take no security groups.`,
          fix: 'Remove the association; filter with a network ACL on the subnet instead.',
        });
      }
    },
  }),
  rule({
    id: 'NATGW_NO_EIP',
    title: 'NAT gateway has no Elastic IP',
    severity: 'error',
    section: 'Networking',
    statement: 'A public NAT gateway needs an Elastic IP allocation.',
    rationale: 'AWS requires an Elastic IP allocation when it creates a public NAT gateway.',
    source: 'NAT Instances: "Must have an Elastic IP address"; AWS requires one for a public NAT gateway',
    nodeKinds: ['nat-gateway'],
    node(node, ctx, emit) {
      if (propOrDefault(node, 'connectivity') !== 'public') return;
      if (ctx.elasticIpsOf(node.id).length > 0) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} is public but has no Elastic IP.`,
        fix: 'Add an Elastic IP and draw an association from it to the NAT gateway.',
      });
    },
  }),
  rule({
    id: 'NATINST_SRC_DST_CHECK',
    title: 'NAT instance still checks source and destination',
    severity: 'error',
    section: 'Networking',
    statement: 'A NAT instance must have its source/destination check disabled.',
    rationale:
      "An instance normally drops traffic not addressed to itself; a NAT forwards other hosts' traffic, so the check must be off.",
    source: 'NAT Instances',
    nodeKinds: ['nat-instance'],
    node(node, _ctx, emit) {
      if (node.props.sourceDestCheck !== true) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} has its source/destination check on, so it drops the traffic it should forward.`,
        fix: 'Turn the source/destination check off.',
      });
    },
  }),
  rule({
    id: 'NATINST_PRIVATE_SUBNET',
    title: 'NAT instance cannot reach the internet',
    severity: 'error',
    section: 'Networking',
    statement: 'A NAT instance must be in a public subnet and have a public or Elastic IP.',
    rationale:
      'A NAT instance reaches the internet through the internet gateway with its own public address.',
    source: 'NAT Instances',
    nodeKinds: ['nat-instance'],
    node(node, ctx, emit) {
      const subnet = ctx.subnetOf(node.id);
      if (!subnet || !ctx.isPublicSubnet(subnet.id)) {
        emit({
          title: subnet ? 'NAT instance is in a private subnet' : 'NAT instance is not in a subnet',
          nodeIds: subnet ? [node.id, subnet.id] : [node.id],
          message: subnet
            ? `${describe(node)} is in ${describe(subnet)}, which has no 0.0.0.0/0 route to its VPC's internet gateway.`
            : `${describe(node)} is not in a subnet.`,
          fix: 'Move it into a public subnet.',
        });
        return;
      }
      const publicIp =
        propOrDefault(node, 'associatePublicIp') === true ||
        ctx.elasticIpsOf(node.id).length > 0 ||
        (subnet.props as NodePropsOf<'subnet'>).mapPublicIpOnLaunch === true;
      if (publicIp) return;
      emit({
        title: 'NAT instance has no public address',
        nodeIds: [node.id],
        message: `${describe(node)} has no public IPv4 address and no Elastic IP.`,
        fix: 'Associate an Elastic IP with it, or turn on its public IPv4 address.',
      });
    },
  }),
  rule({
    id: 'NATINST_NO_SG',
    title: 'NAT instance has no security group',
    severity: 'warning',
    section: 'Networking',
    statement:
      'A NAT instance should be behind a security group that admits traffic from the private subnets.',
    rationale:
      'The NAT instance only forwards what its security group lets in: without one (or with one that ignores the private subnets) the private subnets get no internet access, or anything can use it.',
    source: 'NAT Instances',
    nodeKinds: ['nat-instance'],
    node(node, ctx, emit) {
      const sgs = ctx.securityGroupsOf(node.id);
      if (sgs.length === 0) {
        emit({
          nodeIds: [node.id],
          message: `${describe(node)} has no security group.`,
          fix: 'Associate a security group that admits traffic from the private subnets routing to it.',
        });
        return;
      }
      for (const subnet of ctx.routedFrom(node.id)) {
        const c = ctx.cidr(subnet);
        if (!c) continue;
        const admitted = sgs.some((sg) =>
          ((sg.props as NodePropsOf<'security-group'>).ingress ?? []).some((r) => {
            if ((r.action ?? 'allow') !== 'allow') return false;
            const rc = ruleCidr(r.cidr);
            return rc !== undefined && overlaps(rc, c);
          }),
        );
        if (admitted) continue;
        emit({
          nodeIds: [node.id, subnet.id],
          message: `${describe(node)}: no security group admits traffic from ${describe(subnet)} ${c.text}, which routes to it.`,
          fix: `Add an inbound rule for ${c.text} to its security group.`,
        });
      }
    },
  }),
  rule({
    id: 'NATINST_SMALL',
    title: 'NAT instance may be a bottleneck',
    severity: 'info',
    section: 'Networking',
    statement:
      "A NAT instance's throughput depends on its size; nano/micro types are a bottleneck, a NAT gateway scales on its own.",
    rationale:
      'All internet traffic of the private subnets goes through the NAT instance; a nano or micro instance has little network bandwidth.',
    source: 'NAT Instances / NAT Gateways',
    notesSay: 'The notes say a NAT gateway scales to 10 Gbps; AWS today: up to 100 Gbps.',
    nodeKinds: ['nat-instance'],
    node(node, _ctx, emit) {
      const type = propOrDefault<string>(node, 'instanceType') ?? '';
      if (!/\.(nano|micro)$/.test(type)) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} is a ${type}: its bandwidth limits every private subnet's internet traffic.`,
        fix: 'Use a larger instance type or a NAT gateway.',
      });
    },
  }),
  rule({
    id: 'PRIVATE_SUBNET_NO_NAT_ROUTE',
    title: 'Private subnet has no route to the NAT',
    severity: 'warning',
    section: 'Networking',
    statement:
      'A VPC has a NAT device, but a private subnet holding resources has no route to it (or to any NAT): the NAT serves nothing there.',
    rationale:
      'Instances in a private subnet reach the internet only through a route to a NAT device. Subnets holding EC2 instances are checked (databases do not need outbound internet).',
    source: 'NAT: "There must be a route of the private subnet to the NAT"',
    nodeKinds: ['subnet'],
    node(node, ctx, emit) {
      const vpc = ctx.vpcOf(node.id);
      if (!vpc || ctx.isPublicSubnet(node.id)) return;
      const nats = ctx.descendants(vpc.id, ['nat-gateway', 'nat-instance']);
      if (nats.length === 0) return;
      if (ctx.descendants(node.id, ['ec2-instance']).length === 0) return;
      const natRoute = ctx
        .outEdges(node.id, 'route')
        .some((e) => ['nat-gateway', 'nat-instance'].includes(ctx.node(e.target)?.kind ?? ''));
      if (natRoute) return;
      emit({
        nodeIds: [node.id, nats[0]!.id],
        message: `${describe(node)} holds instances but has no route to ${describe(nats[0])} (or any NAT) in ${describe(vpc)}.`,
        fix: `Draw a route 0.0.0.0/0 from ${name(node)} to the NAT.`,
      });
    },
  }),
  rule({
    id: 'ROUTE_NAT_CROSS_VPC',
    title: 'Route goes to a NAT in another VPC',
    severity: 'error',
    section: 'Networking',
    statement: 'A route must not target a NAT device in another VPC.',
    rationale: "Route targets must belong to the route table's own VPC; a NAT of another VPC cannot be used.",
    source: 'AWS',
    edgeKinds: ['route'],
    edge(edge, ctx, emit) {
      const subnet = ctx.node(edge.source);
      const nat = ctx.node(edge.target);
      if (!subnet || (nat?.kind !== 'nat-gateway' && nat?.kind !== 'nat-instance')) return;
      const sv = ctx.vpcOf(subnet.id);
      const nv = ctx.vpcOf(nat.id);
      if (!sv || !nv || sv.id === nv.id) return;
      emit({
        nodeIds: [subnet.id, nat.id],
        edgeIds: [edge.id],
        message: `${describe(subnet)} in ${describe(sv)} routes to ${describe(nat)} in ${describe(nv)}.`,
        fix: `Route to a NAT inside ${describe(sv)}.`,
      });
    },
  }),
  rule({
    id: 'PEERING_TRANSITIVE',
    title: 'VPCs are connected only through a third VPC',
    severity: 'error',
    section: 'Networking',
    statement:
      'Traffic between two VPCs needs a direct peering between them; a path through a third VPC does not work.',
    rationale:
      'VPC peering is not transitive: if A peers with B and B with C, A cannot reach C. Checked for traffic flows and for routes to a VPC. A flow whose source subnet routes the destination to a Transit Gateway is not a peering path (a transit gateway routes between all its attachments; NET_FLOW_BLOCKED checks its routes).',
    source: 'VPC Peering: "No transitive peering"',
    edgeKinds: ['traffic', 'route'],
    edge(edge, ctx, emit) {
      let from: BoardNode | undefined;
      let to: BoardNode | undefined;
      if (edge.kind === 'route') {
        const t = ctx.node(edge.target);
        if (t?.kind !== 'vpc') return; // most routes: to a gateway, not a VPC
        to = t;
        from = ctx.vpcOf(edge.source);
      } else {
        from = ctx.vpcOf(edge.source);
        to = ctx.vpcOf(edge.target);
      }
      if (!from || !to || from.id === to.id) return;
      if (edge.kind === 'traffic' && viaTransitGateway(ctx, edge)) return; // a transit gateway is transitive
      const path = peeringPath(ctx, from.id, to.id);
      if (!path || path.length <= 2) return;
      const via = path.slice(1, -1).map((id) => describe(ctx.node(id)));
      emit({
        nodeIds: [edge.source, edge.target, ...path.slice(1, -1)],
        edgeIds: [edge.id],
        message: `${edge.kind === 'route' ? `${describe(ctx.node(edge.source))} routes to ${describe(to)}` : `Flow ${name(ctx.node(edge.source))} → ${name(ctx.node(edge.target))}`}: ${describe(from)} and ${describe(to)} are only connected through ${via.join(' and ')}; peering is not transitive.`,
        fix: `Peer ${describe(from)} with ${describe(to)} directly.`,
      });
    },
  }),
  rule({
    id: 'PEERING_CIDR_OVERLAP',
    title: 'Peered VPCs have overlapping ranges',
    severity: 'error',
    section: 'Networking',
    statement: 'Peered VPCs must not have overlapping CIDRs.',
    rationale: 'AWS refuses a peering between VPCs whose blocks overlap: routes could not tell them apart.',
    source: 'AWS',
    edgeKinds: ['peering'],
    edge(edge, ctx, emit) {
      if (edge.source === edge.target) return;
      const a = ctx.node(edge.source);
      const b = ctx.node(edge.target);
      const ca = ctx.cidr(a);
      const cb = ctx.cidr(b);
      if (!a || !b || !ca || !cb || !overlaps(ca, cb)) return;
      emit({
        nodeIds: [a.id, b.id],
        edgeIds: [edge.id],
        message: `${describe(a)} ${ca.text} and ${describe(b)} ${cb.text} overlap; they cannot be peered.`,
        fix: 'Give one of the VPCs a block that does not overlap the other.',
      });
    },
  }),
  rule({
    id: 'PEERING_SELF',
    title: 'VPC is peered with itself',
    severity: 'error',
    section: 'Networking',
    statement: 'A VPC cannot peer with itself.',
    rationale: 'A peering connection joins two different VPCs.',
    source: 'AWS',
    edgeKinds: ['peering'],
    edge(edge, ctx, emit) {
      if (edge.source !== edge.target) return;
      emit({
        nodeIds: [edge.source],
        edgeIds: [edge.id],
        message: `${describe(ctx.node(edge.source))} is peered with itself.`,
        fix: 'Delete the peering or connect it to another VPC.',
      });
    },
  }),
  rule({
    id: 'SUBNET_MULTIPLE_NACL',
    title: 'Subnet has more than one network ACL',
    severity: 'error',
    section: 'Networking',
    statement: 'A subnet is associated with exactly one network ACL.',
    rationale: 'Each subnet has one network ACL at a time; associating another replaces the first.',
    source: 'VPC Security',
    nodeKinds: ['subnet'],
    node(node, ctx, emit) {
      const nacls = ctx.naclsOf(node.id);
      if (nacls.length < 2) return;
      emit({
        nodeIds: [node.id, ...nacls.map((n) => n.id)],
        message: `${describe(node)} is associated with ${nacls.length} network ACLs (${nacls.map((n) => name(n)).join(', ')}).`,
        fix: 'Keep one network ACL per subnet; merge the rules into it.',
      });
    },
  }),
  rule({
    id: 'NACL_DENY_ALL',
    title: 'Network ACL denies all traffic',
    severity: 'warning',
    section: 'Networking',
    statement:
      'A custom network ACL with no allow rules denies everything: resources in its subnets are unreachable.',
    rationale:
      'A new custom network ACL denies all inbound and outbound traffic until allow rules are added; the default ACL allows everything.',
    source: 'VPC Security: "custom network ACL denies all ... until you add rules"',
    nodeKinds: ['network-acl'],
    node(node, _ctx, emit) {
      const p = node.props;
      const custom = !propOrDefault<boolean>(node, 'isDefault');
      if (!custom && p.inbound === undefined && p.outbound === undefined) return;
      const dirs = (['inbound', 'outbound'] as const).filter((d) => {
        const rows = p[d];
        if (!custom && rows === undefined) return false;
        return !(rows ?? []).some((r) => r.action === 'allow');
      });
      if (dirs.length === 0) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} has no ${dirs.join(' or ')} allow rule, so it denies all ${dirs.join(' and ')} traffic.`,
        fix: `Add ${dirs.join(' and ')} allow rules for the traffic its subnets need.`,
      });
    },
  }),
  rule({
    id: 'NACL_RULE_SHADOWED',
    title: 'Network ACL rule is never reached',
    severity: 'warning',
    section: 'Networking',
    statement:
      'A rule is never reached because a lower-numbered rule already matches all of its traffic (typically a DENY placed after a wide ALLOW of ephemeral ports).',
    rationale:
      'Network ACL rules are evaluated lowest number first and the first match decides; a later rule whose traffic is all matched earlier never applies.',
    source: 'VPC Security: rules evaluated lowest number first; "place DENY rules earlier"',
    nodeKinds: ['network-acl'],
    node(node, _ctx, emit) {
      const p = node.props;
      for (const dir of ['inbound', 'outbound'] as const) {
        const rows = [...((p[dir] ?? []) as NaclRow[])].sort((a, b) => a.ruleNumber - b.ruleNumber);
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i]!;
          const earlier = rows.slice(0, i).find((q) => q.ruleNumber < r.ruleNumber && naclCovers(q, r));
          if (!earlier) continue;
          emit({
            nodeIds: [node.id],
            message: `${describe(node)}: ${dir} rule ${r.ruleNumber} (${r.action} ${r.protocol ?? 'tcp'} ${portsText(portsOf(r))} ${r.cidr}) is never reached: rule ${earlier.ruleNumber} (${earlier.action} ${earlier.protocol ?? 'tcp'} ${portsText(portsOf(earlier))} ${earlier.cidr}) matches all its traffic first.`,
            fix: `Give rule ${r.ruleNumber} a number below ${earlier.ruleNumber}, or delete it.`,
          });
        }
      }
    },
  }),
  rule({
    id: 'NACL_DUPLICATE_NUMBER',
    title: 'Network ACL rules share a number',
    severity: 'error',
    section: 'Networking',
    statement: 'Two rules of one ACL in the same direction share a rule number.',
    rationale: 'Rule numbers order the evaluation and must be unique per direction.',
    source: 'AWS',
    nodeKinds: ['network-acl'],
    node(node, _ctx, emit) {
      const p = node.props;
      for (const dir of ['inbound', 'outbound'] as const) {
        const counts = new Map<number, number>();
        for (const r of p[dir] ?? []) counts.set(r.ruleNumber, (counts.get(r.ruleNumber) ?? 0) + 1);
        for (const [num, count] of [...counts].sort((a, b) => a[0] - b[0])) {
          if (count < 2) continue;
          emit({
            nodeIds: [node.id],
            message: `${describe(node)}: ${count} ${dir} rules are numbered ${num}.`,
            fix: 'Give every rule of a direction its own number.',
          });
        }
      }
    },
  }),
  rule({
    id: 'NACL_NO_EPHEMERAL_RETURN',
    title: 'Network ACL does not let the responses back',
    severity: 'warning',
    section: 'Networking',
    statement:
      'An ACL is stateless: inbound traffic it allows needs an outbound rule for the ephemeral ports (1024-65535) to carry responses back, and vice versa.',
    rationale:
      "Responses go to the client's ephemeral port, anywhere in 1024-65535. A network ACL does not remember connections, so the opposite direction must allow that whole range to the peer: its rules are evaluated lowest number first, the first match deciding for each port, so several rules together can cover the range, a DENY numbered before the ALLOW removes its ports, and a rule copied from the request's (5432 out for 5432 in) carries no responses. Every allow rule for a service port is checked, 5432 or 8080 as much as 443; a range inside 1024-65535 that reaches 65535 or is at least 4096 ports wide is taken as a return rule itself.",
    source: 'VPC Security: "Network ACLs are stateless"',
    notesSay: 'The notes give the ephemeral range as 1025-65535; AWS recommends allowing 1024-65535.',
    nodeKinds: ['network-acl'],
    node(node, _ctx, emit) {
      const p = node.props;
      const rows = { inbound: (p.inbound ?? []) as NaclRow[], outbound: (p.outbound ?? []) as NaclRow[] };
      if (propOrDefault<boolean>(node, 'isDefault') && p.inbound === undefined && p.outbound === undefined)
        return;
      for (const [dir, back] of [
        ['inbound', 'outbound'],
        ['outbound', 'inbound'],
      ] as const) {
        const backRows = rows[back];
        if (!backRows.some((r) => r.action === 'allow')) continue; // NACL_DENY_ALL says it
        const to = dir === 'inbound' ? 'to' : 'from';
        for (const r of [...rows[dir]].sort((a, b) => a.ruleNumber - b.ruleNumber)) {
          const proto = r.protocol ?? 'tcp';
          if (r.action !== 'allow' || proto === 'icmp') continue;
          const c = ruleCidr(r.cidr);
          if (!c) continue;
          const [from, upTo] = portsOf(r);
          if (isReturnRule(r)) continue;
          const peer = (text: string | undefined): Match => {
            const bc = ruleCidr(text);
            return bc
              ? { overlap: overlaps(bc, c), cover: contains(bc, c) }
              : { overlap: false, cover: false };
          };
          // Responses leave on the client's ephemeral port, anywhere in 1024-65535; an ALL-traffic
          // rule admits both tcp and udp, so both need their way back.
          for (const p of proto === 'all' ? ['tcp', 'udp'] : [proto]) {
            const v = evaluateNacl(backRows, p, EPHEMERAL, peer);
            if (portCount(v.allowed) === EPHEMERAL[1] - EPHEMERAL[0] + 1) continue;
            const what = proto === 'all' ? 'all traffic' : `${proto} ${portsText([from, upTo])}`;
            emit({
              nodeIds: [node.id],
              message: `${describe(node)}: ${dir} rule ${r.ruleNumber} allows ${what} ${dir === 'inbound' ? 'from' : 'to'} ${r.cidr}, but ${returnGap(v, back, p, to)}.`,
              fix: v.denied.length
                ? `Number the ${back} allow rule for ${p} 1024-65535 ${to} ${r.cidr} below rule ${v.denied[0]!.rule.ruleNumber}, or narrow that DENY.`
                : `Add an ${back} allow rule for ${p} 1024-65535 ${to} ${r.cidr}.`,
            });
            break;
          }
        }
      }
    },
  }),
  rule({
    id: 'SG_DENY_RULE',
    title: 'Security group has a deny rule',
    severity: 'error',
    section: 'Networking',
    statement: 'Security groups have allow rules only; an explicit deny belongs in a network ACL.',
    rationale: 'A security group rule can only allow traffic; AWS has no deny rule for security groups.',
    source: 'VPC Security: "You cannot use a SG" to deny',
    nodeKinds: ['security-group'],
    node(node, _ctx, emit) {
      const p = node.props;
      for (const dir of ['ingress', 'egress'] as const) {
        (p[dir] ?? []).forEach((r, i) => {
          if (r.action !== 'deny') return;
          const peer =
            (r as { cidr?: string }).cidr ??
            (r as { sourceSecurityGroupId?: string }).sourceSecurityGroupId ??
            (r as { destinationSecurityGroupId?: string }).destinationSecurityGroupId ??
            'anywhere';
          emit({
            nodeIds: [node.id],
            message: `${describe(node)}: ${dir === 'ingress' ? 'inbound' : 'outbound'} rule ${i + 1} denies ${r.protocol ?? 'tcp'} ${portsText(portsOf(r))} ${dir === 'ingress' ? 'from' : 'to'} ${peer}; security groups cannot deny.`,
            fix: "Delete the rule (traffic not allowed is already refused) or add a DENY rule to the subnet's network ACL.",
          });
        });
      }
    },
  }),
  rule({
    id: 'SG_OPEN_TO_WORLD',
    title: 'Security group is open to the whole internet',
    severity: 'warning',
    section: 'Networking',
    statement: 'A security group admits 0.0.0.0/0 on a port other than 80/443 (SSH, a database port...).',
    rationale:
      'Opening SSH, RDP or a database port to the whole internet invites brute-force attacks; restrict the source to known addresses or a security group.',
    source: 'RDS Security; AWS best practice',
    nodeKinds: ['security-group'],
    node(node, _ctx, emit) {
      const p = node.props;
      (p.ingress ?? []).forEach((r, i) => {
        if ((r.action ?? 'allow') !== 'allow' || !isAnywhere(r.cidr)) return;
        const proto = r.protocol ?? 'tcp';
        if (proto === 'icmp') return;
        const [from, to] = portsOf(r);
        const onlyWeb = proto === 'tcp' && from === to && (from === 80 || from === 443);
        if (onlyWeb) return;
        emit({
          nodeIds: [node.id],
          message: `${describe(node)}: inbound rule ${i + 1} admits ${proto} ${portsText([from, to])} from ${r.cidr}.`,
          fix: 'Restrict the source to known addresses or to a security group.',
        });
      });
    },
  }),
]);

/** Shortest chain of VPC ids joined by peering edges (BFS), or undefined. */
/** Does a traffic edge's source subnet send the target's address to a Transit Gateway? */
function viaTransitGateway(ctx: RuleContext, edge: BoardEdge): boolean {
  const src = ctx.subnetOf(edge.source);
  const dstSubnet = ctx.subnetOf(edge.target);
  const dstVpc = ctx.vpcOf(edge.target);
  return (
    !!src && !!dstSubnet && !!dstVpc && !!transitGatewayFor(ctx, src, destinationOf(ctx, dstSubnet, dstVpc))
  );
}

export function peeringPath(ctx: RuleContext, from: string, to: string): string[] | undefined {
  const prev = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  while (queue.length) {
    const cur = queue.shift()!;
    if (cur === to) break;
    const peers = [
      ...ctx.outEdges(cur, 'peering').map((e) => e.target),
      ...ctx.inEdges(cur, 'peering').map((e) => e.source),
    ].sort();
    for (const p of peers) {
      if (prev.has(p) || ctx.node(p)?.kind !== 'vpc') continue;
      prev.set(p, cur);
      queue.push(p);
    }
  }
  if (!prev.has(to)) return undefined;
  const path: string[] = [];
  for (let c: string | null = to; c !== null; c = prev.get(c) ?? null) path.unshift(c);
  return path;
}
