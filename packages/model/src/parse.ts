import { z } from 'zod';
import {
  BOARD_FORMAT,
  BOARD_VERSION,
  type Board,
  type BoardEdge,
  type BoardNode,
  ID_PATTERN,
} from './board.ts';
import { EDGE_KIND_IDS, edgeKindDef } from './edges.ts';
import { type Field, propsSchema } from './fields.ts';
import { NODE_KIND_IDS, type NodeKind, kindDef } from './kinds/index.ts';
import { MigrationError, migrateBoardJson } from './migrations.ts';

/** One problem found in a board file: where (a JSON path like `$.nodes[2].props.cidr`) and what. */
export interface BoardIssue {
  path: string;
  message: string;
}

export type ParseResult =
  | { ok: true; board: Board; migratedFrom?: number }
  | { ok: false; issues: BoardIssue[] };

export class BoardImportError extends Error {
  constructor(readonly issues: BoardIssue[]) {
    super(
      `The board file has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${issues
        .slice(0, 20)
        .map((i) => `  ${i.path}: ${i.message}`)
        .join('\n')}${issues.length > 20 ? `\n  …and ${issues.length - 20} more` : ''}`,
    );
    this.name = 'BoardImportError';
  }
}

export const LIMITS = { nodes: 50_000, edges: 100_000, nameLength: 200, labelLength: 200 } as const;

const positionSchema = z.strictObject({ x: z.number().finite(), y: z.number().finite() });
const sizeSchema = z.strictObject({
  width: z.number().finite().positive(),
  height: z.number().finite().positive(),
});
const ackSchema = z.strictObject({
  reason: z.string().trim().min(1, 'an acknowledgement needs a reason').max(2000),
  by: z.string().max(200).optional(),
  at: z.string().max(64).optional(),
});
const idSchema = z.string().regex(ID_PATTERN, 'ids are 1-64 letters, digits, "_" or "-"');

const nodeEnvelope = z.strictObject({
  id: idSchema,
  kind: z.string(),
  label: z.string().max(LIMITS.labelLength).optional(),
  parentId: idSchema.nullable().optional(),
  position: positionSchema.optional(),
  size: sizeSchema.optional(),
  props: z.record(z.string(), z.unknown()).optional(),
  acks: z.record(z.string().max(64), ackSchema).optional(),
});

const edgeEnvelope = z.strictObject({
  id: idSchema,
  kind: z.string(),
  source: idSchema,
  target: idSchema,
  label: z.string().max(LIMITS.labelLength).optional(),
  props: z.record(z.string(), z.unknown()).optional(),
});

const boardEnvelope = z.strictObject({
  format: z.literal(BOARD_FORMAT),
  version: z.literal(BOARD_VERSION),
  name: z.string().max(LIMITS.nameLength),
  description: z.string().max(10_000).optional(),
  nodes: z.array(z.unknown()).max(LIMITS.nodes),
  edges: z.array(z.unknown()).max(LIMITS.edges),
});

const propsSchemas = new Map<string, z.ZodType>();
function propsSchemaFor(kind: string, fields: Readonly<Record<string, Field>>): z.ZodType {
  let s = propsSchemas.get(kind);
  if (!s) propsSchemas.set(kind, (s = propsSchema(fields)));
  return s;
}

function jsonPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const p of path)
    out +=
      typeof p === 'number'
        ? `[${p}]`
        : /^[A-Za-z_$][\w$]*$/.test(String(p))
          ? `.${String(p)}`
          : `[${JSON.stringify(String(p))}]`;
  return out;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** Turns zod's issues into messages written for people. */
