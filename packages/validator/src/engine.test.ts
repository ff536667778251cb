import {
  type Board,
  type BoardEdge,
  type BoardNode,
  type EdgeKind,
  type NodeKind,
  TEMPLATES,
  canConnect,
  canContain,
} from '@stratus/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEGMENTED_TABLES, net, segmented } from '../test/boards.ts';
import { createValidator, validateBoard } from './engine.ts';

/** Property patches that matter to some rule, per kind (undefined unsets). */
const PATCHES: Partial<Record<NodeKind, Record<string, unknown>[]>> = {
  vpc: [
    { cidr: '10.0.0.0/16' },
    { cidr: '10.0.0.1/16' },
    { cidr: '11.0.0.0/15' },
    { cidr: undefined },
    { region: 'eu-west-1' },
  ],
  az: [{ zone: 'us-east-1a' }, { zone: 'us-east-1b' }, { zone: 'eu-west-1a' }, { zone: undefined }],
  subnet: [
    { cidr: '10.0.0.0/24' },
    { cidr: '10.0.0.0/28' },
    { cidr: '10.1.0.0/24' },
    { cidr: '10.0.0.128/25' },
    { cidr: undefined },
    { availabilityZone: 'us-east-1c' },
    { mapPublicIpOnLaunch: true },
  ],
  'rds-instance': [
    { subnetGroupSubnetIds: ['pub_b', 'priv_b'] },
    { subnetGroupSubnetIds: ['public_a', 'private_b'] },
    { subnetGroupSubnetIds: undefined },
    { publiclyAccessible: true },
    { multiAz: true },
    { backupRetentionDays: 0 },
    { engine: 'mysql' },
    { storageType: 'io1' },
    { reportingLoad: 'heavy' },
    { storageEncrypted: false },
  ],
  'security-group': [
    { ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0' }] },
    { ingress: [{ protocol: 'all', cidr: '10.0.0.0/8' }] },
    { ingress: [] },
    { egress: [] },
    { ingress: [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, cidr: '0.0.0.0/0', action: 'deny' }] },
  ],
  'network-acl': [
    { inbound: [{ ruleNumber: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }] },
    {
      outbound: [
        { ruleNumber: 100, protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0', action: 'allow' },
      ],
    },
    { isDefault: true },
  ],
  'nat-gateway': [{ connectivity: 'private' }, { connectivity: 'public' }],
  'load-balancer': [
    { scheme: 'internal' },
    { scheme: 'internet-facing' },
    { subnetIds: ['pub_b', 'priv_b'] },
    { subnetIds: ['private_a', 'public_b'] },
    { subnetIds: undefined },
    { type: 'network' },
    { type: 'application' },
    { crossZone: true },
    { crossZone: undefined },
  ],
  'transit-gateway': [
    { routeTables: SEGMENTED_TABLES },
    { routeTables: undefined },
    { routeTables: SEGMENTED_TABLES.slice(0, 2), defaultRouteTableAssociation: false },
    {
      routeTables: [
        {
          name: 'x',
          associations: ['prod'],
          propagations: ['dev', 'lab'],
          routes: [{ destinationCidr: '10.3.0.0/16', vpcId: 'shared' }],
        },
      ],
    },
    { defaultRouteTablePropagation: false },
  ],
  'ec2-instance': [{ associatePublicIp: true }, { count: 300 }],
  'sqs-queue': [{ fifo: true }, { messageRetentionSeconds: 60 }, { receiveWaitTimeSeconds: 0 }],
  'dynamodb-table': [{ billingMode: 'PROVISIONED' }, { partitionKeyName: undefined }],
  'cloudfront-distribution': [{ minTtl: 999999 }, { defaultTtl: undefined }],
  // Subnets of net() and the templates: reachability places these kinds in each subnet they list.
  'ecs-service': [
    { subnetIds: ['priv_b'] },
    { subnetIds: ['private_a', 'workers_b'] },
    { subnetIds: undefined },
  ],
  'autoscaling-group': [{ subnetIds: ['pub_b', 'priv_b'] }, { subnetIds: ['public_a', 'private_b'] }],
  'lambda-function': [{ subnetIds: ['priv_b'] }, { subnetIds: ['private_a'] }, { subnetIds: undefined }],
  // And these, in each subnet of their subnet group (or an Aurora cluster's instances' subnets).
  'aurora-cluster': [
    {
      instances: [
        { name: 'w', role: 'writer', subnetId: 'private_a' },
        { name: 'r', role: 'reader', subnetId: 'public_b' },
      ],
    },
    {
      instances: [
        { name: 'w', role: 'writer', subnetId: 'priv_a' },
        { name: 'r', role: 'reader', subnetId: 'priv_b' },
      ],
    },
    { subnetGroupSubnetIds: ['public_a'], publiclyAccessible: true },
  ],
  'elasticache-cluster': [
    { subnetGroupSubnetIds: ['priv_b'] },
    { subnetGroupSubnetIds: ['public_b', 'private_b'] },
    { subnetGroupSubnetIds: undefined },
  ],
  'redshift-cluster': [
    { subnetGroupSubnetIds: ['pub_b', 'priv_b'], publiclyAccessible: true },
    { subnetGroupSubnetIds: ['private_a'] },
  ],
  'interface-endpoint': [
    { service: 'sqs', subnetIds: ['priv_b'] },
    { service: 'sqs', subnetIds: ['private_a', 'public_b'] },
    { subnetIds: undefined },
  ],
};

const NEW_KINDS: NodeKind[] = [
  'subnet',
  'ec2-instance',
  'rds-instance',
  'security-group',
  'network-acl',
  'internet-gateway',
  'nat-gateway',
  'internet',
  'vpc',
  'sqs-queue',
  'elasticache-cluster',
  'ecs-service',
  'autoscaling-group',
  'lambda-function',
  'aurora-cluster',
  'redshift-cluster',
  'load-balancer',
  'interface-endpoint',
  'sticky',
];
const EDGE_KINDS: EdgeKind[] = [
  'route',
  'association',
  'traffic',
  'peering',
  'dead-letter',
  'origin',
  'read-replica',
];

/** Adds every node below the ones in `set` to it. */
function addDescendants(nodes: readonly BoardNode[], set: Set<string>) {
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of nodes) {
      if (n.parentId && set.has(n.parentId) && !set.has(n.id)) {
        set.add(n.id);
        grew = true;
      }
    }
  }
}

