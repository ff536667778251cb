/** Edges float between node borders (no fixed handles), styled and labelled per relation kind. */
import {
  BaseEdge,
  EdgeLabelRenderer,
  type EdgeProps,
  getBezierPath,
  type InternalNode,
  Position,
  useInternalNode,
} from '@xyflow/react';
import { memo } from 'react';
import { EDGE_STYLES, edgeLabel } from './edge-style.ts';
import type { FlowEdge } from './flow-model.ts';

type Box = { x: number; y: number; w: number; h: number };

function box(n: InternalNode): Box {
  return {
    x: n.internals.positionAbsolute.x,
    y: n.internals.positionAbsolute.y,
    w: n.measured.width ?? n.width ?? 0,
    h: n.measured.height ?? n.height ?? 0,
  };
}

/** Where the line from a's centre to b's centre leaves a's rectangle. */
function intersection(a: Box, b: Box): { x: number; y: number } {
  const w = a.w / 2;
  const h = a.h / 2;
  const x2 = a.x + w;
  const y2 = a.y + h;
  const x1 = b.x + b.w / 2;
  const y1 = b.y + b.h / 2;
  if (w === 0 || h === 0) return { x: x2, y: y2 };
  const xx1 = (x1 - x2) / (2 * w) - (y1 - y2) / (2 * h);
  const yy1 = (x1 - x2) / (2 * w) + (y1 - y2) / (2 * h);
  const k = 1 / (Math.abs(xx1) + Math.abs(yy1) || 1);
  const xx3 = k * xx1;
  const yy3 = k * yy1;
  return { x: w * (xx3 + yy3) + x2, y: h * (-xx3 + yy3) + y2 };
}

function side(b: Box, p: { x: number; y: number }): Position {
  const px = Math.round(p.x);
  const py = Math.round(p.y);
  if (px <= Math.round(b.x) + 1) return Position.Left;
  if (px >= Math.round(b.x + b.w) - 1) return Position.Right;
  if (py <= Math.round(b.y) + 1) return Position.Top;
  return Position.Bottom;
}

/** A node inside another (a subnet routing to its VPC): attach to the inner node's top edge. */
const contains = (outer: Box, inner: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.w <= outer.x + outer.w &&
  inner.y + inner.h <= outer.y + outer.h;

export const StratusEdge = memo(function StratusEdge({
  id,
  source,
  target,
  data,
  selected,
  markerEnd,
}: EdgeProps<FlowEdge>) {
  const s = useInternalNode(source);
  const t = useInternalNode(target);
  if (!s || !t || !data) return null;
  const a = box(s);
  const b = box(t);
  let sp = intersection(a, b);
  let tp = intersection(b, a);
  if (contains(b, a) || contains(a, b)) {
    sp = { x: a.x + a.w / 2, y: a.y };
    tp = { x: b.x + b.w / 2, y: b.y };
  }
  const [path, lx, ly] = getBezierPath({
    sourceX: sp.x,
    sourceY: sp.y,
    sourcePosition: side(a, sp),
    targetX: tp.x,
    targetY: tp.y,
    targetPosition: side(b, tp),
  });
  const style = EDGE_STYLES[data.edge.kind] ?? EDGE_STYLES.traffic!;
  const label = edgeLabel(data.edge);
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={style.arrow ? markerEnd : undefined}
        interactionWidth={18}
        style={{
          stroke: selected ? '#4f46e5' : style.color,
          strokeWidth: selected ? style.width + 1 : style.width,
          strokeDasharray: style.dash,
        }}
      />
      {label ? (
        <EdgeLabelRenderer>
          <div
            className={`edge-label edge-${data.edge.kind}${selected ? ' is-selected' : ''}`}
            style={{
              transform: `translate(-50%, -50%) translate(${lx}px, ${ly}px)`,
              borderColor: style.color,
            }}
            data-edge-kind={data.edge.kind}
          >
            {label}
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
});

export const EDGE_TYPES = { stratus: StratusEdge };
