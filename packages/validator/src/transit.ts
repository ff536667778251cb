import { type BoardEdge, type BoardNode, type NodePropsOf, transitRouteTableOf } from '@stratus/model';
import { type Cidr, cidrOrUndefined, contains, overlaps } from './cidr.ts';
import { type RuleContext, describe, edgePropOrDefault, perRun, propOrDefault } from './context.ts';

/**
 * Transit Gateway routing, as the board draws it: `attachment` edges from subnets (one per AZ of
 * each attached VPC) to the gateway, `route` edges from subnets to it with a destination CIDR, and
 * the gateway's route tables: its default table (the attached VPCs' CIDRs when default propagation
 * is on, plus its static `routes`) and the optional `routeTables` (each with the VPCs associated
 * with it, the VPCs propagating into it and its static routes). Each hop routes with the table the
 * sending VPC's attachment is associated with, longest prefix first, as AWS matches them.
 */

/** Where a destination is: its block when known (a subnet's, else its VPC's). */
export type Destination = { cidr: Cidr | undefined; vpc: BoardNode };

/** The block a routing decision is about: the subnet's CIDR, else its VPC's. */
export function destinationOf(ctx: RuleContext, subnet: BoardNode, vpc: BoardNode): Destination {
  return { cidr: ctx.cidr(subnet) ?? ctx.cidr(vpc), vpc };
}

const routeCidr = (route: BoardEdge): Cidr | undefined =>
  cidrOrUndefined(edgePropOrDefault<string>(route, 'destinationCidr'));

/**
 * The route of a subnet's table that carries traffic to `dest`: the longest prefix containing it
 * (`undefined` when none does, or when the destination is inside the subnet's own VPC, which the
 * local route takes). An unknown destination block matches only a route straight to a TGW.
 */
export function routeTo(ctx: RuleContext, subnet: BoardNode, dest: Destination): BoardEdge | undefined {
  const own = ctx.vpcOf(subnet.id);
  if (own?.id === dest.vpc.id) return undefined;
  let best: BoardEdge | undefined;
  let bestPrefix = -1;
  for (const e of ctx.outEdges(subnet.id, 'route')) {
    const c = routeCidr(e);
    if (!c) continue;
    if (dest.cidr ? !contains(c, dest.cidr) : ctx.node(e.target)?.kind !== 'transit-gateway') continue;
    if (c.prefix > bestPrefix) {
      best = e;
      bestPrefix = c.prefix;
    }
  }
  return best;
}

/** The Transit Gateway a subnet sends traffic for `dest` to, if its best route goes to one. */
export function transitGatewayFor(
  ctx: RuleContext,
  subnet: BoardNode,
  dest: Destination,
): BoardNode | undefined {
  const route = routeTo(ctx, subnet, dest);
  const target = route ? ctx.node(route.target) : undefined;
  return target?.kind === 'transit-gateway' ? target : undefined;
}

/** Per check run: every flow through a gateway asks for its attachments and routes several times. */
const attachmentsMemo = perRun<string, Map<string, BoardNode[]>>();
const routesMemo = perRun<string, TgwRoute[]>();

/** The subnets attaching each VPC to a Transit Gateway, by VPC id (sorted by edge id). */
export function attachmentsOf(ctx: RuleContext, tgwId: string): Map<string, BoardNode[]> {
  const cache = attachmentsMemo(ctx);
  const hit = cache.get(tgwId);
  if (hit) return hit;
  const out = new Map<string, BoardNode[]>();
  cache.set(tgwId, out);
  for (const e of ctx.inEdges(tgwId, 'attachment')) {
    const subnet = ctx.node(e.source);
    const vpc = subnet ? ctx.vpcOf(subnet.id) : undefined;
    if (!subnet || !vpc) continue;
    const list = out.get(vpc.id) ?? [];
    list.push(subnet);
    out.set(vpc.id, list);
  }
  return out;
}

export type TgwRoute =
  | { kind: 'vpc'; vpcId: string; cidr: Cidr | undefined; propagated: boolean }
  | { kind: 'blackhole'; cidr: Cidr };

type TgwProps = NodePropsOf<'transit-gateway'>;
export const tablesOf = (tgw: BoardNode) => (tgw.props as TgwProps).routeTables ?? [];

