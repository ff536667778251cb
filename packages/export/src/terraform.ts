/**
 * Board → Terraform (HCL) for the hashicorp/aws provider (v6). Pure: returns file contents.
 * Output is `terraform fmt`-clean and deterministic (same board, same bytes).
 */
import type { Board } from '@stratus/model';
import { type Diagnostic, errorLines } from './diagnostics.ts';
import { boardDiagnostics } from './validate.ts';
import {
  type Body,
  type BodyItem,
  type HclObject,
  type HclValue,
  type Expr,
  JsonEncode,
  block,
  expr,
  quote,
  renderFile,
} from './hcl.ts';
import { awsId, hyphen } from './names.ts';
import { PRIVATE_API_POLICY, PROXY_PARAM, assumeRolePolicy } from './planners.ts';
import { type AclRef, type PlannedOrigin, type PlannedResource, distributionComment } from './plan.ts';
import { terraformReadme } from './readme.ts';
import {
  CLOUDFRONT_MANAGED,
  type ExportChoices,
  type ExportPlan,
  NAT_INSTANCE_USER_DATA,
  engineVersionOf,
  planBoard,
  prop,
} from './resolve.ts';

export interface ExportOptions extends ExportChoices {
  /**
   * Validator findings; errors are listed in a comment at the top of the output. Left out, the
   * exporter runs `@stratus/validator` itself (acknowledged findings do not count).
   */
  diagnostics?: readonly Diagnostic[];
}

export interface TerraformResult {
  files: Record<string, string>;
  warnings: string[];
}

export const AWS_PROVIDER_VERSION = '~> 6.0';
export const RANDOM_PROVIDER_VERSION = '~> 3.6';
export const ARCHIVE_PROVIDER_VERSION = '~> 2.7';

const AMI_PARAM = (arch: 'x86_64' | 'arm64') =>
  `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`;

class TfWriter {
  readonly items: BodyItem[] = [];
  readonly variables = new Map<
    string,
    {
      description: string;
      type: string;
      default?: HclValue;
      validation?: { condition: string; message: string };
      example?: HclValue;
    }
  >();
  readonly outputs: { name: string; description: string; value: string }[] = [];
  constructor(readonly plan: ExportPlan) {}

  section(title: string) {
    if (this.items.length && this.items[this.items.length - 1]!.t !== 'blank')
      this.items.push({ t: 'blank' });
    const bar = '-'.repeat(76);
    this.items.push({ t: 'comment', text: bar }, { t: 'comment', text: title }, { t: 'comment', text: bar });
    this.items.push({ t: 'blank' });
  }
  resource(type: string, name: string, fill: (b: Body) => void, comment?: string) {
    if (comment) for (const line of comment.split('\n')) this.items.push({ t: 'comment', text: line });
    this.items.push({ t: 'block', block: block('resource', [type, name], fill) }, { t: 'blank' });
  }
  data(type: string, name: string, fill: (b: Body) => void) {
    this.items.push({ t: 'block', block: block('data', [type, name], fill) }, { t: 'blank' });
  }
  private partitionRead = false;
  /** The partition (`aws`, `aws-cn`…) for ARNs, its data source declared where first needed. */
  partition(): Expr {
    if (!this.partitionRead) this.data('aws_partition', 'current', () => {});
    this.partitionRead = true;
    return expr('data.aws_partition.current.partition');
  }
  variable(
    name: string,
    description: string,
    type: string,
    def?: HclValue,
    more: { validation?: { condition: string; message: string }; example?: HclValue } = {},
  ) {
    if (!this.variables.has(name)) this.variables.set(name, { description, type, default: def, ...more });
    return expr(`var.${name}`);
  }
  /** A board zone as the region's zone of the same rank: no zone name is hard-coded. */
  zone(zone: string | undefined): HclValue {
    if (zone === undefined) return undefined as unknown as HclValue;
    return expr(`data.aws_availability_zones.available.names[${this.plan.azIndex(zone)}]`);
  }
  /** `<base>-final-<random hex>`: a final snapshot name that differs on every create/destroy cycle. */
  finalSnapshot(base: string): HclValue {
    return expr(`"${base}-final-\${random_id.final_snapshot.hex}"`);
  }
  deletionProtection(): HclValue {
    return this.variable(
      'deletion_protection',
      'Deletion protection on databases, load balancers and tables (turn off to let terraform destroy them)',
      'bool',
      this.plan.choices.deletionProtection,
    );
  }
  certificate(kind: 'alb' | 'cloudfront'): HclValue {
    if (kind === 'alb')
      return this.variable(
        'alb_certificate_arn',
        'ARN of an ACM certificate in the deployment region, for the HTTPS/TLS listeners of the load balancers',
        'string',
        this.plan.choices.albCertificateArn,
        {
          validation: {
            condition:
              'can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/", var.alb_certificate_arn))',
            message:
              'alb_certificate_arn must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>).',
          },
          example: 'arn:aws:acm:REGION:123456789012:certificate/00000000-0000-0000-0000-000000000000',
        },
      );
    return this.variable(
      'cloudfront_certificate_arn',
      "ARN of an ACM certificate in us-east-1 (CloudFront only accepts those) covering the distributions' aliases",
      'string',
      this.plan.choices.cloudfrontCertificateArn,
      {
        validation: {
          condition:
            'can(regex("^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/", var.cloudfront_certificate_arn))',
          message: 'cloudfront_certificate_arn must be an ACM certificate ARN in us-east-1.',
        },
        example: 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000',
      },
    );
  }
  output(name: string, description: string, value: string) {
    this.outputs.push({ name, description, value });
  }

  tags(label: string): HclObject {
    return { Name: label };
  }
}

/** A transit gateway: its own route table (if planned) replaces the default association and propagation. */
function transitGateway(w: TfWriter, r: PlannedResource<'transit gateway'>) {
  const g = r.props.node;
  const flag = (on: boolean | undefined) =>
    r.props.ownTable ? 'disable' : on === false ? 'disable' : 'enable';
  w.resource(
    'aws_ec2_transit_gateway',
    r.id,
    (b) =>
      b
        .attr('amazon_side_asn', prop(g, 'amazonSideAsn'))
        .attr('default_route_table_association', flag(prop(g, 'defaultRouteTableAssociation')))
        .attr('default_route_table_propagation', flag(prop(g, 'defaultRouteTablePropagation')))
        .attr('tags', w.tags(g.label)),
    r.props.ownTable
      ? 'Its own route tables below: the attachments are associated with them explicitly.'
      : undefined,
  );
  w.output(`${r.id}_id`, `ID of the transit gateway "${g.label}"`, `aws_ec2_transit_gateway.${r.id}.id`);
}

/** A gateway endpoint (route tables) or an interface endpoint (subnets, groups, private DNS). */
function vpcEndpoint(
  w: TfWriter,
  r: PlannedResource<'gateway endpoint'> | PlannedResource<'interface endpoint'>,
) {
  w.resource('aws_vpc_endpoint', r.id, (b) => {
    b.attr('vpc_id', expr(`aws_vpc.${r.props.vpc}.id`))
      .attr('service_name', expr(`"com.amazonaws.\${var.region}.${r.props.service}"`))
      .attr('vpc_endpoint_type', r.type === 'gateway endpoint' ? 'Gateway' : 'Interface');
    if (r.type === 'gateway endpoint')
      b.attr(
        'route_table_ids',
        r.props.routeTables.map((t) => expr(`aws_route_table.${t}.id`)),
      );
    else
      b.attr(
        'subnet_ids',
        r.props.subnets.map((sn) => expr(`aws_subnet.${sn}.id`)),
      )
        .attr(
          'security_group_ids',
          r.props.securityGroups.length
            ? r.props.securityGroups.map((g) => expr(`aws_security_group.${g}.id`))
            : undefined,
        )
        .attr('private_dns_enabled', r.props.privateDns);
    b.attr('tags', w.tags(r.props.node.label));
  });
}

