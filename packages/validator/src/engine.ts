import { type Board, type BoardEdge, type BoardNode, kindDef } from '@stratus/model';
import { type Graph, RuleContext, makesSubnetPublic } from './context.ts';
import { RULES } from './rules/index.ts';
import { evaluateFlow } from './rules/reachability.ts';
import type { Finding, Report, Rule, Severity } from './types.ts';

/** What the validator reads of a board. */
export type BoardInput = Pick<Board, 'nodes' | 'edges'>;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

const nodeRules = new Map<string, Rule[]>();
const edgeRules = new Map<string, Rule[]>();
for (const rule of RULES) {
  for (const k of rule.nodeKinds ?? []) nodeRules.set(k, [...(nodeRules.get(k) ?? []), rule]);
  for (const k of rule.edgeKinds ?? []) edgeRules.set(k, [...(edgeRules.get(k) ?? []), rule]);
}

const isWhiteboard = (n: BoardNode) => kindDef(n.kind as string)?.whiteboard === true;

/** Where a kind's properties hold node ids: `ref`/`refs` fields, and those inside list rows (at any depth). */
interface RefSpec {
  key: string;
  type: 'ref' | 'refs' | 'list';
  /** For a list: the row fields that hold ids. */
  rows: RefSpec[];
}
type FieldMap = Readonly<Record<string, { meta: { type: string; item?: FieldMap } }>>;
function specsOf(fields: FieldMap): RefSpec[] {
  const specs: RefSpec[] = [];
  for (const [key, field] of Object.entries(fields)) {
    const t = field.meta.type;
    if (t === 'ref' || t === 'refs') specs.push({ key, type: t, rows: [] });
    else if (t === 'list' && field.meta.item) {
      const rows = specsOf(field.meta.item);
      if (rows.length) specs.push({ key, type: 'list', rows });
    }
  }
  return specs;
}
const refSpecs = new Map<string, RefSpec[]>();
function refSpecsOf(kind: string): RefSpec[] {
  let specs = refSpecs.get(kind);
  if (!specs) refSpecs.set(kind, (specs = specsOf(kindDef(kind)?.fields ?? {})));
  return specs;
}

function collectRefs(props: Record<string, unknown>, specs: RefSpec[], out: string[]) {
  for (const spec of specs) {
    const value = props[spec.key];
    if (spec.type === 'ref') {
      if (typeof value === 'string') out.push(value);
    } else if (!Array.isArray(value)) {
    } else if (spec.type === 'refs') {
      for (const v of value) if (typeof v === 'string') out.push(v);
    } else {
      for (const row of value)
        if (row !== null && typeof row === 'object')
          collectRefs(row as Record<string, unknown>, spec.rows, out);
    }
  }
}

/** Every node id a node's properties refer to (subnet groups, source security groups, Transit Gateway route table VPCs...), from the kind's field metadata. */
export function refsOf(node: BoardNode): string[] {
  const out: string[] = [];
  collectRefs((node.props ?? {}) as Record<string, unknown>, refSpecsOf(node.kind as string), out);
  return out;
}

interface Entry {
  key: string;
  cluster: number;
  finding: Finding;
}

const keyOf = (f: Finding) =>
  `${SEVERITY_RANK[f.severity]}\u0000${f.ruleId}\u0000${f.nodeIds.join(',')}\u0000${f.edgeIds.join(',')}\u0000${f.message}`;
const byKey = (a: Entry, b: Entry) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** An incremental checker: keeps the board's clusters of connected nodes and re-checks only those an edit touches. */
export interface Validator {
  /** The current findings, sorted (errors first, then by rule id, node ids, message). */
  readonly findings: readonly Finding[];
  /**
   * Re-check after an edit. `changedIds` are the ids of nodes and edges added, removed or modified
   * since the last call; without it the boards are compared (slower, but needs no bookkeeping).
   * Returns exactly what `validateBoard(board)` returns.
   */
  update(board: BoardInput, changedIds?: Iterable<string>): Finding[];
}

class Engine implements Validator {
  private graph: Graph = {
    nodes: new Map(),
    edges: new Map(),
    children: new Map(),
    edgesByNode: new Map(),
    internetCount: 0,
  };
  private refsIn = new Map<string, Set<string>>();
  private refsOut = new Map<string, string[]>();
  private clusterOf = new Map<string, number>();
  private members = new Map<number, string[]>();
  private entries: Entry[] = [];
  private list: Finding[] = [];
  private nextCluster = 1;