const pick = <T>(list: readonly T[], i: number): T | undefined =>
  list.length ? list[i % list.length] : undefined;

/** Applies one random edit (chosen by numbers) to a board, returning the new board and the ids it touched. */
function applyEdit(
  board: Board,
  [op, a, b, c]: [number, number, number, number],
  serial: number,
): [Board, string[]] {
  const nodes = board.nodes;
  const edges = board.edges;
  switch (op % 8) {
    case 0: {
      // set a property
      const node = pick(
        nodes.filter((n) => PATCHES[n.kind]),
        a,
      );
      const patch = node && pick(PATCHES[node.kind]!, b);
      if (!node || !patch) return [board, []];
      const props: Record<string, unknown> = { ...node.props };
      for (const [k, v] of Object.entries(patch)) v === undefined ? delete props[k] : (props[k] = v);
      const changed = { ...node, props } as BoardNode;
      return [{ ...board, nodes: nodes.map((n) => (n.id === node.id ? changed : n)) }, [node.id]];
    }
    case 1: {
      // move a node to another container (or the canvas)
      const node = pick(nodes, a);
      if (!node) return [board, []];
      const below = new Set<string>([node.id]);
      addDescendants(nodes, below);
      const targets = [
        null,
        ...nodes.filter((p) => !below.has(p.id) && canContain(p.kind, node.kind)).map((p) => p.id),
      ];
      const parentId = pick(targets, b) ?? null;
      if (parentId === null && !canContain(null, node.kind)) return [board, []];
      const moved = { ...node, parentId } as BoardNode;
      return [{ ...board, nodes: nodes.map((n) => (n.id === node.id ? moved : n)) }, [node.id]];
    }
    case 2: {
      // delete a node with its descendants and edges
      const node = pick(nodes, a);
      if (!node) return [board, []];
      const gone = new Set<string>([node.id]);
      addDescendants(nodes, gone);
      const goneEdges = edges.filter((e) => gone.has(e.source) || gone.has(e.target)).map((e) => e.id);
      return [
        {
          ...board,
          nodes: nodes.filter((n) => !gone.has(n.id)),
          edges: edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
        },
        // Half the time list only the node the user deleted: the checker must find the rest.
        b % 2 ? [node.id] : [...gone, ...goneEdges],
      ];
    }
    case 3: {
      // add a node somewhere it may go
      const kind = pick(NEW_KINDS, a)!;
      const parents = [null, ...nodes.filter((p) => canContain(p.kind, kind)).map((p) => p.id)];
      const parentId = pick(parents, b) ?? null;
      if (parentId === null && !canContain(null, kind)) return [board, []];
      const id = `x${serial}`;
      const props = pick(PATCHES[kind] ?? [{}], c) ?? {};
      const node = { id, kind, label: id, parentId, position: { x: 0, y: 0 }, props } as BoardNode;
      return [{ ...board, nodes: [...nodes, node] }, [id]];
    }
    case 4: {
      // draw an edge the kinds allow
      const kind = pick(EDGE_KINDS, a)!;
      const source = pick(nodes, b);
      const targets = nodes.filter((t) => source && canConnect(kind, source.kind, t.kind));
      const target = pick(targets, c);
      if (!source || !target) return [board, []];
      const id = `e${serial}`;
      const props = kind === 'traffic' ? { port: pick([443, 5432, 8080, 22], c) } : {};
      const edge = { id, kind, source: source.id, target: target.id, props } as BoardEdge;
      return [{ ...board, edges: [...edges, edge] }, [id]];
    }
    case 5: {
      const edge = pick(edges, a);
      if (!edge) return [board, []];
      return [{ ...board, edges: edges.filter((e) => e.id !== edge.id) }, [edge.id]];
    }
    case 6: {
      // rename (messages quote labels)
      const node = pick(nodes, a);
      if (!node) return [board, []];
      const renamed = { ...node, label: `renamed ${b % 5}` } as BoardNode;
      return [{ ...board, nodes: nodes.map((n) => (n.id === node.id ? renamed : n)) }, [node.id]];
    }
    default: {
      // acknowledge (or un-acknowledge) whatever is found on a node
      const node = pick(nodes, a);
      if (!node) return [board, []];
      const found = validateBoard(board).filter((f) => f.nodeIds[0] === node.id);
      const rule = pick(found, b)?.ruleId ?? 'RDS_NO_SG';
      const acks = { ...(node.acks ?? {}) };
      if (acks[rule]) delete acks[rule];
      else acks[rule] = { reason: 'accepted risk' };
      const acked = { ...node, acks } as BoardNode;
      return [{ ...board, nodes: nodes.map((n) => (n.id === node.id ? acked : n)) }, [node.id]];
    }
  }
}

