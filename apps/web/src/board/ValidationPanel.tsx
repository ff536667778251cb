/** Live findings, grouped by severity and rule with counts; acknowledged ones listed apart. */
import type { BoardNode } from '@stratus/model';
import { useMemo, useState } from 'react';
import { type Finding, groupFindings } from './findings.ts';
import type { ValidationState } from './useValidation.ts';

const SEV_TITLE = { error: 'Errors', warning: 'Warnings', info: 'Info' } as const;

function FindingRow({
  f,
  nodes,
  onFocus,
  onComment,
}: {
  f: Finding;
  nodes: ReadonlyMap<string, BoardNode>;
  onFocus: (f: Finding) => void;
  onComment?: ((f: Finding) => void) | undefined;
}) {
  const where = f.nodeIds
    .map((id) => nodes.get(id)?.label)
    .filter(Boolean)
    .slice(0, 3)
    .join(', ');
  return (
    <li>
      <button
        type="button"
        className={`finding sev-${f.severity}`}
        onClick={() => onFocus(f)}
        data-rule={f.ruleId}
      >
        <span className="finding-msg">{f.message}</span>
        {where ? <span className="finding-where">{where}</span> : null}
        {f.fix ? <span className="finding-fix">Fix: {f.fix}</span> : null}
        {f.acknowledged ? <span className="finding-fix">Acknowledged: {f.acknowledged.reason}</span> : null}
      </button>
      {onComment && f.nodeIds.length ? (
        <button
          type="button"
          className="link-btn small"
          data-testid="comment-finding"
          onClick={() => onComment(f)}
        >
          Comment on this finding
        </button>
      ) : null}
    </li>
  );
}

export function ValidationPanel({
  validation,
  nodes,
  onFocus,
  onComment,
}: {
  validation: ValidationState;
  nodes: ReadonlyMap<string, BoardNode>;
  onFocus: (f: Finding) => void;
  /** "Comment on this finding" (review, issue 7); absent when the role cannot comment. */
  onComment?: ((f: Finding) => void) | undefined;
}) {
  const { groups, acknowledged, counts } = useMemo(
    () => groupFindings(validation.findings),
    [validation.findings],
  );
  const [closed, setClosed] = useState<Set<string>>(new Set());
  const toggle = (key: string) =>
    setClosed((s) => {
      const n = new Set(s);
      if (n.has(key)) n.delete(key);
      else n.add(key);
      return n;
    });
  return (
    <div className="validation" data-testid="validation-panel">
      <div className="validation-summary">
        <span className="count count-error" data-testid="count-error">
          {counts.error}
        </span>
        <span className="muted">errors</span>
        <span className="count count-warning" data-testid="count-warning">
          {counts.warning}
        </span>
        <span className="muted">warnings</span>
        <span className="count count-info">{counts.info}</span>
        <span className="muted">info</span>
      </div>
      {validation.error ? (
        <div className="banner banner-error">The validator failed on this board: {validation.error}</div>
      ) : null}
      {!validation.ready ? <p className="muted pad">Checking the board…</p> : null}
      {validation.ready && groups.length === 0 && acknowledged.length === 0 ? (
        <div className="empty-state">
          <div className="empty-icon">✓</div>
          <div>No problems found.</div>
          <div className="muted small">Every rule of the catalogue passes on this board.</div>
        </div>
      ) : null}
      {groups.map((g) => (
        <section key={g.severity} className={`sev-group sev-${g.severity}`}>
          <h3>
            {SEV_TITLE[g.severity]} <span className="muted">{g.count}</span>
          </h3>
          {g.rules.map((r) => {
            const key = `${g.severity}:${r.ruleId}:${r.title}`;
            const open = !closed.has(key);
            return (
              <div key={key} className="rule-group" data-rule-group={r.ruleId}>
                <button type="button" className="rule-head" onClick={() => toggle(key)} aria-expanded={open}>
                  <span className="chev">{open ? '▾' : '▸'}</span>
                  <span className="rule-title">{r.title}</span>
                  <code className="rule-id">{r.ruleId}</code>
                  <span className="rule-count">{r.findings.length}</span>
                </button>
                {open ? (
                  <ul>
                    {r.findings.map((f, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: findings carry no id
                      <FindingRow key={i} f={f} nodes={nodes} onFocus={onFocus} onComment={onComment} />
                    ))}
                  </ul>
                ) : null}
              </div>
            );
          })}
        </section>
      ))}
      {acknowledged.length ? (
        <section className="sev-group acked">
          <h3>
            Acknowledged <span className="muted">{acknowledged.length}</span>
          </h3>
          <ul>
            {acknowledged.map((f, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: findings carry no id
              <FindingRow key={i} f={f} nodes={nodes} onFocus={onFocus} onComment={onComment} />
            ))}
          </ul>
        </section>
      ) : null}
      <div className="muted small pad">Checked in a background worker in {validation.ms.toFixed(1)} ms.</div>
    </div>
  );
}
