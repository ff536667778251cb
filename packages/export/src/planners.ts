/**
 * Per-kind planners: the decisions about one node that both printers (Terraform, CDK) need, made
 * once while the plan is built (with their warnings), so the printers only write them out.
 */
import { type Board, indexBoard, nearestAncestor } from '@stratus/model';
import type { NodeOf } from './resolve.ts';
import { prop } from './resolve.ts';

type Warn = (message: string) => void;

/** A DynamoDB table: keys (a missing partition key becomes `pk`), attributes, capacities. */
export interface TablePlan {
  name: string | undefined;
  partitionKey: string;
  sortKey: string | undefined;
  billingMode: string;
  provisioned: boolean;
  rcu: number;
  wcu: number;
  /** Every key attribute of the table and its indexes, once, in first-use order. */
  attributes: [name: string, type: string][];
  gsis: {
    name: string;
    partitionKey: string;
    sortKey: string | undefined;
    projection: string;
    rcu: number;
    wcu: number;
  }[];
  lsis: { name: string; sortKey: string; projection: string }[];
}

export function planTable(t: NodeOf<'dynamodb-table'>, label: string, warn: Warn): TablePlan {
  const billingMode = prop(t, 'billingMode')!;
  const provisioned = billingMode === 'PROVISIONED';
  const partitionKey = t.props.partitionKeyName ?? 'pk';
  if (!t.props.partitionKeyName) warn(`${label} has no partition key; exported as "pk".`);
  const attrs = new Map<string, string>();
  const add = (n: string, type: string | undefined) => {
    if (!attrs.has(n)) attrs.set(n, type ?? 'S');
  };
  add(partitionKey, t.props.partitionKeyType);
  if (t.props.sortKeyName) add(t.props.sortKeyName, t.props.sortKeyType);
  for (const g of t.props.globalSecondaryIndexes ?? []) {
    add(g.partitionKeyName, g.partitionKeyType);
    if (g.sortKeyName) add(g.sortKeyName, g.sortKeyType);
  }
  for (const l of t.props.localSecondaryIndexes ?? []) add(l.sortKeyName, l.sortKeyType);
  const rcu = t.props.readCapacity ?? 5;
  const wcu = t.props.writeCapacity ?? 5;
  if (provisioned && (!t.props.readCapacity || !t.props.writeCapacity))
    warn(`${label} is PROVISIONED without read/write capacity; exported with 5 RCU/5 WCU.`);
  return {
    name: t.props.tableName,
    partitionKey,
    sortKey: t.props.sortKeyName,
    billingMode,
    provisioned,
    rcu,
    wcu,
    attributes: [...attrs],
    gsis: (t.props.globalSecondaryIndexes ?? []).map((g) => ({
      name: g.name,
      partitionKey: g.partitionKeyName,
      sortKey: g.sortKeyName,
      projection: g.projection ?? 'ALL',
      rcu: g.readCapacity ?? rcu,
      wcu: g.writeCapacity ?? wcu,
    })),
    lsis: (t.props.localSecondaryIndexes ?? []).map((l) => ({
      name: l.name,
      sortKey: l.sortKeyName,
      projection: l.projection ?? 'ALL',
    })),
  };
}

/** A queue's or topic's name: FIFO ones must end in `.fifo`, added when the board left it out. */
export function fifoName(name: string | undefined, fifo: boolean): string | undefined {
  return name && fifo && !name.endsWith('.fifo') ? `${name}.fifo` : name;
}

/** ElastiCache: Memcached is a cache cluster; Redis OSS and Valkey a replication group. */
export type CacheFlavour = 'memcached-cluster' | 'replication-group';
export const cacheFlavour = (c: NodeOf<'elasticache-cluster'>): CacheFlavour =>
  prop(c, 'engine') === 'memcached' ? 'memcached-cluster' : 'replication-group';

/** A NAT instance: check off, the set-up script unless the board brings its own AMI. */
export interface NatInstancePlan {
  /** Subnets whose routes lead to it: its security group admits them. */
  subnets: string[];
  /** Attach the Amazon Linux 2023 forwarding/masquerading user data. */
  script: boolean;
}

export function planNatInstance(
  n: NodeOf<'nat-instance'>,
  label: string,
  subnets: string[],
  warn: Warn,
): NatInstancePlan {
  if (prop(n, 'sourceDestCheck'))
    warn(`${label}: a NAT instance must not check source/destination; exported with the check off.`);
  if (n.props.ami)
    warn(
      `${label} uses its own AMI: make sure it forwards and masquerades (the generated set-up script is for Amazon Linux 2023 only and is not attached).`,
    );
  return { subnets, script: !n.props.ami };
}

/**
 * `natGateways: 'per-az'`: private subnets routed to a public NAT gateway in another zone get one
 * in their own zone instead (in a public subnet of that zone, one routed to an internet gateway),
 * so losing a zone does not cut the others' egress. Returns the board with the NAT gateways and
 * routes rewritten; everything else (Elastic IPs, route tables, names) follows from it.
 */
