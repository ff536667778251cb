/**
 * Review UI on the board screen: top-bar controls (role badge, comments, share), the comments
 * drawer (threads, replies, resolve/reopen, new comments on a node, a point or a finding),
 * and comment pins on the canvas with counts.
 */
import type { BoardNode } from '@stratus/model';
import { useInternalNode, useReactFlow, ViewportPortal } from '@xyflow/react';
import { useState } from 'react';
import type { Finding } from '../board/findings.ts';
import { loadIdentity } from '../identity.ts';
import { ROLE_LABEL } from './access.ts';
import type { Anchor, Comment } from '@stratus/api';
import { reviewApi } from './api.ts';
import { ShareDialog } from './ShareDialog.tsx';
import { type Thread, threads } from './threads.ts';
import type { Review } from './useReview.ts';
import './review.css';

export function ReviewButtons({ review, onShareFallback }: { review: Review; onShareFallback?: () => void }) {
  const open = threads(review.comments).filter((t) => !t.root.resolved).length;
  return (
    <>
      {review.role ? (
        <span className={`review-role role-${review.role}`} data-testid="role" data-role={review.role}>
          {review.open ? 'Open board' : ROLE_LABEL[review.role]}
        </span>
      ) : null}
      <button
        type="button"
        className={`btn${review.drawer ? ' is-on' : ''}`}
        data-testid="comments-toggle"
        onClick={() => review.setDrawer(!review.drawer)}
      >
        Comments {open ? <span className="tab-count">{open}</span> : null}
      </button>
      {review.can.manageLinks ? (
        <button type="button" className="btn" data-testid="share" onClick={() => review.setShare(true)}>
          Share
        </button>
      ) : onShareFallback && review.can.edit ? (
        <button type="button" className="btn" onClick={onShareFallback}>
          Share
        </button>
      ) : null}
    </>
  );
}

/** Overlays inside the canvas area: pins, the drawer and the share dialog. */
export function ReviewLayer({
  review,
  nodes,
  selectedNode,
  findings,
  onSelectNode,
}: {
  review: Review;
  nodes: ReadonlyMap<string, BoardNode>;
  selectedNode: string | null;
  findings: readonly Finding[];
  onSelectNode: (id: string) => void;
}) {
  return (
    <>
      <CommentPins review={review} nodes={nodes} onSelectNode={onSelectNode} />
      {review.drawer ? (
        <CommentsDrawer review={review} nodes={nodes} selectedNode={selectedNode} findings={findings} />
      ) : null}
      {review.share ? <ShareDialog boardId={review.boardId} onClose={() => review.setShare(false)} /> : null}
      {review.accessError ? (
        <div className="review-access-error" role="alert">
          {review.accessError}
        </div>
      ) : null}
    </>
  );
}

function NodePin({ id, count, onClick }: { id: string; count: number; onClick: () => void }) {
  const n = useInternalNode(id);
  if (!n) return null;
  const p = n.internals.positionAbsolute;
  const w = n.measured.width ?? n.width ?? 0;
  return (
    <button
      type="button"
      className="comment-pin"
      data-testid="comment-pin"
      data-node={id}
      data-count={count}
      title={`${count} comment${count === 1 ? '' : 's'}`}
      style={{ transform: `translate(${p.x + w - 10}px, ${p.y - 14}px)` }}
      onClick={onClick}
    >
      <CommentIcon /> {count}
    </button>
  );
}

