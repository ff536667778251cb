import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { board } from '../test/helpers.ts';
import type { Board, BoardEdge, BoardNode } from './board.ts';
import { parseBoardOrThrow } from './parse.ts';
import { serializeBoard } from './serialize.ts';
import {
  addEdge,
  addNode,
  boardToDoc,
  deleteNodes,
  docToBoard,
  nodesMap,
  setAck,
  setNodeProps,
  updateNode,
} from './ydoc.ts';

const templatesDir = new URL('../templates/', import.meta.url);
const templates = readdirSync(templatesDir).filter((f) => f.endsWith('.board.json'));

/** Two replicas of one document that exchange updates only when told to. */
function twoPeers(initial: Board) {
  const a = boardToDoc(initial);
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  const sync = () => {
    const ua = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
    const ub = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
    Y.applyUpdate(b, ua);
    Y.applyUpdate(a, ub);
  };
  return { a, b, sync };
}

describe('templates', () => {
  it.each(templates)(
    '%s is stored in canonical form and round-trips through a Y.Doc byte for byte',
    (file) => {
      const text = readFileSync(new URL(file, templatesDir), 'utf8');
      const parsed = parseBoardOrThrow(text);
      expect(serializeBoard(parsed)).toBe(text);
      const viaDoc = docToBoard(boardToDoc(parsed));
      expect(serializeBoard(viaDoc)).toBe(text);
      // and the doc survives an update round trip (what the server stores)
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(boardToDoc(parsed)));
      expect(serializeBoard(docToBoard(copy))).toBe(text);
    },
  );
});

describe('concurrent edits merge', () => {
  const base = board([
    { id: 'v', kind: 'vpc', label: 'VPC', props: { cidr: '10.0.0.0/16' } },
    { id: 'q', kind: 'sqs-queue', label: 'Queue', position: { x: 10, y: 10 } },
  ]);

  it('two people editing different properties of one node both win', () => {
    const { a, b, sync } = twoPeers(base);
    setNodeProps(a, 'q', { visibilityTimeoutSeconds: 120 });
    setNodeProps(b, 'q', { fifo: true });
    updateNode(b, 'q', { label: 'Orders' });
    updateNode(a, 'q', { position: { x: 300, y: 40 } });
    sync();
    const q = docToBoard(a).nodes.find((n) => n.id === 'q')!;
    expect(q).toMatchObject({
      label: 'Orders',
      position: { x: 300, y: 40 },
      props: { visibilityTimeoutSeconds: 120, fifo: true },
    });
    expect(serializeBoard(docToBoard(a))).toBe(serializeBoard(docToBoard(b)));
  });

  it('a move does not bring back a node someone else deleted', () => {
    const { a, b, sync } = twoPeers(base);
    deleteNodes(a, ['q']);
    expect(updateNode(b, 'q', { position: { x: 999, y: 999 } })).toBe(true);
    setNodeProps(b, 'q', { delaySeconds: 5 });
    sync();
    expect(docToBoard(a).nodes.map((n) => n.id)).toEqual(['v']);
    expect(docToBoard(b).nodes.map((n) => n.id)).toEqual(['v']);
  });

  it('an edge drawn to a node deleted at the same time is dropped from the board', () => {
    const { a, b, sync } = twoPeers(
      board([
        { id: 'q1', kind: 'sqs-queue' },
        { id: 'q2', kind: 'sqs-queue' },
      ]),
    );
    deleteNodes(a, ['q2']);
    addEdge(b, { id: 'dl', kind: 'dead-letter', source: 'q1', target: 'q2', props: {} });
    sync();
    expect(docToBoard(a).edges).toEqual([]);
    expect(docToBoard(b).edges).toEqual([]);
  });

  it('nesting A in B while someone nests B in A leaves a valid board on both sides', () => {
    const { a, b, sync } = twoPeers(
      board([
        { id: 'v', kind: 'vpc' },
        { id: 'z1', kind: 'az', parentId: 'v' },
        { id: 'z2', kind: 'az', parentId: 'v' },
      ]),
    );
    // az cannot contain az, so use raw writes the way a buggy or hostile client might.
    nodesMap(a).get('z1')!.set('parentId', 'z2');
    nodesMap(b).get('z2')!.set('parentId', 'z1');
    sync();
    for (const doc of [a, b]) {
      const result = docToBoard(doc);
      expect(() => parseBoardOrThrow(result)).not.toThrow();
    }
    expect(serializeBoard(docToBoard(a))).toBe(serializeBoard(docToBoard(b)));
  });
});

