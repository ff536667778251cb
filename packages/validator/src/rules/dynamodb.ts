import type { NodePropsOf } from '@stratus/model';
import { describe, propOrDefault } from '../context.ts';
import { defineRules, rule } from '../types.ts';

type Table = NodePropsOf<'dynamodb-table'>;
const KEY_TYPES = new Set(['S', 'N', 'B']);
const provisioned = (p: Table) => (p.billingMode ?? 'PAY_PER_REQUEST') === 'PROVISIONED';

export const dynamodbRules = defineRules([
  rule({
    id: 'DDB_NO_PARTITION_KEY',
    title: 'Table has no partition key',
    severity: 'error',
    section: 'DynamoDB',
    statement: 'A table needs a partition key.',
    rationale: 'Every DynamoDB table is keyed by a partition key (optionally with a sort key).',
    source: 'Primary Key',
    nodeKinds: ['dynamodb-table'],
    node(node, _ctx, emit) {
      if (node.props.partitionKeyName?.trim()) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} has no partition key.`,
        fix: 'Name the partition key (e.g. "pk").',
      });
    },
  }),
  rule({
    id: 'DDB_KEY_TYPE',
    title: 'Key attribute has an unsupported type',
    severity: 'error',
    section: 'DynamoDB',
    statement: 'Key attributes (table and index) must be String, Number or Binary.',
    rationale: 'Only scalar String (S), Number (N) and Binary (B) attributes can be keys.',
    source: 'Data types',
    nodeKinds: ['dynamodb-table'],
    node(node, _ctx, emit) {
      const p = node.props;
      const keys: [string, string | undefined, string | undefined][] = [
        ['partition key', p.partitionKeyName, p.partitionKeyType],
        ['sort key', p.sortKeyName, p.sortKeyType],
      ];
      for (const g of p.globalSecondaryIndexes ?? []) {
        keys.push([`GSI ${g.name} partition key`, g.partitionKeyName, g.partitionKeyType]);
        keys.push([`GSI ${g.name} sort key`, g.sortKeyName, g.sortKeyType]);
      }
      for (const l of p.localSecondaryIndexes ?? [])
        keys.push([`LSI ${l.name} sort key`, l.sortKeyName, l.sortKeyType]);
      for (const [what, keyName, type] of keys) {
        if (!keyName || type === undefined || KEY_TYPES.has(type)) continue;
        emit({
          nodeIds: [node.id],
          message: `${describe(node)}: ${what} "${keyName}" has type ${type}; keys must be S, N or B.`,
          fix: 'Use String (S), Number (N) or Binary (B).',
        });
      }
    },
  }),
  rule({
    id: 'DDB_LSI_NEEDS_SORT_KEY',
    title: "Local secondary index does not fit the table's key",
    severity: 'error',
    section: 'DynamoDB',
    statement:
      "A local secondary index needs the table to have a composite key, shares the table's partition key, and uses a different sort key.",
    rationale:
      'An LSI re-sorts the items of one partition key by another attribute, so the table needs a sort key to differ from.',
    source: 'Local Secondary Index',
    nodeKinds: ['dynamodb-table'],
    node(node, _ctx, emit) {
      const p = node.props;
      const lsis = p.localSecondaryIndexes ?? [];
      if (lsis.length === 0) return;
      if (!p.sortKeyName?.trim()) {
        emit({
          nodeIds: [node.id],
          message: `${describe(node)} has local secondary indexes (${lsis.map((l) => l.name).join(', ')}) but no sort key.`,
          fix: 'Give the table a sort key, or use global secondary indexes.',
        });
        return;
      }
      for (const l of lsis) {
        if (l.sortKeyName !== p.sortKeyName) continue;
        emit({
          nodeIds: [node.id],
          message: `${describe(node)}: LSI ${l.name} sorts by "${l.sortKeyName}", the table's own sort key.`,
          fix: 'Sort the index by a different attribute.',
        });
      }
    },
  }),
  rule({
    id: 'DDB_LSI_LIMIT',
    title: 'Table has more than 5 local secondary indexes',
    severity: 'error',
    section: 'DynamoDB',
    statement: 'At most 5 local secondary indexes per table.',
    rationale: 'DynamoDB allows five local secondary indexes per table.',
    source: 'Local Secondary Index',
    notesSay: 'The notes say one LSI per table; AWS allows 5.',
    nodeKinds: ['dynamodb-table'],
    node(node, _ctx, emit) {
      const n = node.props.localSecondaryIndexes?.length ?? 0;
      if (n <= 5) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} has ${n} local secondary indexes; at most 5 are allowed.`,
        fix: 'Use global secondary indexes for the rest.',
      });
    },
  }),
  rule({
    id: 'DDB_GSI_LIMIT',
    title: 'Table has more than 20 global secondary indexes',
    severity: 'error',
    section: 'DynamoDB',
    statement: 'At most 20 global secondary indexes per table (default quota).',
    rationale: 'The default quota is 20 global secondary indexes per table.',
    source: 'Global Secondary Index',
    nodeKinds: ['dynamodb-table'],
    node(node, _ctx, emit) {
      const n = node.props.globalSecondaryIndexes?.length ?? 0;
      if (n <= 20) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} has ${n} global secondary indexes; the quota is 20.`,
        fix: 'Remove indexes or request a quota increase.',
      });
    },
  }),
  rule({
    id: 'DDB_LSI_AFTER_CREATE',
    title: 'Local secondary index can only be created with the table',
    severity: 'warning',
    section: 'DynamoDB',
    statement:
      'A local secondary index can only be created with the table; adding one to an exported table means replacing it.',
    rationale:
      'LSIs are fixed when the table is created; a new one forces the table to be recreated (and its data copied).',
    source: 'Local Secondary Index: "Can only create ... during table creation"',
    nodeKinds: ['dynamodb-table'],
    node(node, _ctx, emit) {
      const p = node.props;
      if (p.deployed !== true) return;
      const before = new Set(p.deployedLocalIndexes ?? []);
      const added = (p.localSecondaryIndexes ?? []).filter((l) => !before.has(l.name)).map((l) => l.name);
      if (added.length === 0) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} is already deployed; adding local secondary index ${added.join(', ')} replaces the table.`,
        fix: 'Use a global secondary index, or plan a table migration.',
      });
    },
  }),
  rule({
    id: 'DDB_CAPACITY_MISSING',
    title: 'Provisioned capacity is missing',
    severity: 'error',
    section: 'DynamoDB',
    statement: 'Provisioned mode needs read and write capacity of at least 1 (also for each GSI).',
    rationale:
      'In provisioned mode the table and each global secondary index declare their read and write capacity units.',
    source: 'Provisioned Capacity',
    nodeKinds: ['dynamodb-table'],
    node(node, _ctx, emit) {
      const p = node.props;
      if (!provisioned(p)) return;
      const missing: string[] = [];
      if (!(p.readCapacity !== undefined && p.readCapacity >= 1)) missing.push('table read capacity');
      if (!(p.writeCapacity !== undefined && p.writeCapacity >= 1)) missing.push('table write capacity');
      for (const g of p.globalSecondaryIndexes ?? []) {
        if (!(g.readCapacity !== undefined && g.readCapacity >= 1))
          missing.push(`GSI ${g.name} read capacity`);
        if (!(g.writeCapacity !== undefined && g.writeCapacity >= 1))
          missing.push(`GSI ${g.name} write capacity`);
      }
      if (missing.length === 0) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} is provisioned but has no ${missing.join(', ')} (at least 1 each).`,
        fix: 'Set the capacities, or switch to on-demand (PAY_PER_REQUEST).',
      });
    },
  }),
  rule({
    id: 'DDB_PARTITIONS',
    title: 'Initial partitions of a table',
    severity: 'info',
    section: 'DynamoDB',
    statement: 'Initial partitions = ceil(RCU/3000 + WCU/1000); shown on the table.',
    rationale:
      'One partition serves up to 3000 RCU and 1000 WCU; the provisioned figures decide how many partitions the table starts with.',
    source: 'Scaling and Partitioning',
    nodeKinds: ['dynamodb-table'],
    node(node, _ctx, emit) {
      const p = node.props;
      if (!provisioned(p) || !p.readCapacity || !p.writeCapacity) return;
      const parts = Math.max(1, Math.ceil(p.readCapacity / 3000 + p.writeCapacity / 1000));
      emit({
        nodeIds: [node.id],
        message: `${describe(node)}: ${p.readCapacity} RCU and ${p.writeCapacity} WCU start on ${parts} partition${parts === 1 ? '' : 's'}.`,
      });
    },
  }),
  rule({
    id: 'DDB_HOT_PARTITION',
    title: 'Throughput is more than one partition key can use',
    severity: 'warning',
    section: 'DynamoDB',
    statement:
      "Provisioned throughput above one partition's ceiling (3000 RCU or 1000 WCU) while the key is marked low-cardinality: one key cannot use it.",
    rationale:
      'Throughput is spread over partitions; with few distinct keys the traffic lands on one partition, which serves at most 3000 RCU / 1000 WCU.',
    source: 'Scaling and Partitioning',
    nodeKinds: ['dynamodb-table'],
    node(node, _ctx, emit) {
      const p = node.props;
      if (!provisioned(p) || propOrDefault(node, 'lowCardinalityKey') !== true) return;
      const r = p.readCapacity ?? 0;
      const w = p.writeCapacity ?? 0;
      if (r <= 3000 && w <= 1000) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)}: ${r} RCU / ${w} WCU exceed one partition (3000 RCU / 1000 WCU), but its partition key has few distinct values.`,
        fix: 'Choose a partition key with many distinct values (or add a random suffix).',
      });
    },
  }),
  rule({
    id: 'DDB_ITEM_SIZE',
    title: 'Items are larger than 400 KB',
    severity: 'error',
    section: 'DynamoDB',
    statement: 'Declared item size above 400 KB.',
    rationale: 'A DynamoDB item, attribute names included, is limited to 400 KB.',
    source: 'Data types',
    nodeKinds: ['dynamodb-table'],
    node(node, _ctx, emit) {
      const kb = node.props.itemSizeKb;
      if (kb === undefined || kb <= 400) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)}: items of ${kb} KB exceed DynamoDB's 400 KB limit.`,
        fix: 'Store large attributes in S3 and keep a pointer in the item.',
      });
    },
  }),
]);