function CommentPins({
  review,
  nodes,
  onSelectNode,
}: {
  review: Review;
  nodes: ReadonlyMap<string, BoardNode>;
  onSelectNode: (id: string) => void;
}) {
  const points = threads(review.comments).filter((t) => !t.root.resolved && t.root.anchor?.kind === 'point');
  return (
    <ViewportPortal>
      {[...review.counts].map(([id, count]) =>
        nodes.has(id) ? (
          <NodePin
            key={id}
            id={id}
            count={count}
            onClick={() => {
              onSelectNode(id);
              review.setFocus(null);
              review.setDraftAnchor({ kind: 'node', nodeId: id });
              review.setDrawer(true);
            }}
          />
        ) : null,
      )}
      {points.map((t) => {
        const a = t.root.anchor as { x: number; y: number };
        return (
          <button
            type="button"
            key={t.root.id}
            className="comment-pin comment-pin-point"
            data-testid="comment-pin"
            style={{ transform: `translate(${a.x}px, ${a.y}px)` }}
            title={t.root.body.slice(0, 80)}
            onClick={() => {
              review.setFocus(t.root.id);
              review.setDrawer(true);
            }}
          >
            <CommentIcon /> {1 + t.replies.length}
          </button>
        );
      })}
    </ViewportPortal>
  );
}

function anchorText(a: Anchor | null, nodes: ReadonlyMap<string, BoardNode>): string {
  if (!a) return 'The board';
  if (a.kind === 'point') return `A point on the canvas (${Math.round(a.x)}, ${Math.round(a.y)})`;
  const label = nodes.get(a.nodeId)?.label || a.nodeId;
  return a.kind === 'node' ? label : `Finding ${a.ruleId} on ${label}`;
}

function CommentsDrawer({
  review,
  nodes,
  selectedNode,
  findings,
}: {
  review: Review;
  nodes: ReadonlyMap<string, BoardNode>;
  selectedNode: string | null;
  findings: readonly Finding[];
}) {
  const rf = useReactFlow();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [showResolved, setShowResolved] = useState(false);
  const all = threads(review.comments);
  const relevant = all.filter(
    (t) =>
      (showResolved || !t.root.resolved) &&
      (review.focus
        ? t.root.id === review.focus
        : !review.draftAnchor || review.draftAnchor.kind === 'point'
          ? true
          : t.root.anchor?.kind !== 'point' && t.root.anchor?.nodeId === review.draftAnchor.nodeId),
  );
  const anchor: Anchor | null =
    review.draftAnchor ?? (selectedNode ? { kind: 'node', nodeId: selectedNode } : null);

  const post = async () => {
    if (!text.trim()) return;
    setError(null);
    let a = anchor;
    if (!a) {
      const el = document.querySelector('.canvas')?.getBoundingClientRect();
      const c = rf.screenToFlowPosition({
        x: (el?.left ?? 0) + (el?.width ?? 800) / 2,
        y: (el?.top ?? 0) + (el?.height ?? 600) / 2,
      });
      a = { kind: 'point', x: Math.round(c.x), y: Math.round(c.y) };
    }
    try {
      const c = await reviewApi.addComment(review.boardId, {
        body: text.trim(),
        authorName: loadIdentity().name,
        anchor: a,
      });
      review.received(c);
      setText('');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const nodeFindings = findings.filter(
    (f) => anchor && anchor.kind !== 'point' && f.nodeIds.includes(anchor.nodeId),
  );

  return (
    <aside className="review-drawer" data-testid="comments-drawer" aria-label="Comments">
      <div className="review-drawer-head">
        <strong>Comments</strong>
        <label className="small muted">
          <input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} />{' '}
          Show resolved
        </label>
        <button
          type="button"
          className="icon-btn"
          aria-label="Close comments"
          onClick={() => review.setDrawer(false)}
        >
          ×
        </button>
      </div>
      {review.focus || review.draftAnchor ? (
        <button
          type="button"
          className="link-btn small"
          onClick={() => {
            review.setFocus(null);
            review.setDraftAnchor(null);
          }}
        >
          ← All comments
        </button>
      ) : null}
      <div className="review-threads">
        {relevant.length === 0 ? <div className="muted small pad">No comments here yet.</div> : null}
        {relevant.map((t) => (
          <ThreadView key={t.root.id} thread={t} review={review} nodes={nodes} />
        ))}
      </div>
      {review.can.comment ? (
        <div className="review-new">
          <div className="small muted">
            New comment on:{' '}
            <strong data-testid="comment-anchor">
              {anchor ? anchorText(anchor, nodes) : 'this spot on the canvas'}
            </strong>
          </div>
          {nodeFindings.length ? (
            <select
              className="small"
              aria-label="Comment on a finding"
              value={anchor?.kind === 'finding' ? anchor.ruleId : ''}
              onChange={(e) => {
                const id = anchor && anchor.kind !== 'point' ? anchor.nodeId : null;
                if (!id) return;
                review.setDraftAnchor(
                  e.target.value
                    ? { kind: 'finding', ruleId: e.target.value, nodeId: id }
                    : { kind: 'node', nodeId: id },
                );
              }}
            >
              <option value="">The resource itself</option>
              {nodeFindings.map((f) => (
                <option key={f.ruleId} value={f.ruleId}>
                  Finding {f.ruleId}: {f.message.slice(0, 60)}
                </option>
              ))}
            </select>
          ) : null}
          <textarea
            data-testid="comment-input"
            value={text}
            maxLength={4000}
            placeholder="Write a comment…"
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void post();
            }}
          />
          <button
            type="button"
            className="btn btn-primary"
            data-testid="comment-post"
            onClick={() => void post()}
          >
            Comment
          </button>
          {error ? (
            <div className="review-error" role="alert">
              {error}
            </div>
          ) : null}
        </div>
      ) : (
        <div className="muted small pad">Your link lets you read comments but not write them.</div>
      )}
    </aside>
  );
}

