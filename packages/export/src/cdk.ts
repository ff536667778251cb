/**
 * Board → an AWS CDK v2 app in TypeScript (bin/app.ts + lib/<name>-stack.ts) built from the
 * CloudFormation-level (L1) constructs, so every resource and property maps one-to-one to the
 * board and to docs/export.md. No AWS lookups: the stack is environment-agnostic and synthesizes
 * offline. Pure and deterministic.
 */
import type { Board } from '@stratus/model';
import { type Diagnostic, errorLines } from './diagnostics.ts';
import { boardDiagnostics } from './validate.ts';
import { NameRegistry, awsId, camel, hyphen, pascal } from './names.ts';
import { PRIVATE_API_POLICY, PROXY_PARAM, assumeRolePolicy } from './planners.ts';
import { cdkReadme } from './readme.ts';
import {
  CLOUDFRONT_MANAGED,
  type ExportChoices,
  type ExportPlan,
  NAT_INSTANCE_USER_DATA,
  engineVersionOf,
  planBoard,
  prop,
} from './resolve.ts';
import {
  type AclRef,
  type PlannedOrigin,
  type PlannedResource,
  type PlannedType,
  type SecurityGroupRule,
  distributionComment,
} from './plan.ts';
import { type Code, type TsObject, type TsValue, code, str, tsValue } from './ts.ts';

export const CDK_VERSIONS = {
  'aws-cdk-lib': '2.276.0',
  constructs: '10.8.1',
  // The CLI must read aws-cdk-lib's cloud assembly schema (55.x for 2.276.0); 2.1033.0 stopped at 48.
  'aws-cdk': '2.1149.0',
  typescript: '5.9.3',
  '@types/node': '20.19.25',
  tsx: '4.23.15',
} as const;

export interface CdkOptions extends ExportChoices {
  diagnostics?: readonly Diagnostic[];
}
export interface CdkResult {
  files: Record<string, string>;
  warnings: string[];
  /** The stack class name and its module path inside the app. */
  stackClass: string;
  stackFile: string;
}

const MODULES: Record<string, string> = {
  ec2: 'aws_ec2',
  elbv2: 'aws_elasticloadbalancingv2',
  rds: 'aws_rds',
  dynamodb: 'aws_dynamodb',
  elasticache: 'aws_elasticache',
  redshift: 'aws_redshift',
  sqs: 'aws_sqs',
  sns: 'aws_sns',
  s3: 'aws_s3',
  cloudfront: 'aws_cloudfront',
  kms: 'aws_kms',
  route53: 'aws_route53',
  ecs: 'aws_ecs',
  iam: 'aws_iam',
  autoscaling: 'aws_autoscaling',
  lambda: 'aws_lambda',
  apigateway: 'aws_apigateway',
  apigatewayv2: 'aws_apigatewayv2',
};

class CdkWriter {
  readonly lines: string[] = [];
  readonly used = new Set<string>();
  readonly ids = new NameRegistry('');
  /** Variable per node id (for node.kind ec2-instance with count > 1: an array). */
  readonly vars = new Map<string, string>();
  readonly params = new Map<string, string>();
  readonly paramLines: string[] = [];
  readonly paramDocs: [string, string][] = [];
  constructor(readonly plan: ExportPlan) {}

  section(title: string) {
    if (this.lines.length) this.lines.push('');
    this.lines.push(`    // ---- ${title} ${'-'.repeat(Math.max(4, 88 - title.length))}`);
  }
  comment(text: string) {
    this.lines.push('', ...text.split('\n').map((l) => `    // ${l}`));
  }
  /** `const <var> = new <mod>.<Class>(this, '<Id>', {...});` Returns the variable name. */
  construct(
    mod: string,
    cls: string,
    base: string,
    props: TsObject,
    opts: { comment?: string; bare?: boolean } = {},
  ): string {
    this.used.add(mod);
    const id = this.ids.claim(pascal(base));
    const v = camel(id);
    if (opts.comment) this.comment(opts.comment);
    else if (!this.lines[this.lines.length - 1]?.endsWith('----')) this.lines.push('');
    const head = opts.bare ? '' : `const ${v} = `;
    let line = `    ${head}new ${mod}.${cls}(this, ${str(id)}, ${tsValue(props, '    ')});`;
    if (line.length > 110 && !line.includes('\n'))
      line = `    ${head}new ${mod}.${cls}(this, ${str(id)}, ${tsValue(props, '    ', true)});`;
    this.lines.push(line);
    return v;
  }
  raw(line: string) {
    this.lines.push(`    ${line}`);
  }
  param(name: string, props: TsObject): Code {
    if (!this.params.has(name)) {
      const v = camel(name);
      this.params.set(name, v);
      this.paramDocs.push([name, String(props.description ?? '')]);
      this.paramLines.push(
        `    const ${v} = new cdk.CfnParameter(this, ${str(name)}, ${tsValue(props, '    ')});`,
      );
    }
    return code(`${this.params.get(name)}.valueAsString`);
  }
  /** AMIs given on the board belong to its region: a mapping region → AMI, read with Fn::FindInMap. */
  readonly amis = new Map<string, string>();
  ami(key: string, ami: string): Code {
    this.amis.set(key, ami);
    return code(`cdk.Fn.findInMap('BoardAmis', cdk.Aws.REGION, ${str(key)})`);
  }
  /** An instance's or launch template's image: the board's AMI, else the latest Amazon Linux 2023 of `arch`. */
  imageId(id: string, ami: string | undefined, arch: 'x86_64' | 'arm64'): Code {
    return ami
      ? this.ami(pascal(id), ami)
      : this.param(`LatestAl2023${arch === 'arm64' ? 'Arm64' : 'X8664'}`, {
          type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>',
          default: `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`,
          description: `Latest Amazon Linux 2023 AMI (${arch})`,
        });
  }
  /** A stack output other stacks can import (`Fn::ImportValue` of `<stack>-<Id>`). */
  output(base: string, value: string, description: string) {
    const id = this.ids.claim(pascal(base));
    this.raw(
      `new cdk.CfnOutput(this, ${str(id)}, { value: ${value}, description: ${str(description)}, exportName: \`\${cdk.Aws.STACK_NAME}-${id}\` });`,
    );
  }
  /** A board zone as the region's zone of the same rank (Fn::GetAZs): no zone name is hard-coded. */
  zone(zone: string | undefined): TsValue {
    return zone === undefined
      ? undefined
      : code(`cdk.Fn.select(${this.plan.azIndex(zone)}, cdk.Fn.getAzs())`);
  }
  policies(v: string, deletion: 'SNAPSHOT' | 'RETAIN' | 'DELETE', replace = deletion) {
    this.raw(`${v}.cfnOptions.deletionPolicy = cdk.CfnDeletionPolicy.${deletion};`);
    this.raw(`${v}.cfnOptions.updateReplacePolicy = cdk.CfnDeletionPolicy.${replace};`);
  }
  certificate(kind: 'alb' | 'cloudfront'): Code {
    const c = this.plan.choices;
    return kind === 'alb'
      ? this.param('AlbCertificateArn', {
          type: 'String',
          default: c.albCertificateArn,
          allowedPattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$',
          description:
            'ARN of an ACM certificate in the deployment region, for the HTTPS/TLS listeners of the load balancers',
        })
      : this.param('CloudFrontCertificateArn', {
          type: 'String',
          default: c.cloudfrontCertificateArn,
          allowedPattern: '^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/.+$',
          description:
            "ARN of an ACM certificate in us-east-1 (CloudFront only accepts those) covering the distributions' aliases",
        });
  }
  tags(label: string): TsValue {
    return [{ key: 'Name', value: label }];
  }
}

const PROTO_NUMBER: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, all: -1 };

export function stackClassName(board: Board): string {
  const p = pascal(
    board.name
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .toLowerCase(),
  );
  return `${/^[A-Za-z]/.test(p) ? p : `Board${p}`}Stack`;
}