/** A route table of a gateway: its default table (`index` undefined) or a row of `routeTables`. */
export type TgwTable = { tgw: BoardNode; index: number | undefined };

/** How findings name a table: the gateway alone while it has one table, else the table too. */
export function tableText(t: TgwTable): string {
  if (t.index !== undefined) return `${describe(t.tgw)} route table "${tablesOf(t.tgw)[t.index]?.name}"`;
  return tablesOf(t.tgw).length ? `${describe(t.tgw)} default route table` : describe(t.tgw);
}

/** The route table a VPC's attachment is associated with (see `transitRouteTableOf`); `undefined`: none. */
export function tableOf(tgw: BoardNode, vpcId: string): TgwTable | undefined {
  const t = transitRouteTableOf(tgw.props as TgwProps, vpcId);
  return t === undefined ? undefined : { tgw, index: t === 'default' ? undefined : t };
}

function staticRoutes(rows: NonNullable<TgwProps['routes']>, out: TgwRoute[]) {
  for (const r of rows) {
    const cidr = cidrOrUndefined(r.destinationCidr);
    if (!cidr) continue;
    if (r.blackhole === true) out.push({ kind: 'blackhole', cidr });
    else if (r.vpcId) out.push({ kind: 'vpc', vpcId: r.vpcId, cidr, propagated: false });
  }
}

/**
 * The routes of one of the gateway's tables: propagated attached-VPC blocks (every attachment into
 * the default table when default propagation is on; the listed attached VPCs into a `routeTables`
 * row), then static routes.
 */
