import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Board, type BoardIssue, parseBoard } from '@stratus/model';
import type { Io } from './io.ts';

export type LoadResult = { ok: true; board: Board; path: string } | { ok: false };

/**
 * Reads and imports the board file a command was given (`given`, relative to `io.cwd`). On a
 * problem it writes the explanation to stderr, prefixed with `stratus <command>:`, and returns
 * `{ ok: false }` (the commands then exit 2). Unreadable files are explained here; import problems
 * are listed by `describeIssues`, which returns the text after "stratus <command>: <given> ".
 */
export function loadBoardFile(
  command: string,
  given: string,
  io: Io,
  describeIssues: (issues: BoardIssue[]) => string,
): LoadResult {
  const path = resolve(io.cwd, given);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.stderr(
      code === 'ENOENT'
        ? `stratus ${command}: ${given} does not exist (looked in ${io.cwd}).\n`
        : code === 'EISDIR'
          ? `stratus ${command}: ${given} is a directory; give a board file (.board.json).\n`
          : `stratus ${command}: cannot read ${given}: ${(err as Error).message}\n`,
    );
    return { ok: false };
  }
  const parsed = parseBoard(text);
  if (!parsed.ok) {
    io.stderr(`stratus ${command}: ${given} ${describeIssues(parsed.issues)}`);
    return { ok: false };
  }
  return { ok: true, board: parsed.board, path };
}
