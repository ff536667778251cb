import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { board } from '../test/helpers.ts';
import { BoardImportError, parseBoard, parseBoardOrThrow, repairBoard } from './parse.ts';

const issuesOf = (input: unknown) => {
  const r = parseBoard(input);
  if (r.ok) throw new Error('expected the board to be rejected');
  return r.issues;
};

describe('parseBoard rejects bad input with the JSON path and the problem', () => {
  it('text that is not JSON', () => {
    expect(issuesOf('{"format": ')[0]).toMatchObject({
      path: '$',
      message: expect.stringMatching(/not valid JSON/),
    });
  });

  it('a value that is not an object', () => {
    expect(issuesOf([1, 2])[0]!.message).toMatch(/JSON object, got an array/);
  });

  it('a file of another format', () => {
    expect(issuesOf({ format: 'drawio', version: 1 })[0]).toMatchObject({ path: '$.format' });
  });

  it('a version newer than this code', () => {
    expect(
      issuesOf({ format: 'stratus.board', version: 99, name: 'x', nodes: [], edges: [] })[0],
    ).toMatchObject({
      path: '$.version',
      message: expect.stringMatching(/newer than this Stratus understands/),
    });
  });

  it('an unknown kind, listing the known ones', () => {
    const [issue] = issuesOf(board([{ id: 'a', kind: 'lambda' as never }]));
    expect(issue).toMatchObject({
      path: '$.nodes[0].kind',
      message: expect.stringMatching(/unknown kind "lambda".*vpc/),
    });
  });

  it('a missing required property', () => {
    const b = board([]);
    (b.nodes as unknown[]).push({ kind: 'vpc' });
    expect(issuesOf(b)[0]).toMatchObject({
      path: '$.nodes[0].id',
      message: expect.stringMatching(/missing required/),
    });
  });

  it('a property of the wrong type', () => {
    const [issue] = issuesOf(board([{ id: 'a', kind: 'sqs-queue', props: { delaySeconds: '10' } as never }]));
    expect(issue).toEqual({
      path: '$.nodes[0].props.delaySeconds',
      message: 'expected number, got the string "10"',
    });
  });

  it('an enum value that is not allowed', () => {
    const [issue] = issuesOf(board([{ id: 'a', kind: 'rds-instance', props: { engine: 'db2' } as never }]));
    expect(issue!.path).toBe('$.nodes[0].props.engine');
    expect(issue!.message).toMatch(/must be one of "mysql", "postgres"/);
  });

  it('a list row missing a required field', () => {
    const [issue] = issuesOf(
      board([
        {
          id: 'acl',
          kind: 'network-acl',
          props: { inbound: [{ ruleNumber: 100, protocol: 'tcp', cidr: '0.0.0.0/0' }] } as never,
        },
      ]),
    );
    expect(issue).toMatchObject({
      path: '$.nodes[0].props.inbound[0].action',
      message: expect.stringMatching(/missing/),
    });
  });

  it('a parent that does not exist', () => {
    expect(issuesOf(board([{ id: 's', kind: 'subnet', parentId: 'ghost' }]))[0]).toEqual({
      path: '$.nodes[0].parentId',
      message: 'parent "ghost" does not exist',
    });
  });

  it('containment the kind does not allow', () => {
    const [issue] = issuesOf(
      board([
        { id: 'v', kind: 'vpc' },
        { id: 'q', kind: 'sqs-queue', parentId: 'v' },
      ]),
    );
    expect(issue!.path).toBe('$.nodes[1].parentId');
    expect(issue!.message).toMatch(
      /an SQS queue cannot be placed inside a VPC \("v"\); it can go in the canvas/,
    );
  });

  it('nesting a container inside its own child', () => {
    const issues = issuesOf(
      board([
        { id: 's1', kind: 'subnet', parentId: 'z1' },
        { id: 'z1', kind: 'az', parentId: 's1' },
      ]),
    );
    expect(issues.map((i) => i.message)).toContain(
      'an Availability Zone cannot be placed inside a Subnet ("s1"); it can go in the canvas, a VPC',
    );
  });

  it('a pure cycle among containers is named as a cycle', () => {
    const b = board([
      { id: 'v', kind: 'vpc', parentId: 'z' },
      { id: 'z', kind: 'az', parentId: 'v' },
    ]);
    const messages = issuesOf(b).map((i) => i.message);
    expect(
      messages.some((m) =>
        /containment cycle: "v" inside "z" inside "v"|containment cycle: "z" inside "v" inside "z"/.test(m),
      ),
    ).toBe(true);
  });

  it('duplicate ids, across nodes and edges', () => {
    const issues = issuesOf(
      board(
        [
          { id: 'a', kind: 'sqs-queue' },
          { id: 'a', kind: 'sqs-queue' },
        ],
        [{ id: 'a', kind: 'dead-letter', source: 'a', target: 'a' }],
      ),
    );
    expect(issues.map((i) => i.path)).toEqual(['$.nodes[1].id', '$.edges[0].id']);
    expect(issues[0]!.message).toMatch(/duplicate id "a" \(already used at \$\.nodes\[0\]\)/);
  });

  it('an edge to nowhere', () => {
    const issues = issuesOf(
      board(
        [{ id: 'q', kind: 'sqs-queue' }],
        [{ id: 'e', kind: 'dead-letter', source: 'q', target: 'gone' }],
      ),
    );
    expect(issues).toEqual([
      { path: '$.edges[0].target', message: 'edge to nowhere: node "gone" does not exist' },
    ]);
  });

  it('an edge between kinds its kind cannot join', () => {
    const issues = issuesOf(
      board(
        [
          { id: 'q', kind: 'sqs-queue' },
          { id: 't', kind: 'dynamodb-table' },
        ],
        [{ id: 'e', kind: 'route', source: 'q', target: 't' }],
      ),
    );
    expect(issues[0]!.message).toMatch(/a route edge cannot join an SQS queue to a DynamoDB table/);
  });

  it('a property reference to a missing or wrong-kind node', () => {
    const issues = issuesOf(
      board([
        { id: 'q', kind: 'sqs-queue' },
        { id: 'db', kind: 'rds-instance', props: { subnetGroupSubnetIds: ['q', 'nope'] } },
      ]),
    );
    expect(issues.map((i) => i.path)).toEqual([
      '$.nodes[1].props.subnetGroupSubnetIds[0]',
      '$.nodes[1].props.subnetGroupSubnetIds[1]',
    ]);
    expect(issues[0]!.message).toMatch(/must refer to subnet, but "q" is an SQS queue/);
  });

  it('never imports half a board: one bad node fails the whole file', () => {
    const r = parseBoard(
      board([
        { id: 'ok', kind: 'vpc' },
        { id: 'bad', kind: 'vpc', props: { cidr: 1 } as never },
      ]),
    );
    expect(r.ok).toBe(false);
    expect(r).not.toHaveProperty('board');
  });

  it('throws a readable error from parseBoardOrThrow', () => {
    expect(() => parseBoardOrThrow(board([{ id: 's', kind: 'subnet', parentId: 'x' }]))).toThrowError(
      BoardImportError,
    );
    expect(() => parseBoardOrThrow(board([{ id: 's', kind: 'subnet', parentId: 'x' }]))).toThrow(
      /\$\.nodes\[0\]\.parentId: parent "x" does not exist/,
    );
  });
});

