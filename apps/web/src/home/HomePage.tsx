/** The boards on this server, and new boards: empty or from a starter template. */
import { type BoardIssue, TEMPLATES, type Template } from '@stratus/model';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BoardSummary } from '@stratus/api';
import { AccountBar, SetupPanel, useAccount } from '../account/Account.tsx';
import { ApiError, api } from '../api.ts';
import { ImportIssues, importBoardFile } from '../board/import-file.tsx';
import { iconUrl } from '../icons.ts';
import { setToken } from '../tokens.ts';

const TEMPLATE_ICONS: Record<string, string[]> = {
  'three-tier': ['load-balancer', 'ec2-instance', 'rds'],
  'queue-worker': ['sqs', 'ec2-instance', 'dynamodb'],
  'static-site': ['route53', 'cloudfront', 's3'],
  'serverless-api': ['api-gateway', 'lambda', 'aurora'],
};

function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const mins = Math.round((Date.now() - d.getTime()) / 60000);
  if (mins < 1) return 'just now';
  if (mins < 60) return `${mins} min ago`;
  if (mins < 60 * 24) return `${Math.round(mins / 60)} h ago`;
  return d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' });
}

export function HomePage({ onOpen }: { onOpen: (id: string) => void }) {
  const [boards, setBoards] = useState<BoardSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [q, setQ] = useState('');
  const [importIssues, setImportIssues] = useState<BoardIssue[] | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [account, reloadAccount] = useAccount();

  const load = useCallback(() => {
    api
      .list()
      .then((b) => {
        setBoards(b);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  useEffect(load, [load]);

  const create = async (template?: Template) => {
    setBusy(true);
    try {
      const created = template
        ? await api.create({ name: template.name, board: template.board() })
        : await api.create({ name: 'Untitled board' });
      if (created.ownerToken) setToken(created.id, created.ownerToken);
      onOpen(created.id);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
      setBusy(false);
    }
  };

  const importFile = async (file: File) => {
    setBusy(true);
    try {
      const r = await importBoardFile(file);
      if (r.ok) {
        onOpen(r.id);
        return;
      }
      setImportIssues(r.issues);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    setBusy(false);
  };

  const remove = async (b: BoardSummary) => {
    if (!window.confirm(`Delete “${b.name}” for everyone? This cannot be undone.`)) return;
    try {
      await api.remove(b.id);
      load();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const shown = (boards ?? []).filter((b) => b.name.toLowerCase().includes(q.trim().toLowerCase()));

  return (
    <div className="home">
      <header className="home-top">
        <div className="brand">
          <img src="/favicon.svg" alt="" />
          <span>Stratus</span>
        </div>
        <span className="muted">Design AWS architectures together, checked as you draw.</span>
        <AccountBar
          state={account}
          onChange={() => {
            reloadAccount();
            load();
          }}
        />
      </header>
      {importIssues ? <ImportIssues issues={importIssues} onClose={() => setImportIssues(null)} /> : null}
      <main className="home-main">
        {account.kind === 'setup' ? (
          // First run: the new admin lands in a new board of their workspace.
          <SetupPanel onDone={() => create()} />
        ) : null}
        <section>
          <div className="section-head">
            <h2>Start a new board</h2>
            <button type="button" className="btn" disabled={busy} onClick={() => fileInput.current?.click()}>
              Import a board file…
            </button>
            <input
              ref={fileInput}
              type="file"
              accept=".json,application/json"
              hidden
              data-testid="home-import-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (f) void importFile(f);
                e.target.value = '';
              }}
            />
          </div>
          <div className="template-grid">
            <button
              type="button"
              className="template-card blank"
              disabled={busy}
              onClick={() => void create()}
              data-testid="new-empty"
            >
              <div className="template-art">
                <span className="plus">+</span>
              </div>
              <div className="template-name">Empty board</div>
              <div className="muted small">A blank canvas.</div>
            </button>
            {TEMPLATES.map((t) => (
              <button
                type="button"
                key={t.id}
                className="template-card"
                disabled={busy}
                onClick={() => void create(t)}
                data-template={t.id}
              >
                <div className="template-art">
                  {(TEMPLATE_ICONS[t.id] ?? []).map((k) => (
                    <img key={k} src={iconUrl(k)} alt="" />
                  ))}
                </div>
                <div className="template-name">{t.name}</div>
                <div className="muted small clamp">{t.description}</div>
              </button>
            ))}
          </div>
        </section>
        <section>
          <div className="section-head">
            <h2>Boards on this server</h2>
            <input
              type="search"
              placeholder="Filter boards…"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              aria-label="Filter boards"
            />
          </div>
          {error ? (
            <div className="banner banner-error">
              {error}{' '}
              <button type="button" className="link-btn" onClick={load}>
                Retry
              </button>
            </div>
          ) : null}
          {boards === null && !error ? <p className="muted">Loading boards…</p> : null}
          {boards?.length === 0 ? (
            <div className="empty-state">
              <div>No boards yet.</div>
              <div className="muted small">Start one above: it is shared with everyone who has its link.</div>
            </div>
          ) : null}
          {shown.length ? (
            <ul className="board-list" data-testid="board-list">
              {shown.map((b) => (
                <li key={b.id}>
                  <a
                    href={`/b/${b.id}`}
                    onClick={(e) => {
                      if (e.metaKey || e.ctrlKey) return;
                      e.preventDefault();
                      onOpen(b.id);
                    }}
                  >
                    <span className="board-list-name" title={b.name}>
                      {b.name}
                    </span>
                    <span className="muted small">Edited {when(b.updatedAt)}</span>
                  </a>
                  <button
                    type="button"
                    className="icon-btn"
                    title={`Delete “${b.name}”`}
                    onClick={() => void remove(b)}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
        </section>
      </main>
    </div>
  );
}
