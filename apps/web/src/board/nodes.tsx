/** How each node kind is drawn. Defined once, outside components (React Flow's `nodeTypes`). */
import { kindDef } from '@stratus/model';
import { Handle, NodeResizer, type NodeProps, Position } from '@xyflow/react';
import { createContext, memo, useContext, useEffect, useRef, useState } from 'react';
import { iconUrl } from '../icons.ts';
import { nodeFacts } from './facts.ts';
import type { FlowNode, NodeDecor } from './flow-model.ts';

declare global {
  interface Window {
    /** Set by the benchmark page to count node renders. */
    __stratusRender?: (id: string) => void;
  }
}

const countRender = (id: string) => window.__stratusRender?.(id);

/**
 * How a text or sticky note writes its text when edited in place on the canvas (double-click).
 * Provided by the canvas; null (read-only links, no provider) means notes cannot be edited there.
 */
export const NoteTextContext = createContext<((id: string, text: string) => void) | null>(null);

/**
 * Double-click-to-edit for notes: an inline textarea over the note. Enter with Ctrl/Cmd or leaving
 * the field writes the text once (one undo step); Escape puts the old text back.
 */
function useNoteEditor(id: string, text: string) {
  const write = useContext(NoteTextContext);
  const [editing, setEditing] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const cancelled = useRef(false);
  useEffect(() => {
    if (!editing || !ref.current) return;
    ref.current.focus();
    ref.current.select();
  }, [editing]);
  const finish = () => {
    const value = ref.current?.value ?? text;
    setEditing(false);
    if (cancelled.current) {
      cancelled.current = false;
      return;
    }
    if (write && value !== text) write(id, value);
  };
  const onDoubleClick = write
    ? (e: React.MouseEvent) => {
        e.stopPropagation();
        setEditing(true);
      }
    : undefined;
  const editor = editing ? (
    <textarea
      ref={ref}
      className="note-editor nodrag nowheel nopan"
      aria-label="Note text"
      data-testid="note-editor"
      defaultValue={text}
      onBlur={finish}
      onPointerDown={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Escape') {
          cancelled.current = true;
          ref.current?.blur();
        } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          ref.current?.blur();
        }
      }}
    />
  ) : null;
  return { editing, editor, onDoubleClick };
}

function Handles() {
  return (
    <>
      <Handle className="handle" type="source" position={Position.Top} id="t" />
      <Handle className="handle" type="source" position={Position.Right} id="r" />
      <Handle className="handle" type="source" position={Position.Bottom} id="b" />
      <Handle className="handle" type="source" position={Position.Left} id="l" />
    </>
  );
}

function Badge({ decor }: { decor: NodeDecor }) {
  if (decor.errors) {
    return (
      <span className="badge badge-error" title={`${decor.errors} error(s)`} data-testid="badge">
        {decor.errors}
      </span>
    );
  }
  if (decor.warnings) {
    return (
      <span className="badge badge-warning" title={`${decor.warnings} warning(s)`} data-testid="badge">
        {decor.warnings}
      </span>
    );
  }
  return null;
}

function remoteStyle(decor: NodeDecor): React.CSSProperties | undefined {
  if (!decor.remote.length) return undefined;
  return {
    boxShadow: decor.remote.map((c, i) => `0 0 0 ${2 + i * 2}px ${c}`).join(', '),
  };
}

export const ResourceNode = memo(function ResourceNode({ id, data, selected }: NodeProps<FlowNode>) {
  countRender(id);
  const { node, decor } = data;
  const def = kindDef(node.kind);
  const icon = iconUrl(def?.icon ?? '');
  const facts = nodeFacts(node);
  return (
    <div
      className={`resource${selected ? ' is-selected' : ''}`}
      style={remoteStyle(decor)}
      data-kind={node.kind}
      data-label={node.label}
    >
      {icon ? <img className="resource-icon" src={icon} alt="" draggable={false} /> : null}
      <div className="resource-text">
        <div className="resource-label">{node.label || def?.title}</div>
        <div className="resource-facts">{facts.length ? facts.join(' · ') : def?.title}</div>
      </div>
      <Badge decor={decor} />
      <Handles />
    </div>
  );
});

const CONTAINER_CLASS: Record<string, string> = { vpc: 'c-vpc', az: 'c-az', subnet: 'c-subnet' };