function CommentBody({ c }: { c: Comment }) {
  return (
    <div className="review-comment" data-testid="comment">
      <div className="small">
        <strong>{c.author.name}</strong>{' '}
        <span className="muted">· {new Date(c.createdAt).toLocaleString()}</span>
      </div>
      <div className="review-comment-body">{c.body}</div>
    </div>
  );
}

function ThreadView({
  thread,
  review,
  nodes,
}: {
  thread: Thread;
  review: Review;
  nodes: ReadonlyMap<string, BoardNode>;
}) {
  const [reply, setReply] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { root } = thread;
  const act = async (fn: () => Promise<Comment>) => {
    setError(null);
    try {
      review.received(await fn());
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div
      className={`review-thread${root.resolved ? ' is-resolved' : ''}`}
      data-testid="thread"
      data-resolved={root.resolved}
    >
      <div className="review-anchor small muted">{anchorText(root.anchor, nodes)}</div>
      <CommentBody c={root} />
      {thread.replies.map((r) => (
        <CommentBody key={r.id} c={r} />
      ))}
      {review.can.comment ? (
        <div className="review-reply">
          <input
            value={reply}
            placeholder="Reply…"
            maxLength={4000}
            onChange={(e) => setReply(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && reply.trim())
                void act(() =>
                  reviewApi.reply(review.boardId, root.id, {
                    body: reply.trim(),
                    authorName: loadIdentity().name,
                  }),
                ).then(() => setReply(''));
            }}
          />
          <button
            type="button"
            className="link-btn small"
            onClick={() => void act(() => reviewApi.setResolved(review.boardId, root.id, !root.resolved))}
          >
            {root.resolved ? 'Reopen' : 'Resolve'}
          </button>
        </div>
      ) : null}
      {error ? (
        <div className="review-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** A speech bubble drawn as SVG: the emoji was a missing-glyph box where fonts lack it. */
function CommentIcon() {
  return (
    <svg className="comment-icon" width="12" height="12" viewBox="0 0 16 16" aria-hidden="true">
      <path
        d="M2.5 3h11a1 1 0 0 1 1 1v6.5a1 1 0 0 1-1 1H7l-3.5 3v-3h-1a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1z"
        fill="currentColor"
      />
    </svg>
  );
}
