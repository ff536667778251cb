import {
  type Board,
  type BoardNode,
  kindDef,
  type NodePatch,
  parseBoardOrThrow,
  TEMPLATES,
} from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { nodeSize } from './flow-model.ts';
import { autoLayout, layoutIfNeeded, needsLayout, SPACING, subnetTiers } from './layout.ts';

type Laid = BoardNode & { size: { width: number; height: number } };

function apply(board: Pick<Board, 'nodes'>, patches: Map<string, NodePatch>): Map<string, Laid> {
  return new Map(
    board.nodes.map((n) => {
      const p = patches.get(n.id)!;
      const laid = { ...n, position: p.position ?? n.position, size: p.size ?? n.size };
      return [n.id, { ...laid, size: nodeSize(laid) }];
    }),
  );
}

function abs(laid: Map<string, Laid>, id: string) {
  let x = 0;
  let y = 0;
  for (let n = laid.get(id); n; n = n.parentId ? laid.get(n.parentId) : undefined) {
    x += n.position.x;
    y += n.position.y;
  }
  const s = laid.get(id)!.size;
  return { x, y, x1: x + s.width, y1: y + s.height };
}

const overlap = (a: ReturnType<typeof abs>, b: ReturnType<typeof abs>) =>
  a.x < b.x1 && b.x < a.x1 && a.y < b.y1 && b.y < a.y1;

/** Every child inside its parent and clear of its header; no two siblings overlapping. */
function checkNesting(laid: Map<string, Laid>) {
  for (const n of laid.values()) {
    if (n.parentId) {
      const parent = laid.get(n.parentId)!;
      expect(kindDef(parent.kind)?.container).toBe(true);
      expect(n.position.x, n.id).toBeGreaterThanOrEqual(SPACING.pad);
      expect(n.position.y, `${n.id} is below ${parent.id}'s header`).toBeGreaterThanOrEqual(40);
      expect(n.position.x + n.size.width, n.id).toBeLessThanOrEqual(parent.size.width);
      expect(n.position.y + n.size.height, n.id).toBeLessThanOrEqual(parent.size.height);
    }
    for (const m of laid.values())
      if (m.id < n.id && m.parentId === n.parentId)
        expect(overlap(abs(laid, m.id), abs(laid, n.id)), `${m.id} and ${n.id} overlap`).toBe(false);
  }
}

