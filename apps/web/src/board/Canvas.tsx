/**
 * The React Flow canvas. Nodes and edges come from the FlowModel (derived from the Y.Doc);
 * every edit is written to the document through the model's operations with this user's
 * origin; React Flow's own state (selection, measured sizes) stays local.
 */
import {
  addEdges,
  type NodePatch,
  isNodeKind,
  kindDef,
  setNodeProps,
  updateNode,
  updateNodes,
} from '@stratus/model';
import {
  Background,
  BackgroundVariant,
  type Connection,
  ConnectionMode,
  Controls,
  type EdgeChange,
  MiniMap,
  type NodeChange,
  ReactFlow,
  useReactFlow,
  useStore,
  ViewportPortal,
} from '@xyflow/react';
import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { addPlacedNode, edgeKindFor, newEdge, newNode, placeNewNode, reparentAfterDrag } from './edit.ts';
import { edgeLabelScale } from './edge-style.ts';
import { EDGE_TYPES } from './edges.tsx';
import { MIN_ZOOM } from './framing.ts';
import type { FlowEdge, FlowModel, FlowNode } from './flow-model.ts';
import { NODE_TYPES, NoteTextContext } from './nodes.tsx';
import type { BoardSession, Peer } from './session.ts';

export const DRAG_MIME = 'application/x-stratus-kind';
export const GRID = 16;
/** The minimap redraws every node on each viewport change: left out on very large boards. */
const MINIMAP_MAX_NODES = 800;
/** Below this zoom node names are drawn larger (and the facts line hidden) so they stay legible. */
export const LABEL_BOOST_BELOW = 0.75;
/**
 * The font size (in board units) for node and container names at a zoom: 12.5 normally; zoomed out,
 * large enough to be about 8 px on screen, up to 17 (a resource box shows ~12 letters at that).
 */
export function labelSize(zoom: number): number {
  if (!(zoom > 0) || zoom >= LABEL_BOOST_BELOW) return 12.5;
  return Math.round(Math.min(17, Math.max(12.5, 8 / zoom)) * 2) / 2;
}

interface Props {
  session: BoardSession;
  model: FlowModel;
  peers: Peer[];
  snap: boolean;
  onNotice: (text: string) => void;
  onSelectionChange?: (nodes: string[], edges: string[]) => void;
  /** View and comment links: nodes cannot be moved, connected or dropped (review, issue 7). */
  readOnly?: boolean;
}

function useModel(model: FlowModel) {
  const nodes = useSyncExternalStore(
    (fn) => model.subscribe(fn),
    () => model.nodes,
  );
  const edges = useSyncExternalStore(
    (fn) => model.subscribe(fn),
    () => model.edges,
  );
  return { nodes, edges };
}

const MINIMAP_COLORS: Record<string, string> = {
  vpc: '#ede9fe',
  az: '#e0f2fe',
  subnet: '#ccfbf1',
  frame: '#f1f5f9',
  sticky: '#fef3c7',
};

