import { field, required } from '../fields.ts';
import { defineKind } from './define.ts';
import { IN_NETWORK, PUBLICLY_ACCESSIBLE, sqlEnginePort, subnetGroup } from './shared.ts';

export const RDS_ENGINES = [
  'mysql',
  'postgres',
  'mariadb',
  'oracle-se2',
  'oracle-ee',
  'sqlserver-ex',
  'sqlserver-web',
  'sqlserver-se',
  'sqlserver-ee',
] as const;

export const rdsInstance = defineKind({
  kind: 'rds-instance',
  title: 'RDS instance',
  category: 'database',
  description: 'A managed relational database instance (MySQL, PostgreSQL, MariaDB, Oracle, SQL Server).',
  icon: 'rds',
  exportName: 'db',
  container: false,
  parents: IN_NETWORK,
  fields: {
    engine: field.enum('Engine', RDS_ENGINES, { default: 'postgres' }),
    engineVersion: field.string('Engine version', { placeholder: '16.4' }),
    instanceClass: field.string('Instance class', { default: 'db.t4g.micro', placeholder: 'db.t4g.micro' }),
    licenseModel: field.enum(
      'License model',
      ['license-included', 'bring-your-own-license', 'general-public-license'],
      {
        help: 'Oracle SE2: included or BYOL; Oracle EE: BYOL; SQL Server: included.',
      },
    ),
    allocatedStorage: field.integer('Storage', { unit: 'GiB', default: 20, min: 20, max: 65536 }),
    storageType: field.enum('Storage type', ['gp3', 'gp2', 'io1', 'io2', 'standard'], { default: 'gp3' }),
    iops: field.integer('Provisioned IOPS', { unit: 'IOPS', help: 'Required for io1/io2.' }),
    multiAz: field.boolean('Multi-AZ', { default: false }),
    backupRetentionDays: field.integer('Backup retention', { unit: 'days', default: 1, min: 0, max: 35 }),
    publiclyAccessible: field.boolean('Publicly accessible', { default: false }),
    storageEncrypted: field.boolean('Storage encrypted', { default: true }),
    databaseName: field.string('Database name', { placeholder: 'app' }),
    subnetGroupSubnetIds: subnetGroup(),
    reportingLoad: field.enum('Reporting load', ['none', 'light', 'heavy'], {
      default: 'none',
      help: 'Heavy analytical queries on a transactional database slow it down.',
    }),
  },
  face: ['engine', 'instanceClass', 'multiAz'],
  network: {
    addresses: 1,
    securityGroups: true,
    publicAddress: PUBLICLY_ACCESSIBLE,
    servicePort: (p) => sqlEnginePort(p.engine),
    // RDS creates it in any subnet of its subnet group, and a Multi-AZ failover moves it to another.
    spread: { members: 'instance' },
  },
});

export const auroraCluster = defineKind({
  kind: 'aurora-cluster',
  title: 'Aurora cluster',
  category: 'database',
  description: 'An Aurora DB cluster: one writer and up to 15 readers on a shared cluster volume.',
  icon: 'aurora',
  exportName: 'aurora',
  container: false,
  parents: IN_NETWORK,
  fields: {
    engine: field.enum('Engine', ['aurora-postgresql', 'aurora-mysql'], { default: 'aurora-postgresql' }),
    engineVersion: field.string('Engine version', { placeholder: '16.4' }),
    instances: field.list(
      'Instances',
      {
        name: required(field.string('Name')),
        role: required(field.enum('Role', ['writer', 'reader'])),
        instanceClass: field.string('Instance class', { default: 'db.r6g.large' }),
        subnetId: field.ref('Subnet', ['subnet'], {
          help: 'Where the instance runs; its AZ comes from the subnet.',
        }),
      },
      { help: 'Exactly one writer; up to 15 readers.' },
    ),
    backupRetentionDays: field.integer('Backup retention', { unit: 'days', default: 1, min: 1, max: 35 }),
    storageEncrypted: field.boolean('Storage encrypted', { default: true }),
    publiclyAccessible: field.boolean('Publicly accessible', { default: false }),
    databaseName: field.string('Database name', { placeholder: 'app' }),
    subnetGroupSubnetIds: subnetGroup(),
    reportingLoad: field.enum('Reporting load', ['none', 'light', 'heavy'], { default: 'none' }),
  },
  face: ['engine', 'instances'],
  network: {
    addresses: (p) => Math.max(1, p.instances?.length ?? 1),
    securityGroups: true,
    publicAddress: PUBLICLY_ACCESSIBLE,
    servicePort: (p) => sqlEnginePort(p.engine),
    // Its instances' subnets and its subnet group's: a failover makes any reader the writer.
    spread: { members: 'instances' },
  },
});

