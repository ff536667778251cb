import { type Board, type BoardEdge, type BoardNode, kindDef } from '@stratus/model';
import { type Graph, RuleContext } from './context.ts';
import { RULES } from './rules/index.ts';
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

/** Every node id a node's properties refer to (subnet groups, source security groups...), from the kind's field metadata. */
export function refsOf(node: BoardNode): string[] {
  const def = kindDef(node.kind as string);
  if (!def) return [];
  const out: string[] = [];
  const props = (node.props ?? {}) as Record<string, unknown>;
  for (const [key, field] of Object.entries(def.fields)) {
    const value = props[key];
    if (value === undefined) continue;
    const t = field.meta.type;
    if (t === 'ref' && typeof value === 'string') out.push(value);
    else if (t === 'refs' && Array.isArray(value))
      for (const v of value) typeof v === 'string' && out.push(v);
    else if (t === 'list' && Array.isArray(value) && field.meta.item) {
      const refKeys = Object.entries(field.meta.item)
        .filter(([, f]) => f.meta.type === 'ref')
        .map(([k]) => k);
      if (refKeys.length === 0) continue;
      for (const row of value)
        for (const k of refKeys) {
          const v = (row as Record<string, unknown> | null)?.[k];
          if (typeof v === 'string') out.push(v);
        }
    }
  }
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

  constructor(board: BoardInput) {
    this.rebuild(board);
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
    const newNodes = new Map<string, BoardNode>();
    const newEdges = new Map<string, BoardEdge>();
    for (const n of board.nodes) if (changed.has(n.id)) newNodes.set(n.id, n);
    for (const e of board.edges) if (changed.has(e.id)) newEdges.set(e.id, e);

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

    const fresh: Entry[] = [];
    for (const c of created) fresh.push(...this.check(c));
    fresh.sort(byKey);
    const kept = dead.size ? this.entries.filter((e) => !dead.has(e.cluster)) : this.entries;
    this.entries = merge(kept, fresh);
    this.list = this.entries.map((e) => e.finding);
    return this.list;
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
    const n = raw.props ? raw : ({ ...raw, props: {} } as BoardNode);
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
    g.children.get(n.parentId ?? null)?.delete(n.id);
    if (n.kind === 'internet') g.internetCount--;
    for (const r of this.refsOut.get(n.id) ?? []) this.refsIn.get(r)?.delete(n.id);
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
    this.graph.edgesByNode.get(e.source)?.delete(e.id);
    this.graph.edgesByNode.get(e.target)?.delete(e.id);
  }

  private isInternet(id: string) {
    return this.graph.nodes.get(id)?.kind === 'internet';
  }

  /** Connected components (parent/child, edges, property references) reachable from the seeds. */
  private partition(seeds: Iterable<string>, dead: Set<number>): number[] {
    const g = this.graph;
    const created: number[] = [];
    const assigned = new Set<string>();
    for (const seed of seeds) {
      if (assigned.has(seed) || !g.nodes.has(seed)) continue;
      const c = this.nextCluster++;
      created.push(c);
      const ids: string[] = [];
      const stack = [seed];
      assigned.add(seed);
      const internetSeed = this.isInternet(seed);
      while (stack.length) {
        const id = stack.pop()!;
        ids.push(id);
        const prev = this.clusterOf.get(id);
        if (prev !== undefined && !dead.has(prev)) {
          dead.add(prev); // an untouched cluster merged into this one
        }
        this.clusterOf.set(id, c);
        if (internetSeed) break; // an Internet node is a cluster of its own
        const visit = (other: string | null | undefined) => {
          if (other === null || other === undefined || assigned.has(other)) return;
          if (!g.nodes.has(other) || this.isInternet(other)) return;
          assigned.add(other);
          stack.push(other);
        };
        const n = g.nodes.get(id)!;
        visit(n.parentId);
        for (const child of g.children.get(id) ?? []) visit(child);
        for (const eid of g.edgesByNode.get(id) ?? []) {
          const e = g.edges.get(eid);
          if (e) visit(e.source === id ? e.target : e.source);
        }
        for (const r of this.refsOut.get(id) ?? []) visit(r);
        for (const r of this.refsIn.get(id) ?? []) visit(r);
      }
      this.members.set(c, ids);
    }
    return created;
  }

  /** The node an edge's findings belong to: an endpoint that is not an Internet node, when there is one. */
  private owner(e: BoardEdge): string | undefined {
    const g = this.graph;
    const usable = (id: string) => g.nodes.has(id) && !this.isInternet(id);
    if (usable(e.source)) return e.source;
    if (usable(e.target)) return e.target;
    if (g.nodes.has(e.source)) return e.source;
    if (g.nodes.has(e.target)) return e.target;
    return undefined;
  }

  private check(cluster: number): Entry[] {
    const ids = [...(this.members.get(cluster) ?? [])].sort();
    const ctx = new RuleContext(this.graph);
    const out: Entry[] = [];
    const g = this.graph;
    const run = (rule: Rule, fn: (emit: (r: Report) => void) => void) => {
      const emit = (r: Report) => {
        const finding: Finding = {
          ruleId: rule.id,
          severity: r.severity ?? rule.severity,
          nodeIds: r.nodeIds,
          edgeIds: r.edgeIds ?? [],
          message: r.message,
        };
        if (r.fix) finding.fix = r.fix;
        const ack = g.nodes.get(r.nodeIds[0] ?? '')?.acks?.[rule.id];
        if (ack) finding.acknowledged = { ...ack };
        out.push({ key: keyOf(finding), cluster, finding });
      };
      try {
        fn(emit);
      } catch (err) {
        emit({
          severity: 'info',
          nodeIds: [],
          message: `Rule ${rule.id} could not run on this part of the board (${(err as Error).message}).`,
        });
      }
    };
    for (const id of ids) {
      const node = g.nodes.get(id)!;
      for (const rule of nodeRules.get(node.kind) ?? []) run(rule, (emit) => rule.node!(node, ctx, emit));
      const edgeIds = [...(g.edgesByNode.get(id) ?? [])].sort();
      for (const eid of edgeIds) {
        const e = g.edges.get(eid);
        if (!e || this.owner(e) !== id || (e.source !== id && e.target !== id)) continue;
        for (const rule of edgeRules.get(e.kind) ?? []) run(rule, (emit) => rule.edge!(e, ctx, emit));
      }
    }
    return out;
  }
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
