import {
  type BoardEdge,
  type BoardNode,
  type EdgeKind,
  type NodeKind,
  edgeKindDef,
  kindDef,
  networkOf,
} from '@stratus/model';
import { type Cidr, cidrOrUndefined } from './cidr.ts';
import type { NodeOfKind } from './types.ts';

/** The board as the engine keeps it: lookups by id, children by parent, edges by endpoint. */
export interface Graph {
  nodes: Map<string, BoardNode>;
  edges: Map<string, BoardEdge>;
  children: Map<string | null, Set<string>>;
  edgesByNode: Map<string, Set<string>>;
  /** How many `internet` nodes the board has (reachability from the internet needs one). */
  internetCount: number;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A node's property, or the kind's documented default when unset. */
export function propOrDefault<T = unknown>(node: BoardNode, key: string): T | undefined {
  const value = (node.props as Record<string, unknown>)[key];
  if (value !== undefined) return value as T;
  const def = kindDef(node.kind as string);
  return def?.fields[key]?.meta.default as T | undefined;
}

/** An edge's property, or the edge kind's documented default when unset. */
export function edgePropOrDefault<T = unknown>(edge: BoardEdge, key: string): T | undefined {
  const value = (edge.props as Record<string, unknown>)[key];
  if (value !== undefined) return value as T;
  return edgeKindDef(edge.kind)?.fields[key]?.meta.default as T | undefined;
}

/** A route for 0.0.0.0/0 (a route edge's destination defaults to it). */
export const isDefaultRoute = (route: BoardEdge): boolean =>
  (edgePropOrDefault<string>(route, 'destinationCidr') ?? '').trim() === '0.0.0.0/0';

/**
 * The definition of a public subnet, used by every rule and by the canvas: one of its routes sends
 * 0.0.0.0/0 to an internet gateway of the subnet's own VPC (AWS does not route to another VPC's).
 */
export function makesSubnetPublic(
  route: BoardEdge,
  target: BoardNode | undefined,
  vpcId: (nodeId: string) => string | undefined,
): boolean {
  if (route.kind !== 'route' || target?.kind !== 'internet-gateway' || !isDefaultRoute(route)) return false;
  const own = vpcId(route.source);
  return own !== undefined && vpcId(target.id) === own;
}

/**
 * The subnets a resource lists besides the one it is drawn in, in order: its `subnetIds` (a load
 * balancer, ECS service, Auto Scaling group, function or interface endpoint), its subnet group's
 * (`subnetGroupSubnetIds`), an Aurora cluster's instances'. Ids only, unchecked.
 */
export function listedSubnetIds(node: BoardNode): string[] {
  const p = node.props as { subnetIds?: unknown; subnetGroupSubnetIds?: unknown; instances?: unknown };
  const out: string[] = [];
  for (const list of [p.subnetIds, p.subnetGroupSubnetIds])
    if (Array.isArray(list)) for (const id of list) if (typeof id === 'string') out.push(id);
  if (node.kind === 'aurora-cluster' && Array.isArray(p.instances))
    for (const i of p.instances) {
      const id = (i as { subnetId?: unknown } | null)?.subnetId;
      if (typeof id === 'string') out.push(id);
    }
  return out;
}

/** `VPC "Production VPC"`: how messages name a node. */
export function describe(node: BoardNode | undefined): string {
  if (!node) return 'a missing node';
  const title = kindDef(node.kind as string)?.title ?? node.kind;
  const name = node.label.trim() || node.id;
  return `${title} "${name}"`;
}

export const name = (node: BoardNode | undefined): string =>
  node ? `"${node.label.trim() || node.id}"` : 'a missing node';

/**
 * A memo that lives as long as one check run (one RuleContext), for facts derived outside the
 * context (egress, transit routing, flow verdicts, placements): `const memo = perRun<K, V>()`
 * once per module, then `memo(ctx)` is that run's map.
 */
export function perRun<K, V>(): (ctx: RuleContext) => Map<K, V> {
  const maps = new WeakMap<RuleContext, Map<K, V>>();
  return (ctx) => {
    let m = maps.get(ctx);
    if (!m) maps.set(ctx, (m = new Map()));
    return m;
  };
}

/**
 * Read-only helpers the rules use, memoised for one run over one cluster of connected nodes.
 * Every answer depends only on nodes connected to the one asked about, which is what makes the
 * incremental checker exact.
 */
export class RuleContext {
  private readonly memo = {
    children: new Map<string, BoardNode[]>(),
    desc: new Map<string, BoardNode[]>(),
    edges: new Map<string, BoardEdge[]>(),
    anc: new Map<string, BoardNode[]>(),
    igwRoute: new Map<string, BoardEdge | undefined>(),
    sgs: new Map<string, BoardNode[]>(),
    nacls: new Map<string, readonly BoardNode[]>(),
    network: new Map<BoardNode, ReturnType<typeof networkOf>>(),
  };

