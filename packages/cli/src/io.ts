/** Where a command writes and which directory relative paths start from (injectable for tests). */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The directory the user ran the command in (`pnpm stratus` runs scripts from the repo root). */
  cwd: string;
}

export const processIo = (): Io => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.env.INIT_CWD || process.cwd(),
});
