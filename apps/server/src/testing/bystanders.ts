// Honest bystanders timing edits while a server is attacked (hostile-input and fuzzing tests).
import type { TestClient } from './helpers.ts';

export const p99 = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.ceil(xs.length * 0.99) - 1]!;

let seq = 0;

/**
 * Milliseconds from an edit on `a` until `b` sees it. Rejects after 20 s with `context()` (the
 * server's last log lines, say) in the message.
 */
export function roundTrip(a: TestClient, b: TestClient, context: () => string): Promise<number> {
  const key = `rt${seq++}`;
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const m = b.doc.getMap('ping');
    const timer = setTimeout(() => reject(new Error(`round trip ${key} lost:\n${context()}`)), 20_000);
    const obs = () => {
      if (!m.has(key)) return;
      m.unobserve(obs);
      clearTimeout(timer);
      resolve(performance.now() - t);
    };
    m.observe(obs);
    a.doc.getMap('ping').set(key, t);
  });
}
