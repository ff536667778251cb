import { type BoardEdge, edgeKindDef } from '@stratus/model';

export interface EdgeStyle {
  color: string;
  dash?: string;
  width: number;
  arrow: boolean;
  /** Text shown when the edge has no label and no label property set. */
  fallback?: string;
}

export const EDGE_STYLES: Record<string, EdgeStyle> = {
  route: { color: '#2563eb', width: 1.75, arrow: true },
  peering: { color: '#8c4fff', dash: '8 5', width: 2, arrow: false, fallback: 'peering' },
  origin: { color: '#e8590c', width: 1.75, arrow: true, fallback: 'origin' },
  'read-replica': { color: '#3b48cc', dash: '6 4', width: 1.75, arrow: true, fallback: 'replica' },
  'dead-letter': { color: '#dc2626', dash: '6 4', width: 1.75, arrow: true },
  traffic: { color: '#475569', width: 1.5, arrow: true },
  association: { color: '#94a3b8', dash: '2 4', width: 1.5, arrow: false },
  attachment: { color: '#8c4fff', width: 2, arrow: true, fallback: 'attachment' },
};

/** The text drawn on an edge: its label, else its kind's label property (a route's CIDR…). */
export function edgeLabel(edge: BoardEdge): string | undefined {
  if (edge.label) return edge.label;
  const def = edgeKindDef(edge.kind);
  const props = edge.props as Record<string, unknown>;
  switch (edge.kind) {
    case 'route':
      return String(props.destinationCidr ?? '0.0.0.0/0');
    case 'dead-letter':
      return `DLQ after ${props.maxReceiveCount ?? 5}`;
    case 'traffic': {
      const proto = String(props.protocol ?? 'tcp');
      return props.port !== undefined ? `${proto}/${props.port}` : proto === 'tcp' ? undefined : proto;
    }
  }
  if (def?.labelField && props[def.labelField] !== undefined) return String(props[def.labelField]);
  return EDGE_STYLES[edge.kind]?.fallback;
}

/** Edge labels' font size at their normal size (styles.css .edge-label). */
export const EDGE_LABEL_PX = 10.5;
/** The least size, in screen pixels, of edge label text when the view is zoomed out. */
export const EDGE_LABEL_MIN_SCREEN_PX = 9;

/**
 * How much larger than normal edge labels are drawn at a zoom: 1 while their text is at least
 * 9 px on screen; zoomed out, enough to keep it there (as tldraw and Figma keep labels legible),
 * rounded up to an eighth (each new size re-places the labels, so it changes in steps), up to 3×
 * (below zoom 0.35 edge labels are hidden).
 */
export function edgeLabelScale(zoom: number): number {
  if (!(zoom > 0) || zoom * EDGE_LABEL_PX >= EDGE_LABEL_MIN_SCREEN_PX) return 1;
  return Math.min(3, Math.ceil((EDGE_LABEL_MIN_SCREEN_PX / (EDGE_LABEL_PX * zoom)) * 8 - 1e-9) / 8);
}