export function natGatewayPerAz(board: Board, warn: Warn): Board {
  const index = indexBoard(board);
  const byId = (id: string) => index.nodes.get(id);
  const zoneOf = (subnetId: string) => {
    const s = byId(subnetId);
    if (s?.kind !== 'subnet') return undefined;
    return (
      (s as NodeOf<'subnet'>).props.availabilityZone ?? nearestAncestor(index, subnetId, 'az')?.props.zone
    );
  };
  const vpcOf = (id: string) => nearestAncestor(index, id, 'vpc')?.id;
  const subnetOf = (id: string) => nearestAncestor(index, id, 'subnet')?.id;
  const publicSubnets = new Set(
    board.edges
      .filter((e) => e.kind === 'route' && byId(e.target)?.kind === 'internet-gateway')
      .map((e) => e.source),
  );
  const nodes = [...board.nodes];
  const natIn = new Map<string, string>(); // `${vpc}|${zone}` → NAT gateway id
  for (const n of board.nodes) {
    if (n.kind !== 'nat-gateway' || prop(n as NodeOf<'nat-gateway'>, 'connectivity') !== 'public') continue;
    const s = subnetOf(n.id);
    const zone = s ? zoneOf(s) : undefined;
    const key = `${vpcOf(n.id)}|${zone}`;
    if (zone && !natIn.has(key)) natIn.set(key, n.id);
  }
  const edges = board.edges.map((e) => {
    const nat = byId(e.target);
    if (e.kind !== 'route' || nat?.kind !== 'nat-gateway') return e;
    if (prop(nat as NodeOf<'nat-gateway'>, 'connectivity') !== 'public') return e;
    const natSubnet = subnetOf(nat.id);
    const zone = zoneOf(e.source);
    const vpc = vpcOf(e.source);
    if (!zone || !natSubnet || zoneOf(natSubnet) === zone || vpcOf(nat.id) !== vpc) return e;
    const key = `${vpc}|${zone}`;
    let local = natIn.get(key);
    if (!local) {
      const pub = board.nodes.find(
        (s) => s.kind === 'subnet' && publicSubnets.has(s.id) && zoneOf(s.id) === zone && vpcOf(s.id) === vpc,
      );
      if (!pub) {
        warn(
          `${byId(e.source)!.label} (subnet): no public subnet in ${zone} for a NAT gateway of its own; it keeps using ${nat.label} in another zone.`,
        );
        return e;
      }
      local = `${nat.id}-${zone}`;
      nodes.push({ ...nat, id: local, label: `${nat.label} ${zone}`, parentId: pub.id });
      natIn.set(key, local);
    }
    return { ...e, target: local };
  });
  return { ...board, nodes, edges };
}

/**
 * A Lambda function: the code export ships (AWS needs a package to create a function, the board
 * has none) and the execution role's managed policy. Node.js and Python functions whose handler is
 * in `index` get a placeholder handler both printers can inline (CloudFormation's ZipFile writes
 * it to index.js / index.py); any other runtime or handler file needs its package as an input.
 */
export interface FunctionPlan {
  /** The placeholder source and its file name, or undefined when the package is an input. */
  placeholder: { file: string; source: string } | undefined;
  /** Its planned subnets (empty: outside any VPC). */
  subnets: string[];
  managedPolicy: 'AWSLambdaBasicExecutionRole' | 'AWSLambdaVPCAccessExecutionRole';
}

export function planFunction(
  f: NodeOf<'lambda-function'>,
  label: string,
  subnets: string[],
  warn: Warn,
): FunctionPlan {
  const runtime = prop(f, 'runtime')!;
  const [file, ...rest] = prop(f, 'handler')!.split('.');
  const handler = rest.join('.');
  const reply = `Placeholder for the Lambda function "${f.label}": deploy your code.`;
  let placeholder: FunctionPlan['placeholder'];
  if (file === 'index' && /^[A-Za-z_]\w*$/.test(handler)) {
    if (runtime.startsWith('nodejs'))
      placeholder = {
        file: 'index.js',
        source: `exports.${handler} = async () => ({ statusCode: 200, body: ${JSON.stringify(reply)} });\n`,
      };
    else if (runtime.startsWith('python'))
      placeholder = {
        file: 'index.py',
        source: `def ${handler}(event, context):\n    return {"statusCode": 200, "body": ${JSON.stringify(reply)}}\n`,
      };
  }
  warn(
    placeholder
      ? `${label} is exported with a placeholder handler (${placeholder.file}); deploy your code over it.`
      : `${label}: no placeholder for ${runtime} with handler ${prop(f, 'handler')}; Terraform zips a README in its place and CDK asks for the package's S3 location. Deploy your package.`,
  );
  return {
    placeholder,
    subnets,
    managedPolicy: subnets.length ? 'AWSLambdaVPCAccessExecutionRole' : 'AWSLambdaBasicExecutionRole',
  };
}

/** A role's trust policy: the AWS service (`lambda.amazonaws.com`…) may assume it. */
export const assumeRolePolicy = (service: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

/**
 * A private REST API cannot be deployed without a resource policy. This one lets every caller
 * invoke it; only callers that reach it through an execute-api interface endpoint can.
 */
export const PRIVATE_API_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }],
};

/** A REST method's greedy `{proxy+}` path, passed on to a load balancer's URI (`…/{proxy}`). */
export const PROXY_PARAM = {
  method: 'method.request.path.proxy',
  integration: 'integration.request.path.proxy',
} as const;