  constructor(private readonly graph: Graph) {}

  get hasInternet(): boolean {
    return this.graph.internetCount > 0;
  }

  node(id: string | null | undefined): BoardNode | undefined {
    if (id === null || id === undefined) return undefined;
    // The engine keeps no whiteboard nodes (nor nodes of unknown kinds) in the graph.
    return this.graph.nodes.get(id);
  }

  /** `networkOf` (the kind's network traits, and the properties with defaults), once per node per run. */
  network(node: BoardNode): ReturnType<typeof networkOf> {
    const memo = this.memo.network;
    if (memo.has(node)) return memo.get(node);
    const net = networkOf(node);
    memo.set(node, net);
    return net;
  }

  children(id: string): BoardNode[] {
    const hit = this.memo.children.get(id);
    if (hit) return hit;
    const out: BoardNode[] = [];
    const kids = this.graph.children.get(id);
    if (kids)
      for (const cid of kids) {
        const n = this.node(cid);
        if (n) out.push(n);
      }
    out.sort(byId);
    this.memo.children.set(id, out);
    return out;
  }

  /** Nodes inside `id` at any depth, sorted by id; optionally only some kinds (typed by them). */
  descendants(id: string): BoardNode[];
  descendants<K extends NodeKind>(id: string, kinds: readonly K[]): NodeOfKind<K>[];
  descendants(id: string, kinds?: readonly NodeKind[]): BoardNode[] {
    let all = this.memo.desc.get(id);
    if (!all) {
      all = [];
      const seen = new Set<string>([id]);
      const stack = [...this.children(id)];
      while (stack.length) {
        const n = stack.pop()!;
        if (seen.has(n.id)) continue;
        seen.add(n.id);
        all.push(n);
        for (const c of this.children(n.id)) stack.push(c);
      }
      all.sort(byId);
      this.memo.desc.set(id, all);
    }
    if (!kinds) return all;
    const out: BoardNode[] = [];
    for (const n of all) if ((kinds as readonly string[]).includes(n.kind)) out.push(n);
    return out;
  }

  private incident(id: string): BoardEdge[] {
    const hit = this.memo.edges.get(id);
    if (hit) return hit;
    const out: BoardEdge[] = [];
    const ids = this.graph.edgesByNode.get(id);
    if (ids)
      for (const eid of ids) {
        const e = this.graph.edges.get(eid);
        if (e) out.push(e);
      }
    out.sort(byId);
    this.memo.edges.set(id, out);
    return out;
  }

  /** Edges leaving a node (sorted by id), optionally of one kind. */
  outEdges(id: string, kind?: EdgeKind): BoardEdge[] {
    const out: BoardEdge[] = [];
    for (const e of this.incident(id)) if (e.source === id && (!kind || e.kind === kind)) out.push(e);
    return out;
  }

  /** Edges arriving at a node (sorted by id), optionally of one kind. */
  inEdges(id: string, kind?: EdgeKind): BoardEdge[] {
    const out: BoardEdge[] = [];
    for (const e of this.incident(id)) if (e.target === id && (!kind || e.kind === kind)) out.push(e);
    return out;
  }

  /** The chain of containers, nearest first (stops at cycles). */
  ancestors(id: string): BoardNode[] {
    const hit = this.memo.anc.get(id);
    if (hit) return hit;
    const out: BoardNode[] = [];
    const seen = new Set([id]);
    let current = this.graph.nodes.get(id)?.parentId ?? null;
    while (current !== null && !seen.has(current)) {
      const n = this.graph.nodes.get(current);
      if (!n) break;
      out.push(n);
      seen.add(current);
      current = n.parentId;
    }
    this.memo.anc.set(id, out);
    return out;
  }

