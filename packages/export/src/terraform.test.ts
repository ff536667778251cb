// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform interpolations are expected as literal text here
import { type Board, TEMPLATES } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { everyKindBoard, makeBoard, segmentedTgwBoard, vpcLinkBoard } from '../test/boards.ts';
import { checkTerraform, terraformResources } from '../test/terraform-check.ts';
import { exportCdk, exportTerraform } from './index.ts';

const boards = [
  ...TEMPLATES.map((t) => [t.id, t.board()] as const),
  ['every-kind', everyKindBoard()] as const,
  ['vpc-links', vpcLinkBoard()] as const,
  ['tgw-segments', segmentedTgwBoard()] as const,
];

describe.each(boards)('Terraform for %s', (_id, board) => {
  const result = exportTerraform(board);

  it('parses, is terraform fmt-clean, uses only known types/arguments, sets required ones, and every reference resolves', async () => {
    expect(await checkTerraform(result.files)).toEqual([]);
  });

  it('is deterministic: the same board gives byte-identical files', () => {
    expect(exportTerraform(structuredClone(board))).toEqual(result);
  });

  it('has a required_providers block for hashicorp/aws and a provider in the board region', () => {
    expect(result.files['main.tf']).toMatch(
      /required_providers \{\n\s+aws = \{\n\s+source\s+= "hashicorp\/aws"/,
    );
    const region = board.nodes.find((n) => n.kind === 'vpc')?.props as { region?: string } | undefined;
    expect(result.files['variables.tf']).toContain(`default     = "${region?.region ?? 'us-east-1'}"`);
  });

  it('never writes a literal AWS id: references are expressions', () => {
    expect(result.files['main.tf']).not.toMatch(/"(vpc|subnet|sg|igw|nat|rtb|eipalloc)-[0-9a-f]{8,}"/);
  });
});

describe('Terraform content matches the board', () => {
  it('tgw-segments: one route table per segment with its association, propagations and routes; default association and propagation off on the gateway and its attachments', async () => {
    const r = exportTerraform(segmentedTgwBoard());
    const res = await terraformResources(r.files);
    expect(res.aws_ec2_transit_gateway!.hub).toMatchObject({
      default_route_table_association: 'disable',
      default_route_table_propagation: 'disable',
    });
    for (const a of Object.values(res.aws_ec2_transit_gateway_vpc_attachment!))
      expect(a).toMatchObject({
        transit_gateway_default_route_table_association: false,
        transit_gateway_default_route_table_propagation: false,
      });
    expect(Object.keys(res.aws_ec2_transit_gateway_route_table!).sort()).toEqual([
      'hub_dev',
      'hub_prod',
      'hub_shared',
    ]);
    const link = (x: { transit_gateway_attachment_id: string; transit_gateway_route_table_id: string }) => [
      /vpc_attachment\.(\w+)\.id/.exec(x.transit_gateway_attachment_id)?.[1],
      /route_table\.(\w+)\.id/.exec(x.transit_gateway_route_table_id)?.[1],
    ];
    const links = (type: string) =>
      Object.values(res[type]!)
        .map((x) => link(x as Parameters<typeof link>[0]))
        .sort((a, b) => `${a}`.localeCompare(`${b}`));
    expect(links('aws_ec2_transit_gateway_route_table_association')).toEqual([
      ['hub_dev_vpc', 'hub_dev'],
      ['hub_prod_vpc', 'hub_prod'],
      ['hub_shared_services_vpc', 'hub_shared'],
    ]);
    expect(links('aws_ec2_transit_gateway_route_table_propagation')).toEqual([
      ['hub_dev_vpc', 'hub_shared'],
      ['hub_prod_vpc', 'hub_shared'],
      ['hub_shared_services_vpc', 'hub_dev'],
      ['hub_shared_services_vpc', 'hub_prod'],
    ]);
    expect(res.aws_ec2_transit_gateway_route).toEqual({
      hub_shared_route_1: {
        destination_cidr_block: '10.99.0.0/16',
        blackhole: true,
        transit_gateway_route_table_id: '${aws_ec2_transit_gateway_route_table.hub_shared.id}',
      },
    });
    expect(r.warnings).toEqual([]);
  });

  it("tgw-segments: a VPC no table lists uses the gateway's own table while default association is on, and no table when it is off", async () => {
    const board = segmentedTgwBoard();
    const tgw = board.nodes.find((n) => n.id === 'tgw')!;
    const props = tgw.props as { routeTables: { associations: string[] }[] };
    props.routeTables[2]!.associations = [];
    const on = await terraformResources(exportTerraform(board).files);
    expect(Object.keys(on.aws_ec2_transit_gateway_route_table!).sort()).toEqual([
      'hub_dev',
      'hub_prod',
      'hub_routes',
      'hub_shared',
    ]);
    expect(on.aws_ec2_transit_gateway_route_table_association!.hub_shared_services_vpc).toMatchObject({
      transit_gateway_route_table_id: '${aws_ec2_transit_gateway_route_table.hub_routes.id}',
    });
    // Default propagation on: every attachment propagates into the gateway's own table.
    expect(
      Object.values(on.aws_ec2_transit_gateway_route_table_propagation!).filter((p) =>
        (p as { transit_gateway_route_table_id: string }).transit_gateway_route_table_id.includes(
          'hub_routes',
        ),
      ).length,
    ).toBe(3);
    (tgw.props as Record<string, unknown>).defaultRouteTableAssociation = false;
    const off = await terraformResources(exportTerraform(board).files);
    expect(Object.keys(off.aws_ec2_transit_gateway_route_table!).sort()).toEqual([
      'hub_dev',
      'hub_prod',
      'hub_shared',
    ]);
    expect(Object.keys(off.aws_ec2_transit_gateway_route_table_association!).sort()).toEqual([
      'hub_dev_vpc',
      'hub_prod_vpc',
    ]);
  });

  it('transit gateway without route tables: the same resources as before they existed', async () => {
    const board = segmentedTgwBoard();
    (board.nodes.find((n) => n.id === 'tgw')!.props as Record<string, unknown>).routeTables = undefined;
    const res = await terraformResources(exportTerraform(board).files);
    expect(res.aws_ec2_transit_gateway!.hub).toMatchObject({
      default_route_table_association: 'enable',
      default_route_table_propagation: 'enable',
    });
    expect(res.aws_ec2_transit_gateway_route_table).toBeUndefined();
    expect(res.aws_ec2_transit_gateway_route_table_association).toBeUndefined();
  });

  it('vpc-links: HTTP API → internal ALB through a VPC link V2 in its subnets with a group its group admits; REST API → the same link (integration target); REST API → NLB through a VPC link V1; the integration timeout', async () => {
    const r = exportTerraform(vpcLinkBoard());
    const res = await terraformResources(r.files);
    expect(res.aws_apigatewayv2_vpc_link!.orders_alb).toMatchObject({
      subnet_ids: ['${aws_subnet.private_a.id}', '${aws_subnet.private_b.id}'],
      security_group_ids: ['${aws_security_group.orders_alb_vpc_link.id}'],
    });
    expect(res.aws_security_group!.orders_alb_vpc_link!.vpc_id).toBe('${aws_vpc.vpc.id}');
    // The link's group reaches the ALB's group on the listener port, which admits it.
    expect(res.aws_vpc_security_group_egress_rule!.orders_alb_vpc_link_to_alb_sg).toMatchObject({
      security_group_id: '${aws_security_group.orders_alb_vpc_link.id}',
      referenced_security_group_id: '${aws_security_group.alb_sg.id}',
      from_port: 8080,
      to_port: 8080,
    });
    expect(res.aws_vpc_security_group_ingress_rule!.alb_sg_from_orders_alb_vpc_link).toMatchObject({
      security_group_id: '${aws_security_group.alb_sg.id}',
      referenced_security_group_id: '${aws_security_group.orders_alb_vpc_link.id}',
      ip_protocol: 'tcp',
      from_port: 8080,
    });
    expect(res.aws_apigatewayv2_integration!.orders_http_api_orders_alb).toEqual({
      api_id: '${aws_apigatewayv2_api.orders_http_api.id}',
      integration_type: 'HTTP_PROXY',
      integration_method: 'ANY',
      integration_uri: '${aws_lb_listener.orders_alb_http_8080.arn}',
      connection_type: 'VPC_LINK',
      connection_id: '${aws_apigatewayv2_vpc_link.orders_alb.id}',
      payload_format_version: '1.0',
      timeout_milliseconds: 15000,
    });
    expect(res.aws_apigatewayv2_route!.orders_http_api_orders_alb!.route_key).toBe('$default');
    expect(res.aws_api_gateway_integration!.orders_rest_api_orders_alb).toMatchObject({
      type: 'HTTP_PROXY',
      integration_http_method: 'ANY',
      uri: 'http://${aws_lb.orders_alb.dns_name}:8080/{proxy}',
      connection_type: 'VPC_LINK',
      connection_id: '${aws_apigatewayv2_vpc_link.orders_alb.id}',
      integration_target: '${aws_lb.orders_alb.arn}',
      request_parameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
      timeout_milliseconds: 29000,
    });
    expect(res.aws_api_gateway_method!.orders_rest_api_orders_alb!.request_parameters).toEqual({
      'method.request.path.proxy': true,
    });
    expect(res.aws_api_gateway_vpc_link!.stock_nlb!.target_arns).toEqual(['${aws_lb.stock_nlb.arn}']);
    expect(res.aws_api_gateway_integration!.stock_rest_api_stock_nlb).toMatchObject({
      type: 'HTTP_PROXY',
      connection_type: 'VPC_LINK',
      connection_id: '${aws_api_gateway_vpc_link.stock_nlb.id}',
      uri: 'http://${aws_lb.stock_nlb.dns_name}:80/{proxy}',
    });
    expect(res.aws_api_gateway_integration!.stock_rest_api_stock_nlb).not.toHaveProperty(
      'integration_target',
    );
    expect(Object.keys(res.aws_api_gateway_deployment!).sort()).toEqual([
      'orders_rest_api',
      'stock_rest_api',
    ]);
    // Notes only for what cannot be exported: the internet-facing ALB and the VPC link V1 to an ALB.
    expect(r.warnings.filter((w) => /VPC link|load balancer/.test(w))).toEqual([
      expect.stringMatching(/^Orders HTTP API .* → Public ALB .*internet-facing/),
      expect.stringMatching(
        /^Stock REST API .* → Orders ALB .*VPC link V1 reaches only Network Load Balancers/,
      ),
    ]);
  });

  it('vpc-links: a load balancer whose forwarding listener is HTTPS is reached with TLS (https URI, a note on its certificate); one with no forwarding listener is left out with a note', async () => {
    const board = vpcLinkBoard();
    const props = (id: string) => board.nodes.find((n) => n.id === id)!.props as { listeners: unknown[] };
    props('alb').listeners = [
      { protocol: 'HTTP', port: 80 },
      { protocol: 'HTTPS', port: 443 },
    ];
    props('nlb').listeners = [];
    const r = exportTerraform(board);
    const res = await terraformResources(r.files);
    // Port 80 redirects to HTTPS: the API goes to the HTTPS listener.
    expect(res.aws_apigatewayv2_integration!.orders_http_api_orders_alb!.integration_uri).toBe(
      '${aws_lb_listener.orders_alb_https_443.arn}',
    );
    expect(res.aws_api_gateway_integration!.orders_rest_api_orders_alb!.uri).toBe(
      'https://${aws_lb.orders_alb.dns_name}:443/{proxy}',
    );
    expect(r.warnings).toContainEqual(
      expect.stringMatching(/HTTPS listener on port 443 and verifies its certificate/),
    );
    expect(res.aws_api_gateway_vpc_link).toBeUndefined();
    expect(r.warnings).toContainEqual(
      expect.stringMatching(/^Stock REST API .* → Stock NLB .*no listener forwarding/),
    );
    expect(await checkTerraform(r.files)).toEqual([]);
  });

  it('integration timeouts: every integration, Lambda ones too; an HTTP API waits at most 30 s', async () => {
    const board = TEMPLATES.find((t) => t.id === 'serverless-api')!.board();
    const api = board.nodes.find((n) => n.kind === 'api-gateway')!;
    (api.props as { integrationTimeoutMs?: number }).integrationTimeoutMs = 45000;
    const r = exportTerraform(board);
    const res = await terraformResources(r.files);
    expect(
      Object.values(res.aws_apigatewayv2_integration!).map((i) => [
        i.integration_type,
        i.timeout_milliseconds,
      ]),
    ).toEqual([['AWS_PROXY', 30000]]);
    expect(r.warnings).toContainEqual(expect.stringMatching(/at most 30 s.*30000 ms instead of 45000 ms/));
  });

  it('serverless-api: the function in both private subnets with its group, the VPC access role, one $default route, the invoke permission, the API as CloudFront origin', async () => {
    const r = exportTerraform(TEMPLATES.find((t) => t.id === 'serverless-api')!.board());
    const res = await terraformResources(r.files);
    expect(res.aws_lambda_function!.orders_handler).toMatchObject({
      runtime: 'nodejs22.x',
      memory_size: 512,
      timeout: 10,
      filename: '${data.archive_file.orders_handler_code.output_path}',
      vpc_config: [
        {
          subnet_ids: ['${aws_subnet.private_a.id}', '${aws_subnet.private_b.id}'],
          security_group_ids: ['${aws_security_group.sg_function.id}'],
        },
      ],
    });
    expect(res.aws_iam_role_policy_attachment!.orders_handler_role!.policy_arn).toContain(
      'AWSLambdaVPCAccessExecutionRole',
    );
    expect(res.aws_apigatewayv2_route!.orders_api_orders_handler!.route_key).toBe('$default');
    expect(res.aws_lambda_permission!.orders_api_orders_handler).toMatchObject({
      principal: 'apigateway.amazonaws.com',
      source_arn: '${aws_apigatewayv2_api.orders_api.execution_arn}/*',
    });
    const origin = (res.aws_cloudfront_distribution!.cdn!.origin as Record<string, unknown>[])[0]!;
    expect(origin).toMatchObject({
      origin_path: '/prod',
      domain_name: '${aws_apigatewayv2_api.orders_api.id}.execute-api.${var.region}.amazonaws.com',
    });
    expect(r.files['main.tf']).toMatch(/archive = \{\n\s+source\s+= "hashicorp\/archive"/);
  });

  it('three-tier: subnets, AZs, route tables shared by identical routes, NAT EIP, DB subnet group, SG references', async () => {
    const r = exportTerraform(TEMPLATES.find((t) => t.id === 'three-tier')!.board());
    const res = await terraformResources(r.files);
    expect(Object.keys(res.aws_subnet!).sort()).toEqual(['private_a', 'private_b', 'public_a', 'public_b']);
    // Zones by rank in var.region (the board's us-east-1a, us-east-1b): never a hard-coded name.
    expect(res.aws_subnet!.public_a).toMatchObject({
      cidr_block: '10.0.0.0/24',
      availability_zone: '${data.aws_availability_zones.available.names[0]}',
    });
    expect(res.aws_subnet!.private_b).toMatchObject({
      cidr_block: '10.0.11.0/24',
      availability_zone: '${data.aws_availability_zones.available.names[1]}',
    });
    expect(Object.keys(res.aws_route_table!).sort()).toEqual(['via_internet_gateway', 'via_nat_gateway']);
    expect(Object.keys(res.aws_route_table_association!)).toHaveLength(4);
    expect(res.aws_nat_gateway!.nat_gateway!.allocation_id).toBe('${aws_eip.nat_eip.id}');
    expect(res.aws_db_subnet_group!.orders_db!.subnet_ids).toEqual([
      '${aws_subnet.private_a.id}',
      '${aws_subnet.private_b.id}',
    ]);
    expect(res.aws_db_instance!.orders_db).toMatchObject({
      multi_az: true,
      backup_retention_period: 7,
      engine: 'postgres',
    });
    expect(res.aws_vpc_security_group_ingress_rule!.app_sg_ingress_1!.referenced_security_group_id).toBe(
      '${aws_security_group.alb_sg.id}',
    );
    expect(res.aws_sqs_queue!.orders_queue!.visibility_timeout_seconds).toBe(60);
    expect(res.aws_sqs_queue!.orders_queue!.redrive_policy).toContain('aws_sqs_queue.orders_dlq.arn');
    expect(res.aws_instance!.app_a!.count).toBe(2);
    expect(res.aws_cloudfront_origin_access_control).toBeDefined();
    // TTLs set on the board: a cache policy carrying them (forwarded_values is deprecated).
    expect((res.aws_cloudfront_distribution!.cdn!.default_cache_behavior as object[])[0]).toMatchObject({
      cache_policy_id: '${aws_cloudfront_cache_policy.cdn.id}',
    });
    expect((res.aws_cloudfront_distribution!.cdn!.default_cache_behavior as object[])[0]).not.toHaveProperty(
      'forwarded_values',
    );
    expect(res.aws_cloudfront_cache_policy!.cdn).toMatchObject({
      min_ttl: 0,
      default_ttl: 86400,
      max_ttl: 31536000,
    });
  });

  it('every kind: peering routes on both sides, NACL rules in rule-number order, implicit EIP, Aurora instances, DynamoDB indexes', async () => {
    const r = exportTerraform(everyKindBoard());
    const main = r.files['main.tf']!;
    const res = await terraformResources(r.files);
    // Peering: a route to the peer CIDR in the main VPC's tables and one back in the peer's.
    const tables = Object.values(res.aws_route_table!);
    const peerRoutes = tables
      .flatMap((t) => (t.route as { cidr_block: string; vpc_peering_connection_id?: string }[]) ?? [])
      .filter((x) => x.vpc_peering_connection_id);
    expect(peerRoutes.some((x) => x.cidr_block === '10.2.0.0/16')).toBe(true);
    expect(peerRoutes.some((x) => x.cidr_block === '10.1.0.0/16')).toBe(true);
    expect(res.aws_vpc_peering_connection!.main_vpc_to_peer_vpc).toMatchObject({ auto_accept: true });
    // NACL rules emitted lowest number first.
    const order = [...main.matchAll(/resource "aws_network_acl_rule" "private_acl_in_(\d+)"/g)].map((m) =>
      Number(m[1]),
    );
    expect(order).toEqual([100, 110, 200]);
    expect(res.aws_network_acl_rule!.private_acl_in_200).toMatchObject({
      protocol: '-1',
      rule_action: 'deny',
    });
    expect(res.aws_network_acl_rule!.default_acl_in_50!.network_acl_id).toBe(
      '${aws_vpc.main_vpc.default_network_acl_id}',
    );
    // The public NAT gateway without a drawn EIP gets one.
    expect(res.aws_eip!.nat_b_eip).toBeDefined();
    expect(res.aws_nat_gateway!.nat_b!.allocation_id).toBe('${aws_eip.nat_b_eip.id}');
    // Aurora: cluster + one instance per row, AZ from the row's subnet.
    expect(Object.keys(res.aws_rds_cluster_instance!).sort()).toEqual(['ledger_reader_1', 'ledger_writer']);
    expect(res.aws_rds_cluster_instance!.ledger_reader_1).toMatchObject({
      availability_zone: '${data.aws_availability_zones.available.names[1]}',
      promotion_tier: 1,
    });
    // DynamoDB.
    const t = res.aws_dynamodb_table!.orders_table!;
    expect(t).toMatchObject({
      name: 'orders',
      hash_key: 'pk',
      range_key: 'sk',
      billing_mode: 'PROVISIONED',
      read_capacity: 10,
      write_capacity: 20,
    });
    expect(t.attribute).toHaveLength(4);
    expect(t.global_secondary_index).toEqual([
      expect.objectContaining({ name: 'byCustomer', projection_type: 'KEYS_ONLY', read_capacity: 10 }),
    ]);
    expect(t.local_secondary_index).toEqual([
      expect.objectContaining({ name: 'byStatus', range_key: 'status' }),
    ]);
    // Read replica, FIFO names, memcached vs replication group, redshift single node.
    expect(res.aws_db_instance!.main_db_replica!.replicate_source_db).toBe(
      '${aws_db_instance.main_db.identifier}',
    );
    expect(res.aws_sqs_queue!.jobs).toMatchObject({ name: 'jobs.fifo', fifo_queue: true });
    expect(res.aws_elasticache_cluster!.page_cache).toMatchObject({
      engine: 'memcached',
      num_cache_nodes: 2,
    });
    expect(res.aws_elasticache_replication_group!.sessions_cache).toMatchObject({
      engine: 'valkey',
      replicas_per_node_group: 1,
    });
    expect(res.aws_redshift_cluster!.small_warehouse).toMatchObject({ cluster_type: 'single-node' });
    expect(res.aws_sns_topic_subscription!.events_topic_to_events).toMatchObject({ protocol: 'sqs' });
    // Deny rules cannot be expressed in a security group: left out with a note.
    expect(r.warnings.join('\n')).toMatch(/denies traffic/);
    expect(main).toMatch(
      /# Export notes:\n(# {3}- .*\n)*# {3}- web \(security-group\): ingress rule 2 denies traffic/,
    );
  });

  it('a network ACL outside a VPC is left out of both outputs with one note (the plan decides once)', async () => {
    const board = makeBoard(
      'stray acl',
      [
        {
          id: 'acl',
          kind: 'network-acl',
          label: 'Stray',
          props: { inbound: [{ ruleNumber: 100, protocol: 'tcp', cidr: '0.0.0.0/0', action: 'allow' }] },
        },
      ],
      [],
    );
    const tf = exportTerraform(board);
    expect(await checkTerraform(tf.files)).toEqual([]);
    expect(tf.files['main.tf']).not.toMatch(/aws_network_acl/);
    const cdk = exportCdk(board);
    expect(cdk.files[cdk.stackFile]).not.toMatch(/CfnNetworkAcl/);
    for (const r of [tf, cdk])
      expect(
        r.warnings.filter((w) => /Stray \(network-acl\) is not inside a VPC; not exported/.test(w)),
      ).toHaveLength(1);
  });

  it('an instance in a subnet outside any VPC gets no subnet (the subnet is not exported), in both outputs', async () => {
    const board = makeBoard(
      'stray instance',
      [
        { id: 'loose', kind: 'subnet', label: 'Loose', props: { cidr: '10.5.0.0/24' } },
        { id: 'app', kind: 'ec2-instance', label: 'App', parentId: 'loose' },
      ],
      [],
    );
    const tf = exportTerraform(board);
    // Before the plan, Terraform wrote subnet_id = aws_subnet.loose.id for a subnet it never wrote.
    expect(await checkTerraform(tf.files)).toEqual([]);
    expect((await terraformResources(tf.files)).aws_instance!.app!.subnet_id).toBeUndefined();
    const cdk = exportCdk(board);
    expect(cdk.files[cdk.stackFile]).not.toMatch(/subnetId/);
  });

  it('both outputs note a custom origin without a domain and a VPC origin (decided once, in the plan)', () => {
    const board = makeBoard(
      'origins',
      [
        { id: 'cdn', kind: 'cloudfront-distribution', label: 'CDN' },
        { id: 'api', kind: 'custom-origin', label: 'API' },
      ],
      [{ id: 'o', kind: 'origin', source: 'cdn', target: 'api', props: { vpcOrigin: true } }],
    );
    for (const r of [exportTerraform(board), exportCdk(board)]) {
      expect(r.warnings.filter((w) => /API \(custom-origin\) has no domain/.test(w))).toHaveLength(1);
      expect(
        r.warnings.filter((w) => /VPC origins are exported as public custom origins/.test(w)),
      ).toHaveLength(1);
    }
  });

  it('every kind: an ECS service behind a load balancer (IP targets, load_balancer block, waits for the listener) and an Auto Scaling group in its target group', async () => {
    const tf = await terraformResources(exportTerraform(everyKindBoard()).files);
    expect(tf.aws_lb_target_group!.services_alb).toMatchObject({ target_type: 'ip', port: 8080 });
    expect(tf.aws_lb_target_group!.internal_nlb).toMatchObject({ target_type: 'instance', port: 6379 });
    const api = tf.aws_ecs_service!.api!;
    expect(api).toMatchObject({
      cluster: '${aws_ecs_cluster.apps.id}',
      launch_type: 'FARGATE',
      desired_count: 2,
      depends_on: ['${aws_lb_listener.services_alb_http_80}'],
    });
    expect(api.load_balancer).toEqual([
      {
        target_group_arn: '${aws_lb_target_group.services_alb.arn}',
        container_name: 'api',
        container_port: 8080,
      },
    ]);
    expect(tf.aws_ecs_task_definition!.api).toMatchObject({
      cpu: '512',
      memory: '1024',
      network_mode: 'awsvpc',
      requires_compatibilities: ['FARGATE'],
    });
    // One execution role for the board (besides one per Lambda function); a service without a
    // cluster name gets a cluster of its own.
    expect(Object.keys(tf.aws_iam_role!)).toEqual([
      'ecs_task_execution',
      'orders_handler_role',
      'report_builder_role',
    ]);
    expect(Object.keys(tf.aws_ecs_cluster!)).toEqual(['apps', 'worker']);
    expect(tf.aws_autoscaling_group!.cache_proxies).toMatchObject({
      min_size: 2,
      desired_capacity: 3,
      max_size: 6,
      target_group_arns: ['${aws_lb_target_group.internal_nlb.arn}'],
      vpc_zone_identifier: ['${aws_subnet.private_a.id}', '${aws_subnet.private_b.id}'],
      health_check_type: 'ELB',
    });
    // Only EC2 instances get attachments: ECS services and Auto Scaling groups register themselves.
    const attached = Object.values(tf.aws_lb_target_group_attachment!).map((a) => String(a.target_id));
    expect(attached).toHaveLength(2);
    for (const t of attached) expect(t).toMatch(/^\$\{aws_instance\./);
  });

  it('cross-zone load balancing: set on an NLB that turns it on; left out for an NLB that does not and for an ALB (always cross-zone), in both outputs', async () => {
    const lbs = async (board: Board) => (await terraformResources(exportTerraform(board).files)).aws_lb!;
    const every = await lbs(everyKindBoard());
    expect(every.internal_nlb).toMatchObject({
      load_balancer_type: 'network',
      enable_cross_zone_load_balancing: true,
    });
    expect(every.public_alb!.load_balancer_type).toBe('application');
    expect(every.public_alb).not.toHaveProperty('enable_cross_zone_load_balancing');
    const links = await lbs(vpcLinkBoard());
    expect(links.stock_nlb!.load_balancer_type).toBe('network');
    expect(links.stock_nlb).not.toHaveProperty('enable_cross_zone_load_balancing');
    // CDK: the load balancer attribute, on the NLB only.
    const cdk = exportCdk(everyKindBoard());
    expect(cdk.files[cdk.stackFile]!.match(/load_balancing\.cross_zone\.enabled/g)).toHaveLength(1);
  });

  it('a load balancer leading to an ECS service and an instance registers one type of target and says so, in both outputs', async () => {
    const board = makeBoard(
      'mixed targets',
      [
        { id: 'v', kind: 'vpc', label: 'V', props: { cidr: '10.0.0.0/16' } },
        { id: 's', kind: 'subnet', label: 'S', parentId: 'v', props: { cidr: '10.0.1.0/24' } },
        {
          id: 'lb',
          kind: 'load-balancer',
          label: 'LB',
          parentId: 's',
          props: { type: 'network', scheme: 'internal', listeners: [{ protocol: 'TCP', port: 80 }] },
        },
        { id: 'svc', kind: 'ecs-service', label: 'Svc', parentId: 's' },
        { id: 'vm', kind: 'ec2-instance', label: 'VM', parentId: 's' },
      ],
      [
        { id: 't1', kind: 'traffic', source: 'lb', target: 'svc' },
        { id: 't2', kind: 'traffic', source: 'lb', target: 'vm', props: { port: 80 } },
      ],
    );
    const tf = exportTerraform(board);
    expect(await checkTerraform(tf.files)).toEqual([]);
    const res = await terraformResources(tf.files);
    expect(res.aws_lb_target_group!.lb).toMatchObject({ target_type: 'ip', port: 80 });
    expect(res.aws_lb_target_group_attachment).toBeUndefined();
    for (const r of [tf, exportCdk(board)])
      expect(
        r.warnings.filter((w) =>
          /holds either instances or IP addresses.*VM \(ec2-instance\) not registered/.test(w),
        ),
      ).toHaveLength(1);
  });

  it('names come from labels: sanitized and unique', async () => {
    const board = makeBoard(
      'names',
      [
        { id: 'a', kind: 'sqs-queue', label: 'Orders queue!' },
        { id: 'b', kind: 'sqs-queue', label: 'orders-queue' },
        { id: 'c', kind: 'sqs-queue', label: '1st queue' },
        { id: 'd', kind: 'sqs-queue', label: 'Ünïcode "quoted" ${x}' },
        { id: 'e', kind: 'sqs-queue', label: '' },
      ],
      [],
    );
    const r = exportTerraform(board);
    expect(await checkTerraform(r.files)).toEqual([]);
    const res = await terraformResources(r.files);
    expect(Object.keys(res.aws_sqs_queue!).sort()).toEqual([
      'orders_queue',
      'orders_queue_2',
      'queue',
      'queue_1st_queue',
      'unicode_quoted_x',
    ]);
    expect(res.aws_sqs_queue!.unicode_quoted_x!.tags).toEqual({ Name: 'Ünïcode "quoted" $${x}' });
  });

  it('a subnet without a CIDR becomes an input variable; unset properties get documented defaults', async () => {
    const board = makeBoard(
      'defaults',
      [
        { id: 'v', kind: 'vpc', label: 'v' },
        { id: 's', kind: 'subnet', label: 'app', parentId: 'v' },
        { id: 'q', kind: 'sqs-queue', label: 'q' },
        { id: 'cdn', kind: 'cloudfront-distribution', label: 'cdn' },
        { id: 'b', kind: 's3-bucket', label: 'b' },
      ],
      [{ id: 'o', kind: 'origin', source: 'cdn', target: 'b' }],
    );
    const r = exportTerraform(board);
    expect(await checkTerraform(r.files)).toEqual([]);
    const res = await terraformResources(r.files);
    expect(res.aws_vpc!.v).toMatchObject({
      cidr_block: '10.0.0.0/16',
      enable_dns_support: true,
      instance_tenancy: 'default',
    });
    expect(res.aws_subnet!.app!.cidr_block).toBe('${var.app_cidr}');
    expect(r.files['variables.tf']).toContain('variable "app_cidr"');
    expect(res.aws_sqs_queue!.q).toMatchObject({
      visibility_timeout_seconds: 30,
      message_retention_seconds: 345600,
      max_message_size: 262144,
    });
    expect((res.aws_cloudfront_distribution!.cdn!.default_cache_behavior as object[])[0]).toMatchObject({
      cache_policy_id: '658327ea-f89d-4fab-a63d-7e88639e58f6',
      viewer_protocol_policy: 'redirect-to-https',
    });
  });

  it('a board with validator errors still exports, opening with a comment that lists them', async () => {
    const board = TEMPLATES[0]!.board();
    const r = exportTerraform(board, {
      diagnostics: [
        {
          ruleId: 'SUBNET_OVERLAP',
          severity: 'error',
          message: 'Public A overlaps Public B',
          nodeIds: ['public_a', 'public_b'],
        },
        { ruleId: 'X_INFO', severity: 'info', message: 'just info', nodeIds: [] },
      ],
    });
    const main = r.files['main.tf']!;
    expect(main.split('\n').slice(0, 4).join('\n')).toMatch(
      /^# Terraform for .*\n# WARNING: this board has 1 validator error.*\n# {3}SUBNET_OVERLAP: Public A overlaps Public B \[public_a, public_b\]/,
    );
    expect(main).not.toContain('X_INFO');
    expect(await checkTerraform(r.files)).toEqual([]);
  });

  it('odd boards still export valid code: DLQ loop, route to an unpeered VPC, dangling references, things outside VPCs', async () => {
    const board = makeBoard(
      'odd',
      [
        { id: 'a', kind: 'sqs-queue', label: 'A' },
        { id: 'b', kind: 'sqs-queue', label: 'B' },
        { id: 'v1', kind: 'vpc', label: 'One' },
        { id: 'v2', kind: 'vpc', label: 'Two', props: { cidr: '10.9.0.0/16', region: 'eu-west-2' } },
        { id: 's', kind: 'subnet', label: 'S', parentId: 'v1', props: { cidr: '10.0.0.0/24' } },
        { id: 'loose', kind: 'subnet', label: 'Loose', props: { cidr: '10.5.0.0/24' } },
        { id: 'igw', kind: 'internet-gateway', label: 'Loose IGW' },
        { id: 'nat', kind: 'nat-gateway', label: 'Loose NAT' },
        {
          id: 'sg',
          kind: 'security-group',
          label: 'sg',
          parentId: 'v1',
          props: {
            ingress: [{ protocol: 'tcp', fromPort: 1, sourceSecurityGroupId: 'sg' }, { protocol: 'udp' }],
          },
        },
        { id: 'db', kind: 'rds-instance', label: 'Lonely DB', props: { subnetGroupSubnetIds: ['s'] } },
        {
          id: 'au',
          kind: 'aurora-cluster',
          label: 'Au',
          parentId: 's',
          props: { instances: [{ name: 'w', role: 'writer', subnetId: 's' }] },
        },
        { id: 'cdn', kind: 'cloudfront-distribution', label: 'No origin' },
        {
          id: 'alb',
          kind: 'load-balancer',
          label: 'ALB',
          parentId: 's',
          props: { listeners: [{ protocol: 'HTTP', port: 80 }] },
        },
      ],
      [
        { id: 'd1', kind: 'dead-letter', source: 'a', target: 'b' },
        { id: 'd2', kind: 'dead-letter', source: 'b', target: 'a' },
        { id: 'r', kind: 'route', source: 's', target: 'v2' },
        { id: 'r2', kind: 'route', source: 'loose', target: 'igw' },
      ],
    );
    // References to nodes that are gone (a half-applied edit; import would reject them).
    for (const n of board.nodes) {
      const p = n.props as Record<string, unknown>;
      if (n.id === 'sg')
        (p.ingress as { sourceSecurityGroupId?: string }[])[0]!.sourceSecurityGroupId = 'gone';
      if (n.id === 'db') p.subnetGroupSubnetIds = ['gone'];
      if (n.id === 'au') (p.instances as { subnetId?: string }[])[0]!.subnetId = 'gone';
    }
    const tf = exportTerraform(board);
    expect(await checkTerraform(tf.files)).toEqual([]);
    const notes = tf.warnings.join('\n');
    expect(notes).toMatch(/leads back to it/);
    expect(notes).toMatch(/draw a peering edge/);
    expect(notes).toMatch(/several regions/);
    expect(notes).toMatch(/Loose \(subnet\) is not inside a VPC/);
    expect(notes).toMatch(/No origin \(cloudfront-distribution\) has no origin/);
    expect(notes).toMatch(/needs subnets in at least two AZs/);
    const res = await terraformResources(tf.files);
    expect(Object.values(res.aws_sqs_queue!).filter((q) => q.redrive_policy)).toHaveLength(1);
    const cdk = exportCdk(board);
    expect(cdk.files[cdk.stackFile]).toContain('redrivePolicy');
  });

  it('the checker itself catches unknown arguments, missing required ones, dangling references and bad formatting', async () => {
    const r = exportTerraform(TEMPLATES[0]!.board());
    const main = r.files['main.tf']!;
    const broken = main
      .replace('  enable_dns_support   = true\n', '  enable_dns_suport    = true\n')
      .replace('aws_eip.nat_eip.id', 'aws_eip.missing.id')
      .replace('  load_balancer_arn = aws_lb.web_alb.arn\n  port              = 80\n', '  port = 80\n');
    const problems = await checkTerraform({ ...r.files, 'main.tf': broken });
    expect(problems.join('\n')).toMatch(/unknown argument or block "enable_dns_suport"/);
    expect(problems.join('\n')).toMatch(/aws_eip.missing is not declared/);
    expect(problems.join('\n')).toMatch(/required argument "load_balancer_arn" missing/);
    expect(await checkTerraform({ 'main.tf': main })).toEqual(
      expect.arrayContaining([expect.stringMatching(/variable region is not declared/)]),
    );
  });
});