/** Two AZs of three tiers each, and things outside the VPC on both sides. */
function threeTierBoard(): Board {
  const nodes: Record<string, unknown>[] = [
    { id: 'users', kind: 'internet', label: 'Users', parentId: null, position: { x: 900, y: 900 } },
    {
      id: 'vpc',
      kind: 'vpc',
      label: 'VPC',
      parentId: null,
      position: { x: 300, y: 200 },
      props: { cidr: '10.0.0.0/16' },
    },
    { id: 'igw', kind: 'internet-gateway', label: 'IGW', parentId: 'vpc', position: { x: 5, y: 5 } },
    { id: 'sg', kind: 'security-group', label: 'sg', parentId: 'vpc', position: { x: 5, y: 5 } },
    { id: 'nacl', kind: 'network-acl', label: 'nacl', parentId: 'vpc', position: { x: 5, y: 5 } },
    { id: 'queue', kind: 'sqs-queue', label: 'Queue', parentId: null, position: { x: -500, y: 0 } },
  ];
  for (const [i, z] of ['b', 'a'].entries()) {
    const az = `az_${z}`;
    nodes.push({
      id: az,
      kind: 'az',
      label: `AZ ${z}`,
      parentId: 'vpc',
      position: { x: 10 + i * 40, y: 300 - i * 200 },
      props: { zone: `us-east-1${z}` },
    });
    // Listed data first, public last: the layout must not follow document order.
    nodes.push({
      id: `data_${z}`,
      kind: 'subnet',
      label: `Data ${z}`,
      parentId: az,
      position: { x: 0, y: 0 },
      props: { cidr: `10.0.${20 + i}.0/24` },
    });
    nodes.push({
      id: `db_${z}`,
      kind: 'rds-instance',
      label: `DB ${z}`,
      parentId: `data_${z}`,
      position: { x: 0, y: 0 },
    });
    nodes.push({
      id: `cache_${z}`,
      kind: 'elasticache-cluster',
      label: `Cache ${z}`,
      parentId: `data_${z}`,
      position: { x: 9, y: 0 },
    });
    nodes.push({
      id: `private_${z}`,
      kind: 'subnet',
      label: `Private ${z}`,
      parentId: az,
      position: { x: 0, y: 0 },
      props: { cidr: `10.0.${10 + i}.0/24` },
    });
    for (let k = 0; k < (z === 'a' ? 5 : 1); k++)
      nodes.push({
        id: `app_${z}${k}`,
        kind: 'ec2-instance',
        label: `App ${z}${k}`,
        parentId: `private_${z}`,
        position: { x: k * 10, y: 0 },
      });
    nodes.push({
      id: `public_${z}`,
      kind: 'subnet',
      label: `Public ${z}`,
      parentId: az,
      position: { x: 0, y: 0 },
      props: { cidr: `10.0.${i}.0/24` },
    });
    nodes.push({
      id: `lb_${z}`,
      kind: 'load-balancer',
      label: `LB ${z}`,
      parentId: `public_${z}`,
      position: { x: 0, y: 0 },
    });
  }
  const edges: Record<string, unknown>[] = [
    { id: 'r_a', kind: 'route', source: 'public_a', target: 'igw', props: { destinationCidr: '0.0.0.0/0' } },
    { id: 'r_b', kind: 'route', source: 'public_b', target: 'igw', props: { destinationCidr: '0.0.0.0/0' } },
    { id: 'in', kind: 'traffic', source: 'users', target: 'lb_a', props: { protocol: 'tcp', port: 443 } },
    { id: 'out', kind: 'traffic', source: 'app_a0', target: 'queue', props: { protocol: 'tcp', port: 443 } },
  ];
  return parseBoardOrThrow({ format: 'stratus.board', version: 1, name: 'Tiers', nodes, edges });
}

