/** Comments as threads, and open-comment counts per node. Pure functions, no React. */
import type { Comment } from '@stratus/api';

export interface Thread {
  root: Comment;
  replies: Comment[];
}

/** Merges a comment (new or changed) into a list, keeping creation order. */
export function upsert(list: readonly Comment[], c: Comment): Comment[] {
  const i = list.findIndex((x) => x.id === c.id);
  let next: Comment[];
  if (i >= 0) {
    next = list.slice();
    next[i] = c;
  } else next = [...list, c];
  // A thread's resolved state applies to its replies.
  if (!c.threadId) next = next.map((x) => (x.threadId === c.id ? { ...x, resolved: c.resolved } : x));
  return next;
}

export function threads(list: readonly Comment[]): Thread[] {
  const byId = new Map<string, Thread>();
  const out: Thread[] = [];
  for (const c of list) {
    if (!c.threadId) {
      const t = { root: c, replies: [] };
      byId.set(c.id, t);
      out.push(t);
    }
  }
  for (const c of list) if (c.threadId) byId.get(c.threadId)?.replies.push(c);
  return out;
}

/** Comments (first ones and replies) in open threads anchored to each node. */
export function countsByNode(list: readonly Comment[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of threads(list)) {
    const a = t.root.anchor;
    if (t.root.resolved || !a || a.kind === 'point') continue;
    counts.set(a.nodeId, (counts.get(a.nodeId) ?? 0) + 1 + t.replies.length);
  }
  return counts;
}
