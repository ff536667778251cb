/**
 * Export benchmark: time to export a generated board of 1,000 resources (and 5,000, for growth)
 * to Terraform and to a CDK app, median of N runs after warm-up. Baseline in the same run:
 * `serializeBoard` of the same board (canonical JSON bytes of the board file).
 *
 * Run: pnpm --filter @stratus/bench exec tsx export.ts  (or pnpm bench)
 */
import { exportCdk, exportTerraform } from '@stratus/export';
import { type Board, parseBoardOrThrow, serializeBoard } from '@stratus/model';
import { boardBuilder } from './lib/boards.ts';
import { timeMedian } from './lib/measure.ts';

const SIZES = [1_000, 5_000];
const RUNS = Number(process.env.RUNS ?? 15);

/** Per cell: VPC, 2 subnets, IGW, NAT + EIP, SG, 2 instances, RDS, 2 queues, a table (az not counted). */
function generate(resources: number): Board {
  const { nodes, edges, node, edge } = boardBuilder((id) => id.replace(/_/g, ' '));
  let count = 0;
  for (let c = 0; count < resources; c++) {
    const p = `c${c}_`;
    const o1 = Math.floor(c / 250) % 250;
    const o2 = c % 250;
    node(`${p}vpc`, 'vpc', null, { cidr: `10.${o1}.${o2}.0/24` });
    node(`${p}az`, 'az', `${p}vpc`, { zone: 'us-east-1a' });
    node(`${p}pub`, 'subnet', `${p}az`, { cidr: `10.${o1}.${o2}.0/26` });
    node(`${p}priv`, 'subnet', `${p}az`, { cidr: `10.${o1}.${o2}.64/26` });
    node(`${p}igw`, 'internet-gateway', `${p}vpc`);
    node(`${p}nat`, 'nat-gateway', `${p}pub`);
    node(`${p}eip`, 'elastic-ip', `${p}pub`);
    node(`${p}sg`, 'security-group', `${p}vpc`, {
      ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' }],
    });
    node(`${p}app`, 'ec2-instance', `${p}priv`);
    node(`${p}app2`, 'ec2-instance', `${p}priv`, { count: 2 });
    node(`${p}db`, 'rds-instance', `${p}priv`);
    node(`${p}q`, 'sqs-queue', null, { visibilityTimeoutSeconds: 60 });
    node(`${p}dlq`, 'sqs-queue', null);
    node(`${p}t`, 'dynamodb-table', null, { partitionKeyName: 'pk', sortKeyName: 'sk' });
    count += 13;
    edge(`${p}r1`, 'route', `${p}pub`, `${p}igw`);
    edge(`${p}r2`, 'route', `${p}priv`, `${p}nat`);
    edge(`${p}a1`, 'association', `${p}eip`, `${p}nat`);
    edge(`${p}a2`, 'association', `${p}sg`, `${p}app`);
    edge(`${p}a3`, 'association', `${p}sg`, `${p}app2`);
    edge(`${p}d`, 'dead-letter', `${p}q`, `${p}dlq`);
  }
  return parseBoardOrThrow({ format: 'stratus.board', version: 1, name: `Bench ${resources}`, nodes, edges });
}

/** Median ms of `runs` timed calls after 3 untimed ones. */
const median = (fn: () => unknown, runs = RUNS) => timeMedian(fn, runs, 3);

const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;
const ratio = (x: number, base: number) => `${(x / base).toFixed(1)}×`;
const bytes = (files: Record<string, string>) => Object.values(files).reduce((s, f) => s + f.length, 0);

console.log(
  `Export benchmark (Node ${process.version}, ${new Date().toISOString()}, median of ${RUNS} runs)\n`,
);
console.log(
  '| resources | nodes | edges | serializeBoard (baseline) | Terraform | TF / baseline | CDK | CDK / baseline | TF incl. validation | CDK incl. validation | output TF / CDK |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const results: { size: number; tf: number; cdk: number }[] = [];
for (const size of SIZES) {
  const board = generate(size);
  const base = median(() => serializeBoard(board));
  const tf = median(() => exportTerraform(board, { diagnostics: [] }));
  const cdk = median(() => exportCdk(board, { diagnostics: [] }));
  const tfFull = median(() => exportTerraform(board), Math.max(5, Math.floor(RUNS / 3)));
  const cdkFull = median(() => exportCdk(board), Math.max(5, Math.floor(RUNS / 3)));
  const a = exportTerraform(board, { diagnostics: [] });
  const b = exportCdk(board, { diagnostics: [] });
  const resources = board.nodes.filter((n) => n.kind !== 'az').length;
  console.log(
    `| ${resources} | ${board.nodes.length} | ${board.edges.length} | ${ms(base)} | ${ms(tf)} | ${ratio(tf, base)} | ${ms(cdk)} | ${ratio(cdk, base)} | ${ms(tfFull)} | ${ms(cdkFull)} | ${(bytes(a.files) / 1024).toFixed(0)} KiB / ${(bytes(b.files) / 1024).toFixed(0)} KiB |`,
  );
  results.push({ size: resources, tf, cdk });
}
if (results.length > 1) {
  const [x, y] = [results[0]!, results[1]!];
  console.log(
    `\nGrowth ${x.size} → ${y.size} resources (×${(y.size / x.size).toFixed(1)}): Terraform ×${(y.tf / x.tf).toFixed(1)}, CDK ×${(y.cdk / x.cdk).toFixed(1)}`,
  );
}