  constructor(board: BoardInput, check = true) {
    if (check) this.rebuild(board);
    else {
      for (const n of board.nodes) this.putNode(n);
      for (const e of board.edges) this.putEdge(e);
    }
  }

  /** The indexed board, for one-off questions (see `reach`). */
  context(): RuleContext {
    return new RuleContext(this.graph);
  }

  get findings(): readonly Finding[] {
    return this.list;
  }

  private rebuild(board: BoardInput) {
    this.graph = {
      nodes: new Map(),
      edges: new Map(),
      children: new Map(),
      edgesByNode: new Map(),
      internetCount: 0,
    };
    this.refsIn.clear();
    this.refsOut.clear();
    this.clusterOf.clear();
    this.members.clear();
    for (const n of board.nodes) this.putNode(n);
    for (const e of board.edges) this.putEdge(e);
    const created = this.partition(this.graph.nodes.keys(), new Set());
    this.entries = [];
    for (const c of created) this.entries.push(...this.check(c));
    this.entries.sort(byKey);
    this.list = this.entries.map((e) => e.finding);
  }

  update(board: BoardInput, changedIds?: Iterable<string>): Finding[] {
    const changed = changedIds ? new Set(changedIds) : this.diff(board);
    if (changed.size === 0) return this.list;
    if (changedIds) this.widen(changed);
    const newNodes = new Map<string, BoardNode>();
    const newEdges = new Map<string, BoardEdge>();
    for (const n of board.nodes) if (changed.has(n.id)) newNodes.set(n.id, n);
    for (const e of board.edges) if (changed.has(e.id)) newEdges.set(e.id, e);
    if (this.sameShape(changed, newNodes, newEdges)) return this.recheck(changed, newNodes, newEdges);

    const hadInternet = this.graph.internetCount > 0;
    const dead = new Set<number>();
    const seeds = new Set<string>();
    const kill = (id: string) => {
      const c = this.clusterOf.get(id);
      if (c !== undefined) dead.add(c);
    };
    const touchNeighbours = (id: string) => {
      for (const eid of this.graph.edgesByNode.get(id) ?? []) {
        const e = this.graph.edges.get(eid);
        if (!e) continue;
        kill(e.source);
        kill(e.target);
        seeds.add(e.source);
        seeds.add(e.target);
      }
    };

    for (const id of changed) {
      const oldNode = this.graph.nodes.get(id);
      if (oldNode) {
        kill(id);
        touchNeighbours(id);
        this.dropNode(oldNode);
      }
      const oldEdge = this.graph.edges.get(id);
      if (oldEdge) {
        kill(oldEdge.source);
        kill(oldEdge.target);
        seeds.add(oldEdge.source);
        seeds.add(oldEdge.target);
        this.dropEdge(oldEdge);
      }
    }
    for (const id of changed) {
      const n = newNodes.get(id);
      if (n) {
        this.putNode(n);
        seeds.add(id);
      }
    }
    for (const id of changed) {
      const e = newEdges.get(id);
      if (e) {
        this.putEdge(e);
        seeds.add(e.source);
        seeds.add(e.target);
      }
    }
    for (const id of changed) if (newNodes.has(id)) touchNeighbours(id);

    if (hadInternet !== this.graph.internetCount > 0) {
      // Whether the board has an Internet node changes what NET_DATA_TIER_EXPOSED checks everywhere.
      this.rebuild(board);
      return this.list;
    }

    for (const c of dead) for (const id of this.members.get(c) ?? []) seeds.add(id);
    const created = this.partition(seeds, dead);
    for (const c of dead) this.members.delete(c);

    return this.replaceFindings(dead, created);
  }

  /** Drops the findings of the `stale` clusters and adds those of checking `clusters`. */
  private replaceFindings(stale: ReadonlySet<number>, clusters: Iterable<number>): Finding[] {
    const fresh: Entry[] = [];
    for (const c of clusters) fresh.push(...this.check(c));
    fresh.sort(byKey);
    const kept = stale.size ? this.entries.filter((e) => !stale.has(e.cluster)) : this.entries;
    this.entries = merge(kept, fresh);
    this.list = this.entries.map((e) => e.finding);
    return this.list;
  }

