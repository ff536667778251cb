import {
  BOARD_FORMAT,
  BOARD_VERSION,
  type Board,
  type BoardNode,
  boardToDoc,
  docToBoard,
  type NodeKind,
  nodesMap,
  TEMPLATES,
} from '@stratus/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addPlacedNode,
  CONTAINER_HEADER,
  CONTAINER_PAD,
  copyNodes,
  dropParent,
  edgeKindFor,
  instantiate,
  newNode,
  parseClipboard,
  placeNewNode,
  reparentAfterDrag,
} from './edit.ts';
import { FlowModel, nodeSize } from './flow-model.ts';

const model = () =>
  new FlowModel(boardToDoc(TEMPLATES.find((t) => t.id === 'three-tier')!.board(), new Y.Doc()));

describe('dropping and dragging', () => {
  it('drops into the deepest container that may hold the kind', () => {
    const m = model();
    // private_a: vpc (0,0) + az_a (20,156) + subnet (20,308) → absolute (40,464), 496×140.
    expect(dropParent(m, 'ec2-instance', { x: 100, y: 500 })).toBe('private_a');
    // A DynamoDB table may not go into a subnet or VPC: it lands on the canvas.
    expect(dropParent(m, 'dynamodb-table', { x: 100, y: 500 })).toBe(null);
    // An internet gateway may be in a VPC but not in an AZ or subnet.
    expect(dropParent(m, 'internet-gateway', { x: 100, y: 500 })).toBe('vpc_main');
    expect(dropParent(m, 'ec2-instance', { x: 5000, y: 5000 })).toBe(null);
  });

  it('re-parents a node whose centre moved into another subnet, keeping its place on screen', () => {
    const m = model();
    // Move "sessions" (root) over private_b: az_b (584,156) + subnet (20,308) → (604,464).
    m.board.set('sessions', { ...m.board.get('sessions')!, position: { x: 700, y: 500 } });
    expect(reparentAfterDrag(m, 'sessions')).toBeNull(); // DynamoDB cannot live in a subnet
    m.board.set('app_a', { ...m.board.get('app_a')!, parentId: null, position: { x: 700, y: 500 } });
    expect(reparentAfterDrag(m, 'app_a')).toEqual({ parentId: 'private_b', position: { x: 96, y: 36 } });
  });

  it('picks the specific relation before a generic traffic flow', () => {
    expect(edgeKindFor('subnet', 'internet-gateway')).toBe('route');
    expect(edgeKindFor('security-group', 'ec2-instance')).toBe('association');
    expect(edgeKindFor('sqs-queue', 'sqs-queue')).toBe('dead-letter');
    expect(edgeKindFor('load-balancer', 'ec2-instance')).toBe('traffic');
    expect(edgeKindFor('text', 'vpc')).toBe(null);
  });
});

describe('copy and paste', () => {
  it('copies a container with what it holds and the edges among them, and pastes fresh ids', () => {
    const m = model();
    const payload = copyNodes(m, m.boardEdges.values(), ['private_a']);
    expect(payload.nodes.map((n) => n.id).sort()).toEqual(['app_a', 'db', 'private_a']);
    expect(payload.nodes[0]!.id).toBe('private_a');
    expect(payload.nodes[0]!.position).toEqual({ x: 40, y: 464 }); // absolute
    const text = JSON.stringify(payload);
    const back = parseClipboard(text)!;
    const { nodes, edges } = instantiate(m, back, { x: 2000, y: 0 });
    expect(nodes).toHaveLength(3);
    expect(nodes.every((n) => !m.board.has(n.id))).toBe(true);
    const sub = nodes.find((n) => n.kind === 'subnet')!;
    expect(sub.parentId).toBe(null); // pasted far away, on the canvas
    expect(nodes.filter((n) => n.kind !== 'subnet').every((n) => n.parentId === sub.id)).toBe(true);
    const traffic = edges.find((e) => e.kind === 'traffic');
    expect(traffic && nodes.some((n) => n.id === traffic.source)).toBe(true);
  });

  it('rejects clipboard text that is not a Stratus selection', () => {
    expect(parseClipboard('hello')).toBeNull();
    expect(parseClipboard('{"format":"other"}')).toBeNull();
  });
});

