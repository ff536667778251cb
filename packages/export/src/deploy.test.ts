// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform interpolations are expected as literal text here
/**
 * Issue 13: what a senior engineer's review found would stop the Terraform from deploying, each
 * asserted on the generated output (the CDK side is asserted on the synthesized template in
 * cdk.test.ts and through the pinned CLI in cdk-cli.test.ts).
 */
import { parse } from '@cdktf/hcl2json';
import { TEMPLATES } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { everyKindBoard, makeBoard } from '../test/boards.ts';
import { checkTerraform, terraformResources } from '../test/terraform-check.ts';
import { exportCdk, exportTerraform } from './index.ts';

const boards = [
  ...TEMPLATES.map((t) => [t.id, t.board()] as const),
  ['every-kind', everyKindBoard()] as const,
];
// biome-ignore lint/suspicious/noExplicitAny: parsed HCL, read loosely in assertions
type Any = any;
const every = exportTerraform(everyKindBoard());

describe('Terraform that deploys (issue 13)', () => {
  it.each(boards.map(([id]) => id))('%s: no availability zone name is hard-coded', async (id) => {
    const r = exportTerraform(boards.find(([b]) => b === id)![1]);
    expect(r.files['main.tf']).not.toMatch(/"[a-z]{2}-[a-z]+-\d[a-z]"/);
    const res = await terraformResources(r.files);
    for (const s of Object.values(res.aws_subnet ?? {}))
      if (s.availability_zone)
        expect(s.availability_zone).toMatch(/^\$\{data\.aws_availability_zones\.available\.names\[\d\]\}$/);
  });

  it('zones map by rank: the board zones a/b become the region’s first and second zones', async () => {
    const res = await terraformResources(every.files);
    expect(res.aws_subnet!.public_a!.availability_zone).toBe(
      '${data.aws_availability_zones.available.names[0]}',
    );
    expect(res.aws_subnet!.public_b!.availability_zone).toBe(
      '${data.aws_availability_zones.available.names[1]}',
    );
    expect(res.aws_subnet!.peer_subnet!.availability_zone).toBe(
      '${data.aws_availability_zones.available.names[2]}',
    );
    const data = (await parse('main.tf', every.files['main.tf']!)) as Any;
    expect(data.data.aws_availability_zones.available[0].state).toBe('available');
  });

  it('the ALB and CloudFront certificates are distinct inputs; CloudFront’s must be in us-east-1', async () => {
    const res = await terraformResources(every.files);
    expect(res.aws_lb_listener!.public_alb_https_443!.certificate_arn).toBe('${var.alb_certificate_arn}');
    const cert = (res.aws_cloudfront_distribution!.site_cdn!.viewer_certificate as Any[])[0];
    expect(cert.acm_certificate_arn).toBe('${var.cloudfront_certificate_arn}');
    const vars = ((await parse('variables.tf', every.files['variables.tf']!)) as Any).variable;
    expect(vars.certificate_arn).toBeUndefined();
    expect(vars.cloudfront_certificate_arn[0].validation[0].condition).toContain(':acm:us-east-1:');
    // Given as options, they become the defaults.
    const given = exportTerraform(everyKindBoard(), {
      albCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/alb',
      cloudfrontCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/cf',
    });
    const gv = ((await parse('variables.tf', given.files['variables.tf']!)) as Any).variable;
    expect(gv.alb_certificate_arn[0].default).toBe('arn:aws:acm:eu-west-1:123456789012:certificate/alb');
    expect(gv.cloudfront_certificate_arn[0].default).toBe(
      'arn:aws:acm:us-east-1:123456789012:certificate/cf',
    );
  });

  it('a read replica skips the final snapshot and uses its source’s security groups; final snapshot names are unique per lifetime', async () => {
    const res = await terraformResources(every.files);
    const replica = res.aws_db_instance!.main_db_replica!;
    expect(replica.skip_final_snapshot).toBe(true);
    expect(replica.final_snapshot_identifier).toBeUndefined();
    expect(replica.vpc_security_group_ids).toEqual(res.aws_db_instance!.main_db!.vpc_security_group_ids);
    expect(replica.vpc_security_group_ids).toEqual(['${aws_security_group.data.id}']);
    for (const [type, n] of [
      ['aws_db_instance', 'main_db'],
      ['aws_rds_cluster', 'ledger'],
      ['aws_redshift_cluster', 'warehouse'],
      ['aws_elasticache_replication_group', 'sessions_cache'],
    ] as const)
      expect(res[type]![n]!.final_snapshot_identifier, `${type}.${n}`).toMatch(
        /^[a-z0-9-]+-final-\$\{random_id\.final_snapshot\.hex\}$/,
      );
    expect(res.random_id!.final_snapshot).toEqual({ byte_length: 4 });
    expect(every.files['main.tf']).toMatch(/random = \{\n\s+source\s+= "hashicorp\/random"/);
  });

  it('the NAT instance forwards and masquerades, with its check off and a group admitting its subnets', async () => {
    const res = await terraformResources(every.files);
    const nat = res.aws_instance!.nat_box!;
    expect(nat.source_dest_check).toBe(false);
    expect(nat.user_data).toBe('${file("${path.module}/nat-instance.sh")}');
    expect(nat.vpc_security_group_ids).toContain('${aws_security_group.nat_box_nat.id}');
    const script = every.files['nat-instance.sh']!;
    expect(script).toMatch(/^#!\/bin\/bash/);
    expect(script).toContain('net.ipv4.ip_forward = 1');
    expect(script).toMatch(/iptables -t nat -A POSTROUTING -o "\$iface" -j MASQUERADE/);
    // Everything from the subnet routed through it (Isolated B), out to anywhere.
    expect(res.aws_vpc_security_group_ingress_rule!.nat_box_nat_from_isolated_b).toMatchObject({
      security_group_id: '${aws_security_group.nat_box_nat.id}',
      ip_protocol: '-1',
      cidr_ipv4: '${aws_subnet.isolated_b.cidr_block}',
    });
    expect(res.aws_vpc_security_group_egress_rule!.nat_box_nat_out).toMatchObject({ cidr_ipv4: '0.0.0.0/0' });
  });

  it('deletion protection is on by default for RDS, Aurora, load balancers and DynamoDB; an option turns it off', async () => {
    const check = async (files: Record<string, string>, want: boolean) => {
      const res = await terraformResources(files);
      const vars = ((await parse('variables.tf', files['variables.tf']!)) as Any).variable;
      expect(vars.deletion_protection[0].default).toBe(want);
      const v = '${var.deletion_protection}';
      for (const db of Object.values(res.aws_db_instance!)) expect(db.deletion_protection).toBe(v);
      for (const c of Object.values(res.aws_rds_cluster!)) expect(c.deletion_protection).toBe(v);
      for (const lb of Object.values(res.aws_lb!)) expect(lb.enable_deletion_protection).toBe(v);
      for (const t of Object.values(res.aws_dynamodb_table!)) expect(t.deletion_protection_enabled).toBe(v);
    };
    await check(every.files, true);
    await check(exportTerraform(everyKindBoard(), { deletionProtection: false }).files, false);
  });

  it('HTTP redirects to HTTPS when the load balancer has an HTTPS listener', async () => {
    const res = await terraformResources(every.files);
    const http = (res.aws_lb_listener!.public_alb_http_80!.default_action as Any[])[0];
    expect(http.type).toBe('redirect');
    expect(http.redirect[0]).toEqual({ port: '443', protocol: 'HTTPS', status_code: 'HTTP_301' });
    expect(http.target_group_arn).toBeUndefined();
    const https = (res.aws_lb_listener!.public_alb_https_443!.default_action as Any[])[0];
    expect(https.type).toBe('forward');
    // Everywhere: HTTP redirects exactly when its load balancer also listens on HTTPS.
    for (const [, board] of boards) {
      const res2 = await terraformResources(exportTerraform(board).files);
      const listeners = Object.values(res2.aws_lb_listener ?? {});
      for (const l of listeners) {
        const hasHttps = listeners.some(
          (o) => o.load_balancer_arn === l.load_balancer_arn && o.protocol === 'HTTPS',
        );
        expect((l.default_action as Any[])[0].type).toBe(
          l.protocol === 'HTTP' && hasHttps ? 'redirect' : 'forward',
        );
      }
    }
  });

  it('CloudFront: cache policies instead of forwarded_values, every origin used by a behaviour, KMS decrypt granted', async () => {
    for (const [, board] of boards) {
      const res = await terraformResources(exportTerraform(board).files);
      for (const d of Object.values(res.aws_cloudfront_distribution ?? {})) {
        const behaviours = [
          ...(d.default_cache_behavior as Any[]),
          ...((d.ordered_cache_behavior as Any[] | undefined) ?? []),
        ];
        for (const b of behaviours) {
          expect(b.forwarded_values).toBeUndefined();
          expect(b.cache_policy_id).toBeDefined();
        }
        const used = new Set(behaviours.map((b) => b.target_origin_id));
        expect((d.origin as Any[]).map((o) => o.origin_id).filter((id) => !used.has(id))).toEqual([]);
      }
    }
    const res = await terraformResources(every.files);
    const ordered = (res.aws_cloudfront_distribution!.site_cdn!.ordered_cache_behavior as Any[])[0];
    expect(ordered).toMatchObject({ path_pattern: '/api/*', target_origin_id: 'public_alb' });
    expect(every.warnings.join('\n')).toMatch(/Legacy \(custom-origin\) is not its first origin/);
    // The SSE-KMS bucket: its own key, whose policy lets exactly the reading distributions decrypt.
    const sse = (res.aws_s3_bucket_server_side_encryption_configuration!.site_bucket!.rule as Any[])[0];
    expect(sse.apply_server_side_encryption_by_default[0]).toEqual({
      sse_algorithm: 'aws:kms',
      kms_master_key_id: '${aws_kms_key.site_bucket.arn}',
    });
    const policy = res.aws_kms_key!.site_bucket!.policy as string;
    expect(policy).toMatch(/Service = "cloudfront\.amazonaws\.com"/);
    expect(policy).toMatch(/Action\s+= "kms:Decrypt"/);
    expect(policy).toContain('"AWS:SourceArn" = aws_cloudfront_distribution.site_cdn.arn');
    expect(policy).toContain('"AWS:SourceArn" = aws_cloudfront_distribution.api_cdn.arn');
  });

  it('engine versions: the major version only (minor upgrades stay on without drift)', async () => {
    const res = await terraformResources(every.files);
    expect(res.aws_db_instance!.main_db).toMatchObject({
      engine_version: '8.0',
      auto_minor_version_upgrade: true,
    });
    expect(res.aws_rds_cluster!.ledger!.engine_version).toBe('16');
  });

  it('a realistic layout: validated variables, outputs for other stacks, tfvars example, README', async () => {
    const vars = ((await parse('variables.tf', every.files['variables.tf']!)) as Any).variable;
    for (const [n, v] of Object.entries(vars) as [string, Any[]][]) {
      expect(v[0].description, n).toBeTruthy();
      expect(v[0].type, n).toBeTruthy();
    }
    expect(vars.region[0].validation).toHaveLength(1);
    const outputs = ((await parse('outputs.tf', every.files['outputs.tf']!)) as Any).output;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining([
        'main_vpc_id',
        'public_a_id',
        'private_b_id',
        'main_db_endpoint',
        'ledger_endpoint',
      ]),
    );
    // The tfvars example is valid HCL naming only declared variables, required ones set.
    const example = (await parse('terraform.tfvars', every.files['terraform.tfvars.example']!)) as Any;
    for (const k of Object.keys(example)) expect(vars[k], k).toBeDefined();
    expect(Object.keys(example).sort()).toEqual(
      Object.keys(vars)
        .filter((k) => vars[k][0].default === undefined)
        .sort(),
    );
    const readme = every.files['README.md']!;
    expect(readme).toContain('terraform init');
    expect(readme).toContain('terraform apply');
    expect(readme).toContain('`cloudfront_certificate_arn`');
    expect(readme).toContain('## Export notes');
    expect(await checkTerraform(every.files)).toEqual([]);
  });

  it('a variable subnet CIDR is validated as a CIDR', async () => {
    const r = exportTerraform(
      makeBoard(
        'v',
        [
          { id: 'v', kind: 'vpc', label: 'v' },
          { id: 's', kind: 'subnet', label: 'app', parentId: 'v' },
        ],
        [],
      ),
    );
    const vars = ((await parse('variables.tf', r.files['variables.tf']!)) as Any).variable;
    expect(vars.app_cidr[0].validation[0].condition).toBe('${can(cidrhost(var.app_cidr, 0))}');
  });

  it("NAT gateways: as drawn by default; per AZ as an option (each zone's private subnets use a NAT gateway in their zone)", async () => {
    const board = TEMPLATES.find((t) => t.id === 'three-tier')!.board();
    const drawn = await terraformResources(exportTerraform(board).files);
    expect(Object.keys(drawn.aws_nat_gateway!)).toEqual(['nat_gateway']);
    const r = exportTerraform(board, { natGateways: 'per-az' });
    expect(await checkTerraform(r.files)).toEqual([]);
    const res = await terraformResources(r.files);
    expect(Object.keys(res.aws_nat_gateway!).sort()).toEqual(['nat_gateway', 'nat_gateway_us_east_1b']);
    expect(res.aws_nat_gateway!.nat_gateway_us_east_1b).toMatchObject({
      subnet_id: '${aws_subnet.public_b.id}',
      allocation_id: '${aws_eip.nat_gateway_us_east_1b_eip.id}',
    });
    const natOf = (subnet: string) => {
      const table = Object.values(res.aws_route_table_association!).find(
        (a) => a.subnet_id === `\${aws_subnet.${subnet}.id}`,
      )!.route_table_id as string;
      const name = table.match(/aws_route_table\.(\w+)\.id/)![1]!;
      return (res.aws_route_table![name]!.route as Any[]).find((x) => x.nat_gateway_id)?.nat_gateway_id;
    };
    expect(natOf('private_a')).toBe('${aws_nat_gateway.nat_gateway.id}');
    expect(natOf('private_b')).toBe('${aws_nat_gateway.nat_gateway_us_east_1b.id}');
    const cdk = exportCdk(board, { natGateways: 'per-az' });
    expect(cdk.files[cdk.stackFile]!.match(/new ec2\.CfnNatGateway\(/g)).toHaveLength(2);
  });

  it('the CDK app carries the same choices (source level; the template is checked in cdk.test.ts)', () => {
    const on = exportCdk(everyKindBoard());
    const off = exportCdk(everyKindBoard(), { deletionProtection: false });
    const stack = (r: typeof on) => r.files[r.stackFile]!;
    expect(stack(on)).toContain('CfnDeletionPolicy.RETAIN');
    expect(stack(off)).not.toContain('CfnDeletionPolicy.RETAIN');
    expect(stack(off)).toContain('deletionProtection: false');
    expect(stack(off)).toContain('CfnDeletionPolicy.SNAPSHOT');
    expect(on.files['README.md']).toContain('npx cdk synth');
    expect(on.files['README.md']).toContain('CloudFrontCertificateArn');
  });
});