describe('auto-layout', () => {
  it('classifies subnets by tier: public by route to an internet gateway, data by what they hold', () => {
    const tiers = subnetTiers(threeTierBoard());
    expect(Object.fromEntries(tiers)).toEqual({
      data_b: 'data',
      private_b: 'private',
      public_b: 'public',
      data_a: 'data',
      private_a: 'private',
      public_a: 'public',
    });
  });

  it('puts a subnet of containers or instance groups in the private tier, though they declare a service port', () => {
    const b = threeTierBoard();
    const app = (id: string, kind: string, parentId: string) =>
      ({ id, kind, label: id, parentId, position: { x: 0, y: 0 }, props: {} }) as unknown as BoardNode;
    const nodes = b.nodes
      .filter((n) => !n.id.startsWith('app_'))
      .concat([app('svc', 'ecs-service', 'private_a'), app('asg', 'autoscaling-group', 'private_b')]);
    const tiers = subnetTiers({ nodes, edges: b.edges });
    expect([tiers.get('private_a'), tiers.get('private_b'), tiers.get('data_a')]).toEqual([
      'private',
      'private',
      'data',
    ]);
  });

  it('draws AZs as columns (sorted by zone) and tiers as rows aligned across AZs', () => {
    const board = threeTierBoard();
    const laid = apply(board, autoLayout(board));
    const a = abs(laid, 'az_a');
    const b = abs(laid, 'az_b');
    // Columns: side by side, same top, same size, zone a first.
    expect(a.y).toBe(b.y);
    expect(a.x1).toBeLessThan(b.x);
    expect(laid.get('az_a')!.size).toEqual(laid.get('az_b')!.size);
    // Rows: public above private above data, each at the same height in both AZs.
    for (const tier of ['public', 'private', 'data']) {
      const sa = abs(laid, `${tier}_a`);
      const sb = abs(laid, `${tier}_b`);
      expect(sa.y, tier).toBe(sb.y);
      expect(sa.y1, tier).toBe(sb.y1);
      expect(sa.x1 - sa.x).toBe(sb.x1 - sb.x);
    }
    expect(abs(laid, 'public_a').y1).toBeLessThan(abs(laid, 'private_a').y);
    expect(abs(laid, 'private_a').y1).toBeLessThan(abs(laid, 'data_a').y);
    checkNesting(laid);
  });

  it('puts resources in a grid inside their subnet', () => {
    const board = threeTierBoard();
    const laid = apply(board, autoLayout(board));
    const apps = [0, 1, 2, 3, 4].map((k) => laid.get(`app_a${k}`)!.position);
    // Five apps: three columns, two rows; same x per column, same y per row.
    expect(new Set(apps.map((p) => p.y)).size).toBe(2);
    expect(new Set(apps.map((p) => p.x)).size).toBe(3);
    expect(apps[0]!.x).toBe(apps[3]!.x);
    expect(apps[0]!.y).toBe(apps[1]!.y);
  });

  it('keeps the gateways in a row at the top and security groups and NACLs in a row of their own', () => {
    const board = threeTierBoard();
    const laid = apply(board, autoLayout(board));
    const igw = abs(laid, 'igw');
    const sg = abs(laid, 'sg');
    const nacl = abs(laid, 'nacl');
    expect(igw.y1).toBeLessThan(abs(laid, 'az_a').y);
    expect(sg.y).toBe(nacl.y);
    expect(sg.y).toBeGreaterThan(abs(laid, 'az_a').y1);
  });

  it('puts what sends traffic in on the left of the VPC and what the VPC calls on the right', () => {
    const board = threeTierBoard();
    const laid = apply(board, autoLayout(board));
    const vpc = abs(laid, 'vpc');
    expect(abs(laid, 'users').x1).toBeLessThan(vpc.x);
    expect(abs(laid, 'queue').x).toBeGreaterThan(vpc.x1);
    // Each beside what it connects to: users level with the load balancer it calls.
    const users = abs(laid, 'users');
    const lb = abs(laid, 'lb_a');
    expect(Math.abs((users.y + users.y1) / 2 - (lb.y + lb.y1) / 2)).toBeLessThanOrEqual(1);
  });

  it('is idempotent: laying out a laid-out board changes nothing', () => {
    const board = threeTierBoard();
    const first = autoLayout(board);
    const laid = apply(board, first);
    const again = autoLayout({ nodes: [...laid.values()], edges: board.edges });
    expect(Object.fromEntries(again)).toEqual(Object.fromEntries(first));
  });

  for (const t of TEMPLATES) {
    it(`lays out "${t.name}" with every node inside its container, clear of headers and siblings`, () => {
      const board = t.board();
      const patches = autoLayout(board);
      expect(patches.size).toBe(board.nodes.length);
      checkNesting(apply(board, patches));
    });

    it(`leaves the committed "${t.name}" template as it is (the templates are laid out by it)`, () => {
      const board = t.board();
      const patches = autoLayout(board);
      for (const n of board.nodes) {
        expect(patches.get(n.id)!.position, n.id).toEqual(n.position);
        if (patches.get(n.id)!.size) expect(patches.get(n.id)!.size, n.id).toEqual(n.size);
      }
    });
  }

  it('lays out an imported board only when its drawing needs it', () => {
    const tidy = TEMPLATES[0]!.board();
    expect(needsLayout(tidy)).toBe(false);
    expect(layoutIfNeeded(tidy)).toBe(tidy);
    const piled = threeTierBoard();
    expect(needsLayout(piled)).toBe(true);
    const laid = layoutIfNeeded(piled);
    expect(needsLayout(laid)).toBe(false);
    expect(laid.nodes.map((n) => n.id)).toEqual(piled.nodes.map((n) => n.id));
    expect(laid.edges).toBe(piled.edges);
  });
});
