/** Generated boards for the export tests: one with every node and edge kind, and big ones. */
import { type Board, parseBoardOrThrow } from '@stratus/model';

type N = {
  id: string;
  kind: string;
  label: string;
  parentId?: string | null;
  props?: Record<string, unknown>;
};
type E = { id: string; kind: string; source: string; target: string; props?: Record<string, unknown> };

export function makeBoard(name: string, nodes: N[], edges: E[]): Board {
  return parseBoardOrThrow({
    format: 'stratus.board',
    version: 1,
    name,
    nodes: nodes.map((n, i) => ({
      id: n.id,
      kind: n.kind,
      label: n.label,
      parentId: n.parentId ?? null,
      position: { x: i * 10, y: i * 10 },
      props: n.props ?? {},
    })),
    edges: edges.map((e) => ({ ...e, props: e.props ?? {} })),
  });
}

/** Every node kind and edge kind of the model, wired the way the exporters understand. */
export function everyKindBoard(): Board {
  return makeBoard(
    'Every kind',
    [
      { id: 'users', kind: 'internet', label: 'Users' },
      { id: 'note', kind: 'sticky', label: 'Note', props: { text: 'ignored' } },
      { id: 'txt', kind: 'text', label: 'Text', props: { text: 'ignored' } },
      { id: 'frm', kind: 'frame', label: 'Frame' },
      { id: 'vpc', kind: 'vpc', label: 'Main VPC', props: { cidr: '10.1.0.0/16', region: 'eu-west-1' } },
      { id: 'peer', kind: 'vpc', label: 'Peer VPC', props: { cidr: '10.2.0.0/16', region: 'eu-west-1' } },
      { id: 'az_a', kind: 'az', label: 'AZ a', parentId: 'vpc', props: { zone: 'eu-west-1a' } },
      { id: 'az_b', kind: 'az', label: 'AZ b', parentId: 'vpc', props: { zone: 'eu-west-1b' } },
      {
        id: 'pub_a',
        kind: 'subnet',
        label: 'Public A',
        parentId: 'az_a',
        props: { cidr: '10.1.0.0/24', mapPublicIpOnLaunch: true },
      },
      { id: 'pub_b', kind: 'subnet', label: 'Public B', parentId: 'az_b', props: { cidr: '10.1.1.0/24' } },
      { id: 'priv_a', kind: 'subnet', label: 'Private A', parentId: 'az_a', props: { cidr: '10.1.10.0/24' } },
      { id: 'priv_b', kind: 'subnet', label: 'Private B', parentId: 'az_b', props: { cidr: '10.1.11.0/24' } },
      { id: 'iso_b', kind: 'subnet', label: 'Isolated B', parentId: 'az_b', props: { cidr: '10.1.20.0/24' } },
      {
        id: 'peer_sub',
        kind: 'subnet',
        label: 'Peer subnet',
        parentId: 'peer',
        props: { cidr: '10.2.0.0/24', availabilityZone: 'eu-west-1c' },
      },
      { id: 'igw', kind: 'internet-gateway', label: 'IGW', parentId: 'vpc' },
      { id: 'nat', kind: 'nat-gateway', label: 'NAT A', parentId: 'pub_a' },
      {
        id: 'nat_b',
        kind: 'nat-gateway',
        label: 'NAT B',
        parentId: 'pub_b',
        props: { connectivity: 'public' },
      },
      { id: 'eip', kind: 'elastic-ip', label: 'NAT A IP', parentId: 'pub_a' },
      { id: 'eip_bastion', kind: 'elastic-ip', label: 'Bastion IP' },
      {
        id: 'nat_inst',
        kind: 'nat-instance',
        label: 'NAT box',
        parentId: 'pub_b',
        props: { instanceType: 't4g.nano', associatePublicIp: true },
      },
      {
        id: 'sg_web',
        kind: 'security-group',
        label: 'web',
        parentId: 'vpc',
        props: {
          ingress: [
            { protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0', description: 'HTTPS' },
            { protocol: 'tcp', fromPort: 22, cidr: '0.0.0.0/0', action: 'deny' },
          ],
        },
      },
      {
        id: 'sg_app',
        kind: 'security-group',
        label: 'app',
        parentId: 'vpc',
        props: {
          description: 'App tier',
          ingress: [
            { protocol: 'tcp', fromPort: 8080, toPort: 8080, sourceSecurityGroupId: 'sg_web' },
            { protocol: 'icmp', cidr: '10.1.0.0/16' },
          ],
          egress: [
            { protocol: 'tcp', fromPort: 5432, toPort: 5432, destinationSecurityGroupId: 'sg_data' },
            { protocol: 'all', cidr: '10.0.0.0/8' },
          ],
        },
      },
      { id: 'sg_data', kind: 'security-group', label: 'data', parentId: 'vpc', props: { egress: [] } },
      {
        id: 'acl',
        kind: 'network-acl',
        label: 'Private ACL',
        parentId: 'vpc',
        props: {
          inbound: [
            { ruleNumber: 200, protocol: 'all', cidr: '0.0.0.0/0', action: 'deny' },
            {
              ruleNumber: 100,
              protocol: 'tcp',
              fromPort: 1024,
              toPort: 65535,
              cidr: '0.0.0.0/0',
              action: 'allow',
            },
            { ruleNumber: 110, protocol: 'icmp', cidr: '10.0.0.0/8', action: 'allow' },
          ],
          outbound: [{ ruleNumber: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }],
        },
      },
      {
        id: 'acl_default',
        kind: 'network-acl',
        label: 'Default ACL',
        parentId: 'vpc',
        props: {
          isDefault: true,
          inbound: [{ ruleNumber: 50, protocol: 'udp', fromPort: 53, cidr: '10.0.0.0/8', action: 'allow' }],
        },
      },
      {
        id: 'alb',
        kind: 'load-balancer',
        label: 'Public ALB',
        parentId: 'pub_a',
        props: {
          subnetIds: ['pub_b'],
          crossZone: true, // ignored: an ALB is always cross-zone
          listeners: [
            { protocol: 'HTTPS', port: 443 },
            { protocol: 'HTTP', port: 80 },
          ],
        },
      },
      {
        id: 'nlb',
        kind: 'load-balancer',
        label: 'Internal NLB',
        parentId: 'priv_a',
        props: {
          type: 'network',
          scheme: 'internal',
          crossZone: true,
          subnetIds: ['priv_b'],
          listeners: [{ protocol: 'TCP', port: 6379 }],
        },
      },
      { id: 'web', kind: 'ec2-instance', label: 'Web', parentId: 'priv_a', props: { count: 3 } },
      {
        id: 'svc_alb',
        kind: 'load-balancer',
        label: 'Services ALB',
        parentId: 'priv_a',
        props: { scheme: 'internal', subnetIds: ['priv_b'], listeners: [{ protocol: 'HTTP', port: 80 }] },
      },
      {
        id: 'api',
        kind: 'ecs-service',
        label: 'API',
        parentId: 'priv_a',
        props: {
          clusterName: 'apps',
          cpu: 512,
          memory: 1024,
          image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4',
          containerPort: 8080,
          subnetIds: ['priv_b'],
        },
      },
      {
        id: 'worker',
        kind: 'ecs-service',
        label: 'Worker',
        parentId: 'pub_b',
        props: { desiredCount: 1, assignPublicIp: true },
      },
      {
        id: 'proxies',
        kind: 'autoscaling-group',
        label: 'Cache proxies',
        parentId: 'priv_a',
        props: {
          minSize: 2,
          desiredCapacity: 3,
          maxSize: 6,
          instancePort: 6379,
          healthCheckType: 'ELB',
          subnetIds: ['priv_b'],
        },
      },
      {
        id: 'builders',
        kind: 'autoscaling-group',
        label: 'Builders',
        parentId: 'pub_a',
        props: {
          instanceType: 'm7g.large',
          ami: 'ami-0fedcba9876543210',
          associatePublicIp: true,
          minSize: 0,
          maxSize: 2,
        },
      },
      {
        id: 'bastion',
        kind: 'ec2-instance',
        label: 'Bastion',
        parentId: 'pub_a',
        props: { instanceType: 'm7g.medium', ami: 'ami-0123456789abcdef0' },
      },
      {
        id: 'db',
        kind: 'rds-instance',
        label: 'Main DB',
        parentId: 'priv_a',
        props: {
          engine: 'mysql',
          engineVersion: '8.0.39',
          multiAz: true,
          subnetGroupSubnetIds: ['priv_b'],
          databaseName: 'app',
          iops: 3000,
          storageType: 'io1',
          allocatedStorage: 100,
        },
      },
      { id: 'replica', kind: 'rds-instance', label: 'Main DB replica', parentId: 'priv_b' },
      {
        id: 'aurora',
        kind: 'aurora-cluster',
        label: 'Ledger',
        parentId: 'priv_a',
        props: {
          engine: 'aurora-postgresql',
          engineVersion: '16.4',
          databaseName: 'ledger',
          subnetGroupSubnetIds: ['priv_b'],
          instances: [
            { name: 'writer', role: 'writer', subnetId: 'priv_a' },
            { name: 'reader 1', role: 'reader', instanceClass: 'db.r6g.xlarge', subnetId: 'priv_b' },
          ],
        },
      },
      {
        id: 'table',
        kind: 'dynamodb-table',
        label: 'Orders table',
        props: {
          tableName: 'orders',
          partitionKeyName: 'pk',
          sortKeyName: 'sk',
          sortKeyType: 'N',
          billingMode: 'PROVISIONED',
          readCapacity: 10,
          writeCapacity: 20,
          globalSecondaryIndexes: [
            { name: 'byCustomer', partitionKeyName: 'customerId', projection: 'KEYS_ONLY' },
          ],
          localSecondaryIndexes: [{ name: 'byStatus', sortKeyName: 'status' }],
          pointInTimeRecovery: false,
        },
      },
      { id: 'table2', kind: 'dynamodb-table', label: '2nd table' },
      {
        id: 'cache',
        kind: 'elasticache-cluster',
        label: 'Sessions cache',
        parentId: 'priv_a',
        props: {
          subnetGroupSubnetIds: ['priv_b'],
          replicasPerShard: 1,
          automaticFailover: true,
          snapshotRetentionDays: 3,
        },
      },
      {
        id: 'memcache',
        kind: 'elasticache-cluster',
        label: 'Page cache',
        parentId: 'priv_b',
        props: { engine: 'memcached', numCacheNodes: 2 },
      },
      {
        id: 'dw',
        kind: 'redshift-cluster',
        label: 'Warehouse',
        parentId: 'iso_b',
        props: { subnetGroupSubnetIds: ['priv_b'] },
      },
      {
        id: 'dw1',
        kind: 'redshift-cluster',
        label: 'Small warehouse',
        parentId: 'iso_b',
        props: { numberOfNodes: 1 },
      },
      {
        id: 'q',
        kind: 'sqs-queue',
        label: 'Jobs',
        props: {
          queueName: 'jobs',
          fifo: true,
          contentBasedDeduplication: true,
          visibilityTimeoutSeconds: 120,
        },
      },
      { id: 'q_dlq', kind: 'sqs-queue', label: 'Jobs DLQ', props: { queueName: 'jobs-dlq', fifo: true } },
      { id: 'q_plain', kind: 'sqs-queue', label: 'Events' },
      {
        id: 'topic',
        kind: 'sns-topic',
        label: 'Events topic',
        props: { topicName: 'events', displayName: 'Events' },
      },
      {
        id: 'cdn',
        kind: 'cloudfront-distribution',
        label: 'Site CDN',
        props: {
          minTtl: 60,
          defaultTtl: 600,
          maxTtl: 3600,
          aliases: ['www.example.com'],
          priceClass: 'PriceClass_All',
        },
      },
      { id: 'cdn2', kind: 'cloudfront-distribution', label: 'API CDN' },
      {
        id: 'site',
        kind: 's3-bucket',
        label: 'Site bucket',
        props: { bucketName: 'stratus-site-bucket', websiteHosting: true, encryption: 'SSE-KMS' },
      },
      {
        id: 'open',
        kind: 's3-bucket',
        label: 'Open bucket',
        props: { blockPublicAccess: false, versioning: true },
      },
      {
        id: 'zone',
        kind: 'route53-zone',
        label: 'Internal zone',
        props: { domainName: 'corp.internal', privateZone: true },
      },
      { id: 'pubzone', kind: 'route53-zone', label: 'Public zone', props: { domainName: 'example.com' } },
      {
        id: 'origin',
        kind: 'custom-origin',
        label: 'Legacy',
        props: { domainName: 'legacy.example.net', httpsOnly: false },
      },
      {
        id: 's3_ep',
        kind: 'gateway-endpoint',
        label: 'S3 endpoint',
        parentId: 'vpc',
        props: { service: 's3' },
      },
      {
        id: 'ecr_ep',
        kind: 'interface-endpoint',
        label: 'ECR API endpoint',
        parentId: 'priv_a',
        props: { service: 'ecr.api', subnetIds: ['priv_b'], privateDnsEnabled: true },
      },
      {
        id: 'tgw',
        kind: 'transit-gateway',
        label: 'Hub',
        props: {
          amazonSideAsn: 64600,
          routes: [
            { destinationCidr: '10.2.0.0/16', vpcId: 'peer' },
            { destinationCidr: '10.99.0.0/16', blackhole: true },
          ],
          routeTables: [
            {
              name: 'Peer segment',
              associations: ['peer'],
              propagations: ['vpc'],
              routes: [{ destinationCidr: '10.98.0.0/16', blackhole: true }],
            },
          ],
        },
      },
      {
        id: 'fn_vpc',
        kind: 'lambda-function',
        label: 'Orders handler',
        parentId: 'priv_a',
        props: { runtime: 'python3.13', memorySize: 512, timeout: 20, subnetIds: ['priv_b'] },
      },
      { id: 'fn_edge', kind: 'lambda-function', label: 'Report builder', props: { runtime: 'java21' } },
      { id: 'api_http', kind: 'api-gateway', label: 'Public API', props: { stageName: 'v1' } },
      {
        id: 'api_rest',
        kind: 'api-gateway',
        label: 'Internal API',
        props: {
          apiType: 'REST',
          endpointType: 'PRIVATE',
          vpcLinkVersion: 'v1',
          integrationTimeoutMs: 10000,
        },
      },
    ],
    [
      { id: 'r1', kind: 'route', source: 'pub_a', target: 'igw' },
      { id: 'r2', kind: 'route', source: 'pub_b', target: 'igw', props: { destinationCidr: '0.0.0.0/0' } },
      { id: 'r3', kind: 'route', source: 'priv_a', target: 'nat' },
      { id: 'r4', kind: 'route', source: 'priv_b', target: 'nat_b' },
      { id: 'r5', kind: 'route', source: 'iso_b', target: 'nat_inst' },
      {
        id: 'r6',
        kind: 'route',
        source: 'priv_a',
        target: 'peer',
        props: { destinationCidr: '10.2.0.0/16' },
      },
      { id: 'peering', kind: 'peering', source: 'vpc', target: 'peer' },
      { id: 'a_eip', kind: 'association', source: 'eip', target: 'nat' },
      { id: 'a_eip2', kind: 'association', source: 'eip_bastion', target: 'bastion' },
      { id: 'a_sg1', kind: 'association', source: 'sg_web', target: 'alb' },
      { id: 'a_sg2', kind: 'association', source: 'sg_app', target: 'web' },
      { id: 'a_sg3', kind: 'association', source: 'sg_data', target: 'db' },
      { id: 'a_sg4', kind: 'association', source: 'sg_data', target: 'aurora' },
      { id: 'a_sg5', kind: 'association', source: 'sg_data', target: 'cache' },
      { id: 'a_sg6', kind: 'association', source: 'sg_data', target: 'memcache' },
      { id: 'a_sg7', kind: 'association', source: 'sg_data', target: 'dw' },
      { id: 'a_sg8', kind: 'association', source: 'sg_app', target: 'nat_inst' },
      { id: 'a_sg9', kind: 'association', source: 'sg_app', target: 'bastion' },
      { id: 'a_acl', kind: 'association', source: 'acl', target: 'priv_a' },
      { id: 'a_acl2', kind: 'association', source: 'acl', target: 'priv_b' },
      { id: 'a_acl3', kind: 'association', source: 'acl_default', target: 'pub_a' },
      { id: 'rr', kind: 'read-replica', source: 'replica', target: 'db' },
      { id: 'dl', kind: 'dead-letter', source: 'q', target: 'q_dlq', props: { maxReceiveCount: 4 } },
      { id: 'o1', kind: 'origin', source: 'cdn', target: 'site' },
      { id: 'o2', kind: 'origin', source: 'cdn', target: 'alb', props: { originPath: '/api' } },
      { id: 'o3', kind: 'origin', source: 'cdn', target: 'origin' },
      { id: 'o4', kind: 'origin', source: 'cdn2', target: 'site' },
      { id: 't1', kind: 'traffic', source: 'users', target: 'cdn', props: { port: 443 } },
      { id: 't2', kind: 'traffic', source: 'alb', target: 'web', props: { port: 8080 } },
      { id: 't3', kind: 'traffic', source: 'nlb', target: 'bastion', props: { port: 6379 } },
      { id: 't5', kind: 'traffic', source: 'svc_alb', target: 'api' },
      { id: 't6', kind: 'traffic', source: 'nlb', target: 'proxies' },
      { id: 'a_sg10', kind: 'association', source: 'sg_web', target: 'svc_alb' },
      { id: 'a_sg11', kind: 'association', source: 'sg_app', target: 'api' },
      { id: 'a_sg12', kind: 'association', source: 'sg_app', target: 'proxies' },
      { id: 'a_sg13', kind: 'association', source: 'sg_app', target: 'builders' },
      { id: 't4', kind: 'traffic', source: 'topic', target: 'q_plain' },
      { id: 'a_s3_ep', kind: 'association', source: 's3_ep', target: 'priv_b' },
      { id: 'a_sg_ecr', kind: 'association', source: 'sg_app', target: 'ecr_ep' },
      { id: 'att_a', kind: 'attachment', source: 'priv_a', target: 'tgw' },
      { id: 'att_b', kind: 'attachment', source: 'priv_b', target: 'tgw' },
      { id: 'att_peer', kind: 'attachment', source: 'peer_sub', target: 'tgw' },
      {
        id: 'r_tgw',
        kind: 'route',
        source: 'iso_b',
        target: 'tgw',
        props: { destinationCidr: '10.2.0.0/16' },
      },
      { id: 'a_sg_fn', kind: 'association', source: 'sg_app', target: 'fn_vpc' },
      { id: 't_api_fn', kind: 'traffic', source: 'api_http', target: 'fn_vpc', props: { port: 443 } },
      { id: 't_api_fn2', kind: 'traffic', source: 'api_http', target: 'fn_edge', props: { port: 443 } },
      { id: 't_rest_fn', kind: 'traffic', source: 'api_rest', target: 'fn_edge', props: { port: 443 } },
      { id: 't_rest_nlb', kind: 'traffic', source: 'api_rest', target: 'nlb', props: { port: 80 } },
      { id: 't_api_alb', kind: 'traffic', source: 'api_http', target: 'svc_alb', props: { port: 80 } },
    ],
  );
}

/** A board of about `resources` architecture nodes: repeated VPC cells plus serverless pieces. */
export function bigBoard(resources: number): Board {
  const nodes: N[] = [];
  const edges: E[] = [];
  let cell = 0;
  while (nodes.length < resources) {
    const c = cell++;
    const p = `c${c}`;
    const octet = c % 250;
    const second = 16 + Math.floor(c / 250);
    nodes.push(
      { id: `${p}_vpc`, kind: 'vpc', label: `VPC ${c}`, props: { cidr: `10.${octet}.0.0/16` } },
      { id: `${p}_az`, kind: 'az', label: `AZ ${c}`, parentId: `${p}_vpc`, props: { zone: 'us-east-1a' } },
      {
        id: `${p}_pub`,
        kind: 'subnet',
        label: `Public ${c}`,
        parentId: `${p}_az`,
        props: { cidr: `10.${octet}.0.0/24` },
      },
      {
        id: `${p}_priv`,
        kind: 'subnet',
        label: `Private ${c}`,
        parentId: `${p}_az`,
        props: { cidr: `10.${octet}.1.0/24` },
      },
      { id: `${p}_igw`, kind: 'internet-gateway', label: `IGW ${c}`, parentId: `${p}_vpc` },
      { id: `${p}_nat`, kind: 'nat-gateway', label: `NAT ${c}`, parentId: `${p}_pub` },
      {
        id: `${p}_sg`,
        kind: 'security-group',
        label: `App SG ${c}`,
        parentId: `${p}_vpc`,
        props: { ingress: [{ protocol: 'tcp', fromPort: 443, cidr: '0.0.0.0/0' }] },
      },
      { id: `${p}_app`, kind: 'ec2-instance', label: `App ${c}`, parentId: `${p}_priv`, props: { count: 2 } },
      { id: `${p}_db`, kind: 'rds-instance', label: `DB ${c}`, parentId: `${p}_priv` },
      { id: `${p}_q`, kind: 'sqs-queue', label: `Queue ${c}` },
      { id: `${p}_dlq`, kind: 'sqs-queue', label: `DLQ ${c}` },
      {
        id: `${p}_t`,
        kind: 'dynamodb-table',
        label: `Table ${c}`,
        props: { partitionKeyName: 'pk', sortKeyName: `s${second}` },
      },
    );
    edges.push(
      { id: `${p}_r1`, kind: 'route', source: `${p}_pub`, target: `${p}_igw` },
      { id: `${p}_r2`, kind: 'route', source: `${p}_priv`, target: `${p}_nat` },
      { id: `${p}_a1`, kind: 'association', source: `${p}_sg`, target: `${p}_app` },
      { id: `${p}_d`, kind: 'dead-letter', source: `${p}_q`, target: `${p}_dlq` },
    );
  }
  return makeBoard(`Big board ${resources}`, nodes, edges);
}

/**
 * APIs reaching internal load balancers privately: an HTTP API and a REST API (VPC link V2) to an
 * internal ALB with a security group, a REST API through a legacy VPC link V1 to an internal NLB,
 * and two edges that cannot be exported (an internet-facing ALB; a VPC link V1 to an ALB).
 */
export function vpcLinkBoard(): Board {
  return makeBoard(
    'VPC links',
    [
      { id: 'vpc', kind: 'vpc', label: 'VPC', props: { cidr: '10.0.0.0/16', region: 'eu-west-1' } },
      { id: 'az_a', kind: 'az', label: 'AZ a', parentId: 'vpc', props: { zone: 'eu-west-1a' } },
      { id: 'az_b', kind: 'az', label: 'AZ b', parentId: 'vpc', props: { zone: 'eu-west-1b' } },
      { id: 'pub_a', kind: 'subnet', label: 'Public A', parentId: 'az_a', props: { cidr: '10.0.0.0/24' } },
      { id: 'pub_b', kind: 'subnet', label: 'Public B', parentId: 'az_b', props: { cidr: '10.0.1.0/24' } },
      { id: 'priv_a', kind: 'subnet', label: 'Private A', parentId: 'az_a', props: { cidr: '10.0.10.0/24' } },
      { id: 'priv_b', kind: 'subnet', label: 'Private B', parentId: 'az_b', props: { cidr: '10.0.11.0/24' } },
      { id: 'igw', kind: 'internet-gateway', label: 'IGW', parentId: 'vpc' },
      {
        id: 'sg_alb',
        kind: 'security-group',
        label: 'ALB SG',
        parentId: 'vpc',
        props: { ingress: [{ protocol: 'tcp', fromPort: 8080, cidr: '10.0.0.0/16' }] },
      },
      {
        id: 'alb',
        kind: 'load-balancer',
        label: 'Orders ALB',
        parentId: 'priv_a',
        props: { scheme: 'internal', subnetIds: ['priv_b'], listeners: [{ protocol: 'HTTP', port: 8080 }] },
      },
      {
        id: 'nlb',
        kind: 'load-balancer',
        label: 'Stock NLB',
        parentId: 'priv_a',
        props: {
          type: 'network',
          scheme: 'internal',
          subnetIds: ['priv_b'],
          listeners: [{ protocol: 'TCP', port: 80 }],
        },
      },
      {
        id: 'public_alb',
        kind: 'load-balancer',
        label: 'Public ALB',
        parentId: 'pub_a',
        props: { subnetIds: ['pub_b'], listeners: [{ protocol: 'HTTP', port: 80 }] },
      },
      { id: 'orders', kind: 'ec2-instance', label: 'Orders', parentId: 'priv_a', props: { count: 2 } },
      { id: 'stock', kind: 'ec2-instance', label: 'Stock', parentId: 'priv_b' },
      {
        id: 'http_api',
        kind: 'api-gateway',
        label: 'Orders HTTP API',
        props: { integrationTimeoutMs: 15000 },
      },
      { id: 'rest_v2', kind: 'api-gateway', label: 'Orders REST API', props: { apiType: 'REST' } },
      {
        id: 'rest_v1',
        kind: 'api-gateway',
        label: 'Stock REST API',
        props: { apiType: 'REST', vpcLinkVersion: 'v1' },
      },
    ],
    [
      { id: 'r1', kind: 'route', source: 'pub_a', target: 'igw' },
      { id: 'r2', kind: 'route', source: 'pub_b', target: 'igw' },
      { id: 'a1', kind: 'association', source: 'sg_alb', target: 'alb' },
      { id: 't1', kind: 'traffic', source: 'alb', target: 'orders', props: { port: 8080 } },
      { id: 't2', kind: 'traffic', source: 'nlb', target: 'stock', props: { port: 80 } },
      { id: 't3', kind: 'traffic', source: 'public_alb', target: 'orders', props: { port: 8080 } },
      { id: 'e1', kind: 'traffic', source: 'http_api', target: 'alb' },
      { id: 'e2', kind: 'traffic', source: 'rest_v2', target: 'alb' },
      { id: 'e3', kind: 'traffic', source: 'rest_v1', target: 'nlb' },
      // Not exported (with a note each): an internet-facing ALB, a VPC link V1 to an ALB.
      { id: 'e4', kind: 'traffic', source: 'http_api', target: 'public_alb' },
      { id: 'e5', kind: 'traffic', source: 'rest_v1', target: 'alb' },
    ],
  );
}

/**
 * Transit Gateway segmentation: prod, dev and shared-services VPCs attached (one subnet each),
 * a route table per segment (prod and dev learn only shared; shared learns both) with one static
 * route, and default propagation on (so the gateway's own table exists only when it is used).
 */
export function segmentedTgwBoard(opts: { defaultAssociation?: boolean } = {}): Board {
  const vpcs = [
    ['prod', 'Prod', '10.1'],
    ['dev', 'Dev', '10.2'],
    ['shared', 'Shared services', '10.3'],
  ] as const;
  return makeBoard(
    'Segmented transit gateway',
    [
      ...vpcs.flatMap(([id, label, net]): N[] => [
        { id, kind: 'vpc', label: `${label} VPC`, props: { cidr: `${net}.0.0/16`, region: 'eu-west-1' } },
        { id: `${id}_az`, kind: 'az', label: `${label} AZ a`, parentId: id, props: { zone: 'eu-west-1a' } },
        {
          id: `${id}_sub`,
          kind: 'subnet',
          label: `${label} private a`,
          parentId: `${id}_az`,
          props: { cidr: `${net}.0.0/24` },
        },
      ]),
      {
        id: 'tgw',
        kind: 'transit-gateway',
        label: 'Hub',
        props: {
          ...(opts.defaultAssociation === undefined
            ? {}
            : { defaultRouteTableAssociation: opts.defaultAssociation }),
          routeTables: [
            { name: 'Prod', associations: ['prod'], propagations: ['shared'] },
            { name: 'Dev', associations: ['dev'], propagations: ['shared'] },
            {
              name: 'Shared',
              associations: ['shared'],
              propagations: ['prod', 'dev'],
              routes: [{ destinationCidr: '10.99.0.0/16', blackhole: true }],
            },
          ],
        },
      },
    ],
    vpcs.flatMap(([id]): E[] => [
      { id: `att_${id}`, kind: 'attachment', source: `${id}_sub`, target: 'tgw' },
      {
        id: `r_${id}`,
        kind: 'route',
        source: `${id}_sub`,
        target: 'tgw',
        props: { destinationCidr: '10.0.0.0/8' },
      },
    ]),
  );
}
