import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VALIDATE_USAGE, runValidate } from './commands/validate.ts';
import { type Io, processIo } from './io.ts';

export const USAGE = `Stratus: design AWS architectures as boards.

Usage:
  stratus validate <board.json> [--format text|json|sarif]   check a board against the rule catalogue
  stratus export <board.json> [options]                        export a board (see stratus export --help)
  stratus --help                                               this text

From the repository root: pnpm stratus <command> …  (paths are relative to where you run it)

${VALIDATE_USAGE}`;

/** Runs the command line and returns the exit code (0 ok, 1 errors found, 2 bad usage or input). */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    (command === undefined ? io.stderr : io.stdout)(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'validate') return runValidate(rest, io);
  if (command === 'export') {
    // Written by the export engineer; loaded lazily so validate works without it.
    const modulePath = './commands/export.ts';
    let mod: { runExport?: (args: string[]) => Promise<number> };
    try {
      mod = await import(modulePath);
    } catch (err) {
      io.stderr(`stratus export is not available in this build (${(err as Error).message}).\n`);
      return 2;
    }
    if (typeof mod.runExport !== 'function') {
      io.stderr('stratus export is not available in this build.\n');
      return 2;
    }
    return mod.runExport(rest);
  }
  io.stderr(`stratus: unknown command "${command}".\n\n${USAGE}`);
  return 2;
}

const invokedDirectly = (() => {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`stratus: unexpected failure: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 3;
    },
  );
}
