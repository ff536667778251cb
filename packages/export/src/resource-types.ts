/**
 * The plan's resource table: each kind of resource the plan holds, the Terraform type(s) and the
 * CloudFormation type its two printers write for it. Rows with both sides are the same resources
 * in both outputs (tests count them on every template and the every-kind board); a side that is
 * null is expressed inside another resource there (e.g. S3 versioning is a bucket property in
 * CloudFormation, a route a block of the route table in Terraform). The tests check that the
 * printers emit nothing outside this table and that tooling/provider-schema lists its types.
 */
export interface ResourceRow {
  resource: string;
  terraform: readonly string[] | null;
  cloudformation: string | null;
}

const row = <R extends string>(
  resource: R,
  terraform: string[] | null,
  cloudformation: string | null,
): ResourceRow & { resource: R } => ({
  resource,
  terraform,
  cloudformation,
});

export const RESOURCE_TYPES = [
  row('vpc', ['aws_vpc'], 'AWS::EC2::VPC'),
  row('subnet', ['aws_subnet'], 'AWS::EC2::Subnet'),
  row('internet gateway', ['aws_internet_gateway'], 'AWS::EC2::InternetGateway'),
  row('internet gateway attachment', null, 'AWS::EC2::VPCGatewayAttachment'),
  row('elastic ip', ['aws_eip'], 'AWS::EC2::EIP'),
  row('elastic ip association', ['aws_eip_association'], 'AWS::EC2::EIPAssociation'),
  row('nat gateway', ['aws_nat_gateway'], 'AWS::EC2::NatGateway'),
  row('peering', ['aws_vpc_peering_connection'], 'AWS::EC2::VPCPeeringConnection'),
  row('route table', ['aws_route_table'], 'AWS::EC2::RouteTable'),
  row('route', null, 'AWS::EC2::Route'),
  row('route table association', ['aws_route_table_association'], 'AWS::EC2::SubnetRouteTableAssociation'),
  row('security group', ['aws_security_group'], 'AWS::EC2::SecurityGroup'),
  row(
    'security group ingress rule',
    ['aws_vpc_security_group_ingress_rule'],
    'AWS::EC2::SecurityGroupIngress',
  ),
  // CIDR egress rules sit inside the CloudFormation group (AWS's default one, written when the
  // board lists none, is left implicit there); rules to other groups are resources in both.
  row('security group egress rule', ['aws_vpc_security_group_egress_rule'], null),
  row(
    'security group egress rule to a group',
    ['aws_vpc_security_group_egress_rule'],
    'AWS::EC2::SecurityGroupEgress',
  ),
  row('network acl', ['aws_network_acl'], 'AWS::EC2::NetworkAcl'),
  row('network acl rule', ['aws_network_acl_rule'], 'AWS::EC2::NetworkAclEntry'),
  row('network acl association', ['aws_network_acl_association'], 'AWS::EC2::SubnetNetworkAclAssociation'),
  row('instance', ['aws_instance'], 'AWS::EC2::Instance'),
  row('load balancer', ['aws_lb'], 'AWS::ElasticLoadBalancingV2::LoadBalancer'),
  row('target group', ['aws_lb_target_group'], 'AWS::ElasticLoadBalancingV2::TargetGroup'),
  row('target group attachment', ['aws_lb_target_group_attachment'], null),
  row('listener', ['aws_lb_listener'], 'AWS::ElasticLoadBalancingV2::Listener'),
  row('db subnet group', ['aws_db_subnet_group'], 'AWS::RDS::DBSubnetGroup'),
  row('db instance', ['aws_db_instance'], 'AWS::RDS::DBInstance'),
  row('aurora cluster', ['aws_rds_cluster'], 'AWS::RDS::DBCluster'),
  row('aurora instance', ['aws_rds_cluster_instance'], 'AWS::RDS::DBInstance'),
  row('final snapshot suffix', ['random_id'], null),
  row('dynamodb table', ['aws_dynamodb_table'], 'AWS::DynamoDB::Table'),
  row('cache subnet group', ['aws_elasticache_subnet_group'], 'AWS::ElastiCache::SubnetGroup'),
  row('cache replication group', ['aws_elasticache_replication_group'], 'AWS::ElastiCache::ReplicationGroup'),
  row('memcached cluster', ['aws_elasticache_cluster'], 'AWS::ElastiCache::CacheCluster'),
  row('redshift subnet group', ['aws_redshift_subnet_group'], 'AWS::Redshift::ClusterSubnetGroup'),
  row('redshift cluster', ['aws_redshift_cluster'], 'AWS::Redshift::Cluster'),
  row('queue', ['aws_sqs_queue'], 'AWS::SQS::Queue'),
  row('queue policy', ['aws_sqs_queue_policy'], 'AWS::SQS::QueuePolicy'),
  row('topic', ['aws_sns_topic'], 'AWS::SNS::Topic'),
  row('subscription', ['aws_sns_topic_subscription'], 'AWS::SNS::Subscription'),
  row('bucket', ['aws_s3_bucket'], 'AWS::S3::Bucket'),
  row('bucket versioning', ['aws_s3_bucket_versioning'], null),
  row('bucket public access block', ['aws_s3_bucket_public_access_block'], null),
  row('bucket encryption', ['aws_s3_bucket_server_side_encryption_configuration'], null),
  row('bucket website', ['aws_s3_bucket_website_configuration'], null),
  row('bucket policy', ['aws_s3_bucket_policy'], 'AWS::S3::BucketPolicy'),
  row('kms key', ['aws_kms_key'], 'AWS::KMS::Key'),
  row('transit gateway', ['aws_ec2_transit_gateway'], 'AWS::EC2::TransitGateway'),
  row(
    'transit gateway attachment',
    ['aws_ec2_transit_gateway_vpc_attachment'],
    'AWS::EC2::TransitGatewayAttachment',
  ),
  row(
    'transit gateway route table',
    ['aws_ec2_transit_gateway_route_table'],
    'AWS::EC2::TransitGatewayRouteTable',
  ),
  row(
    'transit gateway route table association',
    ['aws_ec2_transit_gateway_route_table_association'],
    'AWS::EC2::TransitGatewayRouteTableAssociation',
  ),
  row(
    'transit gateway route table propagation',
    ['aws_ec2_transit_gateway_route_table_propagation'],
    'AWS::EC2::TransitGatewayRouteTablePropagation',
  ),
  row('transit gateway route', ['aws_ec2_transit_gateway_route'], 'AWS::EC2::TransitGatewayRoute'),
  row('gateway endpoint', ['aws_vpc_endpoint'], 'AWS::EC2::VPCEndpoint'),
  row('interface endpoint', ['aws_vpc_endpoint'], 'AWS::EC2::VPCEndpoint'),
  row(
    'origin access control',
    ['aws_cloudfront_origin_access_control'],
    'AWS::CloudFront::OriginAccessControl',
  ),
  row('cache policy', ['aws_cloudfront_cache_policy'], 'AWS::CloudFront::CachePolicy'),
  row('distribution', ['aws_cloudfront_distribution'], 'AWS::CloudFront::Distribution'),
  row('hosted zone', ['aws_route53_zone'], 'AWS::Route53::HostedZone'),
  row('ecs cluster', ['aws_ecs_cluster'], 'AWS::ECS::Cluster'),
  row('role', ['aws_iam_role'], 'AWS::IAM::Role'),
  // CloudFormation lists the managed policies in the role (ManagedPolicyArns).
  row('role policy attachment', ['aws_iam_role_policy_attachment'], null),
  row('task definition', ['aws_ecs_task_definition'], 'AWS::ECS::TaskDefinition'),
  row('ecs service', ['aws_ecs_service'], 'AWS::ECS::Service'),
  row('launch template', ['aws_launch_template'], 'AWS::EC2::LaunchTemplate'),
  row('auto scaling group', ['aws_autoscaling_group'], 'AWS::AutoScaling::AutoScalingGroup'),
  row('function', ['aws_lambda_function'], 'AWS::Lambda::Function'),
  row('http api', ['aws_apigatewayv2_api'], 'AWS::ApiGatewayV2::Api'),
  row('http api stage', ['aws_apigatewayv2_stage'], 'AWS::ApiGatewayV2::Stage'),
  row('vpc link', ['aws_apigatewayv2_vpc_link'], 'AWS::ApiGatewayV2::VpcLink'),
  row('rest vpc link', ['aws_api_gateway_vpc_link'], 'AWS::ApiGateway::VpcLink'),
  row('http api integration', ['aws_apigatewayv2_integration'], 'AWS::ApiGatewayV2::Integration'),
  row('http api route', ['aws_apigatewayv2_route'], 'AWS::ApiGatewayV2::Route'),
  row('rest api', ['aws_api_gateway_rest_api'], 'AWS::ApiGateway::RestApi'),
  row('rest api resource', ['aws_api_gateway_resource'], 'AWS::ApiGateway::Resource'),
  row('rest api method', ['aws_api_gateway_method'], 'AWS::ApiGateway::Method'),
  // CloudFormation writes the integration inside the method.
  row('rest api integration', ['aws_api_gateway_integration'], null),
  row('rest api deployment', ['aws_api_gateway_deployment'], 'AWS::ApiGateway::Deployment'),
  row('rest api stage', ['aws_api_gateway_stage'], 'AWS::ApiGateway::Stage'),
  row('function permission', ['aws_lambda_permission'], 'AWS::Lambda::Permission'),
] as const satisfies readonly ResourceRow[];

/** A kind of resource the plan holds: a row of RESOURCE_TYPES. */
export type ResourceKey = (typeof RESOURCE_TYPES)[number]['resource'];

/** Terraform data sources the printer reads (CloudFormation: parameters and pseudo parameters). */
export const TERRAFORM_DATA_SOURCES = [
  'aws_ssm_parameter',
  'aws_availability_zones',
  'aws_caller_identity',
  'aws_partition',
  // hashicorp/archive: the placeholder deployment package of a Lambda function.
  'archive_file',
] as const;