describe('document edits', () => {
  it('deleting a container deletes what it holds, the edges touching it and references to it', () => {
    const doc = boardToDoc(
      board(
        [
          { id: 'v', kind: 'vpc' },
          { id: 'z', kind: 'az', parentId: 'v' },
          { id: 's', kind: 'subnet', parentId: 'z' },
          { id: 's2', kind: 'subnet', parentId: 'v' },
          { id: 'igw', kind: 'internet-gateway', parentId: 'v' },
          { id: 'db', kind: 'rds-instance', parentId: 's2', props: { subnetGroupSubnetIds: ['s'] } },
        ],
        [{ id: 'r', kind: 'route', source: 's', target: 'igw' }],
      ),
    );
    const removed = deleteNodes(doc, ['z']);
    expect(removed.nodes.sort()).toEqual(['s', 'z']);
    expect(removed.edges).toEqual(['r']);
    const after = docToBoard(doc);
    expect(after.nodes.find((n) => n.id === 'db')!.props).toEqual({ subnetGroupSubnetIds: [] });
  });

  it('values of the wrong type written by a foreign client are left out of the board', () => {
    const doc = boardToDoc(board([{ id: 'q', kind: 'sqs-queue', props: { delaySeconds: 5 } }]));
    const props = nodesMap(doc).get('q')!.get('props') as Y.Map<unknown>;
    props.set('delaySeconds', 'lots');
    props.set('evil', { $: 1 });
    nodesMap(doc).set('junk', new Y.Map([['kind', 'not-a-kind']]) as Y.Map<unknown>);
    expect(docToBoard(doc).nodes).toEqual([
      { id: 'q', kind: 'sqs-queue', label: '', parentId: null, position: { x: 0, y: 0 }, props: {} },
    ]);
  });

  it('acknowledgements live on the node', () => {
    const doc = boardToDoc(board([{ id: 'db', kind: 'rds-instance' }]));
    setAck(doc, 'db', 'RDS_NO_SG', { reason: 'Lab database', by: 'ana' });
    expect(docToBoard(doc).nodes[0]!.acks).toEqual({ RDS_NO_SG: { reason: 'Lab database', by: 'ana' } });
    setAck(doc, 'db', 'RDS_NO_SG', null);
    expect(docToBoard(doc).nodes[0]!.acks).toBeUndefined();
  });

  it('new nodes are painted above existing ones', () => {
    const doc = boardToDoc(board([{ id: 'b', kind: 'sqs-queue' }]));
    addNode(doc, {
      id: 'a',
      kind: 'sqs-queue',
      label: '',
      parentId: null,
      position: { x: 0, y: 0 },
      props: {},
    });
    expect(docToBoard(doc).nodes.map((n) => n.id)).toEqual(['b', 'a']);
  });
});

// ------------------------------------------------------------------------------------------
// Property-based: random valid boards round-trip exactly through JSON and through a Y.Doc.

const idArb = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
const sqsProps = fc.record(
  {
    fifo: fc.boolean(),
    visibilityTimeoutSeconds: fc.integer({ min: -10, max: 50000 }),
    queueName: fc.string({ maxLength: 20 }),
    messageAttributes: fc.array(
      fc.record({
        name: fc.string({ minLength: 1, maxLength: 8 }),
        dataType: fc.constantFrom('String', 'Number', 'Binary'),
      }),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: [] },
);
const pos = fc.record({
  x: fc.integer({ min: -5000, max: 5000 }),
  y: fc.double({ min: -5000, max: 5000, noNaN: true, noDefaultInfinity: true }),
});

const boardArb: fc.Arbitrary<Board> = fc
  .record({
    name: fc.string({ maxLength: 30 }),
    vpcs: fc.uniqueArray(idArb, { maxLength: 4 }),
    queues: fc.uniqueArray(idArb, { maxLength: 6 }),
    positions: fc.array(pos, { minLength: 30, maxLength: 30 }),
    props: fc.array(sqsProps, { minLength: 6, maxLength: 6 }),
    cidrs: fc.array(fc.string({ maxLength: 18 }), { minLength: 4, maxLength: 4 }),
    dlq: fc.array(fc.tuple(fc.nat(5), fc.nat(5), fc.integer({ min: 1, max: 10 })), { maxLength: 4 }),
    labels: fc.array(fc.string({ maxLength: 12 }), { minLength: 30, maxLength: 30 }),
  })
  .map(({ name, vpcs, queues, positions, props, cidrs, dlq, labels }) => {
    const nodes: BoardNode[] = [];
    const used = new Set<string>();
    let i = 0;
    const take = (id: string) => (used.has(id) ? `${id}_${i}` : id);
    for (const [k, v] of vpcs.entries()) {
      const vid = take(`v${v}`);
      used.add(vid);
      nodes.push({
        id: vid,
        kind: 'vpc',
        label: labels[i]!,
        parentId: null,
        position: positions[i++]!,
        size: { width: 800, height: 600 },
        props: { cidr: cidrs[k]! },
      });
      const sid = take(`s${v}`);
      used.add(sid);
      nodes.push({
        id: sid,
        kind: 'subnet',
        label: labels[i]!,
        parentId: vid,
        position: positions[i++]!,
        props: {},
      });
    }
    for (const [k, q] of queues.entries()) {
      const qid = take(`q${q}`);
      used.add(qid);
      nodes.push({
        id: qid,
        kind: 'sqs-queue',
        label: labels[i]!,
        parentId: null,
        position: positions[i++]!,
        props: props[k]!,
      });
    }
    const qs = nodes.filter((n) => n.kind === 'sqs-queue');
    const edges: BoardEdge[] = [];
    dlq.forEach(([a, b, count], j) => {
      if (qs.length === 0) return;
      edges.push({
        id: `e${j}`,
        kind: 'dead-letter',
        source: qs[a % qs.length]!.id,
        target: qs[b % qs.length]!.id,
        props: { maxReceiveCount: count },
      });
    });
    return { format: 'stratus.board', version: 1, name, nodes, edges } as Board;
  });

describe('property: round trips', () => {
  it('board -> JSON text -> board is the identity', () => {
    fc.assert(
      fc.property(boardArb, (b) => {
        const text = serializeBoard(b);
        expect(serializeBoard(parseBoardOrThrow(text))).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it('board -> Y.Doc -> update bytes -> Y.Doc -> board is the identity', () => {
    fc.assert(
      fc.property(boardArb, (b) => {
        const text = serializeBoard(b);
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(boardToDoc(b)));
        expect(serializeBoard(docToBoard(copy))).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});
