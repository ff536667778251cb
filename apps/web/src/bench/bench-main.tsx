/**
 * The canvas benchmark page (bench.html, driven by bench/canvas.ts in headless Chromium).
 * `?mode=stratus&n=2000`: the real board screen on a local Y.Doc holding an n-node board.
 * `?mode=bare&n=2000`: a bare React Flow page with n plain default nodes, the baseline.
 */
import '@xyflow/react/dist/style.css';
import '../styles.css';
import { boardToDoc } from '@stratus/model';
import { type Node, ReactFlow, ReactFlowProvider, useNodesState, useReactFlow } from '@xyflow/react';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { BoardScreen } from '../board/BoardPage.tsx';
import { FlowModel } from '../board/flow-model.ts';
import { BoardSession } from '../board/session.ts';
import { benchBoard } from './generate.ts';

declare global {
  interface Window {
    __bench?: {
      mode: string;
      n: number;
      rf?: ReturnType<typeof useReactFlow>;
      renders: Map<string, number>;
      derived?: () => number;
    };
  }
}

const params = new URLSearchParams(location.search);
const mode = params.get('mode') ?? 'stratus';
const n = Number(params.get('n') ?? 2000);
const renders = new Map<string, number>();
window.__bench = { mode, n, renders };
window.__stratusRender = (id) => renders.set(id, (renders.get(id) ?? 0) + 1);

function Expose() {
  const rf = useReactFlow();
  useEffect(() => {
    window.__bench!.rf = rf;
  }, [rf]);
  return null;
}

function Bare() {
  const [nodes, , onNodesChange] = useNodesState<Node>(
    Array.from({ length: n }, (_, i) => ({
      id: `b${i}`,
      position: { x: (i % 50) * 220, y: Math.floor(i / 50) * 90 },
      data: { label: `node ${i}` },
    })),
  );
  return (
    <div style={{ position: 'absolute', inset: 0 }}>
      <ReactFlow nodes={nodes} onNodesChange={onNodesChange} fitView minZoom={0.02}>
        <Expose />
      </ReactFlow>
    </div>
  );
}

function Stratus() {
  const session = new BoardSession(
    `bench-${n}`,
    { name: 'Bench', color: '#4f46e5' },
    { connect: false, offlineStore: false },
  );
  boardToDoc(benchBoard(n), session.doc);
  const model = new FlowModel(session.doc);
  window.__bench!.derived = () => model.derivedNodeCount;
  window.__stratus = { session, model };
  return (
    <ReactFlowProvider>
      <Expose />
      <BoardScreen
        session={session}
        model={model}
        identity={{ name: 'Bench', color: '#4f46e5' }}
        onIdentity={() => {}}
        onHome={() => {}}
        onOpenBoard={() => {}}
      />
    </ReactFlowProvider>
  );
}

const stratus = <Stratus />;
createRoot(document.getElementById('root')!).render(
  mode === 'bare' ? (
    <ReactFlowProvider>
      <Bare />
    </ReactFlowProvider>
  ) : (
    stratus
  ),
);
