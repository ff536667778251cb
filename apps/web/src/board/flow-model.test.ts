import {
  addEdge,
  addNode,
  boardToDoc,
  deleteNodes,
  nodesMap,
  setNodeProps,
  TEMPLATES,
  updateNode,
  updateNodes,
} from '@stratus/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FlowModel } from './flow-model.ts';

const threeTier = () => TEMPLATES.find((t) => t.id === 'three-tier')!.board();

function setup() {
  const doc = boardToDoc(threeTier(), new Y.Doc());
  const model = new FlowModel(doc);
  return { doc, model };
}

describe('FlowModel: React Flow state derived from the Y.Doc', () => {
  it('lists every node of the document, parents before children, with parentId and sizes', () => {
    const { model } = setup();
    expect(model.nodes).toHaveLength(threeTier().nodes.length);
    const index = new Map(model.nodes.map((n, i) => [n.id, i]));
    for (const n of model.nodes)
      if (n.parentId) expect(index.get(n.parentId)!).toBeLessThan(index.get(n.id)!);
    const vpc = model.nodes.find((n) => n.id === 'vpc_main')!;
    expect(vpc).toMatchObject({ type: 'container', width: 1140, height: 736 });
    expect(model.nodes.find((n) => n.id === 'db')).toMatchObject({ type: 'resource', parentId: 'private_a' });
    expect(model.edges).toHaveLength(threeTier().edges.length);
  });

  it('re-derives only the node an edit touched: the others keep their object identity', () => {
    const { doc, model } = setup();
    const before = new Map(model.nodes.map((n) => [n.id, n]));
    const builds = model.derivedNodeCount;
    updateNode(doc, 'db', { position: { x: 310, y: 90 } });
    expect(model.derivedNodeCount - builds).toBe(1);
    for (const n of model.nodes) {
      if (n.id === 'db') {
        expect(n).not.toBe(before.get('db'));
        expect(n.position).toEqual({ x: 310, y: 90 });
      } else expect(n).toBe(before.get(n.id));
    }
    setNodeProps(doc, 'vpc_main', { cidr: '10.1.0.0/16' });
    expect(model.nodes.find((n) => n.id === 'vpc_main')!.data.node.props).toMatchObject({
      cidr: '10.1.0.0/16',
    });
    expect(model.nodes.find((n) => n.id === 'db')).toBe(model.nodes.find((n) => n.id === 'db'));
  });

  it('follows edits that arrive from another replica', () => {
    const { doc, model } = setup();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    other.on('update', (u: Uint8Array) => Y.applyUpdate(doc, u));
    addNode(other, {
      id: 'n_new',
      kind: 'sqs-queue',
      label: 'Jobs',
      parentId: null,
      position: { x: 5, y: 6 },
      props: {},
    });
    expect(model.board.get('n_new')?.label).toBe('Jobs');
    expect(model.nodes.some((n) => n.id === 'n_new')).toBe(true);
    deleteNodes(other, ['az_a']);
    expect(model.board.has('az_a')).toBe(false);
    expect(model.board.has('db')).toBe(false); // inside az_a → private_a
    expect(model.edges.some((e) => e.source === 'private_a' || e.target === 'db')).toBe(false);
  });

  it('keeps selection and measured sizes out of the document', () => {
    const { doc, model } = setup();
    model.setSelection(['db']);
    model.setMeasured([['db', { width: 180, height: 48 }]]);
    expect(model.nodes.find((n) => n.id === 'db')).toMatchObject({
      selected: true,
      measured: { width: 180, height: 48 },
    });
    const y = nodesMap(doc).get('db')!;
    expect([...y.keys()].sort()).toEqual(['acks', 'kind', 'label', 'order', 'parentId', 'props', 'x', 'y']);
  });

  it('re-parenting reorders so the new parent comes first', () => {
    const { doc, model } = setup();
    updateNodes(doc, new Map([['sessions', { parentId: 'private_b', position: { x: 10, y: 10 } }]]));
    const ids = model.nodes.map((n) => n.id);
    expect(ids.indexOf('private_b')).toBeLessThan(ids.indexOf('sessions'));
    expect(model.nodes.find((n) => n.id === 'sessions')!.parentId).toBe('private_b');
  });

  it('marks subnets public when they route 0.0.0.0/0 to an internet gateway, and badges findings', () => {
    const { doc, model } = setup();
    expect(model.nodes.find((n) => n.id === 'public_a')!.data.decor.publicSubnet).toBe(true);
    expect(model.nodes.find((n) => n.id === 'private_a')!.data.decor.publicSubnet).toBe(false);
    addEdge(doc, { id: 'e_r', kind: 'route', source: 'private_b', target: 'igw', props: {} });
    expect(model.nodes.find((n) => n.id === 'private_b')!.data.decor.publicSubnet).toBe(true);
    const untouched = model.nodes.find((n) => n.id === 'app_a');
    model.setFindingCounts(new Map([['db', { errors: 2, warnings: 0, infos: 0 }]]));
    expect(model.nodes.find((n) => n.id === 'db')!.data.decor.errors).toBe(2);
    expect(model.nodes.find((n) => n.id === 'app_a')).toBe(untouched);
  });

  it('calls a subnet public only when its gateway is in its own VPC (the validator’s definition), following moves', () => {
    const { doc, model } = setup();
    const isPublic = (id: string) => model.nodes.find((n) => n.id === id)!.data.decor.publicSubnet;
    addNode(doc, {
      id: 'vpc_other',
      kind: 'vpc',
      label: 'Other VPC',
      parentId: null,
      position: { x: 3000, y: 0 },
      size: { width: 400, height: 300 },
      props: { cidr: '10.9.0.0/16' },
    });
    addNode(doc, {
      id: 'igw_other',
      kind: 'internet-gateway',
      label: 'Other gateway',
      parentId: 'vpc_other',
      position: { x: 20, y: 20 },
      props: {},
    });
    addEdge(doc, { id: 'e_other', kind: 'route', source: 'private_b', target: 'igw_other', props: {} });
    expect(isPublic('private_b')).toBe(false);
    // Moving a gateway changes which subnets are public, with no route edited.
    updateNodes(doc, new Map([['igw_other', { parentId: 'vpc_main', position: { x: 40, y: 20 } }]]));
    expect(isPublic('private_b')).toBe(true);
    updateNodes(doc, new Map([['igw', { parentId: 'vpc_other', position: { x: 60, y: 20 } }]]));
    expect(isPublic('public_a')).toBe(false);
    expect(isPublic('private_b')).toBe(true);
  });
});
