#!/usr/bin/env node
// Extracts a small JSON schema of the AWS provider resource types Stratus emits from the
// type definitions of @cdktf/provider-aws (AWS provider 6.25). That package is 392 MB and
// archived upstream, so it is never a dependency of the repo: install it in a temp dir and
// point this script at it. Only the resulting JSON is committed.
//
//   mkdir -p /tmp/provschema && cd /tmp/provschema && npm i @cdktf/provider-aws@21.22.1
//   node tooling/provider-schema/extract.mjs /tmp/provschema/node_modules/@cdktf/provider-aws \
//     > packages/export/test/aws-provider-schema.json
//
// Output: { provider, resources: { aws_vpc: Schema }, dataSources: { aws_ssm_parameter: Schema } }
// Schema = { arguments: { name: { required } }, blocks: { name: { required, many, schema } },
//            readable: [attribute names a reference may read] }
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The resource and data source types the exporter may emit: exactly the Terraform types of the
 * plan's resource table (packages/export/src/resource-types.ts, RESOURCE_TYPES and
 * TERRAFORM_DATA_SOURCES). packages/export/src/docs.test.ts fails when the lists differ.
 */
export const RESOURCE_TYPES = [
  'aws_vpc',
  'aws_subnet',
  'aws_internet_gateway',
  'aws_eip',
  'aws_eip_association',
  'aws_nat_gateway',
  'aws_route_table',
  'aws_route_table_association',
  'aws_vpc_peering_connection',
  'aws_security_group',
  'aws_vpc_security_group_ingress_rule',
  'aws_vpc_security_group_egress_rule',
  'aws_network_acl',
  'aws_network_acl_rule',
  'aws_network_acl_association',
  'aws_lb',
  'aws_lb_listener',
  'aws_lb_target_group',
  'aws_lb_target_group_attachment',
  'aws_instance',
  'aws_db_subnet_group',
  'aws_db_instance',
  'aws_rds_cluster',
  'aws_rds_cluster_instance',
  'aws_dynamodb_table',
  'aws_elasticache_subnet_group',
  'aws_elasticache_cluster',
  'aws_elasticache_replication_group',
  'aws_redshift_subnet_group',
  'aws_redshift_cluster',
  'aws_sqs_queue',
  'aws_sqs_queue_policy',
  'aws_sns_topic',
  'aws_sns_topic_subscription',
  'aws_cloudfront_distribution',
  'aws_cloudfront_origin_access_control',
  'aws_s3_bucket',
  'aws_s3_bucket_versioning',
  'aws_s3_bucket_public_access_block',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_website_configuration',
  'aws_s3_bucket_policy',
  'aws_route53_zone',
  'aws_cloudfront_cache_policy',
  'aws_kms_key',
  'aws_ecs_cluster',
  'aws_ecs_task_definition',
  'aws_ecs_service',
  'aws_iam_role',
  'aws_iam_role_policy_attachment',
  'aws_launch_template',
  'aws_autoscaling_group',
  'aws_ec2_transit_gateway',
  'aws_ec2_transit_gateway_vpc_attachment',
  'aws_ec2_transit_gateway_route_table',
  'aws_ec2_transit_gateway_route_table_association',
  'aws_ec2_transit_gateway_route_table_propagation',
  'aws_ec2_transit_gateway_route',
  'aws_vpc_endpoint',
  'aws_lambda_function',
  'aws_lambda_permission',
  'aws_apigatewayv2_api',
  'aws_apigatewayv2_stage',
  'aws_apigatewayv2_integration',
  'aws_apigatewayv2_route',
  'aws_apigatewayv2_vpc_link',
  'aws_api_gateway_rest_api',
  'aws_api_gateway_resource',
  'aws_api_gateway_method',
  'aws_api_gateway_integration',
  'aws_api_gateway_deployment',
  'aws_api_gateway_stage',
  'aws_api_gateway_vpc_link',
];
export const DATA_SOURCE_TYPES = [
  'aws_ssm_parameter',
  'aws_availability_zones',
  'aws_caller_identity',
  'aws_partition',
];

const root = process.argv[2];
if (!root) {
  console.error('usage: node extract.mjs <path to node_modules/@cdktf/provider-aws>');
  process.exit(2);
}
const lib = join(root, 'lib');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// Which lib/<dir> holds which Terraform type.
const dirOf = { resource: new Map(), data: new Map() };
for (const dir of readdirSync(lib)) {
  let js;
  try {
    js = readFileSync(join(lib, dir, 'index.js'), 'utf8');
  } catch {
    continue;
  }
  const m = js.match(/\.tfResourceType = "([a-z0-9_]+)"/);
  if (m) (dir.startsWith('data-') ? dirOf.data : dirOf.resource).set(m[1], dir);
}

