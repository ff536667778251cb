// The generated board of the validator benchmark (also used by A/B and profiling scripts).
import type { Board } from '@stratus/model';
import { boardBuilder } from './boards.ts';

/**
 * Units of ~50 nodes until `target` nodes: a VPC (/24) in two AZs with public and private
 * subnets, gateways, NAT, security groups, an ACL, instances, databases, caches, queues, tables,
 * VPC endpoints, an HTTP API and a Lambda function, traffic flows, and a transit gateway per 10 VPCs.
 */
export function generate(target: number): Board {
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