  /**
   * Whether an edit leaves every cluster as it is: each changed node and edge is replaced, not
   * added or removed, by one of the same kind, parent and property references (a node) or the same
   * ends (an edge). `partition` reads nothing else, so the clusters it would make are the current ones.
   */
  private sameShape(
    changed: Set<string>,
    newNodes: Map<string, BoardNode>,
    newEdges: Map<string, BoardEdge>,
  ): boolean {
    const g = this.graph;
    for (const id of changed) {
      const oldNode = g.nodes.get(id);
      const n = newNodes.get(id);
      if (oldNode || n) {
        if (!oldNode || !n || oldNode.kind !== n.kind) return false;
        if ((oldNode.parentId ?? null) !== (n.parentId ?? null)) return false;
        const before = this.refsOut.get(id) ?? [];
        const after = refsOf(n);
        if (before.length !== after.length || before.some((r, i) => r !== after[i])) return false;
      }
      const oldEdge = g.edges.get(id);
      const e = newEdges.get(id);
      if (oldEdge || e) {
        if (!oldEdge || !e || oldEdge.source !== e.source || oldEdge.target !== e.target) return false;
      }
    }
    return true;
  }

  /**
   * `update` for an edit that keeps the clusters (see `sameShape`): swaps in the new nodes and
   * edges and re-checks the clusters the full path would (those of the changed nodes and edges and
   * of the ends of the changed nodes' edges), under their numbers.
   */
  private recheck(
    changed: Set<string>,
    newNodes: Map<string, BoardNode>,
    newEdges: Map<string, BoardEdge>,
  ): Finding[] {
    const g = this.graph;
    const dirty = new Set<number>();
    const kill = (id: string) => {
      const c = this.clusterOf.get(id);
      if (c !== undefined) dirty.add(c);
    };
    for (const id of changed) {
      const n = newNodes.get(id);
      if (n) {
        g.nodes.set(id, withProps(n));
        kill(id);
        for (const eid of g.edgesByNode.get(id) ?? []) {
          const e = g.edges.get(eid);
          if (!e) continue;
          kill(e.source);
          kill(e.target);
        }
      }
      const e = newEdges.get(id);
      if (e) {
        g.edges.set(id, e);
        kill(e.source);
        kill(e.target);
      }
    }
    return this.replaceFindings(dirty, dirty);
  }

  /**
   * Callers may list only the nodes they touched: a deleted node's descendants and edges are gone
   * too, so the edges and children of every changed node are looked up again as well.
   */
  private widen(changed: Set<string>) {
    const g = this.graph;
    const stack = [...changed];
    while (stack.length) {
      const id = stack.pop()!;
      if (!g.nodes.has(id)) continue;
      const es = g.edgesByNode.get(id);
      if (es) for (const e of es) changed.add(e);
      const kids = g.children.get(id);
      if (kids)
        for (const k of kids)
          if (!changed.has(k)) {
            changed.add(k);
            stack.push(k);
          }
    }
  }

  /** Ids of nodes and edges that differ between the current state and `board`. */
  private diff(board: BoardInput): Set<string> {
    const out = new Set<string>();
    const seen = new Set<string>();
    const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
    for (const n of board.nodes) {
      seen.add(n.id);
      const old = this.graph.nodes.get(n.id);
      if (!old || !same(old, n)) out.add(n.id);
    }
    for (const e of board.edges) {
      seen.add(e.id);
      const old = this.graph.edges.get(e.id);
      if (!old || !same(old, e)) out.add(e.id);
    }
    for (const id of this.graph.nodes.keys()) if (!seen.has(id)) out.add(id);
    for (const id of this.graph.edges.keys()) if (!seen.has(id)) out.add(id);
    return out;
  }

  private putNode(raw: BoardNode) {
    if (isWhiteboard(raw) || !kindDef(raw.kind as string)) return;
    const n = withProps(raw);
    const g = this.graph;
    g.nodes.set(n.id, n);
    const parent = n.parentId ?? null;
    let set = g.children.get(parent);
    if (!set) g.children.set(parent, (set = new Set()));
    set.add(n.id);
    if (n.kind === 'internet') g.internetCount++;
    const refs = refsOf(n);
    this.refsOut.set(n.id, refs);
    for (const r of refs) {
      let s = this.refsIn.get(r);
      if (!s) this.refsIn.set(r, (s = new Set()));
      s.add(n.id);
    }
  }

  private dropNode(n: BoardNode) {
    const g = this.graph;
    g.nodes.delete(n.id);
    removeFrom(g.children, n.parentId ?? null, n.id);
    if (n.kind === 'internet') g.internetCount--;
    for (const r of this.refsOut.get(n.id) ?? []) removeFrom(this.refsIn, r, n.id);
    this.refsOut.delete(n.id);
    this.clusterOf.delete(n.id);
  }

