// Preloaded into both benchmarked servers: on SIGUSR2, run a full GC and print the live heap
// (plus external/array buffers) so memory per board/connection is measured the same way on
// both; also prints the largest event-loop delay since the previous probe.
import { monitorEventLoopDelay } from 'node:perf_hooks';

const eld = monitorEventLoopDelay({ resolution: 5 });
eld.enable();
process.on('SIGUSR2', () => {
  const maxMs = eld.max / 1e6;
  eld.reset();
  globalThis.gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`HEAP ${m.heapUsed + m.external + m.arrayBuffers} ${maxMs.toFixed(1)}\n`);
});
