// Preloaded into both benchmarked servers: on SIGUSR2, run a full GC and print the live heap
// (plus external/array buffers) so memory per board/connection is measured the same way on both.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`HEAP ${m.heapUsed + m.external + m.arrayBuffers}\n`);
});