  private putEdge(e: BoardEdge) {
    const g = this.graph;
    g.edges.set(e.id, e);
    for (const id of [e.source, e.target]) {
      let s = g.edgesByNode.get(id);
      if (!s) g.edgesByNode.set(id, (s = new Set()));
      s.add(e.id);
    }
  }

  private dropEdge(e: BoardEdge) {
    this.graph.edges.delete(e.id);
    removeFrom(this.graph.edgesByNode, e.source, e.id);
    removeFrom(this.graph.edgesByNode, e.target, e.id);
  }

  /** Connected components (parent/child, edges, property references) reachable from the seeds. */
  private partition(seeds: Iterable<string>, dead: Set<number>): number[] {
    const g = this.graph;
    const clusterOf = this.clusterOf;
    const created: number[] = [];
    // Clusters numbered from `first` on are the ones made by this call: a node in one is assigned.
    const first = this.nextCluster;
    const stack: string[] = [];
    // Neighbours are pushed unfiltered and checked when popped (no closure per node: this is the hot loop).
    for (const seed of seeds) {
      if ((clusterOf.get(seed) ?? 0) >= first) continue;
      const seedNode = g.nodes.get(seed);
      if (!seedNode) continue;
      const c = this.nextCluster++;
      created.push(c);
      const ids: string[] = [];
      this.members.set(c, ids);
      if (seedNode.kind === 'internet') {
        // An Internet node is a cluster of its own: it joins nothing.
        this.claim(seed, c, ids, dead);
        continue;
      }
      stack.push(seed);
      while (stack.length) {
        const id = stack.pop()!;
        if ((clusterOf.get(id) ?? 0) >= first) continue;
        const n = g.nodes.get(id);
        if (!n || n.kind === 'internet') continue;
        this.claim(id, c, ids, dead);
        if (n.parentId !== null && n.parentId !== undefined) stack.push(n.parentId);
        const kids = g.children.get(id);
        if (kids) for (const k of kids) stack.push(k);
        const es = g.edgesByNode.get(id);
        if (es)
          for (const eid of es) {
            const e = g.edges.get(eid);
            if (e) stack.push(e.source === id ? e.target : e.source);
          }
        const out = this.refsOut.get(id);
        if (out) for (const r of out) stack.push(r);
        const into = this.refsIn.get(id);
        if (into) for (const r of into) stack.push(r);
      }
    }
    return created;
  }

  private claim(id: string, c: number, ids: string[], dead: Set<number>) {
    ids.push(id);
    const prev = this.clusterOf.get(id);
    if (prev !== undefined) dead.add(prev); // an untouched cluster merged into this one (or a dead one re-made)
    this.clusterOf.set(id, c);
  }

  /** The node an edge's findings belong to: an endpoint that is not an Internet node, when there is one. */
  private owner(e: BoardEdge): string | undefined {
    const nodes = this.graph.nodes;
    const s = nodes.get(e.source);
    if (s && s.kind !== 'internet') return e.source;
    const t = nodes.get(e.target);
    if (t && t.kind !== 'internet') return e.target;
    if (s) return e.source;
    if (t) return e.target;
    return undefined;
  }

  private check(cluster: number): Entry[] {
    const ids = this.members.get(cluster) ?? [];
    const ctx = new RuleContext(this.graph);
    const out: Entry[] = [];
    const g = this.graph;
    let rule: Rule = RULES[0]!;
    // One emit for the whole cluster (the current rule is a variable): findings are sorted later,
    // so the order nodes are visited in does not matter.
    const emit = (r: Report) => {
      const finding: Finding = {
        ruleId: rule.id,
        severity: r.severity ?? rule.severity,
        title: r.title ?? rule.title,
        nodeIds: r.nodeIds,
        edgeIds: r.edgeIds ?? [],
        message: r.message,
      };
      if (r.fix) finding.fix = r.fix;
      const ack = g.nodes.get(r.nodeIds[0] ?? '')?.acks?.[rule.id];
      if (ack) finding.acknowledged = { ...ack };
      out.push({ key: keyOf(finding), cluster, finding });
    };
    const failed = (err: unknown) =>
      emit({
        severity: 'info',
        title: 'A check could not run',
        nodeIds: [],
        message: `Rule ${rule.id} could not run on this part of the board (${(err as Error)?.message ?? String(err)}).`,
      });
    for (const id of ids) {
      const node = g.nodes.get(id)!;
      const forNode = nodeRules.get(node.kind);
      if (forNode)
        for (rule of forNode) {
          try {
            rule.node!(node, ctx, emit);
          } catch (err) {
            failed(err);
          }
        }
      const es = g.edgesByNode.get(id);
      if (!es) continue;
      for (const eid of es) {
        const e = g.edges.get(eid);
        if (!e || this.owner(e) !== id) continue;
        const forEdge = edgeRules.get(e.kind);
        if (forEdge)
          for (rule of forEdge) {
            try {
              rule.edge!(e, ctx, emit);
            } catch (err) {
              failed(err);
            }
          }
      }
    }
    return out;
  }
}

