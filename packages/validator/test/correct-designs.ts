import type { Board } from '@stratus/model';
import { board } from './boards.ts';

const allow = (ruleNumber: number, protocol: string, cidr: string, from?: number, to?: number) => ({
  ruleNumber,
  protocol,
  cidr,
  action: 'allow',
  ...(from !== undefined ? { fromPort: from, toPort: to ?? from } : {}),
});

/**
 * Two peered VPCs: web tier with a NAT instance and custom network ACLs in one, an Aurora cluster in
 * the other, reached over the peering.
 */
export function peeredVpcs(): Board {
  return board(
    [
      { id: 'users', kind: 'internet', label: 'Users' },
      { id: 'web', kind: 'vpc', label: 'Web VPC', props: { cidr: '10.10.0.0/16', region: 'eu-west-1' } },
      { id: 'data', kind: 'vpc', label: 'Data VPC', props: { cidr: '10.20.0.0/16', region: 'eu-west-1' } },
      { id: 'w_a', kind: 'az', parentId: 'web', props: { zone: 'eu-west-1a' } },
      { id: 'w_b', kind: 'az', parentId: 'web', props: { zone: 'eu-west-1b' } },
      { id: 'd_a', kind: 'az', parentId: 'data', props: { zone: 'eu-west-1a' } },
      { id: 'd_b', kind: 'az', parentId: 'data', props: { zone: 'eu-west-1b' } },
      { id: 'pub_a', kind: 'subnet', parentId: 'w_a', props: { cidr: '10.10.0.0/24' } },
      { id: 'pub_b', kind: 'subnet', parentId: 'w_b', props: { cidr: '10.10.1.0/24' } },
      { id: 'app_a', kind: 'subnet', parentId: 'w_a', props: { cidr: '10.10.10.0/24' } },
      { id: 'db_a', kind: 'subnet', parentId: 'd_a', props: { cidr: '10.20.10.0/24' } },
      { id: 'db_b', kind: 'subnet', parentId: 'd_b', props: { cidr: '10.20.11.0/24' } },
      { id: 'igw', kind: 'internet-gateway', parentId: 'web' },
      {
        id: 'nat',
        kind: 'nat-instance',
        parentId: 'pub_a',
        props: { instanceType: 't3.small', sourceDestCheck: false },
      },
      { id: 'nat_ip', kind: 'elastic-ip', parentId: 'pub_a' },
      {
        id: 'alb',
        kind: 'load-balancer',
        parentId: 'pub_a',
        props: { subnetIds: ['pub_b'], scheme: 'internet-facing' },
      },
      { id: 'app', kind: 'ec2-instance', parentId: 'app_a', props: { count: 4 } },
      {
        id: 'aurora',
        kind: 'aurora-cluster',
        parentId: 'db_a',
        props: {
          engine: 'aurora-postgresql',
          subnetGroupSubnetIds: ['db_b'],
          instances: [
            { name: 'writer', role: 'writer', subnetId: 'db_a' },
            { name: 'reader', role: 'reader', subnetId: 'db_b' },
          ],
          backupRetentionDays: 14,
        },
      },
      {
        id: 'sg_alb',
        kind: 'security-group',
        parentId: 'web',
        props: { ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' }] },
      },
      {
        id: 'sg_app',
        kind: 'security-group',
        parentId: 'web',
        props: {
          ingress: [{ protocol: 'tcp', fromPort: 8080, toPort: 8080, sourceSecurityGroupId: 'sg_alb' }],
          egress: [
            { protocol: 'tcp', fromPort: 5432, toPort: 5432, cidr: '10.20.0.0/16' },
            { protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' },
          ],
        },
      },
      {
        id: 'sg_nat',
        kind: 'security-group',
        parentId: 'web',
        props: { ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '10.10.10.0/24' }] },
      },
      {
        id: 'sg_db',
        kind: 'security-group',
        parentId: 'data',
        props: { ingress: [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, cidr: '10.10.10.0/24' }] },
      },
      {
        id: 'acl_app',
        kind: 'network-acl',
        parentId: 'web',
        props: {
          inbound: [allow(100, 'tcp', '10.10.0.0/16', 8080), allow(110, 'tcp', '0.0.0.0/0', 1024, 65535)],
          outbound: [
            allow(100, 'tcp', '10.20.0.0/16', 5432),
            allow(110, 'tcp', '0.0.0.0/0', 443),
            allow(120, 'tcp', '10.10.0.0/16', 1024, 65535),
          ],
        },
      },
      { id: 'queue', kind: 'sqs-queue', props: { receiveWaitTimeSeconds: 20 } },
    ],
    [
      { id: 'peer', kind: 'peering', source: 'web', target: 'data' },
      { id: 'r_pub_a', kind: 'route', source: 'pub_a', target: 'igw' },
      { id: 'r_pub_b', kind: 'route', source: 'pub_b', target: 'igw' },
      { id: 'r_app', kind: 'route', source: 'app_a', target: 'nat' },
      { id: 'a_nat_ip', kind: 'association', source: 'nat_ip', target: 'nat' },
      { id: 'a_alb', kind: 'association', source: 'sg_alb', target: 'alb' },
      { id: 'a_app', kind: 'association', source: 'sg_app', target: 'app' },
      { id: 'a_nat', kind: 'association', source: 'sg_nat', target: 'nat' },
      { id: 'a_db', kind: 'association', source: 'sg_db', target: 'aurora' },
      { id: 'a_acl', kind: 'association', source: 'acl_app', target: 'app_a' },
      { id: 'f_in', kind: 'traffic', source: 'users', target: 'alb', props: { port: 443 } },
      { id: 'f_app', kind: 'traffic', source: 'alb', target: 'app', props: { port: 8080 } },
      { id: 'f_db', kind: 'traffic', source: 'app', target: 'aurora', props: { port: 5432 } },
      { id: 'f_q', kind: 'traffic', source: 'app', target: 'queue', props: { port: 443 } },
    ],
  );
}

