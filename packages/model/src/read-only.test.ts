import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { board } from '../test/helpers.ts';
import {
  addEdges,
  addNodes,
  boardToDoc,
  deleteEdges,
  deleteNodes,
  docReadOnlyReason,
  migrateDoc,
  ReadOnlyDocError,
  renameBoard,
  setAck,
  setDocReadOnly,
  setEdgeProps,
  setNodeProps,
  updateEdge,
  updateNode,
  updateNodes,
} from './ydoc.ts';

const REASON = 'This link can view the board but not edit it.';

function readOnlyBoard() {
  const doc = boardToDoc(
    board([
      { id: 'a', kind: 'sqs-queue' },
      { id: 'b', kind: 'sqs-queue' },
    ]),
  );
  setDocReadOnly(doc, REASON);
  return doc;
}

describe('a read-only document', () => {
  const q = (id: string) => ({
    id,
    kind: 'sqs-queue' as const,
    label: '',
    parentId: null,
    position: { x: 0, y: 0 },
    props: {},
  });
  const edits: [string, (doc: Y.Doc) => unknown][] = [
    ['boardToDoc (import)', (d) => boardToDoc(board([]), d)],
    ['addNodes', (d) => addNodes(d, [q('c')])],
    ['updateNode', (d) => updateNode(d, 'a', { label: 'x' })],
    ['updateNodes (drag, layout)', (d) => updateNodes(d, new Map([['a', { position: { x: 5, y: 5 } }]]))],
    ['setNodeProps', (d) => setNodeProps(d, 'a', { visibilityTimeoutSeconds: 60 })],
    ['deleteNodes', (d) => deleteNodes(d, ['a'])],
    ['addEdges', (d) => addEdges(d, [{ id: 'e', kind: 'traffic', source: 'a', target: 'b', props: {} }])],
    ['updateEdge', (d) => updateEdge(d, 'e', { label: 'x' })],
    ['setEdgeProps', (d) => setEdgeProps(d, 'e', { port: 1 })],
    ['deleteEdges', (d) => deleteEdges(d, ['e'])],
    ['setAck', (d) => setAck(d, 'a', 'R', { reason: 'ok' })],
    ['renameBoard', (d) => renameBoard(d, 'x')],
  ];

  it.each(edits)('refuses %s with the reason and leaves the document as it was', (_, edit) => {
    const doc = readOnlyBoard();
    const before = Y.encodeStateAsUpdate(doc);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    expect(() => edit(doc)).toThrow(ReadOnlyDocError);
    expect(() => edit(doc)).toThrow(REASON);
    expect(updates).toEqual([]);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it('still receives remote updates, and edits again once marked editable', () => {
    const doc = readOnlyBoard();
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    renameBoard(other, 'From the owner');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
    expect(doc.getMap('meta').get('name')).toBe('From the owner');
    expect(docReadOnlyReason(doc)).toBe(REASON);
    // Reading the current schema version is not an edit.
    expect(migrateDoc(doc)).toEqual([]);
    setDocReadOnly(doc, null);
    expect(docReadOnlyReason(doc)).toBeNull();
    renameBoard(doc, 'Mine');
    expect(doc.getMap('meta').get('name')).toBe('Mine');
  });
});