const snake = (s) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** interface name -> Map(tfName -> { required, many, tsType }) from the .d.ts */
function parseInterfaces(dts) {
  const out = new Map();
  const re = /export interface (\w+)(?: extends [\w.]+)? \{([\s\S]*?)\n\}/g;
  for (const m of dts.matchAll(re)) {
    const props = new Map();
    const propRe = /#([a-z0-9_]+) \w+#[a-z0-9_]+\}\s*\*\/\s*readonly (\w+)(\??): ([^;]+);/g;
    for (const p of m[2].matchAll(propRe)) {
      props.set(p[1], { required: p[3] !== '?', many: /\[\]/.test(p[4]), tsType: p[4].trim() });
    }
    out.set(m[1], props);
  }
  return out;
}

/** function name (or '$resource') -> Map(tfName -> { isBlock, fn }) from the .js */
function parseHcl(js) {
  const out = new Map();
  const sections = js.split(/\n(?=function \w+ToHclTerraform\(struct\)| {4}synthesizeHclAttributes\(\) \{)/);
  for (const section of sections) {
    const head = section.match(/^function (\w+)ToHclTerraform\(struct\)/);
    const isResource = section.startsWith('    synthesizeHclAttributes() {');
    if (!head && !isResource) continue;
    const attrs = new Map();
    const re =
      /\n\s+([a-z0-9_]+): \{\s*value: ([^\n]*),\s*isBlock: (true|false),\s*type: "(\w+)",\s*storageClassType: "(\w+)",\s*\}/g;
    const start = section.indexOf('const attrs = {');
    if (start < 0) continue;
    const end = section.slice(start).search(/\n\s*\};\n/);
    const body = section.slice(start, start + end + 1);
    for (const a of body.matchAll(re)) {
      const fn =
        a[3] === 'true'
          ? [...a[2].matchAll(/(?<!cdktf\.)\b(\w+)ToHclTerraform/g)].map((x) => x[1])[0]
          : undefined;
      attrs.set(a[1], { isBlock: a[3] === 'true', fn });
    }
    out.set(isResource ? '$resource' : head[1], attrs);
  }
  return out;
}

function build(dir) {
  const dts = readFileSync(join(lib, dir, 'index.d.ts'), 'utf8');
  const js = readFileSync(join(lib, dir, 'index.js'), 'utf8');
  const ifaces = parseInterfaces(dts);
  const hcl = parseHcl(js);
  const className = dts.match(
    /export declare class (\w+) extends cdktf\.Terraform(?:Resource|DataSource)/,
  )[1];
  const schemaOf = (ifaceName, fnKey) => {
    const props = ifaces.get(ifaceName) ?? new Map();
    const kinds = hcl.get(fnKey) ?? new Map();
    const schema = { arguments: {}, blocks: {} };
    for (const name of [...kinds.keys()].sort()) {
      const k = kinds.get(name);
      const p = props.get(name) ?? { required: false, many: false };
      if (k.isBlock) {
        const childIface = k.fn ? k.fn[0].toUpperCase() + k.fn.slice(1) : undefined;
        schema.blocks[name] = {
          required: p.required,
          many: p.many,
          schema: childIface ? schemaOf(childIface, k.fn) : { arguments: {}, blocks: {} },
        };
      } else {
        schema.arguments[name] = { required: p.required };
      }
    }
    return schema;
  };
  const schema = schemaOf(`${className}Config`, '$resource');
  // Readable attributes: the getters of the class (arguments and computed attributes).
  const cls = dts.slice(dts.indexOf(`export declare class ${className} `));
  const readable = new Set(Object.keys(schema.arguments));
  for (const g of cls.matchAll(/\n {4}get (\w+)\(\)/g))
    if (!g[1].endsWith('Input')) readable.add(snake(g[1]));
  readable.delete('terraform_resource_type');
  readable.delete('terraform_generator_metadata');
  readable.delete('fqn');
  readable.delete('friendly_unique_id');
  schema.readable = [...readable].sort();
  return schema;
}

const result = {
  provider:
    `hashicorp/aws ${pkg.cdktf?.provider?.version ?? ''} (from @cdktf/provider-aws ${pkg.version})`.trim(),
  resources: {},
  dataSources: {},
};
for (const t of RESOURCE_TYPES) {
  const dir = dirOf.resource.get(t);
  if (!dir) throw new Error(`resource type ${t} not found in ${lib}`);
  result.resources[t] = build(dir);
}
for (const t of DATA_SOURCE_TYPES) {
  const dir = dirOf.data.get(t);
  if (!dir) throw new Error(`data source ${t} not found in ${lib}`);
  result.dataSources[t] = build(dir);
}
process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
