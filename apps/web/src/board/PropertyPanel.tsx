/**
 * The property panel, generated from the model's field definitions: labels, units, defaults
 * (shown greyed as placeholders), help, enums, references to other nodes and list tables.
 */
import {
  type BoardEdge,
  type BoardNode,
  connectableKinds,
  deleteEdges,
  addEdges,
  edgeKindDef,
  type Field,
  type FieldMeta,
  fieldApplies,
  kindDef,
  setAck,
  setEdgeProps,
  setNodeProps,
  updateEdge,
  updateNode,
} from '@stratus/model';
import { useEffect, useState } from 'react';
import { iconUrl } from '../icons.ts';
import { formatValue } from './facts.ts';
import { fieldError } from './field-error.ts';
import { type Finding, findingTitle } from './findings.ts';
import type { BoardSession } from './session.ts';

/** The containers a node is drawn in, innermost first. */
function containersOf(node: BoardNode, nodes: ReadonlyMap<string, BoardNode>): Set<string> {
  const out = new Set<string>();
  for (let p = node.parentId; p !== null && !out.has(p); p = nodes.get(p)?.parentId ?? null) out.add(p);
  return out;
}

const defaultText = (meta: FieldMeta) =>
  meta.default === undefined ? '' : `Default: ${formatValue(meta, meta.default)}`;

interface FieldProps {
  id: string;
  meta: FieldMeta;
  value: unknown;
  nodes: ReadonlyMap<string, BoardNode>;
  /** The containers the edited node is drawn in: never offered as its references (a subnet list is "besides the one it is drawn in"). */
  drawnIn?: ReadonlySet<string>;
  onChange: (v: unknown) => void;
}

function NumberInput({ id, meta, value, onChange }: FieldProps) {
  const [draft, setDraft] = useState(value === undefined ? '' : String(value));
  useEffect(() => setDraft(value === undefined ? '' : String(value)), [value]);
  const bad = draft.trim() !== '' && !Number.isFinite(Number(draft));
  return (
    <>
      <div className="input-unit">
        <input
          id={id}
          inputMode="decimal"
          value={draft}
          placeholder={meta.default !== undefined ? String(meta.default) : (meta.placeholder ?? '')}
          onChange={(e) => {
            setDraft(e.target.value);
            const t = e.target.value.trim();
            if (t === '') onChange(undefined);
            else if (Number.isFinite(Number(t))) onChange(Number(t));
          }}
        />
        {meta.unit ? <span className="unit">{meta.unit}</span> : null}
      </div>
      {bad ? <div className="field-error">Enter a number.</div> : null}
    </>
  );
}

function FieldInput(props: FieldProps) {
  const { id, meta, value, nodes, onChange } = props;
  switch (meta.type) {
    case 'number':
    case 'integer':
      return <NumberInput {...props} />;
    case 'boolean': {
      const v = value === undefined ? '' : value ? 'true' : 'false';
      return (
        <select
          id={id}
          value={v}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value === 'true')}
        >
          <option value="">
            Default ({meta.default === undefined ? 'unset' : meta.default ? 'on' : 'off'})
          </option>
          <option value="true">On</option>
          <option value="false">Off</option>
        </select>
      );
    }
    case 'enum':
      return (
        <select
          id={id}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => onChange(e.target.value || undefined)}
        >
          <option value="">
            {meta.default !== undefined ? `Default (${formatValue(meta, meta.default)})` : 'Not set'}
          </option>
          {(meta.options ?? []).map((o) => (
            <option key={o} value={o}>
              {meta.optionLabels?.[o] ?? o}
            </option>
          ))}
        </select>
      );
    case 'ref': {
      const choices = [...nodes.values()].filter(
        (n) => meta.refKinds?.includes(n.kind) && !props.drawnIn?.has(n.id),
      );
      return (
        <select
          id={id}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(e.target.value || undefined)}
        >
          <option value="">Not set</option>
          {choices.map((n) => (
            <option key={n.id} value={n.id}>
              {n.label || n.id}
            </option>
          ))}
        </select>
      );
    }
    case 'refs': {
      const list = Array.isArray(value) ? (value as string[]) : [];
      const choices = [...nodes.values()].filter(
        (n) => meta.refKinds?.includes(n.kind) && !props.drawnIn?.has(n.id),
      );
      if (!choices.length)
        return <div className="muted small">No {meta.refKinds?.join(', ')} on the board yet.</div>;
      return (
        <div className="checks" id={id}>
          {choices.map((n) => (
            <label key={n.id} className="check">
              <input
                type="checkbox"
                checked={list.includes(n.id)}
                onChange={(e) => {
                  const next = e.target.checked ? [...list, n.id] : list.filter((x) => x !== n.id);
                  onChange(next.length ? next : undefined);
                }}
              />
              {n.label || n.id}
            </label>
          ))}
        </div>
      );
    }
    case 'string-list':
      return (
        <textarea
          id={id}
          rows={3}
          value={Array.isArray(value) ? (value as string[]).join('\n') : ''}
          placeholder="One per line"
          onChange={(e) => {
            const lines = e.target.value.split('\n');
            onChange(lines.some((l) => l.trim()) ? lines : undefined);
          }}
        />
      );
    case 'list':
      return <ListTable {...props} />;
    default:
      if (meta.format === 'multiline')
        return (
          <textarea
            id={id}
            rows={4}
            value={typeof value === 'string' ? value : ''}
            placeholder={meta.placeholder ?? ''}
            onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
          />
        );
      return (
        <input
          id={id}
          type="text"
          spellCheck={false}
          value={typeof value === 'string' ? value : ''}
          placeholder={meta.default !== undefined ? String(meta.default) : (meta.placeholder ?? '')}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        />
      );
  }
}