describe('parseBoard accepts and normalises', () => {
  it('fills optional envelope fields', () => {
    const r = parseBoardOrThrow({
      format: 'stratus.board',
      version: 1,
      name: 'n',
      nodes: [{ id: 'a', kind: 'vpc' }],
      edges: [],
    });
    expect(r.nodes[0]).toEqual({
      id: 'a',
      kind: 'vpc',
      label: '',
      parentId: null,
      position: { x: 0, y: 0 },
      props: {},
    });
  });

  it('orders parents before children', () => {
    const r = parseBoardOrThrow(
      board([
        { id: 's', kind: 'subnet', parentId: 'z' },
        { id: 'z', kind: 'az', parentId: 'v' },
        { id: 'q', kind: 'sqs-queue' },
        { id: 'v', kind: 'vpc' },
      ]),
    );
    expect(r.nodes.map((n) => n.id)).toEqual(['v', 'z', 's', 'q']);
  });

  it('the documented example board imports cleanly', () => {
    const text = readFileSync(new URL('../templates/three-tier.board.json', import.meta.url), 'utf8');
    const r = parseBoard(text);
    expect(r.ok).toBe(true);
  });
});

describe('repairBoard', () => {
  it('fixes what concurrent edits can leave behind, and reports it', () => {
    const b = board(
      [
        { id: 'v', kind: 'vpc', parentId: 'z' },
        { id: 'z', kind: 'az', parentId: 'v' },
        { id: 's', kind: 'subnet', parentId: 'deleted' },
        { id: 'db', kind: 'rds-instance', props: { subnetGroupSubnetIds: ['s', 'gone'] } },
      ],
      [{ id: 'e', kind: 'route', source: 's', target: 'gone' }],
    );
    const { board: fixed, repairs } = repairBoard(b);
    expect(repairs.length).toBeGreaterThanOrEqual(3);
    expect(parseBoard(fixed).ok).toBe(true);
    expect(fixed.edges).toEqual([]);
    expect(fixed.nodes.find((n) => n.id === 's')!.parentId).toBeNull();
    expect(fixed.nodes.find((n) => n.id === 'db')!.props).toEqual({ subnetGroupSubnetIds: ['s'] });
  });
});

describe('a file with several problems reports all of them', () => {
  const file = {
    format: 'stratus.board',
    version: 1,
    nodes: [
      { id: 'ok', kind: 'vpc', label: 'VPC', parentId: null, position: { x: 0, y: 0 }, props: {} },
      { id: 'bad', kind: 'bogus', label: 'B', parentId: null, position: { x: 0, y: 0 }, props: {} },
      { id: 'lost', kind: 'subnet', label: 'C', parentId: 'nowhere', position: { x: 0, y: 0 }, props: {} },
      { id: 'inbad', kind: 'ec2-instance', label: 'D', parentId: 'bad', position: { x: 0, y: 0 }, props: {} },
    ],
    edges: [
      { id: 'e1', kind: 'route', source: 'ok', target: 'missing', props: {} },
      { id: 'e2', kind: 'traffic', source: 'bad', target: 'ok', props: {} },
    ],
  };

  it('a missing name, a bad node, a dangling parent and an edge to nowhere, each with its path', () => {
    const r = parseBoard(JSON.stringify(file));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path)).toEqual([
      '$.name',
      '$.nodes[1].kind',
      '$.nodes[2].parentId',
      '$.edges[0].target',
    ]);
    // References to the node that could not be read ("bad") are not reported a second time.
    expect(r.issues.some((i) => i.message.includes('"bad"'))).toBe(false);
  });

  it('paths keep the positions in the file when earlier items could not be read', () => {
    const r = parseBoard({ ...file, name: 'Named', nodes: [file.nodes[1], file.nodes[0], file.nodes[2]] });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => i.path)).toEqual([
        '$.nodes[0].kind',
        '$.nodes[2].parentId',
        '$.edges[0].target',
      ]);
  });
});