export const elasticacheCluster = defineKind({
  kind: 'elasticache-cluster',
  title: 'ElastiCache',
  category: 'database',
  description: 'An in-memory cache: Redis OSS, Valkey or Memcached.',
  icon: 'elasticache',
  exportName: 'cache',
  container: false,
  parents: IN_NETWORK,
  fields: {
    engine: field.enum('Engine', ['redis', 'valkey', 'memcached'], { default: 'valkey' }),
    engineVersion: field.string('Engine version', { placeholder: '8.0' }),
    nodeType: field.string('Node type', { default: 'cache.t4g.micro' }),
    numCacheNodes: field.integer('Nodes (Memcached)', { default: 1, min: 1 }),
    numShards: field.integer('Shards', { default: 1, min: 1, max: 500 }),
    replicasPerShard: field.integer('Replicas per shard', { default: 0, min: 0, max: 5 }),
    automaticFailover: field.boolean('Automatic failover (Multi-AZ)', { default: false }),
    snapshotRetentionDays: field.integer('Snapshot retention', { unit: 'days', default: 0, min: 0, max: 35 }),
    snapshotSource: field.enum('Snapshot taken from', ['replica', 'primary'], { default: 'replica' }),
    transitEncryption: field.boolean('Encryption in transit', { default: true }),
    subnetGroupSubnetIds: subnetGroup(),
  },
  face: ['engine', 'nodeType'],
  network: {
    addresses: (p) =>
      p.engine === 'memcached'
        ? (p.numCacheNodes ?? 1)
        : (p.numShards ?? 1) * (1 + (p.replicasPerShard ?? 0)),
    securityGroups: true,
    publicAddress: 'never',
    servicePort: (p) => (p.engine === 'memcached' ? 11211 : 6379),
    // Nodes go into the subnets of its cache subnet group (replicas and failover across them).
    spread: { members: 'nodes' },
  },
});

export const redshiftCluster = defineKind({
  kind: 'redshift-cluster',
  title: 'Redshift',
  category: 'database',
  description: 'A columnar data warehouse for analytics (OLAP).',
  icon: 'redshift',
  exportName: 'warehouse',
  container: false,
  parents: IN_NETWORK,
  fields: {
    nodeType: field.string('Node type', { default: 'ra3.large' }),
    numberOfNodes: field.integer('Nodes', { default: 2, min: 1, max: 128 }),
    databaseName: field.string('Database name', { default: 'dev' }),
    encrypted: field.boolean('Encrypted', { default: true }),
    publiclyAccessible: field.boolean('Publicly accessible', { default: false }),
    subnetGroupSubnetIds: subnetGroup(),
  },
  face: ['nodeType', 'numberOfNodes'],
  network: {
    addresses: (p) => p.numberOfNodes ?? 1,
    securityGroups: true,
    publicAddress: PUBLICLY_ACCESSIBLE,
    servicePort: 5439,
    // Redshift picks a subnet of its cluster subnet group (and a relocation moves it to another).
    spread: { members: 'nodes' },
  },
});

const KEY_TYPES = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'] as const;
const keyTypeLabels = {
  S: 'String',
  N: 'Number',
  B: 'Binary',
  BOOL: 'Boolean',
  NULL: 'Null',
  M: 'Map',
  L: 'List',
  SS: 'String set',
  NS: 'Number set',
  BS: 'Binary set',
} as const;
const keyType = (label: string) =>
  field.enum(label, KEY_TYPES, { default: 'S', optionLabels: keyTypeLabels });
const projection = () => field.enum('Projection', ['ALL', 'KEYS_ONLY', 'INCLUDE'], { default: 'ALL' });

export const dynamodbTable = defineKind({
  kind: 'dynamodb-table',
  title: 'DynamoDB table',
  category: 'database',
  description: 'A serverless key-value and document table, replicated across the AZs of a region.',
  icon: 'dynamodb',
  exportName: 'table',
  container: false,
  parents: ['root'],
  fields: {
    tableName: field.string('Table name'),
    partitionKeyName: field.string('Partition key', { placeholder: 'pk' }),
    partitionKeyType: keyType('Partition key type'),
    sortKeyName: field.string('Sort key', { placeholder: 'sk' }),
    sortKeyType: keyType('Sort key type'),
    billingMode: field.enum('Billing mode', ['PAY_PER_REQUEST', 'PROVISIONED'], {
      default: 'PAY_PER_REQUEST',
    }),
    readCapacity: field.integer('Read capacity', { unit: 'RCU', min: 1 }),
    writeCapacity: field.integer('Write capacity', { unit: 'WCU', min: 1 }),
    globalSecondaryIndexes: field.list('Global secondary indexes', {
      name: required(field.string('Name')),
      partitionKeyName: required(field.string('Partition key')),
      partitionKeyType: keyType('Partition key type'),
      sortKeyName: field.string('Sort key'),
      sortKeyType: keyType('Sort key type'),
      projection: projection(),
      readCapacity: field.integer('Read capacity', { unit: 'RCU' }),
      writeCapacity: field.integer('Write capacity', { unit: 'WCU' }),
    }),
    localSecondaryIndexes: field.list('Local secondary indexes', {
      name: required(field.string('Name')),
      sortKeyName: required(field.string('Sort key')),
      sortKeyType: keyType('Sort key type'),
      projection: projection(),
    }),
    itemSizeKb: field.number('Largest item', { unit: 'KB', help: 'DynamoDB items are limited to 400 KB.' }),
    lowCardinalityKey: field.boolean('Few distinct partition keys', {
      default: false,
      help: 'Traffic concentrates on a few keys (hot partition risk).',
    }),
    deployed: field.boolean('Already deployed', {
      default: false,
      help: 'The table exists in AWS: local secondary indexes can no longer be added in place.',
    }),
    deployedLocalIndexes: field.strings('LSIs at deployment', {
      help: 'Names of the local secondary indexes the deployed table was created with.',
    }),
    pointInTimeRecovery: field.boolean('Point-in-time recovery', { default: true }),
  },
  face: ['partitionKeyName', 'sortKeyName', 'billingMode'],
  publicEndpoint: 'polled',
  endpointService: 'dynamodb',
});
