import type { BoardNode, NodePropsOf } from '@stratus/model';
import { type RuleContext, describe, name, propOrDefault } from '../context.ts';
import { defineRules, rule } from '../types.ts';

const DBS = ['rds-instance', 'aurora-cluster', 'elasticache-cluster', 'redshift-cluster'] as const;
const SQL_DBS = ['rds-instance', 'aurora-cluster', 'redshift-cluster'] as const;
/** Rules titled for databases also check caches: a cache's finding says "Cache". */
const forCache = (node: BoardNode, title: string) => (node.kind === 'elasticache-cluster' ? { title } : {});

const LICENSES: Record<string, readonly string[]> = {
  'oracle-se2': ['license-included', 'bring-your-own-license'],
  'oracle-ee': ['bring-your-own-license'],
  'sqlserver-ex': ['license-included'],
  'sqlserver-web': ['license-included'],
  'sqlserver-se': ['license-included'],
  'sqlserver-ee': ['license-included'],
  mysql: ['general-public-license'],
  mariadb: ['general-public-license'],
  postgres: ['license-included', 'general-public-license'],
};

const REPLICA_ENGINES = new Set(['mysql', 'postgres', 'mariadb', 'oracle-ee', 'sqlserver-ee']);

export const databaseRules = defineRules([
  rule({
    id: 'RDS_NOT_IN_VPC',
    title: 'Database is not in a VPC',
    severity: 'error',
    section: 'Databases',
    statement:
      'An RDS instance, Aurora cluster, ElastiCache or Redshift cluster must sit in a subnet of a VPC.',
    rationale:
      'These databases run in your VPC, in the subnets of a subnet group; drawn outside a subnet they have no network to live in.',
    source: 'RDS: "deployed in your private network segment"',
    nodeKinds: DBS,
    node(node, ctx, emit) {
      const subnet = ctx.subnetOf(node.id);
      const vpc = ctx.vpcOf(node.id);
      if (subnet && vpc) return;
      emit({
        ...forCache(node, 'Cache is not in a VPC'),
        nodeIds: [node.id],
        message: subnet
          ? `${describe(node)} is in ${describe(subnet)}, which is not inside a VPC.`
          : vpc
            ? `${describe(node)} is in ${describe(vpc)} but not in a subnet.`
            : `${describe(node)} is not in a VPC.`,
        fix: 'Move it into a private subnet of a VPC.',
      });
    },
  }),
  rule({
    id: 'RDS_PUBLIC_SUBNET',
    title: 'Database is in a public subnet',
    severity: 'warning',
    section: 'Databases',
    statement: 'A database should be in a private subnet.',
    rationale:
      'A subnet routed to the internet gateway exposes whatever has a public address in it; databases belong in private subnets reached only by the application.',
    source: 'RDS Security: "Deploy RDS instance in private subnet"',
    nodeKinds: DBS,
    node(node, ctx, emit) {
      for (const subnet of ctx.subnetsUsed(node)) {
        if (!ctx.isPublicSubnet(subnet.id)) continue;
        emit({
          ...forCache(node, 'Cache is in a public subnet'),
          nodeIds: [node.id, subnet.id],
          message: `${describe(node)} uses ${describe(subnet)}, a public subnet (0.0.0.0/0 goes to the internet gateway).`,
          fix: 'Place the database in private subnets.',
        });
      }
    },
  }),
  rule({
    id: 'RDS_PUBLICLY_ACCESSIBLE',
    title: 'Database is publicly accessible',
    severity: 'warning',
    section: 'Databases',
    statement: 'A database marked publicly accessible.',
    rationale: 'A publicly accessible database gets a public DNS name and address; keep databases private.',
    source: 'RDS Security',
    nodeKinds: SQL_DBS,
    node(node, _ctx, emit) {
      if (node.props.publiclyAccessible !== true) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} is publicly accessible.`,
        fix: 'Turn "Publicly accessible" off and reach it from inside the VPC.',
      });
    },
  }),
  rule({
    id: 'RDS_NO_SG',
    title: 'Database has no security group',
    severity: 'warning',
    section: 'Databases',
    statement: 'A database without a security group restricting who may connect.',
    rationale:
      'Without its own security group the database gets the VPC default group; a dedicated group admitting only the application tier states who may connect.',
    source: 'RDS Security',
    nodeKinds: SQL_DBS,
    node(node, ctx, emit) {
      if (ctx.securityGroupsOf(node.id).length > 0) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} has no security group.`,
        fix: 'Add a security group admitting the database port from the application tier only, and associate it.',
      });
    },
  }),
  rule({
    id: 'RDS_UNENCRYPTED',
    title: 'Database storage is not encrypted',
    severity: 'warning',
    section: 'Databases',
    statement: 'Storage encryption is off.',
    rationale:
      'Encryption at rest protects data, backups and snapshots; it can only be chosen when the database is created.',
    source: 'RDS Security: "Encryption"',
    nodeKinds: SQL_DBS,
    node(node, _ctx, emit) {
      const p = node.props as { storageEncrypted?: boolean; encrypted?: boolean };
      if (p.storageEncrypted !== false && p.encrypted !== false) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} stores its data unencrypted.`,
        fix: 'Turn storage encryption on (it cannot be changed after creation).',
      });
    },
  }),
  rule({
    id: 'RDS_MULTI_AZ_ONE_AZ',
    title: 'Database subnets are all in one availability zone',
    severity: 'error',
    section: 'Databases',
    statement: 'A Multi-AZ deployment (and any DB subnet group) needs subnets in at least two AZs.',
    rationale:
      'RDS and Aurora subnet groups must cover at least two availability zones, and a Multi-AZ standby (or cache failover replica) needs a second AZ to run in.',
    source: 'HA with Multi-AZ',
    nodeKinds: ['rds-instance', 'aurora-cluster', 'elasticache-cluster'],
    node(node, ctx, emit) {
      if (node.kind === 'elasticache-cluster' && propOrDefault(node, 'automaticFailover') !== true) return;
      const subnets = ctx.subnetsUsed(node);
      if (subnets.length === 0) return; // RDS_NOT_IN_VPC
      const zones = subnets.map((s) => ctx.zoneOf(s));
      if (zones.some((z) => z === undefined)) return; // a subnet without a zone: SUBNET_NO_AZ
      const distinct = [...new Set(zones)];
      if (distinct.length >= 2) return;
      const multi =
        node.kind === 'elasticache-cluster'
          ? 'has automatic failover'
          : node.kind === 'rds-instance' && propOrDefault(node, 'multiAz') === true
            ? 'is Multi-AZ'
            : 'needs a DB subnet group';
      emit({
        ...forCache(node, 'Cache subnets are all in one availability zone'),
        nodeIds: [node.id, ...subnets.map((s) => s.id)],
        message: `${describe(node)} ${multi} but its subnets (${subnets.map((s) => name(s)).join(', ')}) are all in ${distinct[0]}.`,
        fix: 'Add a subnet in another availability zone to its subnet group.',
      });
    },
  }),
  rule({
    id: 'RDS_BACKUP_RETENTION',
    title: 'Backup retention is out of range',
    severity: 'error',
    section: 'Databases',
    statement: 'Backup retention must be 0-35 days.',
    rationale: 'Automated backups are kept 0 to 35 days (Aurora: 1 to 35).',
    source: 'Automated Backups: default 1, max 35',
    nodeKinds: ['rds-instance', 'aurora-cluster'],
    node(node, _ctx, emit) {
      const days = node.props.backupRetentionDays;
      if (days === undefined) return;
      const min = node.kind === 'aurora-cluster' ? 1 : 0;
      if (days >= min && days <= 35) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)}: backup retention ${days} days is outside ${min}-35.`,
        fix: `Use ${min}-35 days.`,
      });
    },
  }),
  rule({
    id: 'RDS_NO_BACKUPS',
    title: 'Automated backups are off',
    severity: 'warning',
    section: 'Databases',
    statement: 'Retention 0 turns off automated backups and point-in-time restore.',
    rationale:
      'With retention 0 there are no automated backups, no point-in-time restore and no read replicas.',
    source: 'Backup and Recovery',
    nodeKinds: ['rds-instance'],
    node(node, _ctx, emit) {
      if (node.props.backupRetentionDays !== 0) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} has backup retention 0: no automated backups or point-in-time restore.`,
        fix: 'Keep backups for at least 1 day (7 is common).',
      });
    },
  }),
  rule({
    id: 'RDS_STORAGE_RANGE',
    title: 'Database storage size is out of range',
    severity: 'error',
    section: 'Databases',
    statement:
      "Allocated storage must be within the engine's range (AWS today: 20 GiB-64 TiB, SQL Server 20 GiB-16 TiB).",
    rationale: 'RDS refuses allocated storage outside the range of the engine and storage type.',
    source: 'Storage Options',
    notesSay:
      'The notes say 5 GB-6 TB (3 TB for SQL Server); that is out of date: AWS today allows 20 GiB-64 TiB (SQL Server 16 TiB).',
    nodeKinds: ['rds-instance'],
    node(node, _ctx, emit) {
      const gib = node.props.allocatedStorage;
      if (gib === undefined) return;
      const engine = propOrDefault<string>(node, 'engine') ?? '';
      const max = engine.startsWith('sqlserver') ? 16384 : 65536;
      if (gib >= 20 && gib <= max) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)}: ${gib} GiB of storage is outside ${engine}'s range 20-${max} GiB.`,
        fix: `Allocate between 20 and ${max} GiB.`,
      });
    },
  }),
  rule({
    id: 'RDS_IOPS_REQUIRED',
    title: 'Provisioned IOPS do not match the storage type',
    severity: 'error',
    section: 'Databases',
    statement: 'Provisioned IOPS storage (io1/io2) needs an IOPS figure; gp2/magnetic must not set one.',
    rationale:
      'io1 and io2 are billed and sized by provisioned IOPS; gp2 and magnetic storage have no IOPS setting.',
    source: 'Storage Options',
    nodeKinds: ['rds-instance'],
    node(node, _ctx, emit) {
      const p = node.props;
      const type = propOrDefault<string>(node, 'storageType');
      if ((type === 'io1' || type === 'io2') && p.iops === undefined) {
        emit({
          nodeIds: [node.id],
          message: `${describe(node)} uses ${type} storage but sets no provisioned IOPS.`,
          fix: 'Set the provisioned IOPS (e.g. 3000).',
        });
      } else if ((type === 'gp2' || type === 'standard') && p.iops !== undefined) {
        emit({
          nodeIds: [node.id],
          message: `${describe(node)} sets ${p.iops} IOPS, but ${type} storage takes no IOPS figure.`,
          fix: 'Clear the IOPS, or use io1/io2 (or gp3) storage.',
        });
      }
    },
  }),
  rule({
    id: 'RDS_MAGNETIC',
    title: 'Database uses legacy magnetic storage',
    severity: 'info',
    section: 'Databases',
    statement: 'Magnetic (standard) storage is legacy; gp3 is cheaper and faster.',
    rationale: 'Magnetic storage is kept for backwards compatibility only.',
    source: 'Storage Options',
    nodeKinds: ['rds-instance'],
    node(node, _ctx, emit) {
      if (node.props.storageType !== 'standard') return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} uses magnetic (standard) storage.`,
        fix: 'Use gp3.',
      });
    },
  }),
  rule({
    id: 'RDS_LICENSE_MODEL',
    title: "License model is not allowed for the engine's edition",
    severity: 'error',
    section: 'Databases',
    statement:
      'Oracle and SQL Server need a license model the edition allows: Oracle SE2 license-included or BYOL, Oracle Enterprise BYOL only; RDS for SQL Server license-included only.',
    rationale: 'RDS refuses a license model the engine edition does not offer.',
    source: 'Licensing',
    notesSay:
      'The notes offer bring-your-own-license for both Oracle and SQL Server; AWS today allows BYOL for SQL Server only on RDS Custom, not on RDS.',
    nodeKinds: ['rds-instance'],
    node(node, _ctx, emit) {
      const model = node.props.licenseModel;
      if (model === undefined) return;
      const engine = propOrDefault<string>(node, 'engine') ?? 'postgres';
      const allowed = LICENSES[engine];
      if (!allowed || allowed.includes(model)) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)}: ${engine} does not offer the ${model} license model (allowed: ${allowed.join(', ')}).`,
        fix: `Use ${allowed[0]}.`,
      });
    },
  }),
  rule({
    id: 'RDS_REPLICA_ENGINE',
    title: "Read replica does not fit its source's engine",
    severity: 'error',
    section: 'Databases',
    statement: 'A read replica must run the same engine as its source, and the engine must support replicas.',
    rationale:
      "A replica applies its source's changes, so it runs the same engine. Read replicas exist for MySQL, MariaDB, PostgreSQL, Oracle Enterprise and SQL Server Enterprise; an Aurora cluster scales reads with reader instances.",
    source: 'Read Replicas',
    notesSay:
      'The notes list MySQL, PostgreSQL, MariaDB and Aurora; AWS today also supports Oracle (Enterprise Edition) and SQL Server Enterprise replicas.',
    edgeKinds: ['read-replica'],
    edge(edge, ctx, emit) {
      const replica = ctx.node(edge.source);
      const source = ctx.node(edge.target);
      if (replica?.kind !== 'rds-instance' || !source) return;
      const re = propOrDefault<string>(replica, 'engine') ?? 'postgres';
      if (source.kind === 'aurora-cluster') {
        emit({
          title: 'Aurora cluster cannot have a separate read replica',
          nodeIds: [replica.id, source.id],
          edgeIds: [edge.id],
          message: `${describe(replica)} (${re}) cannot be a read replica of ${describe(source)}, an Aurora cluster.`,
          fix: 'Add a reader instance to the Aurora cluster instead.',
        });
        return;
      }
      if (source.kind !== 'rds-instance') return;
      const se = propOrDefault<string>(source, 'engine') ?? 'postgres';
      if (re !== se) {
        emit({
          title: 'Read replica runs a different engine from its source',
          nodeIds: [replica.id, source.id],
          edgeIds: [edge.id],
          message: `${describe(replica)} runs ${re} but its source ${describe(source)} runs ${se}.`,
          fix: `Make the replica ${se}.`,
        });
      } else if (!REPLICA_ENGINES.has(se)) {
        emit({
          title: "Source's engine does not support read replicas",
          nodeIds: [replica.id, source.id],
          edgeIds: [edge.id],
          message: `${describe(source)} runs ${se}, which does not support read replicas.`,
          fix: 'Use an engine that supports replicas (MySQL, MariaDB, PostgreSQL, Oracle EE, SQL Server EE).',
        });
      }
    },
  }),
  rule({
    id: 'RDS_REPLICA_NO_BACKUP',
    title: 'Read replica source has backups off',
    severity: 'error',
    section: 'Databases',
    statement: 'A source with backup retention 0 cannot have read replicas.',
    rationale: 'RDS needs automated backups on the source to create a read replica.',
    source: 'AWS',
    edgeKinds: ['read-replica'],
    edge(edge, ctx, emit) {
      const source = ctx.node(edge.target);
      if (source?.kind !== 'rds-instance') return;
      if ((source.props as NodePropsOf<'rds-instance'>).backupRetentionDays !== 0) return;
      emit({
        nodeIds: [source.id, edge.source],
        edgeIds: [edge.id],
        message: `${describe(source)} has backup retention 0, so ${describe(ctx.node(edge.source))} cannot replicate from it.`,
        fix: "Set the source's backup retention to 1 day or more.",
      });
    },
  }),
  rule({
    id: 'AURORA_ONE_PRIMARY',
    title: 'Aurora cluster does not have exactly one writer',
    severity: 'error',
    section: 'Databases',
    statement: 'An Aurora cluster has exactly one primary (writer) instance.',
    rationale: 'An Aurora cluster has one writer; all other instances are readers (Aurora Replicas).',
    source: 'Aurora',
    nodeKinds: ['aurora-cluster'],
    node(node, _ctx, emit) {
      const instances = node.props.instances;
      if (instances === undefined) return;
      const writers = instances.filter((i) => i.role === 'writer');
      if (writers.length === 1) return;
      emit({
        nodeIds: [node.id],
        message:
          writers.length === 0
            ? `${describe(node)} has no writer instance.`
            : `${describe(node)} has ${writers.length} writer instances (${writers.map((w) => w.name).join(', ')}).`,
        fix:
          writers.length === 0
            ? 'Make one instance the writer.'
            : 'Keep one writer; make the others readers.',
      });
    },
  }),
  rule({
    id: 'AURORA_MAX_REPLICAS',
    title: 'Aurora cluster has more than 15 replicas',
    severity: 'error',
    section: 'Databases',
    statement: 'An Aurora cluster has at most 15 replicas.',
    rationale: 'Aurora supports up to 15 Aurora Replicas per cluster.',
    source: 'Aurora',
    nodeKinds: ['aurora-cluster'],
    node(node, _ctx, emit) {
      const readers = (node.props.instances ?? []).filter((i) => i.role === 'reader');
      if (readers.length <= 15) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} has ${readers.length} readers; Aurora allows 15.`,
        fix: 'Remove readers down to 15, or add a second cluster.',
      });
    },
  }),
  rule({
    id: 'AURORA_SINGLE_AZ',
    title: 'Aurora instances are all in one availability zone',
    severity: 'warning',
    section: 'Databases',
    statement: 'All instances of an Aurora cluster in one AZ: no failover target elsewhere.',
    rationale:
      'If the AZ fails, Aurora fails over to a replica in another AZ; with every instance in one AZ there is none.',
    source: 'Aurora: "locate replicas in multiple AZs"',
    nodeKinds: ['aurora-cluster'],
    node(node, ctx, emit) {
      const instances = node.props.instances ?? [];
      if (instances.length < 2) return;
      const drawn = ctx.subnetOf(node.id);
      const zones = instances.map((i) => {
        const s = i.subnetId ? ctx.node(i.subnetId) : drawn;
        return s?.kind === 'subnet' ? ctx.zoneOf(s) : undefined;
      });
      if (zones.some((z) => z === undefined)) return;
      if (new Set(zones).size > 1) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)}: all ${instances.length} instances run in ${zones[0]}.`,
        fix: 'Put a reader in a subnet of another availability zone.',
      });
    },
  }),
  rule({
    id: 'OLTP_ANALYTICS',
    title: 'Reporting runs on the transactional database',
    severity: 'info',
    section: 'Databases',
    statement: 'Heavy reporting on the OLTP database: consider a read replica or Redshift for OLAP.',
    rationale:
      'Long analytical queries compete with transactions on the primary; a read replica, an Aurora reader or a Redshift warehouse takes that load.',
    source: 'Databases: OLTP vs OLAP; Redshift',
    nodeKinds: ['rds-instance', 'aurora-cluster'],
    node(node, ctx, emit) {
      if (propOrDefault(node, 'reportingLoad') !== 'heavy') return;
      if (ctx.inEdges(node.id, 'read-replica').length > 0) return;
      if (node.kind === 'aurora-cluster' && (node.props.instances ?? []).some((i) => i.role === 'reader'))
        return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} carries heavy reporting with no read replica to take it.`,
        fix: 'Add a read replica for the reports, or move analytics to Redshift.',
      });
    },
  }),
]);
