/**
 * Opening a board framed whole, on any machine speed.
 *
 * The frame is computed from the model, not from measured DOM nodes: every node's size is known
 * from the board (containers and notes carry theirs, resources are fixed cards), so there is
 * nothing to wait for but the board itself and the pane's size. Until the person takes over the
 * view (presses a key, a button or the canvas, or scrolls), the board stays framed whenever
 * something it does not control changes the picture: the pane is resized (the palette appears
 * once the role is known, the window is resized) or more of the board arrives and would fall
 * outside. Nothing here runs on a timer.
 */
import type { BoardNode } from '@stratus/model';
import { getViewportForBounds, type Rect, useReactFlow, useStoreApi, type Viewport } from '@xyflow/react';
import { useEffect, useRef, useState } from 'react';
import type { FlowModel } from './flow-model.ts';
import { nodeSize } from './flow-model.ts';

/**
 * How a board is framed when it opens: all of it, with little margin, never magnified (a board of
 * three nodes used to open at 3x). Labels stay readable when that is far out (see labelSize).
 */
export const INITIAL_FIT = { padding: 0.04, maxZoom: 1 } as const;
/** The canvas's own zoom limits (React Flow's minZoom). */
export const MIN_ZOOM = 0.05;

/** waiting: the board has not arrived; framed: kept framed; free: the person moves the view. */
export type FramingState = 'waiting' | 'framed' | 'free';

/** The rectangle (board coordinates) that holds every node, or null for an empty board. */
export function boardBounds(board: ReadonlyMap<string, BoardNode>): Rect | null {
  const abs = new Map<string, { x: number; y: number }>();
  const absolute = (n: BoardNode): { x: number; y: number } => {
    const known = abs.get(n.id);
    if (known) return known;
    // Positions are relative to the parent; a parent chain that loops or dangles ends the walk.
    let x = n.position.x;
    let y = n.position.y;
    const seen = new Set([n.id]);
    let p = n.parentId !== null ? board.get(n.parentId) : undefined;
    while (p && !seen.has(p.id)) {
      seen.add(p.id);
      x += p.position.x;
      y += p.position.y;
      p = p.parentId !== null ? board.get(p.parentId) : undefined;
    }
    const at = { x, y };
    abs.set(n.id, at);
    return at;
  };
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const n of board.values()) {
    const { x, y } = absolute(n);
    const s = nodeSize(n);
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + s.width);
    y1 = Math.max(y1, y + s.height);
  }
  if (!Number.isFinite(x0) || !Number.isFinite(y1)) return null;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The viewport that shows `bounds` whole in a pane of `width` x `height` pixels. */
export function frameViewport(bounds: Rect, width: number, height: number): Viewport {
  return getViewportForBounds(bounds, width, height, MIN_ZOOM, INITIAL_FIT.maxZoom, INITIAL_FIT.padding);
}

/** Whether `bounds` lies inside what `viewport` shows of a `width` x `height` pane. */
export function showsWhole(bounds: Rect, viewport: Viewport, width: number, height: number): boolean {
  const left = bounds.x * viewport.zoom + viewport.x;
  const top = bounds.y * viewport.zoom + viewport.y;
  return (
    left >= -0.5 &&
    top >= -0.5 &&
    left + bounds.width * viewport.zoom <= width + 0.5 &&
    top + bounds.height * viewport.zoom <= height + 0.5
  );
}

/**
 * Frames the board once `ready` (the server's copy has arrived) and keeps it framed until the
 * person takes over the view. Returns the state, which the canvas shows as `data-framing` so
 * tests (and people debugging) can wait for it.
 */
export function useOpeningFrame(model: FlowModel, ready: boolean): FramingState {
  const rf = useReactFlow();
  const store = useStoreApi();
  const [state, setState] = useState<FramingState>('waiting');
  // The state as the handlers below must see it at once (a render may not have happened yet).
  const now = useRef<FramingState>('waiting');
  const become = (next: FramingState) => {
    now.current = next;
    setState(next);
  };
  const free = state === 'free';

  // biome-ignore lint/correctness/useExhaustiveDependencies: `become` only writes a ref and state
  useEffect(() => {
    if (!ready || free) return;
    let pane = '';
    const frame = () => {
      if (now.current === 'free') return;
      const { width, height } = store.getState();
      if (!(width > 0 && height > 0)) return; // the pane is not laid out yet: its resize will call again
      const bounds = boardBounds(model.board);
      if (!bounds) {
        // An empty board is not framed: the first node dropped on it must not move the view.
        if (now.current === 'waiting') become('free');
        return;
      }
      const size = `${width}x${height}`;
      if (now.current === 'framed' && size === pane && showsWhole(bounds, rf.getViewport(), width, height))
        return;
      pane = size;
      rf.setViewport(frameViewport(bounds, width, height));
      if (now.current !== 'framed') become('framed');
    };
    frame();
    const unStore = store.subscribe((s, prev) => {
      if (s.width !== prev.width || s.height !== prev.height) frame();
    });
    const unModel = model.subscribe(frame);
    // The person takes over: from then on the view is theirs.
    const release = () => become('free');
    const opts = { capture: true, once: true } as const;
    window.addEventListener('pointerdown', release, opts);
    window.addEventListener('keydown', release, opts);
    window.addEventListener('wheel', release, opts);
    return () => {
      unStore();
      unModel();
      window.removeEventListener('pointerdown', release, opts);
      window.removeEventListener('keydown', release, opts);
      window.removeEventListener('wheel', release, opts);
    };
  }, [ready, free, model, rf, store]);

  return state;
}