describe('placing a new node', () => {
  // A VPC (0,0 960x560) holding an AZ (40,60 420x460) holding a subnet (20,50 360x180) holding a
  // NAT gateway; a security group card beside the AZ.
  const board = (): Board => ({
    format: BOARD_FORMAT,
    version: BOARD_VERSION,
    name: 'Placement',
    nodes: [
      {
        id: 'vpc',
        kind: 'vpc',
        label: 'VPC',
        parentId: null,
        position: { x: 0, y: 0 },
        size: { width: 960, height: 560 },
        props: {},
      },
      {
        id: 'az',
        kind: 'az',
        label: 'AZ a',
        parentId: 'vpc',
        position: { x: 40, y: 60 },
        size: { width: 420, height: 460 },
        props: {},
      },
      {
        id: 'sub',
        kind: 'subnet',
        label: 'Public',
        parentId: 'az',
        position: { x: 20, y: 50 },
        size: { width: 360, height: 180 },
        props: {},
      },
      {
        id: 'nat',
        kind: 'nat-gateway',
        label: 'NAT',
        parentId: 'sub',
        position: { x: 20, y: 60 },
        props: {},
      },
    ] as BoardNode[],
    edges: [],
  });
  const lookup = () => new FlowModel(boardToDoc(board(), new Y.Doc()));
  const place = (m: FlowModel, kind: NodeKind, p: { x: number; y: number }) => {
    const r = placeNewNode(m, newNode(kind, null, { x: 0, y: 0 }), p);
    if (!r.ok) throw new Error(r.message);
    return r;
  };
  const inside = (m: FlowModel, r: ReturnType<typeof place>) => {
    const parent = m.board.get(r.node.parentId!)!;
    const ps = r.grow.get(parent.id) ?? nodeSize(parent);
    const s = nodeSize(r.node);
    return (
      r.node.position.x >= CONTAINER_PAD &&
      r.node.position.y >= CONTAINER_HEADER &&
      r.node.position.x + s.width <= ps.width - CONTAINER_PAD &&
      r.node.position.y + s.height <= ps.height - CONTAINER_PAD
    );
  };

  it('lands centred on the pointer when there is room', () => {
    const m = lookup();
    // Subnet at absolute (60,110); a 180x48 card centred at (300,250) → (150,226) abs → (90,116) in it.
    const r = place(m, 'ec2-instance', { x: 300, y: 250 });
    expect(r.node.parentId).toBe('sub');
    expect(r.node.position).toEqual({ x: 150, y: 116 });
    expect(r.grow.size).toBe(0);
  });

  it('an AZ dropped on the VPC left edge lands wholly inside the VPC', () => {
    const m = lookup();
    const r = place(m, 'az', { x: 5, y: 300 });
    expect(r.node.parentId).toBe('vpc');
    expect(inside(m, r)).toBe(true);
    // ...and clear of the AZ already there.
    const other = m.board.get('az')!;
    const s = nodeSize(r.node);
    const o = nodeSize(other);
    const apart =
      r.node.position.x >= other.position.x + o.width ||
      r.node.position.x + s.width <= other.position.x ||
      r.node.position.y >= other.position.y + o.height ||
      r.node.position.y + s.height <= other.position.y;
    expect(apart).toBe(true);
  });

  it('an Elastic IP dropped on the NAT gateway is moved clear of it, inside the subnet', () => {
    const m = lookup();
    // The NAT gateway's centre: subnet (60,110) + (20,60) + (90,24) = (170,194).
    const r = place(m, 'elastic-ip', { x: 170, y: 194 });
    expect(r.node.parentId).toBe('sub');
    expect(inside(m, r)).toBe(true);
    const nat = m.board.get('nat')!;
    const gap =
      r.node.position.x >= nat.position.x + 180 ||
      r.node.position.x + 180 <= nat.position.x ||
      r.node.position.y >= nat.position.y + 48 ||
      r.node.position.y + 48 <= nat.position.y;
    expect(gap).toBe(true);
  });

  it('a container too small for the node grows, and so do its ancestors', () => {
    const b = board();
    b.nodes[2]!.size = { width: 150, height: 60 }; // the subnet: narrower and lower than a card needs
    b.nodes[1]!.size = { width: 180, height: 120 }; // the AZ: just around it
    const m = new FlowModel(boardToDoc(b, new Y.Doc()));
    m.board.delete('nat');
    const r = place(m, 'ec2-instance', { x: 120, y: 150 });
    expect(r.node.parentId).toBe('sub');
    expect(r.grow.get('sub')).toEqual({
      width: 180 + 2 * CONTAINER_PAD,
      height: 48 + CONTAINER_HEADER + CONTAINER_PAD,
    });
    const az = r.grow.get('az')!;
    expect(az.width).toBeGreaterThanOrEqual(20 + 204 + CONTAINER_PAD);
    expect(az.height).toBeGreaterThanOrEqual(50 + 100 + CONTAINER_PAD);
    expect(inside(m, r)).toBe(true);
  });

  it('a full container grows below its contents', () => {
    const b = board();
    b.nodes[2]!.size = { width: 204, height: 100 }; // exactly one card fits, and the NAT gateway is in it
    b.nodes[3]!.position = { x: CONTAINER_PAD, y: CONTAINER_HEADER };
    const m = new FlowModel(boardToDoc(b, new Y.Doc()));
    const r = place(m, 'elastic-ip', { x: 160, y: 180 });
    expect(r.node.parentId).toBe('sub');
    expect(r.node.position.y).toBeGreaterThanOrEqual(CONTAINER_HEADER + 48 + 8);
    expect(inside(m, r)).toBe(true);
    expect(r.grow.get('sub')!.height).toBeGreaterThan(100);
  });

  it('adding a placed node and growing its containers is one undo step', () => {
    const doc = boardToDoc(board(), new Y.Doc());
    const origin = { user: 'me' };
    const undo = new Y.UndoManager(nodesMap(doc), { trackedOrigins: new Set([origin]) });
    const m = new FlowModel(doc);
    const r = placeNewNode(m, newNode('ec2-instance', null, { x: 0, y: 0 }), { x: 170, y: 194 });
    if (!r.ok) throw new Error(r.message);
    r.grow.set('sub', { width: 400, height: 400 });
    addPlacedNode(doc, r, origin);
    expect(docToBoard(doc).nodes.find((n) => n.id === 'sub')!.size).toEqual({ width: 400, height: 400 });
    undo.undo();
    const after = docToBoard(doc);
    expect(after.nodes.some((n) => n.id === r.node.id)).toBe(false);
    expect(after.nodes.find((n) => n.id === 'sub')!.size).toEqual({ width: 360, height: 180 });
  });
});
