import type { NodePropsOf } from '@stratus/model';
import { describe, propOrDefault } from '../context.ts';
import { defineRules, rule } from '../types.ts';

type Cache = NodePropsOf<'elasticache-cluster'>;
const engineOf = (p: Cache) => p.engine ?? 'valkey';

export const elasticacheRules = defineRules([
  rule({
    id: 'CACHE_MEMCACHED_NODES',
    title: 'Memcached cluster has more than 20 nodes',
    severity: 'warning',
    section: 'ElastiCache',
    statement: 'A Memcached cluster above 20 nodes exceeds the default quota.',
    rationale: 'The default quota is 20 nodes per Memcached cluster.',
    source: 'Nodes and Clusters',
    nodeKinds: ['elasticache-cluster'],
    node(node, _ctx, emit) {
      const p = node.props;
      if (engineOf(p) !== 'memcached' || (p.numCacheNodes ?? 1) <= 20) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} has ${p.numCacheNodes} Memcached nodes; the default quota is 20.`,
        fix: 'Use larger nodes, a second cluster, or request a quota increase.',
      });
    },
  }),
  rule({
    id: 'CACHE_REDIS_REPLICAS',
    title: 'Redis shard has more than 5 replicas',
    severity: 'error',
    section: 'ElastiCache',
    statement: 'At most 5 read replicas per Redis/Valkey shard.',
    rationale: 'A Redis OSS or Valkey shard has one primary and up to five replicas.',
    source: 'Redis',
    nodeKinds: ['elasticache-cluster'],
    node(node, _ctx, emit) {
      const p = node.props;
      if (engineOf(p) === 'memcached' || (p.replicasPerShard ?? 0) <= 5) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} has ${p.replicasPerShard} replicas per shard; at most 5 are allowed.`,
        fix: 'Use 5 replicas or fewer (add shards to scale further).',
      });
    },
  }),
  rule({
    id: 'CACHE_MEMCACHED_SNAPSHOT',
    title: 'Memcached cannot take snapshots',
    severity: 'error',
    section: 'ElastiCache',
    statement: 'Memcached has no snapshots or backups.',
    rationale:
      'Memcached keeps data only in memory; backups and snapshots exist for Redis OSS and Valkey only.',
    source: 'Backup and Recovery',
    nodeKinds: ['elasticache-cluster'],
    node(node, _ctx, emit) {
      const p = node.props;
      if (engineOf(p) !== 'memcached' || !(p.snapshotRetentionDays && p.snapshotRetentionDays > 0)) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} is Memcached but keeps snapshots for ${p.snapshotRetentionDays} days; Memcached has no snapshots.`,
        fix: 'Set snapshot retention to 0, or use Valkey/Redis if the data must survive.',
      });
    },
  }),
  rule({
    id: 'CACHE_FAILOVER_NO_REPLICA',
    title: 'Automatic failover has no replica to fail over to',
    severity: 'error',
    section: 'ElastiCache',
    statement: 'Automatic failover (Multi-AZ) needs at least one replica.',
    rationale: 'Failover promotes a replica; with none there is nothing to promote.',
    source: 'Redis',
    nodeKinds: ['elasticache-cluster'],
    node(node, _ctx, emit) {
      const p = node.props;
      if (p.automaticFailover !== true) return;
      if (engineOf(p) !== 'memcached' && (propOrDefault<number>(node, 'replicasPerShard') ?? 0) >= 1) return;
      emit({
        nodeIds: [node.id],
        message:
          engineOf(p) === 'memcached'
            ? `${describe(node)} turns on automatic failover, but Memcached has no replicas.`
            : `${describe(node)} turns on automatic failover with no replicas per shard.`,
        fix:
          engineOf(p) === 'memcached'
            ? 'Turn automatic failover off.'
            : 'Add at least one replica per shard.',
      });
    },
  }),
  rule({
    id: 'CACHE_SNAPSHOT_PRIMARY',
    title: 'Snapshots are taken from the primary node',
    severity: 'info',
    section: 'ElastiCache',
    statement: 'Take snapshots from a replica, not the primary.',
    rationale:
      'Taking a snapshot forks the process and can slow the node; doing it on a replica spares the primary.',
    source: 'Backup and Recovery',
    nodeKinds: ['elasticache-cluster'],
    node(node, _ctx, emit) {
      const p = node.props;
      if (engineOf(p) === 'memcached' || p.snapshotSource !== 'primary') return;
      if (!(p.snapshotRetentionDays && p.snapshotRetentionDays > 0)) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} takes its snapshots from the primary.`,
        fix: 'Take snapshots from a replica.',
      });
    },
  }),
  rule({
    id: 'CACHE_NO_SG',
    title: 'Cache has no security group',
    severity: 'warning',
    section: 'ElastiCache',
    statement: 'Access to a cache is controlled by security groups; none is set.',
    rationale:
      'ElastiCache has no passwords by default in many setups; its security group decides who can connect.',
    source: 'Access Control',
    nodeKinds: ['elasticache-cluster'],
    node(node, ctx, emit) {
      if (ctx.securityGroupsOf(node.id).length > 0) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} has no security group.`,
        fix: 'Associate a security group admitting the cache port from the application only.',
      });
    },
  }),
]);
