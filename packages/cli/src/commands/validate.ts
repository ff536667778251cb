import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { summarize, validateBoard } from '@stratus/validator';
import { toSarif } from '../format/sarif.ts';
import { formatText } from '../format/text.ts';
import type { Io } from '../io.ts';
import { loadBoardFile } from '../load.ts';

export const VALIDATE_USAGE = `Usage: stratus validate <board.json> [--format text|json|sarif]

Checks a board file against the rule catalogue (docs/rules.md).
  --format, -f   text (default), json, or sarif (SARIF 2.1.0, for code scanning tools)
Exit code: 0 no errors, 1 errors found (acknowledged ones do not count), 2 the file could not be read or imported.
`;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/** `stratus validate <file>`: returns the exit code. */
export async function runValidate(args: string[], io: Io): Promise<number> {
  let format: Format = 'text';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') {
      io.stdout(VALIDATE_USAGE);
      return 0;
    }
    let value: string | undefined;
    if (a === '--format' || a === '-f') value = args[++i];
    else if (a.startsWith('--format=')) value = a.slice('--format='.length);
    else if (a.startsWith('-')) {
      io.stderr(`stratus validate: unknown option ${a}\n\n${VALIDATE_USAGE}`);
      return 2;
    } else {
      files.push(a);
      continue;
    }
    if (!FORMATS.includes(value as Format)) {
      io.stderr(`stratus validate: --format must be text, json or sarif (got ${value ?? 'nothing'}).\n`);
      return 2;
    }
    format = value as Format;
  }
  if (files.length !== 1) {
    io.stderr(`stratus validate: give exactly one board file.\n\n${VALIDATE_USAGE}`);
    return 2;
  }
  const given = files[0]!;
  const loaded = loadBoardFile(
    'validate',
    given,
    io,
    (issues) =>
      `is not a valid Stratus board (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}\nFix these and run the command again; the JSON paths point into the file.\n`,
  );
  if (!loaded.ok) return 2;
  const { board, path } = loaded;
  const findings = validateBoard(board);
  const summary = summarize(findings);
  const rel = relative(io.cwd, path);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  const display = inside ? rel.split(sep).join('/') : path;
  if (format === 'json') {
    io.stdout(`${JSON.stringify({ file: display, board: board.name, summary, findings }, null, 2)}\n`);
  } else if (format === 'sarif') {
    const labels = new Map(board.nodes.map((n) => [n.id, n.label || n.id]));
    // SARIF wants a relative reference or an absolute file: URI.
    const uri = inside ? display : pathToFileURL(path).href;
    io.stdout(`${JSON.stringify(toSarif(uri, findings, labels), null, 2)}\n`);
  } else {
    io.stdout(formatText(display, board.name, findings, summary));
  }
  return summary.errors > 0 ? 1 : 0;
}