function zodIssues(base: string, error: z.ZodError, known?: readonly string[]): BoardIssue[] {
  const out: BoardIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const hint = known && issue.path.length === 0 ? ` (known: ${known.join(', ') || 'none'})` : '';
        out.push({ path: jsonPath(base, [...issue.path, key]), message: `unknown property "${key}"${hint}` });
      }
      continue;
    }
    const path = jsonPath(base, issue.path);
    const input = (issue as { input?: unknown }).input;
    if (issue.code === 'invalid_type') {
      out.push({
        path,
        message:
          input === undefined
            ? `missing required property (expected ${issue.expected})`
            : `expected ${issue.expected}, got ${describeValue(input)}`,
      });
    } else if (issue.code === 'invalid_value') {
      out.push({
        path,
        message:
          input === undefined
            ? `missing required property (one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')})`
            : `must be ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`}, got ${describeValue(input)}`,
      });
    } else {
      out.push({ path, message: issue.message });
    }
  }
  return out;
}

/** Where a kind may be placed, for messages. */
function placesFor(kind: NodeKind): string {
  const def = kindDef(kind);
  return def.parents
    .map((p) => (p === 'root' ? 'the canvas' : `${article(kindDef(p)?.title ?? p)}`))
    .join(', ');
}
const article = (s: string) => (/^(SQS|SNS|RDS|S3|EC2|[AEIOUaeiou])/.test(s) ? `an ${s}` : `a ${s}`);

function nodeRefFields(fields: Readonly<Record<string, Field>>) {
  return Object.entries(fields);
}

/**
 * Structural problems of a board whose nodes and edges are individually well-formed: duplicate
 * ids, missing parents, containment a kind does not allow, containment cycles, edges to nowhere,
 * references to missing nodes. Each issue carries the repair `repairBoard` applies.
 */
/**
 * Where a board's parts came from, when it was read from a file some of whose items could not be
 * read: their positions in the file (for the paths), and the ids of the items left out (a reference
 * to one of those is not reported again as a reference to nothing).
 */
interface FileOrigin {
  nodeIndex: readonly number[];
  edgeIndex: readonly number[];
  unread: ReadonlySet<string>;
}

function structuralIssues(board: Board, file?: FileOrigin): { issue: BoardIssue; repair: () => void }[] {
  const found: { issue: BoardIssue; repair: () => void }[] = [];
  const unread = (id: string) => file?.unread.has(id) === true;
  const byId = new Map<string, BoardNode>();
  const seen = new Map<string, string>();
  const dropNodes = new Set<BoardNode>();
  const dropEdges = new Set<BoardEdge>();

  board.nodes.forEach((n, i) => {
    const prev = seen.get(n.id);
    if (prev) {
      found.push({
        issue: { path: `$.nodes[${i}].id`, message: `duplicate id "${n.id}" (already used at ${prev})` },
        repair: () => dropNodes.add(n),
      });
      return;
    }
    seen.set(n.id, `$.nodes[${i}]`);
    byId.set(n.id, n);
  });
  board.edges.forEach((e, i) => {
    const prev = seen.get(e.id);
    if (prev) {
      found.push({
        issue: { path: `$.edges[${i}].id`, message: `duplicate id "${e.id}" (already used at ${prev})` },
        repair: () => dropEdges.add(e),
      });
      return;
    }
    seen.set(e.id, `$.edges[${i}]`);
  });

  // Parents and containment.
  board.nodes.forEach((n, i) => {
    if (n.parentId === null || dropNodes.has(n)) return;
    const parent = byId.get(n.parentId);
    const toRoot = () => {
      n.parentId = null;
    };
    if (!parent) {
      if (unread(n.parentId)) return;
      found.push({
        issue: { path: `$.nodes[${i}].parentId`, message: `parent "${n.parentId}" does not exist` },
        repair: toRoot,
      });
    } else if (!kindDef(parent.kind).container || !kindDef(n.kind).parents.includes(parent.kind)) {
      found.push({
        issue: {
          path: `$.nodes[${i}].parentId`,
          message: `${article(kindDef(n.kind).title)} cannot be placed inside ${article(kindDef(parent.kind).title)} ("${parent.id}"); it can go in ${placesFor(n.kind)}`,
        },
        repair: toRoot,
      });
    }
  });
  // Cycles: walk up from each node; a node met twice on one walk closes a cycle.
  const state = new Map<string, 'walking' | 'done'>();
  const indexOf = new Map(board.nodes.map((n, i) => [n, i]));
  for (const start of board.nodes) {
    const chain: BoardNode[] = [];
    let cur: BoardNode | undefined = start;
    while (cur && !state.has(cur.id)) {
      state.set(cur.id, 'walking');
      chain.push(cur);
      cur = cur.parentId === null ? undefined : byId.get(cur.parentId);
    }
    if (cur && state.get(cur.id) === 'walking') {
      const cycle = chain.slice(chain.indexOf(cur));
      const breaker = cur;
      found.push({
        issue: {
          path: `$.nodes[${indexOf.get(breaker)}].parentId`,
          message: `containment cycle: ${[...cycle, breaker].map((n) => `"${n.id}"`).join(' inside ')}`,
        },
        repair: () => {
          breaker.parentId = null;
        },
      });
    }
    for (const n of chain) state.set(n.id, 'done');
  }

  // References held in properties.
  board.nodes.forEach((n, i) => {
    const def = kindDef(n.kind);
    const props = n.props as Record<string, unknown>;
    for (const [key, f] of nodeRefFields(def.fields)) {
      const value = props[key];
      if (value === undefined) continue;
      // A list row's reference is checked against the row field's kinds (a security group rule's source group).
      const check = (id: string, path: string, remove: () => void, refKinds = f.meta.refKinds) => {
        const target = byId.get(id);
        if (!target && unread(id)) return;
        if (!target)
          found.push({
            issue: { path, message: `refers to node "${id}", which does not exist` },
            repair: remove,
          });
        else if (refKinds && !refKinds.includes(target.kind))
          found.push({
            issue: {
              path,
              message: `must refer to ${refKinds.join(' or ')}, but "${id}" is ${article(kindDef(target.kind).title)}`,
            },
            repair: remove,
          });
      };
      if (f.meta.type === 'ref' && typeof value === 'string') {
        check(value, `$.nodes[${i}].props.${key}`, () => delete props[key]);
      } else if (f.meta.type === 'refs' && Array.isArray(value)) {
        [...value].forEach((id, j) =>
          check(id, `$.nodes[${i}].props.${key}[${j}]`, () => {
            props[key] = (props[key] as string[]).filter((x) => x !== id);
          }),
        );
      } else if (f.meta.type === 'list' && Array.isArray(value) && f.meta.item) {
        // Rows, and lists inside rows (a Transit Gateway route table's routes), recursively.
        const rows = (list: Record<string, unknown>[], item: Readonly<Record<string, Field>>, at: string) =>
          list.forEach((row, j) => {
            for (const [rk, rf] of Object.entries(item)) {
              const path = `${at}[${j}].${rk}`;
              const v = row[rk];
              if (rf.meta.type === 'ref' && typeof v === 'string')
                check(v, path, () => delete row[rk], rf.meta.refKinds);
              else if (rf.meta.type === 'refs' && Array.isArray(v))
                [...v].forEach((id: string, k) =>
                  check(
                    id,
                    `${path}[${k}]`,
                    () => {
                      row[rk] = (row[rk] as string[]).filter((x) => x !== id);
                    },
                    rf.meta.refKinds,
                  ),
                );
              else if (rf.meta.type === 'list' && Array.isArray(v) && rf.meta.item)
                rows(v as Record<string, unknown>[], rf.meta.item, path);
            }
          });
        rows(value as Record<string, unknown>[], f.meta.item, `$.nodes[${i}].props.${key}`);
        // A `unique` column: an id in one row only (a VPC's attachment is associated with one table).
        for (const [rk, rf] of Object.entries(f.meta.item)) {
          if (rf.meta.type !== 'refs' || !rf.meta.unique) continue;
          const firstRow = new Map<string, number>();
          (value as Record<string, unknown>[]).forEach((row, j) => {
            const ids = row[rk];
            if (!Array.isArray(ids)) return;
            [...ids].forEach((id: string, k) => {
              const first = firstRow.get(id);
              if (first === undefined || first === j) {
                firstRow.set(id, j);
                return;
              }
              found.push({
                issue: {
                  path: `$.nodes[${i}].props.${key}[${j}].${rk}[${k}]`,
                  message: `"${id}" is already in ${rf.meta.label.toLowerCase()} of row ${first} (${key}[${first}]); it may be in one row only`,
                },
                repair: () => {
                  row[rk] = (row[rk] as string[]).filter((x) => x !== id);
                },
              });
            });
          });
        }
      }
    }
  });

  // Edges.
  board.edges.forEach((e, i) => {
    if (dropEdges.has(e)) return;
    const def = edgeKindDef(e.kind)!;
    const source = byId.get(e.source);
    const target = byId.get(e.target);
    const drop = () => dropEdges.add(e);
    if (!source && !unread(e.source))
      found.push({
        issue: {
          path: `$.edges[${i}].source`,
          message: `edge to nowhere: node "${e.source}" does not exist`,
        },
        repair: drop,
      });
    if (!target && !unread(e.target))
      found.push({
        issue: {
          path: `$.edges[${i}].target`,
          message: `edge to nowhere: node "${e.target}" does not exist`,
        },
        repair: drop,
      });
    if (
      source &&
      target &&
      !def.endpoints.some((p) => p.from.includes(source.kind) && p.to.includes(target.kind))
    ) {
      found.push({
        issue: {
          path: `$.edges[${i}]`,
          message: `${article(def.title.toLowerCase())} edge cannot join ${article(kindDef(source.kind).title)} to ${article(kindDef(target.kind).title)}`,
        },
        repair: drop,
      });
    }
  });

  found.push({
    issue: { path: '', message: '' },
    repair: () => {
      board.nodes = board.nodes.filter((n) => !dropNodes.has(n));
      board.edges = board.edges.filter((e) => !dropEdges.has(e));
    },
  });
  if (file)
    for (const f of found)
      f.issue.path = f.issue.path.replace(/^\$\.(nodes|edges)\[(\d+)\]/, (_, list: string, i: string) => {
        const at = (list === 'nodes' ? file.nodeIndex : file.edgeIndex)[Number(i)];
        return `$.${list}[${at ?? i}]`;
      });
  return found;
}

/** Puts every node after its parent, keeping the given order otherwise (paint order). */
export function parentsFirst(nodes: BoardNode[]): BoardNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const placed = new Set<string>();
  const out: BoardNode[] = [];
  const place = (n: BoardNode, depth: number) => {
    if (placed.has(n.id) || depth > nodes.length) return;
    const parent = n.parentId === null ? undefined : byId.get(n.parentId);
    if (parent && !placed.has(parent.id)) place(parent, depth + 1);
    placed.add(n.id);
    out.push(n);
  };
  for (const n of nodes) place(n, 0);
  return out;
}

/**
 * Reads a board file (a JSON string or an already parsed value). Older format versions are
 * migrated. Either the whole board is returned, or every problem found is listed with its JSON
 * path: a board is never imported by halves.
 */
export function parseBoard(input: unknown): ParseResult {
  let raw = input;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch (err) {
      return { ok: false, issues: [{ path: '$', message: `not valid JSON: ${(err as Error).message}` }] };
    }
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      issues: [{ path: '$', message: `a board file is a JSON object, got ${describeValue(raw)}` }],
    };
  }
  const top = raw as Record<string, unknown>;
  if (top.format !== BOARD_FORMAT) {
    return {
      ok: false,
      issues: [
        {
          path: '$.format',
          message: `must be "${BOARD_FORMAT}" (is this a Stratus board file?), got ${describeValue(top.format)}`,
        },
      ],
    };
  }
  let migratedFrom: number | undefined;
  let data: Record<string, unknown>;
  try {
    const migrated = migrateBoardJson(top);
    data = migrated.board;
    if (migrated.applied.length) migratedFrom = top.version as number;
  } catch (err) {
    if (err instanceof MigrationError)
      return { ok: false, issues: [{ path: '$.version', message: err.message }] };
    throw err;
  }

  // Every problem is reported at once: a wrong name does not hide a bad node, and a bad node does
  // not hide a dangling edge elsewhere (only references to the bad node itself are left out).
  const issues: BoardIssue[] = [];
  const env = boardEnvelope.safeParse(data, { reportInput: true });
  if (!env.success) issues.push(...zodIssues('$', env.error));
  const rawNodes = Array.isArray(data.nodes) ? (data.nodes as unknown[]).slice(0, LIMITS.nodes) : [];
  const rawEdges = Array.isArray(data.edges) ? (data.edges as unknown[]).slice(0, LIMITS.edges) : [];
  const unread = new Set<string>();
  const idOf = (v: unknown) =>
    typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string'
      ? (v as { id: string }).id
      : undefined;
  const nodeIndex: number[] = [];
  const edgeIndex: number[] = [];

  const nodes: BoardNode[] = [];
  rawNodes.forEach((rawNode, i) => {
    const base = `$.nodes[${i}]`;
    const n = nodeEnvelope.safeParse(rawNode, { reportInput: true });
    if (!n.success) {
      issues.push(...zodIssues(base, n.error));
      return;
    }
    const def = kindDef(n.data.kind);
    if (!def) {
      issues.push({
        path: `${base}.kind`,
        message: `unknown kind "${n.data.kind}" (known kinds: ${NODE_KIND_IDS.join(', ')})`,
      });
      return;
    }
    const props = propsSchemaFor(def.kind, def.fields).safeParse(n.data.props ?? {}, { reportInput: true });
    if (!props.success) {
      issues.push(...zodIssues(`${base}.props`, props.error, Object.keys(def.fields)));
      return;
    }
    const node = {
      id: n.data.id,
      kind: def.kind,
      label: n.data.label ?? '',
      parentId: n.data.parentId ?? null,
      position: n.data.position ?? { x: 0, y: 0 },
      props: props.data,
    } as BoardNode;
    if (n.data.size) node.size = n.data.size;
    if (n.data.acks && Object.keys(n.data.acks).length) node.acks = n.data.acks as BoardNode['acks'];
    nodes.push(node);
    nodeIndex.push(i);
  });

  const edges: BoardEdge[] = [];
  rawEdges.forEach((rawEdge, i) => {
    const base = `$.edges[${i}]`;
    const e = edgeEnvelope.safeParse(rawEdge, { reportInput: true });
    if (!e.success) {
      issues.push(...zodIssues(base, e.error));
      return;
    }
    const def = edgeKindDef(e.data.kind);
    if (!def) {
      issues.push({
        path: `${base}.kind`,
        message: `unknown edge kind "${e.data.kind}" (known: ${EDGE_KIND_IDS.join(', ')})`,
      });
      return;
    }
    const props = propsSchemaFor(`edge:${def.kind}`, def.fields).safeParse(e.data.props ?? {}, {
      reportInput: true,
    });
    if (!props.success) {
      issues.push(...zodIssues(`${base}.props`, props.error, Object.keys(def.fields)));
      return;
    }
    const edge = {
      id: e.data.id,
      kind: def.kind,
      source: e.data.source,
      target: e.data.target,
      props: props.data,
    } as BoardEdge;
    if (e.data.label !== undefined) edge.label = e.data.label;
    edges.push(edge);
    edgeIndex.push(i);
  });
  const readNodeIds = new Set(nodes.map((n) => n.id));
  for (const v of rawNodes) {
    const id = idOf(v);
    if (id !== undefined && !readNodeIds.has(id)) unread.add(id);
  }

  const structural = structuralIssues(
    { format: BOARD_FORMAT, version: BOARD_VERSION, name: '', nodes, edges },
    { nodeIndex, edgeIndex, unread },
  )
    .map((s) => s.issue)
    .filter((i) => i.message);
  issues.push(...structural);
  if (!env.success || issues.length) return { ok: false, issues };

  const board: Board = { format: BOARD_FORMAT, version: BOARD_VERSION, name: env.data.name, nodes, edges };
  if (env.data.description !== undefined) board.description = env.data.description;
  board.nodes = parentsFirst(board.nodes);
  return migratedFrom === undefined ? { ok: true, board } : { ok: true, board, migratedFrom };
}

export function parseBoardOrThrow(input: unknown): Board {
  const result = parseBoard(input);
  if (!result.ok) throw new BoardImportError(result.issues);
  return result.board;
}

/**
 * Makes a structurally valid board out of one that concurrent edits may have left inconsistent
 * (a node moved into a container someone else deleted, an edge whose end was deleted, two
 * people nesting A in B and B in A). Node and edge data must already be well-typed. Mutates and
 * returns the board, with the list of repairs made.
 */
export function repairBoard(board: Board): { board: Board; repairs: BoardIssue[] } {
  const repairs: BoardIssue[] = [];
  // Repairs can expose new problems (a node moved to the root may now be misplaced), so run to a
  // fixed point; each round removes at least one problem, and the board is finite.
  for (let round = 0; round < 10; round++) {
    const found = structuralIssues(board);
    const real = found.filter((f) => f.issue.message);
    for (const f of found) f.repair();
    repairs.push(...real.map((f) => f.issue));
    if (!real.length) break;
  }
  board.nodes = parentsFirst(board.nodes);
  return { board, repairs };
}
