import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Board, TEMPLATES, kindDef } from '@stratus/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { everyKindBoard, segmentedTgwBoard, vpcLinkBoard } from '../test/boards.ts';
import { type CfnTemplate, countByType, ofType, synth, typecheck, writeApp } from '../test/cdk-check.ts';
import { terraformResources } from '../test/terraform-check.ts';
import { type CdkResult, MAPPING, exportCdk, exportTerraform } from './index.ts';
import { PLANNED_TYPES } from './plan.ts';
import { planBoard } from './resolve.ts';
import { RESOURCE_TYPES } from './resource-types.ts';

const boards: [string, Board][] = [
  ...TEMPLATES.map((t) => [t.id, t.board()] as [string, Board]),
  ['every-kind', everyKindBoard()],
  ['vpc-links', vpcLinkBoard()],
  ['tgw-segments', segmentedTgwBoard()],
];

interface App {
  board: Board;
  result: CdkResult;
  dir: string;
  template?: CfnTemplate;
  synthError?: string;
}
const apps = new Map<string, App>();
let tscOutput = '';

// Write every app under one root and type-check them all in one tsc run (aws-cdk-lib's types
// take most of the ~10 s), then synthesize each in this process (the cfn checker starts once).
beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'stratus-cdk-all-'));
  for (const [id, board] of boards) {
    const result = exportCdk(board);
    const dir = join(root, id);
    const files = Object.fromEntries(Object.entries(result.files).map(([p, t]) => [join(id, p), t]));
    writeApp(files, root);
    apps.set(id, { board, result, dir });
  }
  const tsconfig = JSON.parse(apps.values().next().value!.result.files['tsconfig.json']!);
  tsconfig.include = boards.flatMap(([id]) => [`${id}/bin`, `${id}/lib`]);
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify(tsconfig));
  tscOutput = await typecheck(root);
  for (const app of apps.values()) {
    try {
      app.template = await synth(app.dir, app.result.stackFile, app.result.stackClass);
    } catch (e) {
      app.synthError = (e as Error).message;
    }
  }
}, 240_000);

