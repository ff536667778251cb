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
import { type Board, type BoardNode, indexBoard } from '@stratus/model';
import { createValidator, validateBoard } from '@stratus/validator';
import { boardBuilder } from './lib/boards.ts';
import { median, timeMedian } from './lib/measure.ts';

const SIZES = [500, 5_000, 20_000];

function generate(target: number): Board {
  const { nodes, edges, node, edge } = boardBuilder();
  node('users', 'internet', null);
  for (let u = 0; nodes.length < target; u++) {
    const p = `u${u}_`;
    const o2 = u % 250;
    const o1 = Math.floor(u / 250) % 250;
    const base = `10.${o1}.${o2}`; // a /24 per unit, split into /26 subnets
    node(`${p}vpc`, 'vpc', null, { cidr: `10.${o1}.${o2}.0/24`, region: 'us-east-1' });
    node(`${p}aza`, 'az', `${p}vpc`, { zone: 'us-east-1a' });
    node(`${p}azb`, 'az', `${p}vpc`, { zone: 'us-east-1b' });
    const subnets = [
      ['puba', 'aza', 0],
      ['pubb', 'azb', 64],
      ['priva', 'aza', 128],
      ['privb', 'azb', 192],
    ] as const;
    for (const [s, az, off] of subnets)
      node(`${p}${s}`, 'subnet', `${p}${az}`, { cidr: `${base}.${off}/26` });
    node(`${p}igw`, 'internet-gateway', `${p}vpc`);
    node(`${p}nat`, 'nat-gateway', `${p}puba`, { connectivity: 'public' });
    node(`${p}eip`, 'elastic-ip', `${p}puba`);
    node(`${p}alb`, 'load-balancer', `${p}puba`, { subnetIds: [`${p}pubb`] });
    node(`${p}sgalb`, 'security-group', `${p}vpc`, {
      ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' }],
    });
    node(`${p}sgapp`, 'security-group', `${p}vpc`, {
      ingress: [{ protocol: 'tcp', fromPort: 8080, toPort: 8080, sourceSecurityGroupId: `${p}sgalb` }],
    });
    node(`${p}sgdb`, 'security-group', `${p}vpc`, {
      ingress: [{ protocol: 'tcp', fromPort: 5432, toPort: 6379, sourceSecurityGroupId: `${p}sgapp` }],
    });
    node(`${p}acl`, 'network-acl', `${p}vpc`, {
      inbound: [
        { ruleNumber: 100, protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0', action: 'allow' },
        {
          ruleNumber: 110,
          protocol: 'tcp',
          fromPort: 1024,
          toPort: 65535,
          cidr: '0.0.0.0/0',
          action: 'allow',
        },
        { ruleNumber: 120, protocol: 'all', cidr: `10.${o1}.${o2}.0/24`, action: 'allow' },
      ],
      outbound: [{ ruleNumber: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }],
    });
    node(`${p}db`, 'rds-instance', `${p}priva`, {
      engine: 'postgres',
      multiAz: true,
      subnetGroupSubnetIds: [`${p}privb`],
      backupRetentionDays: 7,
    });
    node(`${p}cache`, 'elasticache-cluster', `${p}privb`, { subnetGroupSubnetIds: [`${p}priva`] });
    node(`${p}q`, 'sqs-queue', null, { receiveWaitTimeSeconds: 20 });
    node(`${p}dlq`, 'sqs-queue', null, { receiveWaitTimeSeconds: 20, messageRetentionSeconds: 1209600 });
    node(`${p}table`, 'dynamodb-table', null, {
      partitionKeyName: 'pk',
      billingMode: 'PROVISIONED',
      readCapacity: 100,
      writeCapacity: 50,
    });
    edge(`${p}r1`, 'route', `${p}puba`, `${p}igw`);
    edge(`${p}r2`, 'route', `${p}pubb`, `${p}igw`);
    edge(`${p}r3`, 'route', `${p}priva`, `${p}nat`);
    edge(`${p}r4`, 'route', `${p}privb`, `${p}nat`);
    edge(`${p}aeip`, 'association', `${p}eip`, `${p}nat`);
    edge(`${p}aalb`, 'association', `${p}sgalb`, `${p}alb`);
    edge(`${p}adb`, 'association', `${p}sgdb`, `${p}db`);
    edge(`${p}acache`, 'association', `${p}sgdb`, `${p}cache`);
    edge(`${p}aacl1`, 'association', `${p}acl`, `${p}puba`);
    edge(`${p}aacl2`, 'association', `${p}acl`, `${p}pubb`);
    edge(`${p}dl`, 'dead-letter', `${p}q`, `${p}dlq`);
    edge(`${p}fin`, 'traffic', 'users', `${p}alb`, { port: 443 });
    // Serverless: an HTTP API invoking a function in both private subnets, which calls the DB and queue.
    node(`${p}api`, 'api-gateway', null);
    node(`${p}fn`, 'lambda-function', `${p}priva`, {
      memorySize: 512,
      timeout: 10,
      subnetIds: [`${p}privb`],
    });
    edge(`${p}afn`, 'association', `${p}sgapp`, `${p}fn`);
    edge(`${p}fapi`, 'traffic', `${p}api`, `${p}fn`, { port: 443 });
    edge(`${p}ffndb`, 'traffic', `${p}fn`, `${p}db`, { port: 5432 });
    edge(`${p}ffnq`, 'traffic', `${p}fn`, `${p}q`, { port: 443 });
    for (let i = 0; i < 6; i++) {
      const app = `${p}app${i}`;
      node(app, 'ec2-instance', i % 2 ? `${p}privb` : `${p}priva`, { instanceType: 't3.medium', count: 2 });
      edge(`${p}aapp${i}`, 'association', `${p}sgapp`, app);
      edge(`${p}falb${i}`, 'traffic', `${p}alb`, app, { port: 8080 });
      edge(`${p}fdb${i}`, 'traffic', app, `${p}db`, { port: 5432 });
      edge(`${p}fq${i}`, 'traffic', app, `${p}q`, { port: 443 });
      if (i < 2) edge(`${p}ft${i}`, 'traffic', app, `${p}table`, { port: 443 });
    }
    // Containers and an instance group behind the same ALB (flows drawn without a port: the target's).
    node(`${p}svc`, 'ecs-service', `${p}priva`, { containerPort: 8080, subnetIds: [`${p}privb`] });
    node(`${p}asg`, 'autoscaling-group', `${p}privb`, {
      instancePort: 8080,
      healthCheckType: 'ELB',
      subnetIds: [`${p}priva`],
    });
    for (const target of [`${p}svc`, `${p}asg`]) {
      edge(`${target}_sg`, 'association', `${p}sgapp`, target);
      edge(`${target}_in`, 'traffic', `${p}alb`, target);
      edge(`${target}_db`, 'traffic', target, `${p}db`);
    }
    // VPC endpoints (DynamoDB through a gateway endpoint, SQS through an interface endpoint), and
    // every 10 units share a transit gateway: each unit's first app calls the previous unit's database.
    node(`${p}gwe`, 'gateway-endpoint', `${p}vpc`, { service: 'dynamodb' });
    edge(`${p}agwe1`, 'association', `${p}gwe`, `${p}priva`);
    edge(`${p}agwe2`, 'association', `${p}gwe`, `${p}privb`);
    node(`${p}sqse`, 'interface-endpoint', `${p}priva`, { service: 'sqs', subnetIds: [`${p}privb`] });
    node(`${p}sgep`, 'security-group', `${p}vpc`, {
      ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, sourceSecurityGroupId: `${p}sgapp` }],
    });
    edge(`${p}asgep`, 'association', `${p}sgep`, `${p}sqse`);
    const hub = `tgw${Math.floor(u / 10)}`;
    if (u % 10 === 0) node(hub, 'transit-gateway', null);
    edge(`${p}atta`, 'attachment', `${p}priva`, hub);
    edge(`${p}attb`, 'attachment', `${p}privb`, hub);
    edge(`${p}rtgwa`, 'route', `${p}priva`, hub, { destinationCidr: '10.0.0.0/8' });
    edge(`${p}rtgwb`, 'route', `${p}privb`, hub, { destinationCidr: '10.0.0.0/8' });
    if (u % 10 !== 0) edge(`${p}ftgw`, 'traffic', `${p}app0`, `u${u - 1}_db`, { port: 5432 });
  }
  return { format: 'stratus.board', version: 1, name: `generated ${target}`, nodes, edges };
}

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
