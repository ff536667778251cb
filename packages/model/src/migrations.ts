import { BOARD_VERSION } from './board.ts';

/**
 * One step of the board format's history: turns a board file of version `from` into `from + 1`.
 * Migrations work on plain JSON (a file, or a Y.Doc read out as JSON), never on typed boards: the
 * types only describe the current version.
 */
export interface Migration {
  from: number;
  description: string;
  up(board: Record<string, unknown>): Record<string, unknown>;
}

/**
 * The real history of the format. Version 1 is the first public one, so the list is empty; add a
 * step here (and bump BOARD_VERSION) when the format changes, with an up test in migrations.test.ts.
 */
export const MIGRATIONS: readonly Migration[] = [];

export class MigrationError extends Error {}

/** Applies every step from the board's version up to `target`. Returns a new object. */
export function migrateBoardJson(
  input: Record<string, unknown>,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = BOARD_VERSION,
): { board: Record<string, unknown>; applied: Migration[] } {
  let version = input.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new MigrationError(`version must be a positive whole number, got ${JSON.stringify(version)}`);
  }
  if (version > target) {
    throw new MigrationError(
      `this board is format version ${version}, newer than this Stratus understands (${target}); update Stratus to open it`,
    );
  }
  let board: Record<string, unknown> = structuredClone(input);
  const applied: Migration[] = [];
  while (version < target) {
    const step = migrations.find((m) => m.from === version);
    if (!step)
      throw new MigrationError(`no migration from board format version ${version} to ${version + 1}`);
    board = { ...step.up(board), version: version + 1 };
    applied.push(step);
    version += 1;
  }
  return { board, applied };
}
