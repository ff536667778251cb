/** Everything the board screen needs for review: role, comments (live), drawer state. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { BoardSession } from '../board/session.ts';
import { capabilities, useAccess } from './access.ts';
import type { Anchor, Comment } from '@stratus/api';
import { reviewApi } from './api.ts';
import { countsByNode, upsert } from './threads.ts';

export interface Review {
  boardId: string;
  role: ReturnType<typeof useAccess>['role'];
  open: boolean;
  accessError: string | null;
  can: ReturnType<typeof capabilities>;
  comments: Comment[];
  counts: Map<string, number>;
  drawer: boolean;
  setDrawer: (open: boolean) => void;
  share: boolean;
  setShare: (open: boolean) => void;
  /** What a new comment will be anchored to (a node, a point, a finding). */
  draftAnchor: Anchor | null;
  setDraftAnchor: (a: Anchor | null) => void;
  /** Focused thread (from a pin). */
  focus: string | null;
  setFocus: (id: string | null) => void;
  refresh: () => void;
  received: (c: Comment) => void;
}

export function useReview(session: BoardSession, toast: (text: string) => void): Review {
  const access = useAccess(session);
  const can = capabilities(access.role);
  const [comments, setComments] = useState<Comment[]>([]);
  const [drawer, setDrawer] = useState(false);
  const [share, setShare] = useState(false);
  const [draftAnchor, setDraftAnchor] = useState<Anchor | null>(null);
  const [focus, setFocus] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  const received = useCallback((c: Comment) => setComments((list) => upsert(list, c)), []);

  useEffect(() => {
    if (access.role === null) return;
    let live = true;
    void tick;
    const load = () =>
      reviewApi.comments(session.boardId).then(
        (r) => live && setComments(r.comments),
        () => {},
      );
    void load();
    const es = reviewApi.events(session.boardId);
    // The stream says 'ready' on every (re)connection; comments made while it was away (a
    // network blip, a server restart, an instance that lost its Redis bus) are fetched again.
    let connections = 0;
    es.addEventListener('ready', () => {
      if (connections++ > 0) void load();
    });
    es.addEventListener('comment', (e) => {
      try {
        received((JSON.parse((e as MessageEvent).data) as { comment: Comment }).comment);
      } catch {
        // ignore a malformed event
      }
    });
    es.addEventListener('access-revoked', (e) => {
      try {
        toast((JSON.parse((e as MessageEvent).data) as { message: string }).message);
      } catch {}
      es.close();
    });
    return () => {
      live = false;
      es.close();
    };
  }, [session.boardId, access.role, tick, received, toast]);

  const counts = useMemo(() => countsByNode(comments), [comments]);
  return {
    boardId: session.boardId,
    role: access.role,
    open: access.open,
    accessError: access.error,
    can,
    comments,
    counts,
    drawer,
    setDrawer,
    share,
    setShare,
    draftAnchor,
    setDraftAnchor,
    focus,
    setFocus,
    refresh: () => setTick((t) => t + 1),
    received,
  };
}

/** "Comment on this finding" from the validation sidebar; undefined when the role cannot comment. */
export function findingCommenter(review: Review) {
  if (!review.can.comment) return undefined;
  return (f: { ruleId: string; nodeIds: string[] }) => {
    const nodeId = f.nodeIds[0];
    if (!nodeId) return;
    review.setFocus(null);
    review.setDraftAnchor({ kind: 'finding', ruleId: f.ruleId, nodeId });
    review.setDrawer(true);
  };
}
