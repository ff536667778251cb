/**
 * The "busy machine" mode of the end-to-end suite: with STRATUS_E2E_BUSY=N (or `=cores`), N
 * processes spin on the CPU for the whole run, so every wait in the suite is proven to be driven by
 * an event or a condition and not by how fast this machine happens to be. CI runs the suite once in
 * this mode.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

export function busyCount(value = process.env.STRATUS_E2E_BUSY): number {
  if (!value || value === '0') return 0;
  if (value === 'cores') return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64)
    throw new Error(`STRATUS_E2E_BUSY must be a whole number of processes or "cores", not "${value}"`);
  return n;
}

/** Starts `n` CPU-bound processes; the returned function stops them. */
export function keepCoresBusy(n: number): () => void {
  const spinners: ChildProcess[] = [];
  for (let i = 0; i < n; i++) {
    const p = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    spinners.push(p);
  }
  if (n) console.log(`[e2e] busy mode: ${n} CPU-bound processes run beside the suite`);
  return () => {
    for (const p of spinners) p.kill('SIGKILL');
  };
}