/** CloudFront in front of an ALB and S3, a Redis cache with failover, a Redshift warehouse fed from RDS. */
export function cachedAnalytics(): Board {
  return board(
    [
      { id: 'users', kind: 'internet' },
      { id: 'dns', kind: 'route53-zone', props: { domainName: 'example.com' } },
      { id: 'cdn', kind: 'cloudfront-distribution', props: { defaultTtl: 300, maxTtl: 3600 } },
      { id: 'static', kind: 's3-bucket' },
      { id: 'v', kind: 'vpc', props: { cidr: '172.16.0.0/16', region: 'us-west-2' } },
      { id: 'a', kind: 'az', parentId: 'v', props: { zone: 'us-west-2a' } },
      { id: 'b', kind: 'az', parentId: 'v', props: { zone: 'us-west-2b' } },
      { id: 'pa', kind: 'subnet', parentId: 'a', props: { cidr: '172.16.0.0/24' } },
      { id: 'pb', kind: 'subnet', parentId: 'b', props: { cidr: '172.16.1.0/24' } },
      { id: 'xa', kind: 'subnet', parentId: 'a', props: { cidr: '172.16.8.0/22' } },
      { id: 'xb', kind: 'subnet', parentId: 'b', props: { cidr: '172.16.12.0/22' } },
      { id: 'igw', kind: 'internet-gateway', parentId: 'v' },
      { id: 'nat_a', kind: 'nat-gateway', parentId: 'pa' },
      { id: 'eip_a', kind: 'elastic-ip', parentId: 'pa' },
      { id: 'alb', kind: 'load-balancer', parentId: 'pa', props: { subnetIds: ['pb'] } },
      { id: 'web', kind: 'ec2-instance', parentId: 'xa', props: { count: 3 } },
      {
        id: 'cache',
        kind: 'elasticache-cluster',
        parentId: 'xb',
        props: {
          engine: 'valkey',
          replicasPerShard: 2,
          automaticFailover: true,
          numShards: 2,
          snapshotRetentionDays: 3,
          subnetGroupSubnetIds: ['xa'],
        },
      },
      {
        id: 'db',
        kind: 'rds-instance',
        parentId: 'xa',
        props: {
          engine: 'mysql',
          multiAz: true,
          subnetGroupSubnetIds: ['xb'],
          reportingLoad: 'heavy',
          backupRetentionDays: 7,
        },
      },
      {
        id: 'replica',
        kind: 'rds-instance',
        parentId: 'xb',
        props: { engine: 'mysql', subnetGroupSubnetIds: ['xa'] },
      },
      {
        id: 'dw',
        kind: 'redshift-cluster',
        parentId: 'xa',
        props: { numberOfNodes: 2, subnetGroupSubnetIds: ['xb'] },
      },
      {
        id: 'sg_alb',
        kind: 'security-group',
        parentId: 'v',
        props: { ingress: [{ protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0' }] },
      },
      {
        id: 'sg_web',
        kind: 'security-group',
        parentId: 'v',
        props: { ingress: [{ protocol: 'tcp', fromPort: 80, toPort: 80, sourceSecurityGroupId: 'sg_alb' }] },
      },
      {
        id: 'sg_data',
        kind: 'security-group',
        parentId: 'v',
        props: {
          ingress: [
            { protocol: 'tcp', fromPort: 6379, toPort: 6379, sourceSecurityGroupId: 'sg_web' },
            { protocol: 'tcp', fromPort: 3306, toPort: 3306, sourceSecurityGroupId: 'sg_web' },
            { protocol: 'tcp', fromPort: 5439, toPort: 5439, sourceSecurityGroupId: 'sg_web' },
            { protocol: 'tcp', fromPort: 3306, toPort: 3306, sourceSecurityGroupId: 'sg_data' },
          ],
        },
      },
    ],
    [
      { id: 'o_static', kind: 'origin', source: 'cdn', target: 'static' },
      { id: 'o_alb', kind: 'origin', source: 'cdn', target: 'alb' },
      { id: 'r_pa', kind: 'route', source: 'pa', target: 'igw' },
      { id: 'r_pb', kind: 'route', source: 'pb', target: 'igw' },
      { id: 'r_xa', kind: 'route', source: 'xa', target: 'nat_a' },
      { id: 'r_xb', kind: 'route', source: 'xb', target: 'nat_a' },
      { id: 'a_eip', kind: 'association', source: 'eip_a', target: 'nat_a' },
      { id: 'a_alb', kind: 'association', source: 'sg_alb', target: 'alb' },
      { id: 'a_web', kind: 'association', source: 'sg_web', target: 'web' },
      { id: 'a_cache', kind: 'association', source: 'sg_data', target: 'cache' },
      { id: 'a_db', kind: 'association', source: 'sg_data', target: 'db' },
      { id: 'a_rep', kind: 'association', source: 'sg_data', target: 'replica' },
      { id: 'a_dw', kind: 'association', source: 'sg_data', target: 'dw' },
      { id: 'rr', kind: 'read-replica', source: 'replica', target: 'db' },
      { id: 'f_users', kind: 'traffic', source: 'users', target: 'cdn', props: { port: 443 } },
      { id: 'f_cdn', kind: 'traffic', source: 'cdn', target: 'alb', props: { port: 443 } },
      { id: 'f_web', kind: 'traffic', source: 'alb', target: 'web', props: { port: 80 } },
      { id: 'f_cache', kind: 'traffic', source: 'web', target: 'cache', props: { port: 6379 } },
      { id: 'f_db', kind: 'traffic', source: 'web', target: 'db', props: { port: 3306 } },
      { id: 'f_dw', kind: 'traffic', source: 'web', target: 'dw', props: { port: 5439 } },
    ],
  );
}