export function tgwRoutes(ctx: RuleContext, table: TgwTable): TgwRoute[] {
  const { tgw, index } = table;
  const cache = routesMemo(ctx);
  const cacheKey = `${tgw.id}\u0000${index ?? ''}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const out: TgwRoute[] = [];
  cache.set(cacheKey, out);
  const attached = attachmentsOf(ctx, tgw.id);
  const propagate = (vpcId: string) =>
    out.push({ kind: 'vpc', vpcId, cidr: ctx.cidr(ctx.node(vpcId)), propagated: true });
  if (index === undefined) {
    if (propOrDefault<boolean>(tgw, 'defaultRouteTablePropagation') === true)
      for (const vpcId of attached.keys()) propagate(vpcId);
    staticRoutes((tgw.props as TgwProps).routes ?? [], out);
  } else {
    const row = tablesOf(tgw)[index];
    for (const vpcId of new Set(row?.propagations ?? [])) if (attached.has(vpcId)) propagate(vpcId);
    staticRoutes(row?.routes ?? [], out);
  }
  return out;
}

/**
 * The gateway's route for `dest`: the longest prefix containing it. With the destination block
 * unknown, a route to the destination's VPC is taken as matching.
 */
export function tgwRouteTo(ctx: RuleContext, table: TgwTable, dest: Destination): TgwRoute | undefined {
  let best: TgwRoute | undefined;
  let bestPrefix = -1;
  for (const r of tgwRoutes(ctx, table)) {
    const matches =
      dest.cidr && r.cidr ? contains(r.cidr, dest.cidr) : r.kind === 'vpc' && r.vpcId === dest.vpc.id;
    const prefix = r.cidr?.prefix ?? 0;
    if (matches && prefix > bestPrefix) {
      best = r;
      bestPrefix = prefix;
    }
  }
  return best;
}

export type TransitVerdict = { ok: true; tgw: BoardNode } | { ok: false; hop: BoardNode; why: string };

const destText = (d: Destination) => d.cidr?.text ?? describe(d.vpc);

/** A VPC's attachment to the gateway must have a subnet in the AZ of the subnet sending (or answering). */
function attachmentCovers(
  ctx: RuleContext,
  tgw: BoardNode,
  vpc: BoardNode,
  subnet: BoardNode,
): { ok: true } | { ok: false; hop: BoardNode; why: string } {
  const attached = attachmentsOf(ctx, tgw.id).get(vpc.id);
  if (!attached)
    return { ok: false, hop: tgw, why: `${describe(vpc)} has no attachment to ${describe(tgw)}` };
  const zone = ctx.zoneOf(subnet);
  const zones = attached.map((s) => ctx.zoneOf(s));
  if (zone && !zones.includes(zone) && zones.every((z) => z !== undefined))
    return {
      ok: false,
      hop: subnet,
      why: `${describe(subnet)} is in ${zone}, where the attachment of ${describe(vpc)} to ${describe(tgw)} has no subnet (resources in an AZ without an attachment subnet cannot reach the transit gateway)`,
    };
  return { ok: true };
}

/**
 * The gateway must send `dest` to the attachment of its VPC, routing with the table the sending
 * VPC's attachment is associated with.
 */
function tgwDelivers(
  ctx: RuleContext,
  tgw: BoardNode,
  from: BoardNode,
  dest: Destination,
  purpose: string,
): TransitVerdict {
  const table = tableOf(tgw, from.id);
  if (!table)
    return {
      ok: false,
      hop: tgw,
      why: `the attachment of ${describe(from)} to ${describe(tgw)} is associated with no route table (default association is off and none of its route tables lists it), so ${describe(tgw)} does not route ${purpose}`,
    };
  const name = tableText(table);
  const r = tgwRouteTo(ctx, table, dest);
  if (!r)
    return {
      ok: false,
      hop: tgw,
      why: `${name} has no route to ${destText(dest)} for ${purpose} (no propagated or static route covers it)`,
    };
  if (r.kind === 'blackhole')
    return {
      ok: false,
      hop: tgw,
      why: `${name} drops ${purpose}: its route ${r.cidr.text} is a blackhole`,
    };
  if (r.vpcId !== dest.vpc.id)
    return {
      ok: false,
      hop: tgw,
      why: `${name} sends ${destText(dest)} (${purpose}) to ${describe(ctx.node(r.vpcId))}, not ${describe(dest.vpc)}`,
    };
  return { ok: true, tgw };
}

/**
 * Traffic between two VPCs through a Transit Gateway, when the source subnet's best route for the
 * destination goes to one (`undefined` otherwise): both VPCs attached in the AZs of the two
 * subnets, the table of each sending VPC's attachment sending its way to the right attachment, and the
 * destination subnet routing the responses back through the same gateway. Transit gateways are
 * transitive by design: any attached VPC can reach any other the route table allows.
 */
export function transitPath(
  ctx: RuleContext,
  src: { subnet: BoardNode; vpc: BoardNode },
  dst: { subnet: BoardNode; vpc: BoardNode },
): TransitVerdict | undefined {
  const there = destinationOf(ctx, dst.subnet, dst.vpc);
  const back = destinationOf(ctx, src.subnet, src.vpc);
  const tgw = transitGatewayFor(ctx, src.subnet, there);
  if (!tgw) return undefined;
  let v: TransitVerdict | { ok: true } = attachmentCovers(ctx, tgw, src.vpc, src.subnet);
  if (v.ok) v = tgwDelivers(ctx, tgw, src.vpc, there, 'the request');
  if (v.ok) v = attachmentCovers(ctx, tgw, dst.vpc, dst.subnet);
  if (v.ok && transitGatewayFor(ctx, dst.subnet, back)?.id !== tgw.id)
    v = {
      ok: false,
      hop: dst.subnet,
      why: `${describe(dst.subnet)} has no route to ${destText(back)} through ${describe(tgw)} for the responses`,
    };
  if (v.ok) v = tgwDelivers(ctx, tgw, dst.vpc, back, 'the responses');
  return v.ok ? { ok: true, tgw } : v;
}

/** Attached VPCs whose blocks overlap (pairs, by VPC id order). */
export function overlappingAttachments(ctx: RuleContext, tgw: BoardNode): [BoardNode, BoardNode][] {
  const vpcs = [...attachmentsOf(ctx, tgw.id).keys()]
    .sort()
    .map((id) => ctx.node(id))
    .filter((n): n is BoardNode => n !== undefined);
  const out: [BoardNode, BoardNode][] = [];
  for (let i = 0; i < vpcs.length; i++)
    for (let j = i + 1; j < vpcs.length; j++) {
      const a = ctx.cidr(vpcs[i]);
      const b = ctx.cidr(vpcs[j]);
      if (a && b && overlaps(a, b)) out.push([vpcs[i]!, vpcs[j]!]);
    }
  return out;
}