export function Canvas({ session, model, peers, snap, onNotice, onSelectionChange, readOnly }: Props) {
  const { nodes, edges } = useModel(model);
  const rf = useReactFlow<FlowNode, FlowEdge>();
  const { doc, origin } = session;
  const cursorFrame = useRef<number | null>(null);
  // Level of detail: zoomed far out, edge labels, shadows and secondary text are not drawn.
  const far = useStore((s) => s.transform[2] < 0.35);
  // Very far out (a whole large board on screen) nodes are drawn as plain boxes.
  const tiny = useStore((s) => s.transform[2] < 0.2);
  const zoom = useStore((s) => s.transform[2]);
  const boosted = zoom < LABEL_BOOST_BELOW;

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const patches = new Map<string, NodePatch>();
      const measured: [string, { width: number; height: number }][] = [];
      let selection: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === 'position' && c.position) {
          const p = patches.get(c.id) ?? {};
          p.position = { x: Math.round(c.position.x), y: Math.round(c.position.y) };
          patches.set(c.id, p);
        } else if (c.type === 'dimensions' && c.dimensions) {
          if (c.resizing !== undefined || c.setAttributes) {
            const p = patches.get(c.id) ?? {};
            p.size = { width: Math.round(c.dimensions.width), height: Math.round(c.dimensions.height) };
            patches.set(c.id, p);
          }
          measured.push([c.id, c.dimensions]);
        } else if (c.type === 'select') {
          selection ??= new Set(model.getSelection());
          if (c.selected) selection.add(c.id);
          else selection.delete(c.id);
        }
      }
      // Read-only: React Flow's measurements stay local; the document is not written.
      if (patches.size && session.canEdit) updateNodes(doc, patches, origin);
      if (measured.length) model.setMeasured(measured);
      if (selection) {
        model.setSelection(selection, model.getEdgeSelection());
        onSelectionChange?.([...selection], model.getEdgeSelection());
      }
    },
    [doc, origin, model, onSelectionChange, session],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      let selection: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === 'select') {
          selection ??= new Set(model.getEdgeSelection());
          if (c.selected) selection.add(c.id);
          else selection.delete(c.id);
        }
      }
      if (selection) {
        model.setSelection(model.getSelection(), selection);
        onSelectionChange?.(model.getSelection(), [...selection]);
      }
    },
    [model, onSelectionChange],
  );

  const isValidConnection = useCallback(
    (c: Connection | FlowEdge) => {
      const a = model.board.get(c.source)?.kind;
      const b = model.board.get(c.target)?.kind;
      return !!a && !!b && c.source !== c.target && edgeKindFor(a, b) !== null;
    },
    [model],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const a = model.board.get(c.source)?.kind;
      const b = model.board.get(c.target)?.kind;
      if (!a || !b) return;
      if (!session.canEdit) {
        onNotice(session.readOnlyReason ?? '');
        return;
      }
      const kind = edgeKindFor(a, b);
      if (!kind) {
        onNotice(`A ${kindDef(a).title} cannot be connected to a ${kindDef(b).title}.`);
        return;
      }
      const e = newEdge(kind, c.source, c.target);
      addEdges(doc, [e], origin);
      model.setSelection([], [e.id]);
      onSelectionChange?.([], [e.id]);
    },
    [doc, origin, model, onNotice, onSelectionChange, session],
  );

  const onNodeDragStop = useCallback(
    (_: unknown, __: FlowNode, dragged: FlowNode[]) => {
      if (!session.canEdit) return;
      const patches = new Map<string, NodePatch>();
      const movedIds = new Set(dragged.map((n) => n.id));
      for (const n of dragged) {
        // A node dragged along with its container stays in it.
        const parent = model.board.get(n.id)?.parentId;
        if (parent && movedIds.has(parent)) continue;
        const patch = reparentAfterDrag(model, n.id);
        if (patch) patches.set(n.id, patch);
      }
      if (patches.size) updateNodes(doc, patches, origin);
    },
    [doc, origin, model, session],
  );

  const onDragOver = useCallback((e: React.DragEvent) => {
    if (e.dataTransfer.types.includes(DRAG_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: React.DragEvent) => {
      const kind = e.dataTransfer.getData(DRAG_MIME);
      if (!isNodeKind(kind)) return;
      e.preventDefault();
      if (!session.canEdit) {
        onNotice(session.readOnlyReason ?? '');
        return;
      }
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const placed = placeNewNode(model, newNode(kind, null, { x: 0, y: 0 }), p, snap ? GRID : undefined);
      if (!placed.ok) {
        onNotice(placed.message);
        return;
      }
      const { node } = placed;
      addPlacedNode(doc, placed, origin);
      model.setSelection([node.id]);
      onSelectionChange?.([node.id], []);
    },
    [rf, doc, origin, model, snap, onNotice, onSelectionChange, session],
  );

  const onPointerMove = useCallback(
    (e: React.PointerEvent) => {
      if (!session.awareness) return;
      const { clientX, clientY } = e;
      if (cursorFrame.current !== null) return;
      cursorFrame.current = requestAnimationFrame(() => {
        cursorFrame.current = null;
        session.setPresence({ cursor: rf.screenToFlowPosition({ x: clientX, y: clientY }) });
      });
    },
    [rf, session],
  );

  const onPointerLeave = useCallback(() => session.setPresence({ cursor: null }), [session]);

  const onMoveEnd = useCallback(
    (_: unknown, viewport: { x: number; y: number; zoom: number }) => {
      session.setPresence({ viewport });
    },
    [session],
  );

  useEffect(() => () => void (cursorFrame.current && cancelAnimationFrame(cursorFrame.current)), []);

  // Text and sticky notes edited in place: one model operation, so one undo step.
  const writeNoteText = useCallback(
    (id: string, text: string) => {
      if (!session.canEdit) {
        onNotice(session.readOnlyReason ?? '');
        return;
      }
      // Its own step: not merged with an edit made just before or just after.
      session.undo.stopCapturing();
      setNodeProps(doc, id, { text: text === '' ? undefined : text }, origin);
      session.undo.stopCapturing();
    },
    [doc, origin, session, onNotice],
  );

  return (
    <NoteTextContext.Provider value={readOnly ? null : writeNoteText}>
      <div
        className={`canvas${far ? ' is-far' : ''}${tiny ? ' is-tiny' : ''}${boosted ? ' is-boosted' : ''}`}
        style={
          {
            '--label-size': `${labelSize(zoom)}px`,
            '--edge-label-scale': edgeLabelScale(zoom),
          } as React.CSSProperties
        }
        onPointerMove={onPointerMove}
        onPointerLeave={onPointerLeave}
      >
        <ReactFlow<FlowNode, FlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          edgeTypes={EDGE_TYPES}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          isValidConnection={isValidConnection}
          onNodeDragStop={onNodeDragStop}
          onDrop={readOnly ? undefined : onDrop}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          edgesReconnectable={!readOnly}
          onDragOver={onDragOver}
          onMoveEnd={onMoveEnd}
          connectionMode={ConnectionMode.Loose}
          disableKeyboardA11y
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
          snapToGrid={snap}
          snapGrid={[GRID, GRID]}
          minZoom={MIN_ZOOM}
          maxZoom={3}
          proOptions={{ hideAttribution: true }}
          elevateNodesOnSelect={false}
          elevateEdgesOnSelect
          onlyRenderVisibleElements={nodes.length > 400}
        >
          <Background variant={BackgroundVariant.Dots} gap={GRID} size={1.2} color="#cbd5e1" />
          <Controls position="bottom-left" showInteractive={false} />
          {nodes.length <= MINIMAP_MAX_NODES ? (
            <MiniMap
              position="bottom-right"
              pannable
              zoomable
              nodeColor={(n) => MINIMAP_COLORS[(n as FlowNode).data.node.kind] ?? '#94a3b8'}
              nodeStrokeWidth={2}
              maskColor="rgba(241,245,249,0.7)"
            />
          ) : null}
          <ViewportPortal>
            {peers.map((p) =>
              p.cursor ? (
                <div
                  key={p.clientId}
                  className="remote-cursor"
                  data-testid="remote-cursor"
                  data-name={p.user.name}
                  style={{ transform: `translate(${p.cursor.x}px, ${p.cursor.y}px) scale(${1 / zoom})` }}
                >
                  <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
                    <path d="M2 2l5.5 14 2-6 6-2z" fill={p.user.color} stroke="#fff" strokeWidth="1.4" />
                  </svg>
                  <span className="remote-cursor-name" style={{ background: p.user.color }}>
                    {p.user.name}
                  </span>
                </div>
              ) : null,
            )}
          </ViewportPortal>
        </ReactFlow>
      </div>
    </NoteTextContext.Provider>
  );
}

/** Writes a node's new size (used by the property panel). */
export function resizeNode(session: BoardSession, id: string, size: { width: number; height: number }) {
  if (!session.canEdit) return;
  updateNode(session.doc, id, { size }, session.origin);
}