const edit = fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat());
const starts = [...TEMPLATES.map((t) => t.board()), net(), segmented()];

describe('incremental checking', () => {
  it('gives exactly the findings of a full run after every edit of random edit sequences', () => {
    fc.assert(
      fc.property(
        fc.nat(starts.length - 1),
        fc.array(edit, { minLength: 1, maxLength: 25 }),
        (start, edits) => {
          let board = structuredClone(starts[start]!);
          const v = createValidator(board);
          edits.forEach((e, i) => {
            const [next, changed] = applyEdit(board, e, i);
            board = next;
            const incremental = v.update(board, changed);
            expect(incremental).toEqual(validateBoard(board));
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('finds the changes itself when no ids are given', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 15 }), (edits) => {
        let board = structuredClone(starts[0]!);
        const v = createValidator(board);
        edits.forEach((e, i) => {
          board = applyEdit(board, e, i)[0];
          expect(v.update(board)).toEqual(validateBoard(board));
        });
      }),
      { numRuns: 40 },
    );
  });

  it('never crashes a rule on random edits', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 30 }), (edits) => {
        let board = structuredClone(starts[0]!);
        edits.forEach((e, i) => {
          board = applyEdit(board, e, i)[0];
        });
        expect(validateBoard(board).filter((f) => /could not run/.test(f.message))).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('re-checks a Transit Gateway when a VPC named only in one of its route tables changes', () => {
    const tables = structuredClone(SEGMENTED_TABLES);
    tables[2]!.propagations.push('lab');
    const board = segmented({
      tgw: { routeTables: tables },
      add: [{ id: 'lab', kind: 'vpc', props: { cidr: '10.9.0.0/16' } }],
    });
    const v = createValidator(board);
    expect(v.findings.find((f) => f.ruleId === 'TGW_ROUTE_TABLE_ATTACHMENT')?.message).toMatch(/VPC "lab"/);
    const next = {
      ...board,
      nodes: board.nodes.map((n) => (n.id === 'lab' ? { ...n, label: 'Lab VPC' } : n)),
    };
    expect(v.update(next, ['lab'])).toEqual(validateBoard(next));
    expect(validateBoard(next).find((f) => f.ruleId === 'TGW_ROUTE_TABLE_ATTACHMENT')?.message).toMatch(
      /VPC "Lab VPC"/,
    );
  });

  it('joins the clusters a property edit newly refers across, before a later edit of the other one', () => {
    // The VPC starts unconnected; listing it in a route table is a property edit of the gateway
    // (same kind, parent and edges), which must still join the two clusters.
    const board = segmented({ add: [{ id: 'lab', kind: 'vpc', props: { cidr: '10.9.0.0/16' } }] });
    const v = createValidator(board);
    const tables = structuredClone(SEGMENTED_TABLES);
    tables[2]!.propagations.push('lab');
    const listed = {
      ...board,
      nodes: board.nodes.map((n) =>
        n.kind === 'transit-gateway'
          ? ({ ...n, props: { ...n.props, routeTables: tables } } as BoardNode)
          : n,
      ),
    };
    const tgwId = board.nodes.find((n) => n.kind === 'transit-gateway')!.id;
    expect(v.update(listed, [tgwId])).toEqual(validateBoard(listed));
    const renamed = {
      ...listed,
      nodes: listed.nodes.map((n) => (n.id === 'lab' ? { ...n, label: 'Lab VPC' } : n)),
    };
    expect(v.update(renamed, ['lab'])).toEqual(validateBoard(renamed));
    expect(v.findings.find((f) => f.ruleId === 'TGW_ROUTE_TABLE_ATTACHMENT')?.message).toMatch(
      /VPC "Lab VPC"/,
    );
  });

  it('re-checks only what an edit touches and keeps the rest', () => {
    const board = net();
    const v = createValidator(board);
    expect(v.findings.some((f) => f.ruleId === 'RDS_PUBLICLY_ACCESSIBLE')).toBe(false);
    const next = {
      ...board,
      nodes: board.nodes.map((n) =>
        n.id === 'db' ? ({ ...n, props: { ...n.props, publiclyAccessible: true } } as BoardNode) : n,
      ),
    };
    const after = v.update(next, ['db']);
    expect(after.find((f) => f.ruleId === 'RDS_PUBLICLY_ACCESSIBLE')?.nodeIds).toEqual(['db']);
    expect(v.update(next, [])).toBe(after);
  });
});

describe('incremental checking of a resource spread over several subnets', () => {
  const allowAll = [{ ruleNumber: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }];
  const deny = (port: number) => [
    { ruleNumber: 90, protocol: 'tcp', fromPort: port, toPort: port, cidr: '0.0.0.0/0', action: 'deny' },
    ...allowAll,
  ];
  type Spec = NonNullable<Parameters<typeof net>[0]>;
  /** `edit` on the correct design, with ACL `acl_x` (allowing all) on `subnet`. */
  const withAcl = (subnet: string, edit: Spec = {}) =>
    net({
      ...edit,
      add: [
        ...(edit.add ?? []),
        { id: 'acl_x', kind: 'network-acl', parentId: 'v', props: { inbound: allowAll, outbound: allowAll } },
      ],
      edges: [...(edit.edges ?? []), { id: 'a_acl_x', kind: 'association', source: 'acl_x', target: subnet }],
    });
  /** A flow `f` from `source` to a new node (whose security group admits the VPC). */
  const toNew = (
    node: { id: string; kind: string; parentId: string | null; props: Record<string, unknown> },
    port: number,
  ): Spec => ({
    add: [
      node,
      {
        id: 'sg_new',
        kind: 'security-group',
        parentId: 'v',
        props: { ingress: [{ protocol: 'tcp', fromPort: port, toPort: port, cidr: '10.0.0.0/16' }] },
      },
    ],
    edges: [
      { id: 'a_new', kind: 'association', source: 'sg_new', target: node.id },
      { id: 'f', kind: 'traffic', source: 'app', target: node.id, props: { port } },
    ],
  });
  const service = (parentId: string | null, subnetIds: string[]): Spec => ({
    add: [
      { id: 'svc', kind: 'ecs-service', parentId, props: { subnetIds } },
      { id: 'bucket', kind: 's3-bucket' },
    ],
    edges: [{ id: 'f', kind: 'traffic', source: 'svc', target: 'bucket', props: { port: 443 } }],
  });
  const endpoint = (parentId: string | null, subnetIds: string[]): Spec => ({
    add: [
      { id: 'queue', kind: 'sqs-queue' },
      { id: 'ep', kind: 'interface-endpoint', parentId, props: { service: 'sqs', subnetIds } },
      {
        id: 'sg_ep',
        kind: 'security-group',
        parentId: 'v',
        props: { ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.0.0.0/16' }] },
      },
    ],
    edges: [
      { id: 'a_ep', kind: 'association', source: 'sg_ep', target: 'ep' },
      { id: 'f', kind: 'traffic', source: 'app', target: 'queue', props: { port: 443 } },
    ],
  });
  const aurora = (parentId: string | null) =>
    toNew(
      {
        id: 'aur',
        kind: 'aurora-cluster',
        parentId,
        props: {
          instances: [
            { name: 'w', role: 'writer', subnetId: 'priv_a' },
            { name: 'r', role: 'reader', subnetId: 'priv_b' },
          ],
        },
      },
      5432,
    );
  const grouped = (id: string, kind: string, parentId: string | null, group: string[], port: number) =>
    toNew({ id, kind, parentId, props: { subnetGroupSubnetIds: group } }, port);

  // [what, board (acl_x allowing all on the listed subnet), flow, port acl_x then denies both ways]
  const cases: [string, () => Board, string, number][] = [
    [
      'an ECS service drawn in priv_a, listing priv_b',
      () => withAcl('priv_b', service('priv_a', ['priv_b'])),
      'f',
      443,
    ],
    // At the board's root, only its list of subnets ties it to the VPC whose ACL changes.
    [
      'an ECS service drawn at the root, listing priv_a and priv_b',
      () => withAcl('priv_b', service(null, ['priv_a', 'priv_b'])),
      'f',
      443,
    ],
    ['an RDS instance with priv_b in its subnet group', () => withAcl('priv_b'), 'f_app_db', 5432],
    [
      'an RDS instance drawn at the root, its subnet group priv_a and priv_b',
      () =>
        withAcl('priv_b', {
          parent: { db: null },
          props: { db: { subnetGroupSubnetIds: ['priv_a', 'priv_b'] } },
        }),
      'f_app_db',
      5432,
    ],
    ['an Aurora cluster with a reader in priv_b', () => withAcl('priv_b', aurora('priv_a')), 'f', 5432],
    ['an Aurora cluster drawn at the root', () => withAcl('priv_b', aurora(null)), 'f', 5432],
    [
      'an ElastiCache cluster with priv_b in its subnet group',
      () => withAcl('priv_b', grouped('cache', 'elasticache-cluster', 'priv_a', ['priv_b'], 6379)),
      'f',
      6379,
    ],
    [
      'a Redshift cluster drawn at the root',
      () => withAcl('priv_b', grouped('wh', 'redshift-cluster', null, ['priv_a', 'priv_b'], 5439)),
      'f',
      5439,
    ],
    ["a load balancer's node in pub_b (internet to it)", () => withAcl('pub_b'), 'f_users_alb', 443],
    ["a load balancer's node in pub_b (to its targets)", () => withAcl('pub_b'), 'f_alb_app', 8080],
    [
      "an interface endpoint's network interface in priv_b",
      () => withAcl('priv_b', endpoint('priv_a', ['priv_b'])),
      'f',
      443,
    ],
  ];

  const setAcl = (board: Board, rules: unknown[]): Board => ({
    ...board,
    nodes: board.nodes.map((n) =>
      n.id === 'acl_x' ? ({ ...n, props: { ...n.props, inbound: rules, outbound: rules } } as BoardNode) : n,
    ),
  });
  const blocked = (findings: readonly { ruleId: string; edgeIds: string[] }[], flow: string) =>
    findings.some((f) => f.ruleId === 'NET_FLOW_BLOCKED' && f.edgeIds[0] === flow);

  it.each(cases)(
    're-checks its flows when only the ACL of a listed subnet changes: %s',
    (_what, make, flow, port) => {
      const board = make();
      const v = createValidator(board);
      expect(v.findings).toEqual(validateBoard(board));
      expect(blocked(v.findings, flow)).toBe(false);
      const denied = setAcl(board, deny(port));
      const after = v.update(denied, ['acl_x']);
      expect(after).toEqual(validateBoard(denied));
      expect(blocked(after, flow)).toBe(true);
      const back = v.update(board, ['acl_x']);
      expect(back).toEqual(validateBoard(board));
      expect(blocked(back, flow)).toBe(false);
    },
  );
});

describe('validateBoard', () => {
  it('ignores whiteboard items', () => {
    const board = net();
    const withNotes: Board = {
      ...board,
      nodes: [
        ...board.nodes,
        {
          id: 'note',
          kind: 'sticky',
          label: '',
          parentId: 'priv_a',
          position: { x: 0, y: 0 },
          props: { text: 'todo' },
        },
        { id: 'fr', kind: 'frame', label: '', parentId: null, position: { x: 0, y: 0 }, props: {} },
      ],
    };
    expect(validateBoard(withNotes)).toEqual(validateBoard(board));
  });

  it('sorts findings deterministically whatever the order of nodes and edges', () => {
    const board = net({ props: { v: { cidr: '10.0.0.1/16' }, db: { publiclyAccessible: true } } });
    const shuffled = { ...board, nodes: [...board.nodes].reverse(), edges: [...board.edges].reverse() };
    const a = validateBoard(board);
    expect(validateBoard(shuffled)).toEqual(a);
    const ranks = a.map((f) => ({ error: 0, warning: 1, info: 2 })[f.severity]);
    expect(ranks).toEqual([...ranks].sort());
  });

  it('does not crash on dangling references and edges to nowhere', () => {
    const board = net();
    const broken = {
      ...board,
      nodes: board.nodes.map((n) => (n.id === 'app' ? ({ ...n, parentId: 'gone' } as BoardNode) : n)),
      edges: [
        ...board.edges,
        { id: 'dangling', kind: 'traffic', source: 'app', target: 'nowhere', props: {} } as BoardEdge,
      ],
    };
    expect(() => validateBoard(broken)).not.toThrow();
  });
});

describe('hostile input', () => {
  it('never throws on boards whose properties have the wrong shapes', () => {
    const kinds = [
      'vpc',
      'subnet',
      'security-group',
      'network-acl',
      'rds-instance',
      'aurora-cluster',
      'dynamodb-table',
      'sqs-queue',
      'internet',
      'ec2-instance',
    ];
    const node = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
      kind: fc.constantFrom(...kinds),
      label: fc.string(),
      parentId: fc.constantFrom(null, 'a', 'b', 'c', 'zz'),
      position: fc.constant({ x: 0, y: 0 }),
      props: fc.dictionary(
        fc.constantFrom(
          'cidr',
          'ingress',
          'inbound',
          'instances',
          'subnetGroupSubnetIds',
          'engine',
          'localSecondaryIndexes',
          'messageAttributes',
          'zone',
        ),
        fc.anything(),
      ),
    });
    const edge = fc.record({
      id: fc.constantFrom('e1', 'e2', 'e3'),
      kind: fc.constantFrom(
        'route',
        'traffic',
        'association',
        'peering',
        'dead-letter',
        'read-replica',
        'origin',
      ),
      source: fc.constantFrom('a', 'b', 'c', 'missing'),
      target: fc.constantFrom('a', 'b', 'c', 'missing'),
      props: fc.dictionary(fc.constantFrom('port', 'protocol', 'destinationCidr'), fc.anything()),
    });
    fc.assert(
      fc.property(fc.array(node, { maxLength: 8 }), fc.array(edge, { maxLength: 6 }), (nodes, edges) => {
        const b = { nodes, edges } as unknown as Board;
        expect(() => validateBoard(b)).not.toThrow();
        const v = createValidator({ nodes: [], edges: [] });
        expect(() => v.update(b)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
