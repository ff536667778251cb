import { boardToDoc, TEMPLATES } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  copyNodes,
  dropParent,
  edgeKindFor,
  instantiate,
  parseClipboard,
  reparentAfterDrag,
} from './edit.ts';
import { FlowModel } from './flow-model.ts';

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
