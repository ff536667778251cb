/**
 * Drag frames of the edge router (apps/web/src/board/routing.ts `drawEdges`) in versions of the
 * code side by side: the working tree's file and the file at given git revisions, loaded into one
 * process and run interleaved, frame by frame, on the same sequence of boards (the card with the
 * most edges of the generated 300-node board dragged a few px per frame, each version with its own
 * RouteCache; every version loaded alike, from a copy of its file). Timed by process CPU time (user + system, less sensitive than the wall clock to the
 * other processes of a loaded machine). Also a cold draw (no cache) each round. Checks that every
 * version draws what the working tree draws when asked (`--same <rev>`).
 *
 *   pnpm --filter @stratus/bench exec tsx routing-frames.ts --rev e6d81f3 --rev main [--frames 40] [--same main]
 *     [--board <template id>]   (a template instead of the 300-node board)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TEMPLATES } from '@stratus/model';
import { routedBoard } from '../apps/web/src/board/flow-model.ts';
import { layoutIfNeeded } from '../apps/web/src/board/layout.ts';
import type * as current from '../apps/web/src/board/routing.ts';
import { largeBoard } from './lib/boards.ts';
import { median } from './lib/measure.ts';

type Routing = typeof current;
const args = process.argv.slice(2);
const opt = (name: string) => args.flatMap((a, i) => (a === name ? [args[i + 1]!] : []));
const FRAMES = Number(opt('--frames')[0] ?? 40);
const same = opt('--same');

// Every version loaded the same way: a copy of its file.
const dir = mkdtempSync(join(tmpdir(), 'routing-frames-'));
const load = async (name: string, text: string) => {
  const file = join(dir, `routing-${name.replace(/\W/g, '_')}.ts`);
  writeFileSync(file, text);
  return { name, r: (await import(pathToFileURL(file).href)) as Routing };
};
const versions: { name: string; r: Routing }[] = [];
for (const rev of opt('--rev'))
  versions.push(
    await load(
      rev,
      execFileSync('git', ['show', `${rev}:apps/web/src/board/routing.ts`], { encoding: 'utf8' }),
    ),
  );
const here = fileURLToPath(new URL('../apps/web/src/board/routing.ts', import.meta.url));
versions.push(await load('working tree', readFileSync(here, 'utf8')));

const template = TEMPLATES.find((t) => t.id === opt('--board')[0]);
const { nodes, edges } = routedBoard(layoutIfNeeded(template ? template.board() : largeBoard(300)));
const degree = new Map<string, number>();
for (const e of edges) for (const id of [e.source, e.target]) degree.set(id, (degree.get(id) ?? 0) + 1);
const id = [...degree].sort((p, q) => q[1] - p[1])[0]![0];
const i = nodes.findIndex((n) => n.id === id);
const start = nodes[i]!.box;
const frame = (k: number) => {
  const moved = [...nodes];
  moved[i] = { ...nodes[i]!, box: { ...start, x: start.x + k * 3, y: start.y + k } };
  return moved;
};
const cpu = (fn: () => unknown) => {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
};
const turn = () => new Promise((done) => setImmediate(done));
const shown = (m: Map<string, current.Drawn>) =>
  JSON.stringify([...m].map(([id, d]) => [id, d.d, d.kind, d.label ?? null]));

const caches = versions.map((v) => new v.r.RouteCache());
const drag = versions.map(() => [] as number[]);
const cold = versions.map(() => [] as number[]);
let differ = 0;
for (const [v, { r }] of versions.entries()) r.drawEdges(nodes, edges, { cache: caches[v] });
for (let k = 1; k <= FRAMES + 5; k++) {
  const moved = frame(k);
  const out = new Map<string, string>();
  // Rotate which version goes first.
  for (let n = 0; n < versions.length; n++) {
    const v = (n + k) % versions.length;
    const { r, name } = versions[v]!;
    let drawn: Map<string, current.Drawn> | undefined;
    const t = cpu(() => {
      drawn = r.drawEdges(moved, edges, { cache: caches[v] });
    });
    // Between timings, the event loop turns (garbage collection finishing its work there, not
    // inside the next timing).
    await turn();
    const c = cpu(() => r.drawEdges(moved, edges));
    await turn();
    if (k > 5) {
      drag[v]!.push(t);
      cold[v]!.push(c);
    }
    out.set(name, shown(drawn!));
  }
  for (const rev of same) if (out.get(rev) !== out.get('working tree')) differ++;
}
const ms = (x: number) => x.toFixed(1);
const [l1, l5, l15] = loadavg().map((x) => x.toFixed(2));
console.log(
  `Routing drag frames, ${template?.id ?? '300-node board'} (${nodes.length} nodes, ${edges.length} edges), ${new Date().toISOString()}`,
);
console.log(`CPU ms, median of ${FRAMES} frames, interleaved; load average ${l1} ${l5} ${l15}`);
const base = median(drag[0]!);
for (const [v, { name }] of versions.entries())
  console.log(
    `${name.padEnd(14)} drag ${ms(median(drag[v]!)).padStart(6)} (${(median(drag[v]!) / base).toFixed(2)}×)  cold ${ms(median(cold[v]!)).padStart(6)} (${(median(cold[v]!) / median(cold[0]!)).toFixed(2)}×)`,
  );
if (same.length) console.log(`frames drawn differently from ${same.join(', ')}: ${differ}`);
