/**
 * Per-kind planners: the decisions about one node that both printers (Terraform, CDK) need, made
 * once while the plan is built (with their warnings), so the printers only write them out.
 */
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
