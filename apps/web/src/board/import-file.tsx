/**
 * Importing a board file: always as a new board (the board open on screen is never replaced), with
 * every problem of a file that cannot be imported listed in a dialog. Used by the home page and the
 * board screen.
 */
import { type BoardIssue, parseBoard } from '@stratus/model';
import { api } from '../api.ts';
import { Dialog } from '../Dialog.tsx';
import { setToken } from '../tokens.ts';

export type ImportResult = { ok: true; id: string; name: string } | { ok: false; issues: BoardIssue[] };

/** Reads a board file and creates a new board from it on the server. */
export async function importBoardFile(file: File): Promise<ImportResult> {
  const result = parseBoard(await file.text());
  if (!result.ok) return result;
  // A file whose drawing overlaps or spills out of its containers is laid out on the way in.
  const { layoutIfNeeded } = await import('./layout.ts');
  const board = layoutIfNeeded(result.board);
  const name =
    result.board.name.trim() || file.name.replace(/\.board\.json$|\.json$/i, '') || 'Imported board';
  const created = await api.create({ name, board });
  if (created.ownerToken) setToken(created.id, created.ownerToken);
  return { ok: true, id: created.id, name };
}

export function ImportIssues({ issues, onClose }: { issues: readonly BoardIssue[]; onClose: () => void }) {
  return (
    <Dialog title="This file cannot be imported" label="Import failed" role="alertdialog" onClose={onClose}>
      <p className="muted">
        Nothing was created. Fix {issues.length === 1 ? 'this problem' : `these ${issues.length} problems`} in
        the file and import it again:
      </p>
      <ul className="issues">
        {issues.slice(0, 100).map((i) => (
          <li key={`${i.path}:${i.message}`}>
            <code>{i.path || '(file)'}</code> {i.message}
          </li>
        ))}
      </ul>
      {issues.length > 100 ? <p className="muted small">…and {issues.length - 100} more.</p> : null}
    </Dialog>
  );
}
