/**
 * Validator benchmark: generated boards of 500, 5,000 and 20,000 nodes (VPCs in two AZs with
 * public/private subnets, gateways, NAT, security groups, an ACL, instances, databases, caches,
 * queues, tables, VPC endpoints, transit gateways every 10 VPCs, an API Gateway and a Lambda function
 * and traffic flows), full validation and incremental re-check after one property
 * change. Baseline measured in the same run: `indexBoard` (one pass building the id maps).
 * Every figure is the best of three medians (the machine is shared).
 *
 * Run: pnpm --filter @stratus/bench exec tsx validator.ts  (or pnpm bench)
 */
import { type BoardNode, indexBoard } from '@stratus/model';
import { createValidator, validateBoard } from '@stratus/validator';
import { median, timeMedian } from './lib/measure.ts';
import { generate } from './lib/validator-board.ts';

const SIZES = [500, 5_000, 20_000];

/** Median ms of `runs` timed calls after 5 untimed ones. */
const time = (fn: () => void, runs: number) => timeMedian(fn, runs, 5);

interface Row {
  n: number;
  edges: number;
  findings: number;
  baseline: number;
  full: number;
  incremental: number;
  incrementalNoIds: number;
}

const ROUNDS = 3;
const rows: Row[] = [];
for (const size of SIZES) {
  const board = generate(size);
  const runs = size >= 20_000 ? 7 : 15;
  // Best of ROUNDS medians: the machine is shared, and the best median is the least disturbed one.
  let baseline = Number.POSITIVE_INFINITY;
  let full = Number.POSITIVE_INFINITY;
  let findings = 0;
  for (let round = 0; round < ROUNDS; round++) {
    baseline = Math.min(
      baseline,
      time(() => indexBoard(board), runs),
    );
    full = Math.min(
      full,
      time(() => {
        findings = validateBoard(board).length;
      }, runs),
    );
  }

  // One property change per re-check: toggle a database's public access in a different unit each time.
  const v = createValidator(board);
  const dbIndexes = board.nodes.flatMap((n, i) => (n.kind === 'rds-instance' ? [i] : []));
  let step = 0;
  const change = () => {
    const i = dbIndexes[(step * 7919) % dbIndexes.length]!;
    const n = board.nodes[i]!;
    const props = n.props as { publiclyAccessible?: boolean };
    board.nodes[i] = {
      ...n,
      props: { ...props, publiclyAccessible: !props.publiclyAccessible },
    } as BoardNode;
    step++;
    return n.id;
  };
  let incremental = Number.POSITIVE_INFINITY;
  let incrementalNoIds = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    const incSamples: number[] = [];
    for (let i = 0; i < 120; i++) {
      const id = change();
      const t = performance.now();
      v.update(board, [id]);
      if (i >= 20) incSamples.push(performance.now() - t);
    }
    incremental = Math.min(incremental, median(incSamples));
    const noIdSamples: number[] = [];
    for (let i = 0; i < (size >= 20_000 ? 5 : 11); i++) {
      change();
      const t = performance.now();
      v.update(board);
      noIdSamples.push(performance.now() - t);
    }
    incrementalNoIds = Math.min(incrementalNoIds, median(noIdSamples));
  }
  // The incremental checker must agree with a full run (checked here too, outside the timing).
  const a = JSON.stringify(v.findings);
  const b = JSON.stringify(validateBoard(board));
  if (a !== b) throw new Error(`incremental findings differ from a full run at ${size} nodes`);
  rows.push({
    n: board.nodes.length,
    edges: board.edges.length,
    findings,
    baseline,
    full,
    incremental,
    incrementalNoIds,
  });
}

const f = (ms: number) => (ms < 1 ? ms.toFixed(3) : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));
console.log(`Validator benchmark (Node ${process.version}, ${new Date().toISOString()})`);
console.log('');
console.log(
  '| nodes | edges | findings | indexBoard (baseline) | full validation | full / baseline | incremental (1 prop change, ids given) | incremental / full | incremental, ids found by diffing |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.n} | ${r.edges} | ${r.findings} | ${f(r.baseline)} ms | ${f(r.full)} ms | ${(r.full / r.baseline).toFixed(1)}× | ${f(r.incremental)} ms | ${((r.incremental / r.full) * 100).toFixed(2)} % | ${f(r.incrementalNoIds)} ms |`,
  );
}
console.log('');
console.log('Growth between sizes (full validation time ratio vs n ratio and n log n ratio):');
for (let i = 1; i < rows.length; i++) {
  const a = rows[i - 1]!;
  const b = rows[i]!;
  const nRatio = b.n / a.n;
  const nlogn = (b.n * Math.log2(b.n)) / (a.n * Math.log2(a.n));
  console.log(
    `  ${a.n} → ${b.n}: time ×${(b.full / a.full).toFixed(2)}, n ×${nRatio.toFixed(2)}, n log n ×${nlogn.toFixed(2)}, baseline (indexBoard) ×${(b.baseline / a.baseline).toFixed(2)}, time relative to baseline ×${(b.full / b.baseline / (a.full / a.baseline)).toFixed(2)}; incremental ×${(b.incremental / a.incremental).toFixed(2)}`,
  );
}
const five = rows.find((r) => r.n >= 5_000 && r.n < 6_000);
if (five) {
  console.log('');
  console.log(
    `Targets at ${five.n} nodes: full ${f(five.full)} ms (target < 100 ms: ${five.full < 100 ? 'met' : 'MISSED'}), incremental ${f(five.incremental)} ms (target < 5 ms: ${five.incremental < 5 ? 'met' : 'MISSED'})`,
  );
}
