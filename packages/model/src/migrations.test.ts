import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BOARD_VERSION } from './board.ts';
import { type Migration, MIGRATIONS, MigrationError, migrateBoardJson } from './migrations.ts';
import { docSchemaVersion, docToBoard, metaMap, migrateDoc, nodesMap } from './ydoc.ts';

// The real history is empty (v1 is the first format); these steps exercise the machinery the
// way the next real migration will use it: v1 -> v2 renames a prop, v2 -> v3 adds a field.
const renameDelay: Migration = {
  from: 1,
  description: 'sqs: delay -> delaySeconds',
  up: (b) => ({
    ...b,
    nodes: (b.nodes as Record<string, unknown>[]).map((n) => {
      const props = { ...(n.props as Record<string, unknown>) };
      if ('delay' in props) {
        props.delaySeconds = props.delay;
        delete props.delay;
      }
      return { ...n, props };
    }),
  }),
};
const addDescription: Migration = {
  from: 2,
  description: 'board description',
  up: (b) => ({ description: '', ...b }),
};

describe('migrateBoardJson', () => {
  it('applies each step in order and stamps the version', () => {
    const v1 = {
      format: 'stratus.board',
      version: 1,
      name: 'n',
      nodes: [{ id: 'q', kind: 'sqs-queue', props: { delay: 10 } }],
      edges: [],
    };
    const { board, applied } = migrateBoardJson(v1, [addDescription, renameDelay], 3);
    expect(applied.map((m) => m.from)).toEqual([1, 2]);
    expect(board).toEqual({
      ...v1,
      version: 3,
      description: '',
      nodes: [{ id: 'q', kind: 'sqs-queue', props: { delaySeconds: 10 } }],
    });
    expect(v1.nodes[0]!.props).toEqual({ delay: 10 });
  });

  it('is the identity for a current board', () => {
    const b = { format: 'stratus.board', version: BOARD_VERSION, name: 'n', nodes: [], edges: [] };
    expect(migrateBoardJson(b)).toEqual({ board: b, applied: [] });
  });

  it('refuses a board from the future, a gap in the history and a nonsense version', () => {
    expect(() => migrateBoardJson({ version: BOARD_VERSION + 1 })).toThrow(
      /newer than this Stratus understands/,
    );
    expect(() => migrateBoardJson({ version: 1 }, [addDescription], 3)).toThrow(
      /no migration from board format version 1/,
    );
    expect(() => migrateBoardJson({ version: '1' })).toThrow(MigrationError);
  });

  it('has a step for every version below the current one', () => {
    for (let v = 1; v < BOARD_VERSION; v++) expect(MIGRATIONS.some((m) => m.from === v)).toBe(true);
  });
});

describe('migrateDoc', () => {
  it('stamps a brand-new document with the current version', () => {
    const doc = new Y.Doc();
    expect(docSchemaVersion(doc)).toBe(0);
    migrateDoc(doc);
    expect(docSchemaVersion(doc)).toBe(BOARD_VERSION);
  });

  it('rewrites an old stored document in place, and the result syncs to other replicas', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      metaMap(doc).set('schemaVersion', 1);
      metaMap(doc).set('name', 'old');
      const q = new Y.Map<unknown>();
      q.set('kind', 'sqs-queue');
      q.set('label', 'Q');
      q.set('parentId', null);
      q.set('x', 1);
      q.set('y', 2);
      q.set('order', 0);
      q.set('props', new Y.Map([['delay', 7]]));
      nodesMap(doc).set('q', q);
    });
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    doc.on('update', (u: Uint8Array) => Y.applyUpdate(replica, u));

    const applied = migrateDoc(doc, [renameDelay, addDescription], 3);
    expect(applied).toHaveLength(2);
    expect(docSchemaVersion(doc)).toBe(3);
    for (const d of [doc, replica]) {
      const b = docToBoard(d);
      expect(b.description).toBe('');
      expect(b.nodes[0]).toMatchObject({
        id: 'q',
        label: 'Q',
        position: { x: 1, y: 2 },
        props: { delaySeconds: 7 },
      });
    }
  });
});