export function exportCdk(board: Board, opts: CdkOptions = {}): CdkResult {
  const plan = planBoard(board, opts);
  const protect = plan.choices.deletionProtection;
  const w = new CdkWriter(plan);

  // ---- Network -----------------------------------------------------------------------------
  if (plan.resources.any('vpc')) w.section('Network: VPCs, subnets, gateways');
  if (plan.zones.length)
    w.comment(
      `Zones by rank in the deployment region: ${plan.zones.map((z, i) => `Fn::Select(${i}, Fn::GetAZs) stands for the board's ${z}`).join(', ')}.`,
    );
  // Constructs of planned resources by `type:id` (nodes' ones also in w.vars by node id).
  const planned = new Map<string, string>();
  const set = (type: string, id: string, v: string, node?: string) => {
    planned.set(`${type}:${id}`, v);
    if (node) w.vars.set(node, v);
  };
  const get = (type: string, id: string) => code(`${planned.get(`${type}:${id}`)}.ref`);
  // An instance with copies (count) is an array of constructs: referred to by its first.
  const copies = new Set(plan.resources.ofType('instance').flatMap((r) => (r.count ? [r.id] : [])));
  const instanceRef = (id: string, many: boolean) =>
    code(`${planned.get(`instance:${id}`)}${many ? '[0]!' : ''}.ref`);
  for (const r of plan.resources.resources) {
    if (r.type === 'vpc') {
      const v = r.props.node;
      const c = w.construct('ec2', 'CfnVPC', r.id, {
        cidrBlock: prop(v, 'cidr'),
        enableDnsSupport: prop(v, 'enableDnsSupport'),
        enableDnsHostnames: prop(v, 'enableDnsHostnames'),
        instanceTenancy: prop(v, 'instanceTenancy'),
        tags: w.tags(v.label),
      });
      set(r.type, r.id, c, v.id);
      w.output(`${r.id}_id`, `${c}.ref`, `ID of the VPC "${v.label}"`);
    } else if (r.type === 'subnet') {
      const s = r.props.node;
      const c = w.construct('ec2', 'CfnSubnet', r.id, {
        vpcId: get('vpc', r.props.vpc),
        cidrBlock:
          s.props.cidr ??
          w.param(`${pascal(r.id)}Cidr`, {
            type: 'String',
            description: `IPv4 CIDR of the subnet "${s.label}"`,
          }),
        availabilityZone: w.zone(r.props.zone),
        mapPublicIpOnLaunch: prop(s, 'mapPublicIpOnLaunch'),
        tags: w.tags(s.label),
      });
      set(r.type, r.id, c, s.id);
      w.output(`${r.id}_id`, `${c}.ref`, `ID of the subnet "${s.label}"`);
    } else if (r.type === 'internet gateway') {
      const g = r.props.node;
      set(r.type, r.id, w.construct('ec2', 'CfnInternetGateway', r.id, { tags: w.tags(g.label) }), g.id);
    } else if (r.type === 'internet gateway attachment') {
      set(
        r.type,
        r.id,
        w.construct('ec2', 'CfnVPCGatewayAttachment', r.id, {
          vpcId: get('vpc', r.props.vpc),
          internetGatewayId: get('internet gateway', r.props.gateway),
        }),
      );
    } else if (r.type === 'elastic ip') {
      const drawn = r.from.node && plan.index.nodes.get(r.from.node)?.kind === 'elastic-ip';
      set(
        r.type,
        r.id,
        w.construct(
          'ec2',
          'CfnEIP',
          r.id,
          { domain: 'vpc', tags: w.tags(r.props.label) },
          { comment: r.props.comment },
        ),
        drawn ? r.from.node : undefined,
      );
    } else if (r.type === 'nat gateway') {
      const n = r.props.node;
      const { eip, subnet, internetGateway } = r.props;
      const v = w.construct('ec2', 'CfnNatGateway', r.id, {
        connectivityType: prop(n, 'connectivity'),
        allocationId: eip ? code(`${planned.get(`elastic ip:${eip}`)}.attrAllocationId`) : undefined,
        subnetId: subnet ? get('subnet', subnet) : undefined,
        tags: w.tags(n.label),
      });
      set(r.type, r.id, v, n.id);
      if (internetGateway)
        w.raw(
          `${v}.node.addDependency(${planned.get(`internet gateway attachment:${internetGateway}_attachment`)});`,
        );
    } else if (r.type === 'peering') {
      set(
        r.type,
        r.id,
        w.construct(
          'ec2',
          'CfnVPCPeeringConnection',
          r.id,
          {
            vpcId: get('vpc', r.props.vpc),
            peerVpcId: get('vpc', r.props.peerVpc),
            tags: w.tags(r.props.label),
          },
          { comment: 'Same account and region: accepted automatically.' },
        ),
        r.from.edge,
      );
    } else if (r.type === 'transit gateway') {
      const g = r.props.node;
      // With route tables of its own, the attachments are associated explicitly.
      const flag = (on: boolean | undefined) => (r.props.ownTable || on === false ? 'disable' : 'enable');
      const c = w.construct(
        'ec2',
        'CfnTransitGateway',
        r.id,
        {
          amazonSideAsn: prop(g, 'amazonSideAsn'),
          defaultRouteTableAssociation: flag(prop(g, 'defaultRouteTableAssociation')),
          defaultRouteTablePropagation: flag(prop(g, 'defaultRouteTablePropagation')),
          tags: w.tags(g.label),
        },
        {
          comment: r.props.ownTable
            ? 'Its own route tables below: the attachments are associated with them explicitly.'
            : undefined,
        },
      );
      set(r.type, r.id, c, g.id);
      w.output(`${r.id}_id`, `${c}.ref`, `ID of the transit gateway "${g.label}"`);
    } else if (r.type === 'transit gateway attachment') {
      const a = r.props;
      set(
        r.type,
        r.id,
        w.construct('ec2', 'CfnTransitGatewayAttachment', `${r.id}_attachment`, {
          transitGatewayId: get('transit gateway', a.gateway),
          vpcId: get('vpc', a.vpc),
          subnetIds: a.subnets.map((sn) => get('subnet', sn)),
          tags: w.tags(a.label),
        }),
      );
    } else if (r.type === 'transit gateway route table') {
      set(
        r.type,
        r.id,
        w.construct('ec2', 'CfnTransitGatewayRouteTable', r.id, {
          transitGatewayId: get('transit gateway', r.props.gateway),
          tags: w.tags(r.props.label),
        }),
      );
    } else if (
      r.type === 'transit gateway route table association' ||
      r.type === 'transit gateway route table propagation'
    ) {
      const association = r.type === 'transit gateway route table association';
      w.construct(
        'ec2',
        association ? 'CfnTransitGatewayRouteTableAssociation' : 'CfnTransitGatewayRouteTablePropagation',
        `${r.id}_${association ? 'association' : 'propagation'}`,
        {
          transitGatewayAttachmentId: get('transit gateway attachment', r.props.attachment),
          transitGatewayRouteTableId: get('transit gateway route table', r.props.table),
        },
        { bare: true },
      );
    } else if (r.type === 'transit gateway route') {
      const { attachment } = r.props;
      w.construct(
        'ec2',
        'CfnTransitGatewayRoute',
        r.id,
        {
          transitGatewayRouteTableId: get('transit gateway route table', r.props.table),
          destinationCidrBlock: r.props.cidr,
          transitGatewayAttachmentId: attachment ? get('transit gateway attachment', attachment) : undefined,
          blackhole: attachment ? undefined : true,
        },
        { bare: true },
      );
    }
  }

  // Internet gateway attachment per VPC node (routes to the gateway wait for it).
  const vpcNode = new Map(plan.resources.ofType('vpc').map((v) => [v.id, v.props.node.id]));
  const attachments = new Map<string, string>();
  for (const a of plan.resources.ofType('internet gateway attachment'))
    attachments.set(vpcNode.get(a.props.vpc)!, planned.get(`internet gateway attachment:${a.id}`)!);

  // ---- Security ----------------------------------------------------------------------------
  if (plan.resources.any('security-group', 'network-acl'))
    w.section('Security: security groups and network ACLs');
  const ruleProps = (p: SecurityGroupRule) => ({
    description: p.description,
    ipProtocol: p.protocol,
    fromPort: p.ports?.from,
    toPort: p.ports?.to,
  });
  const groupId = (id: string) => code(`${planned.get(`security group:${id}`)}.attrGroupId`);
  const securityGroup = (r: PlannedResource<'security group'>) => {
    const g = r.props;
    // Egress rules to CIDRs sit inline: listing any removes the AWS default "all outbound" rule,
    // as on the board (unset egress keeps the default). Rules to other groups are resources.
    const cidrRules = g.egress.filter((e) => e.type === 'security group egress rule');
    let egress: TsValue;
    if (g.listedEgress)
      egress = cidrRules.length
        ? cidrRules.map((e) => ({ ...ruleProps(e.props), cidrIp: (e.props.peer as { cidr: string }).cidr }))
        : [
            {
              description: 'Disallow all traffic',
              ipProtocol: 'icmp',
              fromPort: 252,
              toPort: 86,
              cidrIp: '255.255.255.255/32',
            },
          ];
    set(
      r.type,
      r.id,
      w.construct(
        'ec2',
        'CfnSecurityGroup',
        r.id,
        {
          groupName: g.groupName,
          groupDescription: g.description,
          vpcId: g.vpc ? get('vpc', g.vpc) : undefined,
          securityGroupEgress: egress,
          tags: w.tags(g.label),
        },
        { comment: g.comment },
      ),
      r.by === 'security-group' ? r.from.node : undefined,
    );
  };
  const securityGroupRule = (
    r: PlannedResource<'security group ingress rule' | 'security group egress rule to a group'>,
  ) => {
    const p = r.props;
    const { peer } = p;
    const ingress = r.type === 'security group ingress rule';
    w.construct(
      'ec2',
      ingress ? 'CfnSecurityGroupIngress' : 'CfnSecurityGroupEgress',
      r.id,
      {
        groupId: groupId(p.group),
        ...ruleProps(p),
        cidrIp:
          'cidr' in peer
            ? peer.cidr
            : 'subnetCidr' in peer
              ? code(`${planned.get(`subnet:${peer.subnetCidr}`)}.attrCidrBlock`)
              : undefined,
        [ingress ? 'sourceSecurityGroupId' : 'destinationSecurityGroupId']:
          'group' in peer ? groupId(peer.group) : undefined,
      },
      { bare: true },
    );
  };
  const securityGroups = (by: string) => {
    for (const r of plan.resources.resources) {
      if (r.by !== by) continue;
      if (r.type === 'security group') securityGroup(r);
      else if (r.type === 'security group ingress rule' || r.type === 'security group egress rule to a group')
        securityGroupRule(r);
    }
  };
  securityGroups('security-group');
  const aclIdOf = (acl: AclRef): Code =>
    'own' in acl
      ? get('network acl', acl.own)
      : code(`${planned.get(`vpc:${acl.defaultOf}`)}.attrDefaultNetworkAcl`);
  for (const r of plan.resources.resources) {
    if (r.type === 'network acl') {
      set(
        r.type,
        r.id,
        w.construct('ec2', 'CfnNetworkAcl', r.id, {
          vpcId: get('vpc', r.props.vpc),
          tags: w.tags(r.props.label),
        }),
      );
    } else if (r.type === 'network acl rule') {
      const p = r.props;
      if (p.note) w.comment(p.note);
      const { ports } = p;
      w.construct(
        'ec2',
        'CfnNetworkAclEntry',
        r.id,
        {
          networkAclId: aclIdOf(p.acl),
          ruleNumber: p.ruleNumber,
          egress: p.egress,
          protocol: PROTO_NUMBER[p.protocol],
          ruleAction: p.action,
          cidrBlock: p.cidr,
          portRange: ports && p.protocol !== 'icmp' ? { from: ports.from, to: ports.to } : undefined,
          icmp:
            ports && p.protocol === 'icmp' ? { type: ports.from, code: ports.to === -1 ? -1 : 0 } : undefined,
        },
        { bare: true },
      );
    } else if (r.type === 'network acl association') {
      if (r.props.note) w.comment(r.props.note);
      w.construct(
        'ec2',
        'CfnSubnetNetworkAclAssociation',
        r.id,
        {
          networkAclId: aclIdOf(r.props.acl),
          subnetId: get('subnet', r.props.subnet),
        },
        { bare: true },
      );
    }
  }

  // ---- Compute -----------------------------------------------------------------------------
  if (plan.resources.any('nat-instance', 'ec2-instance', 'load-balancer'))
    w.section('Compute: instances and load balancers');
  const natScript = plan.resources.ofType('instance').some((r) => r.props.natScript);
  const groupIds = (ids: string[]) => (ids.length ? ids.map(groupId) : undefined);
  for (const r of plan.resources.resources) {
    if (r.by !== 'nat-instance' && r.by !== 'ec2-instance') continue;
    if (r.type === 'security group') securityGroup(r);
    else if (r.type === 'security group ingress rule') securityGroupRule(r);
    else if (r.type === 'instance') {
      const p = r.props;
      const n = p.node;
      const count = r.count ?? 1;
      const subnetId = p.subnet ? get('subnet', p.subnet) : undefined;
      const sgIds = groupIds(p.securityGroups);
      const ami = w.imageId(r.id, p.ami, p.arch);
      const props = (label: TsValue): TsObject => ({
        imageId: ami,
        instanceType: p.instanceType,
        ...(p.publicIp
          ? {
              networkInterfaces: [
                { deviceIndex: '0', subnetId, associatePublicIpAddress: true, groupSet: sgIds },
              ],
            }
          : { subnetId, securityGroupIds: sgIds }),
        sourceDestCheck: p.sourceDestCheck,
        userData: p.natScript ? code('cdk.Fn.base64(NAT_INSTANCE_USER_DATA)') : undefined,
        tags: [{ key: 'Name', value: label }],
      });
      if (count > 1) {
        w.used.add('ec2');
        const idBase = w.ids.claim(pascal(r.id));
        const v = camel(idBase);
        const indices = Array.from({ length: count }, (_, i) => i + 1);
        w.comment(`"${n.label}": ${count} identical instances.`);
        w.raw(
          `const ${v} = ${tsValue(indices, '    ')}.map(\n      (i) =>\n        new ec2.CfnInstance(this, \`${idBase}${/\d$/.test(idBase) ? 'N' : ''}\${i}\`, ${tsValue(props(code(`\`${n.label.replace(/[`\\$]/g, '\\$&')} \${i}\``)), '        ')}),\n    );`,
        );
        set(r.type, r.id, v, n.id);
      } else {
        set(
          r.type,
          r.id,
          w.construct('ec2', 'CfnInstance', r.id, props(n.label), {
            comment: p.nat
              ? `NAT instance "${n.label}": source/destination check off so it can forward; its user data turns on\nIP forwarding and masquerading.`
              : undefined,
          }),
          n.id,
        );
      }
    } else if (r.type === 'elastic ip association') {
      w.construct(
        'ec2',
        'CfnEIPAssociation',
        `${r.id}_association`,
        {
          allocationId: code(`${planned.get(`elastic ip:${r.props.eip}`)}.attrAllocationId`),
          instanceId: instanceRef(r.props.instance, copies.has(r.props.instance)),
        },
        { bare: true },
      );
    }
  }
  // Route tables come after instances: routes may lead to a NAT instance.
  if (plan.resources.any('route')) w.section('Route tables');
  const tableVpc = new Map(plan.resources.ofType('route table').map((t) => [t.id, t.props.vpcNode]));
  for (const r of plan.resources.resources) {
    if (r.type === 'route table') {
      set(
        r.type,
        r.id,
        w.construct(
          'ec2',
          'CfnRouteTable',
          `${r.id}_route_table`,
          { vpcId: get('vpc', r.props.vpc), tags: w.tags(`${r.props.label} routes`) },
          { comment: r.props.comment },
        ),
      );
    } else if (r.type === 'route') {
      const t = r.props.target;
      const target: TsObject =
        t.type === 'internet gateway'
          ? { gatewayId: get(t.type, t.id) }
          : t.type === 'nat gateway'
            ? { natGatewayId: get(t.type, t.id) }
            : t.type === 'peering'
              ? { vpcPeeringConnectionId: get(t.type, t.id) }
              : t.type === 'transit gateway'
                ? { transitGatewayId: get(t.type, t.id) }
                : { instanceId: instanceRef(t.id, t.copies) };
      // Routes to a gateway wait for its attachment to the VPC (CloudFormation does not infer it).
      const att =
        t.type === 'internet gateway'
          ? attachments.get(tableVpc.get(r.props.table)!)
          : t.attachment
            ? planned.get(`transit gateway attachment:${t.attachment}`)
            : undefined;
      const route = w.construct(
        'ec2',
        'CfnRoute',
        r.id,
        {
          routeTableId: get('route table', r.props.table),
          destinationCidrBlock: r.props.cidr,
          ...target,
        },
        { bare: !att },
      );
      if (att) w.raw(`${route}.node.addDependency(${att});`);
    } else if (r.type === 'route table association') {
      w.construct(
        'ec2',
        'CfnSubnetRouteTableAssociation',
        `${r.id}_route_table_association`,
        {
          subnetId: get('subnet', r.props.subnet),
          routeTableId: get('route table', r.props.table),
        },
        { bare: true },
      );
    }
  }

  // ---- VPC endpoints ---------------------------------------------------------------------------
  if (plan.resources.any('gateway-endpoint', 'interface-endpoint')) w.section('VPC endpoints');
  for (const r of plan.resources.resources) {
    if (r.type !== 'gateway endpoint' && r.type !== 'interface endpoint') continue;
    const where: TsObject =
      r.type === 'gateway endpoint'
        ? { routeTableIds: r.props.routeTables.map((t) => get('route table', t)) }
        : {
            subnetIds: r.props.subnets.map((sn) => get('subnet', sn)),
            securityGroupIds: r.props.securityGroups.length ? r.props.securityGroups.map(groupId) : undefined,
            privateDnsEnabled: r.props.privateDns,
          };
    set(
      r.type,
      r.id,
      w.construct('ec2', 'CfnVPCEndpoint', r.id, {
        vpcId: get('vpc', r.props.vpc),
        serviceName: code(`\`com.amazonaws.\${cdk.Aws.REGION}.${r.props.service}\``),
        vpcEndpointType: r.type === 'gateway endpoint' ? 'Gateway' : 'Interface',
        ...where,
      }),
      r.props.node.id,
    );
  }
  const targetGroups = new Map<string, string>();
  // Listeners an ECS service waits for (it needs its target group attached to a load balancer).
  // Listeners other resources name: ECS services wait for theirs, HTTP API integrations send to theirs.
  const awaited = new Set([
    ...plan.resources.ofType('ecs service').flatMap((s) => s.props.listeners),
    ...plan.resources
      .ofType('http api integration')
      .flatMap((i) => (i.props.target.kind === 'load balancer' ? [i.props.target.listener] : [])),
  ]);
  // Each load balancer's DNS name as an output, after its listeners.
  let dnsOutput: string | undefined;
  const flushDnsOutput = () => {
    if (dnsOutput) w.raw(dnsOutput);
    dnsOutput = undefined;
  };
  for (const r of plan.resources.resources) {
    if (r.type === 'load balancer') {
      flushDnsOutput();
      const lb = r.props.node;
      const v = w.construct('elbv2', 'CfnLoadBalancer', r.id, {
        type: prop(lb, 'type'),
        scheme: prop(lb, 'scheme'),
        subnets: r.props.subnets.map((s) => get('subnet', s)),
        securityGroups: groupIds(r.props.securityGroups),
        loadBalancerAttributes: [
          { key: 'deletion_protection.enabled', value: String(protect) },
          ...(r.props.crossZone ? [{ key: 'load_balancing.cross_zone.enabled', value: 'true' }] : []),
        ],
        tags: w.tags(lb.label),
      });
      set(r.type, r.id, v, lb.id);
      dnsOutput = `new cdk.CfnOutput(this, ${str(`${pascal(r.id)}DnsName`)}, { value: ${v}.attrDnsName });`;
    } else if (r.type === 'target group') {
      const g = r.props;
      targetGroups.set(
        r.id,
        w.construct(
          'elbv2',
          'CfnTargetGroup',
          `${r.id}_targets`,
          {
            port: g.port,
            protocol: g.protocol,
            targetType: g.targetType,
            vpcId: g.vpc ? get('vpc', g.vpc) : undefined,
            targets: g.targets.length
              ? g.targets.flatMap((t) => {
                  const count = t.count ?? 1;
                  const iv = planned.get(`instance:${t.props.instance}`)!;
                  return Array.from({ length: count }, (_, i) => ({
                    id: code(count > 1 ? `${iv}[${i}]!.ref` : `${iv}.ref`),
                    port: t.props.port,
                  }));
                })
              : undefined,
            tags: w.tags(`${g.label} targets`),
          },
          {
            comment:
              g.targetType === 'ip'
                ? `Targets of "${g.label}": the ECS tasks its traffic edges lead to (registered by IP address).`
                : `Targets of "${g.label}": the instances its traffic edges lead to.`,
          },
        ),
      );
    } else if (r.type === 'listener') {
      const l = r.props;
      const v = w.construct(
        'elbv2',
        'CfnListener',
        r.id,
        {
          loadBalancerArn: get('load balancer', l.loadBalancer),
          port: l.port,
          protocol: l.protocol,
          sslPolicy: l.sslPolicy,
          certificates: l.certificate ? [{ certificateArn: w.certificate('alb') }] : undefined,
          defaultActions: [
            l.redirectTo !== undefined
              ? {
                  type: 'redirect',
                  redirectConfig: { port: String(l.redirectTo), protocol: 'HTTPS', statusCode: 'HTTP_301' },
                }
              : { type: 'forward', targetGroupArn: code(`${targetGroups.get(l.targetGroup)}.ref`) },
          ],
        },
        {
          bare: !awaited.has(r.id),
          comment:
            l.redirectTo !== undefined ? `Port ${l.port} redirects to HTTPS on ${l.redirectTo}.` : undefined,
        },
      );
      set(r.type, r.id, v);
    }
  }
  flushDnsOutput();

  // ---- Containers and Auto Scaling ---------------------------------------------------------
  if (plan.resources.any('ecs-service', 'autoscaling-group')) w.section('Containers and Auto Scaling groups');
  /** A role, with the managed policies of its attachments (CloudFormation lists them in the role). */
  const iamRole = (r: PlannedResource<'role'>) => {
    const p = r.props;
    const policies = plan.resources.ofType('role policy attachment').filter((a) => a.props.role === r.id);
    const v = w.construct(
      'iam',
      'CfnRole',
      r.id,
      {
        assumeRolePolicyDocument: assumeRolePolicy(p.service),
        managedPolicyArns: policies.map((a) =>
          code(`\`arn:\${cdk.Aws.PARTITION}:iam::aws:policy/${a.props.policy}\``),
        ),
        tags: p.tag === undefined ? undefined : w.tags(p.tag),
      },
      { comment: p.comment },
    );
    planned.set(`${r.type}:${r.id}`, v);
  };
  const lbRefs = (groups: string[]) =>
    groups.length ? groups.map((g) => code(`${targetGroups.get(g)}.ref`)) : undefined;
  for (const r of plan.resources.resources) {
    if (r.type === 'role' && r.by === 'ecs-service') iamRole(r);
    else if (r.type === 'ecs cluster') {
      set(r.type, r.id, w.construct('ecs', 'CfnCluster', `${r.id}_cluster`, { clusterName: r.props.name }));
    } else if (r.type === 'task definition') {
      const t = r.props;
      set(
        r.type,
        r.id,
        w.construct('ecs', 'CfnTaskDefinition', `${r.id}_task`, {
          family: t.family,
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: String(t.cpu),
          memory: String(t.memory),
          executionRoleArn: code(`${planned.get(`role:${t.role}`)}.attrArn`),
          containerDefinitions: t.containers,
        }),
      );
    } else if (r.type === 'ecs service') {
      const p = r.props;
      const v = w.construct(
        'ecs',
        'CfnService',
        `${r.id}_service`,
        {
          serviceName: hyphen(r.id),
          cluster: get('ecs cluster', p.cluster),
          taskDefinition: get('task definition', p.taskDefinition),
          launchType: 'FARGATE',
          desiredCount: p.desiredCount,
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: p.subnets.map((s) => get('subnet', s)),
              securityGroups: groupIds(p.securityGroups),
              assignPublicIp: p.assignPublicIp ? 'ENABLED' : 'DISABLED',
            },
          },
          loadBalancers: p.loadBalancers.length
            ? p.loadBalancers.map((l) => ({
                targetGroupArn: code(`${targetGroups.get(l.targetGroup)}.ref`),
                containerName: p.containerName,
                containerPort: l.containerPort,
              }))
            : undefined,
        },
        { bare: p.listeners.length === 0 },
      );
      // ECS accepts a target group only once it is attached to a load balancer.
      for (const l of p.listeners) w.raw(`${v}.addDependency(${planned.get(`listener:${l}`)});`);
    } else if (r.type === 'launch template') {
      const p = r.props;
      const sgIds = groupIds(p.securityGroups);
      set(
        r.type,
        r.id,
        w.construct('ec2', 'CfnLaunchTemplate', `${r.id}_launch_template`, {
          launchTemplateData: {
            imageId: w.imageId(r.id, p.ami, p.arch),
            instanceType: p.instanceType,
            ...(p.publicIp === undefined
              ? { securityGroupIds: sgIds }
              : {
                  networkInterfaces: [
                    { deviceIndex: 0, associatePublicIpAddress: p.publicIp, groups: sgIds },
                  ],
                }),
            tagSpecifications: [{ resourceType: 'instance', tags: w.tags(p.node.label) }],
          },
        }),
      );
    } else if (r.type === 'auto scaling group') {
      const p = r.props;
      const lt = planned.get(`launch template:${p.launchTemplate}`)!;
      w.construct(
        'autoscaling',
        'CfnAutoScalingGroup',
        r.id,
        {
          minSize: String(p.minSize),
          maxSize: String(p.maxSize),
          desiredCapacity: p.desiredCapacity === undefined ? undefined : String(p.desiredCapacity),
          vpcZoneIdentifier: p.subnets.map((s) => get('subnet', s)),
          targetGroupArns: lbRefs(p.targetGroups),
          healthCheckType: p.healthCheckType,
          healthCheckGracePeriod: p.healthCheckGracePeriod,
          launchTemplate: {
            launchTemplateId: code(`${lt}.ref`),
            version: code(`${lt}.attrLatestVersionNumber`),
          },
          tags: [{ key: 'Name', value: p.node.label, propagateAtLaunch: true }],
        },
        { bare: true },
      );
    }
  }

  // ---- Databases ---------------------------------------------------------------------------
  if (
    plan.resources.any(
      'rds-instance',
      'aurora-cluster',
      'dynamodb-table',
      'elasticache-cluster',
      'redshift-cluster',
    )
  )
    w.section('Databases');
  const dbUser = () =>
    w.param('DbMasterUsername', {
      type: 'String',
      default: 'dbadmin',
      description: 'Master user name of the databases (passwords are managed in Secrets Manager)',
    });
  const dbSubnetGroups = new Map<string, string>();
  for (const r of plan.resources.resources) {
    if (r.type === 'db subnet group')
      dbSubnetGroups.set(
        r.id,
        w.construct('rds', 'CfnDBSubnetGroup', `${r.id}_subnet_group`, {
          dbSubnetGroupDescription: `Subnets of ${r.props.label}`,
          subnetIds: r.props.subnets.map((s) => get('subnet', s)),
        }),
      );
    else if (r.type === 'db instance') {
      const db = r.props.node;
      const { source } = r.props;
      const version = engineVersionOf(prop(db, 'engine'), db.props.engineVersion, 'exact');
      const base: TsObject = source
        ? { sourceDbInstanceIdentifier: get('db instance', source.id) }
        : {
            engine: prop(db, 'engine'),
            engineVersion: version.version,
            autoMinorVersionUpgrade: version.autoMinorUpgrade,
          };
      const group = r.props.subnetGroup;
      const v = w.construct(
        'rds',
        'CfnDBInstance',
        r.id,
        {
          dbInstanceIdentifier: hyphen(r.id),
          ...base,
          dbInstanceClass: prop(db, 'instanceClass'),
          licenseModel: db.props.licenseModel,
          allocatedStorage: source ? undefined : String(prop(db, 'allocatedStorage')),
          storageType: prop(db, 'storageType'),
          iops: db.props.iops,
          storageEncrypted: source ? undefined : prop(db, 'storageEncrypted'),
          multiAz: prop(db, 'multiAz'),
          backupRetentionPeriod: prop(db, 'backupRetentionDays'),
          publiclyAccessible: prop(db, 'publiclyAccessible'),
          dbName: source ? undefined : db.props.databaseName,
          masterUsername: source ? undefined : dbUser(),
          manageMasterUserPassword: source ? undefined : true,
          dbSubnetGroupName: group ? code(`${dbSubnetGroups.get(group)}.ref`) : undefined,
          vpcSecurityGroups: groupIds(r.props.securityGroups),
          deletionProtection: protect,
          tags: w.tags(db.label),
        },
        { comment: source ? `Read replica of "${source.label}".` : undefined },
      );
      set(r.type, r.id, v, db.id);
      w.output(`${r.id}_endpoint`, `${v}.attrEndpointAddress`, `Endpoint of the database "${db.label}"`);
      // A replica cannot take a final snapshot (AWS refuses one): it is deleted like Terraform's.
      w.policies(v, source ? 'DELETE' : 'SNAPSHOT');
    } else if (r.type === 'aurora cluster') {
      const c = r.props.node;
      const group = r.props.subnetGroup;
      const version = engineVersionOf(prop(c, 'engine'), c.props.engineVersion, 'exact');
      const v = w.construct('rds', 'CfnDBCluster', r.id, {
        dbClusterIdentifier: hyphen(r.id),
        engine: prop(c, 'engine'),
        engineVersion: version.version,
        databaseName: c.props.databaseName,
        masterUsername: dbUser(),
        manageMasterUserPassword: true,
        dbSubnetGroupName: group ? code(`${dbSubnetGroups.get(group)}.ref`) : undefined,
        vpcSecurityGroupIds: groupIds(r.props.securityGroups),
        backupRetentionPeriod: prop(c, 'backupRetentionDays'),
        storageEncrypted: prop(c, 'storageEncrypted'),
        deletionProtection: protect,
        tags: w.tags(c.label),
      });
      set(r.type, r.id, v, c.id);
      w.output(
        `${r.id}_endpoint`,
        `${v}.attrEndpointAddress`,
        `Writer endpoint of the Aurora cluster "${c.label}"`,
      );
      w.policies(v, 'SNAPSHOT');
    } else if (r.type === 'aurora instance') {
      const { node: c, row } = r.props;
      const version = engineVersionOf(prop(c, 'engine'), c.props.engineVersion, 'exact');
      w.construct(
        'rds',
        'CfnDBInstance',
        `${r.props.cluster}_${row.name}`,
        {
          dbClusterIdentifier: get('aurora cluster', r.props.cluster),
          engine: prop(c, 'engine'),
          dbInstanceClass: row.instanceClass ?? 'db.r6g.large',
          autoMinorVersionUpgrade: version.autoMinorUpgrade,
          availabilityZone: w.zone(r.props.zone),
          promotionTier: row.role === 'writer' ? 0 : 1,
          publiclyAccessible: prop(c, 'publiclyAccessible'),
          tags: w.tags(`${c.label} ${row.name}`),
        },
        { comment: `Aurora ${row.role} "${row.name}".`, bare: true },
      );
    }
  }
  // Planned resources (src/plan.ts): tables, caches, warehouses and their subnet groups.
  const groups = new Map<string, TsValue>();
  const groupOf = (
    mod: string,
    cls: string,
    r: PlannedResource<'cache subnet group' | 'redshift subnet group'>,
  ) =>
    groups.set(
      `${r.type}:${r.id}`,
      code(
        `${w.construct(mod, cls, `${r.id}_subnet_group`, {
          description: `Subnets of ${r.props.label}`,
          subnetIds: r.props.subnets.map((s) => get('subnet', s)),
        })}.ref`,
      ),
    );
  for (const r of plan.resources.resources) {
    if (r.type === 'dynamodb table') {
      const tp = r.props.table;
      const { provisioned, rcu, wcu } = tp;
      const keys = (h: string, k?: string) => [
        { attributeName: h, keyType: 'HASH' },
        ...(k ? [{ attributeName: k, keyType: 'RANGE' }] : []),
      ];
      const { gsis, lsis } = tp;
      const node = r.from.node!;
      w.vars.set(
        node,
        w.construct('dynamodb', 'CfnTable', r.id, {
          tableName: tp.name ?? hyphen(r.id),
          billingMode: tp.billingMode,
          keySchema: keys(tp.partitionKey, tp.sortKey),
          attributeDefinitions: tp.attributes.map(([n, type]) => ({ attributeName: n, attributeType: type })),
          provisionedThroughput: provisioned
            ? { readCapacityUnits: rcu, writeCapacityUnits: wcu }
            : undefined,
          globalSecondaryIndexes: gsis.length
            ? gsis.map((g) => ({
                indexName: g.name,
                keySchema: keys(g.partitionKey, g.sortKey),
                projection: { projectionType: g.projection },
                provisionedThroughput: provisioned
                  ? { readCapacityUnits: g.rcu, writeCapacityUnits: g.wcu }
                  : undefined,
              }))
            : undefined,
          localSecondaryIndexes: lsis.length
            ? lsis.map((l) => ({
                indexName: l.name,
                keySchema: keys(tp.partitionKey, l.sortKey),
                projection: { projectionType: l.projection },
              }))
            : undefined,
          pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: r.props.pointInTimeRecovery },
          deletionProtectionEnabled: protect,
          tags: w.tags(r.props.label),
        }),
      );
      if (protect) w.policies(w.vars.get(node)!, 'RETAIN');
    } else if (r.type === 'cache subnet group') groupOf('elasticache', 'CfnSubnetGroup', r);
    else if (r.type === 'redshift subnet group') groupOf('redshift', 'CfnClusterSubnetGroup', r);
    else if (r.type === 'memcached cluster') {
      const c = r.props.node;
      w.vars.set(
        c.id,
        w.construct('elasticache', 'CfnCacheCluster', r.id, {
          clusterName: awsId(r.id, 50),
          engine: prop(c, 'engine'),
          engineVersion: c.props.engineVersion,
          cacheNodeType: prop(c, 'nodeType'),
          numCacheNodes: prop(c, 'numCacheNodes'),
          port: 11211,
          cacheSubnetGroupName: r.props.subnetGroup
            ? groups.get(`cache subnet group:${r.props.subnetGroup}`)
            : undefined,
          vpcSecurityGroupIds: groupIds(r.props.securityGroups),
          tags: w.tags(c.label),
        }),
      );
    } else if (r.type === 'cache replication group') {
      const c = r.props.node;
      w.vars.set(
        c.id,
        w.construct('elasticache', 'CfnReplicationGroup', r.id, {
          replicationGroupId: awsId(r.id, 40),
          replicationGroupDescription: c.label || r.id,
          engine: prop(c, 'engine'),
          engineVersion: c.props.engineVersion,
          cacheNodeType: prop(c, 'nodeType'),
          numNodeGroups: prop(c, 'numShards'),
          replicasPerNodeGroup: prop(c, 'replicasPerShard'),
          automaticFailoverEnabled: prop(c, 'automaticFailover'),
          multiAzEnabled: prop(c, 'automaticFailover'),
          snapshotRetentionLimit: prop(c, 'snapshotRetentionDays'),
          transitEncryptionEnabled: prop(c, 'transitEncryption'),
          atRestEncryptionEnabled: true,
          cacheSubnetGroupName: r.props.subnetGroup
            ? groups.get(`cache subnet group:${r.props.subnetGroup}`)
            : undefined,
          securityGroupIds: groupIds(r.props.securityGroups),
          tags: w.tags(c.label),
        }),
      );
      // Redis/Valkey keep a final snapshot like Terraform's final_snapshot_identifier; Memcached has none.
      w.policies(w.vars.get(c.id)!, 'SNAPSHOT');
    } else if (r.type === 'redshift cluster') {
      const rs = r.props.node;
      const nodes = prop(rs, 'numberOfNodes')!;
      w.vars.set(
        rs.id,
        w.construct('redshift', 'CfnCluster', r.id, {
          clusterIdentifier: hyphen(r.id),
          clusterType: nodes > 1 ? 'multi-node' : 'single-node',
          nodeType: prop(rs, 'nodeType'),
          numberOfNodes: nodes > 1 ? nodes : undefined,
          dbName: prop(rs, 'databaseName'),
          masterUsername: dbUser(),
          manageMasterPassword: true,
          encrypted: prop(rs, 'encrypted'),
          publiclyAccessible: prop(rs, 'publiclyAccessible'),
          clusterSubnetGroupName: r.props.subnetGroup
            ? groups.get(`redshift subnet group:${r.props.subnetGroup}`)
            : undefined,
          vpcSecurityGroupIds: groupIds(r.props.securityGroups),
          tags: w.tags(rs.label),
        }),
      );
      w.policies(w.vars.get(rs.id)!, 'SNAPSHOT');
    }
  }

  // ---- Messaging ---------------------------------------------------------------------------
  if (plan.resources.any('sqs-queue', 'sns-topic')) w.section('Messaging: queues and topics');
  // The plan puts dead-letter queues before the queues that use them.
  const queueVar = new Map<string, string>();
  for (const r of plan.resources.resources) {
    if (r.type === 'queue') {
      const q = r.props;
      const dlq = q.deadLetter;
      const node = r.from.node!;
      w.vars.set(
        node,
        w.construct(
          'sqs',
          'CfnQueue',
          r.id,
          {
            queueName: q.name,
            fifoQueue: q.fifo || undefined,
            contentBasedDeduplication: q.contentBasedDeduplication,
            visibilityTimeout: q.visibilityTimeoutSeconds,
            delaySeconds: q.delaySeconds,
            messageRetentionPeriod: q.messageRetentionSeconds,
            receiveMessageWaitTimeSeconds: q.receiveWaitTimeSeconds,
            maximumMessageSize: q.maxMessageSizeBytes,
            redrivePolicy: dlq
              ? {
                  deadLetterTargetArn: code(`${queueVar.get(dlq.queue)}.attrArn`),
                  maxReceiveCount: dlq.maxReceiveCount,
                }
              : undefined,
            tags: w.tags(q.label),
          },
          {
            comment: dlq
              ? `Failed messages move to "${plan.resources.ofType('queue').find((x) => x.id === dlq.queue)!.props.label}" after ${dlq.maxReceiveCount} receives.`
              : undefined,
          },
        ),
      );
      queueVar.set(r.id, w.vars.get(node)!);
    } else if (r.type === 'topic') {
      const t = r.props;
      w.vars.set(
        r.from.node!,
        w.construct('sns', 'CfnTopic', r.id, {
          topicName: t.name,
          fifoTopic: t.fifo || undefined,
          displayName: t.displayName,
          tags: w.tags(t.label),
        }),
      );
    }
  }
  const topicVar = new Map(plan.resources.ofType('topic').map((t) => [t.id, w.vars.get(t.from.node!)!]));
  for (const r of plan.resources.resources) {
    if (r.type === 'subscription') {
      const s = r.props;
      w.construct(
        'sns',
        'CfnSubscription',
        r.id,
        {
          topicArn: code(`${topicVar.get(s.topic)}.ref`),
          protocol: 'sqs',
          endpoint: code(`${queueVar.get(s.queue)}.attrArn`),
        },
        {
          bare: true,
          comment: `The topic "${s.topicLabel}" delivers to the queue "${s.queueLabel}".`,
        },
      );
    } else if (r.type === 'queue policy') {
      const queue = queueVar.get(r.props.queue)!;
      w.construct(
        'sqs',
        'CfnQueuePolicy',
        `${r.id}_policy`,
        {
          queues: [code(`${queue}.ref`)],
          policyDocument: {
            Version: '2012-10-17',
            Statement: r.props.topics.map((t) => ({
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: code(`${queue}.attrArn`),
              Condition: { ArnEquals: { 'aws:SourceArn': code(`${topicVar.get(t)}.ref`) } },
            })),
          },
        },
        { bare: true },
      );
    }
  }

  // ---- Serverless --------------------------------------------------------------------------
  if (plan.resources.any('lambda-function', 'api-gateway'))
    w.section('Serverless: Lambda functions and API Gateway APIs');
  const ref = (type: string, id: string, attr = 'ref') => code(`${planned.get(`${type}:${id}`)}.${attr}`);
  const apiType = (rest: boolean) => (rest ? 'rest api' : 'http api');
  for (const r of plan.resources.resources) {
    const keep = (v: string) => planned.set(`${r.type}:${r.id}`, v);
    if (r.type === 'role' && r.by === 'lambda-function') iamRole(r);
    else if (r.type === 'function') {
      const f = r.props.node;
      const { placeholder, subnets } = r.props.fn;
      const groups = r.props.defaultGroupOf
        ? [code(`${planned.get(`vpc:${r.props.defaultGroupOf}`)}.attrDefaultSecurityGroup`)]
        : groupIds(r.props.securityGroups);
      const packageParam = (part: 'Bucket' | 'Key') =>
        w.param(`${pascal(r.id)}Code${part}`, {
          type: 'String',
          description: `S3 ${part === 'Bucket' ? 'bucket' : 'key'} of the deployment package of the Lambda function "${f.label}"`,
        });
      const v = w.construct('lambda', 'CfnFunction', r.id, {
        functionName: r.id.replace(/_/g, '-'),
        role: ref('role', r.props.role, 'attrArn'),
        runtime: prop(f, 'runtime'),
        handler: prop(f, 'handler'),
        memorySize: prop(f, 'memorySize'),
        timeout: prop(f, 'timeout'),
        code: placeholder
          ? { zipFile: placeholder.source }
          : { s3Bucket: packageParam('Bucket'), s3Key: packageParam('Key') },
        vpcConfig: subnets.length
          ? { subnetIds: subnets.map((s) => get('subnet', s)), securityGroupIds: groups }
          : undefined,
        tags: w.tags(f.label),
      });
      set(r.type, r.id, v, f.id);
    } else if (r.type === 'http api') {
      const v = w.construct('apigatewayv2', 'CfnApi', r.id, {
        name: r.id.replace(/_/g, '-'),
        protocolType: 'HTTP',
        tags: { Name: r.props.node.label },
      });
      set(r.type, r.id, v, r.props.node.id);
    } else if (r.type === 'http api stage') {
      keep(
        w.construct('apigatewayv2', 'CfnStage', r.id, {
          apiId: ref('http api', r.props.api),
          stageName: r.props.stage,
          autoDeploy: true,
        }),
      );
    } else if (r.type === 'security group' && r.by === 'traffic') {
      securityGroup(r);
    } else if (
      (r.type === 'security group ingress rule' || r.type === 'security group egress rule to a group') &&
      r.by === 'traffic'
    ) {
      securityGroupRule(r);
    } else if (r.type === 'vpc link') {
      keep(
        w.construct(
          'apigatewayv2',
          'CfnVpcLink',
          `${r.id}_link`,
          {
            name: hyphen(r.id),
            subnetIds: r.props.subnets.map((s) => get('subnet', s)),
            securityGroupIds: groupIds(r.props.securityGroups),
            tags: { Name: `${r.props.label} VPC link` },
          },
          { comment: `API Gateway reaches "${r.props.label}" privately through this VPC link V2.` },
        ),
      );
    } else if (r.type === 'rest vpc link') {
      keep(
        w.construct(
          'apigateway',
          'CfnVpcLink',
          `${r.id}_link`,
          {
            name: hyphen(r.id),
            targetArns: [ref('load balancer', r.props.loadBalancer)],
            tags: w.tags(`${r.props.label} VPC link`),
          },
          { comment: `REST APIs reach "${r.props.label}" privately through this VPC link V1 (legacy).` },
        ),
      );
    } else if (r.type === 'http api integration') {
      const t = r.props.target;
      keep(
        w.construct('apigatewayv2', 'CfnIntegration', r.id, {
          apiId: ref('http api', r.props.api),
          ...(t.kind === 'function'
            ? {
                integrationType: 'AWS_PROXY',
                integrationUri: ref('function', t.fn, 'attrArn'),
                payloadFormatVersion: '2.0',
              }
            : {
                integrationType: 'HTTP_PROXY',
                integrationMethod: 'ANY',
                integrationUri: ref('listener', t.listener),
                connectionType: 'VPC_LINK',
                connectionId: ref('vpc link', t.link.id),
                payloadFormatVersion: '1.0',
              }),
          timeoutInMillis: r.props.timeoutMs,
        }),
      );
    } else if (r.type === 'http api route') {
      keep(
        w.construct('apigatewayv2', 'CfnRoute', r.id, {
          apiId: ref('http api', r.props.api),
          routeKey: r.props.routeKey,
          target: code(
            `\`integrations/\${${planned.get(`http api integration:${r.props.integration}`)}.ref}\``,
          ),
        }),
      );
    } else if (r.type === 'rest api') {
      set(
        r.type,
        r.id,
        w.construct('apigateway', 'CfnRestApi', r.id, {
          name: r.id.replace(/_/g, '-'),
          endpointConfiguration: { types: [r.props.endpointType] },
          policy: r.props.endpointType === 'PRIVATE' ? PRIVATE_API_POLICY : undefined,
          tags: w.tags(r.props.node.label),
        }),
        r.props.node.id,
      );
    } else if (r.type === 'rest api resource') {
      keep(
        w.construct('apigateway', 'CfnResource', r.id, {
          restApiId: ref('rest api', r.props.api),
          parentId: ref('rest api', r.props.api, 'attrRootResourceId'),
          pathPart: r.props.pathPart,
        }),
      );
    } else if (r.type === 'rest api method') {
      const i = plan.resources.ofType('rest api integration').find((x) => x.props.method === r.id)!.props;
      const t = i.target;
      const integration: TsObject =
        t.kind === 'function'
          ? {
              type: 'AWS_PROXY',
              integrationHttpMethod: 'POST',
              uri: code(
                `\`arn:\${cdk.Aws.PARTITION}:apigateway:\${cdk.Aws.REGION}:lambda:path/2015-03-31/functions/\${${planned.get(`function:${t.fn}`)}.attrArn}/invocations\``,
              ),
            }
          : {
              type: 'HTTP_PROXY',
              integrationHttpMethod: 'ANY',
              uri: code(
                `\`${t.tls ? 'https' : 'http'}://\${${planned.get(`load balancer:${t.loadBalancer}`)}.attrDnsName}:${t.port}${i.path}\``,
              ),
              connectionType: 'VPC_LINK',
              connectionId: ref(t.link.version === 'v2' ? 'vpc link' : 'rest vpc link', t.link.id),
              integrationTarget: t.link.version === 'v2' ? ref('load balancer', t.loadBalancer) : undefined,
              requestParameters: i.proxy ? { [PROXY_PARAM.integration]: PROXY_PARAM.method } : undefined,
            };
      keep(
        w.construct('apigateway', 'CfnMethod', r.id, {
          restApiId: ref('rest api', r.props.api),
          resourceId: ref('rest api resource', r.props.resource),
          httpMethod: 'ANY',
          authorizationType: 'NONE',
          requestParameters: r.props.proxy ? { [PROXY_PARAM.method]: true } : undefined,
          integration: { ...integration, timeoutInMillis: i.timeoutMs },
        }),
      );
    } else if (r.type === 'rest api deployment') {
      const v = w.construct(
        'apigateway',
        'CfnDeployment',
        r.id,
        { restApiId: ref('rest api', r.props.api) },
        { comment: 'A deployment snapshots the API; its methods must exist first.' },
      );
      for (const m of r.props.methods) w.raw(`${v}.addDependency(${planned.get(`rest api method:${m}`)});`);
      keep(v);
    } else if (r.type === 'rest api stage') {
      keep(
        w.construct('apigateway', 'CfnStage', r.id, {
          restApiId: ref('rest api', r.props.api),
          deploymentId: ref('rest api deployment', r.props.deployment),
          stageName: r.props.stage,
        }),
      );
    } else if (r.type === 'function permission') {
      const api = planned.get(`${apiType(r.props.rest)}:${r.props.api}`);
      keep(
        w.construct(
          'lambda',
          'CfnPermission',
          r.id,
          {
            action: 'lambda:InvokeFunction',
            functionName: ref('function', r.props.fn),
            principal: 'apigateway.amazonaws.com',
            sourceArn: code(
              `\`arn:\${cdk.Aws.PARTITION}:execute-api:\${cdk.Aws.REGION}:\${cdk.Aws.ACCOUNT_ID}:\${${api}.ref}/*\``,
            ),
          },
          { comment: 'API Gateway may invoke the function from any stage, method and path of the API.' },
        ),
      );
    }
  }

  // ---- Storage, CDN, DNS -------------------------------------------------------------------
  if (plan.resources.any('s3-bucket', 'cloudfront-distribution', 'route53-zone'))
    w.section('Storage, CDN and DNS');
  const distribution = (r: PlannedResource<'distribution'>) => {
    const d = r.props.node;
    const dn = r.id;
    const { origins, cachePolicy } = r.props;
    const aliases = d.props.aliases ?? [];
    const policyId = cachePolicy ? code(`${planned.get(`cache policy:${cachePolicy}`)}.attrId`) : undefined;
    const originProps = origins.map((o): TsObject => {
      const t = o.target;
      if (t.kind === 'bucket')
        return {
          id: o.id,
          domainName: code(`${planned.get(`bucket:${t.bucket}`)}.attrRegionalDomainName`),
          originPath: o.originPath,
          s3OriginConfig: { originAccessIdentity: '' },
          originAccessControlId: code(`${planned.get(`origin access control:${t.accessControl}`)}.attrId`),
        };
      return {
        id: o.id,
        domainName:
          t.kind === 'load balancer'
            ? code(`${planned.get(`load balancer:${t.loadBalancer}`)}.attrDnsName`)
            : t.kind === 'instance'
              ? code(`${planned.get(`instance:${t.instance}`)}${t.count > 1 ? '[0]!' : ''}.attrPublicDnsName`)
              : t.kind === 'api'
                ? code(
                    `\`\${${planned.get(`${t.rest ? 'rest api' : 'http api'}:${t.api}`)}.ref}.execute-api.\${cdk.Aws.REGION}.\${cdk.Aws.URL_SUFFIX}\``,
                  )
                : t.domain,
        originPath: o.originPath,
        customOriginConfig: {
          httpPort: 80,
          httpsPort: 443,
          originProtocolPolicy: t.kind === 'custom' ? t.protocolPolicy : 'https-only',
          originSslProtocols: ['TLSv1.2'],
        },
      };
    });
    const behaviour = (o: PlannedOrigin, isDefault: boolean): TsObject => {
      const s3 = o.target.kind === 'bucket';
      return {
        pathPattern: isDefault ? undefined : o.pathPattern,
        targetOriginId: o.id,
        viewerProtocolPolicy: prop(d, 'viewerProtocolPolicy'),
        allowedMethods: s3 ? ['GET', 'HEAD'] : ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
        cachedMethods: ['GET', 'HEAD'],
        compress: true,
        cachePolicyId:
          isDefault && policyId
            ? policyId
            : s3
              ? CLOUDFRONT_MANAGED.cachingOptimized
              : CLOUDFRONT_MANAGED.cachingDisabled,
        originRequestPolicyId:
          (isDefault && policyId) || s3 ? undefined : CLOUDFRONT_MANAGED.allViewerExceptHostHeader,
      };
    };
    const v = w.construct(
      'cloudfront',
      'CfnDistribution',
      dn,
      {
        distributionConfig: {
          enabled: true,
          comment: d.label,
          defaultRootObject: prop(d, 'defaultRootObject'),
          priceClass: prop(d, 'priceClass'),
          aliases: aliases.length ? aliases : undefined,
          origins: originProps,
          defaultCacheBehavior: behaviour(origins[0]!, true),
          cacheBehaviors: origins.length > 1 ? origins.slice(1).map((o) => behaviour(o, false)) : undefined,
          viewerCertificate: aliases.length
            ? {
                acmCertificateArn: w.certificate('cloudfront'),
                sslSupportMethod: 'sni-only',
                minimumProtocolVersion: 'TLSv1.2_2021',
              }
            : { cloudFrontDefaultCertificate: true },
        },
        tags: w.tags(d.label),
      },
      { comment: distributionComment(origins) },
    );
    set(r.type, r.id, v, d.id);
    w.raw(`new cdk.CfnOutput(this, ${str(`${pascal(dn)}DomainName`)}, { value: ${v}.attrDomainName });`);
  };
  const storage = new Map<string, PlannedResource[]>();
  for (const r of plan.resources.resources)
    if (r.by === 's3-bucket') storage.set(r.id, [...(storage.get(r.id) ?? []), r]);
  for (const r of plan.resources.resources) {
    if (r.type === 'kms key') {
      // A key of our own: the AWS managed aws/s3 key cannot grant CloudFront decryption. The grant
      // names the account's distributions, not this one: naming it would make a cycle (key →
      // distribution → bucket → key), as aws-cdk-lib's own S3 origin does.
      const { label } = r.props;
      set(
        r.type,
        r.id,
        w.construct(
          'kms',
          'CfnKey',
          `${r.id}_key`,
          {
            description: `Encrypts the bucket "${label}"`,
            enableKeyRotation: true,
            pendingWindowInDays: 30,
            keyPolicy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'AccountAdministers',
                  Effect: 'Allow',
                  Principal: { AWS: code(`\`arn:\${cdk.Aws.PARTITION}:iam::\${cdk.Aws.ACCOUNT_ID}:root\``) },
                  Action: 'kms:*',
                  Resource: '*',
                },
                ...(r.props.readers.length
                  ? [
                      {
                        Sid: 'CloudFrontDecrypts',
                        Effect: 'Allow',
                        Principal: { Service: 'cloudfront.amazonaws.com' },
                        Action: 'kms:Decrypt',
                        Resource: '*',
                        Condition: {
                          StringLike: {
                            'AWS:SourceArn': code(
                              `\`arn:\${cdk.Aws.PARTITION}:cloudfront::\${cdk.Aws.ACCOUNT_ID}:distribution/*\``,
                            ),
                          },
                        },
                      },
                    ]
                  : []),
              ],
            },
            tags: w.tags(`${label} key`),
          },
          { comment: `SSE-KMS key of "${label}".` },
        ),
      );
    } else if (r.type === 'bucket') {
      // Versioning, public access block, encryption and website are properties of the bucket here.
      const s = r.props.node;
      const parts = storage.get(r.id)!;
      const part = <T extends PlannedType>(type: T) =>
        parts.find((p) => p.type === type) as PlannedResource<T> | undefined;
      const block = part('bucket public access block')!.props.block;
      const { kmsKey } = part('bucket encryption')!.props;
      const v = w.construct('s3', 'CfnBucket', r.id, {
        bucketName: s.props.bucketName,
        versioningConfiguration: part('bucket versioning') ? { status: 'Enabled' } : undefined,
        publicAccessBlockConfiguration: {
          blockPublicAcls: block,
          blockPublicPolicy: block,
          ignorePublicAcls: block,
          restrictPublicBuckets: block,
        },
        bucketEncryption: {
          serverSideEncryptionConfiguration: [
            {
              serverSideEncryptionByDefault: {
                sseAlgorithm: kmsKey ? 'aws:kms' : 'AES256',
                kmsMasterKeyId: kmsKey ? code(`${planned.get(`kms key:${kmsKey}`)}.attrArn`) : undefined,
              },
              bucketKeyEnabled: kmsKey ? true : undefined,
            },
          ],
        },
        websiteConfiguration: part('bucket website') ? { indexDocument: 'index.html' } : undefined,
        tags: w.tags(s.label),
      });
      set(r.type, r.id, v, s.id);
      if (protect) w.policies(v, 'RETAIN');
    }
  }
  for (const r of plan.resources.resources) {
    if (r.type === 'origin access control') {
      set(
        r.type,
        r.id,
        w.construct(
          'cloudfront',
          'CfnOriginAccessControl',
          `${r.id}_oac`,
          {
            originAccessControlConfig: {
              name: hyphen(r.id),
              originAccessControlOriginType: 's3',
              signingBehavior: 'always',
              signingProtocol: 'sigv4',
            },
          },
          {
            comment: `CloudFront "${r.props.label}" reads the bucket "${r.props.bucketLabel}" through origin access control.`,
          },
        ),
      );
    } else if (r.type === 'cache policy') {
      const { minTtl, defaultTtl, maxTtl, label } = r.props;
      const caching = defaultTtl > 0 || maxTtl > 0;
      set(
        r.type,
        r.id,
        w.construct(
          'cloudfront',
          'CfnCachePolicy',
          `${r.id}_cache_policy`,
          {
            cachePolicyConfig: {
              name: `${hyphen(r.id)}-ttl`,
              comment: `TTLs of "${label}" from the board`,
              minTtl,
              defaultTtl,
              maxTtl,
              parametersInCacheKeyAndForwardedToOrigin: {
                enableAcceptEncodingBrotli: caching,
                enableAcceptEncodingGzip: caching,
                cookiesConfig: { cookieBehavior: 'none' },
                headersConfig: { headerBehavior: 'none' },
                queryStringsConfig: { queryStringBehavior: 'none' },
              },
            },
          },
          { comment: `Cache policy with the TTLs set on "${label}" (its default behaviour).` },
        ),
      );
    } else if (r.type === 'distribution') distribution(r);
  }
  for (const r of plan.resources.ofType('bucket policy')) {
    const bv = planned.get(`bucket:${r.props.bucket}`)!;
    w.construct(
      's3',
      'CfnBucketPolicy',
      `${r.id}_policy`,
      {
        bucket: code(`${bv}.ref`),
        policyDocument: {
          Version: '2012-10-17',
          Statement: r.props.readers.map((d) => ({
            Sid: `AllowCloudFront${pascal(d)}`,
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Resource: code(`\`\${${bv}.attrArn}/*\``),
            Condition: {
              StringEquals: {
                'AWS:SourceArn': code(
                  `\`arn:\${cdk.Aws.PARTITION}:cloudfront::\${cdk.Aws.ACCOUNT_ID}:distribution/\${${planned.get(`distribution:${d}`)}.ref}\``,
                ),
              },
            },
          })),
        },
      },
      { bare: true, comment: `Only CloudFront may read "${r.props.label}".` },
    );
  }
  for (const z of plan.resources.ofType('hosted zone')) {
    const { privateVpc } = z.props;
    w.vars.set(
      z.from.node!,
      w.construct('route53', 'CfnHostedZone', z.id, {
        name: z.props.domain,
        vpcs: privateVpc ? [{ vpcId: get('vpc', privateVpc), vpcRegion: code('cdk.Aws.REGION') }] : undefined,
        hostedZoneTags: w.tags(z.props.label),
      }),
    );
  }

  // ---- Files -------------------------------------------------------------------------------
  const stackClass = stackClassName(board);
  const fileBase = stackClass
    .replace(/Stack$/, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase();
  const stackFile = `lib/${fileBase}-stack.ts`;
  const header: string[] = [
    `// AWS CDK stack for the Stratus board "${board.name}". Generated by \`stratus export\`.`,
  ];
  for (const line of errorLines(opts.diagnostics ?? boardDiagnostics(board))) header.push(`// ${line}`);
  if (plan.warnings.length) {
    header.push('//', '// Export notes:');
    for (const warning of plan.warnings) header.push(`//   - ${warning}`);
  }
  const mods = [...w.used].sort();
  const stack = [
    ...header,
    "import * as cdk from 'aws-cdk-lib';",
    ...(mods.length
      ? ['import {', ...mods.map((m) => `  ${MODULES[m]} as ${m},`), "} from 'aws-cdk-lib';"]
      : []),
    "import type { Construct } from 'constructs';",
    '',
    ...(natScript
      ? [
          '/** NAT instance set-up (Amazon Linux 2023): IPv4 forwarding and masquerading. */',
          'const NAT_INSTANCE_USER_DATA = [',
          ...NAT_INSTANCE_USER_DATA.trimEnd()
            .split('\n')
            .map((l) => `  ${str(l)},`),
          "].join('\\n');",
          '',
        ]
      : []),
    `export class ${stackClass} extends cdk.Stack {`,
    '  constructor(scope: Construct, id: string, props?: cdk.StackProps) {',
    '    super(scope, id, props);',
    ...(w.paramLines.length
      ? ['', '    // ---- Parameters (defaults from the board) ----', ...w.paramLines]
      : []),
    ...(w.amis.size
      ? [
          '',
          `    // AMIs set on the board (AMI ids differ per region: add a row per region you deploy to).`,
          `    new cdk.CfnMapping(this, 'BoardAmis', ${tsValue({ mapping: { [plan.region]: Object.fromEntries(w.amis) } }, '    ')});`,
        ]
      : []),
    ...(w.lines.length ? ['', ...w.lines] : []),
    '  }',
    '}',
    '',
  ].join('\n');
  const app = [
    `// The CDK app for the Stratus board "${board.name}". Synthesize with \`npx cdk synth\`.`,
    "import * as cdk from 'aws-cdk-lib';",
    `import { ${stackClass} } from '../${stackFile.replace(/\.ts$/, '')}';`,
    '',
    'const app = new cdk.App();',
    `new ${stackClass}(app, ${str(stackClass)}, {`,
    `  description: ${str(`Stratus board "${board.name}"`)},`,
    '});',
    "cdk.Tags.of(app).add('ManagedBy', 'stratus');",
    '',
  ].join('\n');
  const pkg = {
    name: fileBase || 'stratus-board',
    version: '0.1.0',
    private: true,
    bin: { app: 'bin/app.ts' },
    scripts: { build: 'tsc', synth: 'cdk synth', diff: 'cdk diff', deploy: 'cdk deploy' },
    dependencies: { 'aws-cdk-lib': CDK_VERSIONS['aws-cdk-lib'], constructs: CDK_VERSIONS.constructs },
    devDependencies: {
      '@types/node': CDK_VERSIONS['@types/node'],
      'aws-cdk': CDK_VERSIONS['aws-cdk'],
      tsx: CDK_VERSIONS.tsx,
      typescript: CDK_VERSIONS.typescript,
    },
  };
  const cdkJson = {
    app: 'npx tsx bin/app.ts',
    context: { '@aws-cdk/core:validateAgainstDefaultRules': true },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2022'],
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    },
    include: ['bin', 'lib'],
  };
  const files: Record<string, string> = {
    'package.json': `${JSON.stringify(pkg, null, 2)}\n`,
    'cdk.json': `${JSON.stringify(cdkJson, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    'bin/app.ts': app,
    [stackFile]: stack,
    'README.md': cdkReadme(board, {
      stackClass,
      parameters: w.paramDocs,
      warnings: plan.warnings,
      deletionProtection: protect,
      cliVersion: CDK_VERSIONS['aws-cdk'],
    }),
  };
  return { files, warnings: [...plan.warnings], stackClass, stackFile };
}

export type { Code };