function ListTable({ id, meta, value, nodes, onChange }: FieldProps) {
  const rows = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  const cols = Object.entries(meta.item ?? {}) as [string, Field][];
  const setRow = (i: number, key: string, v: unknown) => {
    const next = rows.map((r, j) => {
      if (j !== i) return r;
      const copy = { ...r };
      if (v === undefined) delete copy[key];
      else copy[key] = v;
      return copy;
    });
    onChange(next);
  };
  const newRow = () => {
    const row: Record<string, unknown> = {};
    for (const [k, f] of cols) if (f.meta.required && f.meta.default !== undefined) row[k] = f.meta.default;
    return row;
  };
  return (
    <div className="list-table" id={id}>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own
        <div className="list-row" key={i}>
          <div className="list-row-head">
            <span>
              {meta.label.replace(/s$/, '')} {i + 1}
            </span>
            <button
              type="button"
              className="icon-btn"
              title="Remove this row"
              onClick={() => {
                const next = rows.filter((_, j) => j !== i);
                onChange(next.length ? next : undefined);
              }}
            >
              ×
            </button>
          </div>
          {cols.map(([key, f]) => {
            const fid = `${id}-${i}-${key}`;
            const err = fieldError(f.meta, row[key]);
            return (
              <div className="field compact" key={key}>
                <label htmlFor={fid}>
                  {f.meta.label}
                  {f.meta.required ? <span className="req"> *</span> : null}
                </label>
                <FieldInput
                  id={fid}
                  meta={f.meta}
                  value={row[key]}
                  nodes={nodes}
                  onChange={(v) => setRow(i, key, v)}
                />
                {err ? <div className="field-error">{err}</div> : null}
              </div>
            );
          })}
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange([...rows, newRow()])}>
        + Add {meta.label.toLowerCase().replace(/s$/, '')}
      </button>
    </div>
  );
}

export function Fields({
  prefix,
  fields,
  props,
  nodes,
  drawnIn,
  onChange,
}: {
  prefix: string;
  fields: Readonly<Record<string, Field>>;
  props: Record<string, unknown>;
  nodes: ReadonlyMap<string, BoardNode>;
  drawnIn?: ReadonlySet<string>;
  onChange: (key: string, v: unknown) => void;
}) {
  return (
    <>
      {Object.entries(fields).map(([key, f]) => {
        if (!fieldApplies(fields, key, props)) return null;
        const id = `${prefix}-${key}`;
        const err = fieldError(f.meta, props[key]);
        return (
          <div className="field" key={key} data-field={key}>
            <label htmlFor={id}>{f.meta.label}</label>
            <FieldInput
              id={id}
              meta={f.meta}
              value={props[key]}
              nodes={nodes}
              {...(drawnIn && { drawnIn })}
              onChange={(v) => onChange(key, v)}
            />
            {err ? (
              <div className="field-error" role="alert">
                {err}
              </div>
            ) : null}
            {f.meta.help ||
            (f.meta.default !== undefined && f.meta.type !== 'enum' && f.meta.type !== 'boolean') ? (
              <div className="field-help">
                {[f.meta.help, f.meta.type === 'enum' || f.meta.type === 'boolean' ? '' : defaultText(f.meta)]
                  .filter(Boolean)
                  .join(' ')}
              </div>
            ) : null}
          </div>
        );
      })}
    </>
  );
}

/** "Read only" and why, above fields that cannot be changed from this browser. */
function ReadOnlyNote({ reason }: { reason: string | null }) {
  if (reason === null) return null;
  return (
    <div className="readonly-note" data-testid="readonly-reason">
      <strong>Read only.</strong> {reason}
    </div>
  );
}