export const ContainerNode = memo(function ContainerNode({ id, data, selected }: NodeProps<FlowNode>) {
  countRender(id);
  const { node, decor } = data;
  const def = kindDef(node.kind);
  const isPublic = node.kind === 'subnet' && decor.publicSubnet;
  const icon = iconUrl(node.kind === 'subnet' && isPublic ? 'subnet-public' : (def?.icon ?? ''));
  const facts = nodeFacts(node);
  const kindText = node.kind === 'subnet' ? (isPublic ? 'Public subnet' : 'Private subnet') : def?.title;
  return (
    <div
      className={`container ${CONTAINER_CLASS[node.kind] ?? ''}${isPublic ? ' is-public' : ''}${selected ? ' is-selected' : ''}`}
      style={remoteStyle(decor)}
      data-kind={node.kind}
      data-label={node.label}
    >
      <NodeResizer
        isVisible={selected}
        minWidth={120}
        minHeight={80}
        lineClassName="resize-line"
        handleClassName="resize-handle"
      />
      <div className="container-header">
        {icon && node.kind !== 'az' ? (
          <img className="container-icon" src={icon} alt="" draggable={false} />
        ) : null}
        <span className="container-label">{node.label || def?.title}</span>
        <span className="container-facts">{[kindText, ...facts].join(' · ')}</span>
        <Badge decor={decor} />
      </div>
      <Handles />
    </div>
  );
});

const STICKY_COLORS: Record<string, string> = {
  yellow: '#fef3c7',
  blue: '#dbeafe',
  green: '#dcfce7',
  pink: '#fce7f3',
  purple: '#ede9fe',
  grey: '#f1f5f9',
};

export const StickyNode = memo(function StickyNode({ id, data, selected }: NodeProps<FlowNode>) {
  countRender(id);
  const props = data.node.props as { text?: string; color?: string };
  const note = useNoteEditor(id, props.text ?? '');
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: double-click is a pointer shortcut; the property panel edits the same text by keyboard
    <div
      className={`sticky${selected ? ' is-selected' : ''}${note.editing ? ' is-editing' : ''}`}
      style={{ background: STICKY_COLORS[props.color ?? 'yellow'], ...remoteStyle(data.decor) }}
      data-kind="sticky"
      data-label={data.node.label}
      onDoubleClick={note.onDoubleClick}
      title={note.onDoubleClick && !note.editing ? 'Double-click to edit' : undefined}
    >
      <NodeResizer isVisible={selected && !note.editing} minWidth={80} minHeight={60} />
      {note.editor ?? <div className="sticky-text">{props.text || data.node.label}</div>}
    </div>
  );
});

export const TextNode = memo(function TextNode({ id, data, selected }: NodeProps<FlowNode>) {
  countRender(id);
  const props = data.node.props as { text?: string; fontSize?: number };
  const note = useNoteEditor(id, props.text ?? '');
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: double-click is a pointer shortcut; the property panel edits the same text by keyboard
    <div
      className={`text-note${selected ? ' is-selected' : ''}${note.editing ? ' is-editing' : ''}`}
      style={{ fontSize: props.fontSize ?? 16, ...remoteStyle(data.decor) }}
      data-kind="text"
      data-label={data.node.label}
      onDoubleClick={note.onDoubleClick}
      title={note.onDoubleClick && !note.editing ? 'Double-click to edit' : undefined}
    >
      <NodeResizer isVisible={selected && !note.editing} minWidth={40} minHeight={24} />
      {note.editor ?? (props.text || data.node.label)}
    </div>
  );
});

export const FrameNode = memo(function FrameNode({ id, data, selected }: NodeProps<FlowNode>) {
  countRender(id);
  const props = data.node.props as { color?: string };
  return (
    <div
      className={`frame${selected ? ' is-selected' : ''}`}
      style={{ background: `${STICKY_COLORS[props.color ?? 'grey']}88`, ...remoteStyle(data.decor) }}
      data-kind="frame"
      data-label={data.node.label}
    >
      <NodeResizer isVisible={selected} minWidth={120} minHeight={80} />
      <div className="frame-label">{data.node.label}</div>
    </div>
  );
});

export const NODE_TYPES = {
  resource: ResourceNode,
  container: ContainerNode,
  sticky: StickyNode,
  text: TextNode,
  frame: FrameNode,
};
