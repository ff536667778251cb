// CPU time of a server process's main thread (its event loop), read from /proc. Unlike wall-clock
// latency it does not grow when other work competes for the cores, so tests can bound what an input
// costs the server on a busy CI machine; benches under bench/ report the wall-clock figures.
import { readFileSync } from 'node:fs';

/** USER_HZ: the unit of utime/stime in /proc/<pid>/stat (100 on every Linux architecture Node runs on). */
const TICKS_PER_S = 100;

/** Milliseconds of CPU the main thread of `pid` has used so far (user + system), in 10 ms steps. */
export function mainThreadCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  return ((utime + stime) * 1000) / TICKS_PER_S;
}