export function NodeProperties({
  session,
  node,
  nodes,
  findings,
  readOnly = null,
}: {
  session: BoardSession;
  node: BoardNode;
  nodes: ReadonlyMap<string, BoardNode>;
  findings: Finding[];
  /** Why the fields cannot be changed here (view and comment links); null when they can. */
  readOnly?: string | null;
}) {
  const def = kindDef(node.kind);
  if (!def) return null;
  const icon = iconUrl(def.icon);
  const mine = findings.filter((f) => f.nodeIds[0] === node.id || f.nodeIds.includes(node.id));
  return (
    <div className="props" data-testid="property-panel">
      <div className="props-head">
        {icon ? <img src={icon} alt="" /> : null}
        <div>
          <div className="props-kind">{def.title}</div>
          <div className="muted small">{def.description}</div>
        </div>
      </div>
      <ReadOnlyNote reason={readOnly} />
      <div className="field">
        <label htmlFor="prop-label">Name</label>
        <input
          id="prop-label"
          type="text"
          readOnly={readOnly !== null}
          value={node.label}
          onChange={(e) => updateNode(session.doc, node.id, { label: e.target.value }, session.origin)}
        />
      </div>
      <Fields
        prefix="prop"
        fields={def.fields}
        props={node.props as Record<string, unknown>}
        nodes={nodes}
        drawnIn={containersOf(node, nodes)}
        onChange={(key, v) => setNodeProps(session.doc, node.id, { [key]: v }, session.origin)}
      />
      {/* Below the fields: findings coming and going while someone types must not move the field. */}
      {mine.length ? (
        <div className="props-findings">
          {mine.map((f) => (
            <div
              key={`${f.ruleId}-${f.message}`}
              className={`inline-finding sev-${f.severity}${f.acknowledged ? ' is-acked' : ''}`}
            >
              <div className="inline-finding-title">
                {findingTitle(f)}
                {f.acknowledged ? <span className="pill">acknowledged</span> : null}
              </div>
              <div>{f.message}</div>
              {f.fix ? <div className="muted small">Fix: {f.fix}</div> : null}
              {f.nodeIds[0] === node.id && readOnly === null ? (
                <button
                  type="button"
                  className="link-btn"
                  onClick={() => {
                    if (f.acknowledged) {
                      setAck(session.doc, node.id, f.ruleId, null, session.origin);
                      return;
                    }
                    const reason = window.prompt(`Why is “${findingTitle(f)}” acceptable here?`);
                    if (reason?.trim())
                      setAck(
                        session.doc,
                        node.id,
                        f.ruleId,
                        { reason: reason.trim(), at: new Date().toISOString() },
                        session.origin,
                      );
                  }}
                >
                  {f.acknowledged ? 'Withdraw acknowledgement' : 'Acknowledge…'}
                </button>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
      <div className="muted small pad-top">
        Id <code>{node.id}</code>
      </div>
    </div>
  );
}

export function EdgeProperties({
  session,
  edge,
  nodes,
  readOnly = null,
}: {
  session: BoardSession;
  edge: BoardEdge;
  nodes: ReadonlyMap<string, BoardNode>;
  /** Why the fields cannot be changed here (view and comment links); null when they can. */
  readOnly?: string | null;
}) {
  const def = edgeKindDef(edge.kind);
  const from = nodes.get(edge.source);
  const to = nodes.get(edge.target);
  if (!def || !from || !to) return null;
  const kinds = connectableKinds(from.kind, to.kind);
  return (
    <div className="props" data-testid="edge-panel">
      <div className="props-head">
        <div>
          <div className="props-kind">{def.title}</div>
          <div className="muted small">
            {from.label} → {to.label}
          </div>
          <div className="muted small">{def.description}</div>
        </div>
      </div>
      <ReadOnlyNote reason={readOnly} />
      <div className="field">
        <label htmlFor="edge-kind">Relation</label>
        <select
          id="edge-kind"
          value={edge.kind}
          onChange={(e) => {
            const kind = e.target.value as BoardEdge['kind'];
            session.doc.transact(() => {
              deleteEdges(session.doc, [edge.id], session.origin);
              addEdges(session.doc, [{ ...edge, kind, props: {} } as BoardEdge], session.origin);
            }, session.origin);
          }}
        >
          {kinds.map((k) => (
            <option key={k} value={k}>
              {edgeKindDef(k)?.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="edge-label">Label</label>
        <input
          id="edge-label"
          type="text"
          value={edge.label ?? ''}
          placeholder="Shown on the edge"
          onChange={(e) =>
            updateEdge(
              session.doc,
              edge.id,
              { label: e.target.value === '' ? null : e.target.value },
              session.origin,
            )
          }
        />
      </div>
      <Fields
        prefix="edge"
        fields={def.fields}
        props={edge.props as Record<string, unknown>}
        nodes={nodes}
        onChange={(key, v) => setEdgeProps(session.doc, edge.id, { [key]: v }, session.origin)}
      />
    </div>
  );
}