  nearest<K extends NodeKind>(id: string, kind: K): NodeOfKind<K> | undefined {
    return this.ancestors(id).find((n): n is NodeOfKind<K> => n.kind === kind);
  }

  vpcOf(id: string): BoardNode | undefined {
    return this.nearest(id, 'vpc');
  }

  subnetOf(id: string): BoardNode | undefined {
    return this.nearest(id, 'subnet');
  }

  cidr(node: BoardNode | undefined): Cidr | undefined {
    if (!node) return undefined;
    return cidrOrUndefined((node.props as { cidr?: string }).cidr);
  }

  /** The AZ a subnet is in: its override, else the zone of the AZ it is drawn in. */
  zoneOf(subnet: BoardNode): string | undefined {
    const override = (subnet.props as { availabilityZone?: string }).availabilityZone?.trim();
    if (override) return override;
    const az = this.nearest(subnet.id, 'az');
    return (az?.props as { zone?: string } | undefined)?.zone?.trim() || undefined;
  }

  /** The route edges of a subnet whose destination is 0.0.0.0/0 (unset means 0.0.0.0/0). */
  defaultRoutes(subnetId: string): BoardEdge[] {
    return this.outEdges(subnetId, 'route').filter(isDefaultRoute);
  }

  /** The route sending 0.0.0.0/0 to an internet gateway of the subnet's own VPC, if any. */
  internetRoute(subnetId: string): BoardEdge | undefined {
    if (this.memo.igwRoute.has(subnetId)) return this.memo.igwRoute.get(subnetId);
    const vpcId = (id: string) => this.vpcOf(id)?.id;
    const found = this.outEdges(subnetId, 'route').find((e) =>
      makesSubnetPublic(e, this.node(e.target), vpcId),
    );
    this.memo.igwRoute.set(subnetId, found);
    return found;
  }

  isPublicSubnet(subnetId: string): boolean {
    return this.internetRoute(subnetId) !== undefined;
  }

  /**
   * The subnets a resource uses, sorted by id: the one it is drawn in and those its properties list
   * (a database's subnet group, the subnets of a load balancer, ECS service or Auto Scaling group,
   * the subnets of an Aurora cluster's instances).
   */
  subnetsUsed(node: BoardNode): BoardNode[] {
    const ids = new Set<string>();
    const drawn = this.subnetOf(node.id);
    if (drawn) ids.add(drawn.id);
    for (const id of listedSubnetIds(node)) ids.add(id);
    return [...ids]
      .sort()
      .map((id) => this.node(id))
      .filter((n): n is BoardNode => n?.kind === 'subnet');
  }

  /** The security groups associated with a resource (sorted by id). */
  securityGroupsOf(id: string): BoardNode[] {
    const hit = this.memo.sgs.get(id);
    if (hit) return hit;
    const out: BoardNode[] = [];
    for (const e of this.incident(id)) {
      if (e.target !== id || e.kind !== 'association') continue;
      const n = this.node(e.source);
      if (n?.kind === 'security-group') out.push(n);
    }
    this.memo.sgs.set(id, out);
    return out;
  }

  /** Network ACLs associated with a subnet (sorted by edge id). */
  naclsOf(subnetId: string): readonly BoardNode[] {
    const hit = this.memo.nacls.get(subnetId);
    if (hit) return hit;
    const out = this.inEdges(subnetId, 'association')
      .map((e) => this.node(e.source))
      .filter((n): n is BoardNode => n?.kind === 'network-acl');
    this.memo.nacls.set(subnetId, out);
    return out;
  }

  elasticIpsOf(id: string): BoardNode[] {
    return this.inEdges(id, 'association')
      .map((e) => this.node(e.source))
      .filter((n): n is BoardNode => n?.kind === 'elastic-ip');
  }

  /** Subnets routing to this node. */
  routedFrom(id: string): BoardNode[] {
    return this.inEdges(id, 'route')
      .map((e) => this.node(e.source))
      .filter((n): n is BoardNode => n?.kind === 'subnet');
  }
}
