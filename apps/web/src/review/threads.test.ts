import { describe, expect, it } from 'vitest';
import { capabilities } from './access.ts';
import type { Comment } from '@stratus/api';
import { countsByNode, threads, upsert } from './threads.ts';

const c = (id: string, over: Partial<Comment> = {}): Comment => ({
  id,
  boardId: 'b',
  threadId: null,
  author: { name: 'A', role: 'comment' },
  body: id,
  anchor: null,
  resolved: false,
  resolvedAt: null,
  resolvedBy: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

describe('comment threads', () => {
  it('groups replies under their thread and counts open comments per node', () => {
    let list: Comment[] = [];
    list = upsert(list, c('t1', { anchor: { kind: 'node', nodeId: 'n1' } }));
    list = upsert(list, c('t2', { anchor: { kind: 'point', x: 1, y: 2 } }));
    list = upsert(list, c('t3', { anchor: { kind: 'finding', ruleId: 'R1', nodeId: 'n1' } }));
    list = upsert(list, c('r1', { threadId: 't1' }));
    const ts = threads(list);
    expect(ts.map((t) => [t.root.id, t.replies.map((r) => r.id)])).toEqual([
      ['t1', ['r1']],
      ['t2', []],
      ['t3', []],
    ]);
    expect(Object.fromEntries(countsByNode(list))).toEqual({ n1: 3 });
    // Resolving a thread removes it (and its replies) from the counts; reopening restores them.
    list = upsert(list, c('t1', { anchor: { kind: 'node', nodeId: 'n1' }, resolved: true }));
    expect(list.find((x) => x.id === 'r1')?.resolved).toBe(true);
    expect(Object.fromEntries(countsByNode(list))).toEqual({ n1: 1 });
    list = upsert(list, c('t1', { anchor: { kind: 'node', nodeId: 'n1' }, resolved: false }));
    expect(Object.fromEntries(countsByNode(list))).toEqual({ n1: 3 });
    expect(list).toHaveLength(4);
  });

  it('maps roles to what the interface offers', () => {
    expect(capabilities('view')).toEqual({ edit: false, comment: false, manageLinks: false });
    expect(capabilities('comment')).toEqual({ edit: false, comment: true, manageLinks: false });
    expect(capabilities('edit')).toEqual({ edit: true, comment: true, manageLinks: false });
    expect(capabilities('owner')).toEqual({ edit: true, comment: true, manageLinks: true });
    expect(capabilities(null)).toEqual({ edit: false, comment: false, manageLinks: false });
  });
});
