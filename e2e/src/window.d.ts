// What the web app exposes on window for tests (see apps/web/src/board/BoardPage.tsx).
interface StratusNode {
  id: string;
  kind: string;
  label: string;
  parentId: string | null;
  position: { x: number; y: number };
  props: Record<string, unknown>;
}
interface Window {
  __stratus?: {
    session: {
      synced: boolean;
      state: string;
      doc: unknown;
      boardId: string;
      undo: { undoStack: unknown[] };
    };
    model: {
      board: Map<string, StratusNode>;
      boardEdges: Map<string, { id: string; kind: string; source: string; target: string }>;
    };
  };
}