/** The node as the graph keeps it: with a `props` object even when the board's has none. */
const withProps = (n: BoardNode): BoardNode => (n.props ? n : ({ ...n, props: {} } as BoardNode));

/** Deletes a member of a set in a map, and the set once empty (a long editing session leaves no husks). */
function removeFrom<K>(map: Map<K, Set<string>>, key: K, member: string) {
  const set = map.get(key);
  if (!set) return;
  set.delete(member);
  if (set.size === 0) map.delete(key);
}

function merge(a: Entry[], b: Entry[]): Entry[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const out: Entry[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]!.key <= b[j]!.key ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** Checks a whole board against every rule. Findings are sorted: errors first, then by rule id and node ids. */
export function validateBoard(board: BoardInput): Finding[] {
  return new Engine(board).findings as Finding[];
}

/** An incremental checker for a board that is being edited (the web sidebar, the server). */
export function createValidator(board: BoardInput): Validator {
  return new Engine(board);
}

/** The rules' read-only view of a whole board, without checking it (one-off questions, tests). */
export function boardContext(board: BoardInput): RuleContext {
  return new Engine(board, false).context();
}

export interface ReachQuery {
  protocol?: 'tcp' | 'udp' | 'icmp' | 'all';
  /** Unset: any port. */
  port?: number;
}

export type ReachAnswer =
  | { reachable: true }
  | { reachable: false; reason: string; blockedAt?: string }
  | { reachable: null; reason: string };

/**
 * The ids of the board's public subnets: those whose route table sends 0.0.0.0/0 to an internet
 * gateway of their own VPC (the definition every rule uses; the canvas draws subnet faces and lays
 * subnets out by it).
 */
export function publicSubnetIds(board: BoardInput): Set<string> {
  return publicSubnetsOf(new Map(board.nodes.map((n) => [n.id, n])), board.edges);
}

/**
 * `publicSubnetIds` for a caller that keeps its nodes by id (the canvas, on every route edit):
 * looks only at route edges and the containers above their ends.
 */
export function publicSubnetsOf(
  nodes: ReadonlyMap<string, BoardNode>,
  edges: Iterable<BoardEdge>,
): Set<string> {
  const vpcs = new Map<string, string | undefined>();
  const vpcId = (id: string): string | undefined => {
    if (vpcs.has(id)) return vpcs.get(id);
    const seen = new Set([id]);
    let p = nodes.get(id)?.parentId ?? null;
    let found: string | undefined;
    while (p !== null && !seen.has(p)) {
      const n = nodes.get(p);
      if (!n) break;
      if (n.kind === 'vpc') {
        found = n.id;
        break;
      }
      seen.add(p);
      p = n.parentId;
    }
    vpcs.set(id, found);
    return found;
  };
  const out = new Set<string>();
  for (const e of edges)
    if (nodes.get(e.source)?.kind === 'subnet' && makesSubnetPublic(e, nodes.get(e.target), vpcId))
      out.add(e.source);
  return out;
}

/**
 * "Can traffic from A reach B on port P?" The same evaluation NET_FLOW_BLOCKED runs for a drawn
 * traffic edge: routes, gateways, NAT, peering, network ACLs and security groups.
 */
export function reach(board: BoardInput, fromId: string, toId: string, query: ReachQuery = {}): ReachAnswer {
  const ctx = boardContext(board);
  const from = ctx.node(fromId);
  const to = ctx.node(toId);
  if (!from || !to) return { reachable: null, reason: `No node ${from ? toId : fromId} on the board.` };
  const port = query.port;
  const v = evaluateFlow(ctx, from, to, {
    protocol: query.protocol ?? 'tcp',
    ports: port === undefined ? [0, 65535] : [port, port],
  });
  if (v === undefined)
    return {
      reachable: null,
      reason:
        'Not a network question: both ends are outside any VPC, one is not a network resource, or the VPCs are only peered through a third one.',
    };
  if (v.ok) return { reachable: true };
  const reason = v.where ? `Blocked ${v.where.text}: ${v.why}` : v.why;
  return { reachable: false, reason, ...(v.hop ? { blockedAt: v.hop.id } : {}) };
}