describe('generated CDK apps', () => {
  it('type-check with tsc (strict, noUncheckedIndexedAccess)', () => {
    expect(tscOutput).toBe('');
  });

  it.each(boards.map(([id]) => id))(
    '%s synthesizes offline with the CloudFormation checker as errors, with no findings at all',
    (id) => {
      const app = apps.get(id)!;
      expect(app.synthError).toBeUndefined();
      const report = JSON.parse(readFileSync(join(app.dir, 'cdk.out', 'validation-report.json'), 'utf8'));
      const violations = report.pluginReports.flatMap((p: { violations: unknown[] }) => p.violations);
      expect(violations).toEqual([]);
    },
  );

  it.each(boards.map(([id]) => id))(
    '%s is deterministic and a full app (package.json with pinned versions, cdk.json, bin, lib)',
    (id) => {
      const app = apps.get(id)!;
      expect(exportCdk(structuredClone(app.board))).toEqual(app.result);
      const pkg = JSON.parse(app.result.files['package.json']!);
      expect(pkg.dependencies).toEqual({ 'aws-cdk-lib': '2.276.0', constructs: '10.8.1' });
      expect(Object.keys(app.result.files).sort()).toEqual(
        ['README.md', 'bin/app.ts', 'cdk.json', app.result.stackFile, 'package.json', 'tsconfig.json'].sort(),
      );
      expect(
        JSON.parse(app.result.files['cdk.json']!).context['@aws-cdk/core:validateAgainstDefaultRules'],
      ).toBe(true);
    },
  );

  it.each(boards.map(([id]) => id))(
    '%s: the template matches the board (counts, CIDRs, AZs, keys, timeouts, TTLs)',
    (id) => {
      const { board, template } = apps.get(id)!;
      const t = template!;
      const counts = countByType(t);
      const nodes = board.nodes.filter((n) => !kindDef(n.kind)?.whiteboard);
      const count = (k: string) => nodes.filter((n) => n.kind === k).length;
      // biome-ignore lint/suspicious/noExplicitAny: props of many kinds, read loosely in assertions
      const p = (n: { props: unknown }) => n.props as Record<string, any>;
      expect(counts['AWS::EC2::VPC'] ?? 0).toBe(count('vpc'));
      expect(counts['AWS::EC2::Subnet'] ?? 0).toBe(count('subnet'));
      expect(counts['AWS::EC2::NatGateway'] ?? 0).toBe(count('nat-gateway'));
      // Each NAT instance gets a group of its own admitting the subnets routed through it, and so
      // does each VPC link V2 (one per load balancer an API reaches privately).
      const vpcLinks = planBoard(board).resources.ofType('vpc link').length;
      expect(counts['AWS::EC2::SecurityGroup'] ?? 0).toBe(
        count('security-group') + count('nat-instance') + vpcLinks,
      );
      expect(counts['AWS::ElasticLoadBalancingV2::LoadBalancer'] ?? 0).toBe(count('load-balancer'));
      const instances = nodes
        .filter((n) => n.kind === 'ec2-instance')
        .reduce((s, n) => s + (p(n).count ?? 1), count('nat-instance'));
      expect(counts['AWS::EC2::Instance'] ?? 0).toBe(instances);
      const auroraRows = nodes
        .filter((n) => n.kind === 'aurora-cluster')
        .reduce((s, n) => s + (p(n).instances?.length ?? 0), 0);
      expect(counts['AWS::RDS::DBInstance'] ?? 0).toBe(count('rds-instance') + auroraRows);
      expect(counts['AWS::RDS::DBCluster'] ?? 0).toBe(count('aurora-cluster'));
      expect(counts['AWS::ECS::Service'] ?? 0).toBe(count('ecs-service'));
      expect(counts['AWS::ECS::TaskDefinition'] ?? 0).toBe(count('ecs-service'));
      // One execution role for every task definition of the board, one per Lambda function.
      expect(counts['AWS::IAM::Role'] ?? 0).toBe((count('ecs-service') ? 1 : 0) + count('lambda-function'));
      expect(counts['AWS::AutoScaling::AutoScalingGroup'] ?? 0).toBe(count('autoscaling-group'));
      expect(counts['AWS::EC2::LaunchTemplate'] ?? 0).toBe(count('autoscaling-group'));
      expect(counts['AWS::DynamoDB::Table'] ?? 0).toBe(count('dynamodb-table'));
      expect(
        (counts['AWS::ElastiCache::ReplicationGroup'] ?? 0) + (counts['AWS::ElastiCache::CacheCluster'] ?? 0),
      ).toBe(count('elasticache-cluster'));
      expect(counts['AWS::Redshift::Cluster'] ?? 0).toBe(count('redshift-cluster'));
      expect(counts['AWS::SQS::Queue'] ?? 0).toBe(count('sqs-queue'));
      expect(counts['AWS::SNS::Topic'] ?? 0).toBe(count('sns-topic'));
      expect(counts['AWS::S3::Bucket'] ?? 0).toBe(count('s3-bucket'));
      expect(counts['AWS::CloudFront::Distribution'] ?? 0).toBe(count('cloudfront-distribution'));
      expect(counts['AWS::Route53::HostedZone'] ?? 0).toBe(count('route53-zone'));

      // CIDRs and AZs: the board's zones by rank among the region's (Fn::GetAZs), no zone name.
      const subnets = ofType(t, 'AWS::EC2::Subnet');
      const boardZones = [
        ...new Set(
          nodes
            .filter((n) => n.kind === 'subnet')
            .map(
              (s) =>
                p(s).availabilityZone ??
                p(nodes.find((n) => n.id === s.parentId && n.kind === 'az') ?? { props: {} }).zone,
            )
            .filter(Boolean),
        ),
      ].sort();
      const azOf = (v: unknown) => {
        const sel = (v as { 'Fn::Select'?: [number, { 'Fn::GetAZs': string }] })['Fn::Select'];
        expect(sel?.[1]).toEqual({ 'Fn::GetAZs': '' });
        return boardZones[sel![0]];
      };
      expect(JSON.stringify(t)).not.toMatch(/"[a-z]{2}-[a-z]+-\d[a-z]"/);
      for (const s of nodes.filter((n) => n.kind === 'subnet')) {
        const match = subnets.find((x) => x.CidrBlock === p(s).cidr);
        expect(match, `subnet ${s.label}`).toBeDefined();
        const parentZone = nodes.find((n) => n.id === s.parentId && n.kind === 'az');
        const zone = p(s).availabilityZone ?? (parentZone ? p(parentZone).zone : undefined);
        if (zone) expect(azOf(match!.AvailabilityZone)).toBe(zone);
      }
      for (const v of nodes.filter((n) => n.kind === 'vpc'))
        expect(ofType(t, 'AWS::EC2::VPC').map((x) => x.CidrBlock)).toContain(p(v).cidr ?? '10.0.0.0/16');

      // DynamoDB keys.
      for (const d of nodes.filter((n) => n.kind === 'dynamodb-table')) {
        const table = ofType(t, 'AWS::DynamoDB::Table').find((x) =>
          (x.Tags as { Value: string }[]).some((tag) => tag.Value === d.label),
        );
        expect(table, d.label).toBeDefined();
        expect((table!.KeySchema as { AttributeName: string; KeyType: string }[])[0]).toEqual({
          AttributeName: p(d).partitionKeyName ?? 'pk',
          KeyType: 'HASH',
        });
        if (p(d).sortKeyName)
          expect((table!.KeySchema as object[])[1]).toEqual({
            AttributeName: p(d).sortKeyName,
            KeyType: 'RANGE',
          });
        expect(((table!.GlobalSecondaryIndexes as object[]) ?? []).length).toBe(
          p(d).globalSecondaryIndexes?.length ?? 0,
        );
        expect(((table!.LocalSecondaryIndexes as object[]) ?? []).length).toBe(
          p(d).localSecondaryIndexes?.length ?? 0,
        );
      }
      // Queue timeouts and redrive.
      for (const q of nodes.filter((n) => n.kind === 'sqs-queue')) {
        const queue = ofType(t, 'AWS::SQS::Queue').find((x) =>
          (x.Tags as { Value: string }[]).some((tag) => tag.Value === q.label),
        );
        expect(queue, q.label).toBeDefined();
        expect(queue!.VisibilityTimeout).toBe(p(q).visibilityTimeoutSeconds ?? 30);
        expect(queue!.MessageRetentionPeriod).toBe(p(q).messageRetentionSeconds ?? 345600);
        const dlq = board.edges.find((e) => e.kind === 'dead-letter' && e.source === q.id);
        if (dlq)
          expect((queue!.RedrivePolicy as { maxReceiveCount: number }).maxReceiveCount).toBe(
            (dlq.props as { maxReceiveCount?: number }).maxReceiveCount ?? 5,
          );
        else expect(queue!.RedrivePolicy).toBeUndefined();
      }
      // CloudFront TTLs.
      for (const c of nodes.filter((n) => n.kind === 'cloudfront-distribution')) {
        const dist = ofType(t, 'AWS::CloudFront::Distribution').find(
          (x) => (x.DistributionConfig as { Comment: string }).Comment === c.label,
        );
        expect(dist, c.label).toBeDefined();
        const behaviour = (dist!.DistributionConfig as { DefaultCacheBehavior: Record<string, unknown> })
          .DefaultCacheBehavior;
        // Cache policies, not the deprecated ForwardedValues/TTL fields.
        expect(behaviour.ForwardedValues).toBeUndefined();
        expect(behaviour.MinTTL).toBeUndefined();
        const ttlSet =
          p(c).minTtl !== undefined || p(c).defaultTtl !== undefined || p(c).maxTtl !== undefined;
        if (ttlSet) {
          const ref = (behaviour.CachePolicyId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
          const policy = t.Resources[ref]!.Properties!.CachePolicyConfig as Record<string, number>;
          expect([policy.MinTTL, policy.DefaultTTL, policy.MaxTTL]).toEqual([
            p(c).minTtl ?? 0,
            p(c).defaultTtl ?? 86400,
            p(c).maxTtl ?? 31536000,
          ]);
        } else expect(typeof behaviour.CachePolicyId).toBe('string');
      }
    },
  );

  it.each(boards.map(([id]) => id))(
    "%s: both printers emit only resource types of the plan's table",
    async (id) => {
      const { board, template } = apps.get(id)!;
      const tf = await terraformResources(exportTerraform(board).files);
      const tfTypes = new Set(RESOURCE_TYPES.flatMap((r) => r.terraform ?? []));
      const cfnTypes = new Set(RESOURCE_TYPES.flatMap((r) => r.cloudformation ?? []));
      expect(Object.keys(tf).filter((t) => !tfTypes.has(t))).toEqual([]);
      expect(Object.keys(countByType(template!)).filter((t) => !cfnTypes.has(t))).toEqual([]);
    },
  );

  it.each(boards.map(([id]) => id))(
    '%s: every Terraform and CloudFormation resource either printer emits is a planned resource, one to one',
    async (id) => {
      const { board, template } = apps.get(id)!;
      const plan = planBoard(board);
      const tf = await terraformResources(exportTerraform(board).files);
      const cfn = countByType(template!);
      // Per Terraform type: the resource names of the planned resources of every row writing it
      // (with their count); per CloudFormation type: as many resources (one per copy).
      const got: Record<string, unknown> = {};
      const want: Record<string, unknown> = {};
      const rowOf = new Map(RESOURCE_TYPES.map((r) => [r.resource as string, r]));
      const tfWant: Record<string, string[]> = {};
      const cfnWant: Record<string, number> = {};
      for (const r of plan.resources.resources) {
        const row = rowOf.get(r.type)!;
        for (const t of row.terraform ?? [])
          tfWant[t] = [...(tfWant[t] ?? []), r.count ? `${r.id} ×${r.count}` : r.id];
        if (row.cloudformation)
          cfnWant[row.cloudformation] = (cfnWant[row.cloudformation] ?? 0) + (r.count ?? 1);
      }
      // Every type either printer emitted, and every type the plan holds.
      for (const t of new Set([...Object.keys(tf), ...Object.keys(tfWant)])) {
        got[t] = Object.entries(tf[t] ?? {})
          .map(([name, body]) => (body.count ? `${name} ×${body.count}` : name))
          .sort();
        want[t] = (tfWant[t] ?? []).sort();
      }
      for (const t of new Set([...Object.keys(cfn), ...Object.keys(cfnWant)])) {
        got[t] = cfn[t] ?? 0;
        want[t] = cfnWant[t] ?? 0;
      }
      // Terraform writes routes as blocks of their table.
      got['route (terraform blocks)'] = Object.values(tf.aws_route_table ?? {}).reduce(
        (n, t) => n + ((t.route as unknown[]) ?? []).length,
        0,
      );
      want['route (terraform blocks)'] = plan.resources.ofType('route').length;
      expect(got).toEqual(want);
      // Dependency order: every reference points to a resource planned before it.
      const seen = new Set<string>();
      for (const r of plan.resources.resources) {
        for (const ref of r.refs) expect(seen.has(ref), `${r.type}:${r.id} → ${ref}`).toBe(true);
        seen.add(`${r.type}:${r.id}`);
      }
    },
  );

  it('every-kind plans every planned resource type at least once', () => {
    const plan = planBoard(apps.get('every-kind')!.board);
    const types = new Set(plan.resources.resources.map((r) => r.type));
    expect([...PLANNED_TYPES].filter((t) => !types.has(t as never))).toEqual([]);
  });

  it("tgw-segments: a route table per segment, each attachment associated once and propagating where listed, the gateway's defaults off", () => {
    const t = apps.get('tgw-segments')!.template!;
    const resources = t.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const ids = (type: string) => Object.keys(resources).filter((k) => resources[k]!.Type === type);
    const ref = (v: unknown) =>
      (v as { Ref?: string; 'Fn::GetAtt'?: string[] }).Ref ??
      (v as { 'Fn::GetAtt': string[] })['Fn::GetAtt']?.[0];
    expect(ofType(t, 'AWS::EC2::TransitGateway')[0]).toMatchObject({
      DefaultRouteTableAssociation: 'disable',
      DefaultRouteTablePropagation: 'disable',
    });
    const tables = Object.fromEntries(
      ids('AWS::EC2::TransitGatewayRouteTable').map((id) => [
        id,
        (resources[id]!.Properties.Tags as { Key: string; Value: string }[]).find((x) => x.Key === 'Name')!
          .Value,
      ]),
    );
    expect(Object.values(tables).sort()).toEqual(['Hub Dev', 'Hub Prod', 'Hub Shared']);
    const vpcOf = Object.fromEntries(
      ids('AWS::EC2::TransitGatewayAttachment').map((id) => [
        id,
        (
          resources[ref(resources[id]!.Properties.VpcId)!]!.Properties.Tags as {
            Key: string;
            Value: string;
          }[]
        ).find((x) => x.Key === 'Name')!.Value,
      ]),
    );
    const links = (type: string) =>
      ofType(t, type)
        .map(
          (p) =>
            `${vpcOf[ref(p.TransitGatewayAttachmentId)!]} → ${tables[ref(p.TransitGatewayRouteTableId)!]}`,
        )
        .sort();
    expect(links('AWS::EC2::TransitGatewayRouteTableAssociation')).toEqual([
      'Dev VPC → Hub Dev',
      'Prod VPC → Hub Prod',
      'Shared services VPC → Hub Shared',
    ]);
    expect(links('AWS::EC2::TransitGatewayRouteTablePropagation')).toEqual([
      'Dev VPC → Hub Shared',
      'Prod VPC → Hub Shared',
      'Shared services VPC → Hub Dev',
      'Shared services VPC → Hub Prod',
    ]);
    const [route] = ofType(t, 'AWS::EC2::TransitGatewayRoute');
    expect(route).toMatchObject({ DestinationCidrBlock: '10.99.0.0/16', Blackhole: true });
    expect(tables[ref(route!.TransitGatewayRouteTableId)!]).toBe('Hub Shared');
  });

  it('every-kind: a route to the transit gateway depends on the VPC attachment; endpoints in route tables and subnets', () => {
    const t = apps.get('every-kind')!.template!;
    const resources = t.Resources as Record<
      string,
      { Type: string; Properties: Record<string, unknown>; DependsOn?: string | string[] }
    >;
    const idOf = (type: string) => Object.keys(resources).filter((k) => resources[k]!.Type === type);
    const [route] = Object.values(resources).filter(
      (r) => r.Type === 'AWS::EC2::Route' && r.Properties.TransitGatewayId,
    );
    expect(route!.Properties.DestinationCidrBlock).toBe('10.2.0.0/16');
    const attachments = idOf('AWS::EC2::TransitGatewayAttachment');
    expect(attachments.length).toBe(2);
    expect([route!.DependsOn].flat().some((d) => attachments.includes(d!))).toBe(true);
    const tgw = ofType(t, 'AWS::EC2::TransitGateway')[0]!;
    expect(tgw).toMatchObject({ AmazonSideAsn: 64600, DefaultRouteTableAssociation: 'disable' });
    expect(countByType(t)['AWS::EC2::TransitGatewayRouteTableAssociation']).toBe(2);
    expect(
      ofType(t, 'AWS::EC2::TransitGatewayRoute').map((r) => [r.DestinationCidrBlock, r.Blackhole]),
    ).toEqual([
      ['10.2.0.0/16', undefined],
      ['10.99.0.0/16', true],
      ['10.98.0.0/16', true],
    ]);
    const [gateway, iface] = ['Gateway', 'Interface'].map(
      (type) => ofType(t, 'AWS::EC2::VPCEndpoint').find((e) => e.VpcEndpointType === type)!,
    );
    expect((gateway!.RouteTableIds as unknown[]).length).toBe(1);
    expect(iface).toMatchObject({ PrivateDnsEnabled: true });
    expect((iface!.SubnetIds as unknown[]).length).toBe(2);
    expect((iface!.SecurityGroupIds as unknown[]).length).toBe(1);
  });

  it('every-kind: peering routes both ways, implicit NAT EIP, S3 origin with origin access control', () => {
    const t = apps.get('every-kind')!.template!;
    const routes = ofType(t, 'AWS::EC2::Route').filter((r) => r.VpcPeeringConnectionId);
    expect(routes.map((r) => r.DestinationCidrBlock).sort()).toContain('10.1.0.0/16');
    expect(routes.map((r) => r.DestinationCidrBlock)).toContain('10.2.0.0/16');
    expect(countByType(t)['AWS::EC2::EIP']).toBe(3);
    const dist = ofType(t, 'AWS::CloudFront::Distribution').find(
      (x) => (x.DistributionConfig as { Comment: string }).Comment === 'Site CDN',
    )!;
    const origins = (dist.DistributionConfig as { Origins: Record<string, unknown>[] }).Origins;
    // The ALB's edge path routes /api/* to it; the custom origin has no path, so no behaviour
    // could reach it: left out (with a note) rather than emitted unused.
    expect(origins.map((o) => o.Id)).toEqual(['site_bucket', 'public_alb']);
    expect(origins[0]!.OriginAccessControlId).toBeDefined();
    expect(origins[1]!.OriginPath).toBeUndefined();
    const behaviours = (dist.DistributionConfig as { CacheBehaviors: Record<string, unknown>[] })
      .CacheBehaviors;
    expect(behaviours).toEqual([
      expect.objectContaining({ PathPattern: '/api/*', TargetOriginId: 'public_alb' }),
    ]);
  });

  it('serverless: inline placeholder code, VPC config with the drawn and listed subnets, REST method integration, package parameters for Java, API origin', () => {
    const t = apps.get('every-kind')!.template!;
    const fns = ofType(t, 'AWS::Lambda::Function');
    const python = fns.find((f) => f.Runtime === 'python3.13')!;
    expect((python.Code as { ZipFile: string }).ZipFile).toMatch(/^def handler\(event, context\):/);
    expect((python.VpcConfig as { SubnetIds: unknown[] }).SubnetIds).toHaveLength(2);
    const java = fns.find((f) => f.Runtime === 'java21')!;
    expect(java.Code).toEqual({
      S3Bucket: { Ref: 'ReportBuilderCodeBucket' },
      S3Key: { Ref: 'ReportBuilderCodeKey' },
    });
    expect(java.VpcConfig).toBeUndefined();
    const roles = ofType(t, 'AWS::IAM::Role').map((r) => JSON.stringify(r.ManagedPolicyArns));
    expect(roles.filter((r) => r.includes('AWSLambdaVPCAccessExecutionRole'))).toHaveLength(1);
    expect(roles.filter((r) => r.includes('AWSLambdaBasicExecutionRole'))).toHaveLength(1);
    const method = ofType(t, 'AWS::ApiGateway::Method')[0]!;
    expect(method.Integration).toMatchObject({ Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' });
    expect(
      ofType(t, 'AWS::ApiGatewayV2::Route')
        .map((r) => r.RouteKey)
        .sort(),
    ).toEqual(['ANY /orders-handler/{proxy+}', 'ANY /report-builder/{proxy+}', 'ANY /services-alb/{proxy+}']);
    expect(ofType(t, 'AWS::Lambda::Permission')).toHaveLength(3);
    const cdn = apps.get('serverless-api')!.template!;
    const origin = (
      ofType(cdn, 'AWS::CloudFront::Distribution')[0]!.DistributionConfig as {
        Origins: Record<string, unknown>[];
      }
    ).Origins[0]!;
    expect(origin).toMatchObject({ Id: 'orders_api', OriginPath: '/prod' });
    expect(JSON.stringify(origin.DomainName)).toContain('execute-api');
  });

  it('every-kind (issue 13): deletion protection and policies, replica, certificates, redirect, NAT instance, KMS, engine versions', () => {
    const t = apps.get('every-kind')!.template!;
    // biome-ignore lint/suspicious/noExplicitAny: template read loosely in assertions
    const all = Object.entries(t.Resources) as [string, any][];
    const byTag = (type: string, label: string) =>
      all.find(
        ([, r]) =>
          r.Type === type && (r.Properties?.Tags ?? []).some((x: { Value: string }) => x.Value === label),
      )?.[1];
    const db = byTag('AWS::RDS::DBInstance', 'Main DB');
    const replica = byTag('AWS::RDS::DBInstance', 'Main DB replica');
    expect([db.DeletionPolicy, db.UpdateReplacePolicy]).toEqual(['Snapshot', 'Snapshot']);
    expect(replica.DeletionPolicy).toBe('Delete');
    expect(db.Properties.DeletionProtection).toBe(true);
    expect(replica.Properties.VPCSecurityGroups).toEqual(db.Properties.VPCSecurityGroups);
    expect(replica.Properties.VPCSecurityGroups).toHaveLength(1);
    expect(db.Properties).toMatchObject({ EngineVersion: '8.0.39', AutoMinorVersionUpgrade: false });
    for (const [type, policy] of [
      ['AWS::RDS::DBCluster', 'Snapshot'],
      ['AWS::Redshift::Cluster', 'Snapshot'],
      ['AWS::ElastiCache::ReplicationGroup', 'Snapshot'],
      ['AWS::DynamoDB::Table', 'Retain'],
      ['AWS::S3::Bucket', 'Retain'],
    ] as const)
      for (const [id, r] of all.filter(([, r]) => r.Type === type))
        expect([r.DeletionPolicy, r.UpdateReplacePolicy], id).toEqual([policy, policy]);
    for (const [, r] of all.filter(([, r]) => r.Type === 'AWS::RDS::DBCluster'))
      expect(r.Properties.DeletionProtection).toBe(true);
    for (const [, r] of all.filter(([, r]) => r.Type === 'AWS::DynamoDB::Table'))
      expect(r.Properties.DeletionProtectionEnabled).toBe(true);
    // Deletion protection on each; cross-zone load balancing on the NLB that turns it on only (the
    // every-kind ALB sets it too, but an ALB is always cross-zone and takes no such attribute).
    const lbs = all.filter(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(lbs.length).toBeGreaterThan(1);
    for (const [, r] of lbs)
      expect(r.Properties.LoadBalancerAttributes).toEqual([
        { Key: 'deletion_protection.enabled', Value: 'true' },
        ...(r.Properties.Tags.some((x: { Value: string }) => x.Value === 'Internal NLB')
          ? [{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }]
          : []),
      ]);
    expect(byTag('AWS::ElasticLoadBalancingV2::LoadBalancer', 'Internal NLB').Properties.Type).toBe(
      'network',
    );
    // Certificates: two inputs, CloudFront's restricted to us-east-1.
    expect(t.Parameters?.CertificateArn).toBeUndefined();
    expect((t.Parameters!.CloudFrontCertificateArn as { AllowedPattern?: string }).AllowedPattern).toContain(
      ':acm:us-east-1:',
    );
    const listeners = all
      .filter(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener')
      .map(([, r]) => r);
    const https = listeners.find((l) => l.Properties.Protocol === 'HTTPS');
    expect(https.Properties.Certificates).toEqual([{ CertificateArn: { Ref: 'AlbCertificateArn' } }]);
    const dist = ofType(t, 'AWS::CloudFront::Distribution').find(
      (x) => (x.DistributionConfig as { Comment: string }).Comment === 'Site CDN',
    )!;
    expect((dist.DistributionConfig as { ViewerCertificate: object }).ViewerCertificate).toMatchObject({
      AcmCertificateArn: { Ref: 'CloudFrontCertificateArn' },
    });
    // Port 80 redirects to 443 on the ALB that has HTTPS.
    const http = listeners.find(
      (l) =>
        l.Properties.Protocol === 'HTTP' &&
        l.Properties.LoadBalancerArn.Ref === https.Properties.LoadBalancerArn.Ref,
    );
    expect(http.Properties.DefaultActions).toEqual([
      { Type: 'redirect', RedirectConfig: { Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' } },
    ]);
    // NAT instance: forwarding set up, check off, its own group admitting the routed subnet.
    const nat = byTag('AWS::EC2::Instance', 'NAT box');
    expect(nat.Properties.SourceDestCheck).toBe(false);
    const userData = JSON.stringify(nat.Properties.UserData);
    expect(userData).toContain('net.ipv4.ip_forward = 1');
    expect(userData).toContain('MASQUERADE');
    const natSg = all.find(
      ([, r]) => r.Type === 'AWS::EC2::SecurityGroup' && r.Properties.GroupName === 'nat-box-nat',
    )!;
    const ingress = all
      .filter(([, r]) => r.Type === 'AWS::EC2::SecurityGroupIngress')
      .map(([, r]) => r.Properties)
      .filter((p) => p.GroupId?.['Fn::GetAtt']?.[0] === natSg[0]);
    expect(ingress).toEqual([
      expect.objectContaining({
        IpProtocol: '-1',
        CidrIp: { 'Fn::GetAtt': [expect.any(String), 'CidrBlock'] },
      }),
    ]);
    // Outputs other stacks can import: VPC and subnet ids, database endpoints.
    expect(Object.keys(t.Outputs ?? {})).toEqual(
      expect.arrayContaining(['MainVpcId', 'PublicAId', 'PrivateBId', 'MainDbEndpoint', 'LedgerEndpoint']),
    );
    expect((t.Outputs!.MainVpcId as { Export?: unknown }).Export).toBeDefined();
    // SSE-KMS bucket: its own key; CloudFront may decrypt.
    const bucket = byTag('AWS::S3::Bucket', 'Site bucket');
    const sse = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
    expect(sse.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    const keyId = sse.ServerSideEncryptionByDefault.KMSMasterKeyID['Fn::GetAtt'][0];
    const statements = t.Resources[keyId]!.Properties!.KeyPolicy as { Statement: Record<string, unknown>[] };
    expect(statements.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 'kms:Decrypt',
        }),
      ]),
    );
  });

  it('every-kind: the ECS service behind the ALB waits for its listener and registers IP targets; the Auto Scaling group joins the NLB group', () => {
    // biome-ignore lint/suspicious/noExplicitAny: synthesized template, read loosely
    type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
    const resources = apps.get('every-kind')!.template!.Resources as Record<string, Resource>;
    const byType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
    const service = byType('AWS::ECS::Service').find(([, r]) => r.Properties.ServiceName === 'api')![1];
    const listener = byType('AWS::ElasticLoadBalancingV2::Listener').find(
      ([, r]) =>
        r.Properties.Port === 80 &&
        r.Properties.Protocol === 'HTTP' &&
        r.Properties.DefaultActions[0].Type === 'forward',
    )!;
    expect(service.DependsOn).toContain(listener[0]);
    const group = byType('AWS::ElasticLoadBalancingV2::TargetGroup').find(
      ([id]) => id === service.Properties.LoadBalancers[0].TargetGroupArn.Ref,
    )!;
    expect(group[1].Properties).toMatchObject({ TargetType: 'ip', Port: 8080 });
    expect(service.Properties.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('DISABLED');
    const [role] = byType('AWS::IAM::Role').filter(
      ([, r]) => !JSON.stringify(r.Properties.AssumeRolePolicyDocument).includes('lambda.amazonaws.com'),
    );
    expect(role![1].Properties.ManagedPolicyArns).toEqual([
      {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
          ],
        ],
      },
    ]);
    const asg = byType('AWS::AutoScaling::AutoScalingGroup').find(([, r]) => r.Properties.MinSize === '2')!;
    expect(asg[1].Properties).toMatchObject({ MaxSize: '6', DesiredCapacity: '3', HealthCheckType: 'ELB' });
    expect(asg[1].Properties.TargetGroupARNs).toHaveLength(1);
  });

  it('vpc-links: VPC links V2 and V1, HTTP and REST integrations through them with ConnectionType VPC_LINK and the timeout', () => {
    // biome-ignore lint/suspicious/noExplicitAny: synthesized template, read loosely
    const resources = apps.get('vpc-links')!.template!.Resources as Record<string, any>;
    const idOf = (type: string) => Object.keys(resources).filter((k) => resources[k].Type === type);
    const [link] = idOf('AWS::ApiGatewayV2::VpcLink');
    const [linkV1] = idOf('AWS::ApiGateway::VpcLink');
    const [alb, nlb] = idOf('AWS::ElasticLoadBalancingV2::LoadBalancer').filter(
      (id) => resources[id].Properties.Scheme === 'internal',
    );
    expect(resources[link!].Properties.SubnetIds).toHaveLength(2);
    const [linkGroup] = resources[link!].Properties.SecurityGroupIds;
    // The ALB's group admits the link's group on the listener port.
    const albGroup = resources[alb!].Properties.SecurityGroups[0];
    expect(
      idOf('AWS::EC2::SecurityGroupIngress')
        .map((id) => resources[id].Properties)
        .filter((p) => JSON.stringify(p.SourceSecurityGroupId) === JSON.stringify(linkGroup)),
    ).toEqual([
      expect.objectContaining({ GroupId: albGroup, IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080 }),
    ]);
    expect(resources[linkV1!].Properties.TargetArns).toEqual([{ Ref: nlb }]);
    const [integration] = idOf('AWS::ApiGatewayV2::Integration').map((id) => resources[id].Properties);
    expect(integration).toMatchObject({
      IntegrationType: 'HTTP_PROXY',
      IntegrationMethod: 'ANY',
      ConnectionType: 'VPC_LINK',
      ConnectionId: { Ref: link },
      PayloadFormatVersion: '1.0',
      TimeoutInMillis: 15000,
    });
    expect(resources[integration.IntegrationUri.Ref].Type).toBe('AWS::ElasticLoadBalancingV2::Listener');
    const methods = idOf('AWS::ApiGateway::Method').map((id) => resources[id].Properties);
    expect(methods.map((m) => m.Integration)).toEqual([
      expect.objectContaining({
        Type: 'HTTP_PROXY',
        ConnectionType: 'VPC_LINK',
        ConnectionId: { Ref: link },
        IntegrationTarget: { Ref: alb },
        RequestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
        TimeoutInMillis: 29000,
      }),
      expect.objectContaining({ ConnectionType: 'VPC_LINK', ConnectionId: { Ref: linkV1 } }),
    ]);
    expect(methods[1].Integration.IntegrationTarget).toBeUndefined();
    expect(methods[0].RequestParameters).toEqual({ 'method.request.path.proxy': true });
  });

  it('every CloudFormation type named in docs/export.md is one the every-kind board synthesizes', () => {
    const types = new Set(Object.keys(countByType(apps.get('every-kind')!.template!)));
    const named = new Set(
      MAPPING.flatMap((m) =>
        [...m.cloudformation.matchAll(/AWS::[A-Za-z0-9]+::[A-Za-z0-9]+\b(?!::)/g)].map((x) => x[0]),
      ),
    );
    expect([...named].filter((t) => !types.has(t))).toEqual([]);
  });

  it('three-tier with one NAT gateway per AZ synthesizes with no findings: two NAT gateways, each zone routed to its own', async () => {
    const board = apps.get('three-tier')!.board;
    const result = exportCdk(board, { natGateways: 'per-az' });
    const dir = writeApp(result.files);
    const t = await synth(dir, result.stackFile, result.stackClass);
    const report = JSON.parse(readFileSync(join(dir, 'cdk.out', 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((p: { violations: unknown[] }) => p.violations)).toEqual([]);
    expect(countByType(t)['AWS::EC2::NatGateway']).toBe(2);
    const natRoutes = ofType(t, 'AWS::EC2::Route').filter((r) => r.NatGatewayId);
    expect(new Set(natRoutes.map((r) => JSON.stringify(r.NatGatewayId))).size).toBe(2);
  }, 120_000);

  it('tsc catches a misspelled property in generated code', async () => {
    const app = apps.get('static-site')!;
    const stack = app.result.files[app.result.stackFile]!.replace('defaultRootObject:', 'defaultRootObjekt:');
    const dir = writeApp({ ...app.result.files, [app.result.stackFile]: stack });
    expect(await typecheck(dir)).toMatch(/defaultRootObjekt/);
  }, 120_000);
});