export function exportTerraform(board: Board, opts: ExportOptions = {}): TerraformResult {
  const plan = planBoard(board, opts);
  const planned = plan.resources;
  const w = new TfWriter(plan);

  // An instance with copies (count) is referred to by its first.
  const copies = new Set(plan.resources.ofType('instance').flatMap((r) => (r.count ? [r.id] : [])));
  const instanceRef = (id: string, many: boolean, attr: string) =>
    expr(`aws_instance.${id}${many ? '[0]' : ''}.${attr}`);

  // ---- Network ---------------------------------------------------------------------------
  if (planned.any('vpc')) w.section('Network: VPCs, subnets, gateways, route tables');
  if (plan.zones.length) {
    w.items.push({
      t: 'comment',
      text: `Zones by rank in the region: ${plan.zones.map((z, i) => `names[${i}] stands for the board's ${z}`).join(', ')}.`,
    });
    w.data('aws_availability_zones', 'available', (b) => b.attr('state', 'available'));
  }
  for (const r of plan.resources.resources) {
    if (r.type === 'vpc') {
      const v = r.props.node;
      w.resource('aws_vpc', r.id, (b) =>
        b
          .attr('cidr_block', prop(v, 'cidr'))
          .attr('enable_dns_support', prop(v, 'enableDnsSupport'))
          .attr('enable_dns_hostnames', prop(v, 'enableDnsHostnames'))
          .attr('instance_tenancy', prop(v, 'instanceTenancy'))
          .attr('tags', w.tags(v.label)),
      );
      w.output(`${r.id}_id`, `ID of the VPC "${v.label}"`, `aws_vpc.${r.id}.id`);
    } else if (r.type === 'subnet') {
      const s = r.props.node;
      w.resource('aws_subnet', r.id, (b) =>
        b
          .attr('vpc_id', expr(`aws_vpc.${r.props.vpc}.id`))
          .attr(
            'cidr_block',
            s.props.cidr ??
              w.variable(`${r.id}_cidr`, `IPv4 CIDR of the subnet "${s.label}"`, 'string', undefined, {
                validation: {
                  condition: `can(cidrhost(var.${r.id}_cidr, 0))`,
                  message: 'Give an IPv4 CIDR such as 10.0.1.0/24.',
                },
                example: '10.0.99.0/24',
              }),
          )
          .attr('availability_zone', w.zone(r.props.zone))
          .attr('map_public_ip_on_launch', prop(s, 'mapPublicIpOnLaunch'))
          .attr('tags', w.tags(s.label)),
      );
      w.output(`${r.id}_id`, `ID of the subnet "${s.label}"`, `aws_subnet.${r.id}.id`);
    } else if (r.type === 'internet gateway') {
      const { vpc } = r.props;
      w.resource('aws_internet_gateway', r.id, (b) =>
        b
          .attr('vpc_id', vpc ? expr(`aws_vpc.${vpc}.id`) : undefined)
          .attr('tags', w.tags(r.props.node.label)),
      );
    } else if (r.type === 'elastic ip') {
      w.resource(
        'aws_eip',
        r.id,
        (b) => b.attr('domain', 'vpc').attr('tags', w.tags(r.props.label)),
        r.props.comment,
      );
    } else if (r.type === 'nat gateway') {
      const n = r.props.node;
      const { eip, subnet, internetGateway } = r.props;
      w.resource('aws_nat_gateway', r.id, (b) => {
        b.attr('connectivity_type', prop(n, 'connectivity'))
          .attr('allocation_id', eip ? expr(`aws_eip.${eip}.id`) : undefined)
          .attr('subnet_id', subnet ? expr(`aws_subnet.${subnet}.id`) : undefined)
          .attr('tags', w.tags(n.label));
        if (internetGateway) b.blank().attr('depends_on', [expr(`aws_internet_gateway.${internetGateway}`)]);
      });
    } else if (r.type === 'peering') {
      w.resource(
        'aws_vpc_peering_connection',
        r.id,
        (b) =>
          b
            .attr('vpc_id', expr(`aws_vpc.${r.props.vpc}.id`))
            .attr('peer_vpc_id', expr(`aws_vpc.${r.props.peerVpc}.id`))
            .attr('auto_accept', true)
            .attr('tags', w.tags(r.props.label)),
        'Same account and region: accepted automatically.',
      );
    } else if (r.type === 'transit gateway') transitGateway(w, r);
    else if (r.type === 'transit gateway attachment') {
      const a = r.props;
      w.resource('aws_ec2_transit_gateway_vpc_attachment', r.id, (b) =>
        b
          .attr('transit_gateway_id', expr(`aws_ec2_transit_gateway.${a.gateway}.id`))
          .attr('vpc_id', expr(`aws_vpc.${a.vpc}.id`))
          .attr(
            'subnet_ids',
            a.subnets.map((sn) => expr(`aws_subnet.${sn}.id`)),
          )
          .attr('transit_gateway_default_route_table_association', a.defaultTable ? undefined : false)
          .attr('transit_gateway_default_route_table_propagation', a.defaultTable ? undefined : false)
          .attr('tags', w.tags(a.label)),
      );
    } else if (r.type === 'transit gateway route table') {
      w.resource('aws_ec2_transit_gateway_route_table', r.id, (b) =>
        b
          .attr('transit_gateway_id', expr(`aws_ec2_transit_gateway.${r.props.gateway}.id`))
          .attr('tags', w.tags(r.props.label)),
      );
    } else if (
      r.type === 'transit gateway route table association' ||
      r.type === 'transit gateway route table propagation'
    ) {
      const type =
        r.type === 'transit gateway route table association'
          ? 'aws_ec2_transit_gateway_route_table_association'
          : 'aws_ec2_transit_gateway_route_table_propagation';
      w.resource(type, r.id, (b) =>
        b
          .attr(
            'transit_gateway_attachment_id',
            expr(`aws_ec2_transit_gateway_vpc_attachment.${r.props.attachment}.id`),
          )
          .attr(
            'transit_gateway_route_table_id',
            expr(`aws_ec2_transit_gateway_route_table.${r.props.table}.id`),
          ),
      );
    } else if (r.type === 'transit gateway route') {
      const { attachment } = r.props;
      w.resource('aws_ec2_transit_gateway_route', r.id, (b) =>
        b
          .attr('destination_cidr_block', r.props.cidr)
          .attr(
            'transit_gateway_attachment_id',
            attachment ? expr(`aws_ec2_transit_gateway_vpc_attachment.${attachment}.id`) : undefined,
          )
          .attr('blackhole', attachment ? undefined : true)
          .attr(
            'transit_gateway_route_table_id',
            expr(`aws_ec2_transit_gateway_route_table.${r.props.table}.id`),
          ),
      );
    }
  }
  for (const r of plan.resources.resources) {
    if (r.type === 'route table') {
      w.resource(
        'aws_route_table',
        r.id,
        (b) => {
          b.attr('vpc_id', expr(`aws_vpc.${r.props.vpc}.id`));
          for (const route of r.props.routes) {
            b.blank().block('route', (rb) => {
              rb.attr('cidr_block', route.props.cidr);
              const t = route.props.target;
              if (t.type === 'internet gateway')
                rb.attr('gateway_id', expr(`aws_internet_gateway.${t.id}.id`));
              else if (t.type === 'nat gateway')
                rb.attr('nat_gateway_id', expr(`aws_nat_gateway.${t.id}.id`));
              else if (t.type === 'instance')
                rb.attr('network_interface_id', instanceRef(t.id, t.copies, 'primary_network_interface_id'));
              else if (t.type === 'transit gateway')
                rb.attr('transit_gateway_id', expr(`aws_ec2_transit_gateway.${t.id}.id`));
              else rb.attr('vpc_peering_connection_id', expr(`aws_vpc_peering_connection.${t.id}.id`));
            });
          }
          b.blank().attr('tags', w.tags(`${r.props.label} routes`));
          // AWS accepts a route to a transit gateway only once the VPC's attachment exists.
          const waits = [
            ...new Set(r.props.routes.flatMap((route) => route.props.target.attachment ?? [])),
          ].map((a) => expr(`aws_ec2_transit_gateway_vpc_attachment.${a}`));
          if (waits.length) b.blank().attr('depends_on', waits);
        },
        r.props.comment,
      );
    } else if (r.type === 'route table association') {
      w.resource('aws_route_table_association', r.id, (b) =>
        b
          .attr('subnet_id', expr(`aws_subnet.${r.props.subnet}.id`))
          .attr('route_table_id', expr(`aws_route_table.${r.props.table}.id`)),
      );
    }
  }

  // ---- Security ----------------------------------------------------------------------------
  if (planned.any('security-group', 'network-acl')) w.section('Security: security groups and network ACLs');
  const protocolOf = (p: string | undefined) => (p === 'all' || p === undefined ? '-1' : p);
  const securityGroup = (r: PlannedResource<'security group'>) => {
    const g = r.props;
    w.resource(
      'aws_security_group',
      r.id,
      (b) =>
        b
          .attr('name', g.groupName)
          .attr('description', g.description)
          .attr('vpc_id', g.vpc ? expr(`aws_vpc.${g.vpc}.id`) : undefined)
          .attr('tags', w.tags(g.label)),
      g.comment,
    );
    for (const rule of [...g.ingress, ...g.egress]) securityGroupRule(rule);
  };
  const securityGroupRule = (
    rule: PlannedResource<
      'security group ingress rule' | 'security group egress rule' | 'security group egress rule to a group'
    >,
  ) => {
    const p = rule.props;
    const { peer } = p;
    w.resource(
      rule.type === 'security group ingress rule'
        ? 'aws_vpc_security_group_ingress_rule'
        : 'aws_vpc_security_group_egress_rule',
      rule.id,
      (b) =>
        b
          .attr('security_group_id', expr(`aws_security_group.${p.group}.id`))
          .attr('description', p.description)
          .attr('ip_protocol', p.protocol)
          .attr('from_port', p.ports?.from)
          .attr('to_port', p.ports?.to)
          .attr(
            'cidr_ipv4',
            'cidr' in peer
              ? peer.cidr
              : 'subnetCidr' in peer
                ? expr(`aws_subnet.${peer.subnetCidr}.cidr_block`)
                : undefined,
          )
          .attr(
            'referenced_security_group_id',
            'group' in peer ? expr(`aws_security_group.${peer.group}.id`) : undefined,
          ),
    );
  };
  for (const r of plan.resources.ofType('security group')) if (r.by === 'security-group') securityGroup(r);
  const aclIdOf = (acl: AclRef): HclValue =>
    'own' in acl
      ? expr(`aws_network_acl.${acl.own}.id`)
      : expr(`aws_vpc.${acl.defaultOf}.default_network_acl_id`);
  for (const r of plan.resources.resources) {
    if (r.type === 'network acl') {
      w.resource('aws_network_acl', r.id, (b) =>
        b.attr('vpc_id', expr(`aws_vpc.${r.props.vpc}.id`)).attr('tags', w.tags(r.props.label)),
      );
    } else if (r.type === 'network acl rule') {
      const p = r.props;
      if (p.note) w.items.push({ t: 'comment', text: p.note });
      const proto = protocolOf(p.protocol);
      const ports = p.ports ?? { from: 0, to: 0 };
      w.resource('aws_network_acl_rule', r.id, (b) => {
        b.attr('network_acl_id', aclIdOf(p.acl))
          .attr('rule_number', p.ruleNumber)
          .attr('egress', p.egress)
          .attr('protocol', proto)
          .attr('rule_action', p.action)
          .attr('cidr_block', p.cidr);
        if (proto === 'icmp') b.attr('icmp_type', ports.from).attr('icmp_code', ports.to === -1 ? -1 : 0);
        else b.attr('from_port', ports.from).attr('to_port', ports.to);
      });
    } else if (r.type === 'network acl association') {
      if (r.props.note) w.items.push({ t: 'comment', text: r.props.note });
      w.resource('aws_network_acl_association', r.id, (b) =>
        b
          .attr('network_acl_id', aclIdOf(r.props.acl))
          .attr('subnet_id', expr(`aws_subnet.${r.props.subnet}.id`)),
      );
    }
  }

  // ---- VPC endpoints -----------------------------------------------------------------------
  if (planned.any('gateway-endpoint', 'interface-endpoint')) w.section('VPC endpoints');
  for (const r of plan.resources.resources) {
    if (r.type === 'gateway endpoint' || r.type === 'interface endpoint') vpcEndpoint(w, r);
  }

  // ---- Compute -----------------------------------------------------------------------------
  if (planned.any('nat-instance', 'ec2-instance', 'load-balancer', 'autoscaling-group'))
    w.section('Compute: instances and load balancers');
  // Instances without an AMI on the board start from the latest Amazon Linux 2023.
  const arches = new Set(
    [...planned.ofType('instance'), ...planned.ofType('launch template')].flatMap((r) =>
      r.props.ami ? [] : [r.props.arch],
    ),
  );
  for (const arch of [...arches].sort()) {
    w.items.push({
      t: 'comment',
      text: `Latest Amazon Linux 2023 AMI (${arch}), for instances without an AMI on the board.`,
    });
    w.data('aws_ssm_parameter', `al2023_${arch}`, (b) => b.attr('name', AMI_PARAM(arch)));
  }
  const natScript = plan.resources.ofType('instance').some((r) => r.props.natScript);
  const sgRefs = (ids: string[]) =>
    ids.length ? ids.map((g) => expr(`aws_security_group.${g}.id`)) : undefined;
  for (const r of plan.resources.resources) {
    if (r.by !== 'nat-instance' && r.by !== 'ec2-instance') continue;
    if (r.type === 'security group') securityGroup(r);
    else if (r.type === 'instance') {
      const p = r.props;
      const n = p.node;
      const count = r.count ?? 1;
      w.resource(
        'aws_instance',
        r.id,
        (b) => {
          if (count > 1) b.attr('count', count).blank();
          b.attr('ami', p.ami ?? expr(`data.aws_ssm_parameter.al2023_${p.arch}.insecure_value`))
            .attr('instance_type', p.instanceType)
            .attr('subnet_id', p.subnet ? expr(`aws_subnet.${p.subnet}.id`) : undefined)
            .attr('vpc_security_group_ids', sgRefs(p.securityGroups))
            .attr('associate_public_ip_address', p.publicIp)
            .attr('source_dest_check', p.sourceDestCheck);
          if (p.natScript)
            b.attr('user_data', expr(`file("\${path.module}/nat-instance.sh")`)).attr(
              'user_data_replace_on_change',
              true,
            );
          b.attr(
            'tags',
            count > 1
              ? { Name: expr(`${quote(n.label).slice(0, -1)} \${count.index + 1}"`) }
              : w.tags(n.label),
          );
        },
        p.nat
          ? `NAT instance "${n.label}": source/destination check off so it can forward; nat-instance.sh turns\non IP forwarding and masquerading.`
          : undefined,
      );
    } else if (r.type === 'elastic ip association') {
      const { eip, instance } = r.props;
      w.resource('aws_eip_association', r.id, (b) =>
        b
          .attr('allocation_id', expr(`aws_eip.${eip}.id`))
          .attr('instance_id', instanceRef(instance, copies.has(instance), 'id')),
      );
    }
  }
  for (const r of plan.resources.resources) {
    if (r.type === 'load balancer') {
      const lb = r.props.node;
      w.resource('aws_lb', r.id, (b) =>
        b
          .attr('load_balancer_type', prop(lb, 'type'))
          .attr('internal', prop(lb, 'scheme') === 'internal')
          .attr(
            'subnets',
            r.props.subnets.map((s) => expr(`aws_subnet.${s}.id`)),
          )
          .attr('security_groups', sgRefs(r.props.securityGroups))
          .attr('enable_cross_zone_load_balancing', r.props.crossZone || undefined)
          .attr('enable_deletion_protection', w.deletionProtection())
          .attr('tags', w.tags(lb.label)),
      );
      w.output(`${r.id}_dns_name`, `DNS name of the load balancer "${lb.label}"`, `aws_lb.${r.id}.dns_name`);
    } else if (r.type === 'target group') {
      const g = r.props;
      w.resource(
        'aws_lb_target_group',
        r.id,
        (b) =>
          b
            .attr('port', g.port)
            .attr('protocol', g.protocol)
            .attr('target_type', g.targetType)
            .attr('vpc_id', g.vpc ? expr(`aws_vpc.${g.vpc}.id`) : undefined)
            .attr('tags', w.tags(`${g.label} targets`)),
        g.targetType === 'ip'
          ? `Targets of "${g.label}": the ECS tasks its traffic edges lead to (registered by IP address).`
          : `Targets of "${g.label}": the instances its traffic edges lead to.`,
      );
    } else if (r.type === 'target group attachment') {
      const count = r.count ?? 1;
      w.resource('aws_lb_target_group_attachment', r.id, (b) => {
        if (count > 1) b.attr('count', count).blank();
        b.attr('target_group_arn', expr(`aws_lb_target_group.${r.props.targetGroup}.arn`))
          .attr('target_id', expr(`aws_instance.${r.props.instance}${count > 1 ? '[count.index]' : ''}.id`))
          .attr('port', r.props.port);
      });
    } else if (r.type === 'listener') {
      const l = r.props;
      w.resource(
        'aws_lb_listener',
        r.id,
        (b) => {
          b.attr('load_balancer_arn', expr(`aws_lb.${l.loadBalancer}.arn`))
            .attr('port', l.port)
            .attr('protocol', l.protocol)
            .attr('ssl_policy', l.sslPolicy)
            .attr('certificate_arn', l.certificate ? w.certificate('alb') : undefined)
            .blank()
            .block('default_action', (d) => {
              if (l.redirectTo !== undefined)
                d.attr('type', 'redirect')
                  .blank()
                  .block('redirect', (rb) =>
                    rb
                      .attr('port', String(l.redirectTo))
                      .attr('protocol', 'HTTPS')
                      .attr('status_code', 'HTTP_301'),
                  );
              else
                d.attr('type', 'forward').attr(
                  'target_group_arn',
                  expr(`aws_lb_target_group.${l.targetGroup}.arn`),
                );
            });
        },
        l.redirectTo !== undefined ? `Port ${l.port} redirects to HTTPS on ${l.redirectTo}.` : undefined,
      );
    }
  }

  // ---- Containers and Auto Scaling ---------------------------------------------------------
  if (planned.any('ecs-service', 'autoscaling-group')) w.section('Containers and Auto Scaling groups');
  const iamRole = (r: PlannedResource<'role' | 'role policy attachment'>) => {
    if (r.type === 'role') {
      const p = (r as PlannedResource<'role'>).props;
      w.resource(
        'aws_iam_role',
        r.id,
        (b) =>
          b
            .attr('name_prefix', p.namePrefix)
            .attr('assume_role_policy', new JsonEncode(assumeRolePolicy(p.service)))
            .attr('tags', p.tag === undefined ? undefined : w.tags(p.tag)),
        p.comment,
      );
    } else {
      const { role, policy } = (r as PlannedResource<'role policy attachment'>).props;
      const arn = expr(`"arn:\${${w.partition().text}}:iam::aws:policy/${policy}"`);
      w.resource('aws_iam_role_policy_attachment', r.id, (b) =>
        b.attr('role', expr(`aws_iam_role.${role}.name`)).attr('policy_arn', arn),
      );
    }
  };
  for (const r of plan.resources.resources) {
    if (r.by === 'ecs-service' && (r.type === 'role' || r.type === 'role policy attachment')) iamRole(r);
    else if (r.type === 'ecs cluster') {
      w.resource('aws_ecs_cluster', r.id, (b) => b.attr('name', r.props.name));
    } else if (r.type === 'task definition') {
      const t = r.props;
      w.resource('aws_ecs_task_definition', r.id, (b) =>
        b
          .attr('family', t.family)
          .attr('requires_compatibilities', ['FARGATE'])
          .attr('network_mode', 'awsvpc')
          .attr('cpu', String(t.cpu))
          .attr('memory', String(t.memory))
          .attr('execution_role_arn', expr(`aws_iam_role.${t.role}.arn`))
          .attr('container_definitions', new JsonEncode(t.containers)),
      );
    } else if (r.type === 'ecs service') {
      const p = r.props;
      w.resource('aws_ecs_service', r.id, (b) => {
        b.attr('name', hyphen(r.id))
          .attr('cluster', expr(`aws_ecs_cluster.${p.cluster}.id`))
          .attr('task_definition', expr(`aws_ecs_task_definition.${p.taskDefinition}.arn`))
          .attr('launch_type', 'FARGATE')
          .attr('desired_count', p.desiredCount)
          .blank()
          .block('network_configuration', (n) =>
            n
              .attr(
                'subnets',
                p.subnets.map((s) => expr(`aws_subnet.${s}.id`)),
              )
              .attr('security_groups', sgRefs(p.securityGroups))
              .attr('assign_public_ip', p.assignPublicIp),
          );
        for (const lb of p.loadBalancers)
          b.blank().block('load_balancer', (l) =>
            l
              .attr('target_group_arn', expr(`aws_lb_target_group.${lb.targetGroup}.arn`))
              .attr('container_name', p.containerName)
              .attr('container_port', lb.containerPort),
          );
        // ECS accepts a target group only once it is attached to a load balancer.
        if (p.listeners.length)
          b.blank().attr(
            'depends_on',
            p.listeners.map((l) => expr(`aws_lb_listener.${l}`)),
          );
      });
    } else if (r.type === 'launch template') {
      const p = r.props;
      w.resource('aws_launch_template', r.id, (b) => {
        b.attr('name_prefix', `${hyphen(r.id)}-`)
          .attr('image_id', p.ami ?? expr(`data.aws_ssm_parameter.al2023_${p.arch}.insecure_value`))
          .attr('instance_type', p.instanceType);
        if (p.publicIp === undefined) b.attr('vpc_security_group_ids', sgRefs(p.securityGroups));
        else
          b.blank().block('network_interfaces', (n) =>
            n
              .attr('associate_public_ip_address', p.publicIp)
              .attr('security_groups', sgRefs(p.securityGroups)),
          );
        b.blank().block('tag_specifications', (t) =>
          t.attr('resource_type', 'instance').attr('tags', w.tags(p.node.label)),
        );
      });
    } else if (r.type === 'auto scaling group') {
      const p = r.props;
      w.resource('aws_autoscaling_group', r.id, (b) =>
        b
          .attr('name_prefix', `${hyphen(r.id)}-`)
          .attr('min_size', p.minSize)
          .attr('max_size', p.maxSize)
          .attr('desired_capacity', p.desiredCapacity)
          .attr(
            'vpc_zone_identifier',
            p.subnets.map((s) => expr(`aws_subnet.${s}.id`)),
          )
          .attr(
            'target_group_arns',
            p.targetGroups.length
              ? p.targetGroups.map((g) => expr(`aws_lb_target_group.${g}.arn`))
              : undefined,
          )
          .attr('health_check_type', p.healthCheckType)
          .attr('health_check_grace_period', p.healthCheckGracePeriod)
          .blank()
          .block('launch_template', (l) =>
            l.attr('id', expr(`aws_launch_template.${p.launchTemplate}.id`)).attr('version', '$Latest'),
          )
          .blank()
          .block('tag', (t) =>
            t.attr('key', 'Name').attr('value', p.node.label).attr('propagate_at_launch', true),
          ),
      );
    }
  }

  // ---- Databases ---------------------------------------------------------------------------
  if (
    planned.any('rds-instance', 'aurora-cluster', 'dynamodb-table', 'elasticache-cluster', 'redshift-cluster')
  )
    w.section('Databases');
  const dbUser = () =>
    w.variable(
      'db_master_username',
      'Master user name of the databases (passwords are managed in Secrets Manager)',
      'string',
      'dbadmin',
      {
        validation: {
          condition: 'can(regex("^[A-Za-z][A-Za-z0-9_]{0,15}$", var.db_master_username))',
          message: 'db_master_username: 1-16 letters, digits or underscores, starting with a letter.',
        },
      },
    );
  const groupRef = (type: string, id: string | undefined) => (id ? expr(`${type}.${id}.name`) : undefined);
  const groupOf = (
    type: string,
    r: PlannedResource<'cache subnet group' | 'redshift subnet group' | 'db subnet group'>,
  ) =>
    w.resource(type, r.id, (b) =>
      b.attr('name', hyphen(r.id)).attr(
        'subnet_ids',
        r.props.subnets.map((s) => expr(`aws_subnet.${s}.id`)),
      ),
    );
  for (const r of plan.resources.resources) {
    if (r.type === 'db subnet group') groupOf('aws_db_subnet_group', r);
    else if (r.type === 'db instance') {
      const db = r.props.node;
      const { source } = r.props;
      const dn = r.id;
      const version = engineVersionOf(prop(db, 'engine'), db.props.engineVersion, 'prefix');
      w.resource(
        'aws_db_instance',
        dn,
        (b) => {
          b.attr('identifier', hyphen(dn));
          if (source) b.attr('replicate_source_db', expr(`aws_db_instance.${source.id}.identifier`));
          else
            b.attr('engine', prop(db, 'engine'))
              .attr('engine_version', version.version)
              .attr('auto_minor_version_upgrade', version.autoMinorUpgrade);
          b.attr('instance_class', prop(db, 'instanceClass'))
            .attr('license_model', db.props.licenseModel)
            .attr('allocated_storage', source ? undefined : prop(db, 'allocatedStorage'))
            .attr('storage_type', prop(db, 'storageType'))
            .attr('iops', db.props.iops)
            .attr('storage_encrypted', prop(db, 'storageEncrypted'))
            .attr('multi_az', prop(db, 'multiAz'))
            .attr('backup_retention_period', prop(db, 'backupRetentionDays'))
            .attr('publicly_accessible', prop(db, 'publiclyAccessible'));
          if (!source)
            b.attr('db_name', db.props.databaseName)
              .attr('username', dbUser())
              .attr('manage_master_user_password', true)
              .attr('db_subnet_group_name', groupRef('aws_db_subnet_group', r.props.subnetGroup));
          b.attr('vpc_security_group_ids', sgRefs(r.props.securityGroups)).attr(
            'deletion_protection',
            w.deletionProtection(),
          );
          // A replica has no final snapshot (AWS refuses one); a source's name differs per lifetime.
          if (source) b.attr('skip_final_snapshot', true);
          else b.attr('final_snapshot_identifier', w.finalSnapshot(hyphen(dn)));
          b.attr('tags', w.tags(db.label));
        },
        source ? `Read replica of "${source.label}".` : undefined,
      );
      w.output(`${dn}_endpoint`, `Endpoint of the database "${db.label}"`, `aws_db_instance.${dn}.endpoint`);
    } else if (r.type === 'aurora cluster') {
      const c = r.props.node;
      const cn = r.id;
      const version = engineVersionOf(prop(c, 'engine'), c.props.engineVersion, 'prefix');
      w.resource('aws_rds_cluster', cn, (b) =>
        b
          .attr('cluster_identifier', hyphen(cn))
          .attr('engine', prop(c, 'engine'))
          .attr('engine_version', version.version)
          .attr('database_name', c.props.databaseName)
          .attr('master_username', dbUser())
          .attr('manage_master_user_password', true)
          .attr('db_subnet_group_name', groupRef('aws_db_subnet_group', r.props.subnetGroup))
          .attr('vpc_security_group_ids', sgRefs(r.props.securityGroups))
          .attr('backup_retention_period', prop(c, 'backupRetentionDays'))
          .attr('storage_encrypted', prop(c, 'storageEncrypted'))
          .attr('deletion_protection', w.deletionProtection())
          .attr('final_snapshot_identifier', w.finalSnapshot(hyphen(cn)))
          .attr('tags', w.tags(c.label)),
      );
      w.output(
        `${cn}_endpoint`,
        `Writer endpoint of the Aurora cluster "${c.label}"`,
        `aws_rds_cluster.${cn}.endpoint`,
      );
    } else if (r.type === 'aurora instance') {
      const { node: c, row, cluster: cn } = r.props;
      const version = engineVersionOf(prop(c, 'engine'), c.props.engineVersion, 'prefix');
      w.resource(
        'aws_rds_cluster_instance',
        r.id,
        (b) =>
          b
            .attr('identifier', hyphen(r.id))
            .attr('cluster_identifier', expr(`aws_rds_cluster.${cn}.id`))
            .attr('engine', expr(`aws_rds_cluster.${cn}.engine`))
            .attr('engine_version', expr(`aws_rds_cluster.${cn}.engine_version`))
            .attr('instance_class', row.instanceClass ?? 'db.r6g.large')
            .attr('auto_minor_version_upgrade', version.autoMinorUpgrade)
            .attr('availability_zone', w.zone(r.props.zone))
            .attr('promotion_tier', row.role === 'writer' ? 0 : 1)
            .attr('publicly_accessible', prop(c, 'publiclyAccessible'))
            .attr('tags', w.tags(`${c.label} ${row.name}`)),
        `Aurora ${row.role} "${row.name}".`,
      );
    }
  }
  for (const r of plan.resources.resources) {
    if (r.type === 'dynamodb table') {
      const tn = r.id;
      const tp = r.props.table;
      const { provisioned } = tp;
      w.resource('aws_dynamodb_table', tn, (b) => {
        b.attr('name', tp.name ?? hyphen(tn))
          .attr('billing_mode', tp.billingMode)
          .attr('hash_key', tp.partitionKey)
          .attr('range_key', tp.sortKey)
          .attr('read_capacity', provisioned ? tp.rcu : undefined)
          .attr('write_capacity', provisioned ? tp.wcu : undefined);
        for (const [n, type] of tp.attributes)
          b.blank().block('attribute', (a) => a.attr('name', n).attr('type', type));
        for (const g of tp.gsis)
          b.blank().block('global_secondary_index', (gb) =>
            gb
              .attr('name', g.name)
              .attr('hash_key', g.partitionKey)
              .attr('range_key', g.sortKey)
              .attr('projection_type', g.projection)
              .attr('read_capacity', provisioned ? g.rcu : undefined)
              .attr('write_capacity', provisioned ? g.wcu : undefined),
          );
        for (const l of tp.lsis)
          b.blank().block('local_secondary_index', (lb) =>
            lb.attr('name', l.name).attr('range_key', l.sortKey).attr('projection_type', l.projection),
          );
        b.attr('deletion_protection_enabled', w.deletionProtection())
          .blank()
          .block('point_in_time_recovery', (p) => p.attr('enabled', r.props.pointInTimeRecovery))
          .blank()
          .attr('tags', w.tags(r.props.label));
      });
    } else if (r.type === 'cache subnet group') groupOf('aws_elasticache_subnet_group', r);
    else if (r.type === 'redshift subnet group') groupOf('aws_redshift_subnet_group', r);
    else if (r.type === 'memcached cluster') {
      const c = r.props.node;
      const cn = r.id;
      w.resource('aws_elasticache_cluster', cn, (b) =>
        b
          .attr('cluster_id', awsId(cn, 50))
          .attr('engine', prop(c, 'engine'))
          .attr('engine_version', c.props.engineVersion)
          .attr('node_type', prop(c, 'nodeType'))
          .attr('num_cache_nodes', prop(c, 'numCacheNodes'))
          .attr('port', 11211)
          .attr('subnet_group_name', groupRef('aws_elasticache_subnet_group', r.props.subnetGroup))
          .attr('security_group_ids', sgRefs(r.props.securityGroups))
          .attr('tags', w.tags(c.label)),
      );
    } else if (r.type === 'cache replication group') {
      const c = r.props.node;
      const cn = r.id;
      w.resource('aws_elasticache_replication_group', cn, (b) =>
        b
          .attr('replication_group_id', awsId(cn, 40))
          .attr('description', c.label || cn)
          .attr('engine', prop(c, 'engine'))
          .attr('engine_version', c.props.engineVersion)
          .attr('node_type', prop(c, 'nodeType'))
          .attr('num_node_groups', prop(c, 'numShards'))
          .attr('replicas_per_node_group', prop(c, 'replicasPerShard'))
          .attr('automatic_failover_enabled', prop(c, 'automaticFailover'))
          .attr('multi_az_enabled', prop(c, 'automaticFailover'))
          .attr('snapshot_retention_limit', prop(c, 'snapshotRetentionDays'))
          .attr('transit_encryption_enabled', prop(c, 'transitEncryption'))
          .attr('at_rest_encryption_enabled', true)
          .attr('subnet_group_name', groupRef('aws_elasticache_subnet_group', r.props.subnetGroup))
          .attr('security_group_ids', sgRefs(r.props.securityGroups))
          .attr('final_snapshot_identifier', w.finalSnapshot(hyphen(awsId(cn, 40))))
          .attr('tags', w.tags(c.label)),
      );
    } else if (r.type === 'redshift cluster') {
      const rs = r.props.node;
      const rn = r.id;
      const nodes = prop(rs, 'numberOfNodes')!;
      w.resource('aws_redshift_cluster', rn, (b) =>
        b
          .attr('cluster_identifier', hyphen(rn))
          .attr('node_type', prop(rs, 'nodeType'))
          .attr('cluster_type', nodes > 1 ? 'multi-node' : 'single-node')
          .attr('number_of_nodes', nodes)
          .attr('database_name', prop(rs, 'databaseName'))
          .attr('master_username', dbUser())
          .attr('manage_master_password', true)
          .attr('encrypted', prop(rs, 'encrypted'))
          .attr('publicly_accessible', prop(rs, 'publiclyAccessible'))
          .attr('cluster_subnet_group_name', groupRef('aws_redshift_subnet_group', r.props.subnetGroup))
          .attr('vpc_security_group_ids', sgRefs(r.props.securityGroups))
          .attr('final_snapshot_identifier', w.finalSnapshot(hyphen(rn)))
          .attr('tags', w.tags(rs.label)),
      );
    }
  }

  // ---- Messaging ---------------------------------------------------------------------------
  if (planned.any('sqs-queue', 'sns-topic')) w.section('Messaging: queues and topics');
  for (const r of plan.resources.resources) {
    if (r.type === 'queue') {
      const qn = r.id;
      const q = r.props;
      const dlq = q.deadLetter;
      w.resource(
        'aws_sqs_queue',
        qn,
        (b) => {
          b.attr('name', q.name)
            .attr('fifo_queue', q.fifo || undefined)
            .attr('content_based_deduplication', q.contentBasedDeduplication)
            .attr('visibility_timeout_seconds', q.visibilityTimeoutSeconds)
            .attr('delay_seconds', q.delaySeconds)
            .attr('message_retention_seconds', q.messageRetentionSeconds)
            .attr('receive_wait_time_seconds', q.receiveWaitTimeSeconds)
            .attr('max_message_size', q.maxMessageSizeBytes);
          if (dlq)
            b.attr(
              'redrive_policy',
              new JsonEncode({
                deadLetterTargetArn: expr(`aws_sqs_queue.${dlq.queue}.arn`),
                maxReceiveCount: dlq.maxReceiveCount,
              }),
            );
          b.attr('tags', w.tags(q.label));
        },
        dlq
          ? `Failed messages move to "${plan.resources.ofType('queue').find((x) => x.id === dlq.queue)!.props.label}" after ${dlq.maxReceiveCount} receives.`
          : undefined,
      );
      w.output(`${qn}_url`, `URL of the queue "${q.label}"`, `aws_sqs_queue.${qn}.url`);
    } else if (r.type === 'topic') {
      const t = r.props;
      w.resource('aws_sns_topic', r.id, (b) =>
        b
          .attr('name', t.name)
          .attr('fifo_topic', t.fifo || undefined)
          .attr('display_name', t.displayName)
          .attr('tags', w.tags(t.label)),
      );
    } else if (r.type === 'subscription') {
      const { topic, queue } = r.props;
      w.resource(
        'aws_sns_topic_subscription',
        r.id,
        (b) =>
          b
            .attr('topic_arn', expr(`aws_sns_topic.${topic}.arn`))
            .attr('protocol', 'sqs')
            .attr('endpoint', expr(`aws_sqs_queue.${queue}.arn`)),
        `The topic "${r.props.topicLabel}" delivers to the queue "${r.props.queueLabel}".`,
      );
    } else if (r.type === 'queue policy') {
      const qn = r.props.queue;
      w.resource('aws_sqs_queue_policy', r.id, (b) =>
        b.attr('queue_url', expr(`aws_sqs_queue.${qn}.id`)).attr(
          'policy',
          new JsonEncode({
            Version: '2012-10-17',
            Statement: r.props.topics.map((t) => ({
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: expr(`aws_sqs_queue.${qn}.arn`),
              Condition: { ArnEquals: { 'aws:SourceArn': expr(`aws_sns_topic.${t}.arn`) } },
            })),
          }),
        ),
      );
    }
  }

  // ---- Serverless --------------------------------------------------------------------------
  const functions = plan.resources.ofType('function');
  if (planned.any('lambda-function', 'api-gateway'))
    w.section('Serverless: Lambda functions and API Gateway APIs');
  const fnRef = (fn: string, attr: string) => expr(`aws_lambda_function.${fn}.${attr}`);
  for (const r of plan.resources.resources) {
    if (r.by === 'lambda-function' && (r.type === 'role' || r.type === 'role policy attachment')) iamRole(r);
    else if (r.type === 'function') {
      const f = r.props.node;
      const { placeholder, subnets } = r.props.fn;
      w.data('archive_file', `${r.id}_code`, (b) =>
        b
          .attr('type', 'zip')
          .attr(
            'source_content',
            placeholder?.source ?? `Replace with the deployment package of "${f.label}".\n`,
          )
          .attr('source_content_filename', placeholder?.file ?? 'README.txt')
          .attr('output_path', expr(`"\${path.module}/build/${r.id}.zip"`)),
      );
      const groups = r.props.defaultGroupOf
        ? [expr(`aws_vpc.${r.props.defaultGroupOf}.default_security_group_id`)]
        : sgRefs(r.props.securityGroups);
      w.resource('aws_lambda_function', r.id, (b) => {
        b.attr('function_name', hyphen(r.id))
          .attr('role', expr(`aws_iam_role.${r.props.role}.arn`))
          .attr('runtime', prop(f, 'runtime'))
          .attr('handler', prop(f, 'handler'))
          .attr('memory_size', prop(f, 'memorySize'))
          .attr('timeout', prop(f, 'timeout'))
          .attr('filename', expr(`data.archive_file.${r.id}_code.output_path`))
          .attr('source_code_hash', expr(`data.archive_file.${r.id}_code.output_base64sha256`));
        if (subnets.length)
          b.blank().block('vpc_config', (v) =>
            v
              .attr(
                'subnet_ids',
                subnets.map((s) => expr(`aws_subnet.${s}.id`)),
              )
              .attr('security_group_ids', groups),
          );
        b.blank()
          .attr('tags', w.tags(f.label))
          .blank()
          .attr('depends_on', [expr(`aws_iam_role_policy_attachment.${r.props.role}`)]);
      });
    } else if (r.type === 'http api') {
      w.resource('aws_apigatewayv2_api', r.id, (b) =>
        b.attr('name', hyphen(r.id)).attr('protocol_type', 'HTTP').attr('tags', w.tags(r.props.node.label)),
      );
    } else if (r.type === 'http api stage') {
      w.resource('aws_apigatewayv2_stage', r.id, (b) =>
        b
          .attr('api_id', expr(`aws_apigatewayv2_api.${r.props.api}.id`))
          .attr('name', r.props.stage)
          .attr('auto_deploy', true),
      );
      w.output(`${r.id}_url`, 'Invoke URL of the API stage', `aws_apigatewayv2_stage.${r.id}.invoke_url`);
    } else if (r.type === 'security group' && r.by === 'traffic') {
      securityGroup(r);
    } else if (r.type === 'security group ingress rule' && r.by === 'traffic') {
      securityGroupRule(r);
    } else if (r.type === 'vpc link') {
      w.resource(
        'aws_apigatewayv2_vpc_link',
        r.id,
        (b) =>
          b
            .attr('name', hyphen(r.id))
            .attr(
              'subnet_ids',
              r.props.subnets.map((s) => expr(`aws_subnet.${s}.id`)),
            )
            .attr('security_group_ids', sgRefs(r.props.securityGroups))
            .attr('tags', w.tags(`${r.props.label} VPC link`)),
        `API Gateway reaches "${r.props.label}" privately through this VPC link V2.`,
      );
    } else if (r.type === 'rest vpc link') {
      w.resource(
        'aws_api_gateway_vpc_link',
        r.id,
        (b) =>
          b
            .attr('name', hyphen(r.id))
            .attr('target_arns', [expr(`aws_lb.${r.props.loadBalancer}.arn`)])
            .attr('tags', w.tags(`${r.props.label} VPC link`)),
        `REST APIs reach "${r.props.label}" privately through this VPC link V1 (legacy).`,
      );
    } else if (r.type === 'http api integration') {
      const t = r.props.target;
      w.resource('aws_apigatewayv2_integration', r.id, (b) => {
        b.attr('api_id', expr(`aws_apigatewayv2_api.${r.props.api}.id`));
        if (t.kind === 'function')
          b.attr('integration_type', 'AWS_PROXY')
            .attr('integration_uri', fnRef(t.fn, 'invoke_arn'))
            .attr('payload_format_version', '2.0');
        else
          b.attr('integration_type', 'HTTP_PROXY')
            .attr('integration_method', 'ANY')
            .attr('integration_uri', expr(`aws_lb_listener.${t.listener}.arn`))
            .attr('connection_type', 'VPC_LINK')
            .attr('connection_id', expr(`aws_apigatewayv2_vpc_link.${t.link.id}.id`))
            .attr('payload_format_version', '1.0');
        b.attr('timeout_milliseconds', r.props.timeoutMs);
      });
    } else if (r.type === 'http api route') {
      w.resource('aws_apigatewayv2_route', r.id, (b) =>
        b
          .attr('api_id', expr(`aws_apigatewayv2_api.${r.props.api}.id`))
          .attr('route_key', r.props.routeKey)
          .attr('target', expr(`"integrations/\${aws_apigatewayv2_integration.${r.props.integration}.id}"`)),
      );
    } else if (r.type === 'rest api') {
      const privateApi = r.props.endpointType === 'PRIVATE';
      w.resource('aws_api_gateway_rest_api', r.id, (b) => {
        b.attr('name', hyphen(r.id))
          .blank()
          .block('endpoint_configuration', (e) => e.attr('types', [r.props.endpointType]));
        if (privateApi) b.blank().attr('policy', new JsonEncode(PRIVATE_API_POLICY));
        b.blank().attr('tags', w.tags(r.props.node.label));
      });
    } else if (r.type === 'rest api resource') {
      const api = `aws_api_gateway_rest_api.${r.props.api}`;
      w.resource('aws_api_gateway_resource', r.id, (b) =>
        b
          .attr('rest_api_id', expr(`${api}.id`))
          .attr('parent_id', expr(`${api}.root_resource_id`))
          .attr('path_part', r.props.pathPart),
      );
    } else if (r.type === 'rest api method') {
      w.resource('aws_api_gateway_method', r.id, (b) =>
        b
          .attr('rest_api_id', expr(`aws_api_gateway_rest_api.${r.props.api}.id`))
          .attr('resource_id', expr(`aws_api_gateway_resource.${r.props.resource}.id`))
          .attr('http_method', 'ANY')
          .attr('authorization', 'NONE')
          .attr('request_parameters', r.props.proxy ? { [PROXY_PARAM.method]: true } : undefined),
      );
    } else if (r.type === 'rest api integration') {
      const t = r.props.target;
      w.resource('aws_api_gateway_integration', r.id, (b) => {
        b.attr('rest_api_id', expr(`aws_api_gateway_rest_api.${r.props.api}.id`))
          .attr('resource_id', expr(`aws_api_gateway_resource.${r.props.resource}.id`))
          .attr('http_method', expr(`aws_api_gateway_method.${r.props.method}.http_method`));
        if (t.kind === 'function')
          b.attr('type', 'AWS_PROXY')
            .attr('integration_http_method', 'POST')
            .attr('uri', fnRef(t.fn, 'invoke_arn'));
        else
          b.attr('type', 'HTTP_PROXY')
            .attr('integration_http_method', 'ANY')
            .attr(
              'uri',
              expr(
                `"${t.tls ? 'https' : 'http'}://\${aws_lb.${t.loadBalancer}.dns_name}:${t.port}${r.props.path}"`,
              ),
            )
            .attr('connection_type', 'VPC_LINK')
            .attr(
              'connection_id',
              expr(
                t.link.version === 'v2'
                  ? `aws_apigatewayv2_vpc_link.${t.link.id}.id`
                  : `aws_api_gateway_vpc_link.${t.link.id}.id`,
              ),
            )
            .attr(
              'integration_target',
              t.link.version === 'v2' ? expr(`aws_lb.${t.loadBalancer}.arn`) : undefined,
            )
            .attr(
              'request_parameters',
              r.props.proxy ? { [PROXY_PARAM.integration]: PROXY_PARAM.method } : undefined,
            );
        b.attr('timeout_milliseconds', r.props.timeoutMs);
      });
    } else if (r.type === 'rest api deployment') {
      w.resource(
        'aws_api_gateway_deployment',
        r.id,
        (b) =>
          b
            .attr('rest_api_id', expr(`aws_api_gateway_rest_api.${r.props.api}.id`))
            .blank()
            .attr('depends_on', [
              ...r.props.methods.map((m) => expr(`aws_api_gateway_method.${m}`)),
              ...r.props.integrations.map((i) => expr(`aws_api_gateway_integration.${i}`)),
            ]),
        'A deployment snapshots the API; its methods and integrations must exist first.',
      );
    } else if (r.type === 'rest api stage') {
      w.resource('aws_api_gateway_stage', r.id, (b) =>
        b
          .attr('rest_api_id', expr(`aws_api_gateway_rest_api.${r.props.api}.id`))
          .attr('deployment_id', expr(`aws_api_gateway_deployment.${r.props.deployment}.id`))
          .attr('stage_name', r.props.stage),
      );
      w.output(`${r.id}_url`, 'Invoke URL of the API stage', `aws_api_gateway_stage.${r.id}.invoke_url`);
    } else if (r.type === 'function permission') {
      const api = r.props.rest
        ? `aws_api_gateway_rest_api.${r.props.api}`
        : `aws_apigatewayv2_api.${r.props.api}`;
      w.resource(
        'aws_lambda_permission',
        r.id,
        (b) =>
          b
            .attr('statement_id', 'AllowApiGatewayInvoke')
            .attr('action', 'lambda:InvokeFunction')
            .attr('function_name', fnRef(r.props.fn, 'function_name'))
            .attr('principal', 'apigateway.amazonaws.com')
            .attr('source_arn', expr(`"\${${api}.execution_arn}/*"`)),
        'API Gateway may invoke the function from any stage, method and path of the API.',
      );
    }
  }

  // ---- Edge and storage --------------------------------------------------------------------
  if (planned.any('s3-bucket', 'cloudfront-distribution', 'route53-zone')) w.section('Storage, CDN and DNS');
  const pascalName = (n: string) => n.replace(/(^|_)([a-z0-9])/g, (_m, _u, c: string) => c.toUpperCase());
  const distribution = (r: PlannedResource<'distribution'>) => {
    const d = r.props.node;
    const dn = r.id;
    const { origins, cachePolicy } = r.props;
    const aliases = d.props.aliases ?? [];
    const behaviour = (c: Body, o: PlannedOrigin, isDefault: boolean) => {
      const s3 = o.target.kind === 'bucket';
      if (o.pathPattern) c.attr('path_pattern', o.pathPattern);
      c.attr('target_origin_id', o.id)
        .attr('viewer_protocol_policy', prop(d, 'viewerProtocolPolicy'))
        .attr(
          'allowed_methods',
          s3 ? ['GET', 'HEAD'] : ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
        )
        .attr('cached_methods', ['GET', 'HEAD'])
        .attr('compress', true);
      if (isDefault && cachePolicy)
        c.attr('cache_policy_id', expr(`aws_cloudfront_cache_policy.${cachePolicy}.id`));
      else if (s3) c.attr('cache_policy_id', CLOUDFRONT_MANAGED.cachingOptimized);
      else
        c.attr('cache_policy_id', CLOUDFRONT_MANAGED.cachingDisabled).attr(
          'origin_request_policy_id',
          CLOUDFRONT_MANAGED.allViewerExceptHostHeader,
        );
    };
    w.resource(
      'aws_cloudfront_distribution',
      dn,
      (b) => {
        b.attr('enabled', true)
          .attr('comment', d.label)
          .attr('default_root_object', prop(d, 'defaultRootObject'))
          .attr('price_class', prop(d, 'priceClass'))
          .attr('aliases', aliases.length ? aliases : undefined);
        for (const o of origins) {
          b.blank().block('origin', (ob) => {
            ob.attr('origin_id', o.id).attr('origin_path', o.originPath);
            const t = o.target;
            if (t.kind === 'bucket') {
              ob.attr('domain_name', expr(`aws_s3_bucket.${t.bucket}.bucket_regional_domain_name`)).attr(
                'origin_access_control_id',
                expr(`aws_cloudfront_origin_access_control.${t.accessControl}.id`),
              );
              return;
            }
            ob.attr(
              'domain_name',
              t.kind === 'load balancer'
                ? expr(`aws_lb.${t.loadBalancer}.dns_name`)
                : t.kind === 'instance'
                  ? expr(`aws_instance.${t.instance}${t.count > 1 ? '[0]' : ''}.public_dns`)
                  : t.kind === 'api'
                    ? expr(
                        `"\${${t.rest ? 'aws_api_gateway_rest_api' : 'aws_apigatewayv2_api'}.${t.api}.id}.execute-api.\${var.region}.amazonaws.com"`,
                      )
                    : t.domain,
            )
              .blank()
              .block('custom_origin_config', (c) =>
                c
                  .attr('http_port', 80)
                  .attr('https_port', 443)
                  .attr('origin_protocol_policy', t.kind === 'custom' ? t.protocolPolicy : 'https-only')
                  .attr('origin_ssl_protocols', ['TLSv1.2']),
              );
          });
        }
        b.blank().block('default_cache_behavior', (c) => behaviour(c, origins[0]!, true));
        for (const o of origins.slice(1))
          b.blank().block('ordered_cache_behavior', (c) => behaviour(c, o, false));
        b.blank().block('restrictions', (rb) =>
          rb.block('geo_restriction', (g) => g.attr('restriction_type', 'none')),
        );
        b.blank().block('viewer_certificate', (v) => {
          if (aliases.length)
            v.attr('acm_certificate_arn', w.certificate('cloudfront'))
              .attr('ssl_support_method', 'sni-only')
              .attr('minimum_protocol_version', 'TLSv1.2_2021');
          else v.attr('cloudfront_default_certificate', true);
        });
        b.blank().attr('tags', w.tags(d.label));
      },
      distributionComment(origins),
    );
    w.output(
      `${dn}_domain_name`,
      `Domain name of the distribution "${d.label}"`,
      `aws_cloudfront_distribution.${dn}.domain_name`,
    );
  };
  const bucketId = (bn: string) => expr(`aws_s3_bucket.${bn}.id`);
  for (const r of plan.resources.resources) {
    if (r.type === 'kms key') {
      // A key of our own: the AWS managed aws/s3 key cannot grant CloudFront decryption.
      const { readers, label } = r.props;
      w.resource(
        'aws_kms_key',
        r.id,
        (b) =>
          b
            .attr('description', `Encrypts the bucket "${label}"`)
            .attr('enable_key_rotation', true)
            .attr('deletion_window_in_days', 30)
            .attr(
              'policy',
              new JsonEncode({
                Version: '2012-10-17',
                Statement: [
                  {
                    Sid: 'AccountAdministers',
                    Effect: 'Allow',
                    Principal: {
                      AWS: expr(
                        `"arn:\${data.aws_partition.current.partition}:iam::\${data.aws_caller_identity.current.account_id}:root"`,
                      ),
                    },
                    Action: 'kms:*',
                    Resource: '*',
                  },
                  ...readers.map((d) => ({
                    Sid: `CloudFront${pascalName(d)}Decrypts`,
                    Effect: 'Allow',
                    Principal: { Service: 'cloudfront.amazonaws.com' },
                    Action: 'kms:Decrypt',
                    Resource: '*',
                    Condition: {
                      StringEquals: { 'AWS:SourceArn': expr(`aws_cloudfront_distribution.${d}.arn`) },
                    },
                  })),
                ],
              }),
            )
            .attr('tags', w.tags(`${label} key`)),
        readers.length
          ? `SSE-KMS key of "${label}"; the distributions reading the bucket may decrypt with it.`
          : `SSE-KMS key of "${label}".`,
      );
    } else if (r.type === 'bucket') {
      const s = r.props.node;
      w.resource('aws_s3_bucket', r.id, (b) =>
        b.attr('bucket', s.props.bucketName).attr('tags', w.tags(s.label)),
      );
    } else if (r.type === 'bucket versioning') {
      w.resource('aws_s3_bucket_versioning', r.id, (b) =>
        b
          .attr('bucket', bucketId(r.props.bucket))
          .blank()
          .block('versioning_configuration', (v) => v.attr('status', 'Enabled')),
      );
    } else if (r.type === 'bucket public access block') {
      const { block } = r.props;
      w.resource('aws_s3_bucket_public_access_block', r.id, (b) =>
        b
          .attr('bucket', bucketId(r.props.bucket))
          .attr('block_public_acls', block)
          .attr('block_public_policy', block)
          .attr('ignore_public_acls', block)
          .attr('restrict_public_buckets', block),
      );
    } else if (r.type === 'bucket encryption') {
      const { kmsKey } = r.props;
      w.resource('aws_s3_bucket_server_side_encryption_configuration', r.id, (b) =>
        b
          .attr('bucket', bucketId(r.props.bucket))
          .blank()
          .block('rule', (rb) => {
            rb.attr('bucket_key_enabled', kmsKey ? true : undefined).block(
              'apply_server_side_encryption_by_default',
              (d) =>
                d
                  .attr('sse_algorithm', kmsKey ? 'aws:kms' : 'AES256')
                  .attr('kms_master_key_id', kmsKey ? expr(`aws_kms_key.${kmsKey}.arn`) : undefined),
            );
          }),
      );
    } else if (r.type === 'bucket website') {
      w.resource('aws_s3_bucket_website_configuration', r.id, (b) =>
        b
          .attr('bucket', bucketId(r.props.bucket))
          .blank()
          .block('index_document', (d) => d.attr('suffix', 'index.html')),
      );
    }
  }
  if (plan.resources.ofType('kms key').length) {
    w.data('aws_caller_identity', 'current', () => {});
    w.partition();
  }
  for (const r of plan.resources.resources) {
    if (r.type === 'origin access control') {
      w.resource(
        'aws_cloudfront_origin_access_control',
        r.id,
        (b) =>
          b
            .attr('name', hyphen(r.id))
            .attr('origin_access_control_origin_type', 's3')
            .attr('signing_behavior', 'always')
            .attr('signing_protocol', 'sigv4'),
        `CloudFront "${r.props.label}" reads the bucket "${r.props.bucketLabel}" through origin access control.`,
      );
    } else if (r.type === 'cache policy') {
      const { minTtl, defaultTtl, maxTtl, label } = r.props;
      const caching = defaultTtl > 0 || maxTtl > 0;
      w.resource(
        'aws_cloudfront_cache_policy',
        r.id,
        (b) =>
          b
            .attr('name', `${hyphen(r.id)}-ttl`)
            .attr('comment', `TTLs of "${label}" from the board`)
            .attr('min_ttl', minTtl)
            .attr('default_ttl', defaultTtl)
            .attr('max_ttl', maxTtl)
            .blank()
            .block('parameters_in_cache_key_and_forwarded_to_origin', (p) =>
              p
                .attr('enable_accept_encoding_brotli', caching)
                .attr('enable_accept_encoding_gzip', caching)
                .blank()
                .block('cookies_config', (c) => c.attr('cookie_behavior', 'none'))
                .blank()
                .block('headers_config', (c) => c.attr('header_behavior', 'none'))
                .blank()
                .block('query_strings_config', (c) => c.attr('query_string_behavior', 'none')),
            ),
        `Cache policy with the TTLs set on "${label}" (its default behaviour).`,
      );
    } else if (r.type === 'distribution') distribution(r);
  }
  for (const r of plan.resources.ofType('bucket policy')) {
    const bn = r.props.bucket;
    w.resource(
      'aws_s3_bucket_policy',
      r.id,
      (b) =>
        b.attr('bucket', bucketId(bn)).attr(
          'policy',
          new JsonEncode({
            Version: '2012-10-17',
            Statement: r.props.readers.map((d) => ({
              Sid: `AllowCloudFront${pascalName(d)}`,
              Effect: 'Allow',
              Principal: { Service: 'cloudfront.amazonaws.com' },
              Action: 's3:GetObject',
              Resource: expr(`"\${aws_s3_bucket.${bn}.arn}/*"`),
              Condition: {
                StringEquals: { 'AWS:SourceArn': expr(`aws_cloudfront_distribution.${d}.arn`) },
              },
            })),
          }),
        ),
      `Only CloudFront may read "${r.props.label}".`,
    );
  }
  for (const z of plan.resources.ofType('hosted zone')) {
    const { privateVpc } = z.props;
    w.resource('aws_route53_zone', z.id, (b) => {
      b.attr('name', z.props.domain);
      if (privateVpc)
        b.blank()
          .block('vpc', (v) => v.attr('vpc_id', expr(`aws_vpc.${privateVpc}.id`)))
          .blank();
      b.attr('tags', w.tags(z.props.label));
    });
  }

  // ---- Files -------------------------------------------------------------------------------
  const snapshotSuffix = plan.resources.ofType('final snapshot suffix')[0];
  if (snapshotSuffix)
    w.resource(
      'random_id',
      snapshotSuffix.id,
      (b) => b.attr('byte_length', 4),
      "Suffix of the final snapshots taken when a database is destroyed: new for every create, so a\nsecond destroy does not collide with the first one's snapshot.",
    );
  const header: BodyItem[] = [];
  const title = `Terraform for the Stratus board "${board.name}". Generated by \`stratus export\`.`;
  header.push({ t: 'comment', text: title });
  for (const line of errorLines(opts.diagnostics ?? boardDiagnostics(board)))
    header.push({ t: 'comment', text: line });
  if (plan.warnings.length) {
    header.push({ t: 'comment', text: '' }, { t: 'comment', text: 'Export notes:' });
    for (const warning of plan.warnings) header.push({ t: 'comment', text: `  - ${warning}` });
  }
  header.push({ t: 'blank' });
  header.push({
    t: 'block',
    block: block('terraform', [], (b) =>
      b
        .attr('required_version', '>= 1.5.0')
        .blank()
        .block('required_providers', (r) => {
          r.attr('aws', { source: 'hashicorp/aws', version: AWS_PROVIDER_VERSION });
          if (snapshotSuffix)
            r.attr('random', { source: 'hashicorp/random', version: RANDOM_PROVIDER_VERSION });
          if (functions.length)
            r.attr('archive', { source: 'hashicorp/archive', version: ARCHIVE_PROVIDER_VERSION });
        }),
    ),
  });
  header.push({ t: 'blank' });
  w.variable('region', 'AWS region to deploy to (from the board)', 'string', plan.region, {
    validation: {
      condition: 'can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", var.region))',
      message: 'region must be an AWS region name such as us-east-1.',
    },
  });
  header.push({
    t: 'block',
    block: block('provider', ['aws'], (b) =>
      b
        .attr('region', expr('var.region'))
        .blank()
        .block('default_tags', (d) => d.attr('tags', { ManagedBy: 'stratus', StratusBoard: board.name })),
    ),
  });
  header.push({ t: 'blank' });

  const main = renderFile([...header, ...w.items]);
  const varItems: BodyItem[] = [];
  const tfvars: BodyItem[] = [
    {
      t: 'comment',
      text: `Inputs of the Terraform for "${board.name}". Copy to terraform.tfvars and fill in.`,
    },
    { t: 'comment', text: 'Lines left commented keep the default shown.' },
    { t: 'blank' },
  ];
  const sortedVars = [...w.variables].sort(([a], [b]) =>
    a === 'region' ? -1 : b === 'region' ? 1 : a < b ? -1 : 1,
  );
  for (const [vn, v] of sortedVars) {
    varItems.push({
      t: 'block',
      block: block('variable', [vn], (b) => {
        b.attr('description', v.description).attr('type', expr(v.type)).attr('default', v.default);
        if (v.validation)
          b.blank().block('validation', (vb) =>
            vb.attr('condition', expr(v.validation!.condition)).attr('error_message', v.validation!.message),
          );
      }),
    });
    varItems.push({ t: 'blank' });
    tfvars.push({ t: 'comment', text: v.description });
    const shown = renderFile([{ t: 'attr', name: vn, value: v.default ?? v.example ?? '' }]).trimEnd();
    if (v.default !== undefined) tfvars.push({ t: 'comment', text: shown });
    else tfvars.push({ t: 'attr', name: vn, value: v.example ?? '' });
    tfvars.push({ t: 'blank' });
  }
  const outItems: BodyItem[] = [];
  for (const o of w.outputs) {
    outItems.push({
      t: 'block',
      block: block('output', [o.name], (b) =>
        b.attr('description', o.description).attr('value', expr(o.value)),
      ),
    });
    outItems.push({ t: 'blank' });
  }
  const files: Record<string, string> = { 'main.tf': main, 'variables.tf': renderFile(varItems) };
  if (outItems.length) files['outputs.tf'] = renderFile(outItems);
  files['terraform.tfvars.example'] = renderFile(tfvars);
  if (natScript) files['nat-instance.sh'] = NAT_INSTANCE_USER_DATA;
  files['README.md'] = terraformReadme(board, {
    required: sortedVars.filter(([, v]) => v.default === undefined).map(([n, v]) => [n, v.description]),
    optional: sortedVars.filter(([, v]) => v.default !== undefined).map(([n, v]) => [n, v.description]),
    outputs: w.outputs.map((o) => [o.name, o.description]),
    warnings: plan.warnings,
    deletionProtection: plan.choices.deletionProtection,
  });
  return { files, warnings: [...plan.warnings] };
}
